"""The server's writer process: ingests run in one child process, not in the server's own.

An ingest is CPU work in Python (cleaning, clustering, the spaCy analysis of the stories it
touched): run in a server thread it holds the GIL for seconds at a time and every read waits.
:class:`WriterProcess` hands each ingest to one child process instead (spawned on the first
ingest, kept for the next ones so its models stay loaded), which opens the same store file
and runs :meth:`storyline.Pipeline.ingest` with ``analyse=True``. The server's write lock is
held meanwhile, so there is still one writer; SQLite WAL lets the server read throughout.
The child runs at a lower scheduling priority (:data:`WRITER_NICENESS`): reads come first.
A child that dies is replaced on the next ingest (the failed request gets the error), and a
child whose server is gone (killed: it could not stop it) ends itself within a second
(:func:`_exit_with_parent`) rather than finish an ingest nobody waits for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from storyline import IngestReport, Pipeline, RawInput, Settings, open_store

__all__ = ["WRITER_NICENESS", "WriterProcess"]

_PIPELINE: Pipeline | None = None  # the child's own pipeline over the store


#: The writer's niceness: the ingest is background work, the reads are someone waiting, so on
#: a busy machine the scheduler serves the server process first (POSIX; 10 is nice's default).
WRITER_NICENESS = 10


#: How often the child checks that its server is still there (seconds).
PARENT_POLL_SECONDS = 0.5


def _open(store_path: str, settings: Settings, parent: int | None = None) -> None:
    global _PIPELINE
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(WRITER_NICENESS)
    if parent is not None:
        watch = threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True)
        watch.start()
    _PIPELINE = Pipeline(open_store(store_path), settings)


def _exit_with_parent(parent: int) -> None:
    """End this process once ``parent`` (the server) is gone: this process's parent is then
    another. Safe at any point of an ingest: each input and each batch of assignments is
    one transaction, and a re-run finishes what was stored and not assigned."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _ingest(inputs: list[RawInput], metadata: dict[str, dict[str, Any]]) -> IngestReport:
    assert _PIPELINE is not None, "the writer process was not initialised"
    # The stories it touched only: the reads have the others refreshed (web.refresh).
    return _PIPELINE.ingest(inputs, metadata=metadata, analyse=True, finish_analysis=False)


class WriterProcess:
    """One child process that runs the ingests of a server over a store file."""

    def __init__(self, store_path: str | Path, settings: Settings | None = None) -> None:
        self._store_path = str(store_path)
        self._settings = settings or Settings()
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def ingest(
        self, inputs: Sequence[RawInput], metadata: Mapping[str, Mapping[str, Any]]
    ) -> IngestReport:
        """Ingest the inputs in the child (blocking; call it in a worker thread)."""
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_open,
                    initargs=(self._store_path, self._settings, os.getpid()),
                )
            pool = self._pool
        meta = {name: dict(values) for name, values in metadata.items()}
        try:
            return pool.submit(_ingest, list(inputs), meta).result()
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    self._pool = None  # the next ingest starts a new child
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
