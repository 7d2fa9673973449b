"""Temporal expressions in English news text, normalised against the publication date.

:func:`find_time_expressions` finds expressions with the compiled grammar of
:mod:`storyline.extract._date_grammar` (no ``dateparser.search_dates``: it reads the verb "may"
as May) and gives each one an inclusive interval of dates, ``value_start..value_end``.

What is found: weekdays ("on Friday", "last Tuesday", "Friday night"), today/tonight/tomorrow/
yesterday/last night, "this/last/next week|month|year|weekend", "earlier/later this week",
"early/mid/late <month|year|next month>", "the end of the month", month names and dates
("in September", "September 15, 2022", "15 Sept", "the 5th of November", "Friday, Sept. 16"),
ranges ("September 15 and 16", "Sept 15-16", "15-16 September 2022", "between March 3 and 5",
"from May 1 to May 3", "from March to May", "between 2001 and 2005"), ISO dates, years with a
preposition ("in 2021", "by late 2022"), seasons ("this summer", "in the spring of 2021"),
counts ("two days ago", "in three weeks", "a year from now") and "the day before/after".
Month names need a dated context and abbreviations a day or a year (see the grammar module):
"may" and "Theresa May" are not dates.

Grains (:data:`GRAINS`)
    ``day``      one day: "on Friday", "yesterday", "September 15", "2022-09-15", "two days ago"
    ``range``    an explicit multi-day, multi-month or multi-year span: "September 15 and 16",
                 "Sept 15-16", "between March 3 and 5", "from March to May" (March 1..May 31)
    ``week``     Monday..Sunday: "this week", "last week", "in three weeks"
    ``weekend``  Saturday..Sunday: "this weekend", "over the weekend"
    ``month``    a calendar month: "in September", "last month", "September 2022"
    ``season``   meteorological, northern hemisphere: spring Mar-May, summer Jun-Aug,
                 autumn/fall Sep-Nov, winter Dec-Feb (the winter of a year starts in its December)
    ``year``     "in 2021", "last year"
    ``period``   part of a unit: "earlier this month" (the month's first day .. the day before
                 publication; the first day itself when published on the 1st), "later this year"
                 (the day after publication .. year end), "early/mid/late September" (days 1-10,
                 11-20, 21-end), "early/mid/late 2021" and "the end of the year" (Jan-Apr,
                 May-Aug, Sep-Dec), "early next week" (Mon-Tue, Wed-Thu, Fri-Sun), "late summer"

A leading preposition ("on", "in", "since", "by" ...) is part of ``text`` but never changes the
interval: "since July" is July. It can give the direction: "since" means the past.

Normalisation against the reference date (the publication day; a datetime counts by its date):

* A month or day without a year takes the year whose occurrence fits the direction. Past
  context: the latest occurrence starting on or before the reference ("in February" written
  2022-12-20 -> 2022-02). Future context: the earliest occurrence ending on or after it (the
  same article, future -> 2023-02). No cue: the occurrence containing the reference, else the
  nearest one (midpoint within about six months; a tie goes to the past). "last September" is
  the latest that ended before the reference, "next September" the first starting after it,
  "this September" the one in the reference year.
* Weekdays follow the same rule with the week as the cycle, so a weekday named on its own day is
  that day in past and future context alike: "reported on Friday" in a Friday article is the
  publication day. Past: on or before the reference; future: on or after; no cue: the nearest
  (-3..+3 days). "last Friday" is strictly before, "next Friday" strictly after, "this Friday"
  the Friday of the reference's Monday..Sunday week.
* The direction comes, in order, from the words themselves ("last", "next", "ago", "since"),
  the ``tense`` argument, or the tense cue nearest to the expression in its clause
  (:func:`sentence_tense`). "was expected to", "would", "planned to" are future: an expected
  event lies after the report even when told in the past tense; so is a date after
  "postponed/delayed/extended ... to/until". The rule is strict: a past-tense clause about a day
  just after publication ("was held on September 20" in a September 15 article) gets the
  previous year.
* "the day before"/"the next day" count from the last single day resolved before them in the
  text; "the day before the vote" (an event) stays unresolved.
* Without a publication date nothing relative is resolved and no year is guessed: only
  expressions carrying their own year ("March 3, 2021", "in 2021", "2022-09-15") resolve.

``direction`` says where a resolved interval lies: ``past`` (it ends before the reference),
``future`` (it starts after), ``present`` (it contains the reference); ``None`` without a
reference. An unresolved expression keeps the direction its words give ("next Tuesday": future).
"""

from __future__ import annotations

import bisect
import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from storyline.extract._date_grammar import (
    CLAUSE_BREAK,
    CUE,
    SENTENCE_END,
    WORD,
    Mention,
    is_abbreviation,
    scan,
)

__all__ = ["GRAINS", "TENSES", "TimeExpression", "find_time_expressions", "sentence_tense"]

GRAINS = ("day", "range", "week", "weekend", "month", "season", "year", "period")
TENSES = ("past", "future", "present")

Interval = tuple[date, date]

_CUE_TENSE = {"f": "future", "p": "past", "n": "present"}
_AFTER_PENALTY = 2  # a cue after the expression counts as this many words further away
_MASK = "\x00"
_TENSE_WINDOW = 300  # characters each side of an expression searched for tense cues
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One temporal expression: where it is, what interval it means, how sure that is.

    ``start``/``end`` are character offsets into the text given, so
    ``text == source[start:end]``. ``value_start..value_end`` is inclusive; both are None when
    ``resolved`` is False. ``grain`` is one of :data:`GRAINS`; ``direction`` one of
    :data:`TENSES` or None.
    """

    text: str
    start: int
    end: int
    grain: str
    value_start: date | None
    value_end: date | None
    resolved: bool
    direction: str | None


def find_time_expressions(
    text: str, published: date | datetime | None, *, tense: str | None = None
) -> list[TimeExpression]:
    """The temporal expressions of ``text``, in order, resolved against ``published``.

    ``tense`` ("past", "future" or "present") forces the context of every expression; by default
    each expression takes the tense cue nearest to it in its sentence (:func:`sentence_tense`).
    """
    if tense is not None and tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES} or None, not {tense!r}")
    ref = published.date() if isinstance(published, datetime) else published
    sentences = _sentence_starts(text)
    found: list[TimeExpression] = []
    anchor: date | None = None
    for mention in scan(text):
        context = tense or _tense_at(text, sentences, mention)
        interval = _resolve_safely(mention, ref, context, anchor)
        found.append(_expression(text, mention, interval, ref))
        if interval is not None and interval[0] == interval[1]:
            anchor = interval[0]
    return found


def sentence_tense(sentence: str, *, span: tuple[int, int] | None = None) -> str | None:
    """A cheap past/future/present cue for ``sentence``, or None when there is none.

    Future cues: modals (will, would, could, may, might, shall), "is/was set|expected|due|going
    to", "plans to", "ahead of", "to be held", upcoming, next, scheduled. Past cues: past
    auxiliaries (was, were, had, did), "has + participle", said and other past forms, -ed verbs,
    last, ago, earlier, since, "back in". Present: "is/are + verb" ("are meeting today").

    Without ``span`` the most frequent tense wins (None on a tie). With ``span`` (character
    offsets of an expression in ``sentence``) the cue nearest to it wins, looking first in its
    clause (between commas, brackets and words like "that", "which", "when", "after"), then in
    the whole sentence; cues after the expression count as slightly further away.
    """
    if span is None:
        votes = Counter(_cue_tense(cue.lastgroup) for cue in CUE.finditer(sentence))
        ranked = votes.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]
    start, end = max(0, span[0]), min(len(sentence), span[1])
    masked = sentence[:start] + _MASK * (end - start) + sentence[end:]
    low, high = _clause_bounds(masked, start, end)
    return _nearest_cue(masked, low, high, start, end) or _nearest_cue(
        masked, 0, len(masked), start, end
    )


# --- tense -----------------------------------------------------------------------------------


def _cue_tense(group: str | None) -> str:
    return _CUE_TENSE[(group or "n")[0]]


def _clause_bounds(masked: str, start: int, end: int) -> tuple[int, int]:
    low, high = 0, len(masked)
    for brk in CLAUSE_BREAK.finditer(masked):
        if brk.end() <= start:
            low = brk.end()
        elif brk.start() >= end:
            high = brk.start()
            break
    return low, high


def _nearest_cue(masked: str, low: int, high: int, start: int, end: int) -> str | None:
    best: tuple[int, str] | None = None
    for cue in CUE.finditer(masked, low, high):
        if cue.end() <= start:
            gap = len(WORD.findall(masked, cue.end(), start))
        elif cue.start() >= end:
            gap = len(WORD.findall(masked, end, cue.start())) + _AFTER_PENALTY
        else:
            continue
        if best is None or gap < best[0]:
            best = (gap, _cue_tense(cue.lastgroup))
    return None if best is None else best[1]


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for stop in SENTENCE_END.finditer(text):
        if stop.group().startswith(".") and is_abbreviation(
            text[max(0, stop.start() - 20) : stop.start()]
        ):
            continue
        starts.append(stop.end())
    return starts


def _tense_at(text: str, starts: list[int], mention: Mention) -> str | None:
    index = bisect.bisect_right(starts, mention.start) - 1
    begin = starts[index]
    finish = starts[index + 1] if index + 1 < len(starts) else len(text)
    begin = max(begin, mention.start - _TENSE_WINDOW)
    finish = max(min(finish, mention.end + _TENSE_WINDOW), mention.end)
    return sentence_tense(text[begin:finish], span=(mention.start - begin, mention.end - begin))


# --- resolution ------------------------------------------------------------------------------


def _resolve_safely(
    mention: Mention, ref: date | None, tense: str | None, anchor: date | None
) -> Interval | None:
    """The interval of ``mention``, or None; dates out of range never raise."""
    try:
        interval = _resolve(mention, ref, tense, anchor)
    except (ValueError, OverflowError):
        return None
    if interval is None or interval[0] > interval[1]:
        return None
    return interval


def _resolve(
    mention: Mention, ref: date | None, tense: str | None, anchor: date | None
) -> Interval | None:
    kind = mention.kind
    if mention.year is not None and kind in ("date", "span", "season"):
        return _occurrence(mention, mention.year, mention.end_year)
    if ref is None:
        return None
    mode = _mode(mention, tense)
    if kind in ("date", "span", "season"):
        return _choose_year(mention, ref, mode)
    if kind == "weekday":
        return _weekday(mention, ref, mode)
    if kind == "weekend":
        return _weekend(mention, ref, mode)
    if kind in ("unit", "relative"):
        return _part_of(_unit(ref, mention.unit or "day", mention.shift), mention.part, ref)
    if kind == "offset":
        day = ref + timedelta(days=mention.shift)
        return day, day
    return _anaphor(mention, anchor)


def _mode(mention: Mention, tense: str | None) -> str | None:
    """How to choose among occurrences: before/after (strict), this, past/future, or nearest."""
    if mention.qualifier == "last":
        return "before"
    if mention.qualifier == "next":
        return "after"
    if mention.qualifier == "this":
        return "this"
    return mention.lean or tense


def _occurrence(mention: Mention, year: int, end_year: int | None = None) -> Interval:
    """The interval of a date, month, year, span or season in ``year`` (raises if invalid)."""
    month, day = mention.month, mention.day
    if mention.kind == "span":
        end_month, end_day = mention.end_month or 12, mention.end_day
        if end_year is None:
            end_year = year + ((month or 1, day or 1) > (end_month, end_day or 1))
        last = _month(end_year, end_month)[1] if end_day is None else None
        return date(year, month or 1, day or 1), last or date(end_year, end_month, end_day or 1)
    if mention.kind == "season":
        first = _month(year, month or 1)[0]
        return _part_of((first, _month(*_add_months(year, month or 1, 2))[1]), mention.part)
    if month is None:
        return _part_of((date(year, 1, 1), date(year, 12, 31)), mention.part)
    if day is None:
        return _part_of(_month(year, month), mention.part)
    return date(year, month, day), date(year, month, day)


def _choose_year(mention: Mention, ref: date, mode: str | None) -> Interval | None:
    """The occurrence of a yearless date, month, span or season that fits ``mode``."""
    candidates: dict[int, Interval] = {}
    for offset in range(-4, 5):  # wide enough to find a February 29
        try:
            candidates[offset] = _occurrence(mention, ref.year + offset)
        except (ValueError, OverflowError):
            continue
    return _choose(candidates, ref, mode)


def _choose(candidates: dict[int, Interval], ref: date, mode: str | None) -> Interval | None:
    """Pick one of the occurrences of a cycle (key 0: the reference's own week or year)."""
    options = sorted(candidates.values())
    if not options:
        return None
    containing = [c for c in options if c[0] <= ref <= c[1]]
    if mode == "this":
        return containing[0] if containing else candidates.get(0)
    if mode == "past":
        return max((c for c in options if c[0] <= ref), default=None)
    if mode == "future":
        return min((c for c in options if c[1] >= ref), default=None)
    if mode == "before":
        return max((c for c in options if c[1] < ref), default=None)
    if mode == "after":
        return min((c for c in options if c[0] > ref), default=None)
    if containing:
        return containing[0]
    return min(
        options, key=lambda c: abs(c[0].toordinal() + c[1].toordinal() - 2 * ref.toordinal())
    )


def _weekday(mention: Mention, ref: date, mode: str | None) -> Interval | None:
    same_week = ref + timedelta(days=(mention.weekday or 0) - ref.weekday())
    candidates = {}
    for week in range(-2, 3):
        day = same_week + timedelta(weeks=week)
        candidates[week] = (day, day)
    return _choose(candidates, ref, mode)


def _weekend(mention: Mention, ref: date, mode: str | None) -> Interval | None:
    saturday = ref + timedelta(days=5 - ref.weekday())
    if mention.qualifier == "this" or mention.shift:
        saturday += timedelta(weeks=mention.shift)
        return saturday, saturday + _ONE_DAY
    candidates = {}
    for week in range(-2, 3):
        day = saturday + timedelta(weeks=week)
        candidates[week] = (day, day + _ONE_DAY)
    return _choose(candidates, ref, mode)


def _unit(ref: date, unit: str, shift: int) -> Interval:
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        return _month(*_add_months(ref.year, ref.month, shift))
    if unit == "year":
        return date(ref.year + shift, 1, 1), date(ref.year + shift, 12, 31)
    day = ref + timedelta(days=shift)
    return day, day


def _anaphor(mention: Mention, anchor: date | None) -> Interval | None:
    if anchor is None or mention.qualifier == "event":
        return None
    day = anchor + timedelta(days=mention.shift)
    return day, day


def _part_of(interval: Interval, part: str | None, ref: date | None = None) -> Interval:
    """The early/mid/late third of ``interval``, or its part before/after ``ref``."""
    if part is None:
        return interval
    first, last = interval
    if part in ("earlier", "later") and ref is not None and first <= ref <= last:
        if part == "earlier":
            return first, max(first, ref - _ONE_DAY)
        return min(last, ref + _ONE_DAY), last
    third = ("early", "mid", "late").index({"earlier": "early", "later": "late"}.get(part, part))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    whole_months = first.day == 1 and last == _month(last.year, last.month)[1]
    if whole_months and months >= 3:
        begin = _add_months(first.year, first.month, third * months // 3)
        stop = _add_months(first.year, first.month, (third + 1) * months // 3 - 1)
        return _month(*begin)[0], _month(*stop)[1]
    if whole_months:
        starts, ends = (1, 11, 21), (10, 20, last.day)
        return first.replace(day=starts[third]), first.replace(day=ends[third])
    days = (last - first).days + 1
    return (
        first + timedelta(days=third * days // 3),
        first + timedelta(days=(third + 1) * days // 3 - 1),
    )


def _month(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    years, index = divmod(year * 12 + month - 1 + shift, 12)
    return years, index + 1


# --- output ----------------------------------------------------------------------------------


def _grain(mention: Mention) -> str:
    kind = mention.kind
    if mention.part is not None and kind in ("date", "unit", "season"):
        return "period"
    if kind == "date":
        return "day" if mention.day else "month" if mention.month else "year"
    if kind in ("unit", "relative"):
        return mention.unit or "day"
    return {"span": "range", "weekend": "weekend", "season": "season"}.get(kind, "day")


def _expression(
    text: str, mention: Mention, interval: Interval | None, ref: date | None
) -> TimeExpression:
    if interval is None:
        direction = mention.lean
    elif ref is None:
        direction = None
    elif interval[1] < ref:
        direction = "past"
    elif interval[0] > ref:
        direction = "future"
    else:
        direction = "present"
    return TimeExpression(
        text=text[mention.start : mention.end],
        start=mention.start,
        end=mention.end,
        grain=_grain(mention),
        value_start=None if interval is None else interval[0],
        value_end=None if interval is None else interval[1],
        resolved=interval is not None,
        direction=direction,
    )
