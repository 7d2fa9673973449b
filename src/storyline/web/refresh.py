"""The server's one background worker that brings stale story knowledge up to date.

Reads never run the extraction (spaCy): a story whose stored knowledge is missing or was
computed for another set of its articles (another process ingested meanwhile, or the store was
filled without ``--analyse``) is served from what is stored, marked ``"knowledge": {"stale":
true}``, and its id is handed to :class:`KnowledgeRefresher`. One daemon thread takes the ids
in order and calls :meth:`~storyline.Pipeline.refresh_knowledge` under the server's write lock,
so it never runs beside an ingest (which analyses the stories it touches itself) and the store
keeps one writer. Requests are deduplicated and bounded; without the ``nlp`` extra the worker
stops asking (the story views say why in ``notices``).
"""

from __future__ import annotations

import logging
import threading
from contextlib import AbstractContextManager
from typing import Any

from storyline import MissingExtraError, Pipeline

__all__ = ["MAX_PENDING", "KnowledgeRefresher"]

#: Stories waiting at most; further requests are dropped (asked again on the next read).
MAX_PENDING = 1000

_log = logging.getLogger(__name__)


class KnowledgeRefresher:
    """A queue of story ids and one thread that refreshes their knowledge, one at a time."""

    def __init__(self, pipeline: Pipeline, write_lock: AbstractContextManager[Any]) -> None:
        self._pipeline = pipeline
        self._write_lock = write_lock
        self._pending: dict[str, None] = {}  # an ordered set
        self._busy = False
        self._disabled = False
        self._stopped = False
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self.refreshed = 0  # stories computed (tests and logs)

    def request(self, story_id: str) -> bool:
        """Ask for the story's knowledge to be refreshed; whether it was queued."""
        with self._cond:
            if self._disabled or self._stopped or len(self._pending) >= MAX_PENDING:
                return False
            self._pending.setdefault(story_id, None)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="storyline-knowledge", daemon=True
                )
                self._thread.start()
            self._cond.notify()
            return True

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is pending or running (at most ``timeout`` s); whether idle."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopped = True
            self._pending.clear()
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def _next(self) -> str | None:
        with self._cond:
            self._busy = False
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._pending or self._stopped)
            if self._stopped:
                return None
            story_id = next(iter(self._pending))
            del self._pending[story_id]
            self._busy = True
            return story_id

    def _run(self) -> None:
        while (story_id := self._next()) is not None:
            try:
                with self._write_lock:  # one writer; an ingest refreshes what it touched
                    self.refreshed += self._pipeline.refresh_knowledge([story_id])
            except MissingExtraError:
                with self._cond:
                    self._disabled = True
                    self._pending.clear()
            except Exception:  # a bad story must not stop the worker: log it, go on
                _log.exception("refreshing the knowledge of story %s failed", story_id)
