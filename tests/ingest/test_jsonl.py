"""JSON Lines: good lines kept, each bad line rejected with its line number."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storyline.config import IngestConfig
from storyline.ingest.common import ParseResult
from storyline.ingest.jsonl import parse_jsonl
from storyline.records import RawInput, article_id_for

TEXT = "The council approved the budget after a long debate that lasted into the night."


def line(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


def _parse(content: bytes, sidecar: dict[str, Any] | None = None) -> tuple[RawInput, ParseResult]:
    raw = RawInput.from_bytes("dump.jsonl", content, "jsonl")
    return raw, parse_jsonl(raw, content, sidecar, IngestConfig())


def test_fields_are_read() -> None:
    content = line(
        id="n-1",
        url="https://x.example/1",
        source="X News",
        title="Budget approved",
        text=TEXT + "\r\nSecond line.",
        published="2024-03-05T10:00:00+01:00",
        language="en",
        author="ignored",
    )
    raw, result = _parse(content + b"\n")
    [article] = result.articles
    assert article.id == article_id_for(raw.sha256, "n-1")
    assert (article.entry, article.format, article.path) == ("n-1", "jsonl", "dump.jsonl")
    assert (article.url, article.source, article.title, article.language) == (
        "https://x.example/1",
        "X News",
        "Budget approved",
        "en",
    )
    assert article.published == datetime(2024, 3, 5, 9, 0)
    assert article.raw_text == TEXT + "\nSecond line."
    assert article.meta == {}


def test_entry_key_is_the_id_else_the_line_number() -> None:
    content = b"\n".join([line(id=7, text=TEXT), b"", line(text=TEXT), line(id="", text=TEXT)])
    _, result = _parse(content)
    assert [a.entry for a in result.articles] == ["7", "line 3", "line 4"]


def test_broken_lines_are_rejected_and_good_lines_kept() -> None:
    content = b"\n".join(
        [
            line(id="a", text=TEXT),
            b'{"id": "b", "text": "x" "y"}',
            line(id="c", text=TEXT),
            line(id="d", title="no text at all"),
            b"[1, 2, 3]",
            line(id="a", text=TEXT),
            line(id="g", text="short"),
            line(id="h", text=42),
            b'{"id": "i", "text": "caf\xe9"}',
            b"",
        ]
    )
    _, result = _parse(content)
    assert [a.entry for a in result.articles] == ["a", "c"]
    assert [(r.entry, r.reason) for r in result.rejections] == [
        ("line 2", "line 2: invalid JSON: Expecting ',' delimiter at column 25"),
        ("d", "line 4: no text"),
        ("line 5", "line 5: not a JSON object (list)"),
        ("line 6", "line 6: duplicate id 'a' (first on line 1)"),
        ("g", "line 7: no text (5 characters)"),
        ("h", "line 8: text is not a string (int)"),
        ("line 9", f"line 9: invalid UTF-8 at byte {content.index(b'caf') + 3}"),
    ]


def test_bad_date_keeps_the_article_with_a_warning() -> None:
    _, result = _parse(line(text=TEXT, published="yesterday", title=5))
    [article] = result.articles
    assert article.published is None and article.title is None
    assert article.meta["warnings"] == [
        "line 1: title is not a string (int)",
        "line 1: bad published date ignored: not an ISO 8601 or RFC 2822 date: 'yesterday'",
    ]


def test_a_file_with_no_good_line_gives_one_rejection() -> None:
    _, result = _parse(b"not json\nnor this\n")
    assert result.articles == []
    assert [(r.reason, r.entry) for r in result.rejections] == [
        (
            "no usable lines (2 rejected; the first: "
            "line 1: invalid JSON: Expecting value at column 1)",
            "",
        )
    ]


def test_an_empty_file() -> None:
    _, result = _parse(b"\n  \n")
    assert [r.reason for r in result.rejections] == ["empty file"]


def test_bom_and_crlf_are_accepted() -> None:
    _, result = _parse(b"\xef\xbb\xbf" + line(id="a", text=TEXT) + b"\r\n" + line(text=TEXT))
    assert [a.entry for a in result.articles] == ["a", "line 2"]


def test_sidecar_source_overrides_every_line() -> None:
    _, result = _parse(line(text=TEXT, source="A") + b"\n" + line(text=TEXT), {"source": "Wire"})
    assert [a.source for a in result.articles] == ["Wire", "Wire"]


def test_escaped_nul_and_lone_surrogates_become_replacement_characters() -> None:
    """JSON can escape a NUL or a lone surrogate (a raw NUL byte makes the file binary): they
    mean nothing in prose, PostgreSQL cannot store a NUL and UTF-8 cannot encode a surrogate,
    so every field loses them the same way, with a warning."""
    content = line(
        id="n\u00001",
        title="Bud\u0000get \ud800",
        text=TEXT + "\u0000\udfff",
        source="X\u0000",
        published="not a date \ud800",
    )
    raw, result = _parse(content)
    [article] = result.articles
    assert (article.title, article.source, article.entry) == (
        "Bud\ufffdget \ufffd",
        "X\ufffd",
        "n\ufffd1",
    )
    assert article.raw_text == TEXT + "\ufffd\ufffd"
    assert article.id == article_id_for(raw.sha256, "n\ufffd1")
    *quoted, replaced = article.meta["warnings"]
    assert replaced == "5 NUL or lone surrogate character(s) replaced by U+FFFD"
    assert quoted and all("\ud800" not in w for w in quoted)  # the bad date's warning
    article.raw_text.encode("utf-8")  # storable
