"""A loopback web server for the follow tests: recorded real pages behind feeds it serves.

Routes are keyed by (host, path): the tests reach several "outlets" (``outlet-a.test``...)
through one server, either by a fake resolver that sends every name to it
(:func:`loopback_transport`) or, in a subprocess, at ``127.0.0.1`` with ``--allow-private``.
Every request is logged with its time and headers; a route may answer 304 to a matching
``If-None-Match``, wait before answering, stream a huge body, or change between rounds.
"""

from __future__ import annotations

import gzip
import html
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpcore
import httpx

from storyline.ingest.fetch import GuardedBackend, guarded_transport

DATA = (Path(__file__).resolve().parents[2].parent / "shared" / "data").resolve()
BENCH = DATA / "article_extraction_benchmark"
SEEDS = DATA / "seeds"
PUBLIC_ADDRESS = "93.184.216.34"  # what the fake resolver answers for every *.test name


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay_s: float = 0.0
    stream_bytes: int = 0  # > 0: a body of this many bytes, sent in 64 KiB chunks


@dataclass
class Hit:
    host: str
    path: str
    at: float
    headers: dict[str, str]


class FeedServer:
    """Serves ``routes[(host, path)]``; ``hits`` logs every request."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                with server._lock:
                    server.hits.append(Hit(host, self.path, time.monotonic(), dict(self.headers)))
                    route = server.routes.get((host, self.path)) or server.routes.get(
                        ("*", self.path)
                    )
                if route is None:
                    route = Route(b"not found", 404, "text/plain")
                server.answer(self, route)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, handler: BaseHTTPRequestHandler, route: Route) -> None:
        if route.delay_s:
            time.sleep(route.delay_s)
        if route.etag and handler.headers.get("If-None-Match") == route.etag:
            handler.send_response(304)
            handler.send_header("ETag", route.etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        size = route.stream_bytes or len(route.body)
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        handler.send_header("Content-Length", str(size))
        if route.etag:
            handler.send_header("ETag", route.etag)
        for key, value in route.headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        try:
            if route.stream_bytes:
                chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
                for _ in range(route.stream_bytes // len(chunk)):
                    handler.wfile.write(chunk)
            else:
                handler.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cut a huge answer: what the test wants

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits_of(self, host: str, path: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.host == host and (path is None or h.path == path)]


class _AllToLoopback(httpcore.AsyncNetworkBackend):
    """Connects every checked address to the test server (the resolver did the checking)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, **kwargs: Any
    ) -> httpcore.AsyncNetworkStream:
        return await self.inner.connect_tcp("127.0.0.1", self.port, timeout)

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("no unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def loopback_transport(port: int, private: dict[str, str] | None = None) -> Any:
    """``transport_for`` of a Fetcher: every ``*.test`` name resolves to a public address
    (``private`` maps names to private ones instead), literal IPs to themselves; the address
    guard checks them as in production, then the connection goes to the server on ``port``."""

    async def resolve(host: str, port: int) -> list[str]:
        if host in (private or {}):
            return [(private or {})[host]]
        if host.endswith(".test"):
            return [PUBLIC_ADDRESS]
        return [host]

    def transport_for(allow_private: bool) -> httpx.AsyncBaseTransport:
        backend = GuardedBackend(allow_private, resolve=resolve, inner=_AllToLoopback(port))
        return guarded_transport(allow_private=allow_private, backend=backend)

    return transport_for


# -- recorded real pages and the feeds that list them --------------------------------------------


def bench_pages(n: int, start: int = 0) -> list[tuple[str, bytes, str]]:
    """``n`` real pages of the extraction benchmark: (id, gzip-decoded HTML, real URL)."""
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[start : start + n]
    return [
        (i, gzip.decompress((BENCH / "html" / f"{i}.html.gz").read_bytes()), truth[i]["url"])
        for i in ids
    ]


# The line of each seed report that is its headline (000 opens with a site banner).
_SEED_TITLE_LINE = {"000": 1, "004": 0}


def seed_page(name: str) -> tuple[str, bytes]:
    """A seed report served as the HTML page an outlet would have: (headline, page)."""
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[_SEED_TITLE_LINE[name]]
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = (
        f"<!doctype html><html><head><title>{html.escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article><footer>Contact us</footer></body></html>"
    )
    return title, page.encode()


def rss(title: str, items: list[tuple[str, str, datetime | None, str]]) -> bytes:
    """An RSS 2.0 feed of (link, title, date, summary) items."""
    parts = [
        "<item>"
        f"<title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid isPermaLink='false'>{html.escape(link)}#guid</guid>"
        + (f"<pubDate>{format_datetime(d)}</pubDate>" if d else "")
        + f"<description>{html.escape(s)}</description></item>"
        for link, t, d, s in items
    ]
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{html.escape(title)}</title><link>http://example/</link>"
        f"{''.join(parts)}</channel></rss>"
    ).encode()


def atom(title: str, items: list[tuple[str, str, datetime, str]]) -> bytes:
    entries = "".join(
        f"<entry><title>{html.escape(t)}</title><link href='{html.escape(link)}'/>"
        f"<id>urn:x:{abs(hash(link))}</id><updated>{d.isoformat()}</updated>"
        f"<summary>{html.escape(s)}</summary></entry>"
        for link, t, d, s in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{html.escape(title)}</title><id>urn:feed</id>"
        f"<updated>2019-11-20T00:00:00Z</updated>{entries}</feed>"
    ).encode()


def json_feed(title: str, items: list[tuple[str, str, datetime, str]]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": [
                {"id": link, "url": link, "title": t, "date_published": d.isoformat(), "summary": s}
                for link, t, d, s in items
            ],
        }
    ).encode()


def news_sitemap(items: list[tuple[str, str, datetime]]) -> bytes:
    urls = "".join(
        f"<url><loc>{html.escape(link)}</loc><news:news><news:publication>"
        "<news:name>Outlet</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{d.isoformat()}</news:publication_date>"
        f"<news:title>{html.escape(t)}</news:title></news:news></url>"
        for link, t, d in items
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
        f"{urls}</urlset>"
    ).encode()


def serve_pages(
    server: FeedServer, host: str, pages: list[tuple[str, bytes, str]], prefix: str = "/news/"
) -> list[str]:
    """Serve the pages on ``host`` under ``prefix``; their URLs there."""
    urls = []
    for page_id, body, _ in pages:
        path = f"{prefix}{page_id[:12]}-story.html"
        server.routes[(host, path)] = Route(body)
        urls.append(f"http://{host}{path}")
    return urls


def wait_for(predicate: Any, timeout_s: float = 60.0) -> bool:
    """Poll ``predicate`` until it is true (a helper for the subprocess tests)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def iter_pages_ids(pages: list[tuple[str, bytes, str]]) -> Iterator[str]:
    return (page_id for page_id, _, _ in pages)
