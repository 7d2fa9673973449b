"""JSON-ready views of stories and articles, shared by the CLI and the HTTP API.

The keys named in the README are relied on by scripts: add keys freely, never rename these.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from storyline.records import Article, Rejection, Story
from storyline.store import EntityTotal

__all__ = ["article_view", "rejection_view", "story_detail_view", "story_view"]


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat()


def story_view(story: Story) -> dict[str, Any]:
    """The ``storyline stories --json`` object of one story."""
    return {
        "id": story.id,
        "title": story.title,
        "n_articles": story.n_articles,
        "independent_origins": story.independent_origins,
        "first_reported": _iso(story.first_reported),
        "last_reported": _iso(story.last_reported),
        "first_article_id": story.first_article_id,
        "sources": story.sources,
        "languages": story.languages,
        "article_ids": story.article_ids,
    }


def article_view(article: Article, *, with_text: bool = False) -> dict[str, Any]:
    """One article as shown in ``storyline show --json``."""
    view: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "entry": article.entry or None,
        "format": article.format,
        "title": article.title,
        "source": article.source,
        "published": _iso(article.published),
        "url": article.url,
        "language": article.language,
        "removed_lines": [
            {"line": r.line, "rule": r.rule, "line_no": r.line_no} for r in article.removed_lines
        ],
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind,
        "duplicate_similarity": article.duplicate_similarity,
        "story_id": article.story_id,
        "followed": _followed(article),
        "warnings": [str(w) for w in article.meta.get("warnings", [])],
        # a digest page kept out of stories: {"parts", "groups", "largest_share", "reason"}
        "digest": article.meta.get("digest"),
    }
    if with_text:
        view["text"] = article.text
    return view


def _followed(article: Article) -> dict[str, Any] | None:
    """How ``storyline follow`` got the article: from which feed, when, and where its date
    came from (None for an article ingested from a file)."""
    if "feed" not in article.meta:
        return None
    return {
        "feed": article.meta["feed"],
        "fetched": article.meta.get("fetched"),
        "published_from": article.meta.get("published_from"),
    }


def story_detail_view(
    story: Story, articles: list[Article], explanations: list[dict[str, Any]]
) -> dict[str, Any]:
    """The ``storyline show --json`` object: the story, its articles, why they are together."""
    return {
        **story_view(story),
        "articles": [article_view(a) for a in articles],
        "explanations": explanations,
    }


def rejection_view(rejection: Rejection) -> dict[str, Any]:
    view = {"path": rejection.path, "reason": rejection.reason}
    if rejection.entry:
        view["entry"] = rejection.entry
    return view


def entity_total_view(entity: EntityTotal) -> dict[str, Any]:
    """One entity of the knowledge index as the CLI and the API show it: ``mentions``,
    ``n_stories`` and the latest ``stories`` it is in, with the ``aliases`` they give it."""
    return {
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "mentions": entity.mentions,
        "n_stories": entity.n_stories,
        "stories": list(entity.story_ids),
    }
