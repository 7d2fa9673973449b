"""Child processes that end with their parent.

A worker process of a :class:`~concurrent.futures.ProcessPoolExecutor` waits on its call queue
for ever once its parent is killed (SIGKILL, out of memory): the queue it was handed holds the
write end of its own pipe too, so it never reads end-of-file. :func:`start_child`, given as the
pool's ``initializer`` with the parent's pid, makes the child ignore Ctrl-C (the parent handles
it and stops its pool) and end itself once its parent is gone.
"""

from __future__ import annotations

import os
import signal
import threading
import time

__all__ = ["PARENT_CHECK_SECONDS", "start_child"]

#: Seconds between a child's checks that its parent is alive (an orphan lives at most this).
PARENT_CHECK_SECONDS = 0.5


def start_child(parent: int) -> None:
    """In a child process, first: Ctrl-C is ``parent``'s to handle, and a daemon thread ends
    this process once ``parent`` is gone (its parent is then another process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch = threading.Thread(target=_watch, args=(parent,), name="storyline-orphan", daemon=True)
    watch.start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)
