"""The stream state an ingest needs of every stored article, kept in memory between ingests.

A :class:`~storyline.pipeline.Pipeline` loads its duplicate index and clusterer from the store
once (:func:`load_stream`) and then keeps them up to date itself. Every ingest bumps the store
state ``stream_generation`` (``{"n", "by"}``) once its articles are assigned
(:func:`next_generation`); a marker other than the one a Pipeline last wrote means another
process (or Pipeline) wrote, and the state is loaded again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storyline.cluster import StoryClusterer
from storyline.config import Settings
from storyline.embed import Embedder
from storyline.store import Store
from storyline.text import DuplicateIndex

__all__ = ["GENERATION_STATE", "StreamState", "load_stream", "next_generation"]

GENERATION_STATE = "stream_generation"


@dataclass(slots=True)
class StreamState:
    """The duplicate index and the clusterer, and the store generation they match."""

    duplicates: DuplicateIndex
    clusterer: StoryClusterer
    generation: dict[str, Any] | None


def load_stream(
    store: Store,
    settings: Settings,
    embedder: Embedder,
    marker: dict[str, Any] | None,
    exclude: set[str],
) -> StreamState:
    """The duplicate index and clusterer rebuilt from the stored articles (as stored: splits
    and merges included; stored embeddings read, not recomputed), ``exclude`` left out."""
    stream = StreamState(
        DuplicateIndex(settings.dedup),
        StoryClusterer(settings.cluster, embedder, lead_chars=settings.embed.lead_chars),
        marker,
    )
    for old in store.iter_articles(order="published"):
        if old.id in exclude:
            continue
        if old.text_hash is not None:
            stream.duplicates.add(old)
        if old.story_id is not None:
            stream.clusterer.learn_one(old, reshape=False)
    return stream


def next_generation(marker: Mapping[str, Any] | None) -> dict[str, Any]:
    """The marker an ingest writes after ``marker``: one more, by a new writer token."""
    return {"n": int((marker or {}).get("n", 0)) + 1, "by": uuid.uuid4().hex}
