"""The ledger's clock: a pending entry past its window's end, judged on a day.

``overdue``: the story was reported on after the window's end (its latest article, the entry's
``last_report``, is later) and nothing said the event happened. ``unreported``: past due with
no later report in the story at all: nobody has said anything since, which is not the same
news (issue 19). The clock is the stream's, never the wall clock: see
:mod:`storyline.knowledge.expectations`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from storyline.records import Expectation

__all__ = ["apply_clock", "apply_clock_view"]


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _overdue_note(end: date, clock: date, last_report: date | None) -> tuple[str, str]:
    """``overdue`` when the story was reported on after the window's end and nothing said it
    happened; ``unreported`` when no article came after that day (past due, no later report)."""
    if last_report is not None and last_report > end:
        return "overdue", (
            f"expected by {end.isoformat()}; reported on until {last_report.isoformat()} and "
            f"not confirmed as of {clock.isoformat()}"
        )
    return "unreported", (
        f"expected by {end.isoformat()}; no report since, as of {clock.isoformat()}"
    )


def apply_clock(expectation: Expectation, as_of: date | datetime | None) -> Expectation:
    """The entry as of that day: ``pending`` past its window's end becomes ``overdue`` (the
    story went on after that day without it happening) or ``unreported`` (nothing since)."""
    clock = _as_date(as_of)
    window = expectation.when
    if expectation.status != "pending" or window is None or clock is None:
        return expectation
    if window.end >= clock:
        return expectation
    status, note = _overdue_note(window.end, clock, expectation.last_report)
    return replace(expectation, status=status, note=note)


def apply_clock_view(view: Mapping[str, Any], as_of: date | datetime | None) -> dict[str, Any]:
    """:func:`apply_clock` over an entry's JSON view (:meth:`Expectation.to_dict`)."""
    clock = _as_date(as_of)
    when = view.get("when")
    if view.get("status") != "pending" or not isinstance(when, Mapping) or clock is None:
        return dict(view)
    end = date.fromisoformat(str(when["end"]))
    if end >= clock:
        return dict(view)
    last = view.get("last_report")
    status, note = _overdue_note(end, clock, date.fromisoformat(str(last)) if last else None)
    return {**view, "status": status, "note": note}
