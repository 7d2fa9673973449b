"""Shared test fixtures. Evaluation data is read from ../shared/data, never copied here."""

from __future__ import annotations

import json
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


@pytest.fixture(scope="session")
def long_english_text(shared_data: Path) -> str:
    """An English article of 1,200,000 characters, over spaCy's max_length (1,000,000): the
    extraction benchmark's ground-truth bodies as paragraphs, repeated (made here, not kept)."""
    truth = json.loads(
        (shared_data / "article_extraction_benchmark" / "ground-truth.json").read_text("utf-8")
    )
    bodies = [entry["articleBody"] for entry in truth.values() if entry.get("articleBody")]
    paragraphs = "\n\n".join(bodies) + "\n\n"
    text = "Lessons of a long year of reporting\n\n" + paragraphs * (
        1_200_000 // len(paragraphs) + 1
    )
    return text[: text.rindex("\n\n", 0, 1_200_000)]
