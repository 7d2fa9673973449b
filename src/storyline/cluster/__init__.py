"""Articles into stories, online: the river-style :class:`StoryClusterer` and what it is made of.

:mod:`~storyline.cluster.clusterer` is the clusterer (``learn_one`` / ``predict_one`` /
``explain_one``); beneath it: its features (``features``), candidate indexes (``posting_index``,
``dense_index``), state records (``state``, ``members``), explanations (``explain``), splits and
merges of stories (``split``, ``merge``), the join threshold by size (``threshold``) and the
optional learned merge decision (``merge_model``, ``pairs``) with its fitted ``model.json``
and ``params.json``.
"""

from __future__ import annotations

from storyline.cluster.clusterer import (
    StoryClusterer,
    TextFeatures,
    article_feature_text,
    text_features,
)
from storyline.cluster.merge_model import MergeModel, load_merge_model

__all__ = [
    "MergeModel",
    "StoryClusterer",
    "TextFeatures",
    "article_feature_text",
    "load_merge_model",
    "text_features",
]
