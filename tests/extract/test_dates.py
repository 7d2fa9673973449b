"""Temporal expressions: the seed articles, a table of news sentences, and properties."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract.dates import (
    GRAINS,
    TENSES,
    TimeExpression,
    find_time_expressions,
    sentence_tense,
)

D = date.fromisoformat
FRI = D("2022-08-19")  # a Friday: the publication day of seed 000
THU = D("2022-09-15")  # a Thursday: the publication day of seed 004
MON = D("2022-08-22")
DEC = D("2022-12-20")  # a Tuesday
JAN = D("2023-01-10")  # a Tuesday


def only(text: str, published: date | None, expression: str, **kw: str) -> TimeExpression:
    """The one expression of ``text`` whose text is ``expression``."""
    found = [e for e in find_time_expressions(text, published, **kw) if e.text == expression]
    all_texts = [e.text for e in find_time_expressions(text, published, **kw)]
    assert len(found) == 1, f"{expression!r} not found once in {all_texts}"
    return found[0]


def interval(e: TimeExpression) -> tuple[date | None, date | None]:
    return e.value_start, e.value_end


# --- the seed articles -----------------------------------------------------------------------


def seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def by_context(found: list[TimeExpression], text: str, context: str, phrase: str) -> TimeExpression:
    """The expression ``phrase`` inside the first occurrence of ``context`` in ``text``."""
    at = text.index(context) + context.index(phrase)
    (hit,) = [e for e in found if e.start == at and e.text == phrase]
    return hit


SEED_000 = [
    (
        "Samarkand on September 15 and 16",
        "on September 15 and 16",
        "range",
        "2022-09-15",
        "2022-09-16",
    ),
    ("Journal reported on Friday", "on Friday", "day", "2022-08-19", "2022-08-19"),
    ("Taiwan earlier this month", "earlier this month", "period", "2022-08-01", "2022-08-18"),
    ("confirmed back in July", "in July", "month", "2022-07-01", "2022-07-31"),
    ("Central Asia in September", "in September", "month", "2022-09-01", "2022-09-30"),
    ("indicated this week", "this week", "week", "2022-08-15", "2022-08-21"),
    ("This week, Putin", "This week", "week", "2022-08-15", "2022-08-21"),
    ("Bali in November", "in November", "month", "2022-11-01", "2022-11-30"),
    ("Widodo confirmed on Friday", "on Friday", "day", "2022-08-19", "2022-08-19"),
]

SEED_004 = [
    ("will meet today", "today", "day", "2022-09-15", "2022-09-15"),
    ("are meeting today", "today", "day", "2022-09-15", "2022-09-15"),
    ("take place tomorrow", "tomorrow", "day", "2022-09-16", "2022-09-16"),
    ("presidents on Thursday", "on Thursday", "day", "2022-09-15", "2022-09-15"),
    ("the press on Tuesday", "on Tuesday", "day", "2022-09-13", "2022-09-13"),
    ("date back to February", "to February", "month", "2022-02-01", "2022-02-28"),
    ("Last month, Beijing", "Last month", "month", "2022-08-01", "2022-08-31"),
    ("congress in October", "in October", "month", "2022-10-01", "2022-10-31"),
]


@pytest.mark.parametrize(("context", "phrase", "grain", "first", "last"), SEED_000)
def test_seed_000_published_on_a_friday(
    seeds_dir: Path, context: str, phrase: str, grain: str, first: str, last: str
) -> None:
    text = seed(seeds_dir, "000")
    hit = by_context(find_time_expressions(text, FRI), text, context, phrase)
    assert (hit.grain, hit.value_start, hit.value_end) == (grain, D(first), D(last))
    assert hit.resolved


@pytest.mark.parametrize(("context", "phrase", "grain", "first", "last"), SEED_004)
def test_seed_004_published_on_a_thursday(
    seeds_dir: Path, context: str, phrase: str, grain: str, first: str, last: str
) -> None:
    text = seed(seeds_dir, "004")
    hit = by_context(find_time_expressions(text, THU), text, context, phrase)
    assert (hit.grain, hit.value_start, hit.value_end) == (grain, D(first), D(last))


def test_seed_000_finds_nothing_else(seeds_dir: Path) -> None:
    # The headline "Putin and Xi may meet sooner than expected" has the verb "may": no date.
    text = seed(seeds_dir, "000")
    found = find_time_expressions(text, FRI)
    assert len(found) == len(SEED_000) + 1  # + "in September" of the subtitle
    assert all(e.resolved for e in found)
    assert not any("may" in e.text.lower() for e in found)


def test_seed_without_publication_date_resolves_nothing(seeds_dir: Path) -> None:
    found = find_time_expressions(seed(seeds_dir, "000"), None)
    assert found and not any(e.resolved for e in found)
    assert all(e.value_start is None and e.value_end is None for e in found)


# --- the table -------------------------------------------------------------------------------

TABLE: list[tuple[str, date | None, str, str, str | None, str | None]] = [
    # weekdays, past context: the same weekday as publication is the publication day
    ("The ministry said on Friday that talks had stalled.", FRI, "on Friday", "day",
     "2022-08-19", "2022-08-19"),
    ("The ministry said on Thursday that talks had stalled.", FRI, "on Thursday", "day",
     "2022-08-18", "2022-08-18"),
    ("The ministry said on Saturday that talks had stalled.", FRI, "on Saturday", "day",
     "2022-08-13", "2022-08-13"),
    ("Putin told reporters Tuesday night that he was not worried.", FRI, "Tuesday night",
     "day", "2022-08-16", "2022-08-16"),
    # weekdays, future context
    ("The summit will open on Friday in Geneva.", FRI, "on Friday", "day", "2022-08-19",
     "2022-08-19"),
    ("The summit will open on Saturday in Geneva.", FRI, "on Saturday", "day", "2022-08-20",
     "2022-08-20"),
    ("The summit will open on Thursday in Geneva.", FRI, "on Thursday", "day", "2022-08-25",
     "2022-08-25"),
    # weekdays with last/next/this, and without any tense cue (the nearest one)
    ("Officials met last Friday in Doha.", FRI, "last Friday", "day", "2022-08-12",
     "2022-08-12"),
    ("Negotiators resume their work next Friday.", FRI, "next Friday", "day", "2022-08-26",
     "2022-08-26"),
    ("Unions plan a walkout this Friday.", MON, "this Friday", "day", "2022-08-26",
     "2022-08-26"),
    ("Voters go to the polls on Monday.", FRI, "on Monday", "day", "2022-08-22", "2022-08-22"),
    # explicit ranges
    ("The talks are scheduled for Sept 15-16 in Samarkand.", FRI, "for Sept 15-16", "range",
     "2022-09-15", "2022-09-16"),
    ("The forum runs 15-16 September 2022 in Vladivostok.", None, "15-16 September 2022",
     "range", "2022-09-15", "2022-09-16"),
    ("Strikes are planned between March 3 and 5 at all ports.", JAN, "between March 3 and 5",
     "range", "2023-03-03", "2023-03-05"),
    ("The festival will run from May 1 to May 3.", JAN, "from May 1 to May 3", "range",
     "2023-05-01", "2023-05-03"),
    ("The border stays shut from December 28 to January 3.", D("2022-12-01"),
     "from December 28 to January 3", "range", "2022-12-28", "2023-01-03"),
    ("Exports fell sharply between June and August.", THU, "between June and August", "range",
     "2022-06-01", "2022-08-31"),
    # month names without a year, across the year boundary
    ("The new rules will take effect in January.", DEC, "in January", "month", "2023-01-01",
     "2023-01-31"),
    ("The plant was closed in December after a fire.", JAN, "in December", "month",
     "2022-12-01", "2022-12-31"),
    ("Elections will be held in February.", DEC, "in February", "month", "2023-02-01",
     "2023-02-28"),
    ("The ceasefire talks began in February.", DEC, "in February", "month", "2022-02-01",
     "2022-02-28"),
    ("The summit will open on September 15.", FRI, "on September 15", "day", "2022-09-15",
     "2022-09-15"),
    ("The company was founded in May by two engineers.", JAN, "in May", "month", "2022-05-01",
     "2022-05-31"),
    ("The vote is scheduled for May 5.", JAN, "for May 5", "day", "2023-05-05", "2023-05-05"),
    ("Prices have risen since July.", FRI, "since July", "month", "2022-07-01", "2022-07-31"),
    ("The harvest ends in mid-September.", FRI, "in mid-September", "period", "2022-09-11",
     "2022-09-20"),
    ("The hearing was adjourned until Oct. 4.", THU, "until Oct. 4", "day", "2022-10-04",
     "2022-10-04"),
    ("The trial opens Sept. 20 in Manhattan.", THU, "Sept. 20", "day", "2022-09-20",
     "2022-09-20"),
    ("Bonfires are lit on the 5th of November.", FRI, "on the 5th of November", "day",
     "2022-11-05", "2022-11-05"),
    # relative units
    ("Prices rose sharply last week.", FRI, "last week", "week", "2022-08-08", "2022-08-14"),
    ("The central bank meets next month.", FRI, "next month", "month", "2022-09-01",
     "2022-09-30"),
    ("Protesters gathered two days ago outside parliament.", FRI, "two days ago", "day",
     "2022-08-17", "2022-08-17"),
    ("The results will be published in three weeks.", FRI, "in three weeks", "week",
     "2022-09-05", "2022-09-11"),
    ("The merger was announced a week ago.", FRI, "a week ago", "week", "2022-08-08",
     "2022-08-14"),
    ("Turnout was higher last year.", FRI, "last year", "year", "2021-01-01", "2021-12-31"),
    ("A decision is expected later this year.", FRI, "later this year", "period", "2022-08-20",
     "2022-12-31"),
    ("The law takes effect early next month.", FRI, "early next month", "period", "2022-09-01",
     "2022-09-10"),
    ("Storms are forecast this weekend.", FRI, "this weekend", "weekend", "2022-08-20",
     "2022-08-21"),
    ("Three people died in clashes over the weekend.", MON, "over the weekend", "weekend",
     "2022-08-20", "2022-08-21"),
    ("Reservoirs ran dry this summer.", FRI, "this summer", "season", "2022-06-01",
     "2022-08-31"),
    ("Gas prices soared last winter.", FRI, "last winter", "season", "2021-12-01", "2022-02-28"),
    ("Sources said earlier this month that the deal was off.", D("2022-09-01"),
     "earlier this month", "period", "2022-09-01", "2022-09-01"),
    # deictic days
    ("The president will address the nation tonight.", FRI, "tonight", "day", "2022-08-19",
     "2022-08-19"),
    ("The rebels seized the airport yesterday.", FRI, "yesterday", "day", "2022-08-18",
     "2022-08-18"),
    ("The vote was held the day before yesterday.", FRI, "the day before yesterday", "day",
     "2022-08-17", "2022-08-17"),
    # ISO dates, explicit years, abbreviations with a year
    ("The decree, dated 2022-09-15, was published on the state portal.", FRI, "2022-09-15",
     "day", "2022-09-15", "2022-09-15"),
    ("Exports fell in 2021 for the first time.", FRI, "in 2021", "year", "2021-01-01",
     "2021-12-31"),
    ("The first case was recorded on Friday, Sept. 16, 2022.", None,
     "on Friday, Sept. 16, 2022", "day", "2022-09-16", "2022-09-16"),
    ("The talks stalled in late 2021.", None, "in late 2021", "period", "2021-09-01",
     "2021-12-31"),
    # no publication date: nothing relative resolves, dates with a year do
    ("The ministry said on Friday that talks had stalled.", None, "on Friday", "day", None,
     None),
    ("The treaty was signed on March 3, 2021, in Vienna.", None, "on March 3, 2021", "day",
     "2021-03-03", "2021-03-03"),
    ("The new rules will take effect in January.", None, "in January", "month", None, None),
    ("Prices rose sharply last week.", None, "last week", "week", None, None),
    # year ranges, seasons across the new year, postponements (a past verb, a future date)
    ("He served as mayor between 2001 and 2005.", None, "between 2001 and 2005", "range",
     "2001-01-01", "2005-12-31"),
    ("Heating bills soared this winter.", JAN, "this winter", "season", "2022-12-01",
     "2023-02-28"),
    ("The vote was postponed to October.", THU, "to October", "month", "2022-10-01",
     "2022-10-31"),
    ("The deadline was extended until September 30.", FRI, "until September 30", "day",
     "2022-09-30", "2022-09-30"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "published", "phrase", "grain", "first", "last"), TABLE)
def test_table(
    text: str,
    published: date | None,
    phrase: str,
    grain: str,
    first: str | None,
    last: str | None,
) -> None:
    hit = only(text, published, phrase)
    expected = (None, None) if first is None or last is None else (D(first), D(last))
    assert (hit.grain, interval(hit)) == (grain, expected)
    assert hit.resolved is (first is not None)
    assert text[hit.start : hit.end] == phrase


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 40


# --- words that are not dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The minister may resign, and Theresa May may follow.",
        "Officials spoke to May about the budget.",
        "Shops close early on Mondays.",
        "Prices rose 5 percent in the fall of the regime.",
        "USA Today reported the figures.",
        "Protesters march on the capital.",
        "Turnout was 15 per cent, up from 12.",
        "The week was long and the day was longer.",
        "Bloody Sunday is remembered every year; the Sunday Times reported it.",
        "The Sept. figures were revised.",
    ],
)
def test_not_a_date(text: str) -> None:
    assert find_time_expressions(text, FRI) == []


def test_two_months_are_a_range_only_with_between_or_from() -> None:
    found = find_time_expressions("Exports rose in June and August.", THU)
    assert [(e.text, e.grain) for e in found] == [("in June", "month")]


def test_may_with_a_day_or_a_preposition_is_a_month() -> None:
    found = find_time_expressions("Ministers may meet on May 5 or in May.", JAN, tense="future")
    assert [(e.text, e.value_start) for e in found] == [
        ("on May 5", D("2023-05-05")),
        ("in May", D("2023-05-01")),
    ]


# --- context and options ---------------------------------------------------------------------


def test_tense_argument_overrides_the_sentence() -> None:
    text = "Officials will meet in February."
    assert only(text, DEC, "in February").value_start == D("2023-02-01")
    assert only(text, DEC, "in February", tense="past").value_start == D("2022-02-01")


def test_unknown_tense_is_rejected() -> None:
    with pytest.raises(ValueError, match="tense"):
        find_time_expressions("on Friday", FRI, tense="later")


def test_datetime_reference_counts_by_its_date() -> None:
    hit = only(
        "The rebels seized the airport yesterday.", datetime(2022, 8, 19, 23, 59), "yesterday"
    )
    assert interval(hit) == (D("2022-08-18"), D("2022-08-18"))


def test_no_cue_takes_the_nearest_occurrence() -> None:
    # No verb says past or future: the nearest September to 2022-08-19, and of February to
    # 2022-08-19 (Feb 2023 is a week closer than Feb 2022).
    assert only("Summit in September.", FRI, "in September").value_start == D("2022-09-01")
    assert only("Budget in February.", FRI, "in February").value_start == D("2023-02-01")


def test_the_day_before_counts_from_the_previous_day() -> None:
    text = "Protests erupted on Monday. The day before, police had closed the square."
    found = find_time_expressions(text, FRI)
    assert [(e.text, e.value_start) for e in found] == [
        ("on Monday", D("2022-08-15")),
        ("The day before", D("2022-08-14")),
    ]


def test_the_day_before_an_event_is_unresolved() -> None:
    hit = only("Police arrived the day before the vote.", FRI, "the day before")
    assert not hit.resolved and hit.value_start is None


def test_direction() -> None:
    text = "Xi met Putin yesterday, meets Modi today and will see Biden next week."
    assert [(e.text, e.direction) for e in find_time_expressions(text, FRI)] == [
        ("yesterday", "past"),
        ("today", "present"),
        ("next week", "future"),
    ]
    unresolved = find_time_expressions(text, None)
    assert [e.direction for e in unresolved] == ["past", "present", "future"]
    assert [e.direction for e in find_time_expressions("in 2021", None)] == [None]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Xi and Putin are meeting in Samarkand.", "present"),
        ("The Kremlin said the talks had ended.", "past"),
        ("Xi will travel to Central Asia.", "future"),
        ("The meeting was expected to take place in Bali.", "future"),
        ("Protesters gathered outside parliament.", "past"),
        ("The summit is due to take place in Samarkand.", "future"),
        ("Xi could travel, the newspaper reported.", None),
        ("Samarkand, a city on the Silk Road.", None),
    ],
)
def test_sentence_tense(sentence: str, expected: str | None) -> None:
    assert sentence_tense(sentence) == expected


def test_sentence_tense_near_an_expression() -> None:
    sentence = "Xi could travel in September, the Journal reported on Friday."
    for phrase, expected in (("in September", "future"), ("on Friday", "past")):
        at = sentence.index(phrase)
        assert sentence_tense(sentence, span=(at, at + len(phrase))) == expected


# --- properties ------------------------------------------------------------------------------

FRAGMENTS = [
    "on", "in", "since", "by", "last", "next", "this", "earlier", "later", "early", "mid-",
    "the", "day", "before", "after", "ago", "two", "a", "week", "month", "year", "weekend",
    "May", "may", "Sept.", "September", "Feb", "February", "29", "31", "15", "16", "-", "and",
    "to", "between", "from", "2021", "2022-02-29", "1999-12-31", "Friday", "Monday", "today",
    "tomorrow", "yesterday", "tonight", "summer", "winter", "fall", "said", "will", "was",
    "expected", ",", ".", "\n", "of", "end", "1st", "3rd",
]  # fmt: skip
texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=30).map(" ".join)
references = st.none() | st.dates() | st.datetimes()
tenses = st.sampled_from([None, *TENSES])


def check(text: str, published: date | None, found: list[TimeExpression]) -> None:
    previous_end = 0
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.start >= previous_end
        previous_end = e.end
        assert e.grain in GRAINS
        assert e.direction in (None, *TENSES)
        if e.resolved:
            assert e.value_start is not None and e.value_end is not None
            assert e.value_start <= e.value_end
        else:
            assert e.value_start is None and e.value_end is None
        if published is None and e.resolved:
            assert re.search(r"[0-9]{4}", e.text), e


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=references, tense=tenses)
def test_properties_on_date_like_text(text: str, published: date | None, tense: str | None) -> None:
    check(text, published, find_time_expressions(text, published, tense=tense))


@settings(max_examples=200)
@given(text=st.text(), published=references)
def test_properties_on_arbitrary_text(text: str, published: date | None) -> None:
    check(text, published, find_time_expressions(text, published))


@given(text=texts)
def test_sentence_tense_never_raises(text: str) -> None:
    assert sentence_tense(text) in (None, *TENSES)


# --- the rules' gates -------------------------------------------------------------------------

_EVERY_RULE = (
    "The audit of 2021-03-04 covered May 3, 2020, 5 June and March 2019.",
    "Talks ran from May 3-5, then 7-9 June, then May 3 to June 5, then 3 May to 5 June.",
    "Between April and July, and in 1999-2001, and in early 2020.",
    "Next Tuesday morning, this weekend, next spring, yesterday evening.",
    "Last month, three weeks ago and in two days' time; the day before, the same day.",
)


def test_every_match_of_a_rule_holds_its_gate() -> None:
    """A rule of the date grammar runs only when its gate's words are in the text (a cheap
    search first): every match of every rule holds its gate's words, on the table's texts and
    on texts that make every rule match (else the check would prove nothing)."""
    from storyline.extract._date_grammar import _RULES

    matched: set[str] = set()
    for text in (*(row[0] for row in TABLE), *_EVERY_RULE):
        for pattern, _read, gate in _RULES:
            for match in pattern.finditer(text):
                matched.add(pattern.pattern)
                assert gate.search(match.group()), (pattern.pattern[:40], match.group())
    assert matched == {pattern.pattern for pattern, _read, _gate in _RULES}
