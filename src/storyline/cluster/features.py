"""What the clusterer reads of an article's text, before any learned state comes in.

:func:`text_features` is a pure function of the article (its words, names, numbers and the
lead the dense model reads), so the pipeline computes it ahead, on its helper thread, while
the clusterer decides the articles before (:meth:`storyline.cluster.StoryClusterer.prepare`).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.embed import article_embedding_text
from storyline.records import Article
from storyline.text.features import name_keys, numbers_of, sublinear_tf, terms

__all__ = ["TextFeatures", "article_feature_text", "text_features"]


# Characters of an article's text the clusterer reads (memory: its word features of a 45 MB
# text took ~850 MB at once). News reports run to a few thousand characters (ECB+: 1.7k mean,
# the longest 18k), and what makes a story is in their opening, so none is cut in practice.
FEATURE_CHARS = 100_000


def article_feature_text(article: Article) -> str:
    """Title and text (cleaned, else raw; its first :data:`FEATURE_CHARS` characters), the
    title not repeated when the text opens it."""
    title = (article.title or "").strip()
    body = (article.text or article.raw_text)[:FEATURE_CHARS]
    if title and body.lstrip().startswith(title):
        return body
    return f"{title}\n{body}" if title else body


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """The clusterer's text features of one article (see the module's docstring)."""

    text: str  # article_feature_text: what the rest was computed from
    title: str
    term_tf: dict[str, float]
    name_tf: dict[str, float]
    title_tf: dict[str, float]
    numbers: frozenset[str]
    lead: str  # what the embedder reads (title and lead)


def text_features(article: Article, lead_chars: int) -> TextFeatures:
    text = article_feature_text(article)
    title = article.title or ""
    return TextFeatures(
        text=text,
        title=title,
        term_tf=sublinear_tf(terms(text)),
        name_tf=sublinear_tf(name_keys(text)),
        title_tf=sublinear_tf(terms(title)),
        numbers=numbers_of(text),
        lead=article_embedding_text(article, lead_chars),
    )
