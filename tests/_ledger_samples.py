"""Hand-made events and time expressions for the ledger and timeline tests (no spaCy), and the
helpers the ledger tests share to run invented articles through the real story analysis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from storyline.extract.dates import TimeExpression
from storyline.extract.events import Event
from storyline.extract.modality import Modality
from storyline.knowledge.expectations import Expectation
from storyline.records import Article

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


def undated_ledger(*texts: str) -> list[Expectation]:
    """The ledger of a story of undated invented articles, in this order (spaCy runs)."""
    from storyline.knowledge.analysis import analyse_story

    articles = [
        Article(id=f"a{i}", raw_id="r", path=f"{i}.txt", format="text", text=t, seq=i)
        for i, t in enumerate(texts)
    ]
    return analyse_story(articles).expectations


def entry_for(ledger: list[Expectation], plan: str) -> Expectation:
    """The one entry first reported by the sentence ``plan``."""
    found = [x for x in ledger if x.first_reported.sentence == plan]
    assert len(found) == 1, [(x.what, x.status, x.text) for x in ledger]
    return found[0]


def roles_in(entry: Expectation, sentence: str) -> list[str]:
    """The roles an entry's evidence gives ``sentence``."""
    return [c.role for c in entry.evidence if c.sentence == sentence]


def assert_links(
    plan: str,
    later: str,
    status: str,
    roles: Mapping[str, list[str]] | None = None,
    *,
    first: str | None = None,
) -> Expectation:
    """Read ``first`` (by default ``plan`` alone), then the later undated article ``later``;
    assert that the entry ``plan`` opens ends ``status`` and that each sentence of ``roles``
    has exactly its roles in the entry's evidence. Returns the entry."""
    entry = entry_for(undated_ledger(first or plan, later), plan)
    assert entry.status == status, entry
    for sentence, wanted in (roles or {}).items():
        assert roles_in(entry, sentence) == wanted, (sentence, entry.evidence)
    return entry


class Pair(NamedTuple):
    """An invented two-article status pair (the ledger rounds' tests, kept out of the gold)."""

    id: str
    first: str  # the earlier article
    plan: str  # its expectation sentence (in ``first``)
    second: str  # the later article
    later: str  # its sentence that bears on the plan (in ``second``)
    status: str  # confirms, shifts, cancels, repeats
    traps: tuple[str, ...] = ()  # sentences of ``second`` that must not confirm


#: A pair's gold status -> the role the later sentence must have in the entry's evidence.
ROLE_OF_STATUS = {
    "confirms": "confirmed",
    "shifts": "moved",
    "cancels": "cancelled",
    "repeats": "restated",
}
