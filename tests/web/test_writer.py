"""The server's writer process ends with the server, even one killed mid-ingest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# A server in miniature: its writer child busy (for a minute) when the server is killed.
SERVER = """
import os, sys, time
from storyline.web.writer import WriterProcess
writer = WriterProcess(sys.argv[1])
writer.ingest([], {})  # starts the child
pool = writer._pool
assert pool is not None
print(pool.submit(os.getpid).result(), flush=True)
pool.submit(time.sleep, 60)  # a long ingest
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended (no init reaps it in some containers)


def test_the_writer_child_ends_when_its_server_is_killed(tmp_path: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(tmp_path / "s.db")],
        stdout=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert server.stdout is not None
    child = int(server.stdout.readline())
    assert _alive(child)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 15
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive, "the writer child outlived its server"
