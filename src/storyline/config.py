"""Settings: frozen dataclasses, built once at the edge (CLI, web app, API caller), defaults here.

Each pipeline stage reads only its own section. A tuned constant says how it was tuned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CleanConfig",
    "ClusterConfig",
    "DedupConfig",
    "EmbedConfig",
    "IngestConfig",
    "LanguageConfig",
    "Settings",
    "default_db_path",
]


@dataclass(frozen=True, slots=True)
class IngestConfig:
    # Files larger than this are rejected rather than read into memory (WARC archives excepted:
    # they are streamed record by record).
    max_file_bytes: int = 50 * 1024 * 1024
    max_warc_bytes: int = 20 * 1024 * 1024 * 1024
    # A text whose extracted body has fewer characters than this is rejected as "no text".
    min_text_chars: int = 40


@dataclass(frozen=True, slots=True)
class CleanConfig:
    # A line is learned as boilerplate of a source when it occurs in at least this many
    # articles of that source, and in at least this share of them.
    repeat_min_articles: int = 3
    repeat_min_share: float = 0.3
    # Lines longer than this are never boilerplate by repetition (real paragraphs get quoted).
    repeat_max_chars: int = 200


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    # ISO 639-1 codes the detector is built for (a detector for all 75 languages costs 1.2 GB).
    languages: tuple[str, ...] = ("en", "fr", "de", "es", "it", "pt", "nl", "ru")
    min_chars: int = 20


@dataclass(frozen=True, slots=True)
class DedupConfig:
    num_perm: int = 128
    shingle_words: int = 3
    # LSH is set below the target and candidates are confirmed by exact Jaccard on shingles:
    # offline-stack.md measured that LSH at 0.7 misses 16% of planted copies, at 0.5 none.
    lsh_threshold: float = 0.5
    near_duplicate_jaccard: float = 0.6
    seed: int = 1


@dataclass(frozen=True, slots=True)
class EmbedConfig:
    # "use" = Universal Sentence Encoder multilingual (numpy only); "none" = lexical only.
    model: str = "use"
    # The dense model reads the title and the lead only: whole articles cost ~5x more time and
    # the lead carries the event (see benchmarks/).
    lead_chars: int = 600


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    threshold: float = 0.35
    weight_lexical: float = 0.5
    weight_dense: float = 0.5
    # Similarity decays with the time gap between an article and a story's latest article.
    time_decay_days: float = 7.0
    # Stories with no article for this many days leave the active set (and are not candidates).
    max_story_age_days: float = 30.0
    max_candidates: int = 20
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)


def default_db_path() -> Path:
    """``$STORYLINE_DB`` if set, else ``storyline.db`` in the user's data directory."""
    env = os.environ.get("STORYLINE_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("storyline")) / "storyline.db"
