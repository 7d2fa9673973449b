"""The expectation ledger: unit rules on hand-made events, then the seeds and invented stories
through the real extraction (spaCy)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from storyline.extract import Modality
from storyline.knowledge.expectations import (
    ArticleContext,
    Expectation,
    apply_clock,
    apply_clock_view,
    build_ledger,
    expectation_id,
    families,
    open_ledger,
)
from storyline.records import Article
from storyline.text.clean import clean

try:
    from ._ledger_samples import PUTIN, XI, ev, when
    from ._ledger_samples import undated_ledger as _undated
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _ledger_samples import PUTIN, XI, ev, when
    from _ledger_samples import undated_ledger as _undated

# --- hand-made events -------------------------------------------------------------------------


PLAN = "Xi and Putin will meet in Samarkand on September 15."
EXPECTED = ev("a", 0, PLAN, "meet", [XI, PUTIN], "expected", where=["Samarkand"],
              time=when("2022-09-15", text="on September 15"))  # fmt: skip
DATES = {"a": date(2022, 9, 1), "b": date(2022, 9, 15)}
FEBRUARY = when("2022-02-01", "2022-02-28", "in February", "month")
EARLIER_THIS_MONTH = when("2022-08-01", "2022-08-31", "earlier this month", "period")
OCTOBER = when("2022-10-01", "2022-10-31", "in October", "month")
NOVEMBER = when("2022-11-01", "2022-11-30", "in November", "month")


def one(ledger: list[Expectation]) -> Expectation:
    assert len(ledger) == 1, [(x.what, x.status, x.text) for x in ledger]
    return ledger[0]


def test_families_group_meetings_and_travel() -> None:
    assert families("meet") & families("hold talks") & families("summit")
    assert families("travel") & families("arrive") & families("visit")
    assert families("visit") >= {"meet", "travel"}
    assert not families("meet") & families("arrive")
    assert families("resign") == {"resign"}
    assert not families("raise") & families("cut")  # opposites are never the same event


def test_happening_in_the_window_confirms_and_cites_both_sentences() -> None:
    met = "Xi and Putin met in Samarkand on Thursday."
    happened = ev("b", 3, met, "meet", [PUTIN, XI], "happened", trigger="met",
                  where=["Samarkand"], time=when("2022-09-15", text="on Thursday"))  # fmt: skip
    entry = one(build_ledger({"a": [EXPECTED], "b": [happened]}, DATES))
    assert entry.status == "confirmed"
    assert entry.note == "confirmed by b on 2022-09-15 (happened)"
    assert (entry.first_reported.article_id, entry.first_reported.sentence_index) == ("a", 0)
    assert entry.first_reported.sentence == PLAN
    assert [(c.article_id, c.sentence_index, c.role) for c in entry.evidence] == [
        ("b", 3, "confirmed")
    ]
    assert entry.id == expectation_id("a", 0)
    assert entry.who == [XI, PUTIN] and entry.where == ["Samarkand"]


def test_happening_outside_the_window_is_shifted_not_confirmed_late() -> None:
    late = ev("b", 0, "Xi and Putin met on Saturday.", "meet", [XI, PUTIN], "happened",
              trigger="met", time=when("2022-10-01", text="on Saturday"))  # fmt: skip
    dates = {"a": DATES["a"], "b": date(2022, 10, 1)}
    entry = one(build_ledger({"a": [EXPECTED], "b": [late]}, dates))
    assert entry.status == "shifted"
    assert entry.note.startswith("happened on 2022-10-01, outside the expected window 2022-09-15")
    assert entry.evidence[0].role == "shifted"


def test_happening_at_another_place_is_shifted() -> None:
    elsewhere = ev("b", 0, "Xi and Putin met in Astana on Thursday.", "meet", [XI, PUTIN],
                   "happened", trigger="met", where=["Astana"],
                   time=when("2022-09-15"))  # fmt: skip
    entry = one(build_ledger({"a": [EXPECTED], "b": [elsewhere]}, DATES))
    assert entry.status == "shifted"
    assert entry.note == "happened in Astana, not in Samarkand (reported by b)"


def test_pending_then_overdue_on_the_stream_clock_not_the_wall_clock() -> None:
    assert one(build_ledger({"a": [EXPECTED]}, DATES)).status == "pending"
    late = one(build_ledger({"a": [EXPECTED]}, DATES, as_of=date(2022, 9, 20)))
    # Past its date with no later report in the story: "unreported", not "overdue" (issue 19).
    assert late.status == "unreported"
    assert late.note == "expected by 2022-09-15; no report since, as of 2022-09-20"
    # A later article of the story says nothing of it: now it is overdue. It also moves the
    # stream's clock: the default as_of is its date.
    other = ev("z", 0, "Germany won the match.", "win", ["Germany"], "happened", trigger="won")
    dates = {**DATES, "z": date(2022, 9, 30)}
    ledger = build_ledger({"a": [EXPECTED], "z": [other]}, dates)
    assert one(ledger).status == "overdue"
    assert one(ledger).note == (
        "expected by 2022-09-15; reported on until 2022-09-30 and not confirmed as of 2022-09-30"
    )
    (view,) = [x.to_dict() for x in open_ledger({"a": [EXPECTED], "z": [other]}, dates)]
    assert apply_clock_view(view, date(2022, 9, 30))["status"] == "overdue"


def test_the_open_ledger_judged_later_is_the_ledger_of_that_day() -> None:
    """The clock is applied after the ledger is built (so a cached open ledger can be judged
    again when the stream's clock moves): pending past the window's end becomes overdue."""
    (entry,) = open_ledger({"a": [EXPECTED]}, DATES)
    assert entry.status == "pending"
    for day in (date(2022, 9, 14), date(2022, 9, 15), date(2022, 9, 16), date(2022, 12, 1)):
        expected = one(build_ledger({"a": [EXPECTED]}, DATES, as_of=day))
        assert apply_clock(entry, day) == expected
        assert apply_clock_view(entry.to_dict(), day) == expected.to_dict()
    assert apply_clock(entry, date(2022, 9, 16)).status == "unreported"  # no later report
    assert apply_clock(entry, None) == entry
    met = ev("b", 0, "Xi and Putin met in Samarkand.", "meet", [XI, PUTIN], "happened",
             where=["Samarkand"], trigger="met")  # fmt: skip
    (confirmed,) = open_ledger({"a": [EXPECTED], "b": [met]}, DATES)
    assert apply_clock(confirmed, date(2023, 1, 1)).status == "confirmed"


def test_as_of_leaves_out_the_articles_published_after_it() -> None:
    met = ev("b", 0, "Xi and Putin met on Thursday.", "meet", [XI, PUTIN], "happened",
             trigger="met", time=when("2022-09-15"))  # fmt: skip
    before = one(build_ledger({"a": [EXPECTED], "b": [met]}, DATES, as_of=date(2022, 9, 10)))
    assert before.status == "pending" and before.evidence == []
    assert one(build_ledger({"a": [EXPECTED], "b": [met]}, DATES)).status == "confirmed"


def test_restatement_is_evidence_and_a_moved_window_shifts() -> None:
    again = ev("b", 1, "Xi and Putin will meet on September 15.", "meet", [XI, PUTIN],
               "expected", time=when("2022-09-15"))  # fmt: skip
    entry = one(build_ledger({"a": [EXPECTED], "b": [again]}, DATES))
    assert entry.status == "pending" and [c.role for c in entry.evidence] == ["restated"]
    moved = ev("b", 2, "Xi and Putin will now meet in October.", "meet", [XI, PUTIN],
               "expected", time=OCTOBER)  # fmt: skip
    entry = one(build_ledger({"a": [EXPECTED], "b": [again, moved]}, DATES))
    assert entry.status == "shifted"
    assert entry.note == "moved to October (2022-10-01..2022-10-31) by b"
    assert entry.moved_to is not None and entry.moved_to.start == date(2022, 10, 1)
    assert [c.role for c in entry.evidence] == ["restated", "moved"]


def test_a_further_occurrence_opens_its_own_entry() -> None:
    another = ev("b", 0, "Xi and Putin will meet again in November.", "meet", [XI, PUTIN],
                 "expected", time=NOVEMBER)  # fmt: skip
    ledger = build_ledger({"a": [EXPECTED], "b": [another]}, DATES)
    assert [x.status for x in ledger] == ["pending", "pending"]


def test_denied_event_cancels_but_never_a_confirmed_one() -> None:
    off = ev("b", 0, "Putin will not meet Xi after all.", "meet", [PUTIN, XI], "denied",
             cue="not")  # fmt: skip
    entry = one(build_ledger({"a": [EXPECTED], "b": [off]}, DATES))
    assert entry.status == "cancelled" and entry.note == "cancelled by b: 'not'"
    met = ev("b", 0, "Xi and Putin met on Thursday.", "meet", [XI, PUTIN], "happened",
             trigger="met", time=when("2022-09-15"))  # fmt: skip
    dates = {**DATES, "c": date(2022, 9, 16)}
    off_later = ev("c", 0, off.sentence, "meet", [PUTIN, XI], "denied", cue="not")
    entry = one(build_ledger({"a": [EXPECTED], "b": [met], "c": [off_later]}, dates))
    assert entry.status == "confirmed"


def test_a_cancellation_naming_nobody_is_read_from_the_sentence() -> None:
    ctx = ArticleContext(
        sentences={0: "Officials gave no reason.", 1: "The meeting was called off."}
    )
    entry = one(build_ledger({"a": [EXPECTED], "b": []}, DATES, contexts={"b": ctx}))
    assert entry.status == "cancelled"
    assert entry.evidence[0].sentence == "The meeting was called off."


def test_an_undated_happening_confirms_but_never_shifts() -> None:
    undated = ev("b", 0, "Xi and Putin met.", "meet", [XI, PUTIN], "happened", trigger="met")
    assert one(build_ledger({"a": [EXPECTED], "b": [undated]}, DATES)).status == "confirmed"
    early = {"a": DATES["a"], "b": date(2022, 9, 5)}  # reported before the window opened
    assert one(build_ledger({"a": [EXPECTED], "b": [undated]}, early)).status == "pending"


def test_a_happening_before_the_first_report_is_background() -> None:
    old = ev("b", 0, "Xi and Putin last met in February.", "meet", [XI, PUTIN], "happened",
             trigger="met", time=FEBRUARY)  # fmt: skip
    assert one(build_ledger({"a": [EXPECTED], "b": [old]}, DATES)).status == "pending"


def test_participants_must_overlap() -> None:
    biden = ev("b", 0, "Xi met Joe Biden on Thursday.", "meet", [XI, "Joe Biden"], "happened",
               trigger="met", time=when("2022-09-15"))  # fmt: skip
    assert one(build_ledger({"a": [EXPECTED], "b": [biden]}, DATES)).status == "pending"
    solo = ev("a", 0, "Putin will visit Samarkand on September 15.", "visit", [PUTIN],
              "expected", time=when("2022-09-15"))  # fmt: skip
    arrived = ev("b", 0, "Putin arrived in Samarkand on Thursday.", "arrive", [PUTIN],
                 "happened", trigger="arrived", time=when("2022-09-15"))  # fmt: skip
    assert one(build_ledger({"a": [solo], "b": [arrived]}, DATES)).status == "confirmed"
    # Names are compared by their story-level canonical form.
    short = ev("b", 0, "Xi and Putin met.", "meet", ["Xi", "Putin"], "happened", trigger="met")
    full = {"Xi": XI, "Putin": PUTIN}
    ledger = build_ledger({"a": [EXPECTED], "b": [short]}, DATES, lambda n: full.get(n, n))
    assert one(ledger).status == "confirmed"


def test_travel_to_meet_is_about_the_meeting_and_the_summit_dates_narrow_the_month() -> None:
    travel = ev(
        "a", 2,
        "Xi could travel to Central Asia in September to meet with Putin at the SCO summit.",
        "travel", [XI, PUTIN], "expected", where=["Central Asia"], source="WSJ",
        time=when("2022-09-01", "2022-09-30", "in September", "month"),
    )  # fmt: skip
    summit = "The summit is due to take place in Samarkand on September 15 and 16."
    ctx = ArticleContext(
        sentences={2: travel.sentence, 3: summit},
        places={2: ["Central Asia"], 3: ["Samarkand"]},
        times={2: [travel.when] if travel.when else [],
               3: [when("2022-09-15", "2022-09-16", "on September 15 and 16", "range")]},
    )  # fmt: skip
    entry = one(build_ledger({"a": [travel]}, DATES, contexts={"a": ctx}))
    assert (entry.what, entry.context) == ("meet", "travel")
    assert entry.when is not None
    assert (entry.when.start, entry.when.end) == (date(2022, 9, 15), date(2022, 9, 16))
    assert entry.where == ["Central Asia", "Samarkand"] and entry.attributed_to == "WSJ"
    ctx.sentences[3] = "Separately, the bank is due to report on September 15."
    entry = one(build_ledger({"a": [travel]}, DATES, contexts={"a": ctx}))
    assert entry.when is not None and entry.when.grain == "month"  # not about the summit


def test_a_claim_needs_a_future_reading_not_a_named_participant() -> None:
    """Issue 19: an expected event naming nobody is still a claim ("Job cuts will be announced
    later this week"); a hedge without a future reading (``future=False``) is none."""
    nobody = ev("a", 1, "It will rain in Samarkand on September 15.", "rain", [], "expected",
                where=["Samarkand"], time=when("2022-09-15"))  # fmt: skip
    hedged_past = ev("a", 2, "The decision was allegedly taken earlier this month.", "take",
                     [XI], "expected", trigger="taken",
                     time=EARLIER_THIS_MONTH)  # fmt: skip
    hedged_past.modality = Modality("expected", None, "allegedly", future=False)
    (entry,) = build_ledger({"a": [nobody, hedged_past]}, DATES)
    assert entry.what == "rain" and entry.who == [] and entry.where == ["Samarkand"]


def test_reports_of_one_article_are_one_entry_with_its_most_specific_sentence() -> None:
    headline = ev("a", 0, "Putin and Xi may meet soon", "meet", [PUTIN, XI], "expected")
    entry = one(build_ledger({"a": [headline, EXPECTED]}, DATES))
    assert entry.first_reported.sentence == PLAN and entry.when is not None
    view = entry.to_dict()
    assert set(view) >= {
        "status", "text", "what", "who", "where", "when", "attributed_to", "first_reported",
        "evidence",
    }  # fmt: skip
    assert view["first_reported"]["article_id"] == "a"
    assert view["first_reported"]["sentence"] == PLAN
    assert view["when"] == {
        "text": "on September 15", "start": "2022-09-15", "end": "2022-09-15", "grain": "day",
    }  # fmt: skip


# --- the seeds and invented stories, through the extraction (spaCy) -----------------------------

SEED_DATES = {"000": datetime(2022, 8, 19), "004": datetime(2022, 9, 15)}


def seed_article(seeds_dir: Path, prefix: str, published: datetime, seq: int) -> Article:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    article = Article(id=prefix, raw_id=prefix, path=str(path), format="text", raw_text=raw,
                      published=published, seq=seq)  # fmt: skip
    return clean(article)


def seed_ledger(
    seeds_dir: Path, dates: dict[str, datetime], as_of: date | None = None
) -> list[Expectation]:
    from storyline.knowledge.analysis import analyse_story

    articles = [seed_article(seeds_dir, p, d, i) for i, (p, d) in enumerate(dates.items())]
    return analyse_story(articles, as_of=as_of).expectations


def the_meeting(ledger: list[Expectation]) -> Expectation:
    found = [
        x
        for x in ledger
        if x.what == "meet"
        and x.first_reported.article_id == "000"
        and {XI, PUTIN} <= set(x.who)
        and "Samarkand" in x.where
    ]
    assert len(found) == 1, [(x.what, x.who, x.where, x.status) for x in ledger]
    return found[0]


@pytest.mark.slow
def test_seeds_the_expected_samarkand_meeting_is_confirmed(seeds_dir: Path) -> None:
    entry = the_meeting(seed_ledger(seeds_dir, SEED_DATES))
    assert entry.status == "confirmed"
    assert entry.attributed_to in {"WSJ", "the Wall Street Journal"}
    assert entry.context == "travel"
    assert "to meet with Russian President Vladimir Putin" in entry.first_reported.sentence
    assert "Shanghai Cooperation Organization" in entry.first_reported.sentence
    assert entry.when is not None
    assert (entry.when.start, entry.when.end) == (date(2022, 9, 15), date(2022, 9, 16))
    confirming = [c for c in entry.evidence if c.role == "confirmed"]
    assert confirming and confirming[0].article_id == "004"
    assert "are meeting today in Uzbekistan" in confirming[0].sentence
    # the sentences of 000 the entry rests on are cited as reported (round 8), the rest is 004's
    assert all(c.article_id == "004" for c in entry.evidence if c.role != "reported")
    assert {c.article_id for c in entry.evidence if c.role == "reported"} <= {"000"}
    assert entry.note == "confirmed by 004 on 2022-09-15 (ongoing)"


@pytest.mark.slow
def test_seeds_without_the_confirmation_the_meeting_is_pending(seeds_dir: Path) -> None:
    entry = the_meeting(seed_ledger(seeds_dir, {"000": SEED_DATES["000"]}))
    assert entry.status == "pending"
    assert all(c.role == "reported" and c.article_id == "000" for c in entry.evidence)


@pytest.mark.slow
def test_seeds_overdue_then_shifted_when_it_happens_late(seeds_dir: Path) -> None:
    only = {"000": SEED_DATES["000"]}
    # Past due with no later report in the story: unreported (issue 19), not overdue.
    assert the_meeting(seed_ledger(seeds_dir, only, date(2022, 9, 20))).status == "unreported"
    late = {**only, "004": datetime(2022, 10, 1)}
    entry = the_meeting(seed_ledger(seeds_dir, late))
    assert entry.status == "shifted"
    assert entry.note.startswith(
        "happened on 2022-10-01, outside the expected window 2022-09-15..2022-09-16"
    )
    assert any(c.role == "shifted" and c.article_id == "004" for c in entry.evidence)


def invented(*reports: tuple[str, str]) -> list[Expectation]:
    from storyline.knowledge.analysis import analyse_story

    articles = [
        Article(id=f"a{i}", raw_id="r", path=f"{i}.txt", format="text", text=text,
                published=datetime.fromisoformat(day), seq=i)
        for i, (day, text) in enumerate(reports)
    ]  # fmt: skip
    return analyse_story(articles).expectations


MEETING = "Xi Jinping and Vladimir Putin will meet at the summit in Samarkand on September 15."


@pytest.mark.slow
def test_invented_the_summit_was_called_off() -> None:
    entry = one(invented(("2022-09-01", MEETING), ("2022-09-10", "The summit was called off.")))
    assert entry.status == "cancelled"
    assert entry.evidence[0].sentence == "The summit was called off."


@pytest.mark.slow
def test_invented_putin_will_not_attend() -> None:
    plan = "Vladimir Putin will attend the summit in Samarkand on September 15."
    entry = one(invented(("2022-09-01", plan), ("2022-09-10", "Putin will not attend.")))
    assert entry.status == "cancelled" and entry.what == "attend summit"  # predicate + object
    assert entry.evidence[0].article_id == "a1"


@pytest.mark.slow
def test_invented_postponed_to_october_is_shifted() -> None:
    later = "The meeting has been postponed to October."
    entry = one(invented(("2022-09-01", MEETING), ("2022-09-10", later)))
    assert entry.status == "shifted"
    assert entry.note == "postponed to October (2022-10-01..2022-10-31) by a1"
    assert entry.evidence[0].sentence == later


@pytest.mark.slow
def test_invented_pending_until_something_happens() -> None:
    entry = one(invented(("2022-09-01", MEETING)))
    assert entry.status == "pending"
    assert entry.when is not None and entry.when.start == date(2022, 9, 15)


# --- issue 19: restatements never confirm; delays shift ----------------------------------------


@pytest.mark.slow
def test_invented_a_restatement_is_not_a_confirmation() -> None:
    first = "Gomes is scheduled to be arraigned in New Bedford District Court on Wednesday."
    again = "Gomes faces arraignment in New Bedford District Court on Wednesday morning."
    entry = one(invented(("2008-12-08", first), ("2008-12-09", again)))
    assert entry.status == "pending"
    assert [c.role for c in entry.evidence] == ["restated"]


@pytest.mark.slow
def test_invented_delayed_until_is_a_shift_not_a_cancellation() -> None:
    plan = "Airbus will deliver the first A380 to Singapore Airlines in October 2006."
    later = "Delivery to Singapore Airlines will be delayed until October 2007, Airbus said."
    entry = one(invented(("2006-06-01", plan), ("2006-06-14", later)))
    assert entry.status == "shifted"
    assert entry.moved_to is not None and entry.moved_to.start == date(2007, 10, 1)
    assert entry.evidence[0].role == "moved"


@pytest.mark.slow
def test_invented_the_event_named_by_its_noun_confirms() -> None:
    plan = "Gary Gomes was arrested on Monday and will be arraigned on Wednesday in court."
    later = "Following his arraignment in New Bedford on Wednesday, Gomes was ordered held."
    entry = one(invented(("2008-12-08", plan), ("2008-12-10", later)))
    assert entry.status == "confirmed"
    assert [c.role for c in entry.evidence] == ["confirmed"]
    assert "Following his arraignment" in entry.evidence[0].sentence


@pytest.mark.slow
def test_invented_a_shared_surname_and_day_match_a_restatement() -> None:
    first = "Creighton will play Indiana State in the semifinal on Saturday."
    again = "The Bluejays will play Indiana State on Saturday afternoon."
    entry = one(invented(("2013-03-08", first), ("2013-03-08", again)))
    assert [c.role for c in entry.evidence] == ["restated"]


@pytest.mark.slow
def test_invented_a_negated_conjunct_cancels_a_court_appearance() -> None:
    plan = "John Jenkin will appear before magistrates on Monday."
    later = "Jenkin was brought to the court building on Monday but did not appear in the dock."
    entry = one(invented(("2012-08-04", plan), ("2012-08-06", later)))
    assert entry.status == "cancelled"
    assert [c.role for c in entry.evidence] == ["cancelled"]


# --- issue 19, ledger round 3 -------------------------------------------------------------------


@pytest.mark.slow
def test_invented_going_to_the_polls_is_voting_and_one_day_joins_other_names() -> None:
    plan = "Turkmens go to the polls on Sunday in a parliamentary election."
    later = "Turkmenistan voted on Sunday in a parliamentary election."
    entry = one(invented(("2008-12-11", plan), ("2008-12-15", later)))
    assert entry.status == "confirmed"
    assert [c.role for c in entry.evidence] == ["confirmed"]


@pytest.mark.slow
def test_invented_the_event_still_ahead_of_a_sentence_restates_it() -> None:
    plan = "Creighton will play Wichita State in Saturday's semifinals."
    later = "McDermott has 2,129 points heading into Saturday's semifinals against Wichita State."
    entry = one(invented(("2013-03-08", plan), ("2013-03-08", later)))
    assert entry.status == "pending"
    assert [c.role for c in entry.evidence] == ["restated"]


@pytest.mark.slow
def test_invented_a_sentence_naming_nobody_confirms_only_when_it_dates_the_event() -> None:
    plan = "Creighton will play Indiana State in the semifinal."
    idle = "It made me play harder."
    assert one(invented(("2013-03-08", plan), ("2013-03-10", idle))).status == "pending"


@pytest.mark.slow
def test_invented_in_his_absence_cancels_the_appearance_and_every_denial_is_cited() -> None:
    plan = "He will appear in court this morning."
    later = (
        "The case was heard in his absence. "
        "Jenkin was brought to the court building but did not appear in the dock."
    )
    entry = one(invented(("2012-08-04", plan), ("2012-08-06", later)))
    assert entry.status == "cancelled"
    assert [c.role for c in entry.evidence] == ["cancelled", "cancelled"]


# --- ledger round 4: cancellations and new dates a named event noun tells --------------------

PLANNED_SUMMIT = "The summit will be held in Geneva on Tuesday, officials said."


@pytest.mark.slow
@pytest.mark.parametrize(
    "later",
    [
        "The Geneva summit has been called off, officials said.",
        "The Geneva summit was scrapped.",
        "The Geneva summit will not go ahead, officials said.",
    ],
)
def test_invented_a_named_summit_called_off_is_cancelled_not_confirmed(later: str) -> None:
    entry = one(invented(("2022-09-01", PLANNED_SUMMIT), ("2022-09-02", later)))
    assert entry.status == "cancelled"
    assert [c.role for c in entry.evidence] == ["cancelled"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "later",
    [
        "The Geneva summit has been pushed back to Friday, officials said.",
        "The summit was brought forward to Monday.",
    ],
)
def test_invented_pushed_back_or_brought_forward_shifts(later: str) -> None:
    entry = one(invented(("2022-09-01", PLANNED_SUMMIT), ("2022-09-02", later)))
    assert entry.status == "shifted"
    assert [c.role for c in entry.evidence] == ["moved"]


@pytest.mark.slow
def test_invented_undated_a_later_plan_on_another_day_moves_the_entry() -> None:
    moved = one(_undated(PLANNED_SUMMIT, "The Geneva summit will now take place on Friday."))
    assert moved.status == "shifted" and [c.role for c in moved.evidence] == ["moved"]
    same = "The summit will be held in Geneva on Tuesday as planned, officials said."
    kept = one(_undated(PLANNED_SUMMIT, same))
    assert kept.status == "pending" and [c.role for c in kept.evidence] == ["restated"]


@pytest.mark.slow
def test_invented_due_in_court_then_absent_is_cancelled() -> None:
    due = "He is due before Furness district magistrates' court today."
    absent = "Jenkin was brought to the court building on Monday, but did not appear in the dock."
    entry = one(_undated(due, absent))
    assert entry.status == "cancelled" and entry.what == "appear"


def test_other_day_compares_days_as_written() -> None:
    from storyline.knowledge.ledger_match import other_day

    assert other_day("on Tuesday", "on Friday")
    assert other_day("Sept. 8", "on September 15")
    assert not other_day("on Tuesday", "Tuesday morning")
    assert not other_day("on Friday", "on September 16")  # a weekday and a date may be one day
    assert not other_day("next week", "on Friday")


# --- ledger round 5: the event as the parse names it; call-offs and new dates by name ---------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later"),
    [
        (
            "He is scheduled to be arraigned on Friday.",
            "His arraignment was rescheduled for next Tuesday.",
        ),
        (
            "Microsoft will release the update in September.",
            "Microsoft has pushed back the release of the update to October.",
        ),
    ],
)
def test_invented_a_light_verb_moves_the_event_its_object_or_subject_names(
    plan: str, later: str
) -> None:
    entry = one(_undated(plan, later))
    assert entry.status == "shifted" and [c.role for c in entry.evidence] == ["moved"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later"),
    [
        (
            "The band will play a concert in Paris on Saturday.",
            "The band cancelled its Paris concert.",
        ),
        (
            "The company plans to close the factory next year.",
            "The company has abandoned plans to close the factory.",
        ),
        (
            "Smith is scheduled to fight Jones on Saturday.",
            "Jones pulled out of Saturday's fight with Smith.",
        ),
        ("The hearing is set for Thursday.", "The hearing was cancelled."),
    ],
)
def test_invented_a_sentence_calling_off_the_named_event_cancels_it(plan: str, later: str) -> None:
    entry = one(_undated(plan, later))
    assert entry.status == "cancelled" and [c.role for c in entry.evidence] == ["cancelled"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later"),
    [
        (
            "Smith will receive his sentence on Friday.",
            "Smith was sentenced to 12 years in prison on Friday.",
        ),
        (
            "Jones will undergo knee surgery next week.",
            "Jones is recovering from knee surgery he underwent on Tuesday.",
        ),
    ],
)
def test_invented_a_support_verb_is_about_its_object(plan: str, later: str) -> None:
    entry = one(_undated(plan, later))
    assert entry.status == "confirmed" and [c.role for c in entry.evidence] == ["confirmed"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later"),
    [
        ("Nokia will ship the phone in March.", "Nokia said the phone would not ship until June."),
        (
            "The launch of the shuttle Endeavour is set for Friday.",
            "NASA moved the launch of the shuttle Endeavour to Sunday.",
        ),
        (
            "Mark Henson will be sentenced on Tuesday.",
            "Mark Henson will now be sentenced on March 12, his lawyer said.",
        ),
        (
            "The trial will begin on Monday.",
            "The trial, which had been set to begin Monday, will now start on June 2.",
        ),
    ],
)
def test_invented_a_new_date_is_a_shift(plan: str, later: str) -> None:
    """ "not ... until", a move whose particle follows the object, "will now" with another
    time as written (a weekday and a date included)."""
    entry = one(_undated(plan, later))
    assert entry.status == "shifted" and [c.role for c in entry.evidence] == ["moved"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later", "status"),
    [
        (
            "The Boston Red Sox are expected to finalize a four-year contract with pitcher "
            "Alex Ortega on Monday.",
            "Alex Ortega signed a four-year contract with the Boston Red Sox on Monday.",
            "confirmed",
        ),
        (
            "The Rolling Stones will perform in Tel Aviv on June 4.",
            "The Rolling Stones have canceled their show in Tel Aviv.",
            "cancelled",
        ),
        (
            "Governor Tom Reilly will attend the conference in Boston on Monday.",
            "Governor Tom Reilly skipped the conference in Boston on Monday.",
            "cancelled",
        ),
    ],
)
def test_invented_one_occasion_told_with_another_verb(plan: str, later: str, status: str) -> None:
    """Two participants on the entry's day, or a call-off by one at its place or day."""
    entry = one(_undated(plan, later))
    assert entry.status == status and len(entry.evidence) == 1


@pytest.mark.slow
def test_invented_a_sentence_led_by_a_pronoun_is_about_the_people_last_named() -> None:
    plan = "Brian Nichols is expected to be sentenced on Friday."
    later = "A jury convicted Brian Nichols last month. He was sentenced to life in prison."
    entry = one(_undated(plan, later))
    assert entry.status == "confirmed"
    assert [c.sentence for c in entry.evidence] == ["He was sentenced to life in prison."]


# --- ledger round 6 --------------------------------------------------------------------------


@pytest.mark.slow
def test_invented_the_event_named_in_a_future_clause_restates_it() -> None:
    """A past main verb does not make the event happen when its noun stands in a clause told
    in the future: "..., who will face the Hawks in the final on Sunday" restates the plan."""
    plan = "The Eagles will play the Hawks in the final on Sunday."
    later = (
        "A late goal sealed the win for the Eagles, who will face the Hawks in the final on "
        "Sunday afternoon."
    )
    entry = one(invented(("2014-05-09", plan), ("2014-05-10", later)))
    assert entry.status == "pending", entry
    assert [c.role for c in entry.evidence] == ["restated"], entry.evidence


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later", "status"),
    [
        # one act told with another word of its family (round 6)
        (
            "Radiohead will perform in Tel Aviv on June 10.",
            "Radiohead cancelled its concert in Tel Aviv.",
            "cancelled",
        ),
        (
            "Hewlett-Packard plans to buy Autonomy for $10 billion.",
            "Hewlett-Packard completed its acquisition of Autonomy on Monday.",
            "confirmed",
        ),
        (
            "The chief executive is expected to step down in May.",
            "The chief executive resigned on Friday.",
            "confirmed",
        ),
    ],
)
def test_invented_undated_paraphrases_of_one_act(plan: str, later: str, status: str) -> None:
    entry = one(_undated(plan, later))
    assert entry.status == status, entry


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "later", "status"),
    [
        # "adjourned (until)" is the courts' word for a postponement
        (
            "John Jenkin is due to be sentenced on Friday.",
            "Sentencing was adjourned until next month.",
            "shifted",
        ),
        # a court's ruling reports its decision: the negated future under it calls the plan off
        (
            "Assange will be extradited to Sweden.",
            "Assange will not be extradited to Sweden, the court ruled.",
            "cancelled",
        ),
        # "take place" is about its subject: the concert, now on another day
        (
            "The concert will be held on Thursday in Tel Aviv.",
            "The concert will now take place on Friday in Tel Aviv.",
            "shifted",
        ),
        # "pushed to next month" (no "back") gives a new date too
        (
            "Lindsay Lohan's probation hearing will be held on Friday.",
            "Lindsay Lohan's probation hearing has been pushed to next month.",
            "shifted",
        ),
        # a rocket's lift-off is its launch
        (
            "The shuttle Discovery is scheduled to lift off on Tuesday.",
            "NASA scrubbed the launch of the shuttle Discovery for the second time.",
            "cancelled",
        ),
    ],
)
def test_invented_undated_new_dates_and_call_offs_in_news_words(
    plan: str, later: str, status: str
) -> None:
    entry = one(_undated(plan, later))
    assert entry.status == status, entry
