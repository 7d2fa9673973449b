"""Storyline: turn a pile or a stream of news articles into stories people can follow.

The public surface is :data:`__all__`; the CLI, the web app and the docs import only these.

>>> from storyline import Pipeline, open_store
>>> with open_store("stories.db") as store:                      # doctest: +SKIP
...     report = Pipeline(store).ingest(["articles/"])
...     for story in Pipeline(store).stories():
...         print(story.title, story.n_articles, story.independent_origins)
"""

from __future__ import annotations

from storyline.config import Settings, default_db_path
from storyline.errors import (
    ConfigError,
    InputError,
    MissingExtraError,
    NotFoundError,
    SchemaVersionError,
    StoreError,
    StoreReadOnlyError,
    StoreValueError,
    StorylineError,
)
from storyline.ingest import load_metadata_manifest
from storyline.ingest.distributed import dask_executor
from storyline.ingest.fetch import guarded_transport
from storyline.knowledge import (
    STATUSES,
    Citation,
    Expectation,
    StoryKnowledge,
    SummarySentence,
    TimelineItem,
    Window,
    all_entities,
    all_expectations,
    analyse_story,
    article_view,
    build_ledger,
    build_timeline,
    rejection_view,
    story_detail_view,
    story_view,
    summarise,
    warm_cache,
)
from storyline.pipeline import IngestReport, Pipeline, ProgressCallback, StoryDetail
from storyline.records import Article, Assignment, RawInput, Rejection, RemovedLine, Story
from storyline.store import Store, StoryQuery, open_store

__version__ = "0.1.0"

__all__ = [
    "STATUSES",
    "Article",
    "Assignment",
    "Citation",
    "ConfigError",
    "Expectation",
    "IngestReport",
    "InputError",
    "MissingExtraError",
    "NotFoundError",
    "Pipeline",
    "ProgressCallback",
    "RawInput",
    "Rejection",
    "RemovedLine",
    "SchemaVersionError",
    "Settings",
    "Store",
    "StoreError",
    "StoreReadOnlyError",
    "StoreValueError",
    "Story",
    "StoryDetail",
    "StoryKnowledge",
    "StoryQuery",
    "StorylineError",
    "SummarySentence",
    "TimelineItem",
    "Window",
    "__version__",
    "all_entities",
    "all_expectations",
    "analyse_story",
    "article_view",
    "build_ledger",
    "build_timeline",
    "dask_executor",
    "default_db_path",
    "guarded_transport",
    "load_metadata_manifest",
    "open_store",
    "rejection_view",
    "story_detail_view",
    "story_view",
    "summarise",
    "warm_cache",
]
