"""Format sniffing: content first, the file name as a hint; gzip looked through."""

from __future__ import annotations

import gzip

import pytest

from storyline.errors import InputError
from storyline.ingest.sniff import gunzip, sniff

RSS = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel></channel></rss>'
ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
RDF = b'<?xml version="1.0"?>\n<!-- a comment -->\n<rdf:RDF xmlns:rdf="x"></rdf:RDF>'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (RSS, "feed"),
        (ATOM, "feed"),
        (RDF, "feed"),
        (b"<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
        (b"\xef\xbb\xbf  <html lang='en'><body>x</body></html>", "html"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html>\n<html></html>', "html"),
        (b'{"id": 1, "text": "hello"}\n{"id": 2, "text": "world"}\n', "jsonl"),
        (b"Just a headline\n\nAnd a paragraph of text.\n", "text"),
        (b"{this is not json} but prose that starts with a brace\n", "text"),
        (b"<div><p>one</p><p>two</p><p>three</p></div>", "html"),
        (b"The <b> tag is bold. Nothing else here.", "text"),
    ],
)
def test_sniff_by_content(content: bytes, expected: str) -> None:
    assert sniff(content) == expected


def test_content_beats_the_extension() -> None:
    assert sniff(RSS, "page.html") == "feed"
    assert sniff(b"<!doctype html><html></html>", "data.jsonl") == "html"
    assert sniff(b"WARC/1.1\r\n", "notes.txt") == "warc"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("crawl.warc", "warc"),
        ("crawl.warc.gz", "warc"),
        ("dump.jsonl", "jsonl"),
        ("dump.ndjson", "jsonl"),
        ("news.rss", "feed"),
        ("feed.xml", "feed"),
        ("news.atom", "feed"),
        ("page.HTML", "html"),
        ("page.htm", "html"),
        ("notes.txt", "text"),
        ("README", "text"),
        ("dir.d/README", "text"),
    ],
)
def test_extension_decides_when_content_is_not_conclusive(name: str, expected: str) -> None:
    assert sniff(b"some words that could be anything\n", name) == expected


def test_gzip_is_looked_through() -> None:
    assert sniff(gzip.compress(RSS), "x.gz") == "feed"
    assert sniff(gzip.compress(b"WARC/1.0\r\n"), "x") == "warc"
    assert sniff(gzip.compress(b"plain words\n")) == "text"


def test_broken_gzip_sniffs_by_name_and_does_not_raise() -> None:
    assert sniff(b"\x1f\x8b\x08garbage", "a.html.gz") == "html"
    assert sniff(b"\x1f\x8b\x08garbage") == "text"


def test_gunzip_multi_member() -> None:
    assert gunzip(gzip.compress(b"one ") + gzip.compress(b"two"), 100) == b"one two"


def test_gunzip_truncated() -> None:
    data = gzip.compress(b"some text " * 100)
    with pytest.raises(InputError, match=r"^truncated gzip: "):
        gunzip(data[: len(data) // 2], 10_000)


def test_gunzip_corrupt() -> None:
    data = bytearray(gzip.compress(b"some text " * 100))
    data[12:20] = b"\xff" * 8
    with pytest.raises(InputError, match=r"^corrupt gzip: "):
        gunzip(bytes(data), 10_000)


def test_gunzip_limit_stops_a_gzip_bomb() -> None:
    with pytest.raises(InputError, match="max_file_bytes"):
        gunzip(gzip.compress(b"\x00" * 1_000_000), 1000)
