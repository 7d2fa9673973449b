"""The worker process that prepares a large ingest's batches beside the clustering.

The pipeline's helper thread (:class:`storyline.pipeline.prepare.Prepared`) runs pure Python
(cleaning, language, duplicate fingerprints, text features: ~1.5 ms per news article) that
takes turns with the clustering for the interpreter lock. :class:`PrepareWorker` runs that part
(:class:`~storyline.pipeline.prepare.BatchWork`) in one forked process instead, so that it runs
beside the clustering on the second core; the helper thread only sends the batches, and gives
what comes back its duplicates and the clusterer its features, in order (the same results).

The process is forked when the ingest starts, before the dense model is loaded or the stream
state is read (only by a Pipeline that holds no stream state yet: see ``Pipeline._process``),
with the heap's free pages given back to the system and every object frozen out of the
garbage collector (``gc.freeze``), so that it does not copy the parent's pages by collecting
them; the batch work (with its boilerplate model) is sent to it once. Where there is no
``fork`` or a process cannot be started, :meth:`PrepareWorker.start` answers None and the
helper thread does everything, as before. The process ignores Ctrl-C (its parent stops it),
ends itself when its parent is gone (killed), and one that dies (killed, out of memory) makes
the ingest fail with :class:`~storyline.errors.WorkerError` instead of waiting for it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from storyline.errors import WorkerError
from storyline.pipeline.prepare import BatchWork, Ready, release_freed_memory
from storyline.processes import start_child
from storyline.records import Article

__all__ = ["PrepareWorker"]

_T = TypeVar("_T")
_WORK: list[BatchWork] = []  # in the worker: the batch work it was sent


class PrepareWorker:
    """One worker process running a :class:`BatchWork` over batches (``with``: stopped at
    the end). :meth:`start` forks it; :meth:`set_work` sends the work; :meth:`submit` a batch."""

    def __init__(self, pool: ProcessPoolExecutor, pid: int) -> None:
        self._pool = pool
        self.pid = pid

    @classmethod
    def start(cls) -> PrepareWorker | None:
        """A new worker process, running; None where one cannot be forked (no ``fork`` on
        this system, a daemonic process, no process left to make): prepare on a thread."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        pool = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=start_child,
            initargs=(os.getpid(),),
        )
        release_freed_memory()  # free heap pages given back: not shared, not copied later
        gc.freeze()  # the parent's objects: the child's collector leaves their pages shared
        try:
            pid = pool.submit(os.getpid).result()  # forks, and waits until the child runs
        except Exception:  # OSError (EAGAIN, ENOMEM), AssertionError (daemonic), broken pool
            pool.shutdown(wait=False, cancel_futures=True)
            return None
        finally:
            gc.unfreeze()
        return cls(pool, pid)

    def set_work(self, work: BatchWork) -> None:
        """Send the batch work (its boilerplate model and settings) the batches get."""
        self.result(self._pool.submit(_set_work, work), timeout=None)

    def submit(self, chunk: list[Article]) -> Future[list[Ready]]:
        """The batch's :class:`BatchWork`, computed in the worker."""
        try:
            return self._pool.submit(_run, chunk)
        except BrokenProcessPool as exc:
            raise self._died() from exc

    def result(self, future: Future[_T], timeout: float | None) -> _T:
        """What the worker answered (its exception raised again); :class:`WorkerError` if
        the worker died; ``TimeoutError`` after ``timeout`` seconds."""
        try:
            return future.result(timeout=timeout)
        except BrokenProcessPool as exc:
            raise self._died() from exc

    def _died(self) -> WorkerError:
        return WorkerError(
            f"the worker process that cleans and deduplicates the articles (pid {self.pid})"
            " ended unexpectedly (killed, or out of memory?). The articles assigned before it"
            " died are stored; ingest again to assign the others"
        )

    def close(self) -> None:
        """Stop the worker (its queued batches dropped) and wait for it to end."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PrepareWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _set_work(work: BatchWork) -> None:
    _WORK[:] = [work]


def _run(chunk: list[Article]) -> list[Ready]:
    return _WORK[0](chunk)
