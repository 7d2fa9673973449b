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

# A real story whose reports (18-19 November 2019) recall 2003, 2009 and May 2019: four pages of
# ../shared/data/article_extraction_benchmark (The Sun, Smithsonian.com, New York Post and
# Express.co.uk on a plague case in China). Its events dated years before squeezed the timeline.
OUTLIER_PAGES = (
    "8b194530308204139d9c8f7d495a26b117c78756ac1802cfc3c0a8bfdf2c0d50.html.gz",
    "ea25dd7edff4d27973600f35728f20aed5a3eedcc23257d9c3afc3d3e840c3de.html.gz",
    "432362af0be43f6da757ea778bd7f2f000094a565bdebac5af7442987a5372f3.html.gz",
    "ba4dfe2d3e817ff7b8b01172ccc307850fc5469bcdd26c3c48ca046cb88ab7cf.html.gz",
)
OUTLIER_SOURCES = ("The Sun", "Smithsonian.com", "New York Post", "Express.co.uk")

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


def ingest_outlier_story(db: Path, shared_data: Path) -> Path:
    """The four plague pages, ingested and analysed: one story with events years before."""
    html = shared_data / "article_extraction_benchmark" / "html"
    with open_store(db) as store:
        report = Pipeline(store).ingest([html / name for name in OUTLIER_PAGES], analyse=True)
    assert report.ingested == 4, report.to_dict()
    return db
