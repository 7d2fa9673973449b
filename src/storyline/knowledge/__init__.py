"""What a story says: its title and origins, entities, events, timeline, summary and ledger.

:mod:`~storyline.knowledge.stories` summarises a story from its articles (title, origins, first
report); :mod:`~storyline.knowledge.analysis` runs the extraction (:mod:`storyline.extract`) over
a story's articles and assembles the :mod:`~storyline.knowledge.timeline`, the cited
:mod:`~storyline.knowledge.summary` and the :mod:`~storyline.knowledge.expectations` ledger;
:mod:`~storyline.knowledge.views` turns records into the JSON the CLI and the HTTP API share.
"""

from __future__ import annotations

from storyline.knowledge.analysis import (
    ANALYSIS_VERSION,
    ArticleAnalysis,
    StoryKnowledge,
    all_entities,
    all_expectations,
    analyse_articles,
    analyse_story,
    knowledge_at,
    open_story,
    warm_cache,
)
from storyline.knowledge.expectations import (
    STATUSES,
    Citation,
    Expectation,
    Window,
    apply_clock,
    build_ledger,
)
from storyline.knowledge.stories import publication_order, story_title, summarise_story
from storyline.knowledge.summary import SummarySentence, summarise
from storyline.knowledge.timeline import TimelineItem, build_timeline
from storyline.knowledge.views import (
    article_view,
    entity_total_view,
    rejection_view,
    story_detail_view,
    story_view,
)

__all__ = [
    "ANALYSIS_VERSION",
    "STATUSES",
    "ArticleAnalysis",
    "Citation",
    "Expectation",
    "StoryKnowledge",
    "SummarySentence",
    "TimelineItem",
    "Window",
    "all_entities",
    "all_expectations",
    "analyse_articles",
    "analyse_story",
    "apply_clock",
    "article_view",
    "build_ledger",
    "build_timeline",
    "entity_total_view",
    "knowledge_at",
    "open_story",
    "publication_order",
    "rejection_view",
    "story_detail_view",
    "story_title",
    "story_view",
    "summarise",
    "summarise_story",
    "warm_cache",
]
