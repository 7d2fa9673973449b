"""Slow request headers: a real uvicorn server on loopback (as ``storyline serve`` runs it)
closes a connection whose headers do not arrive within the deadline, and serves the others."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from storyline.web import HeaderDeadlineProtocol, create_app

try:
    from ._web_samples import SeedDB
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import SeedDB

# How long the test waits for the server to close a connection before calling it left open:
# far above the deadline below, so a slow machine does not fail the test.
WAIT_S = 20.0


class QuickDeadline(HeaderDeadlineProtocol):
    header_seconds = 0.5


@pytest.fixture(scope="module")
def server(hostile_db: SeedDB) -> Iterator[tuple[str, int]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        create_app(hostile_db.path), http=QuickDeadline, log_level="warning", lifespan="on"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started
    yield sock.getsockname()
    running.should_exit = True
    thread.join(timeout=WAIT_S)
    sock.close()


def connect(address: tuple[str, int]) -> socket.socket:
    conn = socket.create_connection(address, timeout=WAIT_S)
    return conn


def closed_by_server(conn: socket.socket) -> bool:
    """Whether the server closes the connection (rather than leaving it open for WAIT_S)."""
    try:
        while data := conn.recv(4096):
            assert b"HTTP/1.1 200" not in data  # no request was complete
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def request(conn: socket.socket, path: str = "/api/stories?limit=1") -> bytes:
    conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(
        next(
            h.split(b":")[1] for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")
        )
    )
    while len(body) < length:
        body += conn.recv(4096)
    return head


def test_headers_dripped_a_byte_at_a_time_are_cut(server: tuple[str, int]) -> None:
    with connect(server) as conn:
        try:
            for byte in b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ":
                conn.sendall(bytes([byte]))
                time.sleep(0.05)  # 2.2 s in all: past the 0.5 s deadline, never finished
        except (BrokenPipeError, ConnectionResetError):
            return  # closed by the server while dripping
        assert closed_by_server(conn)


def test_a_connection_that_sends_nothing_is_closed(server: tuple[str, int]) -> None:
    with connect(server) as conn:
        assert closed_by_server(conn)


def test_the_next_request_on_a_kept_connection_has_a_deadline_too(
    server: tuple[str, int],
) -> None:
    with connect(server) as conn:
        assert request(conn).startswith(b"HTTP/1.1 200")
        assert request(conn).startswith(b"HTTP/1.1 200")  # kept alive, served again
        conn.sendall(b"GET /api/stories HTTP/1.1\r\nHo")
        assert closed_by_server(conn)


def test_prompt_requests_are_served(server: tuple[str, int]) -> None:
    with connect(server) as conn:
        head = request(conn, "/api/entities?limit=1")
    assert head.startswith(b"HTTP/1.1 200")
