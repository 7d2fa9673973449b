"""The clusterer's inverted index: which active stories are listed under a term or a name.

:class:`~storyline.cluster.StoryClusterer` indexes each active story under its top terms and
names and finds an article's candidate stories by the weight of the keys they share with it,
never by walking all stories. Each key's posting list keeps at most ``cap`` stories, the most
recently (re)indexed last: a story indexed again moves to the end, and when a list is full the
story that has gone longest without growing drops out of that key only. So a lookup costs the
same however many stories are active (``ClusterConfig.max_postings``).

Read as a mapping: key -> the story ids listed under it (oldest first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain

__all__ = ["PostingIndex"]


class PostingIndex(Mapping[str, Mapping[str, None]]):
    """Key -> story ids (an insertion-ordered dict used as an ordered set), capped per key."""

    def __init__(self, cap: int = 0) -> None:
        if cap < 0:
            raise ValueError(f"cap must be >= 0, got {cap}")
        self.cap = cap  # 0: no cap
        self._postings: dict[str, dict[str, None]] = {}

    def __getitem__(self, key: str) -> Mapping[str, None]:
        return self._postings[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._postings)

    def __len__(self) -> int:
        return len(self._postings)

    def add(self, story_id: str, keys: Iterable[str]) -> None:
        """List the story under ``keys``, last; a full list drops its first (longest-quiet)."""
        cap = self.cap
        for key in keys:
            postings = self._postings.setdefault(key, {})
            postings.pop(story_id, None)  # listed already: it moves to the end
            postings[story_id] = None
            if cap and len(postings) > cap:
                del postings[next(iter(postings))]

    def remove(self, story_id: str, keys: Iterable[str]) -> None:
        """Take the story off ``keys`` (keys it was dropped from are skipped)."""
        for key in keys:
            postings = self._postings.get(key)
            if postings is not None:
                postings.pop(story_id, None)
                if not postings:
                    del self._postings[key]

    def counts(self, keys: Iterable[str]) -> Counter[str]:
        """Story id -> how many of ``keys`` it is listed under: :meth:`overlap` with every
        weight 1, counted in C (a grown story asks with its own index keys, ~80 x 16 ids)."""
        get = self._postings.get
        return Counter(chain.from_iterable(get(key, ()) for key in keys))

    def overlap(self, query: Iterable[tuple[str, float]]) -> dict[str, float]:
        """Story id -> the summed weights of the query keys it is listed under."""
        out: dict[str, float] = {}
        get = self._postings.get
        for key, weight in query:
            for story_id in get(key, ()):
                out[story_id] = out.get(story_id, 0.0) + weight
        return out
