"""Lazy dense embeddings: the clusterer embeds an article only when its decision needs it."""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from _cluster_samples import STREAM, make

from storyline.cluster.clusterer import StoryClusterer
from storyline.config import ClusterConfig
from storyline.embed.models import HashingEmbedder, embed_articles
from storyline.errors import ConfigError

EVERY = ClusterConfig(dense_band=(0.0, float("inf")), dense_rescore=20)


class _Counting(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(dim=64)
        self.texts: Counter[str] = Counter()
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts.update(texts)
        return super().embed(texts)


def _feed(config: ClusterConfig, articles: Sequence[Any]) -> tuple[StoryClusterer, _Counting]:
    embedder = _Counting()
    clusterer = StoryClusterer(config, embedder)
    for article in articles:
        story_id = clusterer.predict_one(article)
        clusterer.learn_one(dataclasses.replace(article, story_id=story_id))
    return clusterer, embedder


def test_an_article_with_no_candidate_is_not_embedded() -> None:
    clusterer, embedder = _feed(ClusterConfig(), STREAM[:1])
    assert embedder.calls == 0
    assert clusterer.embedding_of(STREAM[0]) is None


def test_each_text_is_embedded_at_most_once() -> None:
    for config in (ClusterConfig(dense_band=(0.9, 1.1)), EVERY):
        _, embedder = _feed(config, STREAM)
        assert max(embedder.texts.values(), default=1) == 1
    assert embedder.texts


def test_the_band_embeds_fewer_articles_than_every_decision() -> None:
    _, lazy = _feed(ClusterConfig(dense_band=(0.9, 1.1)), STREAM)
    _, every = _feed(EVERY, STREAM)
    assert sum(lazy.texts.values()) < sum(every.texts.values()) <= len(STREAM)


def test_a_decision_in_the_band_gives_the_candidate_story_its_first_article_vector() -> None:
    first = make("Harbour council approves the ferry budget for the island route.", days=0.0)
    clusterer = StoryClusterer(EVERY, _Counting())
    clusterer.learn_one(dataclasses.replace(first, story_id="s1"))
    story = clusterer._stories["s1"]
    assert story.emb_sum is None and story.lead is not None
    clusterer.explain_one(make("The harbour council ferry budget for the island.", days=0.1))
    assert story.emb_sum is not None and story.lead is None


def test_outside_the_band_the_lexical_decision_stands() -> None:
    never = ClusterConfig(dense_band=(0.0, 0.0))  # an empty band: no decision is unsure
    clusterer, embedder = _feed(never, STREAM)
    lexical, _ = _feed(ClusterConfig(weight_dense=0.0), STREAM)
    assert embedder.calls == 0  # no headline-only article in the stream
    for article in STREAM:
        assert clusterer.story_of(article.id) == lexical.story_of(article.id)


def test_given_embeddings_are_used_and_the_embedder_is_not_called() -> None:
    embedded = embed_articles(STREAM, HashingEmbedder(dim=64), lead_chars=600)
    clusterer, embedder = _feed(EVERY, embedded)
    assert embedder.calls == 0
    vector = clusterer.embedding_of(embedded[0])
    assert vector is not None and embedded[0].embedding is not None
    np.testing.assert_allclose(vector, embedded[0].embedding, atol=1e-6)


def test_lazy_embedding_mutates_no_input() -> None:
    before = copy.deepcopy(STREAM)
    _feed(EVERY, STREAM)
    assert all(a.embedding is None for a in STREAM)
    assert [dataclasses.replace(a) for a in STREAM] == before


def test_lazy_runs_are_deterministic() -> None:
    first, _ = _feed(ClusterConfig(), STREAM)
    second, _ = _feed(ClusterConfig(), STREAM)
    assert [first.story_of(a.id) for a in STREAM] == [second.story_of(a.id) for a in STREAM]


@pytest.mark.parametrize(
    "bad", [{"dense_band": (0.5, 0.4)}, {"dense_band": (-0.1, 1.0)}, {"dense_rescore": 0}]
)
def test_bad_lazy_parameters_are_config_errors(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        StoryClusterer(dataclasses.replace(ClusterConfig(), **bad))


def test_the_same_decisions_with_or_without_the_rows_looked_up_for_ranking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Members stored from the rows looked up for ranking (when they hold every key) decide
    as members stored from Vocabulary.add: the same assignments and member rows."""
    import storyline.cluster.clusterer as module

    texts = [
        "Storm floods the river town; the mayor orders an evacuation of the river town",
        "The river town is evacuated as the storm floods it, the mayor says",
        "Mayor of the river town: the storm floods are receding after the evacuation",
        "Central bank raises rates again as inflation stays high, the governor says",
        "Storm floods the river town again; evacuation ordered by the mayor",
        "The mayor of the river town orders the evacuation as the storm floods",  # known words
    ]
    articles = [make(t, title=t.split(";")[0], days=i * 0.1) for i, t in enumerate(texts)]

    def run() -> tuple[list[str], list[list[int]]]:
        clusterer = StoryClusterer(ClusterConfig())
        ids = []
        for article in articles:
            ids.append(clusterer.predict_one(article))
            clusterer.learn_one(article)
        rows = [r.ids.tolist() for s in clusterer._stories.values() for r in s.members.rows()[0]]
        return ids, rows

    shipped_known_row = module._known_row
    reused: list[bool] = []

    def known_row(row: Any, vec: dict[str, float]) -> Any:
        found = shipped_known_row(row, vec)
        reused.append(found is not None and len(vec) > 0)
        return found

    monkeypatch.setattr(module, "_known_row", known_row)
    shipped = run()
    assert any(reused)  # some member's row was the looked-up one
    monkeypatch.setattr(module, "_known_row", lambda row, vec: None)  # always Vocabulary.add
    assert run() == shipped
