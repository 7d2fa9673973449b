"""storyline.ingest.distributed: parsing on a real (local) Dask cluster, through the CLI, and the
errors when there is no cluster or no extra."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from _cli_samples import invoke, warc_bytes

from storyline.errors import ConfigError, MissingExtraError
from storyline.ingest import distributed

pytest.importorskip("distributed")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"


def test_dask_workers_give_the_stories_of_one_process(tmp_path: Path) -> None:
    """`storyline ingest --workers 2`: two worker processes parse (one archive of 20 pages and
    the bundled example); the stored articles, stories and reasons equal a plain ingest's."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferries.warc.gz").write_bytes(warc_bytes(20))
    for path in EXAMPLES.iterdir():
        (inbox / path.name).write_bytes(path.read_bytes())
    outcomes = []
    for name, extra in (("alone", []), ("dask", ["--workers", "2"])):
        db = tmp_path / f"{name}.db"
        code, out, err = invoke(db, "ingest", str(inbox), "--no-analyse", "--json", *extra)
        assert code == 0, err
        report = json.loads(out)
        _, stories, _ = invoke(db, "stories", "--json")
        outcomes.append((report["article_ids"], report["story_ids"], json.loads(stories)))
    assert len(outcomes[0][0]) > 20
    assert outcomes[1] == outcomes[0]


def test_a_running_scheduler_is_used_by_its_address(tmp_path: Path) -> None:
    """--scheduler ADDRESS: the ingest parses on a cluster started elsewhere (here a local
    one in this process, reached by its TCP address) and leaves it running."""
    from distributed import LocalCluster

    (tmp_path / "ferries.warc.gz").write_bytes(warc_bytes(6))
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        db = tmp_path / "s.db"
        args = ["--no-analyse", "--json", "--scheduler", cluster.scheduler_address]
        code, out, err = invoke(db, "ingest", str(tmp_path / "ferries.warc.gz"), *args)
        assert code == 0, err
        assert json.loads(out)["ingested"] == 6
        assert cluster.scheduler.status.name == "running"  # not shut down by the ingest
        assert "parse" in cluster.scheduler.task_prefixes  # storyline.ingest.parse ran there


def test_an_unreachable_scheduler_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT_S", 2)
    with (
        pytest.raises(
            ConfigError, match=re.escape("cannot reach the Dask scheduler at tcp://127.0.0.1:1")
        ),
        distributed.dask_executor(scheduler="tcp://127.0.0.1:1"),
    ):
        pass


def test_no_workers_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="workers must be >= 1"), distributed.dask_executor(0):
        pass


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"storyline\[dask\]"), distributed.dask_executor(2):
        pass
