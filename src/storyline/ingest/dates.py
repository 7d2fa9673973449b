"""Publication dates: strings as found in sidecars, JSON Lines and feeds -> naive UTC datetimes.

Accepted: ISO 8601 dates and datetimes (``2024-03-05``, ``2024-03-05T10:00:00Z``,
``2024-03-05 10:00+01:00``) and RFC 2822 (``Tue, 05 Mar 2024 10:00:00 +0000``). A datetime with
an offset is converted to UTC; one without an offset is taken as UTC already; a bare date is
midnight. Nothing is guessed: a string that is neither format is an error, and the caller keeps
the article with ``published=None`` and a warning.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

__all__ = ["parse_date", "published_or_warn", "to_naive_utc"]


def to_naive_utc(value: datetime) -> datetime:
    """A naive datetime in UTC: aware values are converted, naive ones are kept as they are."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=None)
    return value.astimezone(UTC).replace(tzinfo=None)


def parse_date(value: str) -> datetime:
    """Parse an ISO 8601 or RFC 2822 date string into a naive UTC datetime.

    Raises ``ValueError`` (with the offending value) when it is neither.
    """
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    try:
        return to_naive_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is None:
        raise ValueError(f"not an ISO 8601 or RFC 2822 date: {value!r}")
    return to_naive_utc(parsed)


def published_or_warn(value: object, where: str, warnings: list[str]) -> datetime | None:
    """``value`` parsed as a date, or None with a warning appended (absent values are silent)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        warnings.append(f"{where}: published is not a string ({type(value).__name__}); ignored")
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        warnings.append(f"{where}: bad published date ignored: {exc}")
        return None
