"""The analysis backlog: the stories whose stored knowledge is missing or stale.

An ingest assigns articles to stories and then (``analyse=True``) computes the knowledge of the
stories it touched; killed in between, or run with ``--no-analyse``, it leaves stories whose
knowledge does not match their articles. The store state ``analysis_backlog`` keeps their ids
so that the next ingest (or ``storyline analyse``) finishes the work and ``storyline stories``
can say what is missing, without reading every article:

``{"version": [ANALYSIS_VERSION, KNOWLEDGE_FORMAT], "stories": [ids], "assigning": bool}``

* an ingest sets ``assigning`` before it assigns articles, and adds the stories it touched (and
  clears the flag) once they are stored;
* a refresh removes the stories it computed (or found current, or empty), a batch at a time
  (rewriting the list); meanwhile it records each one it computed in the small state
  ``analysis_backlog_done``, which reads subtract, so the backlog as read is exact;
* ``assigning`` still set (an ingest stopped while assigning), another version, or no state
  at all on a store that has stories (written before the backlog was kept) make the backlog
  *unknown*: :func:`scan` then reads every story once and records what it finds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storyline.errors import NotFoundError
from storyline.knowledge import ANALYSIS_VERSION
from storyline.knowledge.stored import KNOWLEDGE_FORMAT, ids_key, state_key
from storyline.store import Store

__all__ = [
    "BACKLOG_STATE",
    "AnalysisBacklog",
    "add",
    "count_articles",
    "note_done",
    "read",
    "remove",
    "scan",
    "start_assigning",
]

BACKLOG_STATE = "analysis_backlog"
_DONE_STATE = "analysis_backlog_done"
_VERSION = [ANALYSIS_VERSION, KNOWLEDGE_FORMAT]


@dataclass(frozen=True, slots=True)
class AnalysisBacklog:
    """The stories whose knowledge is missing or stale, and how many articles they hold."""

    story_ids: tuple[str, ...]
    articles: int  # in those stories
    total: int  # stored articles
    known: bool = True  # False: not tracked (see the module docstring); a scan tells

    def message(self) -> str | None:
        """One line saying what is not analysed; None when nothing is."""
        if not self.known:
            return (
                "whether every story is analysed is not known (an ingest stopped while "
                "assigning articles, or the store predates this check)"
            )
        if not self.story_ids:
            return None
        return (
            f"{self.articles} of {self.total} articles not yet analysed "
            f"(in {len(self.story_ids)} {'story' if len(self.story_ids) == 1 else 'stories'})"
        )


def _load(store: Store) -> dict[str, Any] | None:
    """The recorded backlog, if it can be trusted."""
    state = store.get_state(BACKLOG_STATE)
    if state is None or state.get("version") != _VERSION or state.get("assigning"):
        return None
    return {**state, "stories": _left(store, state)}


def _left(store: Store, state: dict[str, Any]) -> list[str]:
    """The state's stories less those recorded done since it was written."""
    done = set((store.get_state(_DONE_STATE) or {}).get("stories", []))
    return [s for s in state.get("stories", []) if s not in done]


def read(store: Store) -> AnalysisBacklog:
    """The backlog as recorded (unknown if it cannot be trusted: see the module docstring)."""
    total = store.count_articles()
    state = _load(store)
    if state is None:
        known = store.get_state(BACKLOG_STATE) is None and store.count_stories() == 0
        return AnalysisBacklog((), 0, total, known=known)
    ids = tuple(state.get("stories", []))
    return AnalysisBacklog(ids, count_articles(store, ids), total)


def count_articles(store: Store, story_ids: Iterable[str]) -> int:
    """How many articles these stories hold (by their saved summaries)."""
    n = 0
    for story_id in story_ids:
        try:
            n += store.get_story(story_id).n_articles
        except NotFoundError:
            continue  # merged into another story since
    return n


def scan(store: Store) -> AnalysisBacklog:
    """Every story whose knowledge does not match its articles, found by reading every
    article's id once, recorded as the backlog."""
    stories: dict[str, list[str]] = {}
    for article in store.iter_articles(order="seq", light=True):
        if article.story_id is not None:
            stories.setdefault(article.story_id, []).append(article.id)
    stale = [sid for sid, ids in stories.items() if not _current(store, sid, ids)]
    _save(store, stale)
    return AnalysisBacklog(
        tuple(stale), sum(len(stories[s]) for s in stale), store.count_articles()
    )


def _current(store: Store, story_id: str, article_ids: list[str]) -> bool:
    cached = store.get_state(state_key(story_id))
    return cached is not None and cached.get("key") == ids_key(article_ids)


def _save(store: Store, story_ids: Iterable[str], *, assigning: bool = False) -> None:
    state = {"version": _VERSION, "stories": list(dict.fromkeys(story_ids)), "assigning": assigning}
    with store.transaction():
        store.put_state(BACKLOG_STATE, state)
        store.put_state(_DONE_STATE, {"stories": []})


def start_assigning(store: Store) -> bool:
    """Before an ingest assigns articles: the backlog is unknown until :func:`add`. Whether
    it was known (else :func:`add` must not be called: a scan will find the stories)."""
    state = _load(store)
    if state is None and store.get_state(BACKLOG_STATE) is None and not store.story_ids():
        state = {"stories": []}  # no story yet: nothing to scan
    if state is None:
        return False
    _save(store, state.get("stories", []), assigning=True)
    return True


def add(store: Store, story_ids: Iterable[str]) -> None:
    """After :func:`start_assigning` (when it returned True): the stories the ingest touched
    join the backlog, which is known again."""
    state = store.get_state(BACKLOG_STATE) or {}
    _save(store, [*_left(store, state), *story_ids])


def note_done(store: Store, story_ids: Iterable[str]) -> None:
    """Record stories computed since the last :func:`remove` (a short list, cheap to write)."""
    with store.transaction():
        done = (store.get_state(_DONE_STATE) or {}).get("stories", [])
        store.put_state(_DONE_STATE, {"stories": list(dict.fromkeys([*done, *story_ids]))})


def remove(store: Store, story_ids: Iterable[str]) -> None:
    """Stories whose knowledge is now current (or that have no article left) leave it."""
    done = set(story_ids)
    state = _load(store) if done else None
    if state is not None:
        _save(store, [s for s in state.get("stories", []) if s not in done])
