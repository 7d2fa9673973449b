"""The story timeline, laid out server-side: coordinates for an inline SVG, no script.

x is time. Each dated article is one row, its mark at its report (publication) time; its label
names the source and the title as two elements. When the story view carries ``timeline`` events
or ``expectations`` with a date, they get rows below the articles: a diamond at the event time
(coloured by the expectation's status), joined by a dashed line to the mark of the article that
first reported it. Articles without a date cannot be placed and are listed apart
(``Timeline.undated``).

Outliers do not squeeze the story: when a gap between two times is much longer than the span
holding half of them (a 2019 story recalling 2003), the axis is broken there (``Timeline.breaks``:
a band saying how much time it leaves out) and each side gets its own stretch of the width.
Every label is anchored on the side of its mark with more room and cut to fit the viewBox.

The template (``templates/_timeline.html``) only draws what is computed here; every label goes
through Jinja's autoescaping.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from storyline.web.queries import parse_iso

__all__ = [
    "Break",
    "Mark",
    "Tick",
    "Timeline",
    "build_timeline",
    "status_class",
    "text_width",
]

WIDTH = 800
LEFT = 40  # room for a tick label centred on the first or last mark
RIGHT = 40
AXIS_Y = 26  # tick labels above this line, rows below it
FIRST_ROW = 48
ROW = 26
LABEL_CHARS = 60  # a label's longest text (source, separator and title), before fitting

# Fitting labels in the viewBox: the gap from a mark's centre to its label, and the widths of a
# 12px label's characters (text_width). They are DejaVu Sans' advances, measured in Chromium,
# taken at the widest of each class: DejaVu Sans is the fallback of the stylesheet's font list
# and wider than the fonts before it, so a label measured so is never wider in a browser.
LABEL_GAP = 11
EDGE = 4  # labels keep this far from the viewBox's sides
_NARROW = frozenset(" !'(),-./:;I[\\]`fijlrt|‘’")  # at most 4.9px
_UPPER = frozenset("ABCDEFGHKLNOPQRSTUVXYZ&")  # at most 9.5px
_WIDEST = frozenset("MWmw%@#+<=>~—…")  # up to 12px (1em)
SOURCE_SEP = " — "  # between a report's source and its title (as its own element)

# Tick steps, in days, from which the first giving at most MAX_TICKS ticks is used.
_STEPS_DAYS = (1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652)
MAX_TICKS = 7
TICK_ROOM = 80  # px between tick labels ("2022-08-19" at 11px is about 67px wide)

# Breaking the axis. The core is the shortest time window holding half the marks; a gap longer
# than BREAK_FACTOR times the core (and never shorter than BREAK_FACTOR * MIN_CORE) is cut out.
# Checked on the 181 pages of ../shared/data/article_extraction_benchmark: the plague story
# (2003, 2009 and May 2019 recalled in reports of 18-19 November 2019) breaks three times; the
# seeds story (August to November 2022, core of 4 weeks) keeps one axis.
BREAK_FACTOR = 4.0
MIN_CORE = timedelta(days=7)
MAX_BREAKS = 3
BREAK_W = 26  # the band drawn where the axis is cut
POINT_W = 84  # the least width of a stretch of the axis (one instant is centred in it)
SEG_PAD = 12  # marks keep this far inside their stretch's ends

# Known expectation statuses -> CSS class; anything else is "status-other".
_STATUS_CLASSES = {
    "confirmed": "status-confirmed",
    "fulfilled": "status-confirmed",
    "met": "status-confirmed",
    "pending": "status-pending",
    "open": "status-pending",
    "expected": "status-pending",
    "unconfirmed": "status-pending",
    "refuted": "status-refuted",
    "contradicted": "status-refuted",
    "failed": "status-refuted",
    "missed": "status-refuted",
    "cancelled": "status-refuted",
    "overdue": "status-overdue",
    "expired": "status-overdue",
}


def status_class(status: Any) -> str:
    """The CSS class of an expectation status, from a fixed set (never the raw text)."""
    return _STATUS_CLASSES.get(str(status).casefold().strip(), "status-other")


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: "start"/"end" near the edges, so none is cut


@dataclass(frozen=True, slots=True)
class Break:
    """Where the axis is cut: a band from ``left`` to ``right`` leaving out ``skipped``."""

    left: float
    right: float
    skipped: str  # how much time is left out, short ("16 y", "6 mo", "40 d")
    title: str  # the dates on either side, for the tooltip

    @property
    def x(self) -> float:
        return round((self.left + self.right) / 2, 1)


@dataclass(frozen=True, slots=True)
class Mark:
    """One row of the timeline: an article's report, or an event / expectation.

    ``label`` is the text drawn (a report's title), cut to fit; ``source`` is a report's source,
    drawn as its own element before it; ``full`` is the whole uncut text, for the tooltip.
    """

    kind: str  # "report", "event" or "expectation"
    x: float
    y: float
    label: str
    date: str
    css: str
    article_id: str | None = None
    link_from: tuple[float, float] | None = None  # the reporting article's mark, if dated
    anchor_end: bool = False  # label to the left of the mark (when that side has more room)
    source: str = ""
    full: str = ""

    @property
    def label_x(self) -> float:
        return self.x - LABEL_GAP if self.anchor_end else self.x + LABEL_GAP


@dataclass(slots=True)
class Timeline:
    width: int = WIDTH
    height: int = FIRST_ROW
    axis_y: float = AXIS_Y
    ticks: list[Tick] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    axis: list[tuple[float, float]] = field(default_factory=lambda: [(0.0, float(WIDTH))])
    undated: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.marks


@dataclass(frozen=True, slots=True)
class _Event:
    kind: str
    when: datetime
    label: str
    css: str
    article_id: str | None


def _short(text: str | None, limit: int = LABEL_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _event_time(value: Any) -> datetime | None:
    if isinstance(value, dict):
        for key in ("date", "start", "iso", "value", "when", "time"):
            found = _event_time(value.get(key))
            if found is not None:
                return found
        return None
    return parse_iso(value)


def _cited_article(item: dict[str, Any]) -> str | None:
    for key in ("first_reported", "reported_in", "source"):
        cited = item.get(key)
        if isinstance(cited, dict) and isinstance(cited.get("article_id"), str):
            return str(cited["article_id"])
    article_id = item.get("article_id")
    return article_id if isinstance(article_id, str) else None


def _events(view: dict[str, Any]) -> list[_Event]:
    events: list[_Event] = []
    for item in view.get("timeline") or []:
        if isinstance(item, dict):
            when = _event_time(item.get("when") or item.get("date") or item.get("time"))
            label = item.get("text") or item.get("label") or item.get("what") or "event"
            if when is not None:
                events.append(_Event("event", when, str(label), "event", _cited_article(item)))
    for item in view.get("expectations") or []:
        if isinstance(item, dict):
            when = _event_time(item.get("when"))
            label = item.get("what") or item.get("text") or "expectation"
            if when is not None:
                css = f"expectation {status_class(item.get('status'))}"
                label = f"{item.get('status') or '?'}: {label}"
                events.append(_Event("expectation", when, str(label), css, _cited_article(item)))
    return sorted(events, key=lambda e: e.when)


# -- the axis: stretches of time side by side, cut where a gap would squeeze the rest -----


@dataclass(frozen=True, slots=True)
class _Stretch:
    """A stretch of the axis: times ``start``..``end`` drawn from ``left`` to ``right``."""

    start: datetime
    end: datetime
    left: float
    right: float
    pad: float = 0.0  # marks keep this far inside the ends (SEG_PAD when the axis is cut)

    @property
    def window(self) -> tuple[datetime, datetime]:
        """The times spread over the stretch: at least two days, so one instant is centred."""
        if self.end - self.start >= timedelta(days=1):
            return self.start, self.end
        return self.start - timedelta(days=1), self.end + timedelta(days=1)

    def x_of(self, when: datetime) -> float:
        start, end = self.window
        share = (when - start).total_seconds() / (end - start).total_seconds()
        inner = self.right - self.left - 2 * self.pad
        return round(self.left + self.pad + inner * min(max(share, 0.0), 1.0), 1)


def _core(times: Sequence[datetime]) -> timedelta:
    """The shortest window holding half of the (sorted) times."""
    half = math.ceil(len(times) / 2)
    return min(times[i + half - 1] - times[i] for i in range(len(times) - half + 1))


def _cuts(times: Sequence[datetime]) -> list[int]:
    """Indexes ``i`` of the sorted distinct times where the axis breaks (between i and i+1)."""
    distinct = sorted(set(times))
    if len(distinct) < 3:
        return []
    least = BREAK_FACTOR * max(_core(sorted(times)), MIN_CORE)
    gaps = [(distinct[i + 1] - distinct[i], i) for i in range(len(distinct) - 1)]
    cut = sorted((g for g in gaps if g[0] > least), reverse=True)[:MAX_BREAKS]
    return sorted(i for _, i in cut)


def _widths(spans: Sequence[float], room: float) -> list[float]:
    """Each stretch's share of ``room``: by its span, at least POINT_W."""
    fixed: set[int] = set()
    while True:
        free = room - POINT_W * len(fixed)
        total = sum(s for i, s in enumerate(spans) if i not in fixed)
        widths = [
            POINT_W if i in fixed else (free * s / total if total > 0 else free / len(spans))
            for i, s in enumerate(spans)
        ]
        small = {i for i, w in enumerate(widths) if w < POINT_W - 0.01} - fixed
        if not small or len(fixed) + len(small) >= len(spans):
            return widths
        fixed |= small


def _stretches(times: Sequence[datetime]) -> list[_Stretch]:
    distinct = sorted(set(times))
    cuts = _cuts(times)
    bounds = [0, *(i + 1 for i in cuts), len(distinct)]
    groups = [distinct[a:b] for a, b in pairwise(bounds)]
    if len(groups) == 1:
        return [_Stretch(groups[0][0], groups[0][-1], LEFT, WIDTH - RIGHT)]
    spans = [max((g[-1] - g[0]).total_seconds(), 0.0) for g in groups]
    room = WIDTH - LEFT - RIGHT - BREAK_W * (len(groups) - 1)
    out: list[_Stretch] = []
    left = float(LEFT)
    for group, width in zip(groups, _widths(spans, room), strict=True):
        out.append(_Stretch(group[0], group[-1], round(left, 1), round(left + width, 1), SEG_PAD))
        left += width + BREAK_W
    return out


def _skipped(gap: timedelta) -> str:
    days = gap.days
    if days >= 730:
        return f"{round(days / 365.25)} y"
    if days >= 61:
        return f"{round(days / 30.44)} mo"
    return f"{days} d"


def _breaks(stretches: Sequence[_Stretch]) -> list[Break]:
    return [
        Break(
            a.right,
            b.left,
            _skipped(b.start - a.end),
            f"axis broken: {a.end.date().isoformat()} to {b.start.date().isoformat()} left out",
        )
        for a, b in pairwise(stretches)
    ]


def _x_of(stretches: Sequence[_Stretch]) -> Callable[[datetime], float]:
    def x_of(when: datetime) -> float:
        for stretch in stretches:
            if when <= stretch.end:
                return stretch.x_of(when)
        return stretches[-1].x_of(when)

    return x_of


def _ticks(start: datetime, end: datetime, x_of: Any, most: int = MAX_TICKS) -> list[Tick]:
    span_days = max((end - start).total_seconds() / 86400, 0.0)
    step = next((s for s in _STEPS_DAYS if span_days / s <= most), _STEPS_DAYS[-1])
    first = datetime(start.year, start.month, start.day)
    if first < start:
        first += timedelta(days=1)
    days: list[datetime] = []
    day = first
    while day <= end and len(days) <= most:
        days.append(day)
        day += timedelta(days=step)
    return [_tick(x_of(d), d.date().isoformat()) for d in days or [start]]


def _axis_ticks(stretches: Sequence[_Stretch]) -> list[Tick]:
    """Ticks of every stretch (one at an instant), none closer than TICK_ROOM to the last."""
    ticks: list[Tick] = []
    for stretch in stretches:
        if len(stretches) > 1 and stretch.end - stretch.start < timedelta(days=1):
            ticks.append(_tick(stretch.x_of(stretch.start), stretch.start.date().isoformat()))
            continue
        most = MAX_TICKS if len(stretches) == 1 else int((stretch.right - stretch.left) // 90)
        start, end = stretch.window
        ticks.extend(_ticks(start, end, stretch.x_of, max(most, 1)))
    kept: list[Tick] = []
    for tick in ticks:
        if not kept or tick.x - kept[-1].x >= TICK_ROOM:
            kept.append(tick)
    return kept


def _tick(x: float, label: str) -> Tick:
    half = 36  # about half the width of "2022-08-19" at 11px
    if x < half:
        return Tick(x, label, "start")
    if x > WIDTH - half:
        return Tick(x, label, "end")
    return Tick(x, label)


# -- labels that fit -------------------------------------------------------------------------


def _char_w(ch: str) -> float:
    if ch in _NARROW:
        return 5.0
    if ch in _UPPER:
        return 9.5
    if ch in _WIDEST:
        return 12.0
    if not ch.isascii():  # an accented Latin letter as its letter; anything else 1em
        base = unicodedata.normalize("NFD", ch)[0]
        return _char_w(base) if base.isascii() and base.isalpha() else 12.0
    return 7.7  # lower case letters, digits and the rest of ASCII: at most 7.64px


def text_width(text: str) -> float:
    """The width of a 12px label, in px of the viewBox, never less than a browser draws it."""
    return sum(_char_w(ch) for ch in text)


def _cut(text: str, room: float) -> str:
    """``text``, cut with an ellipsis to fit ``room`` px."""
    if text_width(text) <= room:
        return text
    kept, used = [], _char_w("…")
    for ch in text:
        used += _char_w(ch)
        if used > room:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def _fit(source: str, title: str, room: float) -> tuple[str, str]:
    """Source and title cut to fit ``room`` px together (with the separator)."""
    if not source:
        return "", _cut(title, room)
    sep = text_width(SOURCE_SEP)
    rest = room - text_width(source) - sep
    if rest >= min(text_width(title), 120):
        return source, _cut(title, rest)
    source = _cut(source, room / 3)
    return source, _cut(title, room - text_width(source) - sep)


def _mark(kind: str, x: float, y: float, source: str, title: str, **rest: Any) -> Mark:
    """A mark whose label sits on the side with more room and is cut to fit the viewBox."""
    source, title = _short(source, LABEL_CHARS // 2), _short(title, LABEL_CHARS)
    full = f"{source}{SOURCE_SEP}{title}" if source else title
    right = WIDTH - EDGE - x - LABEL_GAP
    left = x - LABEL_GAP - EDGE
    anchor_end = text_width(full) > right and left > right
    shown_source, shown_title = _fit(source, title, left if anchor_end else right)
    return Mark(
        kind, x, y, shown_title, anchor_end=anchor_end, source=shown_source, full=full, **rest
    )


def build_timeline(view: dict[str, Any]) -> Timeline:
    """Lay out the story detail view (``storyline show --json`` keys) as a timeline."""
    articles = [a for a in view.get("articles") or [] if isinstance(a, dict)]
    dated = [(a, parse_iso(a.get("published"))) for a in articles]
    placed = [(a, when) for a, when in dated if when is not None]
    timeline = Timeline(undated=[a for a, when in dated if when is None])
    events = _events(view)
    times = [when for _, when in placed] + [e.when for e in events]
    if not times:
        return timeline
    stretches = _stretches(times)
    x_of = _x_of(stretches)
    timeline.ticks = _axis_ticks(stretches)
    timeline.breaks = _breaks(stretches)
    timeline.axis = _axis_pieces(timeline.breaks)
    y = float(FIRST_ROW)
    report_at: dict[str, tuple[float, float]] = {}
    for article, when in placed:
        x = x_of(when)
        css = "report copy" if article.get("duplicate_of") else "report"
        source, title = str(article.get("source") or ""), str(article.get("title") or "")
        timeline.marks.append(
            _mark(
                "report",
                x,
                y,
                source,
                title or article["id"],
                date=when.isoformat(),
                css=css,
                article_id=article["id"],
            )
        )
        report_at[article["id"]] = (x, y)
        y += ROW
    for event in events:
        x = x_of(event.when)
        link = report_at.get(event.article_id) if event.article_id else None
        timeline.marks.append(
            _mark(
                event.kind,
                x,
                y,
                "",
                event.label,
                date=event.when.date().isoformat(),
                css=event.css,
                article_id=event.article_id,
                link_from=link,
            )
        )
        y += ROW
    timeline.height = int(y - ROW + 20)
    return timeline


def _axis_pieces(breaks: Sequence[Break]) -> list[tuple[float, float]]:
    """The axis line's pieces: the whole width, cut at each break's band."""
    edges = [0.0, *(e for b in breaks for e in (b.left, b.right)), float(WIDTH)]
    return [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
