"""Pydantic models that document the JSON API in its OpenAPI schema.

The routes return the library's view dicts as they are (``extra="allow"``: keys the library
adds later, such as ``entities`` or ``expectations``, pass through); these models only
describe them. Key names are the CLI's (``storyline show --json``), documented in the README.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "ArticleOut",
    "EntityList",
    "ErrorOut",
    "ExpectationList",
    "IngestOut",
    "SearchOut",
    "StoryDetailOut",
    "StoryList",
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorOut(_Open):
    error: str
    detail: Any = None


class StorySummary(_Open):
    id: str
    title: str
    n_articles: int
    independent_origins: int
    first_reported: str | None
    last_reported: str | None
    first_article_id: str | None
    sources: list[str]
    languages: list[str]
    article_ids: list[str]


class StoryList(_Open):
    total: int
    limit: int
    offset: int
    stories: list[StorySummary]


class RemovedLineOut(_Open):
    line: str
    rule: str
    line_no: int


class FollowedOut(_Open):
    feed: str
    fetched: str | None
    published_from: str | None


class DigestOut(_Open):
    parts: int
    groups: int
    largest_share: float
    reason: str


class ArticleOut(_Open):
    id: str
    path: str
    entry: str | None
    format: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    language: str | None
    removed_lines: list[RemovedLineOut]
    duplicate_of: str | None
    duplicate_kind: str | None
    duplicate_similarity: float | None
    story_id: str | None
    followed: FollowedOut | None = None
    warnings: list[str] = []
    digest: DigestOut | None = None


class ExplanationOut(_Open):
    article_id: str
    story_id: str
    new_story: bool
    score: float
    lexical: float
    dense: float
    time_gap_days: float | None
    shared_terms: list[str]
    shared_names: list[str]
    best_other_story: str | None
    reason: str


class DuplicateCopy(_Open):
    id: str
    kind: str | None
    similarity: float | None


class DuplicateGroup(_Open):
    origin: str
    origin_in_story: bool
    copies: list[DuplicateCopy]


class KnowledgeStateOut(_Open):
    """Whether the story's stored knowledge matches its present articles."""

    stale: bool
    missing: bool


class StoryPageOut(_Open):
    """How the story's long lists were paged, and their full lengths."""

    limit: int
    offset: int
    totals: dict[str, int]


class StoryDetailOut(StorySummary):
    articles: list[ArticleOut]
    explanations: list[ExplanationOut]
    duplicate_groups: list[DuplicateGroup]
    origins: list[str]
    knowledge: KnowledgeStateOut | None = None
    notices: list[str] | None = None
    page: StoryPageOut | None = None


class SearchHit(_Open):
    article_id: str
    snippet: str
    title: str | None
    source: str | None
    published: str | None
    language: str | None
    story_id: str | None


class SearchOut(_Open):
    query: str
    hits: list[SearchHit]
    ranking: Literal["exact", "estimated", "capped"]
    approximate: bool
    ranked: int | None
    note: str | None


class EntityList(_Open):
    total: int
    limit: int
    offset: int
    entities: list[dict[str, Any]]


class ExpectationList(_Open):
    total: int
    limit: int
    offset: int
    expectations: list[dict[str, Any]]


class RejectionOut(_Open):
    path: str
    reason: str


class IngestOut(_Open):
    ingested: int
    already_stored: int
    rejected: list[RejectionOut]
    article_ids: list[str]
    story_ids: list[str]
    analysed_stories: int = 0
    notices: list[str] = []
