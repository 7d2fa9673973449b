"""Errors and response headers: every failure is a clear 4xx, every response is locked down.

Under ``/api/`` (and for the OpenAPI schema) an error is JSON ``{"error": "...", "detail": ...}``;
the pages get an HTML error page with the same message. Bad parameters are 422, unknown ids
404, writes without a configured token 403, with a wrong or missing token 401. Storyline's own
errors map to 4xx (a store that cannot be read is 503, it is not the client's fault); anything
unexpected is logged with its traceback and answered 500 with a generic message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import ConfigError, InputError, NotFoundError, StoreError, StorylineError

__all__ = [
    "SECURITY_HEADERS",
    "ApiError",
    "SecurityHeadersMiddleware",
    "install_error_handlers",
    "is_api_path",
]

LOG = logging.getLogger("storyline.web")

CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

#: Renders the HTML error page: ``(status, error, detail) -> html``.
ErrorPage = Callable[[int, str, Any], str]


class ApiError(Exception):
    """An error answered as ``status`` with ``{"error": error, "detail": detail}``."""

    def __init__(
        self,
        status: int,
        error: str,
        detail: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = dict(headers or {})


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (pages, API, static, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_secured)


def is_api_path(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def _error_response(
    request: Request,
    page: ErrorPage,
    status: int,
    error: str,
    detail: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    all_headers = {**SECURITY_HEADERS, **(headers or {})}
    if is_api_path(request.url.path):
        return JSONResponse({"error": error, "detail": detail}, status, headers=all_headers)
    return HTMLResponse(page(status, error, detail), status, headers=all_headers)


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Where and what, without echoing the input back."""
    return [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]


_STORYLINE_STATUS: tuple[tuple[type[StorylineError], int], ...] = (
    (NotFoundError, 404),
    (InputError, 422),
    (ConfigError, 422),
    (StoreError, 503),
)

_HTTP_MESSAGES = {404: "not found", 405: "method not allowed"}


def install_error_handlers(app: FastAPI, page: ErrorPage) -> None:
    """JSON (or HTML) answers for every error the app can meet."""

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _error_response(request, page, exc.status, exc.error, exc.detail, exc.headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        detail = _validation_detail(exc)
        return _error_response(request, page, 422, "invalid request parameters", detail)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return _error_response(
            request, page, exc.status_code, message, exc.detail, dict(exc.headers or {})
        )

    async def storyline_error(request: Request, exc: Exception) -> Response:
        status = next((s for cls, s in _STORYLINE_STATUS if isinstance(exc, cls)), 400)
        if status >= 500:
            LOG.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return _error_response(request, page, status, str(exc), type(exc).__name__)

    async def unexpected(request: Request, exc: Exception) -> Response:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        detail = "an unexpected error; it has been logged on the server"
        return _error_response(request, page, 500, "internal server error", detail)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(StorylineError, storyline_error)
    app.add_exception_handler(Exception, unexpected)
