"""Storyline on the web: a JSON API and server-rendered pages (``storyline serve``).

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2, python-multipart).
"""

from __future__ import annotations

from storyline.web.app import create_app
from storyline.web.server import HEADER_SECONDS, HeaderDeadlineProtocol

__all__ = ["HEADER_SECONDS", "HeaderDeadlineProtocol", "create_app"]
