"""JSON Lines: one article per line, fields ``id, url, source, title, text, published, language``.

Each line is read on its own (strict UTF-8, then JSON), so one bad line is rejected with its
line number ("line 3: invalid JSON: Expecting ',' delimiter at column 17") and the others are
kept. The entry key is the ``id`` field (string or integer), else ``line N``; a repeated id is
rejected (it would give the same article id). Other fields are ignored. A field of the wrong type
and a bad date keep the article, with a warning in ``meta["warnings"]``.
"""

from __future__ import annotations

import json
from typing import Any

from storyline.config import IngestConfig
from storyline.ingest.common import (
    Found,
    ParseResult,
    apply_sidecar,
    build_article,
    nothing_usable,
    optional_str,
)
from storyline.ingest.dates import published_or_warn
from storyline.ingest.decode import normalize_newlines
from storyline.records import Article, RawInput, Rejection

__all__ = ["parse_jsonl"]

_STRING_FIELDS = ("title", "url", "source", "language")


def parse_jsonl(
    raw: RawInput, content: bytes, sidecar: dict[str, Any] | None, config: IngestConfig
) -> ParseResult:
    """The articles of a JSON Lines file, each bad line rejected on its own."""
    result = ParseResult()
    first_line_of: dict[str, int] = {}
    offset = 3 if content.startswith(b"\xef\xbb\xbf") else 0
    for number, line in enumerate(content[offset:].split(b"\n"), 1):
        if line.strip():
            result.add(_parse_line(raw, number, line, offset, sidecar, config, first_line_of))
        offset += len(line) + 1
    if not result.articles and not result.rejections:
        return ParseResult(rejections=[Rejection(raw.path, "empty file")])
    return (
        result
        if result.articles
        else nothing_usable(raw, result.rejections, "lines", reasons_name_entry=True)
    )


def _parse_line(
    raw: RawInput,
    number: int,
    line: bytes,
    offset: int,
    sidecar: dict[str, Any] | None,
    config: IngestConfig,
    first_line_of: dict[str, int],
) -> Article | Rejection:
    label = f"line {number}: "
    record = _load_record(line, offset)
    if isinstance(record, str):
        return Rejection(raw.path, label + record, f"line {number}")
    key = _entry_key(record, number)
    if key in first_line_of:
        reason = f"duplicate id {key!r} (first on line {first_line_of[key]})"
        return Rejection(raw.path, label + reason, f"line {number}")
    first_line_of[key] = number
    text = record.get("text")
    if text is None or text == "":
        return Rejection(raw.path, label + "no text", key)
    if not isinstance(text, str):
        return Rejection(raw.path, label + f"text is not a string ({type(text).__name__})", key)
    found = apply_sidecar(_fields(record, text, number), sidecar, single=False)
    return build_article(raw, "jsonl", key, found, config, label=label)


def _load_record(line: bytes, offset: int) -> dict[str, Any] | str:
    """The JSON object on a line, or the reason it is not one."""
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"invalid UTF-8 at byte {offset + exc.start}"
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return "invalid JSON: nested too deeply"
    if not isinstance(record, dict):
        return f"not a JSON object ({type(record).__name__})"
    return record


def _entry_key(record: dict[str, Any], number: int) -> str:
    value = record.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return optional_str(value) or f"line {number}"


def _fields(record: dict[str, Any], text: str, number: int) -> Found:
    found = Found(text=normalize_newlines(text))
    warnings: list[str] = []
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            warnings.append(f"line {number}: {name} is not a string ({type(value).__name__})")
        setattr(found, name, optional_str(value))
    found.published = published_or_warn(record.get("published"), f"line {number}", warnings)
    if warnings:
        found.meta["warnings"] = warnings
    return found
