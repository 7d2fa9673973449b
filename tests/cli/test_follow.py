"""``storyline sources``, ``follow`` and ``export warc`` as a user runs them (issue 21).

The acceptance case: outlet A's feed lists the August seed report; ``follow --once`` stores it
and its story holds a pending expectation; outlet B's feed then lists the September report;
the next round adds it to the same story, with two independent origins, and the expectation
is confirmed. The real command runs in a subprocess against a loopback server (the sources are
added with ``--allow-private``: the operator's explicit choice to reach this machine), and a
real ``storyline follow`` is killed with SIGKILL mid-round and restarted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import pytest
from _cli_samples import invoke
from _feed_server import FeedServer, Route, bench_pages, rss, seed_page, wait_for

from storyline import open_store

STORYLINE = Path(sys.executable).parent / "storyline"
AUGUST = datetime(2022, 8, 19, 9, 0, tzinfo=UTC)
SEPTEMBER = datetime(2022, 9, 15, 9, 0, tzinfo=UTC)


def run(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(STORYLINE), "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def _outlet(server: FeedServer, outlet: str, seed: str, path: str, when: datetime) -> None:
    title, page = seed_page(seed)
    server.routes[("127.0.0.1", path)] = Route(page)
    server.routes[("127.0.0.1", f"/{outlet}/feed.xml")] = Route(
        rss(f"Outlet {outlet.upper()}", [(server.url(path), title, when, "")]),
        content_type="application/rss+xml",
    )


def test_the_seeds_followed_live_make_one_story_whose_expectation_is_confirmed(
    server: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "live.db"
    server.routes[("127.0.0.1", "/b/feed.xml")] = Route(
        rss("Outlet B", []), content_type="application/rss+xml"
    )
    _outlet(server, "a", "000", "/a/2022/08/xi-may-travel-to-samarkand.html", AUGUST)
    run(db, "sources", "add", server.url("/a/feed.xml"), "--name", "Outlet A", "--allow-private")
    run(db, "sources", "add", server.url("/b/feed.xml"), "--name", "Outlet B", "--allow-private")

    first = json.loads(run(db, "follow", "--once", "--json").stdout)
    assert first["new_entries"] == 1 and first["errors"] == 0
    (story_id,) = first["stories"]
    before = json.loads(run(db, "show", story_id, "--json").stdout)
    assert _summit(before)["status"] == "pending"

    _outlet(server, "b", "004", "/b/2022/09/putin-and-xi-meet.html", SEPTEMBER)
    with open_store(db) as store:  # both sources due again now (not in ten minutes)
        for source in store.list_sources():
            source.next_due = None
            store.update_source(source)
    second = json.loads(run(db, "follow", "--once", "--json").stdout)
    assert second["new_entries"] == 1 and second["stories"] == [story_id]
    after = json.loads(run(db, "show", story_id, "--json").stdout)
    assert after["n_articles"] == 2 and after["independent_origins"] == 2
    assert _summit(after)["status"] == "confirmed"
    assert sorted(after["sources"]) == ["Outlet A", "Outlet B"]
    assert after["title"] == "Putin and Xi may meet sooner than expected"

    listed = json.loads(run(db, "sources", "list", "--json").stdout)
    assert [(s["name"], s["kind"], s["new_last_day"], s["errors_in_row"]) for s in listed] == [
        ("Outlet A", "rss", 1, 0),
        ("Outlet B", "rss", 1, 0),
    ]


def _summit(story: dict[str, Any]) -> dict[str, Any]:
    """The ledger entry of the meeting expected at the SCO summit on September 15-16."""
    (entry,) = [x for x in story["expectations"] if (x["when"] or {}).get("start") == "2022-09-15"]
    assert entry["what"] == "meet" and "Xi Jinping" in entry["who"]
    return entry


def test_sources_add_import_export_list_remove(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, _, err = invoke(db, "sources", "add", "https://news.example/feed.xml", "--every", "1h")
    assert code == 0 and "Following source 1" in err
    code, _, err = invoke(db, "sources", "add", "https://news.example/feed.xml")
    assert code == 0 and "Already following it as source 1" in err
    for bad in ("ftp://x/feed", "not a url", "file:///etc/passwd"):
        code, _, err = invoke(db, "sources", "add", bad)
        assert code == 1 and "http://" in err
    code, _, err = invoke(db, "sources", "add", "https://x.example/", "--every", "5s")
    assert code == 1 and "too short" in err

    opml = tmp_path / "feeds.opml"
    opml.write_text(
        "<?xml version='1.0'?><opml version='2.0'><head/><body>"
        "<outline text='Folder'><outline text='Outlet B' xmlUrl='https://b.example/rss'/>"
        "<outline text='Again' xmlUrl='https://news.example/feed.xml'/></outline>"
        "</body></opml>",
        encoding="utf-8",
    )
    code, _, err = invoke(db, "sources", "import", str(opml))
    assert code == 0 and "1 source(s) added, 1 already followed" in err
    code, out, _ = invoke(db, "sources", "list", "--json")
    rows = json.loads(out)
    assert [(r["url"], r["name"], r["every_s"]) for r in rows] == [
        ("https://news.example/feed.xml", None, 3600.0),
        ("https://b.example/rss", "Outlet B", 600.0),
    ]
    code, out, _ = invoke(db, "sources", "export")
    exported = tmp_path / "out.opml"
    exported.write_text(out, encoding="utf-8")
    code, _, err = invoke(tmp_path / "other.db", "sources", "import", str(exported))
    assert code == 0 and "2 source(s) added" in err
    assert invoke(db, "sources", "remove", "1")[0] == 0
    assert invoke(db, "sources", "remove", "1")[0] == 1
    assert [r["id"] for r in json.loads(invoke(db, "sources", "list", "--json")[1])] == [2]

    (tmp_path / "bad.opml").write_text("<html>not opml</html>", encoding="utf-8")
    code, _, err = invoke(db, "sources", "import", str(tmp_path / "bad.opml"))
    assert code == 1 and "bad.opml" in err and "not OPML" in err
    for name, content in (("empty.opml", b""), ("binary.opml", b"\x00\xff\x89PNG" * 50)):
        (tmp_path / name).write_bytes(content)
        code, _, err = invoke(db, "sources", "import", str(tmp_path / name))
        assert code == 1 and name in err and "not valid OPML" in err
    with (tmp_path / "huge.opml").open("wb") as huge:  # sparse: nothing big is written
        huge.truncate(11 * 1024 * 1024)
    code, _, err = invoke(db, "sources", "import", str(tmp_path / "huge.opml"))
    assert code == 1 and "huge.opml" in err and "larger than 10,485,760 bytes" in err
    code, _, err = invoke(db, "sources", "import", str(tmp_path / "missing.opml"))
    assert code == 1 and "missing.opml" in err
    assert len(json.loads(invoke(db, "sources", "list", "--json")[1])) == 1  # nothing lost


def _slow_outlet(server: FeedServer, n: int, feeds: int = 1) -> list[str]:
    """``feeds`` feeds (``/slow/N/feed.xml``) sharing ``n`` real pages, each page answered
    after 0.5 s; the paths of the pages."""
    paths = []
    items: list[list[tuple[str, str, datetime | None, str]]] = [[] for _ in range(feeds)]
    for i, (page_id, body, _) in enumerate(bench_pages(n, 30)):
        path = f"/slow/{page_id[:10]}.html"
        server.routes[("127.0.0.1", path)] = Route(body, delay_s=0.5)
        items[i % feeds].append((server.url(path), f"Slow story {i}", AUGUST, ""))
        paths.append(path)
    for number, listed in enumerate(items):
        server.routes[("127.0.0.1", f"/slow/{number}/feed.xml")] = Route(rss("Slow", listed))
    return paths


def test_a_follower_killed_mid_round_loses_and_duplicates_nothing(
    server: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "killed.db"
    paths = _slow_outlet(server, 12, feeds=4)  # a source's entries are stored together
    for number in range(4):
        run(db, "sources", "add", server.url(f"/slow/{number}/feed.xml"), "--allow-private")
    follower = subprocess.Popen(
        [str(STORYLINE), "--db", str(db), "follow", "--no-analyse"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    try:
        assert wait_for(lambda: _stored(db) >= 1, 300)
        children = psutil.Process(follower.pid).children(recursive=True)  # its page parsers
        follower.send_signal(signal.SIGKILL)
    finally:
        follower.wait(60)
    assert children, "the follower parses pages in processes of its own"
    assert wait_for(lambda: not [c for c in children if _alive(c)], 30), "orphans left"
    stored_before = _stored(db)
    assert 1 <= stored_before < 12
    before = {p for p in paths if server.hits_of("127.0.0.1", p)}

    rounds = 0
    while _stored(db) < 12 and rounds < 5:
        with open_store(db) as store:  # due now, not at their next interval
            for source in store.list_sources():
                source.next_due = None
                store.update_source(source)
        run(db, "follow", "--once", "--no-analyse")
        rounds += 1

    with open_store(db) as store:
        titles = [a.title for a in store.iter_articles()]
        assert not store.unassigned_articles()
    assert sorted(titles) == sorted(f"Slow story {i}" for i in range(12))  # each exactly once
    for path in before:  # fetched before the kill: fetched again only if it was not stored
        assert len(server.hits_of("127.0.0.1", path)) <= 2
    fetched_once = [p for p in before if len(server.hits_of("127.0.0.1", p)) == 1]
    assert len(fetched_once) >= stored_before


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with open_store(db) as store:
            return store.count_articles()
    except Exception:  # the follower is creating it
        return 0


def test_export_warc_replays_into_an_empty_store(server: FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _outlet(server, "a", "000", "/a/2022/08/xi.html", AUGUST)
    run(db, "sources", "add", server.url("/a/feed.xml"), "--allow-private")
    run(db, "follow", "--once", "--no-analyse")
    warc = tmp_path / "out.warc.gz"
    assert "Wrote 1 capture(s)" in run(db, "export", "warc", str(warc)).stderr
    replay = tmp_path / "replay.db"
    run(replay, "ingest", str(warc), "--no-analyse")
    with open_store(db) as live, open_store(replay) as again:
        (a,) = live.iter_articles()
        (b,) = again.iter_articles()
        assert (a.url, a.title, a.published, a.raw_text) == (
            b.url,
            b.title,
            b.published,
            b.raw_text,
        )
    bad = run(db, "export", "warc", str(warc), "--since", "yesterday", check=False)
    assert bad.returncode == 1 and "not a date" in bad.stderr


def test_sigterm_finishes_the_article_in_hand_and_exits_0(
    server: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "term.db"
    _slow_outlet(server, 8)
    run(db, "sources", "add", server.url("/slow/0/feed.xml"), "--allow-private")
    follower = subprocess.Popen(
        [str(STORYLINE), "--db", str(db), "follow", "--no-analyse"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert wait_for(lambda: len(server.hits) >= 4, 300)  # feed, robots.txt, pages under way
    follower.send_signal(signal.SIGTERM)
    _, err = follower.communicate(timeout=120)
    assert follower.returncode == 0, err
    assert "stopping after the article in hand" in err
    with open_store(db) as store:
        assert not store.unassigned_articles()
        stored = store.count_articles()
        (source,) = store.list_sources()
    fetched = [h.path for h in server.hits if h.path.endswith(".html")]
    assert stored == len(fetched) < 8  # what was fetched is stored; it stopped early
    assert source.last_fetch is not None


def test_serve_follow_polls_beside_the_server(server: FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    _outlet(server, "a", "000", "/a/2022/08/xi.html", AUGUST)
    run(db, "sources", "add", server.url("/a/feed.xml"), "--allow-private")
    serving = subprocess.Popen(
        [str(STORYLINE), "--db", str(db), "serve", "--port", "0", "--follow"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    try:
        assert wait_for(lambda: _stored(db) == 1, 300)
    finally:
        serving.send_signal(signal.SIGINT)
        _, err = serving.communicate(timeout=120)
    assert "Following 1 source(s) beside the server" in err
    assert serving.returncode == 0, err
