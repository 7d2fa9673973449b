"""The forward-looking claims of one article, as the ledger reads them (issue 19).

A claim is an event reported as expected with a real future or planned reading of its
predicate (:attr:`storyline.extract.Modality.future`); it opens or restates a ledger entry.
:func:`claims_of` lists them with the fields a reader sees (``what``: the predicate and its
object, ``who``: the actor, ``attributed_to``: the source, ``where``, ``when`` as written), so
that ``storyline eval ledger`` can score them against the gold set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from storyline.knowledge.expectations import _as_date, _is_claim, _subject
from storyline.knowledge.ledger_reports import ArticleContext, report_of

if TYPE_CHECKING:
    from storyline.extract import Event

__all__ = ["Claim", "claims_of"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One forward-looking claim as the ledger reads it (what ``storyline eval ledger`` scores):
    the sentence (``start``/``end`` in the article text) and its fields."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    what: str
    who: tuple[str, ...]
    attributed_to: str | None
    where: tuple[str, ...]
    when: str | None


def claims_of(
    events: Sequence[Event],
    published: date | datetime | None = None,
    canonical: Callable[[str], str] = str,
) -> list[Claim]:
    """The forward-looking claims among one article's events, in text order."""
    day = _as_date(published)
    ctx = ArticleContext.from_events(events)
    out = []
    for event in events:
        report = report_of(event, 0, day, ctx, canonical)
        if _is_claim(report):
            out.append(
                Claim(
                    event.article_id, event.sentence_index, event.start, event.end,
                    report.shown or report.what, tuple(report.actor) or _subject(report),
                    report.attributed_to,
                    tuple(report.where), event.when.text if event.when else event.ahead,
                )
            )  # fmt: skip
    return out
