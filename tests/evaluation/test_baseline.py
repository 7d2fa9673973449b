"""The quality floors file itself: well formed, below what was measured, never lowered."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from _gate_baseline import BASELINE_PATH, load_floors

REPO = BASELINE_PATH.parents[2]
GATED = {
    "ecbplus_dev_bcubed_f1",
    "ecbplus_dev_8_orders_mean_f1",
    "ecbplus_dev_spread90_8_orders_mean_f1",
    "uci_pairwise_f1",
    "uci_held_out_pairwise_f1",
    "extraction_f1",
    "ecbplus_events_conll_f1",
    "ledger_test2_claim_precision",
    "ledger_test2_claim_recall",
    "ledger_test2_what",
    "ledger_test2_who",
    "ledger_test2_when",
    "ledger_test2_status",
    "entities_test2_precision",
    "entities_test2_recall",
    "entities_test2_type",
    "entities_test2_name",
    "entities_test2_both",
}


def test_every_gated_figure_has_a_floor_under_its_measurement() -> None:
    data = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))["floors"]
    assert set(data) == GATED
    for name, entry in data.items():
        assert 0.0 < entry["floor"] <= entry["measured"], name
        assert entry["command"].startswith("storyline eval "), name
        assert entry["date"], name


def _committed_versions(path: Path) -> list[str] | None:
    """The file's text at each commit that changed it, oldest first (None without git), along
    the first-parent line: a merged branch counts by its merge commit (walking every commit by
    date interleaves the two lines, and a side line's older floor would look lowered)."""
    rel = path.relative_to(REPO).as_posix()
    try:
        log = subprocess.run(
            ["git", "log", "--first-parent", "--follow", "--format=%H", "--", rel],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    versions = []
    for commit in reversed(log):
        shown = subprocess.run(
            ["git", "show", f"{commit}:{rel}"], cwd=REPO, capture_output=True, text=True
        )
        if shown.returncode == 0:
            versions.append(shown.stdout)
    return versions


def floors_never_fall(versions: list[str]) -> list[str]:
    """The figures whose floor is lower in a version than in any earlier one."""
    lowered: list[str] = []
    best: dict[str, float] = {}
    for text in versions:
        for name, value in load_floors(text).items():
            if value < best.get(name, float("-inf")):
                lowered.append(name)
            best[name] = max(value, best.get(name, value))
    return lowered


def test_a_lowered_floor_is_caught() -> None:
    def version(value: float) -> str:
        return json.dumps({"floors": {"x": {"floor": value}}})

    assert floors_never_fall([version(0.8), version(0.85), version(0.9)]) == []
    assert floors_never_fall([version(0.8), version(0.9), version(0.85)]) == ["x"]


def test_floors_only_rise_across_the_history() -> None:
    versions = _committed_versions(BASELINE_PATH)
    if versions is None:
        pytest.skip("no git history here (not a git checkout, or git missing)")
    current = BASELINE_PATH.read_text(encoding="utf-8")
    assert floors_never_fall([*versions, current]) == []
