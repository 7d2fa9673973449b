"""A big synthetic store for ``benchmarks/load.py --db``, written through the Store API.

    python benchmarks/big_store.py --articles 200000 --db /tmp/big.db

Filling a store of 200,000 articles through the whole pipeline (embeddings, clustering and
the spaCy analysis of every story) takes hours on a 2-core machine; the read routes only need
what the pipeline leaves behind. So:

1. **Templates**: ``--templates`` articles of ``load.py``'s synthetic stream (real ECB+
   sentences) go through the real pipeline with analysis (``Pipeline.ingest(analyse=True)``);
   each resulting story's stored knowledge (entities, events, timeline, summary, expectation
   ledger) is a template.
2. **Fill**: ``--articles`` more articles of the same stream are written with
   ``Store.add_articles`` (their ``story_id`` set, a raw input per 1,000), grouped into stories
   of 1 to 40 articles (mean about 10), each story's summary saved and its knowledge set from a
   template with the key of its own articles (so it is current, not stale) and indexed
   (``Store.put_story_knowledge``) as the pipeline indexes it. Half of each
   story's entities get a per-story suffix (``name #k``, k among 20,000), so the store holds many
   distinct entities as a real one does, not 30 repeated ones.

The articles carry no assignment explanation and no embedding (an ingest embeds lazily).
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from load import jsonl, load_pool, make_articles

from storyline import Pipeline, open_store
from storyline.knowledge.stored import index_rows, knowledge_key, state_key
from storyline.knowledge.stories import summarise_story
from storyline.records import Article, RawInput

RAW_BATCH = 1000
DISTINCT_SUFFIXES = 20_000


def templates(db: str, count: int, seed: int) -> list[dict[str, Any]]:
    """The stored knowledge of the stories of ``count`` articles run through the pipeline."""
    pool = load_pool(seed)
    with open_store(db) as store, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "templates.jsonl"
        path.write_bytes(jsonl(make_articles(pool, 10_000_000, count, seed)))
        Pipeline(store).ingest([path], analyse=True)
        found = [store.get_state(state_key(s)) for s in store.story_ids()]
    return [f["value"] for f in found if f and f["value"].get("entities")]


def _knowledge(template: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    value = copy.deepcopy(template)
    for entity in value.get("entities", []):
        if rng.random() < 0.5:
            entity["name"] = f"{entity['name']} #{rng.randrange(DISTINCT_SUFFIXES)}"
    return value


def fill(db: str, target: int, pool_templates: list[dict[str, Any]], seed: int) -> None:
    rng = random.Random(seed)
    pool = load_pool(seed)
    with open_store(db) as store:
        start = store.count_articles()
        story_n = len(store.story_ids())
        pending: list[Article] = []
        for batch in range(start, target, RAW_BATCH):
            rows = list(make_articles(pool, batch, min(RAW_BATCH, target - batch), seed))
            body = jsonl(iter(rows))
            raw = RawInput.from_bytes(f"big-{batch}.jsonl", body, "jsonl")
            articles = [_article(row, raw.sha256, n) for n, row in enumerate(rows, batch + 1)]
            with store.transaction():
                store.add_raw(raw)
                pending.extend(articles)
                while len(pending) >= 40 or (pending and batch + RAW_BATCH >= target):
                    size = min(len(pending), rng.randint(1, 19) if rng.random() < 0.9 else 40)
                    story, pending = pending[:size], pending[size:]
                    _story(store, f"big-{story_n:07d}", story, rng.choice(pool_templates), rng)
                    story_n += 1
            print(f"  {batch + len(rows)}/{target} articles, {story_n} stories", file=sys.stderr)


def _article(row: dict[str, Any], sha: str, seq: int) -> Article:
    from datetime import datetime

    text = row["text"]
    return Article(
        id=row["id"],
        raw_id=sha,
        path="big.jsonl",
        format="jsonl",
        entry=row["id"],
        url=row["url"],
        source=row["source"],
        title=row["title"],
        published=datetime.fromisoformat(row["published"]),
        raw_text=text,
        text=text,
        language="en",
        seq=seq,
    )


def _story(
    store: Any, story_id: str, articles: list[Article], template: dict[str, Any], rng: random.Random
) -> None:
    members = [Article(**{**_fields(a), "story_id": story_id}) for a in articles]
    store.add_articles(members)
    store.put_story(summarise_story(story_id, members))
    value = _knowledge(template, rng)
    store.put_state(state_key(story_id), {"key": knowledge_key(members), "value": value})
    store.put_story_knowledge(story_id, *index_rows(value))  # as the pipeline stores it


def _fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        pool_templates = templates(str(Path(folder) / "templates.db"), args.templates, args.seed)
    print(f"{len(pool_templates)} templates in {time.perf_counter() - started:.0f} s", flush=True)
    fill(args.db, args.articles, pool_templates, args.seed)
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
