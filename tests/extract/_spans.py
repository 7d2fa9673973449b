"""The model's spans as a test writes them, for the tests of the entity rules."""

from __future__ import annotations

import re

from storyline.extract.entity_context import Found


def spans(text: str, *typed: tuple[str, str]) -> list[Found]:
    """The model's spans as (surface, type, start, end): each surface's first occurrence
    after the previous span, typed as given."""
    out: list[Found] = []
    at = 0
    for surface, label in typed:
        match = re.compile(re.escape(surface)).search(text, at)
        assert match is not None, surface
        out.append((surface, label, match.start(), match.end()))
        at = match.end()
    return out
