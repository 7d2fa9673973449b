"""Where Storyline keeps what it learned: the :class:`Store` interface and its backends.

``open_store(path_or_url)`` opens one: a plain path or ``sqlite:///path.db`` is the default
SQLite backend (:class:`SQLiteStore`), ``":memory:"`` an in-memory one for tests, and
``postgresql://...`` the PostgreSQL extra. ``register_backend(scheme, factory)`` adds others.
"""

from __future__ import annotations

from storyline.store.base import (
    ArticleOrder,
    EntityTotal,
    SearchRanking,
    SearchResult,
    Store,
    StoreFactory,
    StoryEntity,
    StoryExpectation,
    StoryQuery,
    StorySort,
)
from storyline.store.registry import known_schemes, open_store, register_backend
from storyline.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = [
    "SCHEMA_VERSION",
    "ArticleOrder",
    "EntityTotal",
    "SQLiteStore",
    "SearchRanking",
    "SearchResult",
    "Store",
    "StoreFactory",
    "StoryEntity",
    "StoryExpectation",
    "StoryQuery",
    "StorySort",
    "known_schemes",
    "open_store",
    "register_backend",
]
