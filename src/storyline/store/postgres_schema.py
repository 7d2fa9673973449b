"""The PostgreSQL store's schema: the ordered migrations that build it, and its version.

The tables, columns and encodings are the SQLite store's (:mod:`storyline.store.rows`), so a
record reads back the same from either. What differs is PostgreSQL's own: an identity
``rid``, ``BYTEA`` for bytes, ``timestamptz`` for the bookkeeping times, and full-text
search through a generated ``tsvector`` column (title weighted above the body) under a text
search configuration that folds case and accents (``unaccent``, a trusted extension of
PostgreSQL's contrib, so the database owner may create it).

``MIGRATIONS[i]`` takes a schema from version ``i`` to ``i + 1``; append, never edit.
``{unaccent}`` in a statement stands for the extension's dictionary, named with the schema the
extension lives in (it is created once per database, in the first store's schema, and every
store's schema uses that one).
"""

from __future__ import annotations

from storyline.store.sqlite_schema import (
    ENTITY_COUNT_MIGRATION,
    KNOWLEDGE_INDEX_MIGRATION,
    LEDGER_ORDER_MIGRATION,
    SOURCES_MIGRATION,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SEARCH_BODY_CHARS",
    "SEARCH_CONFIG",
    "SEARCH_TITLE_CHARS",
]

#: The text search configuration of the ``search`` column and of queries.
SEARCH_CONFIG = "storyline_search"
_BODY = "CASE WHEN text <> '' THEN text ELSE raw_text END"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.simple)",
        f"""ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH {{unaccent}}, simple""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE raw_inputs (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size BIGINT NOT NULL,
            content BYTEA NOT NULL,
            added_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
        f"""CREATE TABLE articles (
            rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            seq BIGINT NOT NULL,
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
            duplicate_similarity DOUBLE PRECISION,
            embedding BYTEA,
            embedding_dim INTEGER,
            story_id TEXT,
            meta TEXT NOT NULL,
            added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            search TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(title, '')), 'A')
                || setweight(to_tsvector('{SEARCH_CONFIG}', {_BODY}), 'B')) STORED)""",
        "CREATE INDEX articles_published ON articles (published_utc, seq)",
        "CREATE INDEX articles_seq ON articles (seq)",
        "CREATE INDEX articles_story ON articles (story_id)",
        "CREATE INDEX articles_raw ON articles (raw_id)",
        "CREATE INDEX articles_text_hash ON articles (text_hash)",
        "CREATE INDEX articles_search ON articles USING gin (search)",
        """CREATE TABLE rejections (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            path TEXT NOT NULL,
            entry TEXT NOT NULL,
            reason TEXT NOT NULL,
            raw_sha256 TEXT,
            added_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
        """CREATE UNIQUE INDEX rejections_unique
            ON rejections (path, entry, reason, coalesce(raw_sha256, ''))""",
        """CREATE TABLE assignments (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            story_id TEXT NOT NULL,
            new_story INTEGER NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            lexical DOUBLE PRECISION NOT NULL,
            dense DOUBLE PRECISION NOT NULL,
            time_gap_days DOUBLE PRECISION,
            shared_terms TEXT NOT NULL,
            shared_names TEXT NOT NULL,
            best_other_story TEXT,
            reason TEXT NOT NULL)""",
        "CREATE INDEX assignments_story ON assignments (story_id)",
        """CREATE TABLE state (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
        """CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            value TEXT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
        """CREATE TABLE stories (
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
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
        "CREATE INDEX stories_updated ON stories (last_reported_utc DESC NULLS LAST, id)",
        """CREATE INDEX stories_size
            ON stories (n_articles DESC, last_reported_utc DESC NULLS LAST, id)""",
        """CREATE TABLE story_facets (
            story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (kind, value, story_id))""",
        "CREATE INDEX story_facets_story ON story_facets (story_id)",
    ),
)

# The search vector reads the first SEARCH_BODY_CHARS characters of the body and
# SEARCH_TITLE_CHARS of the title: a tsvector holds at most 1 MB, and a 2.55 MB text of
# random words made a 3.47 MB one, which stopped the ingest ("string is too long for
# tsvector"). The worst 200,000-character texts tried (distinct 5-letter words, two-character
# CJK words, "a1 a2 ...") made 458 / 313 / 420 KB. Longer articles are found by words in that
# first part (news articles run to tens of thousands of characters).
SEARCH_BODY_CHARS = 200_000
SEARCH_TITLE_CHARS = 1_000

MIGRATIONS += (
    (  # 1 -> 2: the search vector over bounded lengths (above)
        "ALTER TABLE articles DROP COLUMN search",  # drops articles_search with it
        f"""ALTER TABLE articles ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
            setweight(to_tsvector('{SEARCH_CONFIG}',
                left(coalesce(title, ''), {SEARCH_TITLE_CHARS})), 'A')
            || setweight(to_tsvector('{SEARCH_CONFIG}',
                left({_BODY}, {SEARCH_BODY_CHARS})), 'B')) STORED""",
        "CREATE INDEX articles_search ON articles USING gin (search)",
    ),
)

# A B-tree entry holds at most ~2.7 KB, and a rejection's path, entry and reason come from the
# input (a JSON id of 6,000 random characters stopped the ingest: "index row size exceeds
# btree version 4 maximum"). Rejections are told apart by an MD5 of the four fields, each
# length-prefixed so that no two different rows make the same string.
_REJECTION_KEY = (
    "md5(length(path)::text || ':' || path || length(entry)::text || ':' || entry"
    " || length(reason)::text || ':' || reason || coalesce(raw_sha256, ''))"
)
MIGRATIONS += (
    (  # 2 -> 3: rejections unique by a hash of their fields (above)
        "DROP INDEX rejections_unique",
        f"CREATE UNIQUE INDEX rejections_unique ON rejections ({_REJECTION_KEY})",
    ),
)
# 3 -> 4: the sources of storyline follow, as in SQLite (sqlite_schema.SOURCES_MIGRATION),
# with an identity id.
MIGRATIONS += (
    tuple(
        s.replace(
            "id INTEGER PRIMARY KEY", "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        )
        .replace("every_s REAL", "every_s DOUBLE PRECISION")
        .replace("source_id INTEGER", "source_id BIGINT")
        for s in SOURCES_MIGRATION
    ),
)
# 4 -> 5: the index of the stories' knowledge, as in SQLite (KNOWLEDGE_INDEX_MIGRATION); names
# sort as Python sorts them (by code point: COLLATE "C"), as in SQLite.
MIGRATIONS += (
    tuple(
        s.replace(
            "name TEXT NOT NULL,\n        type TEXT NOT NULL,",
            'name TEXT COLLATE "C" NOT NULL,\n        type TEXT COLLATE "C" NOT NULL,',
        ).replace("mentions INTEGER", "mentions BIGINT")
        for s in KNOWLEDGE_INDEX_MIGRATION
    ),
)
# 5 -> 6: the count of entity_totals' rows, as in SQLite (ENTITY_COUNT_MIGRATION), kept by a
# row trigger (ON CONFLICT DO UPDATE fires no AFTER INSERT trigger for the rows it updates).
MIGRATIONS += (
    (
        *(s.replace("n INTEGER", "n BIGINT") for s in ENTITY_COUNT_MIGRATION),
        """CREATE FUNCTION entity_totals_counted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE knowledge_counts SET n = n + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END)
            WHERE name = 'entities';
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER entity_totals_counted AFTER INSERT OR DELETE ON entity_totals
            FOR EACH ROW EXECUTE FUNCTION entity_totals_counted()""",
    ),
)
# 6 -> 7: the ledger's status index in the ledger's order, as in SQLite (LEDGER_ORDER_MIGRATION).
MIGRATIONS += (LEDGER_ORDER_MIGRATION,)
SCHEMA_VERSION = len(MIGRATIONS)
