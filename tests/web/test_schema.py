"""Schemathesis against the app's own OpenAPI schema: generated requests (valid and invalid)
to every API operation never get a server error, and get the statuses the schema documents.

Bounded: a few examples per operation, so the whole file runs in well under a minute.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.parameters import ParameterLocation

from storyline.web import create_app
from storyline.web.ingest import IngestLimits

READ_EXAMPLES = 25
WRITE_EXAMPLES = 12

try:
    from ._web_samples import TOKEN, SeedDB
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import TOKEN, SeedDB


@schemathesis.serializer("application/x-ndjson")
def _json_lines(ctx: schemathesis.SerializationContext, value: Any) -> bytes:
    """A generated JSON Lines body: a string as it is, anything else as one JSON line."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return (json.dumps(value, default=str) + "\n").encode()


class NoNetwork(httpx.AsyncBaseTransport):
    """URL ingests reach no network: every page is a 404."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        return httpx.Response(404, content=b"no network in tests")


# The schema does not depend on the store: it is read from an app over an in-memory store at
# import, and each test calls its own app (`case.call(app=...)`). (schemathesis' lazy
# `from_fixture` loader does not work with pytest 9: it reads `request.node._nodeid`.)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", create_app(":memory:"))


# Function scope: schemathesis ends an app's lifespan (which closes its store) after each test.
@pytest.fixture(params=["sqlite", "postgres"])
def read_app(hostile_db: SeedDB, request: pytest.FixtureRequest) -> FastAPI:
    """The read-only app (writes answer 403) over the seeded store (the same in PostgreSQL)."""
    if request.param == "postgres":
        return create_app(request.getfixturevalue("hostile_postgres"))
    return create_app(hostile_db.path)


@pytest.fixture(params=["sqlite", "postgres"])
def write_app(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> FastAPI:
    """An app with a write token over an empty store (a SQLite file, or a new PostgreSQL
    database: its text refuses more than SQLite's), a small body cap and no network."""
    db: Path | str = tmp_path_factory.mktemp("schema") / "schema.db"
    if request.param == "postgres":
        db = request.getfixturevalue("postgres_server").database_url()
    return create_app(
        db,
        write_token=TOKEN,
        limits=IngestLimits(max_body_bytes=20_000, max_urls=3),
        fetch_transport=NoNetwork(),
    )


CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
_SETTINGS = {"deadline": None, "suppress_health_check": list(HealthCheck)}


@SCHEMA.parametrize()
@settings(max_examples=READ_EXAMPLES, **_SETTINGS)  # type: ignore[arg-type]
def test_no_server_error_read_only(case: schemathesis.Case, read_app: FastAPI) -> None:
    response = case.call(app=read_app)
    case.validate_response(response, checks=CHECKS)
    if case.path == "/api/ingest" and case.method.upper() == "POST":
        assert response.status_code == 403, response.text  # no token configured: no write


@SCHEMA.include(path="/api/ingest").parametrize()
@settings(max_examples=WRITE_EXAMPLES, **_SETTINGS)  # type: ignore[arg-type]
def test_no_server_error_ingest_with_token(case: schemathesis.Case, write_app: FastAPI) -> None:
    response = case.call(app=write_app, headers={"Authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=CHECKS)
    header = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    if header is None or header.mode is GenerationMode.POSITIVE:  # the token as given: accepted
        assert response.status_code != 401, response.text
