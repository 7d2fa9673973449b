"""Shared test fixtures. Evaluation data is read from ../shared/data, never copied here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from _postgres import PostgresServer, server_or_skip

# No per-example deadline (the machines are shared; tests never assert wall time). In CI the
# examples are derandomised so a run is repeatable; locally every run explores new inputs.
settings.register_profile("storyline", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "storyline")

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session (tests/_postgres.py says which, or why none)."""
    server = server_or_skip()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(
            f"shared data not found at {SHARED_DATA}: the checkout needs ../shared beside it"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def seeds_dir(shared_data: Path) -> Path:
    return shared_data / "seeds"
