"""storyline.processes: a pool's child process ends with its parent, even a killed parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil

from storyline.processes import PARENT_CHECK_SECONDS, start_child

# A parent that starts a pool of one spawned child, says its pid, and waits to be killed.
_PARENT = """
import multiprocessing, os, time
from concurrent.futures import ProcessPoolExecutor
from storyline.processes import start_child

if __name__ == "__main__":
    pool = ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer={initializer},
        initargs=(os.getpid(),),
    )
    print(pool.submit(os.getpid).result(), flush=True)
    time.sleep(600)
"""


def _children_after_parent_killed(initializer: str) -> list[psutil.Process]:
    """The parent's pool process, if still running 20 check periods after it was killed."""
    code = _PARENT.format(initializer=initializer)
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        children = [psutil.Process(int(parent.stdout.readline()))]
        parent.send_signal(signal.SIGKILL)
    finally:
        parent.wait(60)
    deadline = time.monotonic() + 20 * PARENT_CHECK_SECONDS
    while time.monotonic() < deadline and any(_running(c) for c in children):
        time.sleep(0.1)
    left = [c for c in children if _running(c)]
    for child in left:  # do not leave them behind ourselves
        child.kill()
    return left


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_children_end_once_their_parent_is_killed() -> None:
    assert _children_after_parent_killed("start_child") == []


def test_without_it_a_killed_parents_children_stay() -> None:
    # What start_child is for: a pool's child outlives a parent killed by SIGKILL.
    assert len(_children_after_parent_killed("None")) == 1


def test_a_child_ignores_ctrl_c_its_parent_handles() -> None:
    before = signal.getsignal(signal.SIGINT)
    try:
        start_child(os.getppid())  # the watch thread's parent is alive: it keeps waiting
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
