"""What an ingest stored, row by row, to compare two ingests (thread vs worker, ahead vs not)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def stored_rows(db: Path) -> list[tuple[object, ...]]:
    """Every article's stored fields and its assignment's score and reason, by id."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT a.id, a.title, a.text, a.removed_lines, a.language, a.text_hash,"
            " a.duplicate_of, a.duplicate_kind, a.duplicate_similarity, a.embedding, a.story_id,"
            " a.meta, s.score, s.reason FROM articles a JOIN assignments s"
            " ON s.article_id = a.id ORDER BY a.id"
        )
        return [tuple(row) for row in rows]
    finally:
        conn.close()
