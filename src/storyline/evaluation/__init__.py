"""Quality measurement on real gold data: ECB+ stories, UCI headlines, main-text extraction.

Loaders read the public data sets in place (``../shared/data``); nothing is copied.
"""

from __future__ import annotations

from storyline.evaluation.metrics import Scores, bcubed, pairwise

__all__ = ["Scores", "bcubed", "pairwise"]
