"""The SQL of the index of the stories' knowledge (schema 7 in SQLite, 5 in PostgreSQL; its entity
count 8 and 6; its status index in the ledger's order 9 and 7).

The reads across stories (every entity, the expectation ledger, the stories naming an entity)
are answered from these tables and their indexes, never by reading each story's stored
knowledge. Written by :meth:`~storyline.store.Store.put_story_knowledge` when the pipeline
stores a story's knowledge. Shared by both SQL backends (``?`` placeholders).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from storyline.records import storable
from storyline.store.base import EntityTotal, StoryEntity, StoryExpectation
from storyline.store.rows import fold, json_text

__all__ = [
    "ENTITY_FILTER",
    "STATUS_EXISTS",
    "STATUS_FILTER",
    "delete_story_knowledge",
    "entity_totals",
    "expectation_page",
    "put_story_knowledge",
    "status_params",
    "story_moved",
]


class _Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class _Connection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> _Cursor: ...

    def executemany(self, sql: str, parameters: Any, /) -> _Cursor: ...


# An entry's status as seen on a day (the parameter; NULL: as stored): pending past its
# window's end is overdue when the story was reported on after it, else unreported
# (storyline.knowledge.ledger_clock).
_JUDGED = (
    "(CASE WHEN x.status = 'pending' AND x.window_end < ? THEN "
    "CASE WHEN x.last_report > x.window_end THEN 'overdue' ELSE 'unreported' END "
    "ELSE x.status END)"
)
#: The story filters of StoryQuery.entity and .status (parameters: the folded name; the day
#: and the folded status).
#: (A rare name's stories are found from the index, not by probing every story in order.)
ENTITY_FILTER = "s.id IN (SELECT n.story_id FROM story_entity_names n WHERE n.folded = ?)"
# A status as judged comes from the same status stored, or from a pending one (overdue,
# unreported): the rows are narrowed by the stored status first, from its index (a rare
# status had every entry of the ledger judged, 30-60 ms at 200,000 articles). Parameters:
# status_params().
_JUDGED_IS = f"x.status IN (?, ?) AND {_JUDGED} = ?"
STATUS_FILTER = f"s.id IN (SELECT x.story_id FROM story_expectations x WHERE {_JUDGED_IS})"
#: The same filter beside the entity filter: each of the entity's stories is probed for an entry
#: of the status (from the primary key), not every entry of the status listed (issue 18: the
#: stories of an entity that are pending listed all 20,090 pending entries at 200,000 articles).
STATUS_EXISTS = (
    f"EXISTS (SELECT 1 FROM story_expectations x WHERE x.story_id = s.id AND {_JUDGED_IS})"
)
_STORY_ORDER = "s.last_reported_utc DESC NULLS LAST, s.id"


def status_params(status: str, day: date | None) -> list[str | None]:
    """The parameters of :data:`STATUS_FILTER` (and of a ledger page by status): the status
    asked for, judged on ``day`` (None: as stored)."""
    folded = fold(status)
    stored = "pending" if folded in ("overdue", "unreported") else folded
    return [folded, stored, _day(day), folded]


def story_moved(conn: _Connection, story_id: str, last_reported_utc: str | None) -> None:
    """Keep the story's rows in step with its summary's last report (put_story)."""
    for table in ("story_entities", "story_expectations"):
        conn.execute(
            f"UPDATE {table} SET story_updated = ? WHERE story_id = ? AND story_updated <> ?",
            (last_reported_utc or "", story_id, last_reported_utc or ""),
        )


def entity_key(name: str, type_: str) -> str:
    """The (name, type) of an entity as a short index key."""
    return hashlib.md5(f"{len(name)}:{name}{type_}".encode(), usedforsecurity=False).hexdigest()


def delete_story_knowledge(conn: _Connection, story_id: str) -> None:
    """Drop the story's rows, its share of the totals with them."""
    old = conn.execute(
        "SELECT key, sum(mentions) AS mentions FROM story_entities WHERE story_id = ? GROUP BY key",
        (story_id,),
    ).fetchall()
    if old:
        conn.executemany(
            "UPDATE entity_totals SET mentions = mentions - ?, stories = stories - 1 WHERE key = ?",
            [(row["mentions"], row["key"]) for row in old],
        )
        conn.executemany(
            "DELETE FROM entity_totals WHERE key = ? AND stories <= 0",
            [(row["key"],) for row in old],
        )
    for table in ("story_entities", "story_entity_names", "story_expectations"):
        conn.execute(f"DELETE FROM {table} WHERE story_id = ?", (story_id,))


def put_story_knowledge(
    conn: _Connection,
    story_id: str,
    entities: Sequence[StoryEntity],
    expectations: Sequence[StoryExpectation],
) -> None:
    delete_story_knowledge(conn, story_id)
    found = conn.execute(
        "SELECT last_reported_utc AS v FROM stories WHERE id = ?", (story_id,)
    ).fetchone()
    updated = (found["v"] if found is not None else None) or ""
    rows, names = [], set()
    totals: dict[str, tuple[str, str, int]] = {}
    for pos, e in enumerate(entities):
        # names come from article text: NUL and lone surrogates made storable (PostgreSQL)
        name, type_ = storable(e.name), storable(e.type)
        key = entity_key(name, type_)
        aliases = json.dumps([storable(a) for a in e.aliases], ensure_ascii=False)
        rows.append((story_id, pos, key, name, type_, e.mentions, aliases, updated))
        folded = {fold(name), *(fold(storable(a)) for a in e.aliases)} - {""}
        names |= {(f, story_id, pos) for f in folded}
        before = totals.get(key, (name, type_, 0))[2]
        totals[key] = (name, type_, before + e.mentions)
    if rows:
        conn.executemany(
            "INSERT INTO story_entities "
            "(story_id, pos, key, name, type, mentions, aliases, story_updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO story_entity_names (folded, story_id, pos) VALUES (?, ?, ?)",
            sorted(names),
        )
        conn.executemany(
            "INSERT INTO entity_totals (key, name, type, mentions, stories) "
            "VALUES (?, ?, ?, ?, 1) ON CONFLICT (key) DO UPDATE SET "
            "mentions = entity_totals.mentions + excluded.mentions, "
            "stories = entity_totals.stories + 1",
            [(key, *value) for key, value in totals.items()],
        )
    if expectations:
        conn.executemany(
            "INSERT INTO story_expectations (story_id, pos, status, window_end, last_report, "
            "value, story_updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (story_id, pos, fold(x.status), _day(x.window_end), _day(x.last_report),
                 json_text(x.view, f"an expectation of {story_id}"), updated)
                for pos, x in enumerate(expectations)
            ],
        )  # fmt: skip


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()[:10]


def entity_totals(
    conn: _Connection, name: str | None, limit: int, offset: int, stories: int
) -> tuple[int, list[EntityTotal]]:
    if name is not None:
        return _named_totals(conn, fold(name), limit, offset, stories)
    counted = conn.execute("SELECT n AS v FROM knowledge_counts WHERE name = 'entities'")
    total = int(counted.fetchone()["v"])  # kept by triggers (schema 8 in SQLite, 6 in PostgreSQL)
    page = conn.execute(
        "SELECT key, name, type, mentions, stories FROM entity_totals "
        "ORDER BY mentions DESC, name, type LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    found = []
    for row in page:
        members = conn.execute(
            "SELECT story_id, aliases FROM story_entities WHERE key = ? "
            "ORDER BY story_updated DESC, story_id, pos LIMIT ?",
            (row["key"], stories),
        ).fetchall()
        story_ids = list(dict.fromkeys(m["story_id"] for m in members))
        found.append(
            EntityTotal(
                row["name"], row["type"], int(row["mentions"]), int(row["stories"]),
                _aliases(m["aliases"] for m in members), tuple(story_ids)
            )
        )  # fmt: skip
    return total, found


def _aliases(values: Any) -> tuple[str, ...]:
    """The aliases of JSON lists, in order, once each; each distinct list read once (a page of
    100 entities has 2,000 lists, most of them ``[]`` or repeated: json.loads of each was
    half the time of the page)."""
    seen: dict[str, None] = {}
    for value in dict.fromkeys(values):
        if value != "[]":
            seen.update(dict.fromkeys(json.loads(value)))
    return tuple(seen)


def _named_totals(
    conn: _Connection, folded: str, limit: int, offset: int, stories: int
) -> tuple[int, list[EntityTotal]]:
    """The entities named ``folded``, summed in SQL over the entries that are; then the page's
    latest stories each, read along the entity's index (issue 18: every entry of a common name
    was read, joined to its story, sorted and summed here: "United States", 4,000 stories at
    1,000,000 articles, 137 ms)."""
    totals = conn.execute(
        "SELECT e.key, e.name, e.type, sum(e.mentions) AS mentions, "
        "count(DISTINCT e.story_id) AS stories FROM story_entity_names n "
        "JOIN story_entities e ON e.story_id = n.story_id AND e.pos = n.pos "
        "WHERE n.folded = ? GROUP BY e.key, e.name, e.type "
        "ORDER BY mentions DESC, e.name, e.type",
        (folded,),
    ).fetchall()
    found = []
    for row in totals[offset : offset + limit]:
        members = conn.execute(
            "SELECT e.story_id, e.aliases FROM story_entities e WHERE e.key = ? AND EXISTS "
            "(SELECT 1 FROM story_entity_names n "
            "WHERE n.folded = ? AND n.story_id = e.story_id AND n.pos = e.pos) "
            "ORDER BY e.story_updated DESC, e.story_id, e.pos LIMIT ?",
            (row["key"], folded, stories),
        ).fetchall()
        found.append(
            EntityTotal(
                row["name"], row["type"], int(row["mentions"]), int(row["stories"]),
                _aliases(m["aliases"] for m in members),
                tuple(dict.fromkeys(m["story_id"] for m in members)),
            )
        )  # fmt: skip
    return len(totals), found


def expectation_page(
    conn: _Connection, status: str | None, as_of: date | None, limit: int, offset: int
) -> tuple[int, list[tuple[str, str, dict[str, Any]]]]:
    where, params = "", []
    if status is not None:
        where = f"WHERE {_JUDGED_IS}"
        params = status_params(status, as_of)
    count = f"SELECT count(*) AS v FROM story_expectations x {where}"
    total = int(conn.execute(count, params).fetchone()["v"])
    if status is not None:
        # the page's keys read along the ledger index of each stored status it can come from
        # (merged when two), stopping at the page; then the page's rows
        keys, key_params = _status_keys(status, as_of)
        rows = conn.execute(
            f"WITH m AS MATERIALIZED ({keys} "
            "ORDER BY story_updated DESC, story_id, pos LIMIT ? OFFSET ?) "
            "SELECT x.story_id, s.title, x.value FROM m "
            "JOIN story_expectations x ON x.story_id = m.story_id AND x.pos = m.pos "
            "JOIN stories s ON s.id = x.story_id "
            "ORDER BY m.story_updated DESC, m.story_id, m.pos",
            [*key_params, limit, offset],
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT x.story_id, s.title, x.value FROM story_expectations x "
            f"JOIN stories s ON s.id = x.story_id {where} "
            "ORDER BY x.story_updated DESC, x.story_id, x.pos LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
    return total, [(r["story_id"], r["title"], json.loads(r["value"])) for r in rows]


def _status_keys(status: str, as_of: date | None) -> tuple[str, list[str | None]]:
    """The keys (story_updated, story_id, pos) of the entries of a status as judged, one
    equality on the stored status per arm, so that each arm is read in the ledger's order from
    ``story_expectations_ledger`` (an ``IN`` of two statuses had every match sorted)."""
    folded, stored, day, _ = status_params(status, as_of)
    arm = (
        "SELECT x.story_updated, x.story_id, x.pos FROM story_expectations x "
        f"WHERE x.status = ? AND {_JUDGED} = ?"
    )
    arms, params = [arm], [stored, day, folded]
    if folded != stored:  # overdue, unreported: judged from pending, or stored as such
        arms.append(arm)
        params += [folded, day, folded]
    return " UNION ALL ".join(arms), params
