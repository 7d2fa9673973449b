"""What the pipeline hands back: an ingest's :class:`IngestReport`, a :class:`StoryDetail`,
and the :data:`ProgressCallback` it reports progress through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline.knowledge import rejection_view
from storyline.records import Article, Assignment, Rejection, Story

__all__ = ["IngestReport", "ProgressCallback", "StoryDetail", "no_progress"]

#: ``progress(stage, done, total)``: called as work advances; the CLI draws it as a bar.
ProgressCallback = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """The :data:`ProgressCallback` that reports nothing."""
    return None


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: counts, the new articles, and every rejection with its reason."""

    ingested: int = 0
    already_stored: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    story_ids: list[str] = field(default_factory=list)
    analysed_stories: int = 0  # stories whose knowledge this ingest computed and stored
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "already_stored": self.already_stored,
            "rejected": [rejection_view(r) for r in self.rejected],
            "article_ids": self.article_ids,
            "story_ids": self.story_ids,
            "analysed_stories": self.analysed_stories,
            "notices": self.notices,
        }


@dataclass(slots=True)
class StoryDetail:
    """One story with its articles and the explanation of every assignment."""

    story: Story
    articles: list[Article]
    assignments: list[Assignment]
