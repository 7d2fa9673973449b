"""The pages in a real browser: Debian's headless Chromium driven by Playwright, against a real
uvicorn server on 127.0.0.1. Screenshots go to artifacts/screenshots/.

These tests FAIL (never skip) when Chromium or Playwright is missing: CI installs Debian's
``chromium`` package (``apt-get install -y chromium``).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from storyline import Pipeline, open_store
from storyline.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
EXAMPLE_NEWS = REPO / "examples" / "news"
PHONE = {"width": 390, "height": 844}

try:
    from ._web_samples import (
        HOSTILE_SCRIPT,
        HOSTILE_TITLE,
        SEED_TITLES,
        TOKEN,
        SeedDB,
        hostile_jsonl,
        ingest_seeds,
    )
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import (
        HOSTILE_SCRIPT,
        HOSTILE_TITLE,
        SEED_TITLES,
        TOKEN,
        SeedDB,
        hostile_jsonl,
        ingest_seeds,
    )


@dataclass
class LiveServer:
    url: str
    seed: SeedDB
    server: uvicorn.Server
    thread: threading.Thread
    hostile_story: str = ""
    seed_story: str = ""


@dataclass
class PageWatch:
    """What a page did that it should not: dialogs, console errors (CSP violations), failures."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[LiveServer]:
    """uvicorn in a thread on a free loopback port, over a store with the seeds and the bundled
    example; the hostile article is then ingested over HTTP (``POST /api/ingest``)."""
    seed = ingest_seeds(tmp_path_factory.mktemp("browser") / "browser.db", seeds_dir)
    with open_store(seed.path) as store:
        assert Pipeline(store).ingest([EXAMPLE_NEWS]).ingested == 22
    with _serving(create_app(seed.path, write_token=TOKEN)) as (url, server, thread):
        live = LiveServer(url, seed, server, thread)
        _prepare(live)
        yield live


@contextmanager
def _serving(app: Any) -> Iterator[tuple[str, uvicorn.Server, threading.Thread]]:
    """``app`` served by uvicorn in a thread on a free loopback port: its URL, server, thread."""
    sock = _free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", server, thread
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _prepare(live: LiveServer) -> None:
    with httpx.Client(base_url=live.url, timeout=120) as client:
        report = client.post(
            "/api/ingest",
            content=hostile_jsonl(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"},
        ).json()
        assert report["ingested"] == 1, report
        live.hostile_story = report["story_ids"][0]
        stories = client.get("/api/stories").json()["stories"]
    live.seed_story = next(
        s["id"] for s in stories if live.seed.seed_article_ids[0] in s["article_ids"]
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's chromium "
            "(apt-get update && apt-get install -y chromium)",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"the browser tests need playwright (pip install playwright): {exc}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, PageWatch]]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    watch = PageWatch()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    yield page, watch
    context.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    return path


def test_chromium_is_debians() -> None:
    assert CHROMIUM.exists() or shutil.which("chromium"), "apt-get install -y chromium"


def test_story_list(live: LiveServer, page: tuple[Any, PageWatch]) -> None:
    tab, watch = page
    response = tab.goto(live.url + "/")
    assert response.status == 200
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    cards = tab.locator("li.story-card")
    assert cards.count() >= 2
    assert tab.get_by_role("link", name=SEED_TITLES[0]).is_visible()
    badges = {b.lower() for b in tab.locator("li.story-card .badge.lang").all_inner_texts()}
    assert {"en", "fr", "de", "es"} <= badges
    assert tab.locator("link[rel=stylesheet]").count() == 1
    color = tab.eval_on_selector("header.site .brand", "e => getComputedStyle(e).fontWeight")
    assert color == "700"  # the stylesheet loaded (CSP allows 'self')
    screenshot(tab, "list.png")
    assert watch.dialogs == [] and watch.errors == []


def test_seed_story_page(live: LiveServer, page: tuple[Any, PageWatch]) -> None:
    tab, watch = page
    tab.goto(live.url + "/")
    tab.get_by_role("link", name=SEED_TITLES[0]).click()
    tab.wait_for_url(f"**/stories/{live.seed_story}")
    view = httpx.get(f"{live.url}/api/stories/{live.seed_story}", timeout=30).json()
    headings = tab.locator("#articles article h3").all_inner_texts()
    assert headings == [a["title"] for a in view["articles"]]
    svg = tab.locator("svg.timeline")
    assert svg.is_visible()
    dated = [a for a in view["articles"] if a["published"]]
    assert svg.locator("g.mark.report circle").count() == len(dated) >= 1
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 40
    ticks = svg.locator("text.tick").all_text_contents()
    assert ticks and all(t.startswith("2022-") for t in ticks)
    assert tab.get_by_role("heading", name="Why these articles are together").is_visible()
    details = tab.locator("details.removed").first
    if details.count():
        assert not details.locator("li").first.is_visible()
        details.locator("summary").click()
        assert details.locator("li").first.is_visible()
    screenshot(tab, "story.png")
    assert watch.dialogs == [] and watch.errors == []


def test_example_stories_draw_every_article(live: LiveServer, page: tuple[Any, PageWatch]) -> None:
    """The bundled example's multi-article stories: one timeline row per dated article, the
    undated ones listed apart, duplicate groups shown; one screenshot each."""
    tab, watch = page
    stories = httpx.get(f"{live.url}/api/stories", params={"sort": "size"}, timeout=30).json()
    large = [s for s in stories["stories"] if s["n_articles"] >= 3]
    assert len(large) >= 2, [s["title"] for s in stories["stories"]]
    for number, story in enumerate(large, 1):
        view = httpx.get(f"{live.url}/api/stories/{story['id']}", timeout=30).json()
        tab.goto(f"{live.url}/stories/{story['id']}")
        dated = [a for a in view["articles"] if a["published"]]
        assert tab.locator("svg.timeline g.mark.report").count() == len(dated)
        assert tab.locator("ul.undated li").count() == len(view["articles"]) - len(dated)
        groups = tab.locator("#duplicates ul.duplicates > li")
        assert groups.count() == len(view["duplicate_groups"])
        assert tab.locator("#articles article").count() == view["n_articles"]
        assert tab.locator("ol.why > li").count() == view["n_articles"]
        screenshot(tab, f"story-example-{number}.png")
    assert watch.dialogs == [] and watch.errors == []


def test_seed_story_holds_both_reports(live: LiveServer, page: tuple[Any, PageWatch]) -> None:
    """The acceptance case: the anticipation and its confirmation are one story."""
    tab, watch = page
    tab.goto(f"{live.url}/stories/{live.seed_story}")
    headings = tab.locator("#articles article h3").all_inner_texts()
    for title in SEED_TITLES:
        assert title in headings, f"{title!r} is not in the seed story: {headings}"
    marks = tab.locator("svg.timeline g.mark.report")
    assert marks.count() == 2
    xs = [float(c.get_attribute("cx")) for c in marks.locator("circle").all()]
    assert xs[0] < xs[1]  # 2022-08-19 left of 2022-09-15
    assert watch.dialogs == [] and watch.errors == []


def test_seed_story_ledger(live: LiveServer, page: tuple[Any, PageWatch]) -> None:
    tab, _ = page
    view = httpx.get(f"{live.url}/api/stories/{live.seed_story}", timeout=30).json()
    assert "expectations" in view, view.get("notices")
    tab.goto(f"{live.url}/stories/{live.seed_story}")
    entry = tab.locator("#ledger li.expectation").first
    assert entry.is_visible()
    assert entry.locator(".badge.status").inner_text().strip().lower() == "confirmed"
    assert entry.locator("blockquote.cite").count() >= 2  # first report and evidence cited


def test_search_finds_an_article(live: LiveServer, page: tuple[Any, PageWatch]) -> None:
    tab, watch = page
    tab.goto(live.url + "/")
    tab.get_by_label("Search articles").fill("Samarkand")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url("**/search?q=Samarkand")
    hits = tab.locator("li.hit")
    assert hits.count() >= 1
    assert tab.locator("li.hit mark").first.inner_text() == "Samarkand"
    hits.first.locator("h2 a").click()
    tab.wait_for_url(f"**/stories/{live.seed_story}#article-*")
    assert tab.locator("#articles article h3").count() >= 1
    assert watch.dialogs == [] and watch.errors == []


def test_hostile_story_renders_as_text_and_runs_no_script(
    live: LiveServer, page: tuple[Any, PageWatch]
) -> None:
    tab, watch = page
    tab.goto(live.url + "/")
    link = tab.get_by_role("link", name=HOSTILE_TITLE, exact=True)
    assert link.is_visible()  # the literal text, not an image
    link.click()
    tab.wait_for_url(f"**/stories/{live.hostile_story}")
    assert tab.locator("h1").inner_text() == HOSTILE_TITLE
    assert tab.get_by_text(HOSTILE_SCRIPT).filter(visible=True).count() >= 1
    assert tab.locator("img").count() == 0
    assert tab.locator("script").count() == 0
    assert tab.locator('a[href^="javascript:" i]').count() == 0
    assert tab.locator("b").count() == 0  # the hostile source's <b> is text too
    tab.wait_for_timeout(300)  # give any injected handler a chance to fire
    screenshot(tab, "hostile.png")
    assert watch.dialogs == [], watch.dialogs
    assert watch.errors == []


def test_phone_width(live: LiveServer, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    try:
        shots = (("/", "phone-list.png"), (f"/stories/{live.seed_story}", "phone-story.png"))
        for url, name in shots:
            tab.goto(live.url + url)
            overflow = tab.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 1, f"{url} is wider than a phone screen by {overflow}px"
            font = tab.eval_on_selector("body", "e => parseFloat(getComputedStyle(e).fontSize)")
            assert font >= 14
            screenshot(tab, name)
        wrap = tab.locator(".timeline-wrap")
        scroll = wrap.evaluate("e => e.scrollWidth > e.clientWidth")
        assert scroll, "on a phone the timeline keeps its size and scrolls in its box"
    finally:
        context.close()


# What a label's drawn box is in the timeline, in viewBox units, for every text of the SVG.
_TEXT_BOXES = """svg => [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return {cls: t.getAttribute('class'), text: t.textContent, left: b.x, right: b.x + b.width};
})"""


def test_outlier_story_timeline_is_readable(outlier_db: Path, browser: Any) -> None:
    """The plague story (reports of 18-19 November 2019 recalling 2003): the axis is broken,
    November's marks spread, and every text Chromium draws lies inside the viewBox, no wider
    than the server's estimate (timeline.text_width) that cut it."""
    from storyline.web.timeline import text_width

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        with _serving(create_app(outlier_db)) as (url, _, _):
            story = httpx.get(f"{url}/api/stories", timeout=30).json()["stories"][0]["id"]
            tab.goto(f"{url}/stories/{story}")
            svg = tab.locator("svg.timeline")
            width = float(svg.get_attribute("viewBox").split()[2])
            boxes = svg.evaluate(_TEXT_BOXES)
            labels = [b for b in boxes if (b["cls"] or "").startswith("label")]
            assert len(labels) == svg.locator("g.mark").count() >= 12
            for box in boxes:
                assert box["left"] >= 0 and box["right"] <= width, box
            for box in labels:
                assert box["right"] - box["left"] <= text_width(box["text"]) + 0.5, box
            assert svg.locator("g.break").count() >= 1
            sources = svg.locator("g.report tspan.source").all_text_contents()
            assert len(sources) == 4 and all(sources)
            assert tab.locator("#summary ol.story-summary li").count() >= 1
            screenshot(tab, "story-outlier.png")
    finally:
        context.close()
    assert errors == []
