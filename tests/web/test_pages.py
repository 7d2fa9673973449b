"""The HTML pages in-process: content escaped, no inline script or style, links safe, errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

try:
    from ._web_samples import (
        HOSTILE_RECORD,
        HOSTILE_SCRIPT,
        HOSTILE_TITLE,
        OUTLIER_SOURCES,
        SEED_TITLES,
        SeedDB,
        TestClient,
    )
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import (
        HOSTILE_RECORD,
        HOSTILE_SCRIPT,
        HOSTILE_TITLE,
        OUTLIER_SOURCES,
        SEED_TITLES,
        SeedDB,
        TestClient,
    )

SVG = "{http://www.w3.org/2000/svg}"


def story_of(client: TestClient, article_id: str) -> str:
    stories = client.get("/api/stories", params={"limit": 500}).json()["stories"]
    return next(s["id"] for s in stories if article_id in s["article_ids"])


def hostile_story(client: TestClient) -> str:
    stories = client.get("/api/stories").json()["stories"]
    return next(s["id"] for s in stories if s["title"] == HOSTILE_TITLE)


def assert_locked_down(html: str) -> None:
    """No inline script or style, no event handler attribute, no javascript: link."""
    assert "<script" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
    assert "<style" not in html.lower()
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html, re.IGNORECASE)
    assert 'href="javascript:' not in html.lower()


@pytest.fixture(scope="module")
def pages(read_client: TestClient, hostile_db: SeedDB) -> dict[str, str]:
    """Every page once: list, both stories, search; each checked for status and CSP."""
    urls = {
        "list": "/",
        "seed": f"/stories/{story_of(read_client, hostile_db.seed_article_ids[0])}",
        "hostile": f"/stories/{hostile_story(read_client)}",
        "search": "/search?q=Samarkand",
        "search-hostile": "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "search-empty": "/search",
    }
    out: dict[str, str] = {}
    for name, url in urls.items():
        response = read_client.get(url)
        assert response.status_code == 200, (url, response.text)
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        out[name] = response.text
    return out


@pytest.mark.parametrize(
    "name", ["list", "seed", "hostile", "search", "search-hostile", "search-empty"]
)
def test_pages_have_no_inline_script_style_or_handlers(pages: dict[str, str], name: str) -> None:
    assert_locked_down(pages[name])
    assert '<link rel="stylesheet" href="/static/style.css">' in pages[name]


def test_list_shows_stories_with_their_facts(pages: dict[str, str]) -> None:
    html = pages["list"]
    assert SEED_TITLES[0] in html
    assert str(escape(HOSTILE_TITLE)) in html  # as text, escaped
    assert HOSTILE_TITLE not in html
    assert "independent origin" in html and "last report 2023-02-01" in html
    assert '<span class="badge lang">en</span>' in html
    assert str(escape(HOSTILE_RECORD["source"])) in html
    assert 'action="/search"' in html


def test_story_page_draws_the_timeline_and_explains(
    pages: dict[str, str], read_client: TestClient, hostile_db: SeedDB
) -> None:
    html = pages["seed"]
    story_id = story_of(read_client, hostile_db.seed_article_ids[0])
    view = read_client.get(f"/api/stories/{story_id}").json()
    svg = re.search(r"<svg class=\"timeline\".*?</svg>", html, re.DOTALL)
    assert svg is not None
    dated = [a for a in view["articles"] if a["published"]]
    assert svg.group(0).count("<circle") == len(dated) >= 1
    assert "2022-08-19" in svg.group(0)
    for article in view["articles"]:
        assert f'id="article-{article["id"]}"' in html
        assert str(escape(article["title"])) in html
    assert "Why these articles are together" in html and "opened the story" in html
    removed = sum(len(a["removed_lines"]) for a in view["articles"])
    assert html.count('<details class="removed">') == sum(
        1 for a in view["articles"] if a["removed_lines"]
    )
    if removed:
        line = next(r["line"] for a in view["articles"] for r in a["removed_lines"])
        assert str(escape(line)) in html


def test_hostile_story_is_text_only(pages: dict[str, str]) -> None:
    html = pages["hostile"]
    assert str(escape(HOSTILE_TITLE)) in html
    assert str(escape(HOSTILE_SCRIPT)) in html  # the text's <script> shown as text
    assert "<img" not in html
    assert "javascript:alert(3)" in html  # the URL shown as text...
    assert 'href="javascript' not in html  # ...never as a link
    assert "<b " not in html


def test_safe_urls_are_links_with_rel(
    read_client: TestClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from storyline import Pipeline, open_store
    from storyline.web import create_app

    folder = tmp_path_factory.mktemp("links")
    jsonl = folder / "links.jsonl"
    text = "The river ferry at Castralba runs again after the spring floods, the council said. " * 2
    jsonl.write_text(
        '{"id": "l1", "url": "https://news.example/ferry?a=1&b=2", "title": "Ferry runs again", '
        f'"text": "{text}", "published": "2024-05-01"}}\n'
    )
    with open_store(folder / "links.db") as store:
        Pipeline(store).ingest([jsonl])
    with TestClient(create_app(folder / "links.db")) as client:
        story = client.get("/api/stories").json()["stories"][0]["id"]
        html = client.get(f"/stories/{story}").text
    assert (
        '<a href="https://news.example/ferry?a=1&amp;b=2" rel="noopener noreferrer nofollow">'
        in html
    )


def test_search_page_marks_matches_and_links_to_stories(
    pages: dict[str, str], read_client: TestClient, hostile_db: SeedDB
) -> None:
    html = pages["search"]
    assert "<mark>Samarkand</mark>" in html
    assert 'class="note ranking"' not in html  # a small store is ranked exactly: nothing to say
    story_id = story_of(read_client, hostile_db.seed_article_ids[0])
    assert f'href="/stories/{story_id}#article-{hostile_db.seed_article_ids[0]}"' in html
    hostile = pages["search-hostile"]
    assert str(escape("<script>alert(1)</script>")) in hostile  # the query, echoed as text
    # Its words (script, alert, 1) are in the hostile article: found, snippet escaped.
    assert "<mark>script</mark>" in hostile and "<mark>alert</mark>" in hostile
    assert "No article matches" in read_client.get("/search", params={"q": "zzyzx"}).text
    assert "Type words to find" in pages["search-empty"]


def test_list_paging_and_sort_links(read_client: TestClient) -> None:
    html = read_client.get("/", params={"limit": 1}).text
    assert 'rel="next" href="/?sort=updated&amp;limit=1&amp;offset=1"' in html
    assert 'rel="prev"' not in html
    second = read_client.get("/", params={"limit": 1, "offset": 1, "language": "en"}).text
    assert 'rel="prev" href="/?sort=updated&amp;limit=1&amp;offset=0&amp;language=en"' in second
    assert 'href="/?sort=size&amp;limit=1&amp;offset=0&amp;language=en"' in second


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/stories/s0000000000000000", 404, "no story"),
        ("/stories/%3Cimg%20src%3Dx%3E", 404, "no story"),
        ("/?limit=0", 422, "limit"),
        ("/?since=2022-10-01&until=2022-01-01", 422, "after"),
        ("/search?q=" + "x" * 501, 422, "q"),
        ("/no/such/page", 404, "not found"),
    ],
)
def test_page_errors_are_html(read_client: TestClient, url: str, status: int, words: str) -> None:
    response = read_client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    assert words in response.text.lower()
    assert_locked_down(response.text)
    assert "<img" not in response.text


def test_static_css_is_served_with_headers(read_client: TestClient) -> None:
    response = read_client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers["content-security-policy"] == CSP
    assert "@media (max-width" in response.text  # readable at phone width
    assert read_client.get("/static/../app.py").status_code == 404


# -- the story page: summary, ledger, timeline (issue 18, item 8) -----------------------------


def section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">.*?</section>', html, re.DOTALL)
    assert found is not None, f"no section {name}"
    return found.group(0)


def test_story_page_shows_the_summary_with_its_citations(
    pages: dict[str, str], read_client: TestClient, hostile_db: SeedDB
) -> None:
    story_id = story_of(read_client, hostile_db.seed_article_ids[0])
    summary = read_client.get(f"/api/stories/{story_id}").json()["summary"]
    assert summary, "the seeds story has a summary in the API"
    shown = section(pages["seed"], "summary")
    items = re.findall(r"<li>.*?</li>", shown, re.DOTALL)
    assert len(items) == len(summary)
    for item, said in zip(items, summary, strict=True):
        assert str(escape(said["text"])) in item
        assert f'href="#article-{said["article_id"]}"' in item  # cited: a link to its article
        assert f"sentence&nbsp;{said['sentence_index'] + 1}" in item


def test_hostile_summary_is_escaped(pages: dict[str, str], read_client: TestClient) -> None:
    summary = read_client.get(f"/api/stories/{hostile_story(read_client)}").json()["summary"]
    assert any(HOSTILE_SCRIPT in s["text"] for s in summary)
    shown = section(pages["hostile"], "summary")
    assert str(escape(HOSTILE_SCRIPT)) in shown and "<script" not in shown
    assert str(escape(HOSTILE_RECORD["source"])) in shown  # the citation names the source, as text
    assert "<b " not in shown


def test_each_expectation_quotes_its_sentence_once(
    pages: dict[str, str], read_client: TestClient, hostile_db: SeedDB
) -> None:
    story_id = story_of(read_client, hostile_db.seed_article_ids[0])
    expectations = read_client.get(f"/api/stories/{story_id}").json()["expectations"]
    entries = re.findall(
        r'<li class="expectation">.*?</li>', section(pages["seed"], "ledger"), re.DOTALL
    )
    assert len(entries) == len(expectations) >= 1
    for entry, expectation in zip(entries, expectations, strict=True):
        sentence = str(escape(expectation["first_reported"]["sentence"]))
        assert entry.count(sentence) == 1, sentence
        assert expectation["what"] in entry


@pytest.fixture(scope="module")
def outlier_page(outlier_db: Path) -> Iterator[tuple[str, dict[str, object]]]:
    from storyline.web import create_app

    with TestClient(create_app(outlier_db), raise_server_exceptions=True) as client:
        story = client.get("/api/stories").json()["stories"][0]["id"]
        view = client.get(f"/api/stories/{story}").json()
        response = client.get(f"/stories/{story}")
        assert response.status_code == 200
        assert response.headers["content-security-policy"] == CSP
        yield response.text, view


def timeline_svg(html: str) -> ET.Element:
    found = re.search(r'<svg class="timeline".*?</svg>', html, re.DOTALL)
    assert found is not None
    return ET.fromstring(found.group(0))


def marks(svg: ET.Element) -> list[tuple[date, float, ET.Element]]:
    """(date, x, label) of every mark, x from its circle or diamond."""
    out = []
    for g in svg.iter(f"{SVG}g"):
        if "mark" not in (g.get("class") or "").split():
            continue
        title = g.findtext(f"{SVG}title") or ""
        when = date.fromisoformat(title[:10])
        circle = g.find(f".//{SVG}circle")
        if circle is not None:
            x = float(circle.get("cx") or "nan")
        else:
            polygon = g.find(f"{SVG}polygon")
            assert polygon is not None
            x = float((polygon.get("points") or "").split(",")[0])
        label = g.find(f"{SVG}text")
        assert label is not None
        out.append((when, x, label))
    return out


def test_an_outlier_date_does_not_squeeze_the_timeline(
    outlier_page: tuple[str, dict[str, object]],
) -> None:
    html, _ = outlier_page
    svg = timeline_svg(html)
    width = float((svg.get("viewBox") or "").split()[2])
    drawn = marks(svg)
    assert min(when for when, _, _ in drawn).year == 2003  # the outlier is drawn...
    recent = [x for when, x, _ in drawn if when >= date(2019, 11, 1)]
    assert len(recent) >= 8
    # ...and the 18 days of November 2019 holding most marks still spread over the width.
    assert max(recent) - min(recent) > 0.4 * width
    assert all(0 <= x <= width for _, x, _ in drawn)
    skipped = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "skipped"]
    assert skipped and any(s and s.endswith(" y") for s in skipped)  # the cut says what it skips


def test_timeline_labels_stay_inside_the_viewbox(
    outlier_page: tuple[str, dict[str, object]],
) -> None:
    """Each label, as wide as text_width says (test_browser checks that against Chromium),
    lies inside the viewBox on the side it is anchored."""
    from storyline.web.timeline import text_width

    html, _ = outlier_page
    svg = timeline_svg(html)
    width = float((svg.get("viewBox") or "").split()[2])
    for _, _, label in marks(svg):
        x = float(label.get("x") or "nan")
        text = "".join(label.itertext())
        assert 0 <= x <= width
        extent = text_width(text)
        if label.get("text-anchor") == "end" or "end" in (label.get("class") or "").split():
            assert x - extent >= 0, text
        else:
            assert x + extent <= width, text


def test_timeline_names_source_and_title_apart(
    outlier_page: tuple[str, dict[str, object]],
) -> None:
    html, view = outlier_page
    svg = timeline_svg(html)
    articles = view["articles"]
    assert isinstance(articles, list)
    titles = {a["source"]: a["title"] for a in articles}
    assert set(titles) == set(OUTLIER_SOURCES)
    reports = [g for g in svg.iter(f"{SVG}g") if g.get("data-kind") == "report"]
    assert len(reports) == len(articles)
    for g in reports:
        tspans = {t.get("class"): t.text or "" for t in g.iter(f"{SVG}tspan")}
        assert tspans["source"] in titles
        assert tspans["sep"].strip() == "—"
        title = titles[tspans["source"]]
        assert tspans["title"].rstrip("…") and title.startswith(tspans["title"].rstrip("…"))


def test_a_digest_page_kept_out_of_stories_says_why(shared_data: Path, tmp_path: Path) -> None:
    """The extraction benchmark's "10 things in tech you need to know today" (ten unrelated
    items): its story page and its API object carry the reason it stands alone."""
    from storyline import Pipeline, open_store
    from storyline.web import create_app

    page = "fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e.html.gz"
    with open_store(tmp_path / "d.db") as store:
        (story_id,) = (
            Pipeline(store)
            .ingest([shared_data / "article_extraction_benchmark" / "html" / page])
            .story_ids
        )
    with TestClient(create_app(tmp_path / "d.db"), raise_server_exceptions=True) as client:
        html = client.get(f"/stories/{story_id}")
        assert html.status_code == 200
        assert "Kept out of stories: a digest page" in html.text
        (article,) = client.get(f"/api/stories/{story_id}").json()["articles"]
        assert article["digest"]["parts"] >= 10
        assert article["digest"]["reason"].startswith("a digest page")
