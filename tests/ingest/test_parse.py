"""The ingest package's edges (discover, load, read_sidecar) and its pure core (parse)."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest import (
    Discovered,
    ParseResult,
    discover,
    load,
    parse,
    read_sidecar,
    sidecar_path,
)
from storyline.records import RawInput, Rejection

TEXT = b"Harbour reopens after storm\n\nThe harbour reopened on Monday after a week of repairs.\n"
CONFIG = IngestConfig()


def write(path: Path, content: bytes = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


# --- discover -------------------------------------------------------------------------------


def test_discover_walks_folders_sorted_and_skips_hidden_and_sidecars(tmp_path: Path) -> None:
    for name in ["b.txt", "a.html", "sub/c.txt", "sub/a.txt.meta.json", ".hidden.txt"]:
        write(tmp_path / name)
    write(tmp_path / ".git" / "config")
    write(tmp_path / "A-upper.txt")
    found = discover([tmp_path])
    assert isinstance(found, Discovered)
    assert found.inputs == [
        tmp_path / "A-upper.txt",
        tmp_path / "a.html",
        tmp_path / "b.txt",
        tmp_path / "sub" / "c.txt",
    ]
    assert found.rejections == []


def test_discover_keeps_the_given_order_stdin_and_reports_missing_paths(tmp_path: Path) -> None:
    z, a = write(tmp_path / "z.txt"), write(tmp_path / "a.txt")
    inputs, rejections = discover([z, "-", str(tmp_path / "nope.txt"), a, z, "-"])
    assert inputs == [z, "-", a]
    assert rejections == [Rejection(str(tmp_path / "nope.txt"), "no such file or directory")]


def test_discover_takes_an_explicit_hidden_file_but_never_a_sidecar(tmp_path: Path) -> None:
    hidden = write(tmp_path / ".draft.txt")
    sidecar = write(tmp_path / "a.txt.meta.json", b"{}")
    assert discover([hidden, sidecar]).inputs == [hidden]


def test_discover_survives_a_symlink_loop(tmp_path: Path) -> None:
    write(tmp_path / "d" / "a.txt")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    assert discover([tmp_path]).inputs == [tmp_path / "d" / "a.txt"]


# --- load -----------------------------------------------------------------------------------


def test_load_reads_bytes_and_sniffs(tmp_path: Path) -> None:
    raw = load(write(tmp_path / "a.txt"), CONFIG)
    assert raw == RawInput.from_bytes(str(tmp_path / "a.txt"), TEXT, "text")


def test_load_stdin() -> None:
    raw = load("-", CONFIG, stdin=io.BytesIO(b'{"text": "from a pipe"}\n'))
    assert (raw.path, raw.media_type, raw.content) == (
        "<stdin>",
        "jsonl",
        b'{"text": "from a pipe"}\n',
    )


def test_load_rejects_a_file_over_the_limit_and_says_how_to_raise_it(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"x" * 2000)
    with pytest.raises(InputError, match=r"IngestConfig\.max_file_bytes") as info:
        load(path, IngestConfig(max_file_bytes=1000))
    assert info.value.path == str(path)
    assert "too large" in info.value.reason


def test_load_stdin_over_the_limit() -> None:
    with pytest.raises(InputError, match="max_file_bytes"):
        load("-", IngestConfig(max_file_bytes=10), stdin=io.BytesIO(b"y" * 11))


def test_load_gives_warcs_their_own_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "crawl.warc", b"WARC/1.0\r\n" + b"x" * 2000)
    config = IngestConfig(max_file_bytes=1000, max_warc_bytes=5000)
    assert load(path, config).media_type == "warc"
    with pytest.raises(InputError, match="max_warc_bytes"):
        load(path, IngestConfig(max_file_bytes=1000, max_warc_bytes=1500))


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.txt", "no such file or directory"), ("folder", "is a folder, not a file")],
)
def test_load_unreadable(tmp_path: Path, name: str, reason: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError) as info:
        load(tmp_path / name, CONFIG)
    assert info.value.reason == reason


# --- read_sidecar ---------------------------------------------------------------------------


def test_read_sidecar(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt")
    assert read_sidecar(path) is None
    assert sidecar_path(path) == tmp_path / "a.txt.meta.json"
    meta = {"published": "2024-03-05", "source": "Gazette", "title": None, "extra": 1}
    write(sidecar_path(path), json.dumps(meta).encode())
    assert read_sidecar(path) == meta
    assert read_sidecar("-") is None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "Expecting property name"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"title": 3}', "'title' must be a string"),
    ],
)
def test_malformed_sidecar_names_the_sidecar(tmp_path: Path, content: bytes, problem: str) -> None:
    path = write(tmp_path / "a.txt")
    write(sidecar_path(path), content)
    with pytest.raises(InputError) as info:
        read_sidecar(path)
    assert info.value.reason.startswith(f"malformed sidecar {sidecar_path(path)}: ")
    assert problem in info.value.reason
    assert info.value.path == str(path)


# --- parse ----------------------------------------------------------------------------------


def _raw(content: bytes, path: str = "in.txt", media_type: str = "") -> RawInput:
    return RawInput.from_bytes(path, content, media_type)


def test_parse_sniffs_when_the_media_type_is_unknown() -> None:
    result = parse(_raw(b'{"text": "A JSON line with enough text to be an article."}'))
    assert [a.format for a in result.articles] == ["jsonl"]


def test_parse_trusts_a_known_media_type() -> None:
    content = b'{"text": "A JSON line with enough text to be an article."}'
    assert [a.format for a in parse(_raw(content, media_type="text")).articles] == ["text"]


def test_parse_gzipped_text_file() -> None:
    result = parse(_raw(gzip.compress(TEXT), "a.txt.gz", "text"), None, CONFIG)
    [article] = result.articles
    assert article.raw_text == TEXT.decode()
    assert article.title == "Harbour reopens after storm"


def test_parse_truncated_gzip_is_a_rejection() -> None:
    data = gzip.compress(TEXT * 20)
    result = parse(_raw(data[:-30], "a.txt.gz", "text"), None, CONFIG)
    assert result.articles == []
    [rejection] = result.rejections
    assert rejection.reason.startswith("truncated gzip: ")


def test_parse_applies_the_sidecar() -> None:
    result = parse(_raw(TEXT), {"published": "Tue, 05 Mar 2024 10:00:00 GMT"}, CONFIG)
    assert result.articles[0].published is not None
    assert result.articles[0].published.isoformat() == "2024-03-05T10:00:00"


@pytest.mark.parametrize(
    ("content", "media_type", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text", "binary file, not text"),
        (b"", "text", "empty file"),
        ("Grüße ".encode() + b"\xe4 und tsch\xfcss", "text", "invalid UTF-8 at byte 8"),
        (b"<html><body><div></div></body></html>", "html", "no main text found in HTML"),
    ],
)
def test_parse_bad_inputs(content: bytes, media_type: str, reason: str) -> None:
    assert parse(_raw(content, media_type=media_type)) == ParseResult(
        [], [Rejection("in.txt", reason)]
    )


def test_parse_the_same_input_twice_gives_the_same_ids() -> None:
    first, second = parse(_raw(TEXT)), parse(_raw(TEXT))
    assert [a.id for a in first.articles] == [a.id for a in second.articles]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=200).map(lambda b: b"\x1f\x8b\x08" + b),
        st.binary(max_size=200).map(lambda b: b"WARC/1.0\r\n" + b),
        st.text(max_size=300).map(lambda t: ("<html><body><p>" + t).encode()),
        st.text(max_size=300).map(lambda t: ('{"text": "' + t).encode()),
        st.text(max_size=300).map(lambda t: ("<rss><channel><item>" + t).encode()),
    ),
    media_type=st.sampled_from(["", "text", "html", "feed", "jsonl", "warc"]),
)
def test_parse_never_raises_and_always_explains(content: bytes, media_type: str) -> None:
    result = parse(_raw(content, media_type=media_type), None, CONFIG)
    assert result.articles or result.rejections
    for rejection in result.rejections:
        assert rejection.reason and rejection.path == "in.txt"
        assert not rejection.reason.startswith("parser error")  # no parser bug was caught


# Any character a JSON escape can make: the usual ones, lone surrogates, NUL.
_ESCAPABLE = st.one_of(st.characters(), st.characters(categories=["Cs"]), st.just("\x00"))
# (st.text leaves surrogates out even from an alphabet that has them: join a list instead)
_ESCAPED_TEXT = st.lists(_ESCAPABLE, max_size=60).map("".join)
_JSON_FIELDS = ["id", "title", "text", "source", "url", "published", "language", "author"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fields=st.dictionaries(st.sampled_from(_JSON_FIELDS), _ESCAPED_TEXT),
    media_type=st.sampled_from(["jsonl", "feed", "html"]),
)
def test_whatever_an_input_escapes_what_parse_returns_can_be_stored(
    fields: dict[str, str], media_type: str
) -> None:
    """JSON, XML and HTML escapes can spell characters no store takes (a lone surrogate, NUL:
    each once ended the ingest); every article and rejection parse returns is stored."""
    from storyline.store import open_store

    body = fields.get("text", "") + " and enough plain words to make the text an article body."
    if media_type == "jsonl":
        content = json.dumps({**fields, "text": body}).encode()
    else:
        escaped = "".join(f"&#{ord(c)};" for c in body)
        title = "".join(f"&#{ord(c)};" for c in fields.get("title", "t"))
        content = (
            f"<html><head><title>{title}</title></head><body><article><p>{escaped}</p>"
            "</article></body></html>"
            if media_type == "html"
            else f"<rss><channel><item><title>{title}</title><description>{escaped}"
            "</description></item></channel></rss>"
        ).encode()
    raw = _raw(content, media_type=media_type)
    result = parse(raw, None, CONFIG)
    assert not [r for r in result.rejections if r.reason.startswith("parser error")]
    with open_store(":memory:") as store:
        store.add_raw(raw)
        for article in result.articles:
            for text in (
                article.raw_text,
                article.title,
                article.source,
                article.url,
                article.entry,
            ):
                assert text is None or "\x00" not in text  # PostgreSQL's text cannot hold it
            store.add_article(article)
        for rejection in result.rejections:
            store.add_rejection(rejection, raw.sha256)
        assert store.count_articles() == len(result.articles)


def test_end_to_end_over_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt")
    write(tmp_path / "news" / "a.txt.meta.json", b'{"source": "Harbour Times"}')
    write(tmp_path / "news" / "b.bin", b"\x00\x01\x02")
    inputs, missing = discover([tmp_path / "news", tmp_path / "gone"])
    articles, rejections = [], list(missing)
    for path in inputs:
        assert isinstance(path, Path)
        result = parse(load(path, CONFIG), read_sidecar(path), CONFIG)
        articles += result.articles
        rejections += result.rejections
    assert [(a.path, a.source) for a in articles] == [
        (str(tmp_path / "news" / "a.txt"), "Harbour Times")
    ]
    assert sorted(r.reason for r in rejections) == [
        "binary file, not text",
        "no such file or directory",
    ]
