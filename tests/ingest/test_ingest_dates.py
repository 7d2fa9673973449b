"""Publication dates: ISO 8601 and RFC 2822 to naive UTC; anything else is an error, not a guess."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyline.ingest.dates import parse_date, published_or_warn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5)),
        ("2024-03-05T10:00:00", datetime(2024, 3, 5, 10)),
        ("2024-03-05T10:00:00Z", datetime(2024, 3, 5, 10)),
        ("2024-03-05 10:00:00+02:00", datetime(2024, 3, 5, 8)),
        ("2024-03-05T10:00:00.250-0500", datetime(2024, 3, 5, 15, 0, 0, 250000)),
        ("  2024-03-05T23:30:00-01:00 ", datetime(2024, 3, 6, 0, 30)),
        ("Tue, 05 Mar 2024 10:00:00 +0100", datetime(2024, 3, 5, 9)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", datetime(2024, 3, 5, 10)),
        ("5 Mar 2024 10:00 -0000", datetime(2024, 3, 5, 10)),
    ],
)
def test_parse_date(text: str, expected: datetime) -> None:
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed.tzinfo is None


@pytest.mark.parametrize("text", ["", "yesterday", "05/03/2024", "2024-13-45", "March 5th"])
def test_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_published_or_warn() -> None:
    warnings: list[str] = []
    assert published_or_warn(None, "x", warnings) is None
    assert published_or_warn("", "x", warnings) is None
    assert warnings == []
    assert published_or_warn("2024-03-05", "x", warnings) == datetime(2024, 3, 5)
    assert published_or_warn(20240305, "line 2", warnings) is None
    assert published_or_warn("soon", "sidecar", warnings) is None
    assert warnings == [
        "line 2: published is not a string (int); ignored",
        "sidecar: bad published date ignored: not an ISO 8601 or RFC 2822 date: 'soon'",
    ]
