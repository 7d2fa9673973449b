"""The HTML pages in-process: content escaped, no inline script or style, links safe, errors."""

from __future__ import annotations

import re

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
        SEED_TITLES,
        SeedDB,
        TestClient,
    )
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import (
        HOSTILE_RECORD,
        HOSTILE_SCRIPT,
        HOSTILE_TITLE,
        SEED_TITLES,
        SeedDB,
        TestClient,
    )


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
