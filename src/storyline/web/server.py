"""The HTTP server's connection guard: a request's headers must arrive within a deadline.

uvicorn's h11 protocol closes an idle keep-alive connection after ``timeout_keep_alive``, but
it starts no timer when a connection opens, and the first byte of a request stops the
keep-alive one: a client that sends its headers a byte at a time, or never finishes them, held
its connection (and a file descriptor) for ever (issue 18). :class:`HeaderDeadlineProtocol`
closes a connection whose request line and headers are not complete :data:`HEADER_SECONDS`
after the connection opened or after the previous response (the body is the app's to read).
``storyline serve`` gives it to uvicorn as its ``http`` protocol.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HEADER_SECONDS", "HeaderDeadlineProtocol"]

#: How long a client has to send a request's line and headers. A browser or script sends them
#: at once (a few hundred bytes); 10 s leaves a slow mobile link room and bounds what a
#: drip-feeding client can hold.
HEADER_SECONDS = 10.0


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers come too late."""

    header_seconds = HEADER_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._awaiting_headers():
            self._arm()
        else:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._awaiting_headers() and not self.transport.is_closing():
            self._arm()  # the next request's headers (keep-alive) are due in time too

    def _awaiting_headers(self) -> bool:
        """No request is being handled and the next one's headers are not complete."""
        return bool(self.conn.their_state is h11.IDLE and self.cycle_done())

    def cycle_done(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(self.header_seconds, self._expired)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _expired(self) -> None:
        self._header_deadline = None
        if self._awaiting_headers() and not self.transport.is_closing():
            self.transport.close()
