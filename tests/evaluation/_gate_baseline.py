"""The committed quality floors (tests/evaluation/baseline.json), read by the gate tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BASELINE_PATH = Path(__file__).with_name("baseline.json")


def load_floors(text: str | None = None) -> dict[str, float]:
    """Each gated figure's floor, by name (from ``text``, else the committed file)."""
    data: dict[str, Any] = json.loads(
        BASELINE_PATH.read_text(encoding="utf-8") if text is None else text
    )
    return {name: float(entry["floor"]) for name, entry in data["floors"].items()}


def floor(name: str) -> float:
    """The floor of one gated figure; a KeyError names a figure the baseline does not pin."""
    return load_floors()[name]
