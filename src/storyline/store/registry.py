"""The registry that picks a store backend by URL scheme (the model is datasketch's
``storage.py``)::

    open_store("stories.db")                  # a plain path: SQLite
    open_store("sqlite:///stories.db")        # the same, as a URL (relative path)
    open_store("sqlite:////var/lib/s.db")     # four slashes: an absolute path
    open_store(":memory:")                    # SQLite in memory, for tests
    open_store("postgresql://host/db")        # PostgreSQL (the postgres extra)
    open_store("archive.db", read_only=True)  # SQLite, reading only (see SQLiteStore)

``register_backend(scheme, factory)`` adds a backend; the factory receives the URL as given.
The interface (:mod:`storyline.store.base`) imports no backend; the backends import it, and
this module imports them: SQLite at load, PostgreSQL only when a URL asks for it (the extra).
"""

from __future__ import annotations

import re
from pathlib import Path

from storyline.errors import ConfigError, MissingExtraError
from storyline.store.base import Store, StoreFactory
from storyline.store.sqlite import ReadOnly, SQLiteStore

__all__ = ["known_schemes", "open_store", "register_backend", "sqlite_path_from_url"]

# "scheme://..." where the scheme is an RFC 3986 scheme of two characters or more (so that a
# Windows drive letter such as "C://x" is never taken for one).
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]+)://")


def _open_sqlite(target: str, read_only: ReadOnly = False) -> Store:
    return SQLiteStore(sqlite_path_from_url(target), read_only=read_only)


def _open_postgres(target: str) -> Store:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise MissingExtraError("the PostgreSQL store", "postgres") from None
    from storyline.store.postgres import PostgresStore

    return PostgresStore(target)


_BACKENDS: dict[str, StoreFactory] = {
    "sqlite": _open_sqlite,
    "postgresql": _open_postgres,
    "postgres": _open_postgres,
}


def register_backend(scheme: str, factory: StoreFactory) -> None:
    """Make ``open_store("<scheme>://...")`` call ``factory(url)``. Replaces an earlier one."""
    if not _URL.match(f"{scheme}://"):
        raise ConfigError(f"invalid store URL scheme {scheme!r}: use letters, digits, + - .")
    _BACKENDS[scheme.lower()] = factory


def known_schemes() -> list[str]:
    """The URL schemes :func:`open_store` understands, sorted."""
    return sorted(_BACKENDS)


def sqlite_path_from_url(target: str) -> str:
    """The file path in a SQLite target: a plain path, ``:memory:`` or a ``sqlite://`` URL.

    As in SQLAlchemy: ``sqlite:///rel/path.db`` is relative, ``sqlite:////abs/path.db``
    absolute, and ``sqlite://`` or ``sqlite:///:memory:`` is an in-memory database.
    """
    match = _URL.match(target)
    if match is None:
        return target
    rest = target[match.end() :]
    if rest in ("", "/", "/:memory:", ":memory:"):
        return ":memory:"
    if not rest.startswith("/"):
        raise ConfigError(
            f"cannot read a path in {target!r}: write sqlite:///relative/path.db "
            "or sqlite:////absolute/path.db"
        )
    return rest[1:].split("?", 1)[0]


def open_store(target: str | Path, *, read_only: ReadOnly = False) -> Store:
    """Open (creating if needed) the store at a path or URL; see the module docstring.

    ``read_only`` (the SQLite backend; others open as usual): True opens an existing file for
    reading only, ``"auto"`` does so only when it cannot be written (a read-only file, folder
    or volume); see :class:`~storyline.store.sqlite.SQLiteStore`. Writing to a store that
    cannot be written raises :class:`~storyline.errors.StoreReadOnlyError`.
    """
    if isinstance(target, Path):
        return _open_sqlite(str(target), read_only)
    match = _URL.match(target)
    if match is None and not target.strip():
        raise ConfigError("no store given: pass a file path or a URL such as sqlite:///s.db")
    scheme = "sqlite" if match is None else match.group("scheme").lower()
    factory = _BACKENDS.get(scheme)
    if factory is None:
        # The scheme only: a URL may carry a password.
        raise ConfigError(
            f"unknown store URL scheme {scheme!r}: known schemes are "
            f"{', '.join(known_schemes())} (or give a plain file path)"
        )
    if read_only and factory is _open_sqlite:
        return _open_sqlite(target, read_only)
    return factory(target)
