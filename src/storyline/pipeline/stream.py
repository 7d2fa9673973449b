"""The stream state an ingest needs of every stored article, kept in memory between ingests.

A :class:`~storyline.pipeline.Pipeline` loads its duplicate index and clusterer from the store
once (:func:`load_stream`, or from a snapshot: :mod:`storyline.pipeline.snapshot`) and then
keeps them up to date itself. Every ingest bumps the store state ``stream_generation``
(``{"n", "by"}``) once its articles are assigned (:func:`next_generation`); a marker other than
the one a Pipeline last wrote means another process (or Pipeline) wrote.

The state then catches up (:func:`catch_up`) instead of reading every article again: it knows
the last ``seq`` it read up to, so it reads the articles stored after it (and those it found
unassigned then), as it would have learned them had it run those ingests itself. What else an
ingest changes in stored articles is a split or merge moving earlier articles to other stories:
each ingest records the ids it moved in the store state ``stream_moves`` (the last
:data:`MOVE_LOG_IDS` or so), and the catching-up state makes the stories they left and joined
anew from their stored articles (:meth:`StoryClusterer.rebuild`). A state older than that log
(or a marker written by a Storyline that kept no log) is loaded again.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storyline.cluster import StoryClusterer
from storyline.config import Settings
from storyline.embed import Embedder
from storyline.errors import NotFoundError
from storyline.records import Article
from storyline.store import Store
from storyline.text import DuplicateIndex

__all__ = [
    "GENERATION_STATE",
    "MOVES_STATE",
    "StreamState",
    "advance",
    "catch_up",
    "load_stream",
    "next_generation",
    "record_moves",
]

GENERATION_STATE = "stream_generation"
MOVES_STATE = "stream_moves"
# How many moved article ids the log keeps (oldest generations go first): at about 5 moves per
# 100-article ingest (load.py's stream: 25 of 30 ingests moved some), 20,000 cover ~400,000
# articles ingested, past the snapshot cadence (storyline.pipeline.snapshot).
MOVE_LOG_IDS = 20_000
# A catch-up that would make stories of more articles than this anew loads everything instead.
MAX_REBUILT = 50_000


@dataclass(slots=True)
class StreamState:
    """The duplicate index and the clusterer, the store generation they match, and how far in
    the store they have read: every article up to ``seq`` but those in ``missing`` (stored
    without a story when read), and those assigned since by this Pipeline."""

    duplicates: DuplicateIndex
    clusterer: StoryClusterer
    generation: dict[str, Any] | None
    seq: int = 0
    missing: set[str] = field(default_factory=set)
    learned: int = 0  # articles learned since loaded or snapshotted (the snapshot cadence)


def new_stream(
    settings: Settings, embedder: Embedder, marker: dict[str, Any] | None
) -> StreamState:
    """An empty state."""
    return StreamState(
        DuplicateIndex(settings.dedup),
        StoryClusterer(settings.cluster, embedder, lead_chars=settings.embed.lead_chars),
        marker,
    )


def load_stream(
    store: Store,
    settings: Settings,
    embedder: Embedder,
    marker: dict[str, Any] | None,
    exclude: set[str],
) -> StreamState:
    """The duplicate index and clusterer rebuilt from the stored articles (as stored: splits
    and merges included; stored embeddings read, not recomputed), ``exclude`` left out."""
    stream = new_stream(settings, embedder, marker)
    stream.seq = store.next_seq() - 1
    _learn(stream, store.iter_articles(order="published"), exclude)
    return stream


def _learn(stream: StreamState, articles: Iterable[Article], exclude: Collection[str]) -> None:
    """Learn the stored articles (one learned before is skipped by both indexes); one without
    a story (or excluded: being assigned now) up to ``stream.seq`` is noted as missing."""
    for old in articles:
        if old.id in exclude or old.story_id is None:
            if old.seq <= stream.seq:
                stream.missing.add(old.id)
            continue
        stream.missing.discard(old.id)
        if old.text_hash is not None:
            stream.duplicates.add(old)
        stream.clusterer.learn_one(old, reshape=False)
        stream.learned += 1


def catch_up(
    stream: StreamState, store: Store, marker: dict[str, Any] | None, exclude: set[str]
) -> bool:
    """Bring the state to the store's generation ``marker``: the articles stored since it read
    (and those it found missing, now assigned) learned, the stories of the articles moved since
    made anew. False when it cannot (the move log does not reach back to its generation, a
    moved article is gone): the caller loads the state again."""
    moved = _moved_since(stream.generation, marker, store.get_state(MOVES_STATE))
    if moved is None:
        return False
    try:
        missing = sorted(stream.missing - exclude)
        seq = store.next_seq() - 1
        found = store.articles_by_id(missing) if missing else []
        before, stream.seq = stream.seq, seq
        _learn(stream, found, exclude)
        _learn(stream, store.articles_after(before), exclude)
        if moved and not _rebuild(stream, store, moved):
            return False
    except NotFoundError:  # no article is ever deleted; if one was, start again
        return False
    stream.generation = marker
    return True


def advance(stream: StreamState, store: Store) -> bool:
    """Count as read the articles stored since ``stream.seq`` when every one of them in a story
    is learned (this Pipeline assigned them; none was assigned by a writer that did not bump
    the generation), so a later catch-up (or a snapshot's) does not read them again; those
    without a story yet are noted as missing. Whether it advanced."""
    seq = store.next_seq() - 1
    unassigned = store.unassigned_ids()  # before the assigned: one assigned between is seen
    learned = stream.clusterer.story_of
    if any(learned(i) is None for i in store.assigned_ids_after(stream.seq)):
        return False
    stream.seq = seq
    stream.missing.update(unassigned)
    return True


def _moved_since(
    held: Mapping[str, Any] | None,
    marker: Mapping[str, Any] | None,
    log: Mapping[str, Any] | None,
) -> set[str] | None:
    """The ids moved by the ingests after generation ``held`` up to ``marker``; None when the
    log does not tell (it starts later, or an ingest did not write it)."""
    if marker is None or log is None:
        return None
    since = int((held or {}).get("n", 0))
    if log.get("n") != marker.get("n") or int(log.get("from", -1)) > since:
        return None
    if since > int(marker.get("n", 0)):
        return None
    return {i for n, ids in log.get("log", []) if int(n) > since for i in ids}


def _rebuild(stream: StreamState, store: Store, moved: set[str]) -> bool:
    """Make the stories the moved articles left (in this state) and joined (as stored) anew."""
    clusterer = stream.clusterer
    stories = {s for s in (clusterer.story_of(i) for i in moved) if s is not None}
    stories |= {a.story_id for a in store.articles_by_id(sorted(moved)) if a.story_id}
    members: dict[str, list[Article]] = {}
    total = 0
    for story_id in sorted(stories):
        members[story_id] = list(store.iter_articles(order="published", story_id=story_id))
        total += len(members[story_id])
        if total > MAX_REBUILT:
            return False
    return clusterer.rebuild(members)


def next_generation(marker: Mapping[str, Any] | None) -> dict[str, Any]:
    """The marker an ingest writes after ``marker``: one more, by a new writer token."""
    return {"n": int((marker or {}).get("n", 0)) + 1, "by": uuid.uuid4().hex}


def record_moves(
    log: Mapping[str, Any] | None,
    marker: Mapping[str, Any] | None,
    new_marker: Mapping[str, Any],
    moved: Collection[str],
) -> dict[str, Any]:
    """The move log after an ingest that wrote ``new_marker`` over ``marker`` and moved these
    earlier articles. A log that missed a generation starts again from ``marker``."""
    old = int((marker or {}).get("n", 0))
    if log is None or log.get("n") != old:
        log = {"from": old, "n": old, "log": []}
    entries = [list(e) for e in log.get("log", [])]
    if moved:
        entries.append([int(new_marker["n"]), sorted(moved)])
    start = int(log.get("from", old))
    while entries and sum(len(e[1]) for e in entries) > MOVE_LOG_IDS:
        start = int(entries.pop(0)[0])  # its generation is no longer covered
    return {"from": start, "n": int(new_marker["n"]), "log": entries}
