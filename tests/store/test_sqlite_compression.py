"""The SQLite store keeps raw inputs and JSON values zlib-compressed, and gives them back
exactly; rows written before (plain bytes, JSON text) are read as they are."""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from _store_samples import make_article

from storyline import Pipeline, RawInput, Settings
from storyline.errors import StoreError
from storyline.store import open_store

PAGE = (
    "<html><head><title>Harbour cranes stand idle</title></head><body><article>"
    + "<p>Dock workers at the port walked out on Monday over pay and shift rules.</p>" * 200
    + "</article></body></html>"
).encode()


def _row(db: Path, sql: str, *params: object) -> tuple[object, ...]:
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(sql, params).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.parametrize(
    ("content", "compressed"),
    [
        (PAGE, True),  # HTML: about 1/50 of its bytes here
        (gzip.compress(PAGE), False),  # compressed already: kept as it came
        (os.urandom(5000), False),  # zlib would make it longer: kept as it came
    ],
    ids=["html", "gzip", "random"],
)
def test_raw_inputs_come_back_byte_for_byte(
    tmp_path: Path, content: bytes, compressed: bool
) -> None:
    db = tmp_path / "s.db"
    raw = RawInput.from_bytes("page.html", content, "html")
    with open_store(db) as store:
        store.add_raw(raw)
    stored, size = _row(db, "SELECT length(content), size FROM raw_inputs")
    assert size == len(content)
    assert (stored < size) is compressed  # type: ignore[operator]
    with open_store(db) as store:
        again = store.get_raw(raw.sha256)
    assert again.content == content and hashlib.sha256(again.content).hexdigest() == raw.sha256


def test_state_and_analyses_are_compressed_json(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    state = {"words": ["strike"] * 500, "n": 3, "name": "Dockers’ strike"}
    raw = RawInput.from_bytes("a.txt", b"Dockers strike\n\nDock workers walked out.", "text")
    with open_store(db) as store:
        store.put_state("clusterer", state)
        store.add_raw(raw)
        store.add_article(make_article(raw, id="a1"))
        store.put_analysis("a1", state)
    kind, stored = _row(
        db, "SELECT typeof(value), length(value) FROM state WHERE name = ?", "clusterer"
    )
    assert kind == "blob" and stored < 200  # type: ignore[operator]
    assert _row(db, "SELECT typeof(value) FROM analyses")[0] == "blob"
    with open_store(db) as store:
        assert store.get_state("clusterer") == state
        assert store.get_analysis("a1") == state


def test_rows_written_before_compression_are_read_as_they_are(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    raw = RawInput.from_bytes("page.html", PAGE, "html")
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "INSERT INTO raw_inputs (sha256, path, media_type, size, content) "
            "VALUES (?, ?, ?, ?, ?)",
            (raw.sha256, raw.path, raw.media_type, len(PAGE), PAGE),
        )
        conn.execute("INSERT INTO state (name, value) VALUES ('old', '{\"n\": 1}')")
    with open_store(db) as store:
        assert store.get_raw(raw.sha256).content == PAGE
        assert store.get_state("old") == {"n": 1}


def test_a_damaged_raw_input_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    raw = RawInput.from_bytes("page.html", PAGE, "html")
    with open_store(db) as store:
        store.add_raw(raw)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE raw_inputs SET content = substr(content, 1, 20)")
    with open_store(db) as store, pytest.raises(StoreError, match="damaged raw input"):
        store.get_raw(raw.sha256)


def test_html_pages_take_less_room_than_their_raw_bytes(tmp_path: Path, shared_data: Path) -> None:
    """20 real news pages, kept raw (benchmarks/storage.py measures all 181, analysed)."""
    pages = sorted((shared_data / "article_extraction_benchmark" / "html").glob("*.html.gz"))[:20]
    paths = []
    for page in pages:
        path = tmp_path / page.name.removesuffix(".gz")
        path.write_bytes(gzip.decompress(page.read_bytes()))
        paths.append(path)
    db = tmp_path / "pages.db"
    with open_store(db) as store:
        assert Pipeline(store, Settings()).ingest(paths).ingested == 20
    raw_bytes = sum(p.stat().st_size for p in paths)
    assert db.stat().st_size < 0.5 * raw_bytes
