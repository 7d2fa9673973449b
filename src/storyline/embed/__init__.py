"""Dense sentence embeddings of articles: the :class:`Embedder` protocol, its registry and models.

:mod:`~storyline.embed.models` holds the protocol and the shipped embedders (Universal Sentence
Encoder, hashing, none); :mod:`~storyline.embed.use_forward` is USE's forward pass with a text's
widest n-gram branch on a second thread.
"""

from __future__ import annotations

from storyline.embed.models import (
    Embedder,
    HashingEmbedder,
    NullEmbedder,
    UseEmbedder,
    article_embedding_text,
    available_embedders,
    embed_articles,
    get_embedder,
    normalise_rows,
    preload,
    register_embedder,
    unit_vector,
)

__all__ = [
    "Embedder",
    "HashingEmbedder",
    "NullEmbedder",
    "UseEmbedder",
    "article_embedding_text",
    "available_embedders",
    "embed_articles",
    "get_embedder",
    "normalise_rows",
    "preload",
    "register_embedder",
    "unit_vector",
]
