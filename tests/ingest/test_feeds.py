"""RSS and Atom feeds: one article per entry, bad entries rejected one by one, nothing fetched."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from storyline.config import IngestConfig
from storyline.ingest.common import ParseResult
from storyline.ingest.feeds import html_to_text, parse_feed
from storyline.records import RawInput, Rejection, article_id_for

LONG = "The council approved the budget after a long debate that lasted into the night."

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>The Daily Planet</title><link>https://planet.example/</link>
<item>
  <title>Council approves &lt;b&gt;budget&lt;/b&gt;</title>
  <link>https://planet.example/budget</link>
  <guid isPermaLink="false">planet-1</guid>
  <pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate>
  <description>&lt;p&gt;{LONG}&lt;/p&gt;&lt;p&gt;Second &lt;b&gt;paragraph&lt;/b&gt;.&lt;/p&gt;
  &lt;script&gt;alert(1)&lt;/script&gt;</description>
</item>
<item>
  <title>Too short</title>
  <link>https://planet.example/short</link>
  <description>Tiny.</description>
</item>
<item>
  <title>No id, no date</title>
  <description>{LONG}</description>
</item>
</channel></rss>""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atomic News</title>
  <entry>
    <id>urn:uuid:1</id>
    <title>Atom entry</title>
    <link href="https://atomic.example/1"/>
    <updated>2024-03-06T08:00:00Z</updated>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;{LONG} And more content.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:uuid:1</id>
    <title>Same id again</title>
    <updated>2024-03-06T09:00:00Z</updated>
    <content type="text">{LONG}</content>
  </entry>
</feed>""".encode()


def _parse(
    content: bytes, path: str = "news.xml", sidecar: dict[str, Any] | None = None
) -> tuple[RawInput, ParseResult]:
    raw = RawInput.from_bytes(path, content, "feed")
    return raw, parse_feed(raw, content, sidecar, IngestConfig())


def test_rss_entries_become_articles() -> None:
    raw, result = _parse(RSS)
    first, third = result.articles
    assert first.id == article_id_for(raw.sha256, "planet-1")
    assert (first.format, first.entry, first.path) == ("feed", "planet-1", "news.xml")
    assert first.title == "Council approves budget"
    assert first.url == "https://planet.example/budget"
    assert first.source == "The Daily Planet"
    assert first.published == datetime(2024, 3, 5, 9, 0)
    assert first.raw_text == f"{LONG}\nSecond paragraph."
    assert third.entry == "entry 3"
    assert third.published is None and third.url is None


def test_short_entries_are_rejected_individually() -> None:
    _, result = _parse(RSS)
    assert [(r.entry, r.reason) for r in result.rejections] == [
        ("https://planet.example/short", "no text (5 characters)")
    ]


def test_atom_uses_content_and_updated_and_rejects_a_repeated_id() -> None:
    _, result = _parse(ATOM, "news.atom")
    [article] = result.articles
    assert article.raw_text == f"{LONG} And more content."
    assert article.published == datetime(2024, 3, 6, 8, 0)
    assert article.meta["published_from"] == "updated"
    assert article.source == "Atomic News"
    assert [r.reason for r in result.rejections] == ["entry 2: duplicate entry id 'urn:uuid:1'"]


def test_a_file_that_is_not_xml_is_not_a_feed() -> None:
    _, result = _parse(b"Just some words, certainly not a feed.\n", "news.rss")
    assert result.articles == []
    [rejection] = result.rejections
    assert rejection.reason.startswith("not a valid RSS/Atom feed: ")
    assert rejection.entry == ""


def test_a_garbled_encoding_declaration_is_a_rejection_not_a_crash() -> None:
    _, result = _parse(b'<?xml version="1.0" encoding="U\x98TF-8"?><rss><channel/></rss>')
    assert [r.reason for r in result.rejections] == [
        "not a valid RSS/Atom feed: bad encoding declaration (invalid start byte)"
    ]


def test_a_feed_without_entries() -> None:
    _, result = _parse(b'<rss version="2.0"><channel><title>Empty</title></channel></rss>')
    assert [r.reason for r in result.rejections] == ["feed has no entries"]


def test_a_feed_where_every_entry_is_bad_gives_one_rejection() -> None:
    feed = b"""<rss version="2.0"><channel><title>T</title>
    <item><guid>a</guid><description>x</description></item>
    <item><guid>b</guid><description>y</description></item></channel></rss>"""
    _, result = _parse(feed)
    reason = "no usable entries (2 rejected; the first: a: no text (1 characters))"
    assert result == ParseResult([], [Rejection("news.xml", reason)])


def test_feed_content_that_names_a_file_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS)
    _, result = _parse(str(secret).encode())
    assert result.articles == []  # feedparser was given a stream, not a path to open


def test_sidecar_source_applies_to_every_entry_but_title_does_not() -> None:
    _, result = _parse(RSS, sidecar={"source": "Planet Wire", "title": "One title"})
    assert {a.source for a in result.articles} == {"Planet Wire"}
    assert result.articles[0].title == "Council approves budget"
    assert result.articles[0].meta["warnings"] == [
        "sidecar: 'title' ignored, the input holds several articles"
    ]


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("plain words", "plain words"),
        ("<p>one</p><p>two <i>three</i></p>", "one\ntwo three"),
        ("line<br>break<br/>again", "line\nbreak\nagain"),
        ("<ul><li>a</li><li>b</li></ul><style>p{}</style>", "a\nb"),
        ("  <div>  spaced    out  </div> ", "spaced out"),
        ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3"),
    ],
)
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text
