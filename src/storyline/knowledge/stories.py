"""Story records built from their articles: title, size, independent origins, first report.

Pure functions: the pipeline gathers a story's articles from the store and calls these (again
each time a story changes, so a story's title is chosen anew as it grows: :func:`story_title`).
The first headline stays on record: ``Story.first_article_id`` names the first report, whose
article keeps its title as it came.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from storyline.records import Article, Story
from storyline.text import first_reported, independent_origins
from storyline.text.features import terms

__all__ = ["clean_headline", "publication_order", "story_title", "summarise_story"]

# " - Site", " | Section", " – Site", " — Site", " :: Site", " « Site"
_SEPARATOR = re.compile(r"\s+(?:[-|–—«»]|::)\s+")
# "BREAKING: ", "EXCLUSIVE | ": an upper-case label before the headline
_SHOUTED_LABEL = re.compile(r"^[A-Z][A-Z ]{2,20}\s*[:|]\s+(?=\S)")
# Segments that are sections, not headlines (lower-cased, the whole segment).
_SECTION_LABELS = frozenset(
    {
        *("opinion", "editorial", "editorials", "analysis", "comment", "commentary", "column"),
        *("news", "business", "sport", "sports", "politics", "entertainment", "technology"),
        *("tech", "science", "health", "video", "videos", "photos", "gallery", "live", "blog"),
        *("review", "reviews", "feature", "features", "letters", "digg"),
        *("latest news", "breaking news", "world news", "us news", "uk news", "local news"),
    }
)
# Title segments and URL path segments that mark a piece of opinion, not a report
_OPINION_LABELS = frozenset(
    {"opinion", "opinions", "editorial", "editorials", "comment", "commentary", "column"}
)
_OPINION_PATHS = _OPINION_LABELS | {"commentisfree", "columns", "columnists", "op-ed", "oped"}
_SITE_WORDS = 5  # a site name or section label has at most this many words
_MIN_WORDS = 3  # fewer words: no headline (a site name, a section, "Search")
_CENTRAL_FROM = 3  # headlines needed to tell a central one; fewer: the first informative one
_KEEP_MARGIN = 1.15  # an earlier headline scoring within 15% of the best keeps the title
_LONG_WORDS = 7  # a headline of fewer content words than this is not scored for its length


def publication_order(article: Article) -> tuple[bool, datetime, int]:
    """Sort key: dated articles first, by date; undated ones after, in ingest order."""
    return (article.published is None, article.published or datetime.min, article.seq)


def _n_words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _squashed(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _is_site_or_section(segment: str, site: str, *, named: bool) -> bool:
    """A title segment that names the outlet or a section: short, and a section label, the
    site's own name (as in its host), or (``named``) written like a name: every word
    capitalised ("The New York Times", "Sportsnet.ca")."""
    words = segment.split()
    if not words or len(words) > _SITE_WORDS:
        return False
    if segment.lower().strip(" .") in _SECTION_LABELS:
        return True
    squashed = _squashed(segment)
    if site and squashed and (squashed in site or site in squashed):
        return True
    return named and all(not w[:1].isalpha() or w[:1].isupper() for w in words)


def clean_headline(title: str, article: Article | None = None) -> str:
    """``title`` without outlet clutter: a trailing site name or section ("... - Digg",
    "... | Editorial", "... - The New York Times"), a leading section ("Opinion | ...") and a
    shouted label ("BREAKING: ..."). What is left is never empty: the title is kept whole when
    cleaning would leave fewer than three words.

    >>> clean_headline("Opinion | Republicans Are Following Trump to Nowhere - The New York Times")
    'Republicans Are Following Trump to Nowhere'
    """
    site = ""
    if article is not None:
        host = urlsplit(article.url or "").hostname or ""
        site = _squashed(host.removeprefix("www.").rsplit(".", 1)[0]) or _squashed(
            article.source or ""
        )
    cleaned = _SHOUTED_LABEL.sub("", " ".join(title.split()), count=1)
    # segments as (start, end) offsets, so that the separators kept stay as written
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(cleaned)]
    bounds = [0] + [e for _, e in cuts], [s for s, _ in cuts] + [len(cleaned)]
    parts = list(zip(*bounds, strict=True))
    text = [cleaned[a:b] for a, b in parts]
    first, last = 0, len(parts) - 1
    named = True  # only the last segment may go for looking like a name: "... — And Yet"
    # a trailing outlet name is shorter than the headline before it
    while last > first and _n_words(text[last]) < _n_words(cleaned[: parts[last - 1][1]]):
        if not _is_site_or_section(text[last], site, named=named):
            break
        last, named = last - 1, False
    while last > first and _is_site_or_section(text[first], site, named=False):
        first += 1
    kept = cleaned[parts[first][0] : parts[last][1]].strip()
    return kept if _n_words(kept) >= _MIN_WORDS else " ".join(title.split())


def story_title(articles: Sequence[Article]) -> str:
    """The story's most representative headline, cleaned of outlet clutter (:func:`clean_headline`).

    Each original article's (not a copy's) headline of three words or more is a candidate (a
    report's: an opinion piece's or a question only when no report has a headline); the
    one whose content words the most members' headlines share wins (its mean share, over at
    least ``_LONG_WORDS`` words, so that a bare name does not win); an earlier one within 15%
    of it is kept instead (a title settles rather than flips as articles arrive). With fewer
    than three headlines the first of three words or more stands. A
    one-article story keeps its headline, cleaned; without any headline the first line of
    cleaned text stands in.
    """
    ordered = sorted(articles, key=lambda a: (a.duplicate_of is not None, *publication_order(a)))
    originals = [a for a in ordered if a.duplicate_of is None] or ordered
    titled = [a for a in originals if a.title and a.title.strip()]
    cleaned = [clean_headline(a.title or "", a) for a in titled]  # once each: cleaning is costly
    # reports say what happened: an opinion piece or a question stands only when no report does
    headlines = [h for a, h in zip(titled, cleaned, strict=True) if _reports(a, h)] or cleaned
    if headlines:
        return _most_central(headlines)
    for article in ordered:
        if article.title and article.title.strip():
            return article.title.strip()
    for article in ordered:
        first = next((line.strip() for line in article.text.split("\n") if line.strip()), "")
        if first:
            return first[:120]
    return "(untitled story)"


def _reports(article: Article, headline: str) -> bool:
    """Whether the article reads as a report, not as opinion (an "Opinion |" or "| Editorial"
    label in its title, an /opinion/ or /commentisfree/ folder in its URL) nor as a question
    (a headline that asks, "Is Football Violence a Crime?", does not say what happened);
    ``headline``: its title as clean_headline gives it."""
    title = " ".join((article.title or "").split())
    segments = {seg.strip(" .").lower() for seg in _SEPARATOR.split(title)}
    path = urlsplit(article.url or "").path.lower().split("/")
    if segments & _OPINION_LABELS or _OPINION_PATHS.intersection(path):
        return False
    return not headline.rstrip().endswith("?")


def _most_central(headlines: list[str]) -> str:
    """The headline whose content words the others share most; the earliest of those within
    _KEEP_MARGIN of the best, so that a story's title does not flip with each new article."""
    if len(headlines) < _CENTRAL_FROM:  # two headlines are as central as each other
        return next((h for h in headlines if _n_words(h) >= _MIN_WORDS), headlines[0])
    words = [set(terms(h)) for h in headlines]
    shared: Counter[str] = Counter()
    for ws in words:
        shared.update(ws)
    n = len(headlines)
    scores = [
        sum(shared[w] / n for w in ws) / max(len(ws), _LONG_WORDS)
        if _n_words(h) >= _MIN_WORDS
        else -1.0
        for h, ws in zip(headlines, words, strict=True)
    ]
    best = max(scores)
    if best < 0:  # every headline is too short to judge: the first stands
        return headlines[0]
    return next(h for h, sc in zip(headlines, scores, strict=True) if sc * _KEEP_MARGIN >= best)


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
