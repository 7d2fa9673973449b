"""How many bytes a SQLite store takes per article, against the raw input it keeps.

    python benchmarks/storage.py --json
    python benchmarks/storage.py --gzipped --no-analyse

The inputs are the 181 real news pages of the scrapinghub article extraction benchmark
(``../shared/data/article_extraction_benchmark/html``), written out as the ``.html`` files a
crawler saves (``--gzipped``: the ``.html.gz`` files as they are shipped) and ingested into a
new SQLite store with ``storyline ingest`` (analysis included unless ``--no-analyse``: the
entities, events and ledgers a served store holds). The raw input is kept in the store, so the
figure to beat is the raw bytes themselves (the goal: the store under 1.5 times them). Printed:
the store file's size (closed, so its WAL is folded in), per article and over the raw bytes;
what each table and index takes (SQLite's ``dbstat``); and whether every page comes back from
the store byte for byte (``Store.get_raw``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from storyline import Pipeline, Settings, open_store

PAGES = Path(__file__).resolve().parents[2] / "shared/data/article_extraction_benchmark/html"


def write_inputs(folder: Path, gzipped: bool) -> list[Path]:
    """The benchmark's pages in ``folder``: ``.html`` (or ``.html.gz`` as shipped)."""
    pages = sorted(PAGES.glob("*.html.gz"))
    if not pages:
        sys.exit(f"no pages under {PAGES}: the checkout needs ../shared beside it")
    paths = []
    for page in pages:
        data = page.read_bytes()
        path = folder / (page.name if gzipped else page.name.removesuffix(".gz"))
        path.write_bytes(data if gzipped else gzip.decompress(data))
        paths.append(path)
    return paths


def table_bytes(db: Path) -> dict[str, int]:
    """Bytes of each table and index (their pages), largest first."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    return {str(name): int(size) for name, size in rows}


def measure(gzipped: bool, analyse: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="storyline-storage-") as tmp:
        folder = Path(tmp) / "inputs"
        folder.mkdir()
        paths = write_inputs(folder, gzipped)
        raw_bytes = sum(p.stat().st_size for p in paths)
        db = Path(tmp) / "store.db"
        started = time.perf_counter()
        with open_store(db) as store:
            report = Pipeline(store, Settings()).ingest(paths, analyse=analyse)
        seconds = time.perf_counter() - started
        store_bytes = db.stat().st_size
        exact = 0
        with open_store(db, read_only=True) as store:
            for path in paths:
                data = path.read_bytes()
                raw = store.get_raw(hashlib.sha256(data).hexdigest())
                exact += raw.content == data
        tables = table_bytes(db)
    n = report.ingested
    return {
        "inputs": "html.gz" if gzipped else "html",
        "analysed": analyse,
        "files": len(paths),
        "articles": n,
        "raw_bytes": raw_bytes,
        "store_bytes": store_bytes,
        "raw_bytes_per_article": round(raw_bytes / max(n, 1)),
        "store_bytes_per_article": round(store_bytes / max(n, 1)),
        "store_over_raw": round(store_bytes / raw_bytes, 3),
        "replayed_byte_exact": exact,
        "ingest_seconds": round(seconds, 1),
        "tables": tables,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gzipped", action="store_true", help="ingest the .html.gz files")
    parser.add_argument("--no-analyse", dest="analyse", action="store_false")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    result = measure(args.gzipped, args.analyse)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['articles']} articles from {result['files']} {result['inputs']} files "
        f"({'with' if result['analysed'] else 'without'} analysis, {result['ingest_seconds']} s)"
    )
    print(
        f"raw {result['raw_bytes']:,} B ({result['raw_bytes_per_article']:,} per article); "
        f"store {result['store_bytes']:,} B ({result['store_bytes_per_article']:,} per article)"
        f": {result['store_over_raw']}x the raw bytes"
    )
    print(f"byte-exact from the store: {result['replayed_byte_exact']} of {result['files']}")
    for name, size in list(result["tables"].items())[:12]:
        print(f"  {name:32} {size:>12,}")


if __name__ == "__main__":
    main()
