"""Shared by the web tests: the seed reports, a hostile article, a test client."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

from storyline import Pipeline, open_store

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is the project's pin
    warnings.filterwarnings("ignore", message="Using `httpx` with", category=UserWarning)
    from fastapi.testclient import TestClient

__all__ = ["TestClient"]

SEED_FILES = ("000_7554f5b1023b0940.txt", "004_c3b73e10f650a562.txt")
SEED_METADATA = {
    "000_7554f5b1023b0940.txt": {"published": "2022-08-19"},
    "004_c3b73e10f650a562.txt": {"published": "2022-09-15"},
}
SEED_TITLES = (
    "Putin and Xi may meet sooner than expected",
    "Vladimir Putin and Xi Jinping will meet during the day in Uzbekistan",
)
TOKEN = "test-token-0123456789"

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "<script>alert(2)</script>"
HOSTILE_RECORD = {
    "id": "hostile-1",
    "url": "javascript:alert(3)",
    "source": "<b onmouseover=alert(4)>Evil Gazette</b>",
    "title": HOSTILE_TITLE,
    "published": "2023-02-01",
    "text": (
        f"{HOSTILE_SCRIPT} The glasshouse keepers of Aldmoor counted their orchids on Tuesday "
        "and found every pot in place after the winter storms. The palm house reopens to "
        "visitors next spring, the trust said in a short notice pinned to the gate."
    ),
}


@dataclass(frozen=True)
class SeedDB:
    """A store file holding the seed reports (and, in ``hostile_db``, the hostile article)."""

    path: Path
    seed_article_ids: tuple[str, ...]


def hostile_jsonl() -> bytes:
    return (json.dumps(HOSTILE_RECORD) + "\n").encode()


def ingest_seeds(db: Path, seeds_dir: Path) -> SeedDB:
    with open_store(db) as store:
        report = Pipeline(store).ingest(
            [seeds_dir / name for name in SEED_FILES], metadata=SEED_METADATA, analyse=True
        )
    assert report.ingested == 2, report.to_dict()
    return SeedDB(db, tuple(report.article_ids))
