"""Ledger round 8 (issue 19): a later sentence linked to an open entry by meaning, its role from
its own reading, and the guards that keep a topic-alike sentence from confirming. Every text
here is invented (none is taken from the shared data); the invented two-article pairs are in
ledger_pairs_round8.py."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from storyline.knowledge.ledger_match import nominal_label, stem
from storyline.knowledge.ledger_semantic import (
    SentenceVectors,
    linked_sentence,
    reading,
    same_actor,
)

sys.path.insert(0, str(Path(__file__).parent))
from ledger_pairs_round8 import HELD_OUT, LAST, PAIRS, Pair

from _ledger_samples import ROLE_OF_STATUS, assert_links
from _ledger_samples import entry_for as _entry
from _ledger_samples import roles_in as _roles
from _ledger_samples import undated_ledger as _undated

# --- the reading of a later sentence ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "labels", "expected"),
    [
        ("Hartwell has abandoned its bid for Fenmore Foods.", {"happened"}, "denied"),
        ("Pryce vetoed the budget bill on Friday.", {"happened"}, "denied"),
        ("Lina Roy has withdrawn from the Lisbon Open.", {"happened"}, "denied"),
        ("The opening of the plant would slip to the autumn.", {"expected"}, "moved"),
        ("A judge agreed to delay the trial by two months, to May 4.", {"happened"}, "moved"),
        ("A leak forced the agency to postpone the launch.", {"happened"}, "moved"),
        ("The plant will not open until 2027.", {"denied"}, "moved"),
        ("The route, which begins in May, will use new jets.", {"expected"}, "expected"),
        ("Jurors began their deliberations on Monday.", {"happened"}, "happened"),
        ("Reid did not appear in court.", {"denied"}, "denied"),
        ("The weather in the city was mild.", set(), None),
    ],
)
def test_a_later_sentence_is_read_by_its_own_words(
    sentence: str, labels: set[str], expected: str | None
) -> None:
    assert reading(sentence, labels) == expected


@pytest.mark.parametrize(
    ("names", "subjects", "later", "same"),
    [
        (["Laura Finch"], [], ["Finch"], True),
        ([], ["the same jury"], ["A Norwalk jury on Tuesday"], True),
        ([], ["Foreign election observers"], ["About 40 observers"], True),
        ([], ["Nurses at St Mary's Hospital"], ["Hundreds of nurses"], True),
        (["Sarah Palin"], [], ["A suspicious fire"], False),
        (["Indiana State"], [], ["Wichita State"], False),  # two teams, not one by "State"
        ([], ["he"], ["Mr. Nichols"], False),  # a pronoun is no actor to check
        ([], [], ["Anyone"], False),
    ],
)
def test_the_entrys_actor_does_the_happening(
    names: list[str], subjects: list[str], later: list[str], same: bool
) -> None:
    assert same_actor(names, subjects, later) is same


def test_a_temporal_clause_in_the_present_is_still_ahead() -> None:
    stems = frozenset({stem("sentenced")})
    ahead = "Haddad faces up to 20 years in prison when he is sentenced in April."
    assert nominal_label(ahead, stems, {"happened"}) == ("expected", "sentenced")
    past = "Haddad wept when he was sentenced on Monday."
    assert nominal_label(past, stems, {"happened"}) == ("happened", "sentenced")


# --- the sentence most like an entry's ---------------------------------------------------------


class _Counting:
    """A made-up embedding: a text's vector is a fixed unit vector by its first word."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        basis = {"plan": [1.0, 0.0], "same": [0.9, 0.436], "other": [0.0, 1.0]}
        return np.array([basis.get(t.split()[0], [0.6, 0.8]) for t in texts], dtype=np.float32)


def test_sentence_vectors_are_cached_and_computed_in_one_batch() -> None:
    embed = _Counting()
    vectors = SentenceVectors(embed)
    first = vectors.similarities("plan a b c", ["same a b c", "other a b c"])
    again = vectors.similarities("plan a b c", ["same a b c"])
    assert np.allclose(first, [0.9, 0.0], atol=1e-3) and np.allclose(again, [0.9], atol=1e-3)
    assert embed.calls == [["plan a b c", "same a b c", "other a b c"]]


def _entry_of(sentence: str, who: list[str]) -> tuple[object, object]:
    from storyline.knowledge.ledger_reports import ArticleContext, Entry, Report

    opener = Report(
        "a0", 0, None, 0, sentence, "open", "", frozenset({"open"}),
        who=who, names=set(who), where=[], window=None, label="expected", cue="will",
        attributed_to=None, noun=None, again=False,
    )  # fmt: skip
    home = ArticleContext(sentences={0: sentence}, names={0: list(who)})
    return Entry([opener], list(who), [], None), home


def test_the_most_like_sentence_of_another_entry_is_not_taken_for_this_one() -> None:
    from storyline.knowledge.ledger_reports import ArticleContext

    entry, home = _entry_of("plan Ada Vale opens a mill", ["Ada Vale"])
    ctx = ArticleContext(
        sentences={0: "same Ada Vale opened the mill", 1: "other news of the day here"},
        names={0: ["Ada Vale"]},
    )
    vectors = SentenceVectors(_Counting())
    args = (vectors, entry, {"a0": home}, ctx)
    assert linked_sentence(*args, set(), str) == 0  # type: ignore[arg-type]
    assert linked_sentence(*args, {0}, str) is None  # type: ignore[arg-type]


def test_a_like_sentence_sharing_nothing_checkable_is_not_linked() -> None:
    from storyline.knowledge.ledger_reports import ArticleContext

    entry, home = _entry_of("plan Ada Vale opens a mill", ["Ada Vale"])
    ctx = ArticleContext(sentences={0: "same Bo Lund sold a boat"}, names={0: ["Bo Lund"]})
    linked = linked_sentence(SentenceVectors(_Counting()), entry, {"a0": home}, ctx, set(), str)  # type: ignore[arg-type]
    assert linked is None


# --- whole stories (the Universal Sentence Encoder) --------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later", "status", "role"),
    [
        # a call-off in other words than the entry's: "abandoned its bid" for "is set to buy"
        (
            "Kestrel Foods is set to buy the dairy group Moorland Farms for $300 million.",
            "Kestrel Foods has abandoned its $300 million bid for Moorland Farms after "
            "regulators objected.",
            "cancelled",
            "cancelled",
        ),
        # a new date in other words: "would slip to the autumn" for "plans to open in March"
        (
            "Brightline Motors plans to open its new engine plant in Turin in March.",
            "Brightline Motors said the opening of its Turin engine factory would slip to the "
            "autumn.",
            "shifted",
            "moved",
        ),
        # the plan told again in other words: "the route, which begins in May"
        (
            "The airline Northway plans to start flights between Oslo and Chicago in May.",
            "Northway's new Oslo to Chicago route, which begins in May, will use Boeing 787 jets.",
            "pending",
            "restated",
        ),
        # the entry's actor does it, in other words: "left the top job" for "will step down"
        (
            "Chief executive Paula Grant will step down at the end of the month, Halden announced.",
            "Paula Grant, who left the top job at Halden last week, has joined the board of a "
            "museum.",
            "confirmed",
            "confirmed",
        ),
    ],
)
def test_invented_a_later_sentence_linked_by_meaning(
    plan: str, later: str, status: str, role: str
) -> None:
    assert_links(plan, later, status, {later: [role]})


@pytest.mark.slow
@pytest.mark.parametrize(
    "later",
    [
        # another actor: protesters heckling the senator do not unveil his plan
        "Protesters heckled Senator Mark Dunne over his tax plan for families in Denver on "
        "Thursday.",
        # undated: the Comets beating the Pilots before is no report of Sunday's final
        "The Comets have beaten the Pilots in each of their last three meetings in Leeds.",
    ],
)
def test_invented_a_topic_alike_happening_does_not_confirm(later: str) -> None:
    plans = {
        "Senator": "Senator Mark Dunne will unveil his plan to cut income taxes for families in "
        "Denver on Thursday.",
        "The Comets": "The Comets will face the Pilots in the league final in Leeds on Sunday.",
    }
    plan = next(p for key, p in plans.items() if key in later)
    assert_links(plan, later, "pending", {later: []})


@pytest.mark.slow
def test_invented_a_restatement_in_a_temporal_clause_does_not_confirm() -> None:
    first = (
        "Omar Haddad was convicted of arson on Tuesday. "
        "Sentencing for Omar Haddad is set for April 3."
    )
    later = "Haddad, 27, faces up to 20 years in prison when he is sentenced in April."
    assert_links(
        "Sentencing for Omar Haddad is set for April 3.",
        later,
        "pending",
        {later: ["restated"]},
        first=first,
    )


# --- the invented pairs of the round ------------------------------------------------------------

#: Pairs the round's rules still get wrong (docs/ledger-guideline.md, "Round 8"): s7 and h5
#: open no entry (a claim the claim rules miss; h5's "if no deal is reached" is a condition,
#: no claim by the guideline), the others are read in the report.
_WRONG = {"i8-s7", "i8-h5", "i8-h10", "i8-l4", "i8-l6", "i8-l7", "i8-l9", "i8-l10"}
_STATUS = ROLE_OF_STATUS


@pytest.mark.slow
@pytest.mark.parametrize(
    "pair",
    [
        pytest.param(p, id=p.id, marks=pytest.mark.xfail(strict=True) if p.id in _WRONG else ())
        for p in (*PAIRS, *HELD_OUT, *LAST)
    ],
)
def test_invented_pairs_of_round_8(pair: Pair) -> None:
    entry = _entry(_undated(pair.first, pair.second), pair.plan)
    roles = _roles(entry, pair.later)
    wanted = {_STATUS[pair.status]} | ({"shifted"} if pair.status == "shifts" else set())
    assert roles and set(roles) <= wanted, entry.evidence
