"""Fixtures of the web tests: stores with the two seed reports and a hostile article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline, open_store

try:
    from ._web_samples import (
        SeedDB,
        TestClient,
        hostile_jsonl,
        ingest_outlier_story,
        ingest_seeds,
    )
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import (
        SeedDB,
        TestClient,
        hostile_jsonl,
        ingest_outlier_story,
        ingest_seeds,
    )


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> SeedDB:
    """The seeds, ingested once per session; tests must not write to it."""
    return ingest_seeds(tmp_path_factory.mktemp("seed") / "seed.db", seeds_dir)


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> SeedDB:
    """The seeds plus the hostile JSON Lines article, ingested with the library."""
    folder = tmp_path_factory.mktemp("hostile")
    seeded = ingest_seeds(folder / "hostile.db", seeds_dir)
    jsonl = folder / "hostile.jsonl"
    jsonl.write_bytes(hostile_jsonl())
    with open_store(seeded.path) as store:
        report = Pipeline(store).ingest([jsonl], analyse=True)
    assert report.ingested == 1, report.to_dict()
    return seeded


@pytest.fixture(scope="session")
def outlier_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """One real story (four reports of 18-19 November 2019) with events dated years before."""
    return ingest_outlier_story(tmp_path_factory.mktemp("outlier") / "outlier.db", shared_data)


@pytest.fixture(scope="session")
def hostile_postgres(
    postgres_server: Any, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """The same store as ``hostile_db`` in a new PostgreSQL database; its URL."""
    url: str = postgres_server.database_url()
    ingest_seeds(url, seeds_dir)  # type: ignore[arg-type]  # a store URL, not a Path
    jsonl = tmp_path_factory.mktemp("hostile-pg") / "hostile.jsonl"
    jsonl.write_bytes(hostile_jsonl())
    with open_store(url) as store:
        report = Pipeline(store).ingest([jsonl], analyse=True)
    assert report.ingested == 1, report.to_dict()
    return url


@pytest.fixture(scope="session")
def read_client(hostile_db: SeedDB) -> Iterator[TestClient]:
    """A read-only app (no write token) over the hostile store; server errors are raised."""
    from storyline.web import create_app

    with TestClient(create_app(hostile_db.path), raise_server_exceptions=True) as client:
        yield client
