"""The grammar of :mod:`storyline.extract.dates`: compiled patterns and their readings.

:func:`scan` finds temporal expressions with the module-level regexes below and reads each into
a :class:`Mention` (what was said, not yet a date). Each pattern matches the core of an
expression; a preposition right before it ("on", "in", "since", "between" ...) is looked up
separately (:data:`_LEAD`) and joins the expression when the rule accepts it, which keeps the
patterns anchored on rare words and fast. Overlapping candidates are settled longest-first.
Nothing here knows the publication date: normalisation is in ``dates.py``.

Month names count only in a dated context: a day number before or after, a year after, or a
preposition/modifier before (``in``, ``by``, ``since``, ``until``, ``early``, ``mid-``, ``last``
...). Abbreviations (``Sept.``, ``Oct``) need a day or a year. So the verb "may" and the name
"Theresa May" are never dates, while "May 5", "5 May" and "in May" are.

The tense cues used to choose past versus future are here too (:data:`CUE`).
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CLAUSE_BREAK", "CUE", "SENTENCE_END", "WORD", "Mention", "is_abbreviation", "scan"]

_MONTH_NAMES = (
    ("January", "Jan"),
    ("February", "Feb"),
    ("March", "Mar"),
    ("April", "Apr"),
    ("May",),
    ("June", "Jun"),
    ("July", "Jul"),
    ("August", "Aug"),
    ("September", "Sept", "Sep"),
    ("October", "Oct"),
    ("November", "Nov"),
    ("December", "Dec"),
)
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names
}
FULL_MONTHS = frozenset(names[0] for names in _MONTH_NAMES)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
} | {
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}

# Leading words: any rule may take these; ranges also take "between", months also "to".
_GENERAL = frozenset(
    ("on", "in", "by", "since", "until", "till", "through", "throughout", "during", "before")
) | {"after", "from", "for", "over", "as of"}
_RANGE_LEADS = _GENERAL | {"between"}
_MONTH_LEADS = _GENERAL | {"to"}

# --- regex fragments -------------------------------------------------------------------------
_MONTH = (
    "(?:(?:"
    + "|".join(sorted(FULL_MONTHS, key=len, reverse=True))
    + r")\b|(?:"
    + "|".join(sorted(set(MONTHS) - FULL_MONTHS, key=len, reverse=True))
    + r")\b\.?)"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?(?![0-9%]|[:.,][0-9])"
_YEAR_DIGITS = r"(?:1[89]|2[01])[0-9]{2}"
_YEAR = _YEAR_DIGITS + r"(?![0-9]|s\b|-[0-9])"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + r")(?!s\b)\b"
_PART = r"(?P<part>(?i:early|mid|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of))(?:\s+|-)"
_QUAL = r"(?P<qual>(?i:this\s+coming|this\s+past|this|last|next|coming))\s+"
_RANGE_SEP = r"(?P<sep>\s*[-–—]\s*|\s+(?i:and|to|through|thru|until|till)\s+)"
_NUMBER = "(?:" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + "|[0-9]{1,3})"
_PARTS_MAP = {"end": "late", "start": "early", "beginning": "early", "middle": "mid"}

_LEAD = re.compile(
    r"\b(?:on|in|by|since|until|till|through|throughout|during|before|after|from|for|over"
    r"|as\s+of|between|to)\s+$",
    re.IGNORECASE,
)
ISO = re.compile(
    rf"(?<![0-9A-Za-z/.:-])(?P<y>{_YEAR_DIGITS})-(?P<m>0[1-9]|1[0-2])-"
    r"(?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9])"
)
MONTH_DAY = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH})\s*(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?"
)
DAY_MONTH = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:(?i:the)\s+)?(?P<d>{_DAY})(?:\s+(?i:of))?\s+"
    rf"(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
)
MONTH = re.compile(
    rf"\b(?:{_QUAL})?(?:{_PART})?(?P<m>{_MONTH})(?!\s*[0-9]{{1,2}}(?![0-9]))"
    rf"(?:,?\s+(?P<y>{_YEAR}))?"
)
YEAR = re.compile(rf"\b(?:{_PART})?(?P<y>{_YEAR})")
RANGE_MDD = re.compile(
    rf"\b(?P<m>{_MONTH})\s*(?P<d>{_DAY}){_RANGE_SEP}(?P<d2>{_DAY})"
    rf"(?!\s*(?:{_MONTH}))(?:,?\s+(?P<y>{_YEAR}))?"
)
RANGE_DDM = re.compile(
    rf"\b(?P<d>{_DAY}){_RANGE_SEP}(?P<d2>{_DAY})\s+(?:(?i:of)\s+)?(?P<m>{_MONTH})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?"
)
RANGE_MDMD = re.compile(
    rf"\b(?P<m>{_MONTH})\s*(?P<d>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?{_RANGE_SEP}"
    rf"(?P<m2>{_MONTH})\s*(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?"
)
RANGE_DMDM = re.compile(
    rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?{_RANGE_SEP}"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
)
RANGE_MM = re.compile(
    rf"\b(?P<m>{_MONTH})(?!\s*[0-9]{{1,2}}\b)(?:\s+(?P<y1>{_YEAR}))?{_RANGE_SEP}"
    rf"(?P<m2>{_MONTH})(?!\s*[0-9]{{1,2}}\b)(?:,?\s+(?P<y>{_YEAR}))?"
)
RANGE_YY = re.compile(rf"\b(?P<y1>{_YEAR}){_RANGE_SEP}(?P<y>{_YEAR})")
WEEKDAY = re.compile(
    rf"\b(?:{_QUAL})?(?P<wd>{_WEEKDAY})(?:\s+(?P<tod>morning|afternoon|evening|night))?"
)
DEICTIC = re.compile(
    r"(?<!USA\s)\b(?i:(?P<m2>the\s+day\s+before\s+yesterday)|(?P<p2>the\s+day\s+after\s+tomorrow)"
    r"|(?P<z>(?:(?:earlier|later)\s+)?today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|(?P<m1>yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night)"
    r"|(?P<p1>tomorrow(?:\s+(?:morning|afternoon|evening|night))?))\b"
)
UNIT = re.compile(
    r"\b(?:(?P<part>(?i:earlier|later|early|late|mid|(?:the\s+)?(?:end|start|beginning"
    r"|middle)\s+of))(?:\s+|-)(?:(?i:in)\s+)?)?(?P<qual>(?i:this|last|next|the))\s+"
    r"(?P<unit>(?i:week|month|year))\b"
)
WEEKEND = re.compile(r"\b(?P<qual>(?i:this|last|next|the))\s+(?i:weekend)\b")
SEASON = re.compile(
    r"\b(?:(?P<qual>(?i:this|last|next|the|early|late|mid))(?:\s+|-))?"
    rf"(?P<season>(?i:spring|summer|autumn|fall|winter))\b(?:(?:\s+(?i:of))?\s+(?P<y>{_YEAR}))?"
)
RELATIVE = re.compile(
    rf"\b(?i:(?P<n>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\s+(?P<ago>ago|from\s+now)"
    rf"|in\s+(?:(?:just|about|around|another)\s+)?(?P<n2>{_NUMBER})\s+"
    r"(?P<unit2>day|week|month|year)s?(?:'|'s|’|’s)?(?:\s+time)?)\b"
)
ANAPHOR = re.compile(
    r"\b(?i:(?P<m>the\s+(?:day|night)\s+before|the\s+previous\s+day|a\s+day\s+earlier)"
    r"|(?P<p>the\s+day\s+after|the\s+(?:next|following)\s+day|a\s+day\s+later)"
    r"|(?P<z>the\s+same\s+day))\b"
)
_POSTPONED = re.compile(
    r"\b(?:postponed|delayed|adjourned|pushed\s+back|put\s+off|rescheduled|deferred"
    r"|brought\s+forward|extended|prolonged)\s+(?:\S+\s+){0,3}?(?:to|until|till|for)\s*$",
    re.IGNORECASE,
)
_NAMED_DAY = re.compile(
    r"(?:Bloody|Super|Black|Good|Holy|Ash|Cyber|Easter|Palm|Maundy|Shrove|Giving)\s+$"
    r"|^\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Mail|Independent|Sport|People)\b"
)
_EVENT_FOLLOWS = re.compile(r"\s+(?:(?:the|a|an|his|her|its|their|this|that)\b|[A-Z])")

# --- tense cues and sentence structure -------------------------------------------------------
_IRREGULAR_PAST = (
    "said|told|held|met|took|went|came|saw|made|gave|began|left|sent|spoke|wrote|found|thought"
    "|brought|became|fell|rose|won|lost|paid|sold|bought|kept|led|ran|struck|broke|chose|drove"
    "|flew|grew|knew|fled|fought|stood|taught|threw|sought|withdrew|arose|drew|got|spent|felt"
    "|heard|meant|built|caught|sat|shot|swept|tore|wore|forgot|froze|hid|rode|rang|shook|stole"
)
_PARTICIPLE = rf"(?:been|[a-z]+ed|{_IRREGULAR_PAST}|taken|given|seen|done|gone|known|shown)"
_NOT_PAST_ED = (
    "need|speed|seed|feed|indeed|proceed|succeed|exceed|breed|greed|deed|hundred|embed|shed"
    "|wed|naked|wicked|sacred|rugged|beloved|united|limited|based|related|expected|scheduled"
    "|planned|proposed|anticipated|intended|slated|alleged|aged"
)
_ADVERBS = r"(?:not|n't|also|now|still|already|just|never|reportedly|allegedly|widely|\w+ly)\s+"
CUE = re.compile(
    "|".join(
        (
            rf"(?P<f1>\b(?:am|is|are|was|were|be|been|being|’s|'s|'re|’re)\s+(?:{_ADVERBS})*"
            r"(?:set|expected|scheduled|slated|due|poised|planned|going|likely|about|supposed"
            r"|tipped|planning|preparing|hoping|aiming|intending)\s+to\b(?:\s+be\s+\w+)?)",
            r"(?P<f2>\b(?:plans?|planning|intends?|intending|aims?|hopes?|vowed|pledged|promised"
            r"|prepares?|preparing|threatened|threatens|agreed)\s+to\b|\bahead\s+of\b"
            r"|\bto\s+be\s+held\b|\b(?:in|over)\s+the\s+coming\b|\bfrom\s+now\b)",
            rf"(?P<p1>\b(?:has|have|hasn't|haven't|had)\s+(?:{_ADVERBS})*{_PARTICIPLE}\b)",
            r"(?P<f3>(?-i:\b(?:[Ww]ill|[Ww]ould|[Ss]hall|[Cc]ould|[Mm]ight|may|[Ss]hould|[Mm]ust"
            rf"|[Ww]on't|[Ww]ouldn't|[Cc]ouldn't))\b|'ll\b|’ll\b)(?:\s+(?:{_ADVERBS})*"
            r"(?:be|have)(?:\s+been)?)?(?:\s+\w+)?",
            r"(?P<f4>\bto\s+be\s+\w+)",
            rf"(?P<p2>\b(?:was|were|wasn't|weren't|had|hadn't|did|didn't)\b(?:\s+(?:{_ADVERBS})*"
            rf"(?:being\s+)?{_PARTICIPLE}\b)?)",
            rf"(?P<n1>\b(?:am|is|are|isn't|aren't|'re|’re)\s+(?:{_ADVERBS})*(?:being\s+)?\w+)",
            r"(?P<f5>\b(?:upcoming|forthcoming|next|soon|tomorrow|later|coming|expected"
            r"|scheduled|planned|proposed|anticipated|slated|pending|due(?!\s+to\s+(?:the|a|an"
            r"|its|his|her|their|this|that|these|those|(?-i:[A-Z]))))\b)",
            r"(?P<p3>\b(?:ago|earlier|previously|recently|already|last|yesterday|formerly|since"
            rf"|back\s+(?:in|to)|dat(?:e|es|ed|ing)\s+back|{_IRREGULAR_PAST})\b)",
            rf"(?P<p4>(?-i:(?<![-’'])\b(?!(?:{_NOT_PAST_ED})\b)[a-z]{{2,}}ed)\b)",
            r"(?P<n2>\b(?:now|currently|ongoing|underway)\b)",
        )
    ),
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]“”\"«»—–]|\s-\s|\b(?:that|which|who|whom|whose|where|when|while|whereas"
    r"|because|although|though|but|if|whether|after|before|since|until|unless)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n")
WORD = re.compile(r"\w+")
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]{1,2}|(?:[A-Za-z]\.)+[A-Za-z]|Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Col|Lt"
    r"|Capt|Sgt|St|No|vs|Jr|Sr|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov"
    r"|Dec)$"
)


def is_abbreviation(before: str) -> bool:
    """Whether the text ``before`` a full stop ends in an abbreviation ("Mr", "MM", "U.S")."""
    return _ABBREVIATION.search(before) is not None


@dataclass(frozen=True, slots=True)
class Mention:
    """What one expression says, before normalisation.

    ``kind`` is one of ``date`` (calendar date, month or year, ``year`` may be None), ``span``
    (explicit range, ``end_*`` fields), ``weekday``, ``offset`` (``shift`` days from the
    reference: today, yesterday ...), ``unit`` (this/last/next week|month|year: ``shift``
    units), ``weekend``, ``season`` (``month`` is the first month of the season), ``relative``
    (``shift`` ``unit``s from the reference: "two days ago", "in three weeks") and ``anaphor``
    (``shift`` days from the previous day mentioned; ``qualifier == "event"`` when anchored to
    an event we cannot date: "the day before the vote").
    """

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    weekday: int | None = None
    unit: str | None = None
    shift: int = 0
    part: str | None = None  # early | mid | late | earlier | later
    qualifier: str | None = None  # last | next | this | event
    lean: str | None = None  # past | future | present: the direction the words themselves give


@dataclass(frozen=True, slots=True)
class _Lead:
    """The preposition right before a match: where it starts and the word, lower-cased."""

    start: int
    word: str


def _lead_before(text: str, at: int) -> _Lead | None:
    found = _LEAD.search(text, max(0, at - 16), at)
    return None if found is None else _Lead(found.start(), " ".join(found.group().lower().split()))


def _take(lead: _Lead | None, allowed: frozenset[str]) -> _Lead | None:
    return lead if lead is not None and lead.word in allowed else None


def _begin(m: re.Match[str], lead: _Lead | None) -> int:
    return m.start() if lead is None else lead.start


def _lean(m: re.Match[str], lead: _Lead | None) -> str | None:
    """The direction a leading word gives: "since July" is past, "postponed until July" future."""
    if lead is not None and lead.word == "since":
        return "past"
    postponed = _POSTPONED.search(m.string, max(0, m.start() - 80), m.start())
    return "future" if postponed else None


def _part(raw: str | None) -> str | None:
    if raw is None:
        return None
    words = raw.lower().split()
    key = words[-2] if words[-1] == "of" else words[-1]
    return _PARTS_MAP.get(key, key)


def _qualifier(raw: str | None) -> str | None:
    if raw is None:
        return None
    words = raw.lower().split()
    if words[-1] == "coming" or words[0] == "next":
        return "next"
    return "last" if words[-1] == "past" or words[0] == "last" else "this"


def _year(raw: str | None) -> int | None:
    return int(raw) if raw else None


def _day(raw: str) -> int:
    return int(raw.rstrip("stndrh"))


def _valid(year: int | None, month: int, day: int | None) -> bool:
    """Whether the day exists in the month (in some year when the year is not given)."""
    return day is None or day <= calendar.monthrange(2000 if year is None else year, month)[1]


def _read_iso(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid(year, month, day):
        return None
    lead = _take(lead, _GENERAL)
    return Mention(_begin(m, lead), m.end(), "date", year, month, day, lean=_lean(m, lead))


def _read_day_date(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    year, month, day = _year(m["y"]), MONTHS[m["m"].rstrip(".")], _day(m["d"])
    if not _valid(year, month, day):
        return None
    lead = _take(lead, _GENERAL)
    return Mention(_begin(m, lead), m.end(), "date", year, month, day, lean=_lean(m, lead))


def _read_month(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    name = m["m"].rstrip(".")
    lead = _take(lead, _MONTH_LEADS)
    if name not in FULL_MONTHS and not m["y"]:
        return None
    if not (lead or m["qual"] or m["part"] or m["y"]):
        return None
    if name == "May" and lead is not None and lead.word == "to" and not m["y"]:
        before = m.string[max(0, lead.start - 12) : lead.start].rstrip().lower()
        if not before.endswith("back"):
            return None  # "spoke to May" is a person; "back to May" and "to May 2023" are dates
    return Mention(
        _begin(m, lead),
        m.end(),
        "date",
        _year(m["y"]),
        MONTHS[name],
        part=_part(m["part"]),
        qualifier=_qualifier(m["qual"]),
        lean=_lean(m, lead),
    )


def _read_year(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    lead = _take(lead, _GENERAL)
    if lead is None and m["part"] is None:
        return None  # a bare number like 2021 may be a count; "in 2021" is a year
    return Mention(
        _begin(m, lead), m.end(), "date", int(m["y"]), part=_part(m["part"]), lean=_lean(m, lead)
    )


def _read_range(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    groups = m.groupdict()
    month = MONTHS[m["m"].rstrip(".")]
    end_month = MONTHS[groups["m2"].rstrip(".")] if groups.get("m2") else month
    day = _day(groups["d"]) if groups.get("d") else None
    end_day = _day(groups["d2"]) if groups.get("d2") else None
    lead = _take(lead, _RANGE_LEADS)
    between = lead is not None and lead.word == "between"
    if month == end_month and (day is None or end_day is None or end_day <= day):
        return None
    if m["sep"].strip().lower() == "and" and not between and end_day != (day or 0) + 1:
        return None  # "on March 3 and 10" names two days, not the week between them
    if day is None and (lead is None or lead.word not in ("between", "from")):
        return None  # "June and August" may be two months; "between June and August" is one span
    year, end_year = _year(groups.get("y1")), _year(m["y"])
    crosses = int((month, day or 1) > (end_month, end_day or 1))
    if year is None and end_year is not None:
        year = end_year - crosses
    elif year is not None and end_year is None:
        end_year = year + crosses
    if not (_valid(year, month, day) and _valid(end_year, end_month, end_day)):
        return None
    return Mention(
        _begin(m, lead),
        m.end(),
        "span",
        year,
        month,
        day,
        end_year,
        end_month,
        end_day,
        lean=_lean(m, lead),
    )


def _read_year_range(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    year, end_year = int(m["y1"]), int(m["y"])
    if end_year <= year or lead is None or lead.word not in ("between", "from"):
        return None
    return Mention(lead.start, m.end(), "span", year, 1, None, end_year, 12, None)


def _read_weekday(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    text = m.string
    before, after = text[max(0, m.start("wd") - 12) : m.start("wd")], text[m.end("wd") :][:14]
    if _NAMED_DAY.search(before) or _NAMED_DAY.search(after):
        return None  # "Bloody Sunday", "the Sunday Times": names, not this week's day
    lead = _take(lead, _GENERAL)
    qualifier = _qualifier(m["qual"])
    lean = {"last": "past", "next": "future"}.get(qualifier or "", _lean(m, lead))
    return Mention(
        _begin(m, lead),
        m.end(),
        "weekday",
        weekday=WEEKDAYS.index(m["wd"]),
        qualifier=qualifier,
        lean=lean,
    )


def _read_deictic(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    shift = {"m2": -2, "m1": -1, "z": 0, "p1": 1, "p2": 2}[m.lastgroup or "z"]
    lean = "past" if shift < 0 else "future" if shift > 0 else "present"
    lead = _take(lead, _GENERAL)
    return Mention(_begin(m, lead), m.end(), "offset", shift=shift, lean=lean)


def _read_unit(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    qualifier = m["qual"].lower()
    part = _part(m["part"])
    if qualifier == "the" and part is None:
        return None  # "the week" alone is no date; "the end of the month" is
    shift = {"last": -1, "next": 1}.get(qualifier, 0)
    lead = _take(lead, _GENERAL)
    lean = "past" if shift < 0 or part == "earlier" else "future" if shift > 0 else None
    if part == "later":
        lean = "future"
    return Mention(
        _begin(m, lead),
        m.end(),
        "unit",
        unit=m["unit"].lower(),
        shift=shift,
        part=part,
        lean=lean or _lean(m, lead),
    )


def _read_weekend(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    qualifier = m["qual"].lower()
    lead = _take(lead, _GENERAL)
    if qualifier == "the" and lead is None:
        return None
    shift = {"last": -1, "next": 1}.get(qualifier, 0)
    lean = "past" if shift < 0 else "future" if shift > 0 else _lean(m, lead)
    return Mention(
        _begin(m, lead),
        m.end(),
        "weekend",
        shift=shift,
        qualifier="this" if qualifier == "this" else None,
        lean=lean,
    )


def _read_season(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    qual = (m["qual"] or "").lower()
    season = m["season"].lower()
    lead = _take(lead, _GENERAL)
    if not (m["y"] or qual in ("this", "last", "next", "early", "late", "mid") or lead):
        return None
    bare = not m["y"] and qual in ("", "the")
    if season == "fall" and bare and (lead is None or m.string.startswith(" of", m.end())):
        return None  # "the fall of Kabul"
    part = qual if qual in ("early", "late", "mid") else None
    qualifier = qual if qual in ("this", "last", "next") else None
    lean = {"last": "past", "next": "future"}.get(qual, _lean(m, lead))
    return Mention(
        _begin(m, lead),
        m.end(),
        "season",
        _year(m["y"]),
        SEASONS[season],
        part=part,
        qualifier=qualifier,
        lean=lean,
    )


def _read_relative(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    word = (m["n"] or m["n2"]).lower()
    count = NUMBERS[word] if word in NUMBERS else int(word)
    future = m["ago"] is None or m["ago"].lower() != "ago"
    unit = (m["unit"] or m["unit2"]).lower()
    return Mention(
        m.start(),
        m.end(),
        "relative",
        unit=unit,
        shift=count if future else -count,
        lean="future" if future else "past",
    )


def _read_anaphor(m: re.Match[str], lead: _Lead | None) -> Mention | None:
    shift = {"m": -1, "p": 1, "z": 0}[m.lastgroup or "z"]
    event = shift != 0 and _EVENT_FOLLOWS.match(m.string, m.end()) is not None
    lead = _take(lead, _GENERAL)
    return Mention(
        _begin(m, lead), m.end(), "anaphor", shift=shift, qualifier="event" if event else None
    )


# Gates: words a rule cannot match without, looked for once per text (a literal search is
# far cheaper than trying a rule's optional leading words at every word boundary). Every
# month name and abbreviation starts with one of the twelve three-letter prefixes.
_MONTHS_GATE = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_YEARS_GATE = re.compile(_YEAR_DIGITS)
_WEEKDAYS_GATE = re.compile("(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_DEICTIC_GATE = re.compile(
    r"today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night",
    re.IGNORECASE,
)
_UNITS_GATE = re.compile("week|month|year", re.IGNORECASE)
_DAY_UNITS_GATE = re.compile("day|week|month|year", re.IGNORECASE)
_WEEKEND_GATE = re.compile("weekend", re.IGNORECASE)
_SEASONS_GATE = re.compile("spring|summer|autumn|fall|winter", re.IGNORECASE)
_DAY_NIGHT_GATE = re.compile("day|night", re.IGNORECASE)

_Reader = Callable[[re.Match[str], _Lead | None], Mention | None]
_RULES: tuple[tuple[re.Pattern[str], _Reader, re.Pattern[str]], ...] = (
    (ISO, _read_iso, _YEARS_GATE),
    (MONTH_DAY, _read_day_date, _MONTHS_GATE),
    (DAY_MONTH, _read_day_date, _MONTHS_GATE),
    (MONTH, _read_month, _MONTHS_GATE),
    (YEAR, _read_year, _YEARS_GATE),
    (RANGE_MDD, _read_range, _MONTHS_GATE),
    (RANGE_DDM, _read_range, _MONTHS_GATE),
    (RANGE_MDMD, _read_range, _MONTHS_GATE),
    (RANGE_DMDM, _read_range, _MONTHS_GATE),
    (RANGE_MM, _read_range, _MONTHS_GATE),
    (RANGE_YY, _read_year_range, _YEARS_GATE),
    (WEEKDAY, _read_weekday, _WEEKDAYS_GATE),
    (DEICTIC, _read_deictic, _DEICTIC_GATE),
    (UNIT, _read_unit, _UNITS_GATE),
    (WEEKEND, _read_weekend, _WEEKEND_GATE),
    (SEASON, _read_season, _SEASONS_GATE),
    (RELATIVE, _read_relative, _DAY_UNITS_GATE),
    (ANAPHOR, _read_anaphor, _DAY_NIGHT_GATE),
)


def scan(text: str) -> list[Mention]:
    """Every temporal expression in ``text``, in text order, without overlaps.

    All rules run over the whole text; where candidates overlap the longest wins (then the
    leftmost), so "from May 1 to May 3" beats "from May 1" and "May 3".
    """
    found: list[Mention] = []
    opened: dict[re.Pattern[str], bool] = {}  # gate -> whether its words are in ``text``
    for pattern, read, gate in _RULES:
        if gate not in opened:
            opened[gate] = gate.search(text) is not None
        if not opened[gate]:
            continue  # the rule needs the gate's words: it cannot match
        for match in pattern.finditer(text):
            mention = read(match, _lead_before(text, match.start()))
            if mention is not None and mention.end > mention.start:
                found.append(mention)
    found.sort(key=lambda m: (m.start - m.end, m.start))
    taken: list[Mention] = []  # kept in text order; they never overlap
    starts: list[int] = []
    for mention in found:
        at = bisect.bisect_left(starts, mention.start)
        if at > 0 and taken[at - 1].end > mention.start:
            continue
        if at < len(taken) and taken[at].start < mention.end:
            continue
        taken.insert(at, mention)
        starts.insert(at, mention.start)
    return taken
