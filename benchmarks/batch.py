"""Ingesting WARC archives with the parsing on Dask workers, against one process.

    python benchmarks/batch.py --workers 2 --archives 8 --json

The archives are made from the 181 real news pages of the scrapinghub article extraction
benchmark (``../shared/data/article_extraction_benchmark/html``): page *k* goes into archive
*k mod archives* as one HTTP response record (gzipped WARC, ``warcio``), each page once, so
every archive holds different pages and no two records repeat. Each archive is then ingested
into a new SQLite store twice, alternating which goes first: by ``Pipeline.ingest`` in this
process alone, and with ``executor=`` a local Dask cluster of ``--workers`` processes
(``storyline.dask_executor``; the cluster's start-up is timed apart). Both must store the same
articles and stories; the figures are wall seconds and articles per second of the whole
ingest (parse, clean, language, duplicates, embeddings, clustering, store; no entity
extraction). On one machine the workers share its cores with the ingesting process: the gain
is bounded by the cores, and by the part of the ingest that is parsing (``parse_share``: the
parse time of one process over its whole ingest).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline import Pipeline, dask_executor, ingest, open_store

PAGES = Path(__file__).resolve().parents[2] / "shared/data/article_extraction_benchmark/html"


def make_archives(folder: Path, archives: int) -> list[Path]:
    pages = sorted(PAGES.glob("*.html.gz"))
    if not pages:
        sys.exit(f"no pages under {PAGES}: the checkout needs ../shared beside it")
    buffers = [io.BytesIO() for _ in range(archives)]
    writers = [WARCWriter(buffer, gzip=True) for buffer in buffers]
    for k, page in enumerate(pages):
        body = gzip.decompress(page.read_bytes())
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        url = f"https://bench.example/{page.name.split('.')[0]}"
        record = writers[k % archives].create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writers[k % archives].write_record(record)
    paths = []
    for i, buffer in enumerate(buffers):
        path = folder / f"bench-{i:02d}.warc.gz"
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    return paths


def parse_seconds(paths: list[Path]) -> float:
    """One process's parse time of the archives (the stage the workers take)."""
    started = time.perf_counter()
    config = Pipeline(open_store(":memory:")).settings.ingest
    for path in paths:
        ingest.parse(ingest.load(path, config), None, config)
    return time.perf_counter() - started


def run(paths: list[Path], db: Path, executor: Any) -> dict[str, Any]:
    with open_store(db) as store:
        pipeline = Pipeline(store)
        started = time.perf_counter()
        report = pipeline.ingest(paths, executor=executor)
        seconds = time.perf_counter() - started
        return {
            "seconds": round(seconds, 2),
            "articles": report.ingested,
            "articles_per_s": round(report.ingested / seconds, 1),
            "stories": sorted(store.story_ids()),
            "rejected": len(report.rejected),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--archives", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = make_archives(Path(folder), args.archives)
        parse_s = parse_seconds(paths)
        started = time.perf_counter()
        with dask_executor(workers=args.workers) as executor:
            startup = time.perf_counter() - started
            runs: dict[str, list[dict[str, Any]]] = {"one_process": [], "dask": []}
            for turn in range(2):
                order = ["one_process", "dask"] if turn == 0 else ["dask", "one_process"]
                for name in order:
                    db = Path(folder) / f"{name}-{turn}.db"
                    runs[name].append(run(paths, db, executor if name == "dask" else None))
    stories = {tuple(r.pop("stories")) for rs in runs.values() for r in rs}
    one = min(r["seconds"] for r in runs["one_process"])
    dask = min(r["seconds"] for r in runs["dask"])
    result = {
        "archives": args.archives,
        "workers": args.workers,
        "dask_startup_seconds": round(startup, 2),
        "parse_share": round(parse_s / one, 2),
        "one_process": runs["one_process"],
        "dask": runs["dask"],
        "same_stories": len(stories) == 1,
        "speedup_best_of_two": round(one / dask, 2),
    }
    print(json.dumps(result, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
