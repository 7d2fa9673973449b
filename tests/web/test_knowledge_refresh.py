"""Reads never run the extraction: a stale story is served as stored, marked stale, and the
server's one background worker refreshes it (in-process, httpx over ASGI; spaCy)."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline import Pipeline, open_store
from storyline.knowledge import analysis as knowledge

pytestmark = pytest.mark.slow  # runs the spaCy model

SEEDS = ("000_7554f5b1023b0940.txt", "004_c3b73e10f650a562.txt")
META = {SEEDS[0]: {"published": "2022-08-19"}, SEEDS[1]: {"published": "2022-09-15"}}


async def _get(app: Any, *paths: str) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://storyline.test") as client:
        return [await client.get(path) for path in paths]


def test_a_stale_story_is_served_then_refreshed_in_the_background(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.web import create_app

    db = tmp_path / "stale.db"
    with open_store(db) as store:
        pipeline = Pipeline(store)
        (story_id,) = pipeline.ingest([seeds_dir / SEEDS[0]], metadata=META, analyse=True).story_ids
        pipeline.ingest([seeds_dir / SEEDS[1]], metadata=META)  # another writer, no analysis
    threads: list[str] = []
    real = knowledge.analyse_articles

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(knowledge, "analyse_articles", spy)
    app = create_app(db)
    api, page = asyncio.run(_get(app, f"/api/stories/{story_id}", f"/stories/{story_id}"))
    assert api.status_code == 200 and page.status_code == 200
    body = api.json()
    assert body["knowledge"] == {"stale": True, "missing": False}
    assert body["notices"] and "being brought up to date" in page.text
    statuses = {x["what"]: x["status"] for x in body["expectations"]}
    assert statuses.get("meet") == "pending"  # what the first report alone said
    refresher = app.state.storyline.refresher
    assert refresher.wait_idle(timeout=300)
    assert threads and set(threads) == {"storyline-knowledge"}  # never a request thread
    assert refresher.refreshed == 1
    (again,) = asyncio.run(_get(app, f"/api/stories/{story_id}"))
    fresh = again.json()
    assert fresh["knowledge"] == {"stale": False, "missing": False} and "notices" not in fresh
    assert "confirmed" in {x["status"] for x in fresh["expectations"]}
    refresher.stop()


def test_the_write_lock_excludes_other_holders_of_the_same_store(tmp_path: Path) -> None:
    """Two locks over one store file (two server processes) never write at once."""
    from storyline.web.context import WriteLock

    stores = [open_store(tmp_path / "s.db") for _ in range(2)]
    first, second = (WriteLock(store) for store in stores)
    entered = threading.Event()

    def take_second() -> None:
        with second:
            entered.set()

    with first:
        thread = threading.Thread(target=take_second)
        thread.start()
        assert not entered.wait(0.3)  # blocked while the first holds it
    thread.join(10)
    assert entered.is_set()
    for store in stores:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_ingest_runs_in_the_writer_process_and_analyses(
    backend: str,
    tmp_path: Path,
    seeds_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """``ingest_process=True`` (``storyline serve``'s default): the server process never
    ingests (its Pipeline.ingest fails here), the child does, with the analysis."""
    from storyline.web import create_app

    def not_here(*args: object, **kwargs: object) -> Any:
        raise AssertionError("ingested in the server process")

    monkeypatch.setattr(Pipeline, "ingest", not_here)
    db: Path | str = tmp_path / "w.db"
    if backend == "postgres":
        db = request.getfixturevalue("postgres_server").database_url()
    app = create_app(db, write_token="t0ken-for-the-writer", ingest_process=True)
    files = [("file", (name, (seeds_dir / name).read_bytes(), "text/plain")) for name in SEEDS]

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://s.test") as client:
            return await client.post(
                "/api/ingest",
                files=files,
                data={"metadata": json.dumps(META)},
                headers={"Authorization": "Bearer t0ken-for-the-writer"},
                timeout=600,
            )

    try:
        response = asyncio.run(post())
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["ingested"] == 2 and report["analysed_stories"] == len(report["story_ids"])
        (story,) = asyncio.run(_get(app, f"/api/stories/{report['story_ids'][0]}"))
        assert story.json()["knowledge"] == {"stale": False, "missing": False}
        assert {a["path"] for a in story.json()["articles"]} == set(SEEDS)  # as uploaded
    finally:
        app.state.storyline.writer.close()
