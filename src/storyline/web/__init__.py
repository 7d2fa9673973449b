"""Storyline on the web: a JSON API and server-rendered pages (``storyline serve``).

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2, python-multipart).
"""

from __future__ import annotations

from storyline.web.app import create_app

__all__ = ["create_app"]
