"""WARC archives, built in tmp_path with warcio's WARCWriter, plain and gzipped."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import IngestConfig
from storyline.ingest import ParseResult, load, parse
from storyline.records import RawInput, article_id_for

SENTENCES = [
    "The harbour authority confirmed on Monday that the new ferry terminal will open in May.",
    "Officials said the project came in under budget despite delays caused by winter storms.",
    "Local businesses expect more visitors once the summer timetable starts in the middle of June.",
]


def page(n: int, date: bool = True) -> bytes:
    meta = '<meta property="article:published_time" content="2023-05-0{n}T08:00:00Z">'
    body = "".join(f"<p>{s} Story {n}.</p>" for s in SENTENCES)
    return (
        f"<!DOCTYPE html><html><head><title>Story {n}</title>{meta.format(n=n) if date else ''}"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Story {n}</h1>{body}"
        "</article><footer>Contact us</footer></body></html>"
    ).encode()


def build_warc(path: Path, *, gz: bool, pages: int = 3, extras: bool = True) -> bytes:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for n in range(1, pages + 1):
            _response(writer, f"https://port.example/{n}", page(n))
        if extras:
            _response(writer, "https://port.example/logo.png", b"\x89PNG...", "image/png")
            _response(writer, "https://port.example/gone", page(9), status="404 Not Found")
    return path.read_bytes()


def _response(
    writer: WARCWriter,
    uri: str,
    payload: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(payload), http_headers=headers
    )
    writer.write_record(record)


def _parse(content: bytes, name: str = "crawl.warc") -> tuple[RawInput, ParseResult]:
    raw = RawInput.from_bytes(name, content, "warc")
    return raw, parse(raw, None, IngestConfig())


@pytest.mark.parametrize("gz", [False, True])
def test_html_responses_become_articles(tmp_path: Path, gz: bool) -> None:
    name = "crawl.warc.gz" if gz else "crawl.warc"
    build_warc(tmp_path / name, gz=gz)
    raw = load(tmp_path / name, IngestConfig())
    assert raw.media_type == "warc"
    result = parse(raw, None, IngestConfig())
    assert [a.url for a in result.articles] == [f"https://port.example/{n}" for n in (1, 2, 3)]
    first = result.articles[0]
    assert first.format == "warc"
    assert first.entry.startswith("<urn:uuid:")
    assert first.id == article_id_for(raw.sha256, first.entry)
    assert first.title == "Story 1"
    assert SENTENCES[0] + " Story 1." in first.raw_text
    assert first.published == datetime(2023, 5, 1, 8, 0)  # from the page, not the crawl
    assert first.meta["crawled"].endswith("Z")
    # the image is skipped silently; the 404 page is rejected with its status
    assert [r.reason for r in result.rejections] == ["HTTP 404 response"]


def test_crawl_date_is_never_the_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "nodate.warc"
    with path.open("wb") as handle:
        _response(WARCWriter(handle, gzip=False), "https://port.example/x", page(1, date=False))
    _, result = _parse(path.read_bytes())
    [article] = result.articles
    assert article.published is None
    assert "crawled" in article.meta


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path: Path, gz: bool) -> None:
    data = build_warc(tmp_path / "t.warc", gz=gz, extras=False)
    _, result = _parse(data[:-150])
    assert [a.url for a in result.articles] == ["https://port.example/1", "https://port.example/2"]
    [rejection] = result.rejections
    assert rejection.reason.startswith("truncated or corrupt WARC after record 3: ")


def test_a_record_longer_than_its_content_length_is_corruption(tmp_path: Path) -> None:
    data = build_warc(tmp_path / "t.warc", gz=False, extras=False)
    at = data.index(b"Story 2.")
    _, result = _parse(data[:at] + b"extra bytes " + data[at:])  # inside record 3 (page 2)
    assert [a.url for a in result.articles] == ["https://port.example/1"]
    assert [r.reason for r in result.rejections] == [
        "truncated or corrupt WARC after record 2: "
        "record 3 does not end where its Content-Length says"
    ]


def test_warc_cut_in_the_last_gzip_trailer_is_reported(tmp_path: Path) -> None:
    data = build_warc(tmp_path / "t.warc.gz", gz=True, extras=False)
    _, result = _parse(data[:-4])
    assert len(result.articles) == 3  # the text is whole, but the file is not
    [rejection] = result.rejections
    assert rejection.reason == (
        "truncated or corrupt WARC after record 4: "
        "the last gzip member is cut short (no end marker)"
    )


def _record_ends(data: bytes) -> list[int]:
    iterator = ArchiveIterator(io.BytesIO(data))
    ends = []
    for _record in iterator:
        iterator.read_to_end()
        ends.append(iterator.get_record_offset() + iterator.get_record_length())
    return ends


@pytest.mark.parametrize("gz", [False, True])
def test_every_cut_is_reported_unless_it_falls_between_records(tmp_path: Path, gz: bool) -> None:
    data = build_warc(tmp_path / "t.warc", gz=gz, pages=1, extras=False)
    # a cut just after a gzip member, or after the first blank line that follows a record
    # (when not gzipped), leaves a valid WARC
    extras = [0] if gz else [2, 3, 4]
    clean = {end + extra for end in _record_ends(data) for extra in extras}
    for cut in range(1, len(data)):
        _, result = _parse(data[:cut])
        damaged = any("WARC" in r.reason for r in result.rejections)
        assert damaged is (cut not in clean), (cut, result.rejections)


def test_not_a_warc_at_all() -> None:
    _, result = _parse(b"This is a text file that was named .warc by mistake.\n")
    assert result.articles == []
    [rejection] = result.rejections
    assert rejection.reason.startswith("not a readable WARC file: ")


def test_warc_without_html_pages(tmp_path: Path) -> None:
    path = tmp_path / "img.warc"
    with path.open("wb") as handle:
        _response(WARCWriter(handle, gzip=False), "https://x.example/a.png", b"PNG", "image/png")
    _, result = _parse(path.read_bytes())
    assert [r.reason for r in result.rejections] == ["no HTML pages found"]


def test_payload_is_decoded_with_the_http_charset(tmp_path: Path) -> None:
    html = page(1, date=False).decode().replace("ferry terminal", "Fährterminal in Kiel")
    path = tmp_path / "latin.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        _response(
            writer, "https://x.example/", html.encode("latin-1"), "text/html; charset=latin-1"
        )
    _, result = _parse(path.read_bytes())
    assert "Fährterminal in Kiel" in result.articles[0].raw_text
