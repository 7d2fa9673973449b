"""Polite, bounded, guarded HTTP for ``storyline follow`` (httpx, asynchronous).

Every request:

* goes through :func:`storyline.ingest.fetch.guarded_transport`: public addresses only, checked
  when each connection opens, redirects included (unless the source allows private ones);
* waits its host's turn: one request at a time per host, ``host_interval_s`` apart (from the
  end of one to the start of the next);
* sends ``User-Agent: Storyline/<version>``, accepts gzip, keeps no cookie (a new client per
  request over a shared connection pool);
* has ``timeout_s`` for its whole answer and at most ``max_response_bytes`` of body;
* follows up to ``max_redirects`` redirects by hand, so that each one is checked and recorded;
* is tried again on a timeout, a connection error or a 5xx, after an exponential backoff with
  jitter, and after the server's ``Retry-After`` on 429 and 503 (up to ``max_retry_after_s``;
  a longer wait ends the fetch with :class:`FetchError` carrying ``retry_at``).

Page fetches (not feeds) first ask the host's ``robots.txt`` (RFC 9309, cached per host).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import random
import time
import urllib.robotparser
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpx

from storyline.config import FollowConfig
from storyline.ingest.capture import PageResponse
from storyline.ingest.fetch import BlockedAddressError, guarded_transport

__all__ = ["USER_AGENT", "FetchError", "Fetcher", "TransportFor"]


def _version() -> str:
    try:
        return version("storyline")
    except PackageNotFoundError:  # running from a source tree
        return "0"


#: Sent with every request; robots.txt rules for "Storyline" apply.
USER_AGENT = f"Storyline/{_version()} (+https://github.com/storyline/storyline)"
_ROBOTS_AGENT = "Storyline"
_REDIRECTS = (301, 302, 303, 307, 308)
_PERMANENT = (301, 308)
_ROBOTS_TTL_S = 3600.0

#: ``transport_for(allow_private) -> transport``; the guarded network by default (tests give
#: their own, over a loopback server).
TransportFor = Callable[[bool], httpx.AsyncBaseTransport]


class FetchError(Exception):
    """A fetch that gave no usable answer; ``reason`` says why (it is recorded, not raised
    to the user). ``retry_at``: the server asked to come back then (429, 503)."""

    def __init__(self, reason: str, retry_at: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_at = retry_at


class _Retry(Exception):
    def __init__(self, reason: str, wait_s: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait_s = wait_s


class _Kept(httpx.AsyncBaseTransport):
    """A shared transport that a per-request client may not close."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        return None


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    disallow_all: str = ""  # why every page is refused (robots.txt unreachable)
    read_at: float = 0.0


@dataclass(slots=True)
class Fetcher:
    """The fetches of one follower: politeness and robots state per host, shared pools."""

    config: FollowConfig = field(default_factory=FollowConfig)
    transport_for: TransportFor | None = None
    seed: int = 0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _transports: dict[bool, httpx.AsyncBaseTransport] = field(default_factory=dict)
    _turns: dict[str, float] = field(default_factory=dict)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    _robots: dict[str, _Robots] = field(default_factory=dict)
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    async def aclose(self) -> None:
        """Close the connection pools (bound to the running event loop); the politeness turns
        and robots.txt rules are kept for the next loop."""
        for transport in self._transports.values():
            await transport.aclose()
        self._transports.clear()
        self._locks.clear()

    # -- the one public fetch --------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        allow_private: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
        page: bool = False,
    ) -> PageResponse:
        """The answer at ``url`` (a 304 when the validators still hold). ``page``: an article
        page, which robots.txt must allow. Raises :class:`FetchError`."""
        if page:
            refused = await self._robots_refusal(url, allow_private)
            if refused:
                raise FetchError(refused)
        headers = {"If-None-Match": etag} if etag else {}
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.config.retries + 1):
            try:
                return await self._follow(url, allow_private, headers)
            except _Retry as retry:
                if attempt == self.config.retries:
                    raise FetchError(f"{retry.reason} (after {attempt + 1} tries)") from None
                wait = retry.wait_s
                if wait is None:
                    base = self.config.retry_base_s * 2**attempt
                    wait = base + self._rng.uniform(0, base)
                await self.sleep(wait)
        raise AssertionError("unreachable")

    async def _follow(self, url: str, allow_private: bool, headers: dict[str, str]) -> PageResponse:
        redirects: list[str] = []
        for _ in range(self.config.max_redirects + 1):
            answer = await self._once(url, allow_private, headers)
            location = dict((k.lower(), v) for k, v in answer.headers).get("location")
            if answer.status not in _REDIRECTS or not location:
                return _with_redirects(answer, redirects)
            target = urljoin(url, location)
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise FetchError(f"redirect to a non-http URL refused: {target[:200]}")
            redirects.append(f"{answer.status} {target}")
            url = target
        raise FetchError(f"more than {self.config.max_redirects} redirects")

    async def _once(self, url: str, allow_private: bool, headers: dict[str, str]) -> PageResponse:
        try:
            async with self._host_turn(url):
                return await asyncio.wait_for(
                    self._get(url, allow_private, headers), self.config.timeout_s
                )
        except TimeoutError:
            raise _Retry(f"no whole answer within {self.config.timeout_s:g} s") from None
        except httpx.TimeoutException:
            raise _Retry("timed out") from None
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, BlockedAddressError):  # the guard: never retried
                raise FetchError(str(exc)) from None
            raise _Retry(f"cannot connect: {exc}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Retry(f"connection broken: {exc}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None

    async def _get(self, url: str, allow_private: bool, headers: dict[str, str]) -> PageResponse:
        limit = self.config.max_response_bytes
        async with (
            httpx.AsyncClient(
                transport=_Kept(self._transport(allow_private)),
                follow_redirects=False,
                timeout=httpx.Timeout(self.config.timeout_s),
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            ) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            _raise_for_retry(response, self.config.max_retry_after_s)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"answer larger than {limit:,} bytes: cut")
                chunks.append(chunk)
        return PageResponse(
            url=str(response.url),
            status=response.status_code,
            reason=response.reason_phrase,
            headers=list(response.headers.multi_items()),
            body=b"".join(chunks),
            fetched=datetime.now(UTC),
        )

    def _transport(self, allow_private: bool) -> httpx.AsyncBaseTransport:
        if allow_private not in self._transports:
            factory = self.transport_for or (
                lambda p: guarded_transport(
                    allow_private=p, max_connections=max(10, self.config.concurrency)
                )
            )
            self._transports[allow_private] = factory(allow_private)
        return self._transports[allow_private]

    # -- politeness ------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _host_turn(self, url: str) -> AsyncIterator[None]:
        """One request to a host at a time, each starting ``host_interval_s`` after the
        previous one ended."""
        host = (urlsplit(url).hostname or "").lower()
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._turns.get(host, 0.0) - time.monotonic()
            if wait > 0:
                await self.sleep(wait)
            try:
                yield
            finally:
                self._turns[host] = time.monotonic() + self.config.host_interval_s

    # -- robots.txt ------------------------------------------------------------------------

    async def _robots_refusal(self, url: str, allow_private: bool) -> str:
        """Why robots.txt forbids fetching ``url`` ("" when it allows it)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None or time.monotonic() - robots.read_at > _ROBOTS_TTL_S:
            robots = await self._read_robots(origin, allow_private)
            self._robots[origin] = robots
        if robots.disallow_all:
            return robots.disallow_all
        if robots.parser is not None and not robots.parser.can_fetch(_ROBOTS_AGENT, url):
            return f"robots.txt of {origin} disallows it"
        return ""

    async def _read_robots(self, origin: str, allow_private: bool) -> _Robots:
        try:
            answer = await self._follow(f"{origin}/robots.txt", allow_private, {})
        except (FetchError, _Retry) as exc:
            reason = exc.reason if isinstance(exc, (FetchError, _Retry)) else str(exc)
            return _Robots(None, f"robots.txt of {origin} unreachable ({reason})", time.monotonic())
        if answer.status >= 500:  # RFC 9309: unreachable means "disallow everything"
            return _Robots(
                None, f"robots.txt of {origin} answered HTTP {answer.status}", time.monotonic()
            )
        if answer.status != 200:  # 4xx: no rules
            return _Robots(None, read_at=time.monotonic())
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(answer.body.decode("utf-8", "replace").splitlines())
        return _Robots(parser, read_at=time.monotonic())


def _raise_for_retry(response: httpx.Response, max_wait_s: float) -> None:
    """A 5xx, 429 or 503 answer as a retry (after Retry-After when the server gives one)."""
    status = response.status_code
    if status not in (429, 503) and status < 500:
        return
    wait = _retry_after(response.headers.get("retry-after"))
    if wait is not None and wait > max_wait_s:
        raise FetchError(
            f"HTTP {status}: the server asks to come back in {wait:.0f} s",
            retry_at=datetime.now(UTC) + timedelta(seconds=wait),
        )
    raise _Retry(f"HTTP {status}", wait if status in (429, 503) else None)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _with_redirects(answer: PageResponse, redirects: list[str]) -> PageResponse:
    return replace(answer, redirects=tuple(redirects)) if redirects else answer
