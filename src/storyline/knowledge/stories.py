"""Story records built from their articles: title, size, independent origins, first report.

Pure functions: the pipeline gathers a story's articles from the store and calls these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storyline.records import Article, Story
from storyline.text import first_reported, independent_origins

__all__ = ["publication_order", "story_title", "summarise_story"]


def publication_order(article: Article) -> tuple[bool, datetime, int]:
    """Sort key: dated articles first, by date; undated ones after, in ingest order."""
    return (article.published is None, article.published or datetime.min, article.seq)


def story_title(articles: Sequence[Article]) -> str:
    """A story is titled by the headline of its first independent report.

    Copies (``duplicate_of`` set) are skipped in favour of originals; an article without a
    title falls back to its first line of cleaned text.
    """
    ordered = sorted(articles, key=lambda a: (a.duplicate_of is not None, *publication_order(a)))
    for article in ordered:
        if article.title and article.title.strip():
            return article.title.strip()
    for article in ordered:
        first = next((line.strip() for line in article.text.split("\n") if line.strip()), "")
        if first:
            return first[:120]
    return "(untitled story)"


def summarise_story(story_id: str, articles: Sequence[Article]) -> Story:
    """The summary record of one story from all its articles."""
    ordered = sorted(articles, key=publication_order)
    dates = [a.published for a in ordered if a.published is not None]
    first = first_reported(ordered)
    return Story(
        id=story_id,
        title=story_title(ordered),
        article_ids=[a.id for a in ordered],
        n_articles=len(ordered),
        independent_origins=independent_origins(ordered),
        first_reported=min(dates) if dates else None,
        last_reported=max(dates) if dates else None,
        first_article_id=first.id if first else None,
        sources=sorted({a.source for a in ordered if a.source}),
        languages=sorted({a.language for a in ordered if a.language}),
    )
