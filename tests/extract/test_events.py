"""Events: who, what, where and when, with modality and the sentence cited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.extract.events import Event, analyse, analyse_many, extract_events

pytestmark = pytest.mark.slow  # runs the spaCy model

# The seeds state no year: the anticipation was published on Friday 19 August 2022 ("the Wall
# Street Journal reported on Friday"), the confirmation on the summit's first day.
PUBLISHED = {"000": date(2022, 8, 19), "004": date(2022, 9, 15)}


def seed_text(seeds_dir: Path, prefix: str) -> str:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_events(seeds_dir: Path) -> dict[str, list[Event]]:
    return {p: extract_events(seed_text(seeds_dir, p), PUBLISHED[p], p) for p in PUBLISHED}


def test_the_anticipation_yields_an_expected_meeting_attributed_to_the_wsj(
    seed_events: dict[str, list[Event]],
) -> None:
    found = [
        e
        for e in seed_events["000"]
        if e.predicate in {"meet", "travel"}
        and e.modality.label == "expected"
        and {"Xi Jinping", "Vladimir Putin"} <= set(e.who)
        and {"Samarkand", "Central Asia"} & set(e.where)
        and e.modality.attributed_to in {"WSJ", "the Wall Street Journal"}
    ]
    assert found, [(e.predicate, e.who, e.where, e.modality) for e in seed_events["000"]]
    event = found[0]
    assert event.modality.reported
    assert event.when is not None and event.when.value_start == date(2022, 9, 1)
    assert event.when.value_end == date(2022, 9, 30)  # "in September"


def test_the_confirmation_yields_an_ongoing_meeting_today(
    seed_events: dict[str, list[Event]],
) -> None:
    found = [
        e
        for e in seed_events["004"]
        if e.predicate == "meet"
        and e.modality.label == "ongoing"
        and {"Xi Jinping", "Vladimir Putin"} <= set(e.who)
        and "Uzbekistan" in e.where
    ]
    assert found, [(e.predicate, e.who, e.where, e.modality) for e in seed_events["004"]]
    when = found[0].when
    assert when is not None and when.text == "today"
    assert when.value_start == when.value_end == date(2022, 9, 15)
    assert found[0].modality.cue == "are meeting"


def test_events_cite_their_sentence_and_trigger(
    seeds_dir: Path, seed_events: dict[str, list[Event]]
) -> None:
    for prefix, events in seed_events.items():
        text = seed_text(seeds_dir, prefix)
        assert events
        for event in events:
            assert text[event.start : event.end] == event.sentence
            assert text[event.trigger_start : event.trigger_end] == event.trigger
            assert event.start <= event.trigger_start < event.end
            assert event.article_id == prefix
            assert event.who or event.where or event.when
        indices = [e.sentence_index for e in events]
        assert indices == sorted(set(indices))


def test_background_sentences_are_not_events(seed_events: dict[str, list[Event]]) -> None:
    sentences = [e.sentence for e in seed_events["000"]]
    assert not any(s.startswith("The Shanghai Cooperation Organization is a") for s in sentences)
    assert not any("cookies" in s for s in sentences)


def test_who_where_when_of_a_small_report() -> None:
    text = (
        "Finland formally joined NATO on Tuesday at a ceremony in Brussels.\n\n"
        "The alliance is a military bloc of 31 countries."
    )
    (event,) = extract_events(text, date(2023, 4, 6), "fi")
    assert event.predicate == "join"
    assert event.who == ["Finland", "NATO"]
    assert event.where == ["Brussels"]
    assert event.when is not None and event.when.value_start == date(2023, 4, 4)
    assert event.modality.label == "happened"


def test_places_inside_the_subject_are_not_where_the_event_is() -> None:
    text = "The presidents of China and Russia are meeting today in Uzbekistan."
    (event,) = extract_events(text, date(2022, 9, 15))
    assert event.where == ["Uzbekistan"]
    assert event.modality.label == "ongoing"


def test_a_state_after_a_city_and_a_comma_is_no_second_place() -> None:
    text = "The band will kick off the tour on June 9 in West Palm Beach, Florida, its agent said."
    (event,) = [e for e in extract_events(text, date(2020, 1, 10)) if e.predicate == "kick off"]
    assert event.where == ["West Palm Beach"]


def test_a_cancelled_event_and_its_phrasal_predicate() -> None:
    text = "Organisers called off the concert in Hyde Park, the promoter said."
    (event,) = extract_events(text, None)
    assert event.predicate == "call off"
    assert event.modality.label == "denied"
    assert event.modality.attributed_to == "the promoter"
    assert event.where == ["Hyde Park"]
    assert event.when is None


def test_analyse_many_matches_analyse(seeds_dir: Path) -> None:
    items = [(seed_text(seeds_dir, p), PUBLISHED[p], p) for p in PUBLISHED]
    batch = analyse_many(items, batch_size=2)
    single = [analyse(*item) for item in items]
    assert [a.article_id for a in batch] == ["000", "004"]
    assert batch == single
    assert all(a.mentions for a in batch)


def test_analyse_many_in_two_processes(seeds_dir: Path) -> None:
    items = [(seed_text(seeds_dir, p), PUBLISHED[p], p) for p in PUBLISHED] * 2
    assert analyse_many(items, batch_size=1, n_process=2) == analyse_many(items)


# --- issue 19: roles from the parse, what as predicate and object ---------------------------


def _one(text: str) -> Event:
    (event,) = analyse(text, date(2019, 11, 20)).events
    return event


def test_the_actor_is_not_the_source() -> None:
    event = _one(
        "Esper announced that the U.S. will provide Vietnam's coast guard with a surplus ship."
    )
    assert event.actor == ["United States"] and event.modality.attributed_to == "Esper"
    assert event.what == "provide guard" or event.what.startswith("provide")
    planner = _one("Bridenstine expects to produce three SLS rockets through 2024.")
    assert planner.actor == ["Bridenstine"] and planner.what == "produce rocket"


def test_what_is_the_predicate_and_its_object() -> None:
    assert _one("The elder Klitschko will defend his WBC title in Moscow.").what == "defend title"
    held = _one("Parliamentary elections in Turkmenistan will be held on December 15.")
    assert held.what == "hold election" and held.actor == []  # a passive names no actor
    assert _one("A new candlelit vigil is planned for Sunday evening.").what == "hold vigil"


def test_a_claim_that_names_nobody_is_still_an_event() -> None:
    teams = _one("Four teams from there will join the field of 20.")
    assert teams.modality.future and teams.what == "join field"
    assert teams.actor == [] and teams.subject == "Four teams from there"
    back = _one("The Wrap claims that Pine will be back on board the Enterprise.")
    assert back.what == "be back"
    assert analyse("Everyone's list will be different.", None).events == []


def test_a_conjoined_future_is_an_event_beside_the_main_one() -> None:
    text = "Gary Gomes was arrested yesterday and will be arraigned today in New Bedford."
    events = extract_events(text, date(2008, 12, 8))
    assert [(e.predicate, e.modality.label) for e in events] == [
        ("arrest", "happened"),
        ("arraign", "expected"),
    ]
    assert events[1].modality.future is True and events[0].sentence == events[1].sentence


@pytest.mark.parametrize(
    ("text", "what", "actor"),
    [
        ("Dragonfly is scheduled to reach Titan in 2034.", "reach titan", []),
        ("Disney is expected to switch gears next year.", "switch gear", ["Disney"]),
        ("They plan to release all of the simulation's data next year.", "release data", []),
        # a noun the tagger read as an adjective, and a named thing acted on, are objects
        ("Each group will play a semifinal next week.", "play semifinal", []),
        ("The Public Award will be presented on Sunday.", "present award", []),
        # the object of a forecasting verb is what an intransitive infinitive is about
        ("Officials expect prices to rise next year.", "rise price", []),
    ],
)
def test_what_and_actor_of_a_claim(text: str, what: str, actor: list[str]) -> None:
    (event,) = extract_events(text, date(2019, 11, 1))
    assert (event.what, event.actor) == (what, actor)


def test_a_conjoined_clause_with_a_plan_of_its_own_is_an_event() -> None:
    text = "No pleas were entered and a bail hearing was scheduled for Wednesday at Preston."
    events = extract_events(text, date(2012, 8, 6))
    assert [(e.predicate, e.modality.label, e.modality.future) for e in events] == [
        ("enter", "denied", None),
        ("schedule", "expected", True),
    ]


def test_a_claim_naming_its_counterpart_after_a_preposition_is_an_event() -> None:
    (event,) = extract_events("He will appear before Furness District Magistrates.", None)
    assert (event.predicate, event.who, event.modality.future) == ("appear", [], True)


def test_a_possessive_time_inside_a_nouns_phrase_dates_that_noun() -> None:
    own = _one("Creighton will play the winner of Friday's second semifinal on Saturday.")
    assert own.when is not None and own.when.text == "on Saturday"
    other = _one("Creighton will play the winner of Friday's second semifinal.")
    assert other.when is None
    kept = _one("In Saturday's semifinal, Creighton will play Indiana State.")
    assert kept.when is not None and "Saturday" in kept.when.text


# --- ledger round 4: the predicate's own time; a court appearance told with "due" -----------


def _timed(text: str) -> str | None:
    """The time a claim shows: the grammar's expression, else the time ahead as written."""
    event = _one(text)
    return event.when.text if event.when is not None else event.ahead


def test_the_time_of_a_reporting_verb_or_its_subject_is_not_the_claims() -> None:
    assert (
        _timed("The New York Times reported on Sunday that WeWork is preparing to cut jobs.")
        is None
    )
    assert _timed("An October 11 presentation indicated administrative jobs would be cut.") is None
    assert _timed("Officials said on Sunday that WeWork will cut jobs in the coming weeks.") == (
        "in the coming weeks"
    )


def test_a_nouns_modifier_clause_tells_another_verbs_time_unless_it_schedules_the_noun() -> None:
    assert (
        _timed("Blue Origin will offer NASA its lander that the company unveiled in May.") is None
    )
    sold = "Ford will display an SUV, the first of many vehicles coming during the next two years."
    assert _timed(sold) is None
    planned = "Parliamentary elections, which are planned for December 15, 2013, will be held."
    assert "December 15" in (_timed(planned) or "")
    purpose = "Microsoft will push out an update to address the issue within two to three weeks."
    assert _timed(purpose) == "within two to three weeks"
    assert _timed("The lander will be available for missions starting in 2023.") == "in 2023"


def test_an_overtaken_schedule_in_a_modifier_clause_is_not_the_new_time() -> None:
    moved = "The trial, which had been set to begin Monday, will now start on June 2."
    assert _timed(moved) == "on June 2"
    first = "The summit, originally planned for May, will take place on June 3."
    assert _timed(first) == "on June 3"


def test_a_time_told_by_another_event() -> None:
    assert _timed("All the artworks will be lit during the 53-day-long festival.") == (
        "during the 53-day-long festival"
    )
    assert _timed("After the seminar, UN consultants will submit the guidelines.") == (
        "After the seminar"
    )


def test_due_in_court_is_a_court_appearance_ahead() -> None:
    (event,) = extract_events("He is due before Furness district magistrates' court today.", None)
    assert (event.predicate, event.modality.label, event.modality.future) == (
        "appear",
        "expected",
        True,
    )
    named = _one("John Jenkin is due in court over the murders.")
    assert named.predicate == "appear" and named.actor == ["John Jenkin"]
    past = extract_events("Jenkin was due in court on Monday.", None)
    assert [e.modality.future for e in past if e.predicate == "appear"] == [False]
    assert extract_events("The report is due in September.", None) == []


def test_pushed_back_with_an_adverb_is_a_new_date() -> None:
    event = _one("The Geneva summit has been pushed back to Friday.")
    assert (event.predicate, event.modality.label) == ("push back", "expected")
    event = _one("The match was brought forward to Friday.")
    assert (event.predicate, event.modality.label) == ("bring forward", "expected")


def test_verbs_conjoined_before_one_object_share_it() -> None:
    assert _one("The company will build and operate the plant next year.").what == "build plant"
    assert _one("Officials will meet on Friday and discuss the budget.").what == "meet"


def test_a_claim_with_a_time_ahead_as_written_or_a_forecasting_verb_is_an_event() -> None:
    """No name, place or parsed date: the time ahead as written keeps the claim ("in the third
    quarter"); "is forecast to" plans like "is expected to"."""
    closing = _one("The acquisition is expected to close in the third quarter.")
    assert closing.modality.future is True and closing.ahead == "in the third quarter"
    storm = _one("The storm is forecast to make landfall on Tuesday.")
    assert (storm.predicate, storm.modality.label, storm.modality.future) == (
        "make",
        "expected",
        True,
    )


def test_due_back_in_court_is_a_court_appearance_ahead() -> None:
    event = _one("He is due back in court on Jan. 12.")
    assert (event.predicate, event.modality.label, event.modality.future) == (
        "appear",
        "expected",
        True,
    )


def test_round_6_the_actor_of_a_plan_noun_and_the_clause_of_a_likelihood() -> None:
    """ "X made plans to return": X returns; "because ... on Tuesday, it's possible the team
    will deliver ... before Oct. 9": the "because" clause's Tuesday is not the delivery's."""
    (planned,) = extract_events(
        "Mayor John Smith made plans to return to the flooded villages on Friday.", None
    )
    assert (planned.what, planned.actor) == ("return", ["John Smith"]), planned
    text = (
        "Because the next regular meeting is on Tuesday, it is possible the board will approve "
        "the merger before October 9."
    )
    (event,) = [e for e in extract_events(text, None) if e.modality.label == "expected"]
    assert event.what == "approve merger", event
    assert event.when is not None and "October" in event.when.text, event.when


def test_round_6_a_conjoined_court_date_is_an_event_of_its_own() -> None:
    text = "The suspect is being held on $1 million bail and is due back in court on May 5."
    due = [e for e in extract_events(text, None) if e.modality.label == "expected"]
    assert [(e.predicate, e.when.text if e.when else None) for e in due] == [
        ("appear", "on May 5")
    ], due


def test_round_6_a_passive_complement_of_a_planning_verb() -> None:
    """ "X is expected to be charged": X is the one charged, no actor, and the claim is about
    X (an event, though the model names nobody); "is expected to be signed by Obama": Obama."""
    (charged,) = extract_events("Orozco is expected to be charged with murder.", None)
    assert (charged.what, charged.actor, charged.modality.future) == ("charge orozco", [], True)
    (signed,) = extract_events(
        "The bill is expected to be signed by President Obama on Friday.", None
    )
    assert signed.actor == ["Obama"] or signed.actor == ["Barack Obama"], signed.actor


def test_round_6_a_claim_about_anything_is_no_event() -> None:
    assert extract_events("Anything suspicious will be followed up.", None) == []


def test_round_6_a_headline_whose_verb_hangs_on_its_noun() -> None:
    """ "HP to buy Palm for $1.2 billion": the parse makes "buy" a modifier of "HP"; it is the
    title's plan, HP its actor. "How to ..." is advice, no plan."""
    (bought,) = [
        e for e in extract_events("HP to buy Palm for $1.2 billion", None) if e.modality.future
    ]
    assert (bought.what, bought.actor) == ("buy palm", ["HP"]), bought
    advice = extract_events("Chiquita-Fyffes: How to make Ireland a banana republic", None)
    assert not [e for e in advice if e.modality.future], advice


# --- round 7 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "planned", "when"),
    [
        # a conjoined plan sharing the subject: its planned verb is the event
        (
            "Dale Hobbs was arrested on Friday and is expected to be arraigned on Monday.",
            "arraign",
            "on Monday",
        ),
        (
            "Nora Pratt was charged with theft and is scheduled to appear in court next week.",
            "appear",
            "next week",
        ),
        # a conjoined modal of its own with a time ahead: an obligation with a date
        (
            "Dale Hobbs was released on bail and must appear in court on March 3.",
            "appear",
            "on March 3",
        ),
        # a present tense whose infinitive has a time ahead: "advances to play Saturday"
        (
            "Drake improved to 20-5 on the season and advances to play Saturday in a semifinal "
            "against Evansville.",
            "play",
            "Saturday",
        ),
    ],
)
def test_a_conjoined_plan_without_its_own_subject_is_an_expected_event(
    text: str, planned: str, when: str
) -> None:
    events = extract_events(text, None)
    found = [e for e in events if e.predicate == planned]
    assert len(found) == 1, [(e.predicate, e.modality) for e in events]
    assert found[0].modality.label == "expected" and found[0].modality.future is True
    assert found[0].when is not None and found[0].when.text == when
    assert found[0].who, found[0]  # the subject the conjuncts share
    # the plan's time is not the time of the verb it is conjoined to
    assert all(e.when is None or e.when.text != when for e in events if e is not found[0])


@pytest.mark.parametrize(
    "text",
    [
        "Dale Hobbs lost on Friday and hopes to play again.",  # a wish without a time
        "Nora Pratt denied the story and promised to reveal the name soon.",  # a past promise
        "The patch came out on Friday, and it's important to apply it soon.",  # advice
        "Dale Hobbs was arrested and could face life in prison.",  # a modal without a time
    ],
)
def test_a_conjoined_wish_past_promise_or_advice_is_no_plan(text: str) -> None:
    events = extract_events(text, None)
    assert not [e for e in events if e.modality.label == "expected"], events


def test_a_gathering_announced_with_a_time_ahead_is_an_expected_event() -> None:
    (event,) = extract_events("Union leaders announced new protests on Thursday.", None)
    assert (event.predicate, event.what) == ("hold", "hold protest")
    assert event.modality.label == "expected" and event.modality.future is True
    assert event.modality.attributed_to == "Union leaders"
    (called,) = extract_events("The union called a strike for next Tuesday.", None)
    assert called.what == "hold strike" and called.modality.future is True


@pytest.mark.parametrize(
    "text",
    [
        "Organisers announced a rally last week.",  # no time ahead: the announcement is news
        "Police announced arrests on Monday.",  # not a gathering
    ],
)
def test_an_announcement_without_a_gathering_ahead_is_no_claim(text: str) -> None:
    events = extract_events(text, None)
    assert not [e for e in events if e.modality.label == "expected"], events


def test_a_directive_with_a_time_ahead_schedules_its_infinitive() -> None:
    (event,) = extract_events("Dale Hobbs was ordered to return to court on March 3.", None)
    assert event.predicate == "return" and event.modality.label == "expected"
    assert event.modality.future is True and event.when is not None
    (fine,) = extract_events("Dale Hobbs was ordered to pay a fine.", None)
    assert fine.predicate == "order" and fine.modality.label == "happened"


def test_a_name_read_as_a_modal_before_a_participle_is_no_future() -> None:
    """The tagger may read "Will Dunn scored" as a modal before a participle (VBN): no
    English future is made that way ("will have scored", "will be held" are)."""
    from spacy.tokens import Doc

    from storyline.extract import nlp
    from storyline.extract.modality import modality_of

    words = ["Will", "Dunn", "scored", "14", "points", "."]
    doc = Doc(
        nlp.load_pipeline().vocab,
        words=words,
        tags=["MD", "NNP", "VBN", "CD", "NNS", "."],
        deps=["aux", "nsubj", "ROOT", "nummod", "dobj", "punct"],
        heads=[2, 2, 2, 4, 2, 2],
    )
    assert modality_of(doc[2]).label != "expected"
    (held,) = extract_events("The elections will be held on Sunday.", None)
    assert held.modality.label == "expected" and held.modality.future is True
