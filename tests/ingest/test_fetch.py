"""storyline.ingest.fetch and POST /api/ingest {"urls"}: no fetch reaches a private, loopback
or link-local address (by IP, by DNS name, by a numeric host, or after a redirect) unless the
operator allows it, and a page that drips its answer is cut at the deadline. Every server here
is a real HTTP server on the loopback interface that the test starts."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpcore
import httpx
import pytest
from fastapi.testclient import TestClient

from storyline import Rejection, open_store
from storyline.ingest.fetch import GuardedBackend, blocked_reason, guarded_transport
from storyline.web import create_app
from storyline.web.ingest import IngestLimits, Upload, fetch_urls

PAGE = (
    b"<html><head><title>Internal status page</title></head><body><article><h1>Internal</h1>"
    + b"<p>Nothing here should leave the internal network, said the operator.</p>" * 5
    + b"</article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    served: list[str]
    dripped: list[int]

    def do_GET(self) -> None:
        self.served.append(self.path)
        if self.path.startswith("/redirect"):
            target = self.path.split("to=", 1)[1]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(40 * 20))
            self.end_headers()
            for i in range(40):  # one small chunk every 0.25 s: 10 s in all
                try:
                    self.wfile.write(b"<p>drip</p>" + b" " * 9)
                    self.wfile.flush()
                except OSError:
                    return
                self.dripped.append(i)
                time.sleep(0.25)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def server() -> Iterator[tuple[int, list[str], list[int]]]:
    served: list[str] = []
    dripped: list[int] = []
    handler = type("Handler", (_Handler,), {"served": served, "dripped": dripped})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], served, dripped
    httpd.shutdown()
    httpd.server_close()


def _fetch(
    urls: list[str], limits: IngestLimits, transport: httpx.AsyncBaseTransport | None = None
) -> tuple[list[Upload], list[Rejection]]:
    return asyncio.run(fetch_urls(urls, limits, transport))


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not a public"),
    ],
)
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    reason = blocked_reason(address)
    assert reason is not None and kind in reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(address) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "[::1]"])
def test_loopback_is_refused_however_the_host_is_written(
    server: tuple[int, list[str], list[int]], host: str
) -> None:
    port, served, _ = server
    uploads, rejected = _fetch([f"http://{host}:{port}/status"], IngestLimits())
    assert uploads == [] and len(rejected) == 1
    assert "loopback" in rejected[0].reason and "--allow-private-urls" in rejected[0].reason
    assert served == []  # never connected


def test_the_operator_may_allow_private_addresses(server: tuple[int, list[str], list[int]]) -> None:
    port, served, _ = server
    uploads, rejected = _fetch(
        [f"http://localhost:{port}/status"], IngestLimits(allow_private_urls=True)
    )
    assert rejected == [] and [u.content for u in uploads] == [PAGE]
    assert served == ["/status"]


class _AllToLoopback(httpcore.AsyncNetworkBackend):
    """Connects wherever it is asked to this machine's test server (so a 'public' host can be
    served here without any network)."""

    def __init__(self, port: int) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._port = port
        self.asked: list[str] = []

    async def connect_tcp(
        self, host: str, port: int, *args: object, **kw: object
    ) -> httpcore.AsyncNetworkStream:
        self.asked.append(host)
        return await self._inner.connect_tcp("127.0.0.1", self._port)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def test_a_redirect_to_a_private_address_is_refused(
    server: tuple[int, list[str], list[int]],
) -> None:
    """news.example resolves (by a fake resolver) to a public address and redirects to
    127.0.0.1: the first hop is fetched, the second never connects."""
    port, served, _ = server

    async def resolve(host: str, port_: int) -> list[str]:
        return {"news.example": ["93.184.216.34"]}.get(host) or [host.strip("[]")]

    inner = _AllToLoopback(port)
    transport = guarded_transport(backend=GuardedBackend(resolve=resolve, inner=inner))
    target = f"http://127.0.0.1:{port}/status"
    uploads, rejected = _fetch(
        [f"http://news.example/redirect?to={target}"], IngestLimits(), transport=transport
    )
    assert uploads == [] and len(rejected) == 1 and "loopback" in rejected[0].reason
    assert served == [f"/redirect?to={target}"] and inner.asked == ["93.184.216.34"]


def test_a_dns_name_resolving_to_any_private_address_is_refused(
    server: tuple[int, list[str], list[int]],
) -> None:
    port, served, _ = server

    async def resolve(host: str, port_: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]  # one public, one private: refused

    inner = _AllToLoopback(port)
    transport = guarded_transport(backend=GuardedBackend(resolve=resolve, inner=inner))
    uploads, rejected = _fetch(["http://intranet.example/"], IngestLimits(), transport=transport)
    assert uploads == [] and "10.0.0.7 is a private address" in rejected[0].reason
    assert inner.asked == [] and served == []


def test_a_drip_fed_page_is_cut_at_the_deadline(server: tuple[int, list[str], list[int]]) -> None:
    port, _, dripped = server
    limits = IngestLimits(fetch_timeout_s=1.0, allow_private_urls=True)
    uploads, rejected = _fetch([f"http://127.0.0.1:{port}/drip"], limits)
    assert uploads == [] and "no whole answer within 1 s" in rejected[0].reason
    assert len(dripped) < 40  # cut long before the server was done


def test_the_api_refuses_an_internal_url_and_stores_nothing(
    server: tuple[int, list[str], list[int]], tmp_path: Path
) -> None:
    port, served, _ = server
    db = tmp_path / "api.db"
    app = create_app(db, write_token="t" * 32)
    with TestClient(app) as client:
        response = client.post(
            "/api/ingest",
            json={"urls": [f"http://127.0.0.1:{port}/status", f"http://localhost:{port}/x"]},
            headers={"Authorization": "Bearer " + "t" * 32},
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ingested"] == 0
    assert all("loopback" in r["reason"] for r in body["rejected"]) and len(body["rejected"]) == 2
    assert served == []
    with open_store(db) as store:
        assert store.count_articles() == 0
