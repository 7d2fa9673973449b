"""Hand-made events and time expressions for the ledger and timeline tests (no spaCy)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storyline.extract.dates import TimeExpression
from storyline.extract.events import Event
from storyline.extract.modality import Modality

XI, PUTIN = "Xi Jinping", "Vladimir Putin"


def when(start: str, end: str | None = None, text: str = "", grain: str = "day") -> TimeExpression:
    return TimeExpression(
        text or start, 0, 0, grain, date.fromisoformat(start), date.fromisoformat(end or start),
        True, None,
    )  # fmt: skip


def ev(
    article: str,
    index: int,
    sentence: str,
    predicate: str,
    who: Sequence[str],
    label: str,
    *,
    where: Sequence[str] = (),
    time: TimeExpression | None = None,
    trigger: str | None = None,
    source: str | None = None,
    cue: str = "",
) -> Event:
    trigger = trigger or predicate.split()[0]
    at = sentence.find(trigger)
    assert at >= 0, (trigger, sentence)
    return Event(
        article_id=article,
        sentence_index=index,
        sentence=sentence,
        predicate=predicate,
        trigger=trigger,
        who=list(who),
        where=list(where),
        when=time,
        modality=Modality(label, source, cue or label),
        start=0,
        end=len(sentence),
        trigger_start=at,
        trigger_end=at + len(trigger),
    )
