"""A source's kind and entries, from the bytes it answered (pure: no server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from _feed_server import atom, json_feed, news_sitemap, rss

from storyline.follow import FeedError, canonical_url, read_document

WHEN = datetime(2022, 9, 15, 6, 30, tzinfo=UTC)
ITEMS = [
    ("https://n.example/a?utm_source=x&id=3#top", "Xi meets Putin", WHEN, "Summary <b>one</b>")
]


def test_rss_atom_and_json_feed_give_canonical_links_dates_and_plain_text() -> None:
    for body, kind in (
        (rss("N", ITEMS), "rss"),
        (atom("N", ITEMS), "atom"),
        (json_feed("N", ITEMS), "jsonfeed"),
    ):
        doc = read_document(body, "https://n.example/feed")
        assert doc.kind == kind and doc.title == "N"
        (entry,) = doc.entries
        assert entry.url == "https://n.example/a?id=3"
        assert entry.title == "Xi meets Putin" and entry.published == WHEN
        # RSS and Atom carry HTML (stripped); a JSON Feed summary is plain text (kept as is)
        assert entry.text == ("Summary <b>one</b>" if kind == "jsonfeed" else "Summary one")


def test_rss_0_91_and_rdf_1_0_are_rss() -> None:
    old = b"<?xml version='1.0'?><rss version='0.91'><channel><title>Old</title><item><title>T</title><link>http://o.example/1</link></item></channel></rss>"
    rdf = (
        b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
        b"xmlns='http://purl.org/rss/1.0/'><channel rdf:about='x'><title>R</title></channel>"
        b"<item rdf:about='http://r.example/1'><title>T</title><link>http://r.example/1</link></item></rdf:RDF>"
    )
    assert [e.url for e in read_document(old, "http://o.example/").entries] == [
        "http://o.example/1"
    ]
    assert read_document(rdf, "http://r.example/").kind == "rss"
    assert [e.url for e in read_document(rdf, "http://r.example/").entries] == [
        "http://r.example/1"
    ]


def test_a_news_sitemap_lists_newest_first_and_an_index_lists_its_children() -> None:
    older = datetime(2022, 9, 1, tzinfo=UTC)
    body = news_sitemap(
        [("https://n.example/old", "Old", older), ("https://n.example/new", "New", WHEN)]
    )
    doc = read_document(body, "https://n.example/sitemap.xml")
    assert doc.kind == "sitemap" and [e.title for e in doc.entries] == ["New", "Old"]
    index = (
        b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        b"<sitemap><loc>https://n.example/s1.xml</loc><lastmod>2022-09-01</lastmod></sitemap>"
        b"<sitemap><loc>https://n.example/s2.xml</loc><lastmod>2022-09-15</lastmod></sitemap>"
        b"</sitemapindex>"
    )
    doc = read_document(index, "https://n.example/index.xml")
    assert doc.kind == "sitemap" and doc.sitemaps == [
        "https://n.example/s2.xml",
        "https://n.example/s1.xml",
    ]


def test_xml_entities_are_not_expanded_in_sitemaps() -> None:
    bomb = (
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://n.example/&b;</loc></url></urlset>"
    )
    doc = read_document(bomb, "https://n.example/s.xml")
    assert all("aaaa" not in e.url for e in doc.entries)


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"hello world", "not a feed")],
)
def test_what_is_not_a_source_says_what_it_is(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        read_document(body, "https://n.example/")


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        (
            "HTTPS://News.Example:443/a/b?utm_medium=rss&x=1&fbclid=z#frag",
            "https://news.example/a/b?x=1",
        ),
        ("http://news.example", "http://news.example/"),
        ("http://news.example:8080/p?gclid=1", "http://news.example:8080/p"),
        ("/relative/path", "https://base.example/relative/path"),
    ],
)
def test_canonical_urls(given: str, canonical: str) -> None:
    assert canonical_url(given, "https://base.example/feed") == canonical
