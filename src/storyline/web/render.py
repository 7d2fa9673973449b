"""The Jinja2 environment of the pages: autoescaping on, strict undefined, a few safe filters.

Article content is hostile (titles and texts from the web): it only ever reaches a page through
autoescaping. The filters here return :class:`markupsafe.Markup` only for markup they build
themselves around escaped text.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from storyline import __version__

__all__ = ["environment", "http_url", "mark_snippet", "render"]

_TEMPLATES = files("storyline.web") / "templates"


def http_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None (never ``javascript:``)."""
    if not isinstance(url, str) or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def mark_snippet(snippet: Any) -> Markup:
    """A search snippet with its ``**match**`` marks as ``<mark>``; every piece escaped."""
    pieces = str(snippet or "").split("**")
    if len(pieces) % 2 == 0:  # an unpaired ** (from the text itself): show it as it is
        return Markup(escape(str(snippet)))
    out = [
        Markup("<mark>{}</mark>").format(piece) if i % 2 else escape(piece)
        for i, piece in enumerate(pieces)
    ]
    return Markup("").join(out)


def fact(value: Any) -> str:
    """A ledger fact for people: lists joined, a time window as its dates and expression."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict) and "start" in value:
        span = (
            value["start"]
            if value.get("end") in (None, value["start"])
            else (f"{value['start']} to {value['end']}")
        )
        said = value.get("text")
        return f"{span} (“{said}”)" if said else str(span)
    return str(value)


def path_part(value: Any) -> str:
    """One URL path segment, percent-encoded."""
    return quote(str(value), safe="")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["http_url"] = http_url
    env.filters["mark_snippet"] = mark_snippet
    env.filters["path_part"] = path_part
    env.filters["fact"] = fact
    env.globals["version"] = __version__
    return env


_ENV = environment()


def render(template: str, **context: Any) -> str:
    return _ENV.get_template(template).render(**context)
