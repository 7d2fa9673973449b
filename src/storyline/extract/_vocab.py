"""Word sets written as one string, the form the extraction's rules keep their cue words in."""

from __future__ import annotations

__all__ = ["words"]


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set: ``words("will would may")``."""
    return frozenset(text.split())
