"""The JSON API in-process: every route, every error path (422, 404, 401/403, 413, 415), no 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline import Settings
from storyline.config import AnalysisConfig
from storyline.web import create_app
from storyline.web.ingest import IngestLimits

try:
    from ._web_samples import (
        HOSTILE_RECORD,
        HOSTILE_TITLE,
        SEED_METADATA,
        SEED_TITLES,
        TOKEN,
        SeedDB,
        TestClient,
        hostile_jsonl,
    )
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import (
        HOSTILE_RECORD,
        HOSTILE_TITLE,
        SEED_METADATA,
        SEED_TITLES,
        TOKEN,
        SeedDB,
        TestClient,
        hostile_jsonl,
    )

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NDJSON = {**AUTH, "Content-Type": "application/x-ndjson"}
NO_FILE_MULTIPART = b'--b\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{}\r\n--b--\r\n'
SECURITY = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def assert_error(response: httpx.Response, status: int, words: str = "") -> dict[str, Any]:
    """A JSON error of this status, with the security headers and a message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert isinstance(body["error"], str) and body["error"]
    assert words.lower() in json.dumps(body).lower()
    for name, value in SECURITY.items():
        assert response.headers[name] == value
    return body


def seed_story_id(client: TestClient, seed: SeedDB) -> str:
    stories = client.get("/api/stories", params={"limit": 500}).json()["stories"]
    return next(s["id"] for s in stories if seed.seed_article_ids[0] in s["article_ids"])


# -- stories ---------------------------------------------------------------------------------


def test_stories_lists_every_story_most_recent_first(read_client: TestClient) -> None:
    response = read_client.get("/api/stories")
    assert response.status_code == 200
    for name, value in SECURITY.items():
        assert response.headers[name] == value
    body = response.json()
    assert body["limit"] == 50 and body["offset"] == 0
    assert body["total"] == len(body["stories"]) >= 2
    titles = [s["title"] for s in body["stories"]]
    assert HOSTILE_TITLE in titles
    assert SEED_TITLES[0] in titles
    lasts = [s["last_reported"] for s in body["stories"] if s["last_reported"]]
    assert lasts == sorted(lasts, reverse=True)
    assert body["stories"][0]["title"] == HOSTILE_TITLE  # 2023-02-01, the latest report


def test_stories_paging(read_client: TestClient) -> None:
    everything = read_client.get("/api/stories").json()
    second = read_client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == everything["total"]
    assert second["stories"] == everything["stories"][1:2]
    beyond = read_client.get("/api/stories", params={"offset": 1000}).json()
    assert beyond["stories"] == [] and beyond["total"] == everything["total"]


def test_stories_sort_by_size(read_client: TestClient) -> None:
    stories = read_client.get("/api/stories", params={"sort": "size"}).json()["stories"]
    sizes = [s["n_articles"] for s in stories]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "random"}, "sort"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2022-13-45"}, "until"),
        ({"since": "2022-10-01", "until": "2022-09-01"}, "after"),
        ({"language": ""}, "language"),
        ({"source": "x" * 201}, "source"),
        ({"entity": ""}, "entity"),
        ({"status": "s" * 41}, "status"),
    ],
)
def test_stories_bad_parameters_are_422(
    read_client: TestClient, params: dict[str, Any], words: str
) -> None:
    assert_error(read_client.get("/api/stories", params=params), 422, words)


def test_stories_date_range(read_client: TestClient) -> None:
    def titles(**params: str) -> set[str]:
        stories = read_client.get("/api/stories", params=params).json()["stories"]
        return {s["title"] for s in stories}

    assert HOSTILE_TITLE in titles(since="2023-02-01")
    assert SEED_TITLES[0] not in titles(since="2023-01-01")
    assert HOSTILE_TITLE not in titles(until="2023-01-31")
    assert SEED_TITLES[0] in titles(since="2022-08-01", until="2022-08-31")
    assert titles(since="2030-01-01") == set()


def test_stories_language_and_source_filters(read_client: TestClient) -> None:
    english = read_client.get("/api/stories", params={"language": "EN"}).json()
    assert english["total"] >= 2 and all("en" in s["languages"] for s in english["stories"])
    assert read_client.get("/api/stories", params={"language": "xx"}).json()["total"] == 0
    source = HOSTILE_RECORD["source"]
    found = read_client.get("/api/stories", params={"source": source.upper()}).json()
    assert [s["title"] for s in found["stories"]] == [HOSTILE_TITLE]


def test_entity_and_status_filters_use_the_story_knowledge(read_client: TestClient) -> None:
    for params in ({"entity": "Vladimir Putin"}, {"entity": "putin"}, {"status": "confirmed"}):
        body = read_client.get("/api/stories", params=params).json()
        titles = [s["title"] for s in body["stories"]]
        assert "Putin and Xi may meet sooner than expected" in titles, (params, titles)
    for params in ({"entity": "Nobody Atall"}, {"status": "cancelled"}):
        body = read_client.get("/api/stories", params=params).json()
        assert body == {"total": 0, "limit": 50, "offset": 0, "stories": []}


# -- one story, one article ------------------------------------------------------------------


def test_story_detail(read_client: TestClient, hostile_db: SeedDB) -> None:
    story_id = seed_story_id(read_client, hostile_db)
    response = read_client.get(f"/api/stories/{story_id}")
    assert response.status_code == 200
    view = response.json()
    assert view["id"] == story_id
    ids = [a["id"] for a in view["articles"]]
    assert hostile_db.seed_article_ids[0] in ids
    assert len(ids) == view["n_articles"]
    assert {e["article_id"] for e in view["explanations"]} == set(ids)
    assert view["origins"] == [a["duplicate_of"] or a["id"] for a in view["articles"]]
    assert len(view["origins"]) == view["independent_origins"]
    assert view["duplicate_groups"] == []  # the seeds are not copies of each other
    first = view["articles"][0]
    assert first["published"] == "2022-08-19" and "removed_lines" in first


def test_story_detail_pages_its_long_lists(read_client: TestClient, hostile_db: SeedDB) -> None:
    story_id = seed_story_id(read_client, hostile_db)
    whole = read_client.get(f"/api/stories/{story_id}").json()
    assert whole["knowledge"] == {"stale": False, "missing": False}  # analysed at ingest
    assert whole["page"]["totals"]["articles"] == len(whole["articles"]) == 2
    second = read_client.get(f"/api/stories/{story_id}", params={"limit": 1, "offset": 1}).json()
    assert [a["id"] for a in second["articles"]] == [whole["articles"][1]["id"]]
    assert [e["article_id"] for e in second["explanations"]] == [whole["articles"][1]["id"]]
    assert second["page"] == {"limit": 1, "offset": 1, "totals": whole["page"]["totals"]}
    assert second["events"] == whole["events"][1:2]
    assert all(len(e["mentions"]) <= 1 for e in second["entities"])
    assert second["expectations"] == whole["expectations"]  # small: never paged
    assert second["origins"] == whole["origins"]
    assert read_client.get(f"/api/stories/{story_id}", params={"limit": 0}).status_code == 422


def test_story_detail_unknown_and_too_long_ids(read_client: TestClient) -> None:
    assert_error(read_client.get("/api/stories/s0000000000000000"), 404, "no story")
    assert_error(read_client.get("/api/stories/%3Cscript%3E"), 404, "no story")
    assert_error(read_client.get("/api/stories/" + "s" * 129), 422, "story_id")


def test_article(read_client: TestClient, hostile_db: SeedDB) -> None:
    article_id = hostile_db.seed_article_ids[1]
    view = read_client.get(f"/api/articles/{article_id}").json()
    assert view["id"] == article_id
    assert view["title"] == SEED_TITLES[1]
    assert "Samarkand" in view["text"]
    assert view["published"] == "2022-09-15"
    assert_error(read_client.get("/api/articles/a0000000000000000"), 404, "no article")
    assert_error(read_client.get("/api/articles/" + "a" * 129), 422, "article_id")


# -- search ----------------------------------------------------------------------------------


def test_search_finds_articles_with_their_story(
    read_client: TestClient, hostile_db: SeedDB
) -> None:
    body = read_client.get("/api/search", params={"q": "samarkand"}).json()
    assert body["query"] == "samarkand"
    hits = {h["article_id"]: h for h in body["hits"]}
    assert set(hostile_db.seed_article_ids) <= set(hits)
    hit = hits[hostile_db.seed_article_ids[0]]
    assert "**Samarkand**" in hit["snippet"]
    assert hit["story_id"] and hit["title"] == SEED_TITLES[0]
    limited = read_client.get("/api/search", params={"q": "Putin Xi", "limit": 1}).json()
    assert len(limited["hits"]) == 1
    # a store within the search window: ranked exactly, every match counted
    assert (body["ranking"], body["approximate"]) == ("exact", False)
    assert body["ranked"] == len(body["hits"])


def test_search_says_when_its_ranking_was_capped(
    hostile_db: SeedDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's word on how it ranked the hits reaches the answer (a store big enough to
    cap a search is the store tests' business: tests/store/test_sqlite_search.py)."""
    from storyline.store import SearchResult, SQLiteStore

    ranked = SQLiteStore.search_result

    def capped(store: SQLiteStore, query: str, limit: int = 20) -> SearchResult:
        return SearchResult(ranked(store, query, limit).hits, "capped", 7)

    monkeypatch.setattr(SQLiteStore, "search_result", capped)
    with TestClient(create_app(hostile_db.path), raise_server_exceptions=True) as client:
        body = client.get("/api/search", params={"q": "samarkand"}).json()
        page = client.get("/search", params={"q": "samarkand"}).text
    assert (body["ranking"], body["approximate"], body["ranked"]) == ("capped", True, 7)
    assert set(hostile_db.seed_article_ids) <= {hit["article_id"] for hit in body["hits"]}
    # a reader of the page is told too, in the sentence the API gives
    assert "only the 7 matches among the latest articles were ranked" in body["note"]
    assert f'<p class="note ranking">{body["note"]}</p>' in page


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, "field required"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "empty"),
        ({"q": "x" * 501}, "q"),
        ({"q": "putin", "limit": 0}, "limit"),
        ({"q": "putin", "limit": 101}, "limit"),
    ],
)
def test_search_bad_parameters_are_422(
    read_client: TestClient, params: dict[str, Any], words: str
) -> None:
    assert_error(read_client.get("/api/search", params=params), 422, words)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "putin\"'",
        "AND OR NOT",
        "NEAR(putin xi)",
        "title:putin",
        "*",
        "put*",
        "'; DROP TABLE articles; --",
        "<script>alert(1)</script>",
        "\u0000\u200b\ufeff",
        "😀 日本語 Ελληνικά",
        "x" * 500,
        "a " * 250,
    ],
)
def test_hostile_search_queries_answer_200(read_client: TestClient, query: str) -> None:
    response = read_client.get("/api/search", params={"q": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == query and isinstance(body["hits"], list)


# -- entities and expectations ---------------------------------------------------------------


@pytest.mark.parametrize("route", ["/api/entities", "/api/expectations"])
def test_entities_and_expectations_are_pages(read_client: TestClient, route: str) -> None:
    key = route.rsplit("/", 1)[1]
    body = read_client.get(route, params={"limit": 10}).json()
    assert set(body) == {"total", "limit", "offset", key}
    assert (body["limit"] == 10 and body["total"] == len(body[key])) or body["total"] > 10
    assert_error(read_client.get(route, params={"limit": 0}), 422, "limit")
    assert_error(read_client.get(route, params={"offset": -5}), 422, "offset")


# -- errors everywhere -----------------------------------------------------------------------


def test_unknown_routes_and_methods(read_client: TestClient) -> None:
    assert_error(read_client.get("/api/nothing-here"), 404, "not found")
    response = read_client.delete("/api/stories")
    assert_error(response, 405, "method not allowed")
    assert "GET" in response.headers["allow"]
    page = read_client.get("/nothing-here")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == SECURITY["content-security-policy"]


def test_unexpected_errors_are_a_generic_500_with_headers(hostile_db: SeedDB) -> None:
    app = create_app(hostile_db.path)

    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/api/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        body = assert_error(client.get("/api/boom"), 500, "internal server error")
    assert "secret" not in json.dumps(body)


def test_openapi_schema_documents_the_api(read_client: TestClient) -> None:
    schema = read_client.get("/openapi.json").json()
    paths = schema["paths"]
    api_paths = (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/search",
        "/api/articles/{article_id}",
        "/api/entities",
        "/api/expectations",
        "/api/ingest",
    )
    for path in api_paths:
        assert path in paths
    assert "/" not in paths and "/stories/{story_id}" not in paths  # the pages are not API
    ingest = paths["/api/ingest"]["post"]
    assert set(ingest["requestBody"]["content"]) == {
        "multipart/form-data",
        "application/json",
        "application/x-ndjson",
    }
    assert {"401", "403", "422"} <= set(ingest["responses"])
    assert paths["/api/stories"]["get"]["responses"]["422"]["content"]["application/json"]
    assert read_client.get("/docs").status_code == 404  # no CDN-loading Swagger page


# -- ingest: authorisation -------------------------------------------------------------------


class Recorder(httpx.AsyncBaseTransport):
    """A fake network: records every request, answers from a dict of URL -> (status, body)."""

    def __init__(self, pages: dict[str, tuple[int, bytes]] | None = None) -> None:
        self.pages = pages or {}
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        status, body = self.pages.get(str(request.url), (404, b"not here"))
        return httpx.Response(status, content=body, headers={"content-type": "text/html"})


def test_read_only_server_refuses_writes_with_403_and_fetches_nothing(hostile_db: SeedDB) -> None:
    network = Recorder()
    app = create_app(hostile_db.path, fetch_transport=network)
    with TestClient(app) as client:
        for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
            urls = {"urls": ["https://example.com/a"]}
            assert_error(client.post("/api/ingest", json=urls, headers=headers), 403, "token")
            upload = {"file": ("a.jsonl", hostile_jsonl())}
            assert_error(client.post("/api/ingest", files=upload, headers=headers), 403)
    assert network.requests == []


@pytest.fixture(scope="module")
def network() -> Recorder:
    article = (
        b"<html><head><title>Harbour cranes return</title></head><body><article>"
        b"<h1>Harbour cranes return to Brevanne</h1>"
        + b"<p>The cranes of the Brevanne container terminal moved again on Monday. " * 6
        + b"</p></article></body></html>"
    )
    return Recorder(
        {
            "https://news.example/2025/cranes-return": (200, article),
            "https://news.example/huge": (200, b"<html>" + b"x" * 5000 + b"</html>"),
            "https://news.example/error": (500, b"oops"),
        }
    )


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory, network: Recorder) -> Iterator[TestClient]:
    """An app with a write token over a fresh store, a small body cap and a fake network."""
    db = tmp_path_factory.mktemp("writer") / "writer.db"
    limits = IngestLimits(max_body_bytes=200_000, max_fetch_bytes=4000, max_urls=3)
    app = create_app(db, write_token=TOKEN, limits=limits, fetch_transport=network)
    with TestClient(app, raise_server_exceptions=True) as client:
        yield client


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong",
        f"Basic {TOKEN}",
        f"Bearer {TOKEN}x",
        f"bearer {TOKEN[:-1]}",
        "Bearer \u00e9\u00e9".encode("latin-1"),
    ],
)
def test_wrong_or_missing_token_is_401(
    writer: TestClient, authorization: str | bytes | None
) -> None:
    headers: dict[str, str | bytes] = {"Content-Type": "application/x-ndjson"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = writer.post("/api/ingest", content=hostile_jsonl(), headers=headers)
    body = assert_error(response, 401, "token")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert TOKEN not in json.dumps(body)


def test_token_scheme_is_case_insensitive(writer: TestClient) -> None:
    response = writer.post(
        "/api/ingest",
        content=b"{}",
        headers={"Authorization": f"bearer {TOKEN}", "Content-Type": "text/plain"},
    )
    assert_error(response, 415, "content type")


# -- ingest: bodies --------------------------------------------------------------------------


def test_ingest_json_lines_body(writer: TestClient) -> None:
    response = writer.post("/api/ingest", content=hostile_jsonl(), headers=NDJSON)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ingested"] == 1 and report["rejected"] == [] and len(report["story_ids"]) == 1
    article = writer.get(f"/api/articles/{report['article_ids'][0]}").json()
    assert article["title"] == HOSTILE_TITLE and article["url"] == "javascript:alert(3)"
    hits = writer.get("/api/search", params={"q": "orchids"}).json()["hits"]
    assert [h["article_id"] for h in hits] == report["article_ids"]
    jsonl = {**AUTH, "Content-Type": "application/jsonl"}
    again = writer.post("/api/ingest", content=hostile_jsonl(), headers=jsonl).json()
    assert again["ingested"] == 0 and again["already_stored"] == 1


@pytest.mark.slow  # runs the spaCy model
def test_ingest_of_an_article_over_the_analysis_ceiling_stores_it_and_says_why(
    tmp_path: Path, long_english_text: str
) -> None:
    # 1.2 million characters, over spaCy's max_length and over this server's ceiling: stored,
    # served, its story's knowledge computed without it and saying why (not a 500).
    settings = Settings(analysis=AnalysisConfig(max_chars=1_000_000))
    app = create_app(tmp_path / "long.db", write_token=TOKEN, settings=settings)
    record = {"id": "long-1", "title": "A long year", "published": "2023-03-01"}
    body = json.dumps({**record, "text": long_english_text}).encode() + b"\n"
    with TestClient(app, raise_server_exceptions=True) as client:
        response = client.post("/api/ingest", content=body, headers=NDJSON)
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["ingested"] == 1 and report["analysed_stories"] == 1, report
        (story_id,) = report["story_ids"]
        story = client.get(f"/api/stories/{story_id}").json()
        assert story["knowledge"] == {"stale": False, "missing": False}
        (skipped,) = story["skipped_articles"]
        assert skipped["article_id"] == report["article_ids"][0]
        assert "1,000,000" in skipped["reason"] and "1,19" in skipped["reason"]
        assert any(skipped["reason"] in notice for notice in story["notices"])
        assert any(skipped["reason"] in notice for notice in report["notices"])
        assert story["entities"] == [] and story["expectations"] == []
        page = client.get(f"/stories/{story_id}")
        assert page.status_code == 200 and "A long year" in page.text


def test_ingest_bad_json_lines_are_rejections_not_errors(writer: TestClient) -> None:
    body = b'{"id": "ok-1", "title": "x"\nnot json at all\n'
    response = writer.post("/api/ingest", content=body, headers=NDJSON)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ingested"] == 0 and report["rejected"]
    assert all(r["path"] == "body.jsonl" for r in report["rejected"])  # not the temporary path


def test_ingest_uploaded_files_with_metadata(writer: TestClient, seeds_dir: Path) -> None:
    name = "004_c3b73e10f650a562.txt"
    files = [
        ("file", (name, (seeds_dir / name).read_bytes(), "text/plain")),
        ("file", ("notes.meta.json", b"{}", "application/json")),
    ]
    metadata = {name: {**SEED_METADATA[name], "source": "Seed Wire"}}
    response = writer.post(
        "/api/ingest", files=files, data={"metadata": json.dumps(metadata)}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ingested"] == 1
    assert [r["path"] for r in report["rejected"]] == ["notes.meta.json"]
    article = writer.get(f"/api/articles/{report['article_ids'][0]}").json()
    assert article["title"] == SEED_TITLES[1]
    assert article["published"] == "2022-09-15" and article["source"] == "Seed Wire"
    assert article["path"] == name  # the name it was uploaded with, not a temporary file's


@pytest.mark.parametrize(
    ("files", "data", "words"),
    [
        (None, {"metadata": "{}"}, "no file"),
        (
            [("file", ("a.txt", b"A title\n\n" + b"Some words here. " * 9))],
            {"metadata": "{"},
            "not valid json",
        ),
        (
            [("file", ("a.txt", b"A title\n\n" + b"Some words here. " * 9))],
            {"metadata": "[1]"},
            "metadata",
        ),
    ],
)
def test_bad_multipart_bodies_are_422(
    writer: TestClient, files: Any, data: dict[str, str], words: str
) -> None:
    if files is None:
        response = writer.post(
            "/api/ingest",
            content=NO_FILE_MULTIPART,
            headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"},
        )
    else:
        response = writer.post("/api/ingest", files=files, data=data, headers=AUTH)
    assert_error(response, 422, words)


def test_too_large_bodies_are_413(writer: TestClient) -> None:
    big = b"x" * 200_001
    assert_error(writer.post("/api/ingest", content=big, headers=NDJSON), 413, "200,000")
    response = writer.post("/api/ingest", files={"file": ("big.txt", big)}, headers=AUTH)
    assert_error(response, 413, "too large")


def test_ingest_urls_fetches_pages(writer: TestClient, network: Recorder) -> None:
    good = "https://news.example/2025/cranes-return"
    urls = [good, "https://news.example/huge", "https://news.example/error"]
    response = writer.post("/api/ingest", json={"urls": urls}, headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ingested"] == 1
    reasons = {r["path"]: r["reason"] for r in report["rejected"]}
    assert "larger than 4,000 bytes" in reasons["https://news.example/huge"]
    assert "HTTP 500" in reasons["https://news.example/error"]
    article = writer.get(f"/api/articles/{report['article_ids'][0]}").json()
    assert article["url"] == good and "Brevanne" in (article["title"] or "")
    assert set(urls) <= set(network.requests)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{not json", "not valid json"),
        (b"[]", "urls"),
        (b'{"urls": []}', "urls"),
        (b'{"urls": "https://a.example/"}', "urls"),
        (b'{"urls": ["a", "b", "c", "d"]}', "1 to 3"),
        (b'{"urls": ["ftp://a.example/x"]}', "only http"),
        (b'{"urls": ["javascript:alert(1)"]}', "only http"),
        (b'{"urls": ["file:///etc/passwd"]}', "only http"),
        (b'{"urls": ["https://"]}', "only http"),
        (b'{"urls": [42]}', "invalid url"),
        (b'{"urls": ["http://[::1"]}', "invalid url"),
    ],
)
def test_bad_url_bodies_are_422_and_fetch_nothing(
    writer: TestClient, network: Recorder, body: bytes, words: str
) -> None:
    before = len(network.requests)
    response = writer.post(
        "/api/ingest", content=body, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error(response, 422, words)
    assert len(network.requests) == before
