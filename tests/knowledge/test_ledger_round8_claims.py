"""Ledger round 8, claims (issue 19): an entry cites every sentence it rests on, and the claim rules
read headline grammar and names the way news writes them. Every sentence here is invented
(none is taken from the shared data)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.knowledge.expectations import build_ledger

try:
    from ._ledger_samples import ev, when
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _ledger_samples import ev, when

HALE, ORR = "Dana Hale", "Rupert Orr"


def test_an_entry_cites_every_sentence_of_the_article_it_rests_on() -> None:
    first = "Hale and Orr could meet in Vellin in October."
    second = "The meeting between Hale and Orr is due to take place in Vellin on October 4."
    events = [
        ev("a", 0, first, "meet", [HALE, ORR], "expected", where=["Vellin"],
           time=when("2031-10-01", "2031-10-31", "in October", grain="month")),
        ev("a", 3, second, "meet", [HALE, ORR], "expected", where=["Vellin"],
           time=when("2031-10-04", text="on October 4"), trigger="meeting"),
    ]  # fmt: skip
    ledger = build_ledger({"a": events}, {"a": date(2031, 9, 1)})
    assert len(ledger) == 1
    entry = ledger[0]
    cited = [entry.first_reported, *entry.evidence]
    assert sorted(c.sentence for c in cited) == sorted([first, second])
    assert all(c.role == "reported" for c in cited)


def _claims(text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    from storyline.extract.events import extract_events
    from storyline.knowledge.claims import claims_of

    return [(c.what, c.who, c.when) for c in claims_of(extract_events(text, None))]


@pytest.mark.slow
def test_a_headline_infinitive_the_parse_reads_as_a_relative_clause_plans() -> None:
    # "to sell" hangs on the title's noun as a relative clause: the shop of a named firm sells
    assert [
        what for what, _, _ in _claims("Verdant Books digital shop to sell Lumen Films titles")
    ] == ["sell title"]
    assert _claims("Ways to save money this summer") == []  # names nobody: advice


@pytest.mark.slow
def test_a_title_case_headline_verb_tagged_as_a_name_plans() -> None:
    # "Release" tagged as a proper noun after "to" is still the verb of the plan
    [(what, who, when)] = _claims("Harlow Mills (HMX) to Release Annual Results on Thursday")
    assert what.startswith("release") and "Harlow Mills" in who and when == "on Thursday"


@pytest.mark.slow
def test_a_weekday_inside_a_name_is_no_time_ahead() -> None:
    assert _claims("Dana Hale Gets Loud, Spoofs 'Cops' On 'Saturday Night Live'") == []


@pytest.mark.slow
def test_keeping_something_in_a_state_is_no_event() -> None:
    assert _claims("Director Promises to Keep It Weird in Season 3") == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "On Friday, firefighters could be seen on the roof of the mill.",
        "On Sunday, shouts could be heard from the courtroom.",
    ],
)
def test_could_be_seen_or_heard_tells_what_was_perceived(text: str) -> None:
    assert _claims(text) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Dana Hale is about to launch her new label", "Dana Hale"),
        ("The Hawks are likely to sign Ray Dunn next week.", "Hawks"),
    ],
)
def test_the_actor_of_a_copula_adjectives_infinitive_is_the_copulas_subject(
    text: str, actor: str
) -> None:
    [(_, who, _)] = _claims(text)
    assert who == (actor,)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "what", "actor"),
    [
        ("Orvell set to release new tablet for schools", "release tablet", "Orvell"),
        ("Kestrel Air set to launch flights to Lisbon", "launch flight", "Kestrel Air"),
    ],
)
def test_a_headlines_bare_set_to_plans_like_is_set_to(text: str, what: str, actor: str) -> None:
    # a title drops the copula: "X set to" is "X is set to", not a past plan
    assert _claims(text) == [(what, (actor,), None)]
    assert _claims("Harlow set a record in 2013") == []


@pytest.mark.slow
def test_a_headline_subject_the_parse_left_unattached_plans_and_acts() -> None:
    # "Google" is a "dep" of "release" in this parse: still the title's subject
    assert _claims("Google to release developer tools for car dashboards") == [
        ("release tool", ("Google",), None)
    ]


@pytest.mark.slow
def test_a_clause_before_a_semicolon_is_a_clause_of_its_own() -> None:
    # the parse makes the first clause a complement of the second's verb
    text = "Dana Hale will be honored at the Orbit Awards on Friday; Rupert Orr is opening a shop."
    assert [(what, when) for what, _, when in _claims(text)] == [("honor", "on Friday")]


@pytest.mark.slow
def test_a_verb_after_a_semicolon_does_not_report_the_clause_before_it() -> None:
    from storyline.extract.events import extract_events

    events = extract_events("Hackers hit bank site; Orvell promises fix", None)
    assert "hit" not in [e.predicate for e in events if e.modality.label == "expected"]


@pytest.mark.slow
def test_a_subject_the_parse_takes_from_before_a_semicolon_is_not_the_verbs() -> None:
    # the parse (as the small model gives it in an article) of an invented headline:
    # "Charges" and "Mayor" both subjects of "Build"; the one before the semicolon is not
    from spacy.tokens import Doc

    from storyline.extract import nlp
    from storyline.extract.events import _actor
    from storyline.extract.modality import modality_of

    words = ["Fresh", "Charges", ";", "Mayor", "Will", "Now", "Build", "Bridge"]
    doc = Doc(
        nlp.load_pipeline().vocab,
        words=words,
        spaces=[True, False, True, True, True, True, True, False],
        tags=["JJ", "NNS", ":", "NNP", "MD", "RB", "VB", "NNP"],
        deps=["amod", "nsubj", "punct", "nsubj", "aux", "advmod", "ROOT", "dobj"],
        heads=[1, 6, 6, 6, 6, 6, 6, 6],
    )
    modality = modality_of(doc[6])
    assert modality.label == "expected" and modality.future is True
    assert _actor(doc[6], [], {}) == ([], "Mayor")  # the subject as written, naming no one


@pytest.mark.slow
def test_a_question_after_a_semicolon_asks_only_its_own_clause() -> None:
    text = "Orvell will release a tablet on Friday; will schools buy it?"
    assert _claims(text) == [("release tablet", ("Orvell",), "on Friday")]
    assert _claims("Will Orvell release a tablet on Friday?") == []
