"""A throwaway PostgreSQL server for the tests, and a fresh database per test.

``STORYLINE_TEST_POSTGRES_URL`` names a server to use instead (an admin URL, e.g.
``postgresql://postgres@/postgres?host=/run/postgresql``). Otherwise the server's own
``initdb`` (``/usr/lib/postgresql/*/bin`` or on ``PATH``) makes a cluster in a temporary
directory, served on a Unix socket there only (no TCP port), started as the ``postgres`` user
when the tests run as root (PostgreSQL refuses to run as root). Without either the PostgreSQL
tests are skipped, unless ``STORYLINE_REQUIRE_POSTGRES=1`` (set by ``.ci/run``), where they fail.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

_counter = itertools.count()


def _binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(versions[0]).parent if versions else None


class PostgresServer:
    """A server the tests may create databases in; stopped and removed by :meth:`stop`."""

    def __init__(
        self,
        admin_url: str,
        directory: Path | None = None,
        runas: tuple[str, ...] = (),
        bin_dir: Path | None = None,
    ) -> None:
        self.admin_url = admin_url
        self.directory = directory  # the cluster this object started (None: someone else's)
        self.runas = runas
        self.bin_dir = bin_dir

    @classmethod
    def start(cls, bin_dir: Path) -> PostgresServer:
        directory = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
        runas: tuple[str, ...] = ()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")  # Debian's server package makes this user
            os.chown(directory, user.pw_uid, user.pw_gid)
            runas = ("runuser", "-u", "postgres", "--")
        data = directory / "data"
        subprocess.run(
            [*runas, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-k {directory} -c listen_addresses='' -c fsync=off -c port=5432"
        subprocess.run(
            [*runas, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(directory / "log"), "-w", "start"],
            check=True, capture_output=True,
        )  # fmt: skip
        url = f"postgresql://postgres@/postgres?host={quote(str(directory))}"
        return cls(url, directory, runas, bin_dir)

    def database_url(self) -> str:
        """A new empty database, as a URL."""
        import psycopg

        name = f"storyline_test_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        base, _, query = self.admin_url.partition("?")
        return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")

    def stop(self) -> None:
        if self.directory is None or self.bin_dir is None:
            return
        subprocess.run(
            [*self.runas, str(self.bin_dir / "pg_ctl"), "-D", str(self.directory / "data"),
             "-m", "immediate", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(self.directory, ignore_errors=True)


def server_or_skip() -> PostgresServer:
    """The server to test against, started if need be; skips (or fails in CI) without one."""
    required = os.environ.get("STORYLINE_REQUIRE_POSTGRES") == "1"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'storyline[postgres]')", required)
    url = os.environ.get("STORYLINE_TEST_POSTGRES_URL")
    if url:
        return PostgresServer(url)
    bin_dir = _binaries()
    if bin_dir is None:
        _unavailable("no PostgreSQL server binaries (initdb) found", required)
        raise AssertionError  # unreachable
    try:
        return PostgresServer.start(bin_dir)
    except (OSError, KeyError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", b"") or b""
        _unavailable(f"cannot start a PostgreSQL server: {e} {detail.decode()[-500:]}", required)
        raise AssertionError from e  # unreachable


def _unavailable(reason: str, required: bool) -> None:
    if required:
        pytest.fail(f"PostgreSQL tests are required (STORYLINE_REQUIRE_POSTGRES=1): {reason}")
    pytest.skip(reason)
