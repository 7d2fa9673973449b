"""The boilerplate model in the store: one state row per source, read and written back only
for the sources an ingest touches.

A follower's batch of thirty articles from three feeds reads and writes three small rows, not
the lines of every article the store ever learned (one row holding the whole model made each
ingest cost O(articles stored): ~100 ms at 4,000 articles, growing ~1.4 kB an article).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from storyline.config import CleanConfig
from storyline.errors import StoreError
from storyline.records import Article
from storyline.store import Store
from storyline.text import BoilerplateModel, source_key

# The row that once held the whole model (format 1); now a marker saying where the model is.
_HEADER = "boilerplate"
_PREFIX = "boilerplate:"  # + a source key: that source's state
_LAYOUT = "per-source"

LOG = logging.getLogger(__name__)


def learn_boilerplate(
    store: Store, batches: Iterable[list[Article]], keep_ids: set[str], config: CleanConfig
) -> BoilerplateModel:
    """The model of the sources of these articles, having learned them, and saved.

    ``keep_ids``: the ids of the articles not yet assigned to stories (which a later ingest may
    learn again after this one is killed); other learned ids are forgotten.
    """
    _split_whole_model(store)
    model = BoilerplateModel(config)
    loaded: set[str] = set()
    for batch in batches:
        for key in {source_key(a) for a in batch} - loaded:
            if key is not None:
                _load_source(store, model, key)
                loaded.add(key)
        model.learn(batch)
    model.retain_ids(keep_ids)
    with store.transaction():
        for key in model.sources():
            store.put_state(_PREFIX + key, model.source_state(key))
    return model


def _load_source(store: Store, model: BoilerplateModel, key: str) -> None:
    """Load one source's row into ``model``; an unreadable row (damaged, or of another format)
    is relearned from scratch, with a warning: it is learned state, rebuilt as articles come,
    and an ingest must not fail on it (the next save replaces the row)."""
    state = store.get_state(_PREFIX + key)
    if state is None:
        return
    try:
        model.load_source(key, state)
    except StoreError as exc:
        LOG.warning("boilerplate state of source %r unreadable, relearned from now: %s", key, exc)


def _split_whole_model(store: Store) -> None:
    """Move a store's whole-model row (format 1, before this layout) into per-source rows."""
    header = store.get_state(_HEADER)
    if header is None or header.get("layout") == _LAYOUT:
        return
    model = BoilerplateModel.from_dict(_upgraded(header))
    with store.transaction():
        for key in model.sources():
            store.put_state(_PREFIX + key, model.source_state(key))
        store.put_state(_HEADER, {"layout": _LAYOUT})


def _upgraded(data: dict[str, Any]) -> dict[str, Any]:
    """Format-1 model data as format 2. Its learned ids were not kept per source: they are
    dropped (an article a killed ingest left unassigned may then count twice, once)."""
    if data.get("format") != 1:
        return data
    sources = data.get("sources")
    if isinstance(sources, dict):
        sources = {
            key: {**state, "ids": []} if isinstance(state, dict) else state
            for key, state in sources.items()
        }
    return {"format": 2, "sources": sources}
