"""Rounds of the poller against a loopback server serving real pages behind real-looking feeds
(issue 21): conditional requests, robots.txt, politeness, backoff, caps, the address guard,
malformed feeds, full text and its fallback, redirects, and the WARC export replayed."""

from __future__ import annotations

import gzip
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from _feed_server import (
    FeedServer,
    Route,
    atom,
    bench_pages,
    json_feed,
    loopback_transport,
    news_sitemap,
    rss,
    serve_pages,
)

from storyline import Pipeline, Settings, add_source, export_warc, open_store
from storyline.config import FollowConfig
from storyline.follow import Fetcher, Follower
from storyline.store import Store

FAST = replace(FollowConfig(), host_interval_s=0.05, retry_base_s=0.01, timeout_s=10.0)
DAY = datetime(2019, 11, 19, 8, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "follow.db") as opened:
        yield opened


def follower(
    store: Store,
    server: FeedServer,
    config: FollowConfig = FAST,
    private: dict[str, str] | None = None,
) -> Follower:
    pipeline = Pipeline(store, Settings(follow=config))
    fetcher = Fetcher(config, transport_for=loopback_transport(server.port, private))
    return Follower(pipeline, fetcher, analyse=False)


def feed_of(server: FeedServer, host: str, n: int, start: int = 0, summary: str = "") -> bytes:
    """Serve ``n`` real pages on ``host`` and return an RSS feed listing them."""
    pages = bench_pages(n, start)
    urls = serve_pages(server, host, pages)
    items = [
        (url, f"Story {start + i} of {host}", DAY + timedelta(hours=i), summary or "A summary.")
        for i, url in enumerate(urls)
    ]
    return rss(f"News of {host}", items)


def test_a_round_stores_each_page_with_the_entry_date_and_the_second_round_gets_304(
    store: Store, server: FeedServer
) -> None:
    body = feed_of(server, "outlet-a.test", 4)
    server.routes[("outlet-a.test", "/feed.xml")] = Route(body, etag='"v1"')
    add_source(store, "http://outlet-a.test/feed.xml", "Outlet A")
    poller = follower(store, server)

    first = poller.once()
    assert first.new == 4 and first.pages == 4 and first.errors == 0
    articles = list(store.iter_articles())
    assert len(articles) == 4
    assert all(a.meta["published_from"] == "entry" for a in articles)
    assert sorted(a.title for a in articles) == [f"Story {i} of outlet-a.test" for i in range(4)]
    assert all(len(a.raw_text) > 300 for a in articles)  # the page's text, not the summary
    assert store.list_sources()[0].kind == "rss"

    second = poller.once(store.list_sources())
    assert second.sources[0].outcome == "not modified" and second.new == 0
    feed_hits = server.hits_of("outlet-a.test", "/feed.xml")
    assert [h.headers.get("If-None-Match") for h in feed_hits] == [None, '"v1"']
    pages = [h for h in server.hits_of("outlet-a.test") if h.path.startswith("/news/")]
    assert len(pages) == 4  # no page fetched twice
    assert store.count_articles() == 4


def test_an_entry_already_stored_is_not_fetched_again_when_the_feed_changes(
    store: Store, server: FeedServer
) -> None:
    server.routes[("outlet-a.test", "/feed.xml")] = Route(feed_of(server, "outlet-a.test", 2))
    add_source(store, "http://outlet-a.test/feed.xml")
    poller = follower(store, server)
    poller.once()
    # the feed now lists one more entry, and the old ones with tracking parameters
    pages = bench_pages(3)
    urls = serve_pages(server, "outlet-a.test", pages)
    items = [(f"{u}?utm_source=rss#top", f"S{i}", DAY, "s") for i, u in enumerate(urls)]
    server.routes[("outlet-a.test", "/feed.xml")] = Route(rss("A", items))
    report = poller.once(store.list_sources())
    assert report.new == 1 and store.count_articles() == 3
    fetched = [h.path for h in server.hits_of("outlet-a.test") if h.path.startswith("/news/")]
    assert sorted(fetched) == sorted(set(fetched))


@pytest.mark.parametrize("kind", ["atom", "jsonfeed", "sitemap"])
def test_atom_json_feed_and_news_sitemap_sources(
    kind: str, store: Store, server: FeedServer
) -> None:
    pages = bench_pages(3, 10)
    urls = serve_pages(server, "outlet-b.test", pages)
    items = [(u, f"T{i}", DAY + timedelta(days=i), "s") for i, u in enumerate(urls)]
    body = {
        "atom": lambda: atom("B", items),
        "jsonfeed": lambda: json_feed("B", items),
        "sitemap": lambda: news_sitemap([(u, t, d) for u, t, d, _ in items]),
    }[kind]()
    server.routes[("outlet-b.test", "/src")] = Route(body, content_type="application/xml")
    add_source(store, "http://outlet-b.test/src")
    report = follower(store, server).once()
    assert report.errors == 0 and report.new == 3
    assert store.list_sources()[0].kind == kind
    dates = sorted(a.published for a in store.iter_articles() if a.published)
    assert [d.date() for d in dates] == [(DAY + timedelta(days=i)).date() for i in range(3)]


def test_a_plain_page_of_links_is_followed_one_level_on_its_own_site(
    store: Store, server: FeedServer
) -> None:
    pages = bench_pages(2, 20)
    urls = serve_pages(server, "outlet-c.test", pages)
    links = "".join(
        f"<li><a href='{u}'>Headline number {i} here</a></li>" for i, u in enumerate(urls)
    )
    index = (
        "<html><body><a href='/about'>About</a><a href='/'>Home</a>"
        "<a href='http://elsewhere.test/news/2019/x'>Other site</a>"
        f"<ul>{links}</ul></body></html>"
    ).encode()
    server.routes[("outlet-c.test", "/")] = Route(index)
    add_source(store, "http://outlet-c.test/")
    report = follower(store, server).once()
    assert report.new == 2 and store.list_sources()[0].kind == "html"
    assert not server.hits_of("elsewhere.test") and not server.hits_of("outlet-c.test", "/about")


def test_robots_txt_disallow_is_honoured_and_the_entry_text_is_kept(
    store: Store, server: FeedServer
) -> None:
    summary = "Officials said the summit would take place in Samarkand in September. " * 2
    server.routes[("outlet-a.test", "/feed.xml")] = Route(
        feed_of(server, "outlet-a.test", 2, summary=summary)
    )
    server.routes[("outlet-a.test", "/robots.txt")] = Route(
        b"User-agent: Storyline\nDisallow: /news/\n", content_type="text/plain"
    )
    add_source(store, "http://outlet-a.test/feed.xml")
    report = follower(store, server).once()
    assert report.new == 2 and report.pages == 0
    assert not [h for h in server.hits_of("outlet-a.test") if h.path.startswith("/news/")]
    for article in store.iter_articles():
        assert article.raw_text.startswith("Officials said the summit")
        assert any("robots.txt" in w for w in article.meta["warnings"])


def test_a_forbidden_page_leaves_the_entry_text_with_a_warning(
    store: Store, server: FeedServer
) -> None:
    summary = "The central bank is expected to raise rates next week, analysts said. " * 2
    server.routes[("outlet-a.test", "/feed.xml")] = Route(
        rss("A", [("http://outlet-a.test/paywalled", "Rates", DAY, summary)])
    )
    server.routes[("outlet-a.test", "/paywalled")] = Route(b"<html>subscribe</html>", 403)
    add_source(store, "http://outlet-a.test/feed.xml")
    follower(store, server).once()
    (article,) = store.iter_articles()
    assert article.raw_text.startswith("The central bank")
    assert "HTTP 403" in " ".join(article.meta["warnings"])
    raw = store.get_raw(article.raw_id)
    assert b"403 Forbidden" in gzip.decompress(raw.content)  # the answer is kept as evidence


def test_the_politeness_delay_holds_per_host(store: Store, server: FeedServer) -> None:
    config = replace(FAST, host_interval_s=0.4)
    server.routes[("outlet-a.test", "/feed.xml")] = Route(feed_of(server, "outlet-a.test", 3))
    server.routes[("outlet-b.test", "/feed.xml")] = Route(
        feed_of(server, "outlet-b.test", 3, start=5)
    )
    add_source(store, "http://outlet-a.test/feed.xml")
    add_source(store, "http://outlet-b.test/feed.xml")
    follower(store, server, config).once()
    for host in ("outlet-a.test", "outlet-b.test"):
        times = [h.at for h in server.hits_of(host)]
        assert len(times) == 5  # feed, robots.txt, 3 pages
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert min(gaps) >= 0.4 * 0.95, gaps
    both = sorted(h.at for h in server.hits)
    assert min(b - a for a, b in itertools.pairwise(both)) < 0.4  # hosts interleave


def test_a_failing_source_backs_off_while_the_others_go_on(
    store: Store, server: FeedServer
) -> None:
    server.routes[("outlet-a.test", "/feed.xml")] = Route(feed_of(server, "outlet-a.test", 2))
    server.routes[("broken.test", "/feed.xml")] = Route(b"oops", 500, "text/plain")
    add_source(store, "http://outlet-a.test/feed.xml")
    broken, _ = add_source(store, "http://broken.test/feed.xml", every="10m")
    poller = follower(store, server)
    report = poller.once()
    assert report.new == 2 and report.errors == 1
    assert len(server.hits_of("broken.test")) == FAST.retries + 1  # tried again, then given up
    first = store.get_source(broken.id or 0)
    assert first.errors_in_row == 1 and first.last_error and "HTTP 500" in first.last_error
    assert first.next_due and first.last_fetch
    assert first.next_due - first.last_fetch == timedelta(seconds=1200)
    poller.once([first])
    second = store.get_source(broken.id or 0)
    assert second.errors_in_row == 2
    assert second.next_due and second.last_fetch
    assert second.next_due - second.last_fetch == timedelta(seconds=2400)
    assert [s.url for s in poller.due(datetime.now(UTC))] == []  # none due: all polled


def test_retry_after_on_503_is_honoured(store: Store, server: FeedServer) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        if seconds == 7:  # the server's Retry-After: it is back
            server.routes[("outlet-a.test", "/feed.xml")] = Route(
                rss("A", [("http://outlet-a.test/x", "X", DAY, "Long enough text here. " * 5)])
            )

    server.routes[("outlet-a.test", "/feed.xml")] = Route(
        b"busy", 503, "text/plain", headers={"Retry-After": "7"}
    )
    add_source(store, "http://outlet-a.test/feed.xml")
    poller = follower(store, server)
    poller.fetcher.sleep = sleep
    report = poller.once()
    assert 7 in slept and report.errors == 0 and report.new == 1


def test_a_huge_page_is_cut_at_the_cap(store: Store, server: FeedServer) -> None:
    summary = "A long report about the flood in the valley, with the rescue under way. " * 2
    server.routes[("outlet-a.test", "/feed.xml")] = Route(
        rss("A", [("http://outlet-a.test/huge", "Huge", DAY, summary)])
    )
    server.routes[("outlet-a.test", "/huge")] = Route(stream_bytes=50 * 1024 * 1024)
    add_source(store, "http://outlet-a.test/feed.xml")
    follower(store, server).once()
    (article,) = store.iter_articles()
    assert "larger than 10,485,760 bytes" in " ".join(article.meta["warnings"])
    assert store.get_raw(article.raw_id).content.__len__() < 1024 * 1024


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1/admin", "http://169.254.169.254/latest", "http://intra.test/"]
)
def test_a_redirect_to_a_private_address_is_refused(
    target: str, store: Store, server: FeedServer
) -> None:
    server.routes[("outlet-a.test", "/feed.xml")] = Route(b"", 302, headers={"Location": target})
    add_source(store, "http://outlet-a.test/feed.xml")
    report = follower(store, server, private={"intra.test": "10.1.2.3"}).once()
    (source,) = store.list_sources()
    assert report.errors == 1 and source.last_error
    assert "address" in source.last_error and "refused" in source.last_error
    assert not server.hits_of("127.0.0.1") and not server.hits_of("intra.test")


def test_a_source_added_with_allow_private_may_reach_the_loopback_server(
    store: Store, server: FeedServer
) -> None:
    server.routes[("127.0.0.1", "/feed.xml")] = Route(feed_of(server, "127.0.0.1", 1))
    add_source(store, server.url("/feed.xml"))
    refused = follower(store, server).once()
    assert refused.errors == 1 and store.count_articles() == 0
    store.remove_source(store.list_sources()[0].id or 0)
    add_source(store, server.url("/feed.xml"), allow_private=True)
    allowed = follower(store, server).once()
    assert allowed.errors == 0


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<rss><channel><item><title>x</ti", "malformed"),
        (b"", "empty"),
        (b"\x00\x01\x02binary" * 100, "binary"),
        (b'{"not": "a feed"}', "not a JSON Feed"),
        (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url>", "malformed"),
    ],
)
def test_a_bad_answer_is_the_source_error_and_the_round_goes_on(
    body: bytes, reason: str, store: Store, server: FeedServer
) -> None:
    server.routes[("bad.test", "/feed")] = Route(body, content_type="application/octet-stream")
    server.routes[("outlet-a.test", "/feed.xml")] = Route(feed_of(server, "outlet-a.test", 1))
    add_source(store, "http://bad.test/feed")
    add_source(store, "http://outlet-a.test/feed.xml")
    report = follower(store, server).once()
    assert report.new == 1
    bad = store.list_sources()[0]
    assert bad.errors_in_row == 1 and bad.last_error and reason in bad.last_error


def test_a_permanent_redirect_moves_the_source(store: Store, server: FeedServer) -> None:
    server.routes[("outlet-a.test", "/old.xml")] = Route(b"", 301, headers={"Location": "/new.xml"})
    server.routes[("outlet-a.test", "/new.xml")] = Route(feed_of(server, "outlet-a.test", 1))
    add_source(store, "http://outlet-a.test/old.xml")
    follower(store, server).once()
    assert store.list_sources()[0].url == "http://outlet-a.test/new.xml"


def test_no_cookie_is_sent_back(store: Store, server: FeedServer) -> None:
    server.routes[("outlet-a.test", "/feed.xml")] = Route(
        feed_of(server, "outlet-a.test", 2), headers={"Set-Cookie": "session=abc; Path=/"}
    )
    add_source(store, "http://outlet-a.test/feed.xml")
    follower(store, server).once()
    assert all("Cookie" not in h.headers for h in server.hits)


def test_the_warc_export_replays_to_the_same_articles_and_stories(
    store: Store, server: FeedServer, tmp_path: Path
) -> None:
    summary = "Officials said the port would reopen next month after the strike. " * 2
    server.routes[("outlet-a.test", "/feed.xml")] = Route(feed_of(server, "outlet-a.test", 5))
    server.routes[("outlet-b.test", "/feed.xml")] = Route(
        rss("B", [("http://outlet-b.test/gone", "Gone", DAY, summary)])
    )
    add_source(store, "http://outlet-a.test/feed.xml", "Outlet A")
    add_source(store, "http://outlet-b.test/feed.xml", "Outlet B")
    follower(store, server).once()
    warc = tmp_path / "followed.warc.gz"
    assert export_warc(store, warc) == 6
    with open_store(tmp_path / "replay.db") as replay:
        Pipeline(replay).ingest([warc])
        assert _articles(replay) == _articles(store)
        assert _partition(replay) == _partition(store)
    later = datetime.now(UTC) + timedelta(days=1)
    assert export_warc(store, tmp_path / "none.warc.gz", since=later) == 0


def _articles(store: Store) -> list[tuple[object, ...]]:
    return sorted(
        (a.url, a.title, a.published, a.source, a.raw_text, a.meta.get("published_from"))
        for a in store.iter_articles()
    )


def _partition(store: Store) -> set[frozenset[str | None]]:
    groups: dict[str, set[str | None]] = {}
    for article in store.iter_articles():
        groups.setdefault(article.story_id or "", set()).add(article.url)
    return {frozenset(g) for g in groups.values()}


def test_the_story_page_says_which_feed_brought_each_article_and_when(
    store: Store, server: FeedServer
) -> None:
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    summary = "The central bank is expected to raise rates next week, analysts said. " * 2
    server.routes[("outlet-a.test", "/feed.xml")] = Route(
        rss("A", [("http://outlet-a.test/paywalled", "Rates <b>up</b>", None, summary)])
    )
    server.routes[("outlet-a.test", "/paywalled")] = Route(b"<html>subscribe</html>", 403)
    add_source(store, "http://outlet-a.test/feed.xml")
    report = follower(store, server).once()
    (story_id,) = report.ingest.story_ids
    (article,) = store.iter_articles()
    with TestClient(create_app(store)) as client:
        page = client.get(f"/stories/{story_id}").text
        shown = client.get(f"/api/articles/{article.id}").json()
    assert 'Followed from <span class="url">http://outlet-a.test/feed.xml</span>' in page
    assert f"fetched {article.meta['fetched'][:19].replace('T', ' ')} UTC" in page
    assert "no date given: dated when fetched" in page  # the entry had no date
    assert "the page was not used (HTTP 403 response)" in page and "Rates up" in page
    assert shown["followed"]["feed"] == "http://outlet-a.test/feed.xml"
    assert shown["followed"]["published_from"] == "fetch"


def test_a_page_redirect_is_followed_and_recorded_with_the_capture(
    store: Store, server: FeedServer
) -> None:
    (page,) = bench_pages(1, 40)
    server.routes[("outlet-a.test", "/moved")] = Route(
        b"", 301, headers={"Location": "http://outlet-a.test/news/final.html"}
    )
    server.routes[("outlet-a.test", "/news/final.html")] = Route(page[1])
    server.routes[("outlet-a.test", "/feed.xml")] = Route(
        rss("A", [("http://outlet-a.test/moved", "Moved", DAY, "s")])
    )
    add_source(store, "http://outlet-a.test/feed.xml")
    follower(store, server).once()
    (article,) = store.iter_articles()
    record = gzip.decompress(store.get_raw(article.raw_id).content)
    assert b'"redirects": ["301 http://outlet-a.test/news/final.html"]' in record
    assert b"WARC-Target-URI: http://outlet-a.test/news/final.html" in record
    # both the entry's link and where it led are known: neither is fetched again
    keys = ["url:http://outlet-a.test/moved", "url:http://outlet-a.test/news/final.html"]
    assert store.known_items(keys) == set(keys)


def test_a_permanent_redirect_onto_another_sources_url_keeps_the_old_one(
    store: Store, server: FeedServer
) -> None:
    server.routes[("outlet-a.test", "/old.xml")] = Route(b"", 308, headers={"Location": "/new.xml"})
    server.routes[("outlet-a.test", "/new.xml")] = Route(feed_of(server, "outlet-a.test", 1))
    add_source(store, "http://outlet-a.test/new.xml")
    add_source(store, "http://outlet-a.test/old.xml")
    report = follower(store, server).once()
    assert report.errors == 0
    assert [s.url for s in store.list_sources()] == [
        "http://outlet-a.test/new.xml",
        "http://outlet-a.test/old.xml",
    ]
    assert all(s.last_fetch is not None for s in store.list_sources())


def test_sources_are_fetched_while_a_batch_is_stored(
    store: Store, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one fetch slot, the second source's feed is fetched while the first source's
    entries are being stored (fetching does not wait for the clustering), and memory stays
    bounded: never more than two sources' answers held (one fetching, one queued)."""
    config = replace(FAST, concurrency=1)
    for n, host in enumerate(("outlet-a.test", "outlet-b.test", "outlet-c.test")):
        server.routes[(host, "/feed.xml")] = Route(feed_of(server, host, 1, start=n))
        add_source(store, f"http://{host}/feed.xml")
    poller = follower(store, server, config)
    store_batch = poller._store_batch
    fetched_while_storing: list[bool] = []
    held: list[int] = []

    def slow_store(batch: list) -> object:  # type: ignore[type-arg]
        before = len(server.hits)
        held.append(len(poller._waiting) + len(batch))
        seen = threading.Event()
        for _ in range(200):  # up to 10 s for another request to reach the server
            if len(server.hits) > before:
                seen.set()
                break
            time.sleep(0.05)
        fetched_while_storing.append(seen.is_set())
        return store_batch(batch)

    monkeypatch.setattr(poller, "_store_batch", slow_store)
    report = poller.once()
    assert report.new == 3
    assert fetched_while_storing[0]  # the next source's requests came during the first store
    assert max(held) <= 2


def test_the_page_extracting_process_is_replaced_and_nothing_is_lost(
    store: Store, server: FeedServer, tmp_path: Path
) -> None:
    """A worker extracting at most two pages is replaced twice in a round of five pages;
    every page is stored, extracted as with one worker for all."""
    config = replace(FAST, parse_workers=1, parse_worker_pages=2)
    server.routes[("outlet-a.test", "/feed.xml")] = Route(feed_of(server, "outlet-a.test", 5))
    add_source(store, "http://outlet-a.test/feed.xml")
    report = follower(store, server, config).once()
    assert report.new == 5 and report.errors == 0
    recycled = {a.title: a.text for a in store.iter_articles()}

    with open_store(tmp_path / "one-worker.db") as other:
        add_source(other, "http://outlet-a.test/feed.xml")
        follower(other, server, replace(FAST, parse_workers=1)).once()
        assert {a.title: a.text for a in other.iter_articles()} == recycled
