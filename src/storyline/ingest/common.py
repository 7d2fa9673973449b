"""What the format parsers share: the result type, the found fields, sidecars, article building."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from storyline.config import IngestConfig
from storyline.ingest.dates import published_or_warn
from storyline.records import (
    Article,
    RawInput,
    Rejection,
    article_id_for,
    storable,
    unstorable_count,
)

__all__ = [
    "SIDECAR_KEYS",
    "Found",
    "ParseResult",
    "apply_sidecar",
    "build_article",
    "nothing_usable",
    "optional_str",
]

SIDECAR_KEYS = ("published", "source", "url", "title", "language")
# Keys of a sidecar that describe one article, so they do not apply to the entries of a
# multi-entry input (feed, JSON Lines, WARC); source and language describe them all.
_SINGLE_ARTICLE_KEYS = ("published", "url", "title")


@dataclass(slots=True)
class ParseResult:
    """What :func:`storyline.ingest.parse` made of one raw input."""

    articles: list[Article] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def add(self, item: Article | Rejection) -> None:
        if isinstance(item, Article):
            self.articles.append(item)
        else:
            self.rejections.append(item)


@dataclass(slots=True)
class Found:
    """The fields a format parser found for one article (unknown stays None)."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def warn(self, message: str) -> None:
        self.meta.setdefault("warnings", []).append(message)


def optional_str(value: object) -> str | None:
    """A stripped non-empty string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def apply_sidecar(found: Found, sidecar: dict[str, Any] | None, *, single: bool) -> Found:
    """``found`` with the sidecar's values in place of its own (a sidecar value wins).

    A bad sidecar date keeps the found date and adds a warning; so do unknown keys, and keys
    that describe one article when the input holds many (``single=False``).
    """
    if not sidecar:
        return found
    out = replace(found, meta=dict(found.meta))
    warnings: list[str] = list(out.meta.get("warnings", []))
    for key, value in sidecar.items():
        if key not in SIDECAR_KEYS:
            warnings.append(f"sidecar: unknown key {key!r} ignored")
        elif not single and key in _SINGLE_ARTICLE_KEYS:
            warnings.append(f"sidecar: {key!r} ignored, the input holds several articles")
        elif key == "published":
            published = published_or_warn(value, "sidecar", warnings)
            out.published = published or out.published
        elif value is not None and not isinstance(value, str):
            warnings.append(f"sidecar: {key!r} is not a string; ignored")
        elif optional_str(value) is not None:
            setattr(out, key, optional_str(value))
    if warnings:
        out.meta["warnings"] = warnings
    return out


def build_article(
    raw: RawInput,
    fmt: str,
    entry: str,
    found: Found,
    config: IngestConfig,
    label: str = "",
    no_text: str = "no text",
) -> Article | Rejection:
    """The article for one entry of ``raw``, or its rejection when the text is too short.

    The rejection reads ``f"{label}{no_text} (N characters)"``: ``label`` names the entry
    (e.g. ``"line 4: "``), ``no_text`` says what is missing.
    """
    found, entry = _without_unstorable(found), storable(entry)
    chars = len(found.text.strip())
    if chars < config.min_text_chars:
        return Rejection(raw.path, f"{label}{no_text} ({chars} characters)", entry)
    return Article(
        id=article_id_for(raw.sha256, entry),
        raw_id=raw.sha256,
        path=raw.path,
        format=fmt,
        entry=entry,
        url=found.url,
        source=found.source,
        title=found.title,
        published=found.published,
        raw_text=found.text,
        language=found.language,
        meta=dict(found.meta),
    )


def _clean(value: str | None) -> str | None:
    return None if value is None else storable(value)


def _without_unstorable(found: Found) -> Found:
    """``found`` with NUL and lone surrogates (records.storable) as U+FFFD in every field and
    in warnings that quote the input, counted in a warning: both stores once failed the
    whole ingest on one."""
    fields = (found.text, found.title, found.url, found.source, found.language)
    count = sum(unstorable_count(v) for v in fields if v is not None)
    warnings = [storable(w) for w in found.meta.get("warnings", [])]
    if not count and warnings == found.meta.get("warnings", []):
        return found
    out = replace(
        found,
        text=storable(found.text),
        title=_clean(found.title),
        url=_clean(found.url),
        source=_clean(found.source),
        language=_clean(found.language),
        meta={**found.meta, **({"warnings": warnings} if warnings else {})},
    )
    if count:
        out.warn(f"{count} NUL or lone surrogate character(s) replaced by U+FFFD")
    return out


def nothing_usable(
    raw: RawInput, rejections: list[Rejection], what: str, *, reasons_name_entry: bool = False
) -> ParseResult:
    """One rejection for a multi-entry input of which no entry was usable.

    It names the first entry's problem and how many were rejected, so a file that is not what
    its format says gives one line of explanation, not one per line of the file. The entry key
    is put before the reason unless ``reasons_name_entry`` (reasons like "line 3: ...").
    """
    if not rejections:
        return ParseResult(rejections=[Rejection(raw.path, f"no {what} found")])
    if len(rejections) == 1 and not rejections[0].entry:
        return ParseResult(rejections=list(rejections))
    first = rejections[0]
    detail = first.reason
    if first.entry and not reasons_name_entry:
        detail = f"{first.entry}: {first.reason}"
    reason = f"no usable {what} ({len(rejections)} rejected; the first: {detail})"
    return ParseResult(rejections=[Rejection(raw.path, reason)])
