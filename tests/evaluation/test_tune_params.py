"""`storyline tune ecbplus` fits the clusterer's thresholds (storyline.evaluation.tune_params)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli.commands import app
from storyline.config import CLUSTER_PARAMS_PATH, ClusterConfig
from storyline.errors import ConfigError
from storyline.evaluation.ecbplus import DEV_TOPICS, TRAIN_TOPICS
from storyline.evaluation.tune_params import PARAM_GRIDS, fit_cluster_params, write_params


def test_the_shipped_defaults_are_the_fitted_params_with_their_provenance() -> None:
    shipped = json.loads(CLUSTER_PARAMS_PATH.read_text(encoding="utf-8"))
    config = ClusterConfig()
    assert set(shipped["params"]) == set(PARAM_GRIDS)
    assert all(getattr(config, k) == v for k, v in shipped["params"].items())
    meta = shipped["meta"]
    assert set(meta["topics"]) <= set(TRAIN_TOPICS) and meta["dev_topics_used"] == []
    assert meta["command"].startswith("storyline tune ecbplus") and meta["date"]
    for name, grid in meta["grid_bcubed_f1"].items():  # each choice is its grid's best, or
        best = max(grid.values())  # within the tolerance of it
        assert grid[f"{shipped['params'][name]:g}"] >= best - meta["tolerance"]


def test_tuning_on_dev_topics_is_refused(shared_data: Path) -> None:
    with pytest.raises(ConfigError, match="dev topics"):
        fit_cluster_params(shared_data / "ecbplus", [1, DEV_TOPICS[0]])


def test_a_value_moves_only_when_it_wins_by_more_than_the_tolerance(shared_data: Path) -> None:
    grids = {"threshold": (0.2, 0.6)}
    kept = fit_cluster_params(shared_data / "ecbplus", [1], orders=1, grids=grids, tolerance=1.0)
    assert kept.params == {"threshold": ClusterConfig().threshold}
    scores = kept.meta["grid_bcubed_f1"]["threshold"]
    assert set(scores) == {"0.2", "0.6", f"{ClusterConfig().threshold:g}"}
    fitted = fit_cluster_params(shared_data / "ecbplus", [1], orders=1, grids=grids, tolerance=0)
    # with no tolerance, the grid's best (ties to the current value) is taken
    best = max(scores, key=lambda v: (scores[v], -abs(float(v) - ClusterConfig().threshold)))
    assert fitted.params["threshold"] == float(best)
    assert fitted.meta["topics"] == [1] and fitted.meta["orders"] == 1


def test_the_command_writes_the_params_where_asked(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "params.json"
    args = ["tune", "ecbplus", str(shared_data / "ecbplus"), "--topics", "1", "--orders", "1"]
    args += ["--fit", "params", "--params-output", str(out), "--json"]
    shipped = CLUSTER_PARAMS_PATH.read_bytes()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(written["params"]) == set(PARAM_GRIDS)
    assert written["meta"]["command"].endswith("--orders 1 --fit params")
    assert CLUSTER_PARAMS_PATH.read_bytes() == shipped  # the shipped defaults untouched
    bad = CliRunner().invoke(app, ["tune", "ecbplus", str(shared_data), "--fit", "weights"])
    assert bad.exit_code != 0


def test_write_params_round_trips(tmp_path: Path) -> None:
    from storyline.evaluation.tune_params import FittedParams

    fitted = FittedParams({"threshold": 0.3}, {"command": "x"})
    path = write_params(fitted, tmp_path / "p.json")
    assert json.loads(path.read_text(encoding="utf-8")) == dataclasses.asdict(fitted)


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xff\xfe binary", b"{not json", b'{"params": {"threshold": 0.3}}', b"[]"]
)
def test_a_broken_params_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    from storyline.config import _fitted_params

    path = tmp_path / "cluster_params.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=r"cluster_params\.json: cannot read"):
        _fitted_params(path)
    with pytest.raises(ConfigError, match="cannot read"):
        _fitted_params(tmp_path / "missing.json")
