"""The ``storyline`` command: thin Typer adapters over the public surface (``main``, ``app``).

:mod:`~storyline.cli.commands` holds the commands (:mod:`~storyline.cli.output` prints for
them); :mod:`~storyline.cli.evaluate` the ``eval`` and ``tune`` commands over the gold data;
:mod:`~storyline.cli.follow` the ``sources``, ``follow`` and ``export`` commands.
"""

from __future__ import annotations

from storyline.cli import follow as _follow  # noqa: F401 (registers sources, follow, export)
from storyline.cli.commands import app, main

__all__ = ["app", "main"]
