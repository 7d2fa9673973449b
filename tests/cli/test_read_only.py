"""A store in a folder nobody may write to (a shared archive, a read-only volume) is read.

The commands run in a child process under which the folder really cannot be written, whoever
runs the tests: for a user, the folder and its files lose their write permission; for root
(whom permission bits do not stop) the folder is bind-mounted read-only onto itself in a
private mount namespace (``unshare --mount``), so even root gets EROFS. Where neither is
possible (root without mount namespaces) the tests are skipped, saying so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _cli_samples import GOOD_TEXT, invoke

REPO = Path(__file__).resolve().parents[2]
SEED_META = REPO / "examples" / "seeds.meta.json"

_CLI = "import sys; from storyline.cli import main; sys.argv[0] = 'storyline'; main()"
_WEB = """
import json, sys
from fastapi.testclient import TestClient
from storyline.web import create_app
with TestClient(create_app(sys.argv[1])) as client:
    print(json.dumps({route: client.get(route).status_code for route in sys.argv[2:]}))
"""
# The folder "$0" bind-mounted read-only onto itself, then the command "$@", in this namespace.
_READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def _read_only_prefix(folder: Path) -> list[str]:
    """A command prefix under which ``folder`` cannot be written (see the module docstring)."""
    if os.geteuid() != 0:
        for path in [*folder.iterdir(), folder]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
        return []
    prefix = ["unshare", "--mount", "sh", "-c", _READ_ONLY_MOUNT, str(folder)]
    probe = (
        subprocess.run([*prefix, "touch", str(folder / "probe")], capture_output=True)
        if shutil.which("unshare")
        else None
    )
    if probe is None or probe.returncode == 0 or (folder / "probe").exists():
        pytest.skip("root without mount namespaces: no way to make a folder read-only for root")
    return prefix


def _files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[Path]:
    """The seeds ingested and analysed into archive/stories.db, then the folder read-only."""
    folder = tmp_path_factory.mktemp("archive")
    code, _, err = invoke(folder / "stories.db", "run", str(seeds_dir), "--meta", str(SEED_META))
    assert code == 0, err
    yield folder
    for path in [folder, *folder.iterdir()]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)


@pytest.fixture(scope="module")
def read_only(archive: Path) -> list[str]:
    return _read_only_prefix(archive)


def _run(prefix: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def _cli(prefix: list[str], db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(prefix, "-c", _CLI, "--db", str(db), *args)


def test_stories_show_and_search_read_a_read_only_store(
    archive: Path, read_only: list[str]
) -> None:
    db, before = archive / "stories.db", _files(archive)
    listed = _cli(read_only, db, "stories", "--json")
    assert listed.returncode == 0, listed.stderr
    stories = json.loads(listed.stdout)
    assert [s["title"] for s in stories] == ["Putin and Xi may meet sooner than expected"]
    shown = _cli(read_only, db, "show", stories[0]["id"], "--json")
    assert shown.returncode == 0, shown.stderr
    view = json.loads(shown.stdout)
    assert len(view["articles"]) == 2
    assert view["knowledge"] == {"stale": False, "missing": False}  # as the ingest stored it
    assert view["summary"]
    found = _cli(read_only, db, "search", "Putin Xi", "--json")
    assert found.returncode == 0, found.stderr
    assert {h["story_id"] for h in json.loads(found.stdout)["hits"]} == {stories[0]["id"]}
    assert _files(archive) == before  # nothing written, nothing created beside it


def test_a_write_to_a_read_only_store_says_why_and_how_to_fix_it(
    archive: Path, read_only: list[str], tmp_path: Path
) -> None:
    before = _files(archive)
    (tmp_path / "new.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = _cli(read_only, archive / "stories.db", "ingest", str(tmp_path / "new.txt"))
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "cannot be written" in message and "read-only" in message
    assert "copy the file somewhere writable and pass that with --db" in message
    assert "Traceback" not in result.stderr
    assert _files(archive) == before


def test_the_served_app_answers_every_read_route_of_a_read_only_store(
    archive: Path, read_only: list[str]
) -> None:
    with_ids = _cli(read_only, archive / "stories.db", "stories", "--json")
    story_id = json.loads(with_ids.stdout)[0]["id"]
    routes = [
        "/",
        f"/stories/{story_id}",
        "/search?q=Putin",
        "/api/stories",
        f"/api/stories/{story_id}",
        "/api/search?q=Putin",
        "/api/entities",
        "/api/expectations",
    ]
    result = _run(read_only, "-c", _WEB, str(archive / "stories.db"), *routes)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == dict.fromkeys(routes, 200)
