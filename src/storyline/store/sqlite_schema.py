"""The SQLite store's schema: the ordered migrations that build it, and its version.

``MIGRATIONS[i]`` takes a database from schema version ``i`` to ``i + 1``;
:class:`~storyline.store.sqlite.SQLiteStore` applies the missing ones when it opens a file.
Append, never edit: a database written at version ``i`` must migrate to any later version.
"""

from __future__ import annotations

__all__ = [
    "ENTITY_COUNT_MIGRATION",
    "KNOWLEDGE_INDEX_MIGRATION",
    "LEDGER_ORDER_MIGRATION",
    "MIGRATIONS",
    "NOW_SQL",
    "SCHEMA_VERSION",
    "SEARCH_WINDOW",
    "SOURCES_MIGRATION",
    "WINDOW_CONTENTLESS_MIGRATION",
]

# The current UTC time as SQLite writes it in the timestamp columns.
NOW_SQL = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
_FTS_BODY = "CASE WHEN new.text <> '' THEN new.text ELSE new.raw_text END"
_FTS_OLD_BODY = _FTS_BODY.replace("new.", "old.")

# 2 -> 3: story summaries, so that the story list need not read every article.
_STORIES_MIGRATION: tuple[str, ...] = (
    f"""CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        n_articles INTEGER NOT NULL,
        independent_origins INTEGER NOT NULL,
        first_reported TEXT,
        first_reported_utc TEXT,
        last_reported TEXT,
        last_reported_utc TEXT,
        first_article_id TEXT,
        article_ids TEXT NOT NULL,
        sources TEXT NOT NULL,
        languages TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT {NOW_SQL})""",
    "CREATE INDEX stories_updated ON stories (last_reported_utc DESC, id)",
    "CREATE INDEX stories_size ON stories (n_articles DESC, last_reported_utc DESC, id)",
    """CREATE TABLE story_facets (
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, value, story_id)) WITHOUT ROWID""",
    "CREATE INDEX story_facets_story ON story_facets (story_id)",
)

# MIGRATIONS[i] takes a database from schema version i to i + 1. Append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"""CREATE TABLE raw_inputs (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            content BLOB NOT NULL,
            added_at TEXT NOT NULL DEFAULT {NOW_SQL})""",
        f"""CREATE TABLE articles (
            rid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            seq INTEGER NOT NULL,
            raw_id TEXT NOT NULL REFERENCES raw_inputs (sha256),
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            entry TEXT NOT NULL,
            url TEXT,
            source TEXT,
            title TEXT,
            published TEXT,
            published_utc TEXT,
            raw_text TEXT NOT NULL,
            text TEXT NOT NULL,
            removed_lines TEXT NOT NULL,
            language TEXT,
            text_hash TEXT,
            duplicate_of TEXT,
            duplicate_kind TEXT,
            duplicate_similarity REAL,
            embedding BLOB,
            embedding_dim INTEGER,
            story_id TEXT,
            meta TEXT NOT NULL,
            added_at TEXT NOT NULL DEFAULT {NOW_SQL})""",
        "CREATE INDEX articles_published ON articles (published_utc, seq)",
        "CREATE INDEX articles_seq ON articles (seq)",
        "CREATE INDEX articles_story ON articles (story_id)",
        "CREATE INDEX articles_raw ON articles (raw_id)",
        "CREATE INDEX articles_text_hash ON articles (text_hash)",
        f"""CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            entry TEXT NOT NULL,
            reason TEXT NOT NULL,
            raw_sha256 TEXT,
            added_at TEXT NOT NULL DEFAULT {NOW_SQL})""",
        """CREATE UNIQUE INDEX rejections_unique
            ON rejections (path, entry, reason, ifnull(raw_sha256, ''))""",
        """CREATE TABLE assignments (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            story_id TEXT NOT NULL,
            new_story INTEGER NOT NULL,
            score REAL NOT NULL,
            lexical REAL NOT NULL,
            dense REAL NOT NULL,
            time_gap_days REAL,
            shared_terms TEXT NOT NULL,
            shared_names TEXT NOT NULL,
            best_other_story TEXT,
            reason TEXT NOT NULL)""",
        "CREATE INDEX assignments_story ON assignments (story_id)",
        f"""CREATE TABLE state (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL DEFAULT {NOW_SQL})""",
        """CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, body, tokenize = 'unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, body)
            VALUES (new.rid, ifnull(new.title, ''), {_FTS_BODY});
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            DELETE FROM articles_fts WHERE rowid = old.rid;
        END""",
        f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, raw_text ON articles
        BEGIN
            DELETE FROM articles_fts WHERE rowid = old.rid;
            INSERT INTO articles_fts (rowid, title, body)
            VALUES (new.rid, ifnull(new.title, ''), {_FTS_BODY});
        END""",
    ),
    (  # 1 -> 2: the per-article analysis cache (entities, events) of storyline.knowledge
        f"""CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL DEFAULT {NOW_SQL})""",
    ),
    _STORIES_MIGRATION,  # 2 -> 3: story summaries
    (  # 3 -> 4: an update re-indexes an article for search only when its title or body
        # changed (an ingest rewrites every row once it is assigned; most keep their text)
        "DROP TRIGGER articles_fts_update",
        f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, raw_text ON articles
        WHEN ifnull(old.title, '') IS NOT ifnull(new.title, '')
            OR ({_FTS_OLD_BODY}) IS NOT ({_FTS_BODY})
        BEGIN
            DELETE FROM articles_fts WHERE rowid = old.rid;
            INSERT INTO articles_fts (rowid, title, body)
            VALUES (new.rid, ifnull(new.title, ''), {_FTS_BODY});
        END""",
    ),
    # 4 -> 5: no statement. From 5 on, raw inputs may be zlib-compressed (content shorter than
    # size) and state and analysis values are zlib-compressed JSON (BLOB), which a Storyline
    # of schema 4 would misread: the version makes it refuse the file instead. Rows written
    # before stay as they are and are read as they are.
    (),
)

# 5 -> 6: the sources storyline follow polls, and the feed items it has stored (by canonical
# URL and by feed GUID), so that an item is never fetched twice. Times are UTC ISO-8601 text
# (storyline.store.rows.utc_text), the same in both backends.
SOURCES_MIGRATION: tuple[str, ...] = (
    """CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT,
        kind TEXT,
        every_s REAL NOT NULL,
        allow_private INTEGER NOT NULL,
        etag TEXT,
        last_modified TEXT,
        added_at TEXT NOT NULL,
        last_fetch TEXT,
        last_new TEXT,
        next_due TEXT,
        errors_in_row INTEGER NOT NULL DEFAULT 0,
        last_error TEXT)""",
    """CREATE TABLE source_items (
        key TEXT PRIMARY KEY,
        source_id INTEGER,
        raw_sha256 TEXT NOT NULL,
        fetched_at TEXT NOT NULL)""",
    "CREATE INDEX source_items_fetched ON source_items (fetched_at)",
    "CREATE INDEX source_items_source ON source_items (source_id, fetched_at)",
)
MIGRATIONS += (SOURCES_MIGRATION,)

# 6 -> 7: each story's stored knowledge indexed for the reads across stories (issue 18: listing
# the entities read every story's knowledge, 16 s at 200,000 articles). story_entities holds
# one row per entity of a story (``key``: an MD5 of its name and type, so that long names make
# short index entries; ``story_updated``: the story's last report, UTC, '' if undated, kept in
# step by put_story, so that an entity's latest stories, and a page of the ledger, are read
# from an index in the story list's order),
# story_entity_names its name and aliases folded (the entity filter),
# entity_totals the mentions and stories per key summed over the stories (the entity list is
# read from its index, most mentioned first), story_expectations the open ledger (the status
# a reader sees is judged against the store's clock at read time).
KNOWLEDGE_INDEX_MIGRATION: tuple[str, ...] = (
    """CREATE TABLE story_entities (
        story_id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        aliases TEXT NOT NULL,
        story_updated TEXT NOT NULL,
        PRIMARY KEY (story_id, pos))""",
    """CREATE INDEX story_entities_key
        ON story_entities (key, story_updated DESC, story_id, pos)""",
    """CREATE TABLE story_entity_names (
        folded TEXT NOT NULL,
        story_id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        PRIMARY KEY (folded, story_id, pos))""",
    "CREATE INDEX story_entity_names_story ON story_entity_names (story_id)",
    """CREATE TABLE entity_totals (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        stories INTEGER NOT NULL)""",
    "CREATE INDEX entity_totals_order ON entity_totals (mentions DESC, name, type)",
    """CREATE TABLE story_expectations (
        story_id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        status TEXT NOT NULL,
        window_end TEXT,
        last_report TEXT,
        value TEXT NOT NULL,
        story_updated TEXT NOT NULL,
        PRIMARY KEY (story_id, pos))""",
    """CREATE INDEX story_expectations_order
        ON story_expectations (story_updated DESC, story_id, pos)""",
    """CREATE INDEX story_expectations_status
        ON story_expectations (status, window_end, last_report, story_id)""",
    # A store holding no story's knowledge yet has its index complete: the pipeline's marker
    # (storyline.pipeline.core, state "knowledge_index"); any other is filled by the first
    # Pipeline that reads it with write access.
    """INSERT INTO state (name, value) SELECT 'knowledge_index', '{"built": true}'
        WHERE NOT EXISTS (SELECT 1 FROM state WHERE name LIKE 'knowledge:%')""",
)
MIGRATIONS += (KNOWLEDGE_INDEX_MIGRATION,)

# 7 -> 8: how many rows entity_totals has, kept by triggers (issue 18: counting them for each
# page of /api/entities took 4-22 ms of a 15-25 ms page at 200,000 articles). An upsert that
# updates a row fires no insert trigger.
# The ledger's status index also covers each entry's place in the ledger's order, so that the
# entries of a rare status are found and sorted from it (238 of 21,193 took 24-54 ms along the
# ledger's order; a full scan once the entries were found by status).
ENTITY_COUNT_MIGRATION: tuple[str, ...] = (
    "CREATE TABLE knowledge_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL)",
    "INSERT INTO knowledge_counts (name, n) SELECT 'entities', count(*) FROM entity_totals",
    "DROP INDEX story_expectations_status",
    """CREATE INDEX story_expectations_status ON story_expectations
        (status, window_end, last_report, story_updated, story_id, pos)""",
)
MIGRATIONS += (
    (
        *ENTITY_COUNT_MIGRATION,
        """CREATE TRIGGER entity_totals_added AFTER INSERT ON entity_totals BEGIN
            UPDATE knowledge_counts SET n = n + 1 WHERE name = 'entities';
        END""",
        """CREATE TRIGGER entity_totals_removed AFTER DELETE ON entity_totals BEGIN
            UPDATE knowledge_counts SET n = n - 1 WHERE name = 'entities';
        END""",
    ),
)

# 8 -> 9: the ledger's status index in the ledger's order (status, then the story list's order),
# still covering what judging a status needs, so that a page of a status is read along it and
# stops at the page (issue 18: a page of "pending" sorted all 20,090 pending entries at 200,000
# articles, 5x as many at 1,000,000); it replaces the status index of 8, which it covers.
LEDGER_ORDER_MIGRATION: tuple[str, ...] = (
    "DROP INDEX story_expectations_status",
    """CREATE INDEX story_expectations_ledger ON story_expectations
        (status, story_updated DESC, story_id, pos, window_end, last_report)""",
)
MIGRATIONS += (LEDGER_ORDER_MIGRATION,)

# 9 -> 10: a second search index over the latest SEARCH_WINDOW articles only (every article from
# its oldest on), kept in step by triggers. Issue 18: ranking a search's matches with FTS5's
# bm25 counts, for each word, every article that has it (its IDF): a 500-character search of
# common words counted ~290,000 postings at 200,000 articles (10 of its 20 ms) and 5x that at
# 1,000,000. When this window holds as many matches as a search ranks (SEARCH_RANKED), they are
# the latest matches of the whole store, and they are ranked here, by bm25 over the window's
# articles: the cost of ranking stops growing with the store. Measured on benchmarks/big_store.py's
# 200,000 articles with a window of 100,000 against the whole index: 80 long searches of common
# words (53 served by the window) and 40 searches of rare words (10), the same top 20 to 99.3%
# (at least 90%), the same order in 44 of 63; 13.8 ms of CPU against 19.2 (median). 200,000: the
# store size up to which ranking over the whole index stayed near 20 ms.
# The window's size is kept in meta ('search_window'), read by the triggers.
SEARCH_WINDOW = 200_000
_WINDOW_SIZE = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'search_window')"
_WINDOW_OLDEST = "(SELECT rowid FROM articles_fts_recent ORDER BY rowid LIMIT 1)"
SEARCH_WINDOW_MIGRATION: tuple[str, ...] = (
    """CREATE VIRTUAL TABLE articles_fts_recent USING fts5 (
        title, body, tokenize = 'unicode61 remove_diacritics 2')""",
    f"INSERT INTO meta (key, value) VALUES ('search_window', '{SEARCH_WINDOW}')",
    f"""INSERT INTO articles_fts_recent (rowid, title, body)
        SELECT rid, ifnull(title, ''), CASE WHEN text <> '' THEN text ELSE raw_text END
        FROM articles WHERE rid > (SELECT ifnull(max(rid), 0) FROM articles) - {_WINDOW_SIZE}""",
    f"""CREATE TRIGGER articles_fts_recent_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts_recent (rowid, title, body)
        VALUES (new.rid, ifnull(new.title, ''), {_FTS_BODY});
        DELETE FROM articles_fts_recent WHERE rowid <= new.rid - {_WINDOW_SIZE};
    END""",
    """CREATE TRIGGER articles_fts_recent_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts_recent WHERE rowid = old.rid;
    END""",
    # re-indexed when its text changed and it is in the window (from the window's oldest on)
    f"""CREATE TRIGGER articles_fts_recent_update AFTER UPDATE OF title, text, raw_text
        ON articles WHEN (ifnull(old.title, '') IS NOT ifnull(new.title, '')
            OR ({_FTS_OLD_BODY}) IS NOT ({_FTS_BODY})) AND old.rid >= {_WINDOW_OLDEST}
        BEGIN
            DELETE FROM articles_fts_recent WHERE rowid = old.rid;
            INSERT INTO articles_fts_recent (rowid, title, body)
            VALUES (new.rid, ifnull(new.title, ''), {_FTS_BODY});
        END""",
)
MIGRATIONS += (SEARCH_WINDOW_MIGRATION,)

# 10 -> 11: the window index keeps no copy of the text (FTS5 content=''): it is there to rank,
# and snippets are taken from the index of every article, which keeps one. Its copy was 290 MB
# of the 8.6 GB store of 1,000,000 articles, and a small store's second copy of every text
# (benchmarks/storage.py, HTML pages kept raw: 0.51x of the raw bytes, 0.48x without it; 0.39x
# before the window). A contentless table is told what to forget ('delete' with the values it
# indexed): the window holds every article from its oldest on, each as the article row says
# (the update trigger keeps it so), so the articles leaving it are read from their rows. Filled
# again from the articles on migration (1 min 40 s at 1,000,000 articles on the shared VM).
_WINDOW_BODY = "CASE WHEN text <> '' THEN text ELSE raw_text END"
WINDOW_CONTENTLESS_MIGRATION: tuple[str, ...] = (
    *(f"DROP TRIGGER articles_fts_recent_{event}" for event in ("insert", "delete", "update")),
    "DROP TABLE articles_fts_recent",
    """CREATE VIRTUAL TABLE articles_fts_recent USING fts5 (
        title, body, content = '', tokenize = 'unicode61 remove_diacritics 2')""",
    f"""INSERT INTO articles_fts_recent (rowid, title, body)
        SELECT rid, ifnull(title, ''), {_WINDOW_BODY}
        FROM articles WHERE rid > (SELECT ifnull(max(rid), 0) FROM articles) - {_WINDOW_SIZE}""",
    f"""CREATE TRIGGER articles_fts_recent_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts_recent (articles_fts_recent, rowid, title, body)
            SELECT 'delete', rid, ifnull(title, ''), {_WINDOW_BODY} FROM articles
            WHERE rid >= {_WINDOW_OLDEST} AND rid <= new.rid - {_WINDOW_SIZE};
        INSERT INTO articles_fts_recent (rowid, title, body)
        VALUES (new.rid, ifnull(new.title, ''), {_FTS_BODY});
    END""",
    f"""CREATE TRIGGER articles_fts_recent_delete AFTER DELETE ON articles
        WHEN old.rid >= {_WINDOW_OLDEST} BEGIN
        INSERT INTO articles_fts_recent (articles_fts_recent, rowid, title, body)
        VALUES ('delete', old.rid, ifnull(old.title, ''), {_FTS_OLD_BODY});
    END""",
    f"""CREATE TRIGGER articles_fts_recent_update AFTER UPDATE OF title, text, raw_text
        ON articles WHEN (ifnull(old.title, '') IS NOT ifnull(new.title, '')
            OR ({_FTS_OLD_BODY}) IS NOT ({_FTS_BODY})) AND old.rid >= {_WINDOW_OLDEST}
        BEGIN
            INSERT INTO articles_fts_recent (articles_fts_recent, rowid, title, body)
            VALUES ('delete', old.rid, ifnull(old.title, ''), {_FTS_OLD_BODY});
            INSERT INTO articles_fts_recent (rowid, title, body)
            VALUES (new.rid, ifnull(new.title, ''), {_FTS_BODY});
        END""",
)
MIGRATIONS += (WINDOW_CONTENTLESS_MIGRATION,)
SCHEMA_VERSION = len(MIGRATIONS)
