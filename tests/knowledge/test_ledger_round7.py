"""Ledger round 7 (issue 19): a later sentence about another occurrence never confirms, the
same act is linked in other words, and a claim told in a conjoined clause opens an entry.
Every story here is invented (none is taken from the shared data)."""

from __future__ import annotations

import pytest

from _ledger_samples import assert_links
from storyline.knowledge.ledger_match import nominal_label, other_occasion, same_name, stem

# --- another occurrence -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "word"),
    [
        ("He has had five such ", "games"),
        ("Echols scored little in two ", "games"),
        ("a kick and other late - ", "game"),
        ("The last time the two teams ", "played"),
        ("Unlike the previous ", "hearing"),
    ],
)
def test_a_word_for_another_occurrence(before: str, word: str) -> None:
    assert other_occasion(before, word)


@pytest.mark.parametrize(
    ("before", "word"),
    [
        ("advances to play Saturday in a 1: 35 pm ", "semifinal"),
        ("Following his ", "arraignment"),
        ("The parliamentary ", "elections"),
    ],
)
def test_the_occurrence_itself(before: str, word: str) -> None:
    assert not other_occasion(before, word)


def test_a_future_clause_anywhere_restates_and_another_occurrence_never_happens() -> None:
    stems = frozenset({stem("game"), stem("final")})
    later = "Late in the game the Eagles pulled away, and they will face the Hawks in the final."
    assert nominal_label(later, stems, {"happened"}) == ("expected", "final")
    assert nominal_label("They have won five such games.", stems, {"happened"}) is None


def test_a_shared_organisation_head_is_no_shared_surname() -> None:
    assert not same_name("Wichita State", "Indiana State")
    assert not same_name("Fulton County", "Cobb County")
    assert same_name("Gary Gomes", "Gomes")


@pytest.mark.slow
@pytest.mark.parametrize(
    "later",
    [
        "The Eagles have lost five such finals against the Hawks since 2001.",
        "The last time the Eagles played the Hawks, the Hawks won by ten points.",
    ],
)
def test_invented_another_occurrence_never_confirms(later: str) -> None:
    plan = "The Eagles will play the Hawks in the final on Sunday."
    assert_links(plan, later, "pending", {later: []})


@pytest.mark.slow
def test_invented_a_kind_of_event_named_alone_does_not_confirm() -> None:
    plan = "The Eagles will play the Hawks on Sunday."
    later = "Late in the game on Friday, the defence collapsed."
    assert_links(plan, later, "pending")


@pytest.mark.slow
def test_invented_two_teams_sharing_a_name_head_are_not_one_participant() -> None:
    plan = "Indiana State will play Creighton on Saturday."
    later = "Wichita State beat Creighton on Saturday."
    assert_links(plan, later, "pending")


# --- the same act in other words --------------------------------------------------------------


@pytest.mark.slow
def test_invented_the_same_act_in_mostly_the_same_words_confirms_without_a_name() -> None:
    """The later sentence names nobody ("The suspect"), but tells the expected act with its
    object in the same words: it is the same event."""
    plan = (
        "Prosecutors said they expect Dale Hobbs to be charged with first-degree murder of a "
        "police officer."
    )
    later = (
        "The suspect, who had prior arrests for burglary, was charged with first-degree murder "
        "of a police officer and faces life in prison."
    )
    assert_links(plan, later, "confirmed", {later: ["confirmed"]})


@pytest.mark.parametrize(
    ("a", "b"),
    [("agreement", "agree"), ("announcement", "announced"), ("decision", "decided"),
     ("sale", "sold"), ("withdrawal", "withdrew"), ("settlement", "settled")],
)  # fmt: skip
def test_a_nominalisation_shares_its_verbs_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later", "status", "role"),
    [
        # the noun of the act named in a later report of it: "decision" for "decide"
        (
            "The Federal Reserve will decide on interest rates on Wednesday.",
            "The Federal Reserve announced its decision on interest rates on Wednesday.",
            "confirmed",
            "confirmed",
        ),
        # a software fix released, issued, delivered or pushed out is one act
        (
            "Microsoft plans to release a patch for the browser flaw.",
            "Microsoft is expected to push out an update for the browser flaw.",
            "pending",
            "restated",
        ),
        # rallies, protests and demonstrations are one kind of act
        (
            "Students will hold rallies in Athens on Monday.",
            "More demonstrations are planned for Monday in Athens.",
            "pending",
            "restated",
        ),
    ],
)
def test_invented_one_act_in_other_words(plan: str, later: str, status: str, role: str) -> None:
    assert_links(plan, later, status, {later: [role]})


def test_the_choice_a_sentence_says_is_to_be_made() -> None:
    from storyline.knowledge.ledger_match import choice_of

    found = choice_of("The office will decide whether to seek the death penalty.")
    verb, things = found or ("", frozenset())
    assert verb == stem("seek") and {stem("death"), stem("penalty")} <= things
    assert choice_of("The office will decide on the case next month.") is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "later",
    [
        "Prosecutors will seek the death penalty against Dale Hobbs, the district attorney said.",
        "Prosecutors said they will not seek the death penalty against Dale Hobbs.",
    ],
)
def test_invented_a_choice_made_either_way_confirms_the_decision(later: str) -> None:
    plan = (
        "The district attorney's office will decide next month whether to seek the death "
        "penalty against Dale Hobbs."
    )
    assert_links(plan, later, "confirmed", {later: ["confirmed"]})


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later", "status", "roles"),
    [
        # the event still ahead in a relative clause ("who is due to be sentenced") restates
        (
            "Prosecutors said Omar Reyes will be sentenced on June 9.",
            "Reyes, who is due to be sentenced June 9, remains in jail.",
            "pending",
            ["restated"],
        ),
        # "the last time ..." reaches past a comma: the game then is another occurrence
        (
            "The Comets will play the Pilots in the final on Sunday.",
            "The last time the Comets met the Pilots, the game went to overtime.",
            "pending",
            [],
        ),
        # a ruling or a vote that names the act decides the choice
        (
            "A judge will decide on Monday whether to release Iris Lund on bail.",
            "A judge on Monday ordered Iris Lund released on bail.",
            "confirmed",
            ["confirmed"],
        ),
        (
            "The council will decide whether to close the Elm Street library.",
            "The council voted on Tuesday to close the Elm Street library.",
            "confirmed",
            ["confirmed"],
        ),
        # "stand trial" is a support verb: the trial is the event
        (
            "Hugo Lind is due to stand trial in March.",
            "Lind's trial, which is scheduled for March, will be held in Leeds.",
            "pending",
            ["restated"],
        ),
        # a light verb's report about the thing the entry's act is done to, by the same actor
        (
            "Arden Rail will launch trains to Porto in May.",
            "Arden Rail said its Porto trains will now start in August.",
            "shifted",
            ["moved"],
        ),
        # the event named by its noun, "now expected" on another day: a new date
        (
            "The minister is expected to announce his resignation on Wednesday.",
            "The minister's resignation announcement is now expected on Friday.",
            "shifted",
            ["moved"],
        ),
    ],
)
def test_invented_round_7_links(plan: str, later: str, status: str, roles: list[str]) -> None:
    assert_links(plan, later, status, {later: roles})


def test_a_light_verb_is_about_its_own_object_not_a_nearby_event_noun() -> None:
    from storyline.extract.events import extract_events
    from storyline.knowledge.ledger_reports import ArticleContext, report_of

    (event,) = extract_events("The jury will begin deliberations on Thursday in the trial.", None)
    report = report_of(event, 0, None, ArticleContext.from_events([event]), str)
    assert report.what == "deliberation" and report.context == "begin"


def test_a_quantifier_of_the_participants_is_no_other_occasion() -> None:
    stems = frozenset({stem("final"), stem("play")})
    later = "Both teams played hard in the final."
    assert nominal_label(later, stems, {"happened"}) == ("happened", "played")
