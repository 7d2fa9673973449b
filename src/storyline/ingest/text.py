"""Plain text files: one article per file.

``Article.raw_text`` is the decoded text with newlines normalised to ``\\n`` and nothing else
changed: cleaning removes lines by their index in ``raw_text.split("\\n")``. The title is the
first non-blank line when it reads as a headline (:func:`pick_title`); nothing else is guessed.
"""

from __future__ import annotations

from typing import Any

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.common import Found, ParseResult, apply_sidecar, build_article
from storyline.ingest.decode import decode, normalize_newlines
from storyline.records import RawInput, Rejection

__all__ = ["parse_text", "pick_title", "reads_as_headline"]

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
# A headline may end with "?" or "!" but not with the punctuation that ends or breaks a sentence.
_NOT_A_HEADLINE_END = (".", ",", ";", ":")


def reads_as_headline(line: str) -> bool:
    """A short line (2-30 words, at most 200 characters) with a letter, not ending like prose.

    An ellipsis ending ("…" or "...") is allowed: headlines trail off, sentences rarely do.
    """
    line = line.strip()
    words = line.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or len(line) > MAX_TITLE_CHARS:
        return False
    if not any(char.isalpha() for char in line):
        return False
    return line.endswith("...") or not line.endswith(_NOT_A_HEADLINE_END)


def pick_title(lines: list[str]) -> str | None:
    """The title of a text given as lines: its first non-blank line, if that reads as a headline
    and more text follows it; None otherwise (a one-paragraph text has no title line).

    The cleaning stage reuses it after dropping leading boilerplate lines.
    """
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        has_more = any(rest.strip() for rest in lines[index + 1 :])
        return line.strip() if has_more and reads_as_headline(line) else None
    return None


def parse_text(
    raw: RawInput, content: bytes, sidecar: dict[str, Any] | None, config: IngestConfig
) -> ParseResult:
    """The article of a plain text file, or the rejection of the file."""
    try:
        decoded = decode(content)
    except InputError as exc:
        return ParseResult(rejections=[Rejection(raw.path, exc.reason)])
    text = normalize_newlines(decoded.text)
    found = Found(text=text, title=pick_title(text.split("\n")))
    found.meta["encoding"] = decoded.encoding
    found = apply_sidecar(found, sidecar, single=True)
    result = ParseResult()
    result.add(build_article(raw, "text", "", found, config))
    return result
