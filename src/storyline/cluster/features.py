"""What the clusterer reads of an article's text, before any learned state comes in.

:func:`text_features` is a pure function of the article (its words, names, numbers, the
dates it speaks of and the lead the dense model reads), so the pipeline computes it ahead, on
its helper thread, while the clusterer decides the articles before
(:meth:`storyline.cluster.StoryClusterer.prepare`).

**Event days** (:func:`event_days`): the single days the title and the lead speak of ("on
Thursday", "the Nov. 2 shooting", "May 3, 2013"), resolved against the publication date by
:func:`storyline.extract.dates.find_time_expressions`; without a publication date only dates
carrying their own year resolve. Only the lead is read (:data:`EVENT_LEAD_CHARS`): that is
where a report dates its event; and of it only the stretches around a word that can name a day
(a weekday, a month with a day number, "yesterday", a numeric date): the grammar's cost grows
with the text it reads (about 0.2-0.3 ms per article this way, 0.8 ms on the whole 500-character
lead). Future days (plans, hearings to come) are left out: they date no event yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.config import DigestConfig
from storyline.embed import article_embedding_text
from storyline.extract.dates import find_time_expressions
from storyline.records import Article
from storyline.text.digest import Digest, find_digest
from storyline.text.features import numbers_of, sublinear_tf, terms, terms_and_names

__all__ = [
    "EVENT_LEAD_CHARS",
    "TextFeatures",
    "article_feature_text",
    "event_days",
    "text_features",
]

#: Characters of the body (after the title) searched for event days.
EVENT_LEAD_CHARS = 300
_MAX_EVENT_DAYS = 6  # per article: the first ones in the text
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# What every day-grain expression of the grammar holds: a weekday, a month next to a day
# number, today/yesterday/tonight, "N days ago", a numeric date. Read with _CUE_CONTEXT
# characters each side (the tense cue of the clause).
_DAY_CUE = re.compile(
    rf"\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|satur|sun)day|{_MONTH}\s*\d|\d{{1,2}}"
    rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|yesterday|today|tonight|last\s+night|"
    r"this\s+(?:morning|afternoon|evening)|days?\s+ago|"
    r"\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4})"
)  # matched on the lower-cased text (faster than re.IGNORECASE)
_CUE_CONTEXT = 60


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
    event_days: tuple[int, ...] = ()  # event_days: proleptic ordinals (date.toordinal)
    digest: Digest | None = None  # a digest page (storyline.text.digest): kept out of stories


def event_days(article: Article, lead_chars: int = EVENT_LEAD_CHARS) -> tuple[int, ...]:
    """The days the article's title and lead speak of, as ordinals, sorted (see the module)."""
    title = (article.title or "").strip()
    body = (article.text or article.raw_text).lstrip()
    if title and body.startswith(title):
        body = body[len(title) :]
    text = f"{title}\n{body[:lead_chars]}" if title else body[:lead_chars]
    days: list[int] = []
    for window in _cue_windows(text):
        for found in find_time_expressions(window, article.published):
            if not found.resolved or found.direction == "future" or found.value_start is None:
                continue
            if found.value_start != found.value_end:
                continue  # a week, a month, a year: no one event's day
            day = found.value_start.toordinal()
            if day not in days:
                days.append(day)
            if len(days) == _MAX_EVENT_DAYS:
                return tuple(sorted(days))
    return tuple(sorted(days))


def _cue_windows(text: str) -> list[str]:
    """The stretches of ``text`` around words that can name a day (_DAY_CUE), merged: the
    date grammar then reads a fraction of the lead (its cost grows with the text)."""
    spans: list[list[int]] = []
    for match in _DAY_CUE.finditer(text.lower()):
        start = max(0, match.start() - _CUE_CONTEXT)
        end = min(len(text), match.end() + _CUE_CONTEXT)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [text[start:end] for start, end in spans]


def text_features(
    article: Article, lead_chars: int, digest: DigestConfig | None = None
) -> TextFeatures:
    """The article's text features; ``digest``: the settings it is judged a digest page by
    (its text as cleaned, without the title)."""
    text = article_feature_text(article)
    title = article.title or ""
    words, names = terms_and_names(text)
    return TextFeatures(
        text=text,
        title=title,
        term_tf=sublinear_tf(words),
        name_tf=sublinear_tf(names),
        title_tf=sublinear_tf(terms(title)),
        numbers=numbers_of(text),
        lead=article_embedding_text(article, lead_chars),
        event_days=event_days(article),
        digest=find_digest((article.text or article.raw_text)[:FEATURE_CHARS], digest),
    )
