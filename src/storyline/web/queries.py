"""What the API and the pages show: filtered, sorted, paged views built from the library.

Every function here takes a :class:`~storyline.Pipeline` (or view dicts) and returns JSON-ready
dicts; the routes only parse parameters and format. Views come from :mod:`storyline.knowledge.views`
(``story_view``, ``story_detail_view``, ``article_view``), so the API keys are the CLI's keys.

Entities and expectations (the expectation ledger) are read from the views when they carry
``entities`` / ``expectations`` keys; until the library adds them the lists are empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from storyline import (
    Article,
    Pipeline,
    Story,
    StoryDetail,
    StoryQuery,
    article_view,
    entity_total_view,
    story_view,
)

__all__ = [
    "SortKey",
    "StaleCallback",
    "StoryFilters",
    "article_detail",
    "duplicate_groups",
    "entity_index",
    "expectation_index",
    "list_stories",
    "mention_count",
    "page",
    "page_story",
    "parse_iso",
    "search_answer",
    "search_articles",
    "story_detail",
    "story_with_excerpts",
]

SortKey = Literal["updated", "size"]

#: How many characters of an article's text the story page shows.
EXCERPT_CHARS = 400


@dataclass(frozen=True, slots=True)
class StoryFilters:
    """Which stories to keep. ``None`` means "any"; text filters ignore case.

    ``since``/``until`` keep the stories reported in that date range (a story from its first to
    its last report overlaps it); undated stories are dropped when either is given.
    ``entity`` and ``status`` look at the view's ``entities`` / ``expectations`` keys: a story
    whose view carries none does not match.
    """

    since: date | None = None
    until: date | None = None
    language: str | None = None
    source: str | None = None
    entity: str | None = None
    status: str | None = None

    @property
    def needs_facets(self) -> bool:
        return self.entity is not None or self.status is not None


def parse_iso(value: Any) -> datetime | None:
    """A date or datetime from an ISO 8601 string (naive, in its own time zone), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return parsed.replace(tzinfo=None)


def _fold(text: str | None) -> str:
    return (text or "").casefold().strip()


def _entity_names(entity: Any) -> set[str]:
    if isinstance(entity, str):
        return {_fold(entity)}
    if not isinstance(entity, dict):
        return set()
    names = {_fold(str(entity.get("name") or ""))}
    aliases = entity.get("aliases") or []
    if isinstance(aliases, list):
        names.update(_fold(str(alias)) for alias in aliases)
    return names - {""}


def _matches_facets(view: dict[str, Any], filters: StoryFilters) -> bool:
    if filters.entity is not None:
        wanted = _fold(filters.entity)
        if not any(wanted in _entity_names(e) for e in view.get("entities") or []):
            return False
    if filters.status is not None:
        wanted = _fold(filters.status)
        statuses = {_fold(str(e.get("status"))) for e in _dicts(view.get("expectations"))}
        if wanted not in statuses:
            return False
    return True


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _faceted_view(pipeline: Pipeline, story: Story) -> dict[str, Any]:
    """The story's view, with ``entities``/``expectations`` from its detail if the summary lacks
    them (the detail view is where the library adds them first)."""
    view = story_view(story)
    if "entities" in view and "expectations" in view:
        return view
    detail = story_detail(pipeline, story.id)  # stored knowledge only: never computed here
    for key in ("entities", "expectations"):
        if key not in view and key in detail:
            view[key] = detail[key]
    return view


def list_stories(
    pipeline: Pipeline, filters: StoryFilters, sort: SortKey, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """``(total matching, the page of story views)``.

    The store filters, sorts and pages its story summaries; the entity and status facets come
    from its index of the stories' knowledge (the status judged as of the store's clock). A
    read-only store written before that index existed has them applied here, to each story's
    stored knowledge in turn (slow on a big store).
    """
    if not filters.needs_facets or pipeline.knowledge_indexed():
        query = _summary_query(filters, sort=sort, limit=limit, offset=offset)
        if filters.status is not None:
            query = replace(query, as_of=pipeline.store_clock())
        total, stories = pipeline.story_page(query)
        return total, [story_view(s) for s in stories]
    stories = pipeline.stories(
        replace(_summary_query(filters, sort=sort), entity=None, status=None)
    )
    kept = [s for s in stories if _matches_facets(_faceted_view(pipeline, s), filters)]
    return len(kept), [story_view(s) for s in kept[offset : offset + limit]]


def _summary_query(
    filters: StoryFilters, *, sort: SortKey, limit: int | None = None, offset: int = 0
) -> StoryQuery:
    """The query the store answers from its summaries: the sort, the paging and the filters it
    applies itself (an empty text filter means "any")."""
    return StoryQuery(
        sort=sort,
        limit=limit,
        offset=offset,
        since=filters.since,
        until=filters.until,
        language=filters.language or None,
        source=filters.source or None,
        entity=filters.entity,
        status=filters.status,
    )


def page(items: Sequence[Any], limit: int, offset: int) -> list[Any]:
    return list(items[offset : offset + limit])


# -- one story -------------------------------------------------------------------------------


def duplicate_groups(articles: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles grouped by the report they copy: one group per origin that has copies here.

    ``origin`` is the original's id (``origin_in_story`` says whether it is in this story);
    ``copies`` are the articles whose ``duplicate_of`` is that origin, in the given order.
    """
    in_story = {a["id"] for a in articles if isinstance(a, dict)}
    groups: dict[str, list[dict[str, Any]]] = {}
    for art in articles:
        origin = art.get("duplicate_of")
        if origin:
            copy = {
                "id": art["id"],
                "kind": art.get("duplicate_kind"),
                "similarity": art.get("duplicate_similarity"),
            }
            groups.setdefault(origin, []).append(copy)
    return [
        {"origin": origin, "origin_in_story": origin in in_story, "copies": copies}
        for origin, copies in groups.items()
    ]


def _origins(articles: Iterable[dict[str, Any]]) -> list[str]:
    """The independent reports: each article's origin (itself, or what it copies), once."""
    seen: dict[str, None] = {}
    for art in articles:
        seen.setdefault(art.get("duplicate_of") or art["id"], None)
    return list(seen)


#: Called with a story's id when its stored knowledge is stale or missing.
StaleCallback = Callable[[str], None]


def story_detail(
    pipeline: Pipeline, story_id: str, on_stale: StaleCallback | None = None
) -> dict[str, Any]:
    """The ``storyline show --json`` view plus ``duplicate_groups`` and ``origins``.

    The story's knowledge is the stored one (never computed here: see
    :meth:`storyline.Pipeline.story_document` with ``compute=False``); when it is stale or
    missing, ``on_stale(story_id)`` is called (the server then refreshes it in the background).
    Raises :class:`~storyline.NotFoundError` for an unknown id.
    """
    detail = pipeline.story(story_id)
    return _detail_view(pipeline, detail, on_stale)


def story_with_excerpts(
    pipeline: Pipeline, story_id: str, on_stale: StaleCallback | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """:func:`story_detail` and the start of each article's text, for the story page."""
    detail = pipeline.story(story_id)
    return _detail_view(pipeline, detail, on_stale), article_excerpts(detail.articles)


def _detail_view(
    pipeline: Pipeline, detail: StoryDetail, on_stale: StaleCallback | None
) -> dict[str, Any]:
    view = pipeline.story_document(detail.story.id, compute=False, detail=detail)
    view["duplicate_groups"] = duplicate_groups(view["articles"])
    view["origins"] = _origins(view["articles"])
    if on_stale is not None and view.get("knowledge", {}).get("stale"):
        on_stale(detail.story.id)
    return view


#: The lists of a story view that grow with its articles, paged together by ``page_story``.
PAGED_KEYS = ("articles", "events", "timeline", "entities")


def page_story(view: dict[str, Any], limit: int, offset: int) -> dict[str, Any]:
    """The story view with its long lists paged: ``articles`` (and the ``explanations`` of
    the articles on the page), ``events``, ``timeline`` and ``entities`` each cut to
    ``[offset : offset + limit]``, and each entity's ``mentions`` to its first ``limit``
    (``n_mentions`` stays the count). ``page`` says ``limit``, ``offset`` and each list's
    ``totals``. A large story's full view runs to megabytes (326 articles: 3.3 MB); the
    summary, expectations, duplicate groups and origins are small and stay whole.
    """
    totals: dict[str, int] = {}
    out = dict(view)
    for key in PAGED_KEYS:
        items = view.get(key)
        if isinstance(items, list):
            totals[key] = len(items)
            out[key] = items[offset : offset + limit]
    on_page = {a["id"] for a in out["articles"]}
    out["explanations"] = [e for e in view["explanations"] if e.get("article_id") in on_page]
    if isinstance(out.get("entities"), list):
        out["entities"] = [_capped_mentions(e, limit) for e in out["entities"]]
    out["page"] = {"limit": limit, "offset": offset, "totals": totals}
    return out


def _capped_mentions(entity: Any, limit: int) -> Any:
    if not isinstance(entity, dict) or not isinstance(entity.get("mentions"), list):
        return entity
    return {**entity, "mentions": entity["mentions"][:limit]}


def article_excerpts(articles: Iterable[Article], chars: int = EXCERPT_CHARS) -> dict[str, str]:
    """The start of each article's cleaned text after its title (story page), by article id."""
    out: dict[str, str] = {}
    for article in articles:
        text = " ".join(article.text.split())
        title = " ".join((article.title or "").split())
        if title and text.startswith(title):
            text = text[len(title) :].lstrip()
        out[article.id] = text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0] + " …"
    return out


def article_detail(pipeline: Pipeline, article_id: str) -> dict[str, Any]:
    """One article with its cleaned text; NotFoundError for an unknown id."""
    return article_view(pipeline.store.get_article(article_id), with_text=True)


# -- search ----------------------------------------------------------------------------------


def search_articles(pipeline: Pipeline, query: str, limit: int) -> list[dict[str, Any]]:
    """Full-text hits, best first: the snippet (matches as ``**word**``) and where it belongs."""
    return _search_hits(pipeline, pipeline.store.search(query, limit))


def search_answer(pipeline: Pipeline, query: str, limit: int) -> dict[str, Any]:
    """GET /api/search's answer: the query, its hits (:func:`search_articles`) and how they
    were ranked: ``ranking`` ("exact", "estimated" or "capped", see
    :class:`~storyline.store.SearchResult`), ``approximate`` (not "exact"), ``ranked`` (how
    many matches were ranked, or None when not counted) and ``note`` (that in one sentence for
    a reader, None when exact)."""
    result = pipeline.store.search_result(query, limit)
    return {
        "query": query,
        "hits": _search_hits(pipeline, result.hits),
        "ranking": result.ranking,
        "approximate": result.approximate,
        "ranked": result.ranked,
        "note": result.note,
    }


def _search_hits(pipeline: Pipeline, found: list[tuple[str, str]]) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = []
    articles = {a.id: a for a in pipeline.store.article_briefs([hit[0] for hit in found])}
    for article_id, snippet in found:
        article = articles.get(article_id)
        if article is None:  # deleted since it was found
            continue
        hits.append(
            {
                "article_id": article_id,
                "snippet": snippet,
                "title": article.title,
                "source": article.source,
                "published": article_view(article)["published"],
                "language": article.language,
                "story_id": article.story_id,
            }
        )
    return hits


# -- entities and the expectation ledger, across stories --------------------------------------


def _all_faceted(pipeline: Pipeline) -> list[dict[str, Any]]:
    return [_faceted_view(pipeline, s) for s in pipeline.stories()]


def mention_count(entity: dict[str, Any]) -> int:
    """``n_mentions`` (the library's key), else ``mentions`` as a count or a list."""
    for value in (entity.get("n_mentions"), entity.get("mentions")):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, list):
            return len(value)
    return 0


def entity_index(views: Iterable[dict[str, Any]], name: str | None = None) -> list[dict[str, Any]]:
    """Every entity across the stories' views, merged by (name, type), most mentioned first."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for view in views:
        for entity in _dicts(view.get("entities")):
            key = (str(entity.get("name") or ""), str(entity.get("type") or ""))
            if not key[0] or (name is not None and _fold(name) not in _entity_names(entity)):
                continue
            row = merged.setdefault(
                key, {"name": key[0], "type": key[1], "aliases": [], "mentions": 0, "stories": []}
            )
            for alias in entity.get("aliases") or []:
                if isinstance(alias, str) and alias not in row["aliases"]:
                    row["aliases"].append(alias)
            row["mentions"] += mention_count(entity)
            if view["id"] not in row["stories"]:
                row["stories"].append(view["id"])
    return sorted(merged.values(), key=lambda r: (-r["mentions"], r["name"], r["type"]))


def expectation_index(
    views: Iterable[dict[str, Any]], status: str | None = None
) -> list[dict[str, Any]]:
    """Every expectation of the ledger across the stories, each with its ``story_id``."""
    rows: list[dict[str, Any]] = []
    for view in views:
        for expectation in _dicts(view.get("expectations")):
            if status is not None and _fold(str(expectation.get("status"))) != _fold(status):
                continue
            rows.append({**expectation, "story_id": view["id"], "story_title": view["title"]})
    return rows


#: How many of an entity's stories the entity list names (the most recently reported);
#: ``n_stories`` counts them all. A common name is in thousands of stories.
STORIES_PER_ENTITY = 20


def all_entities(
    pipeline: Pipeline, name: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """``(how many entities, one page)``: the entities across the stories' stored knowledge,
    merged by (name, type), most mentioned first; each with ``mentions``, ``n_stories``, its
    first :data:`STORIES_PER_ENTITY` ``stories`` (most recently reported first) and the
    ``aliases`` they give it. Read from the store's index (one indexed query a page)."""
    if not pipeline.knowledge_indexed():
        rows = _scan_entities(_all_faceted(pipeline), name)
        return len(rows), page(rows, limit, offset)
    total, found = pipeline.entity_totals(name, limit, offset, STORIES_PER_ENTITY)
    return total, [entity_total_view(e) for e in found]


def _scan_entities(views: Iterable[dict[str, Any]], name: str | None) -> list[dict[str, Any]]:
    """:func:`all_entities` read from each story's view (a store without the index): the
    same rows, aliases from the listed stories as the index gives them."""
    views = list(views)
    rows = entity_index(views, name)
    by_id = {v["id"]: v for v in views}
    for row in rows:
        listed = row["stories"][:STORIES_PER_ENTITY]
        aliases: dict[str, None] = {}
        for story_id in listed:
            for entity in _dicts(by_id[story_id].get("entities")):
                same = (entity.get("name"), str(entity.get("type") or "")) == (
                    row["name"],
                    row["type"],
                )
                if same and (name is None or _fold(name) in _entity_names(entity)):
                    for alias in entity.get("aliases") or []:
                        if isinstance(alias, str):
                            aliases.setdefault(alias, None)
        row.update(aliases=list(aliases), n_stories=len(row["stories"]), stories=listed)
    return rows


def all_expectations(
    pipeline: Pipeline, status: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """``(how many, one page)`` of the expectation ledger across the stories, most recently
    reported story first, judged as of the store's clock; from the store's index."""
    if not pipeline.knowledge_indexed():
        rows = expectation_index(_all_faceted(pipeline), status)
        return len(rows), page(rows, limit, offset)
    return pipeline.expectation_page(status, limit, offset)
