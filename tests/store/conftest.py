"""Fixtures of the store tests: one store per implementation (PostgreSQL: a new database
on the session's server, tests/_postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _store_samples import IMPLEMENTATIONS

from storyline.store import Store, open_store


@pytest.fixture(params=sorted([*IMPLEMENTATIONS, "postgres"]))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgres":  # a new database on the session's server
        opened = open_store(request.getfixturevalue("postgres_server").database_url())
    else:
        opened = IMPLEMENTATIONS[request.param](tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()
