"""The stages in order over a batch of inputs, written to a store: :class:`Pipeline`.

:mod:`~storyline.pipeline.core` is the orchestration (read, prepare, cluster, summarise,
analyse); it calls the stages' own packages and keeps no stage logic of its own.
"""

from __future__ import annotations

from storyline.pipeline.backlog import AnalysisBacklog
from storyline.pipeline.core import Pipeline
from storyline.pipeline.report import IngestReport, ProgressCallback, StoryDetail

__all__ = [
    "AnalysisBacklog",
    "IngestReport",
    "Pipeline",
    "ProgressCallback",
    "StoryDetail",
]
