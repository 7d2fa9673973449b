"""A large ingest prepares its batches (cleaning, language, fingerprints, text features) in a
worker process: the stored results are those of the helper thread alone; where no process can
be forked the thread does it all; a worker that dies or fails makes the ingest fail, never
wait; a worker whose parent is killed ends itself."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _stored_rows import stored_rows

from storyline import Pipeline, open_store
from storyline.config import EmbedConfig, IngestConfig, Settings
from storyline.errors import WorkerError
from storyline.pipeline.prepare import BatchWork, Ready
from storyline.pipeline.worker import PrepareWorker
from storyline.processes import PARENT_CHECK_SECONDS
from storyline.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"
EMBED = EmbedConfig(model="hashing", batch_size=3)  # many batches, several in flight at once
IN_PROCESS = Settings(embed=EMBED, ingest=IngestConfig(prepare_process_at=1))
ON_THREAD = Settings(embed=EMBED, ingest=IngestConfig(prepare_process_at=0))


def _ingest(db: Path, settings: Settings) -> int:
    with open_store(db) as store:
        return Pipeline(store, settings).ingest([EXAMPLES]).ingested


def _spy_workers(monkeypatch: pytest.MonkeyPatch) -> list[PrepareWorker | None]:
    started: list[PrepareWorker | None] = []
    start = PrepareWorker.start.__func__  # type: ignore[attr-defined]

    def spying(cls: type[PrepareWorker]) -> PrepareWorker | None:
        started.append(start(cls))
        return started[-1]

    monkeypatch.setattr(PrepareWorker, "start", classmethod(spying))
    return started


def test_a_worker_process_stores_what_the_helper_thread_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _spy_workers(monkeypatch)
    assert _ingest(tmp_path / "thread.db", ON_THREAD) > 10
    assert started == []
    assert _ingest(tmp_path / "process.db", IN_PROCESS) > 10
    assert len(started) == 1 and started[0] is not None and started[0].pid != os.getpid()
    threaded, processed = stored_rows(tmp_path / "thread.db"), stored_rows(tmp_path / "process.db")
    assert processed == threaded
    assert any(row[6] is not None for row in threaded)  # the examples hold duplicates
    assert multiprocessing.active_children() == []  # the worker ended with the ingest


def test_an_ingest_smaller_than_the_threshold_forks_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _spy_workers(monkeypatch)
    big = Settings(embed=EMBED, ingest=IngestConfig(prepare_process_at=10_000))
    assert _ingest(tmp_path / "s.db", big) > 10
    assert started == []


def test_a_pipeline_holding_the_stream_state_forks_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fork would share that state with the worker, which would keep the old copy of every
    page the clustering then writes: a second ingest of the same Pipeline stays on its thread."""
    started = _spy_workers(monkeypatch)
    with open_store(tmp_path / "s.db") as store:
        pipeline = Pipeline(store, IN_PROCESS)
        assert pipeline.ingest([EXAMPLES / "feed.xml"]).ingested > 1
        assert pipeline.ingest([EXAMPLES]).ingested > 10
        assert Pipeline(store, IN_PROCESS).ingest([EXAMPLES]).already_stored > 10
    assert len(started) == 1 and started[0] is not None


def test_without_fork_the_helper_thread_prepares_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingest(tmp_path / "thread.db", ON_THREAD)
    started = _spy_workers(monkeypatch)
    with monkeypatch.context() as patch:
        patch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
        _ingest(tmp_path / "nofork.db", IN_PROCESS)

    def refused() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fork", refused)  # the system has no process left to give
        _ingest(tmp_path / "refused.db", IN_PROCESS)
    assert started == [None, None]
    threaded = stored_rows(tmp_path / "thread.db")
    assert stored_rows(tmp_path / "nofork.db") == threaded
    assert stored_rows(tmp_path / "refused.db") == threaded


def _dying_work(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """The worker's third batch kills it (``kill``) or raises (``raise``): forked, the
    worker has this patch; the test's own process never runs the batch work."""
    parent = os.getpid()
    work = BatchWork.__call__
    calls: list[int] = []

    def dying(self: BatchWork, chunk: list[Article]) -> list[Ready]:
        assert os.getpid() != parent, "the batch work ran in the test's process"
        calls.append(len(chunk))
        if len(calls) == 3:
            if how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("batch work broke")
        return work(self, chunk)

    monkeypatch.setattr(BatchWork, "__call__", dying)


def test_a_killed_worker_fails_the_ingest_and_a_rerun_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(tmp_path / "s.db") as store:
        with monkeypatch.context() as patch:
            _dying_work(patch, "kill")
            with pytest.raises(WorkerError, match=r"ended unexpectedly.*ingest again"):
                Pipeline(store, IN_PROCESS).ingest([EXAMPLES])
        assert multiprocessing.active_children() == []
        assigned = len(store.assignments())
        assert assigned == 6  # the two batches before were clustered and stored
        left = len(store.unassigned_articles())
        assert left > 10
        report = Pipeline(store, IN_PROCESS).ingest([EXAMPLES])
        assert report.already_stored > 0 and store.unassigned_articles() == []
        assert len(store.assignments()) == assigned + left


def test_an_error_in_the_worker_reaches_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dying_work(monkeypatch, "raise")
    with open_store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError, match="batch work broke"):
            Pipeline(store, IN_PROCESS).ingest([EXAMPLES])
        assert len(store.assignments()) == 6
    assert multiprocessing.active_children() == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


_ORPHAN = """
import os, sys, time
from storyline.pipeline.worker import PrepareWorker
worker = PrepareWorker.start()
print(worker.pid, flush=True)
time.sleep(600)
"""


def test_a_worker_whose_parent_is_killed_ends_itself(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        assert _alive(pid)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 15 * PARENT_CHECK_SECONDS
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(pid)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive  # without its watch it waits for batches for ever
