"""Plain text files: raw_text is kept byte for byte (newlines aside), the title is conservative."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.config import IngestConfig
from storyline.ingest.common import ParseResult
from storyline.ingest.text import parse_text, pick_title, reads_as_headline
from storyline.records import RawInput, article_id_for

BODY = "The council voted on Tuesday to approve the new budget for the coming year."
CONFIG = IngestConfig()


def _parse(
    content: bytes, sidecar: dict[str, Any] | None = None, path: str = "a.txt"
) -> tuple[RawInput, ParseResult]:
    raw = RawInput.from_bytes(path, content, "text")
    return raw, parse_text(raw, content, sidecar, CONFIG)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Council approves budget for 2025", True),
        ("Is this the end of the euro?", True),
        ("Stocks tumble as rates rise...", True),
        ("The council voted on Tuesday.", False),  # a sentence
        ("Breaking:", False),
        ("Brexit", False),  # one word: a label more likely than a headline
        ("12 345 678", False),  # no letter
        ("word " * 31, False),  # too long
    ],
)
def test_reads_as_headline(line: str, expected: bool) -> None:
    assert reads_as_headline(line) is expected


def test_pick_title_takes_the_first_non_blank_line() -> None:
    assert pick_title(["", "  Council approves budget  ", "", BODY]) == "Council approves budget"


def test_pick_title_needs_text_after_the_title() -> None:
    assert pick_title(["Council approves budget", "", "  "]) is None


def test_pick_title_does_not_look_past_a_first_line_that_is_prose() -> None:
    assert pick_title([BODY, "Council approves budget", BODY]) is None


def test_pick_title_of_nothing() -> None:
    assert pick_title([]) is None


def test_text_article_fields() -> None:
    content = f"Council approves budget\r\n\r\n{BODY}\r\n".encode()
    raw, result = _parse(content)
    assert result.rejections == []
    [article] = result.articles
    assert article.id == article_id_for(raw.sha256, "")
    assert (article.raw_id, article.path, article.format, article.entry) == (
        raw.sha256,
        "a.txt",
        "text",
        "",
    )
    assert article.title == "Council approves budget"
    assert article.raw_text == f"Council approves budget\n\n{BODY}\n"
    assert article.url is article.source is article.published is None  # never invented
    assert article.meta == {"encoding": "utf-8"}


def test_raw_text_keeps_everything_but_carriage_returns() -> None:
    text = "  Indented title  \n\n\tTabbed\u00a0line   with  spaces \n\n\n" + BODY + "\rend"
    _, result = _parse(text.encode())
    assert result.articles[0].raw_text == text.replace("\r", "\n")


def test_latin1_file_keeps_its_accents() -> None:
    content = f"Le café de la gare\n\n{BODY} Un café crème, s'il vous plaît.".encode("latin-1")
    _, result = _parse(content)
    [article] = result.articles
    assert "café crème" in article.raw_text
    assert article.title == "Le café de la gare"
    assert article.meta["encoding"] == "cp1252"


def test_sidecar_overrides_and_fills() -> None:
    sidecar = {
        "title": "Budget passes",
        "published": "2024-03-05T10:00:00+01:00",
        "source": "Gazette",
        "url": "https://gazette.example/budget",
        "language": "en",
    }
    _, result = _parse(f"Council approves budget\n\n{BODY}".encode(), sidecar)
    [article] = result.articles
    assert article.title == "Budget passes"
    assert article.published is not None and article.published.isoformat() == "2024-03-05T09:00:00"
    assert (article.source, article.url, article.language) == (
        "Gazette",
        "https://gazette.example/budget",
        "en",
    )
    assert "warnings" not in article.meta


def test_bad_sidecar_date_keeps_the_article_with_a_warning() -> None:
    _, result = _parse(BODY.encode(), {"published": "next Tuesday", "colour": "blue"})
    [article] = result.articles
    assert article.published is None
    assert article.meta["warnings"] == [
        "sidecar: bad published date ignored: not an ISO 8601 or RFC 2822 date: 'next Tuesday'",
        "sidecar: unknown key 'colour' ignored",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\x01\x02\x03binary", "binary file, not text"),
        (b" \n\n ", "empty file"),
        ("Zürich ".encode() + b"\xfc", "invalid UTF-8 at byte 8"),
        (b"Too short.", "no text (10 characters)"),
    ],
)
def test_bad_text_files_are_rejected_with_a_reason(content: bytes, reason: str) -> None:
    _, result = _parse(content)
    assert result.articles == []
    assert [(r.path, r.reason, r.entry) for r in result.rejections] == [("a.txt", reason, "")]
