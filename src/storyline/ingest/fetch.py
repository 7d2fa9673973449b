"""Fetching web pages safely: only public addresses, checked where the connection is made.

A URL's host is resolved, and *every* address it resolves to is checked, when the connection is
opened (:class:`GuardedBackend`, an httpcore network backend); the connection is then made to
the address that was checked, so a DNS answer that changes between the check and the connect
cannot slip past it. Redirects open new connections and go through the same check. Refused:
private, loopback, link-local (169.254.169.254), multicast, reserved, unspecified and shared
(carrier-grade NAT) addresses, in IPv4 and IPv6, however the host is written (``localhost``,
``2130706433``, ``[::ffff:127.0.0.1]``), unless the operator allows private addresses.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

import anyio
import httpcore
import httpx

__all__ = [
    "BlockedAddressError",
    "GuardedBackend",
    "Resolver",
    "blocked_reason",
    "guarded_transport",
    "system_resolve",
]

_HINT = (
    "Storyline fetches only public addresses; an operator who means to fetch from this "
    "network may allow private addresses (storyline serve --allow-private-urls)"
)


class BlockedAddressError(httpcore.ConnectError):
    """A host resolved to an address Storyline does not connect to (httpx: ConnectError)."""


def blocked_reason(address: str) -> str | None:
    """Why ``address`` (an IP address) may not be connected to; None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),  # last: Python counts the kinds above as private too
    ):
        if flag:
            return f"{address} is a {kind} address"
    if not ip.is_global:
        return f"{address} is not a public address"
    return None


#: ``resolve(host, port) -> addresses``: the system resolver by default.
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to (getaddrinfo, off the event loop)."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with the address check of the module docstring.

    ``resolve`` and ``inner`` (the backend that opens the checked connection) are the
    system's by default; tests give their own.
    """

    def __init__(
        self,
        allow_private: bool = False,
        *,
        resolve: Resolver = system_resolve,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.allow_private = allow_private
        self._resolve = resolve
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        address = host
        if not self.allow_private:
            address = await _checked_address(self._resolve, host, port, timeout)
        return await self._inner.connect_tcp(
            address, port, timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError(f"refused to connect to a Unix socket ({path})")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def _checked_address(resolve: Resolver, host: str, port: int, timeout: float | None) -> str:
    """The first address ``host`` resolves to, once every one of them has been checked."""
    try:
        with anyio.fail_after(timeout):
            addresses = await resolve(host, port)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
    except OSError as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
    if not addresses:
        raise httpcore.ConnectError(f"cannot resolve {host}")
    for address in addresses:
        reason = blocked_reason(address)
        if reason is not None:
            raise BlockedAddressError(f"refused {host}: {reason}. {_HINT}")
    return addresses[0]


def guarded_transport(
    *,
    allow_private: bool = False,
    backend: GuardedBackend | None = None,
    max_connections: int = 100,
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection (redirects included) is checked.

    ``max_connections``: open at once (httpcore's own default, 10, made the follower wait
    for a connection: 31 fetches a second at 64 sources polled at once, 0.3 s answers);
    at most 20 idle ones are kept, each for 5 s (httpx's own defaults: the pool looks at
    every connection it holds for each request, 15% of the follower's time at 10,000
    sources with 100 kept).
    """
    transport = httpx.AsyncHTTPTransport()
    transport._pool = httpcore.AsyncConnectionPool(  # httpx takes no network backend itself
        ssl_context=httpx.create_ssl_context(),
        max_connections=max_connections,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=backend or GuardedBackend(allow_private),
    )
    return transport
