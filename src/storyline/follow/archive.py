"""``storyline export warc``: what following fetched, as one standard WARC file.

Each followed entry's raw input is already a small gzipped WARC (its feed entry and its page as
fetched, :mod:`storyline.ingest.capture`); gzip members concatenate into one valid
``.warc.gz``, so the export writes them one after the other, oldest first. Ingesting the file
gives the same articles.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from storyline.store import Store

__all__ = ["export_warc"]


def export_warc(store: Store, path: str | Path, since: datetime | None = None) -> int:
    """Write the fetched raw inputs (those fetched at or after ``since``) to ``path`` as one
    WARC file; how many were written. The file appears whole or not at all."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    written = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            for raw in store.fetched_raws(since):
                handle.write(raw.content)
                written += 1
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return written
