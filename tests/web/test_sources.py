"""The Sources page and ``/api/sources`` (issue 21): health shown, failing sources first,
names escaped, adding and removing only with the write token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _web_samples import TOKEN, TestClient

from storyline import Source, open_store
from storyline.store import Store
from storyline.web import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "sources.db") as opened:
        yield opened


def client_for(store: Store, token: str | None = TOKEN) -> TestClient:
    return TestClient(create_app(store, write_token=token), raise_server_exceptions=True)


def test_the_page_shows_health_failing_sources_first_and_escapes_names(store: Store) -> None:
    store.add_source(Source("https://a.example/rss", "Alpha <b>news</b>"))
    failing, _ = store.add_source(Source("https://z.example/rss", "Zulu"))
    failing.errors_in_row, failing.last_error = 3, "HTTP 500 <script>alert(1)</script>"
    failing.last_fetch = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    store.update_source(failing)
    with client_for(store, token=None) as client:
        page = client.get("/sources")
    assert page.status_code == 200
    html = page.text
    assert html.index("Zulu") < html.index("Alpha")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>news</b>" not in html and "Alpha &lt;b&gt;news&lt;/b&gt;" in html
    assert '2026-12-06</span> <span class="nw">09:30' in html
    assert "Follow a source" not in html and "Remove" not in html  # read-only server


def test_the_api_lists_adds_and_removes_with_the_token_only(store: Store) -> None:
    with client_for(store) as client:
        assert client.get("/api/sources").json() == []
        body = {"url": "https://news.example/feed.xml", "name": "News", "every": "1h"}
        assert client.post("/api/sources", json=body).status_code == 401
        assert (
            client.post(
                "/api/sources", json=body, headers={"Authorization": "Bearer x"}
            ).status_code
            == 401
        )
        added = client.post("/api/sources", json=body, headers=AUTH)
        assert added.status_code == 201 and added.json()["every_s"] == 3600.0
        assert client.post("/api/sources", json=body, headers=AUTH).status_code == 200
        bad = client.post("/api/sources", json={"url": "ftp://x/feed"}, headers=AUTH)
        assert bad.status_code == 422 and "http://" in bad.text
        (row,) = client.get("/api/sources").json()
        assert (row["name"], row["new_last_day"], row["allow_private"]) == ("News", 0, False)
        assert client.delete(f"/api/sources/{row['id']}").status_code == 401
        assert client.delete(f"/api/sources/{row['id']}", headers=AUTH).status_code == 204
        assert client.delete(f"/api/sources/{row['id']}", headers=AUTH).status_code == 404
    with client_for(store, token=None) as client:
        assert client.post("/api/sources", json=body, headers=AUTH).status_code == 403


def test_the_page_forms_need_the_token(store: Store) -> None:
    with client_for(store) as client:
        form = {"url": "https://b.example/atom", "name": "Bravo", "every": "10m"}
        assert client.post("/sources/add", data=form).status_code == 401
        assert client.post("/sources/add", data={**form, "token": "nope"}).status_code == 401
        done = client.post("/sources/add", data={**form, "token": TOKEN}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == "/sources"
        (source,) = store.list_sources()
        assert source.name == "Bravo" and not source.allow_private
        page = client.get("/sources").text
        assert "Follow a source" in page and "Bravo" in page
        remove = f"/sources/{source.id}/remove"
        assert client.post(remove, data={"token": "nope"}).status_code == 401
        assert client.post(remove, data={"token": TOKEN}, follow_redirects=False).status_code == 303
        assert store.list_sources() == []
