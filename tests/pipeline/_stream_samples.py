"""What the stream tests share: the example news in publication order, a store that counts the
articles it hands out, stories as sets of inputs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from storyline import Article, Store
from storyline.config import EmbedConfig, Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"
SETTINGS = Settings(embed=EmbedConfig(model="hashing"))  # fast, and the same in every run


class Reads:
    """Counts the articles a store hands out, by method (``iter_articles`` of one story is
    counted apart from a read of every article)."""

    def __init__(self, store: Store) -> None:
        self.counts: Counter[str] = Counter()
        for name in ("iter_articles", "articles_after", "articles_by_id"):
            if hasattr(store, name):  # (articles_after: a store before it had none)
                setattr(store, name, self._counting(name, getattr(store, name)))

    def _counting(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            found = method(*args, **kwargs)
            key = f"{name}(story)" if kwargs.get("story_id") else name
            if isinstance(found, list):
                self.counts[key] += len(found)
                return found
            return self._each(key, found)

        return counted

    def _each(self, key: str, found: Iterator[Article]) -> Iterator[Article]:
        for article in found:
            self.counts[key] += 1
            yield article


def dated_files() -> list[Path]:
    """The example articles with a sidecar, in publication order (ties by name)."""
    files = [p for p in EXAMPLES.glob("*.txt") if p.with_name(p.name + ".meta.json").exists()]
    published = {p: json.loads(p.with_name(p.name + ".meta.json").read_text()) for p in files}
    return sorted(files, key=lambda p: (published[p]["published"], p.name))


def feed(articles: list[Article], path: Path) -> Path:
    rows = (
        {
            "id": a.id,
            "title": a.title,
            "text": a.text,
            "language": "en",
            "published": a.published.isoformat() if a.published else None,
        }
        for a in articles
    )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article in store.iter_articles():
        assert article.story_id is not None
        groups.setdefault(article.story_id, set()).add(f"{article.path}#{article.entry}")
    return {frozenset(g) for g in groups.values()}
