"""Articles prepared a batch at a time on a helper thread while the caller clusters.

:class:`Prepared` runs a pure per-batch function (the pipeline's: clean, language, duplicates,
the clusterer's text features) over the batches in order on one helper thread, at most
:data:`AHEAD` batches ahead of the caller. The stages are pure Python and independent of the
clustering (which reads their results only), so they overlap with it: the dense model and
SQLite release the GIL while they run, and this thread runs then (on a second core, which it
shares with the dense model's own worker: :mod:`storyline.embed.use_forward`). Each stage still
sees the articles in the same order, so every result is the one a single thread gives. An
error in the thread is raised in the caller; leaving early stops the thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from storyline.records import Article

__all__ = ["AHEAD", "LONG_TEXT_CHARS", "Prepared", "release_freed_memory"]

# Batches the helper thread may have ready before the caller takes them (memory).
AHEAD = 4
#: Characters of text in a batch past which its cleaning is followed by
#: :func:`release_freed_memory` (a long article's; a batch of news articles has ~100,000).
LONG_TEXT_CHARS = 1_000_000


@functools.cache
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def release_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing
    elsewhere). Cleaning a 45 MB text splits it into lines, ~200 MB of strings that are freed
    but kept by the allocator, and then counted again on top of what storing the text takes
    (benchmarks/memory.py: 205 MB kept after cleaning the 45 MB text, none after a trim)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class Prepared:
    """``with Prepared(chunks, prepare) as batches``: ``prepare(chunk)`` of each chunk, in
    order, computed on a helper thread."""

    def __init__(
        self,
        chunks: Iterable[list[Article]],
        prepare: Callable[[list[Article]], list[Article]],
    ) -> None:
        self._chunks = chunks
        self._prepare = prepare
        self._ready: queue.Queue[list[Article] | BaseException | None] = queue.Queue(AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="storyline-prepare", daemon=True)

    def _work(self) -> None:
        try:
            for chunk in self._chunks:
                if not self._put(self._prepare(chunk)):
                    return
        except BaseException as exc:  # raised again in the caller's thread
            self._put(exc)
            return
        self._put(None)

    def _put(self, item: list[Article] | BaseException | None) -> bool:
        """Hand over an item, waiting while the caller is ``AHEAD`` behind; False: stopped."""
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def __enter__(self) -> Iterator[list[Article]]:
        self._thread.start()
        return self._batches()

    def _batches(self) -> Iterator[list[Article]]:
        while (item := self._ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
