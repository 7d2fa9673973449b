"""Which format a byte string is: "text", "html", "feed", "jsonl" or "warc".

Content decides first, the file name only when the content is not conclusive:

1. gzip (magic ``1f 8b``) is looked through: the first 64 KiB of its decompressed content are
   sniffed (:func:`gunzip` decompresses the whole of it later, with a size limit).
2. Certain by content: ``WARC/1.`` -> warc; an XML document whose root is ``<rss``, ``<feed``
   or ``<rdf:RDF`` -> feed; ``<!doctype html`` or ``<html`` -> html; a first line that parses as
   a JSON object -> jsonl.
3. By extension (``.gz`` ignored): ``.warc`` -> warc, ``.jsonl``/``.ndjson`` -> jsonl,
   ``.rss``/``.atom``/``.rdf``/``.xml`` -> feed (XML given to a news tool is a feed; anything
   else is rejected as "not a valid RSS/Atom feed"), ``.html``/``.htm``/``.xhtml`` -> html.
   Such a file whose content does not match is rejected by its parser with a reason, not read
   as plain text.
4. Markup without a doctype: starts with a tag and has at least 3 HTML tags, or has at least
   20 anywhere in the sniffed prefix -> html.
5. Everything else is plain text.
"""

from __future__ import annotations

import json
import re
import zlib

from storyline.errors import InputError

__all__ = ["FORMATS", "GZIP_MAGIC", "gunzip", "is_gzip", "sniff"]

FORMATS = ("text", "html", "feed", "jsonl", "warc")
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 64 * 1024

_EXTENSIONS = {
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".xml": "feed",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
# What may precede the root element: whitespace, processing instructions, comments and a
# doctype other than HTML's (matched against the lower-cased head).
_PROLOG = re.compile(rb"\A(?:\s+|<\?[^>]*\?>|<!--.*?-->|<!doctype\s+(?!html)[^>]*>)*", re.S)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]")
_HTML_TAG = re.compile(
    rb"<(?:p|div|span|a|br|hr|h[1-6]|li|ul|ol|table|tr|td|img|meta|link|script|style|body|head"
    rb"|title|article|section|nav|header|footer|main|figure|strong|em|b|i)(?:\s[^>]*)?/?>",
    re.I,
)


def is_gzip(content: bytes) -> bool:
    return content.startswith(GZIP_MAGIC)


def sniff(content: bytes, path: str = "") -> str:
    """The format of ``content`` (one of :data:`FORMATS`); ``path`` is only a hint."""
    head = _gunzip_head(content) if is_gzip(content) else content[:SNIFF_BYTES]
    by_content = _sniff_content(head)
    if by_content:
        return by_content
    by_name = _EXTENSIONS.get(_extension(path))
    if by_name:
        return by_name
    return "html" if _looks_like_markup(head) else "text"


def gunzip(content: bytes, limit: int) -> bytes:
    """Decompress a (possibly multi-member) gzip stream of at most ``limit`` bytes.

    Raises ``InputError`` with "truncated gzip: ..." when the stream ends early, "corrupt gzip:
    ..." when it is damaged, and a size message when it expands beyond ``limit``.
    """
    out = bytearray()
    data = content
    while data:
        decompressor = zlib.decompressobj(wbits=31)
        try:
            while True:
                out += decompressor.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise InputError(
                        f"gzip content expands beyond the {limit:,}-byte limit; raise "
                        "IngestConfig.max_file_bytes to read it"
                    )
                if decompressor.eof:
                    data = decompressor.unused_data
                    break
                data = decompressor.unconsumed_tail
                if not data:
                    raise InputError(
                        f"truncated gzip: the stream ends after {len(out):,} decompressed bytes"
                        " without its end marker"
                    )
        except zlib.error as exc:
            raise InputError(f"corrupt gzip: {exc}") from None
        if not data.strip(b"\x00"):
            break
    return bytes(out)


def _gunzip_head(content: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(content[: 4 * SNIFF_BYTES], SNIFF_BYTES)
    except zlib.error:
        return b""


def _sniff_content(head: bytes) -> str | None:
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    stripped = head.lstrip()
    if stripped.startswith(b"WARC/1."):
        return "warc"
    lowered = head[:4096].lower()
    match = _PROLOG.match(lowered)
    start = match.end() if match else 0
    if _FEED_ROOT.match(lowered, start):
        return "feed"
    if _HTML_ROOT.match(lowered, start):
        return "html"
    if stripped.startswith(b"{") and _first_line_is_json_object(stripped):
        return "jsonl"
    return None


def _first_line_is_json_object(stripped: bytes) -> bool:
    line = stripped.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _looks_like_markup(head: bytes) -> bool:
    tags = len(_HTML_TAG.findall(head, 0, SNIFF_BYTES))
    return tags >= 20 or (head.lstrip().startswith(b"<") and tags >= 3)


def _extension(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""
