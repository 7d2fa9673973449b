"""A story's knowledge as the store keeps it, and how it is judged when it is read.

The pipeline stores each story's *open* knowledge (:func:`~storyline.knowledge.open_story`: the
ledger before the clock) in state ``knowledge:<story id>`` as ``{"key", "value"}``. The key
(:func:`knowledge_key`) names the extractor and format versions and the story's article set,
so a story whose articles changed is seen to be stale; the clock is applied at read time
(:func:`judged_view`), so an ingest never invalidates the other stories.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from storyline.knowledge.analysis import ANALYSIS_VERSION, knowledge_at
from storyline.records import Article
from storyline.store.base import StoryEntity, StoryExpectation

__all__ = [
    "KNOWLEDGE_FORMAT",
    "ids_key",
    "index_rows",
    "is_current",
    "judged_view",
    "knowledge_key",
    "state_key",
]

# Bump when the stored knowledge view changes shape (2: the ledger is stored open, unjudged).
KNOWLEDGE_FORMAT = 2
_STATE_PREFIX = "knowledge:"


def state_key(story_id: str) -> str:
    """The store state under which a story's knowledge is kept."""
    return _STATE_PREFIX + story_id


def knowledge_key(articles: Sequence[Article]) -> dict[str, Any]:
    """What a story's stored knowledge must match: the formats and the set of its articles
    (the clock is applied at read time, so it is not part of the key)."""
    return ids_key([a.id for a in articles])


def ids_key(article_ids: Sequence[str]) -> dict[str, Any]:
    """:func:`knowledge_key` from the articles' ids alone."""
    ids = "\x00".join(sorted(article_ids))
    return {
        "version": ANALYSIS_VERSION,
        "format": KNOWLEDGE_FORMAT,
        "articles": len(article_ids),
        "ids": hashlib.sha256(ids.encode()).hexdigest()[:32],
    }


def is_current(cached: Mapping[str, Any] | None, articles: Sequence[Article]) -> bool:
    """Whether a stored entry was computed for exactly these articles."""
    return cached is not None and cached.get("key") == knowledge_key(articles)


def judged_view(
    cached: Mapping[str, Any] | None, current: bool, clock: date | None
) -> dict[str, Any]:
    """The stored knowledge judged as of ``clock``, with ``"knowledge": {"stale", "missing"}``
    and a notice when it is missing or was computed for another set of the story's articles."""
    if cached is None:
        notice = "entities, timeline, summary and expectations not computed yet"
        return {"knowledge": {"stale": True, "missing": True}, "notices": [notice]}
    view = knowledge_at(cached["value"], clock)
    view["knowledge"] = {"stale": not current, "missing": False}
    notices = [f"article {s['article_id']} {s['reason']}" for s in view.get("skipped_articles", [])]
    if not current:
        notices.append(
            "entities, timeline, summary and expectations were computed for another set of "
            "this story's articles; they are being brought up to date"
        )
    if notices:
        view["notices"] = notices
    return view


def index_rows(value: Mapping[str, Any]) -> tuple[list[StoryEntity], list[StoryExpectation]]:
    """What the store indexes of a story's stored (open) knowledge
    (:meth:`~storyline.store.Store.put_story_knowledge`): its named entities, with their
    mention counts and aliases, and its expectation ledger as stored."""
    entities = []
    for entity in _dicts(value.get("entities")):
        name = str(entity.get("name") or "")
        if not name:
            continue
        aliases = entity.get("aliases") or []
        entities.append(
            StoryEntity(
                name=name,
                type=str(entity.get("type") or ""),
                mentions=mention_count(entity),
                aliases=tuple(a for a in aliases if isinstance(a, str))
                if isinstance(aliases, list)
                else (),
            )
        )
    expectations = [
        StoryExpectation(
            status=str(x.get("status")),
            window_end=_day(
                (x.get("when") or {}).get("end") if isinstance(x.get("when"), dict) else None
            ),
            last_report=_day(x.get("last_report")),
            view=dict(x),
        )
        for x in _dicts(value.get("expectations"))
    ]
    return entities, expectations


def mention_count(entity: Mapping[str, Any]) -> int:
    """``n_mentions`` (the library's key), else ``mentions`` as a count or a list."""
    for value in (entity.get("n_mentions"), entity.get("mentions")):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, list):
            return len(value)
    return 0


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
