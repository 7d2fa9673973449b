"""The story timeline, laid out server-side: coordinates for an inline SVG, no script.

x is time. Each dated article is one row, its mark at its report (publication) time. When the
story view carries ``timeline`` events or ``expectations`` with a date, they get rows below the
articles: a diamond at the event time (coloured by the expectation's status), joined by a dashed
line to the mark of the article that first reported it. Articles without a date cannot be placed
and are listed apart (``Timeline.undated``).

The template (``templates/_timeline.html``) only draws what is computed here; every label goes
through Jinja's autoescaping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from storyline.web.queries import parse_iso

__all__ = ["Mark", "Tick", "Timeline", "build_timeline", "status_class"]

WIDTH = 800
LEFT = 40  # room for a tick label centred on the first or last mark
RIGHT = 40
AXIS_Y = 26  # tick labels above this line, rows below it
FIRST_ROW = 48
ROW = 26
LABEL_CHARS = 48

# Tick steps, in days, from which the first giving at most MAX_TICKS ticks is used.
_STEPS_DAYS = (1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652)
MAX_TICKS = 7

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
class Mark:
    """One row of the timeline: an article's report, or an event / expectation."""

    kind: str  # "report", "event" or "expectation"
    x: float
    y: float
    label: str
    date: str
    css: str
    article_id: str | None = None
    link_from: tuple[float, float] | None = None  # the reporting article's mark, if dated
    anchor_end: bool = False  # label to the left of the mark (marks on the right half)


@dataclass(slots=True)
class Timeline:
    width: int = WIDTH
    height: int = FIRST_ROW
    axis_y: float = AXIS_Y
    ticks: list[Tick] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
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


def _ticks(start: datetime, end: datetime, x_of: Any) -> list[Tick]:
    span_days = max((end - start).total_seconds() / 86400, 0.0)
    step = next((s for s in _STEPS_DAYS if span_days / s <= MAX_TICKS), _STEPS_DAYS[-1])
    first = datetime(start.year, start.month, start.day)
    if first < start:
        first += timedelta(days=1)
    days: list[datetime] = []
    day = first
    while day <= end and len(days) <= MAX_TICKS:
        days.append(day)
        day += timedelta(days=step)
    return [_tick(x_of(d), d.date().isoformat()) for d in days or [start]]


def _tick(x: float, label: str) -> Tick:
    half = 36  # about half the width of "2022-08-19" at 11px
    if x < half:
        return Tick(x, label, "start")
    if x > WIDTH - half:
        return Tick(x, label, "end")
    return Tick(x, label)


def _scale(times: Iterable[datetime]) -> tuple[datetime, datetime, Any]:
    ordered = sorted(times)
    start, end = ordered[0], ordered[-1]
    if end - start < timedelta(days=1):  # one day (or one instant): centre it in a 2-day window
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    span = (end - start).total_seconds()
    inner = WIDTH - LEFT - RIGHT

    def x_of(when: datetime) -> float:
        return round(LEFT + inner * (when - start).total_seconds() / span, 1)

    return start, end, x_of


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
    start, end, x_of = _scale(times)
    timeline.ticks = _ticks(start, end, x_of)
    y = float(FIRST_ROW)
    report_at: dict[str, tuple[float, float]] = {}
    for article, when in placed:
        css = "report copy" if article.get("duplicate_of") else "report"
        label = _short(f"{article.get('source') or ''} {article.get('title') or ''}".strip())
        x = x_of(when)
        timeline.marks.append(
            Mark(
                "report",
                x,
                y,
                label,
                when.isoformat(),
                css,
                article["id"],
                anchor_end=x > WIDTH / 2,
            )
        )
        report_at[article["id"]] = (x, y)
        y += ROW
    for event in events:
        x = x_of(event.when)
        link = report_at.get(event.article_id) if event.article_id else None
        timeline.marks.append(
            Mark(
                event.kind,
                x,
                y,
                _short(event.label),
                event.when.date().isoformat(),
                event.css,
                event.article_id,
                link,
                anchor_end=x > WIDTH / 2,
            )
        )
        y += ROW
    timeline.height = int(y - ROW + 20)
    return timeline
