"""What only the PostgreSQL store has: its URL, schema checks, schemas per store, several
connections on one database, and the whole pipeline giving what it gives on SQLite.

The Store contract itself (test_store_contract.py, test_store_stories.py) runs on PostgreSQL
through the ``store`` fixture."""

from __future__ import annotations

import json
import random
import string
import threading
from pathlib import Path

import pytest
from _store_samples import full_article, make_article, make_raw

from _postgres import PostgresServer
from storyline import Pipeline, open_store
from storyline.errors import SchemaVersionError, StoreError
from storyline.store.postgres import MIGRATIONS, SCHEMA_VERSION, PostgresStore, safe_url
from storyline.store.postgres_schema import SEARCH_BODY_CHARS

psycopg = pytest.importorskip("psycopg")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"


@pytest.fixture
def url(postgres_server: PostgresServer) -> str:
    return postgres_server.database_url()


def _with_option(url: str, option: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{option}"


def _sql(url: str, statement: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def test_safe_url_hides_only_the_password() -> None:
    assert safe_url("postgresql://ann:s3cr%40t@db:5432/news?x=1") == (
        "postgresql://ann:***@db:5432/news?x=1"
    )
    assert safe_url("postgresql://db/news") == "postgresql://db/news"
    assert safe_url("postgresql://ann@db/news") == "postgresql://ann@db/news"


def test_new_database_is_migrated_once_and_reopens(url: str) -> None:
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
        raw = make_raw(1)
        store.add_raw(raw)
        store.add_article(full_article(raw))
    with open_store(url) as store:  # a second open finds the schema and the data
        assert store.count_articles() == 1
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert row == (str(SCHEMA_VERSION),)


def test_stores_opened_at_once_on_a_new_database_migrate_it_once(url: str) -> None:
    errors: list[BaseException] = []
    stores: list[PostgresStore] = []

    def open_one() -> None:
        try:
            opened = open_store(url)
            assert isinstance(opened, PostgresStore)
            stores.append(opened)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for store in stores:
        assert store.count_articles() == 0
        store.close()


def test_newer_schema_raises_schema_version_error(url: str) -> None:
    open_store(url).close()
    _sql(url, f"UPDATE meta SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'schema_version'")
    with pytest.raises(SchemaVersionError, match="newer Storyline"):
        open_store(url)


def test_foreign_tables_are_refused_and_named(url: str) -> None:
    _sql(url, "CREATE TABLE invoices (id int)")
    with pytest.raises(StoreError, match="invoices") as info:
        open_store(url)
    assert "search_path" in str(info.value)  # says how to use another schema


def test_each_schema_is_its_own_store(url: str) -> None:
    _sql(url, "CREATE SCHEMA a; CREATE SCHEMA b")
    a_url, b_url = (_with_option(url, f"options=-csearch_path%3D{n}") for n in ("a", "b"))
    with open_store(a_url) as a, open_store(b_url) as b:
        raw = make_raw(2)
        a.add_raw(raw)
        a.add_article(make_article(raw, title="Only on desk A"))
        assert (a.count_articles(), b.count_articles()) == (1, 0)
        assert b.search("desk") == [] and len(a.search("desk")) == 1


def test_a_schema_that_does_not_exist_is_named_as_the_problem(url: str) -> None:
    with pytest.raises(StoreError, match="no schema that exists"):
        open_store(_with_option(url, "options=-csearch_path%3Dnowhere"))


def test_a_store_reconnects_after_its_connection_is_cut(url: str) -> None:
    with open_store(url) as store:
        assert store.count_articles() == 0
        _sql(
            url,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        with pytest.raises(StoreError):  # the call that meets the cut connection fails ...
            store.count_articles()
        assert store.count_articles() == 0  # ... and the next one opens a new one


def test_two_stores_on_one_database_see_each_others_commits(url: str) -> None:
    with open_store(url) as writer, open_store(url) as reader:
        raw = make_raw(3)
        with writer.transaction():
            writer.add_raw(raw)
            writer.add_article(make_article(raw))
            assert reader.count_articles() == 0  # not committed yet
        assert reader.count_articles() == 1


def test_text_postgresql_cannot_hold_is_a_clear_error_and_keeps_the_rest(url: str) -> None:
    with open_store(url) as store:
        raw = make_raw(4)
        store.add_raw(raw)
        store.add_article(make_article(raw, "kept"))
        with pytest.raises(StoreError, match="refused a value"):
            store.add_article(make_article(raw, "nul", title="a\x00b"))
        assert store.count_articles() == 1
        store.add_article(make_article(raw, "after"))  # the connection is still usable
        assert store.count_articles() == 2


def test_repr_and_errors_hide_the_password(url: str) -> None:
    assert url.startswith("postgresql://postgres@")  # the test server trusts local users
    store = PostgresStore(url.replace("postgres@", "postgres:hunter2@", 1))
    store.close()
    store.close()  # twice is harmless
    assert "postgres:***@" in repr(store) and "hunter2" not in repr(store)
    with pytest.raises(StoreError, match="closed") as info:
        store.count_articles()
    assert "hunter2" not in str(info.value)


def test_the_pipeline_gives_the_same_stories_as_on_sqlite(url: str, tmp_path: Path) -> None:
    """The bundled example end to end into PostgreSQL and into SQLite: the same stories,
    assignments, summaries and search hits."""
    files = sorted(p for p in EXAMPLES.iterdir() if not p.name.endswith(".meta.json"))
    with open_store(url) as pg, open_store(tmp_path / "s.db") as lite:
        reports = [Pipeline(store).ingest(files) for store in (pg, lite)]
        assert reports[0].ingested == reports[1].ingested > 0
        again = Pipeline(pg).ingest(files)  # idempotent there too
        assert again.ingested == 0
        assert len(pg.story_ids()) > 1 and pg.story_ids() == lite.story_ids()
        assert pg.assignments() == lite.assignments()
        assert Pipeline(pg).stories() == Pipeline(lite).stories()
        assert pg.rejections() == lite.rejections()
        n = pg.count_articles()
        for word in ("Brevanne", "Lisbon", "the"):
            hits = {h[0] for h in pg.search(word, limit=n)}
            assert hits and hits == {h[0] for h in lite.search(word, limit=n)}


def test_escaped_nul_characters_in_an_input_do_not_stop_an_ingest(url: str, tmp_path: Path) -> None:
    """A JSON Lines input with \\u0000 escapes ingests into PostgreSQL (the run once failed
    there with 'text fields cannot contain NUL')."""
    path = tmp_path / "nul.jsonl"
    text = "A body long enough to be an article, with a NUL \u0000 escaped in its JSON."
    lines = [{"id": "a", "title": "NUL\u0000 in a title", "text": text}, {"id": "b", "text": text}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    with open_store(url) as store:
        report = Pipeline(store).ingest([path])
        assert report.ingested == 2 and report.rejected == []
        assert {a.title for a in store.iter_articles()} >= {"NUL\ufffd in a title"}


def test_a_long_text_of_many_distinct_words_is_stored_and_searched(url: str) -> None:
    """A tsvector holds at most 1 MB: a 2.5 MB text of distinct words once stopped the
    ingest; the search vector reads the first SEARCH_BODY_CHARS characters of the body."""
    rng = random.Random(0)
    words = [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 12))) for _ in range(300_000)
    ]
    text = " ".join(words)
    late = next(w for w in reversed(words) if w not in text[: SEARCH_BODY_CHARS + 100])
    with open_store(url) as store:
        raw = make_raw(50)
        store.add_raw(raw)
        article = make_article(raw, title="A very long text", text=text)
        store.add_article(article)
        assert store.get_article(article.id).text == text  # kept whole
        assert [h[0] for h in store.search(words[0])] == [article.id]
        assert store.search(late) == []  # past the indexed part


def test_a_store_of_schema_1_is_migrated(url: str) -> None:
    """Schema 1 (the first PostgreSQL schema: whole bodies in the search vector, rejections
    unique by their fields) is migrated on opening."""
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        for statement in MIGRATIONS[0]:
            if "{unaccent}" in statement:
                statement = statement.format(unaccent="public.unaccent")
            conn.execute(statement)  # type: ignore[arg-type]
        conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
    raw = make_raw(51)
    with open_store(url) as store:
        store.add_raw(raw)
        store.add_article(make_article(raw, title="Harbour strike", text="Dockers walk out."))
        assert len(store.search("dockers")) == 1
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert row == (str(SCHEMA_VERSION),) and SCHEMA_VERSION >= 3
