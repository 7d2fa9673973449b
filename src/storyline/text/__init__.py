"""The text of one article: boilerplate out, its language, its duplicates, its word features.

Pure stages over :class:`~storyline.records.Article` records (no disk, no network):
:mod:`~storyline.text.clean` removes site boilerplate reversibly, :mod:`~storyline.text.language`
tags the language, :mod:`~storyline.text.dedup` finds exact and near copies (wire copies),
:mod:`~storyline.text.digest` tells a digest page (parts about different things) apart, and
:mod:`~storyline.text.features` holds the tokens, names and TF-IDF helpers the later stages share.
"""

from __future__ import annotations

from storyline.text.clean import BoilerplateModel, clean, pick_title, restore, source_key
from storyline.text.dedup import (
    DuplicateIndex,
    DuplicateMatch,
    first_reported,
    independent_origins,
    text_hash,
)
from storyline.text.digest import Digest, find_digest
from storyline.text.language import LanguageDetector

__all__ = [
    "BoilerplateModel",
    "Digest",
    "DuplicateIndex",
    "DuplicateMatch",
    "LanguageDetector",
    "clean",
    "find_digest",
    "first_reported",
    "independent_origins",
    "pick_title",
    "restore",
    "source_key",
    "text_hash",
]
