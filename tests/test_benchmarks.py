"""The benchmarks' instrumentation still fits the code it times (they run outside CI, so a
renamed method would only show when someone runs them)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from storyline import Pipeline

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_throughput_times_methods_the_pipeline_has() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        throughput = importlib.import_module("throughput")
    finally:
        sys.path.remove(str(BENCHMARKS))
    for name in throughput._STAGES:
        assert callable(getattr(Pipeline, name, None)), name
