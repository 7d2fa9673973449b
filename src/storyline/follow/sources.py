"""Adding a source: the URL and the polling interval checked, as the CLI and the API take them."""

from __future__ import annotations

import re

from storyline.errors import ConfigError
from storyline.follow.urls import is_http_url
from storyline.records import Source
from storyline.store import Store

__all__ = ["MIN_EVERY_S", "add_source", "parse_every"]

#: The shortest polling interval: a source polled more often gains nothing and costs its host.
MIN_EVERY_S = 60.0
_MAX_URL_CHARS = 2048
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_S = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_every(value: str | float) -> float:
    """Seconds of an interval such as ``"10m"``, ``"1h"``, ``"90s"`` or ``600``."""
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _EVERY.match(value)
        if match is None:
            raise ConfigError(
                f"cannot read the interval {value!r}: write a number and a unit, e.g. 10m, 1h"
            )
        seconds = float(match.group(1)) * _UNIT_S[match.group(2).lower()]
    if seconds < MIN_EVERY_S:
        raise ConfigError(f"an interval of {seconds:g} s is too short: at least {MIN_EVERY_S:g} s")
    return seconds


def add_source(
    store: Store,
    url: str,
    name: str | None = None,
    every: str | float = "10m",
    allow_private: bool = False,
) -> tuple[Source, bool]:
    """Follow ``url`` (http or https): ``(the stored source, whether it is new)``."""
    url = url.strip()
    if len(url) > _MAX_URL_CHARS or not is_http_url(url):
        raise ConfigError(
            f"cannot follow {url[:200]!r}: give an http:// or https:// URL of a feed, "
            f"sitemap or page (at most {_MAX_URL_CHARS} characters)"
        )
    source = Source(
        url=url,
        name=(name or "").strip() or None,
        every_s=parse_every(every),
        allow_private=allow_private,
    )
    return store.add_source(source)
