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
from storyline.follow import (
    Fetcher,
    Follower,
    OpmlOutline,
    RoundReport,
    add_source,
    export_warc,
    parse_every,
    read_opml,
    write_opml,
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
    entity_total_view,
    rejection_view,
    story_detail_view,
    story_view,
    summarise,
    warm_cache,
)
from storyline.pipeline import IngestReport, Pipeline, ProgressCallback, StoryDetail
from storyline.records import (
    Article,
    Assignment,
    RawInput,
    Rejection,
    RemovedLine,
    Source,
    Story,
)
from storyline.store import Store, StoryQuery, open_store

__version__ = "0.1.0"

__all__ = [
    "STATUSES",
    "Article",
    "Assignment",
    "Citation",
    "ConfigError",
    "Expectation",
    "Fetcher",
    "Follower",
    "IngestReport",
    "InputError",
    "MissingExtraError",
    "NotFoundError",
    "OpmlOutline",
    "Pipeline",
    "ProgressCallback",
    "RawInput",
    "Rejection",
    "RemovedLine",
    "RoundReport",
    "SchemaVersionError",
    "Settings",
    "Source",
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
    "add_source",
    "all_entities",
    "all_expectations",
    "analyse_story",
    "article_view",
    "build_ledger",
    "build_timeline",
    "dask_executor",
    "default_db_path",
    "entity_total_view",
    "export_warc",
    "guarded_transport",
    "load_metadata_manifest",
    "open_store",
    "parse_every",
    "read_opml",
    "rejection_view",
    "story_detail_view",
    "story_view",
    "summarise",
    "warm_cache",
    "write_opml",
]
