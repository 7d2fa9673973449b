"""What ``storyline entities`` and ``storyline expectations`` list: read from the store's index
of the stories' knowledge (a page at a time), as ``GET /api/entities`` and
``GET /api/expectations`` do, not by analysing every story again (minutes at 200,000 articles).

A store whose index cannot be filled (one written before it, opened read-only) is scanned as
before, with the ``nlp`` extra; so is a ledger asked for as of a day before the store's clock
(the stored ledgers read every article; an earlier day leaves the later ones out).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from storyline import (
    STATUSES,
    ConfigError,
    Pipeline,
    all_entities,
    all_expectations,
    entity_total_view,
)

__all__ = ["PAGE", "STORIES_LISTED", "entity_rows", "expectation_rows"]

#: Rows read from the index at a time.
PAGE = 1000
#: How many of an entity's stories are listed (the most recently reported; ``n_stories``
#: counts them all), as ``GET /api/entities`` lists them.
STORIES_LISTED = 20


def entity_rows(pipeline: Pipeline, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """``(how many entities, the first limit)`` (0: all), most mentioned first, each
    ``{name, type, aliases, mentions, n_stories, stories}``."""
    if not pipeline.knowledge_indexed():
        scanned = [_scanned_entity(row) for row in all_entities(pipeline.store)]
        return len(scanned), scanned[:limit] if limit else scanned
    rows: list[dict[str, Any]] = []
    total = None
    while total is None or len(rows) < (min(limit, total) if limit else total):
        size = min(PAGE, limit - len(rows)) if limit else PAGE
        total, page = pipeline.entity_totals(None, size, len(rows), STORIES_LISTED)
        if not page:
            break
        rows += [entity_total_view(e) for e in page]
    return total or 0, rows


def _scanned_entity(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "type": row["type"],
        "aliases": row["aliases"],
        "mentions": row["n_mentions"],
        "n_stories": len(row["stories"]),
        "stories": row["stories"][:STORIES_LISTED],
    }


def expectation_rows(
    pipeline: Pipeline, status: str | None, as_of: date | None
) -> list[dict[str, Any]]:
    """The ledger across the stories (of ``status``), judged as of ``as_of`` (default: the
    store's clock), most recently reported story first, each entry with its ``story_id`` and
    ``story_title``."""
    if status is not None and status not in STATUSES:
        raise ConfigError(f"unknown expectation status {status!r}: use one of {list(STATUSES)}")
    clock = pipeline.store_clock()
    early = as_of is not None and clock is not None and as_of < clock
    if early or not pipeline.knowledge_indexed():
        return all_expectations(pipeline.store, status=status, as_of=as_of)
    rows: list[dict[str, Any]] = []
    while True:
        total, page = pipeline.expectation_page(status, PAGE, len(rows), as_of)
        rows += page
        if not page or len(rows) >= total:
            return rows
