"""Sample records and the list of store implementations, shared by the store tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from storyline.records import Article, RawInput, RemovedLine, article_id_for
from storyline.store import Store, open_store

# The implementations the contract suite runs against that need no server. A new backend
# adds a line here; PostgreSQL ("postgres") is added by the store fixture (tests/store/conftest.py),
# which gives it a new database on the session's server.
IMPLEMENTATIONS: dict[str, Callable[[Path], Store]] = {
    "sqlite-file": lambda tmp: open_store(tmp / "store.db"),
    "sqlite-memory": lambda tmp: open_store(":memory:"),
}
# The URL schemes those implementations cover, and the registered schemes that cannot run
# here (and why): test_every_registered_scheme_is_covered keeps the two lists honest.
COVERED_SCHEMES = {"sqlite", "postgres", "postgresql"}
UNAVAILABLE_SCHEMES: dict[str, str] = {}


def make_raw(n: int = 0, text: str = "") -> RawInput:
    return RawInput.from_bytes(f"inputs/{n}.txt", (text or f"raw input {n}").encode(), "text")


def make_article(raw: RawInput, entry: str = "", **fields: Any) -> Article:
    """A minimal article of ``raw``; ``fields`` override any field."""
    values: dict[str, Any] = {
        "id": article_id_for(raw.sha256, entry),
        "raw_id": raw.sha256,
        "path": raw.path,
        "format": raw.media_type,
        "entry": entry,
        "raw_text": raw.content.decode(),
    }
    values.update(fields)
    return Article(**values)


def full_article(raw: RawInput) -> Article:
    """An article with every field set, with unicode, a UTC offset and an embedding."""
    rng = np.random.default_rng(7)
    return make_article(
        raw,
        entry="item-3",
        url="https://example.org/ünïcode?q=1&x=ü",
        source="example.org",
        title="Zürich: «Grève» générale — 東京 🚀",
        published=datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=5))),
        raw_text="Menu\nZürich: la grève générale commence\nLire aussi\n東京 🚀 text\n",
        text="Zürich: la grève générale commence\n東京 🚀 text",
        removed_lines=[
            RemovedLine(0, "Menu", "navigation"),
            RemovedLine(2, "Lire aussi", "repeat"),
        ],
        language="fr",
        text_hash="0123abcd",
        duplicate_of="a000000000000000",
        duplicate_kind="near",
        duplicate_similarity=0.8125,
        embedding=rng.standard_normal(512).astype(np.float32),
        story_id="s000000000000000",
        seq=42,
        meta={"author": "Zoë", "tags": ["a", "b"], "nested": {"n": 1, "ok": True, "none": None}},
    )
