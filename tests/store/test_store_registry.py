"""open_store and register_backend: which URL opens which backend, and the errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.errors import ConfigError, MissingExtraError, StoreError
from storyline.store import SQLiteStore, Store, known_schemes, open_store, register_backend
from storyline.store import registry as registry_module
from storyline.store.sqlite import fts_query


@pytest.fixture
def restore_backends() -> Iterator[None]:
    saved = dict(registry_module._BACKENDS)
    yield
    registry_module._BACKENDS.clear()
    registry_module._BACKENDS.update(saved)


def test_paths_and_sqlite_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cases: dict[str | Path, Path] = {
        tmp_path / "a.db": tmp_path / "a.db",  # a Path
        str(tmp_path / "b.db"): tmp_path / "b.db",  # a plain string path
        "sqlite:///rel/c.db": tmp_path / "rel" / "c.db",  # three slashes: relative
        f"sqlite:///{tmp_path}/d.db": tmp_path / "d.db",  # ... "/" + absolute = four slashes
        "SQLite:///e.db?mode=x": tmp_path / "e.db",  # scheme case, query dropped
    }
    for target, path in cases.items():
        with open_store(target) as store:
            assert isinstance(store, SQLiteStore)
            assert Path(store.path) in (path, path.relative_to(tmp_path))
        assert path.is_file(), target


@pytest.mark.parametrize("target", [":memory:", "sqlite://", "sqlite:///:memory:"])
def test_memory_targets(target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store(target) as store:
        assert isinstance(store, SQLiteStore) and store.in_memory
    assert list(tmp_path.iterdir()) == []


def test_postgres_without_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    for url in ("postgresql://user:secret@localhost/news", "postgres://localhost/news"):
        with pytest.raises(MissingExtraError) as info:
            open_store(url)
        assert "pip install 'storyline[postgres]'" in str(info.value)
        assert "secret" not in str(info.value)
        assert isinstance(info.value, ImportError)


def test_unreachable_postgres_server_is_a_store_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://reader:hunter2@127.0.0.1:1/news?connect_timeout=2"
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL store") as info:
        open_store(url)
    assert "hunter2" not in str(info.value)
    assert "reader:***@127.0.0.1:1/news" in str(info.value)


def test_unknown_scheme_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError) as info:
        open_store("mysql://root:hunter2@db/news")
    message = str(info.value)
    assert "'mysql'" in message and "hunter2" not in message
    for scheme in ("postgresql", "sqlite"):
        assert scheme in message


def test_empty_target_and_unreadable_url() -> None:
    with pytest.raises(ConfigError):
        open_store("  ")
    with pytest.raises(ConfigError, match="sqlite:////absolute"):
        open_store("sqlite://host/x.db")


def test_register_backend(restore_backends: None) -> None:
    opened: list[str] = []

    def factory(url: str) -> Store:
        opened.append(url)
        return SQLiteStore(":memory:")

    register_backend("Memo", factory)
    assert "memo" in known_schemes()
    with open_store("memo://anything") as store:
        assert isinstance(store, SQLiteStore)
    assert opened == ["memo://anything"]
    with pytest.raises(ConfigError):
        register_backend("not a scheme", factory)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('storm AND "coast" NEAR(') == '"storm" "AND" "coast" "NEAR"'
    assert fts_query("Zürich's grève") == '"Zürich" "s" "grève"'
    assert fts_query(' " ( * ') is None
