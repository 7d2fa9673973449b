"""storyline.cluster.merge_model and the clusterer's learned merge decision."""

from __future__ import annotations

import json

import numpy as np
import pytest
from _cluster_samples import PHONE, QUAKE

from storyline.cluster.clusterer import StoryClusterer
from storyline.cluster.dense_index import CentroidIndex
from storyline.cluster.merge_model import (
    DEFAULT_MODEL_PATH,
    FEATURES,
    MergeModel,
    fit_logistic,
    load_merge_model,
)
from storyline.config import ClusterConfig
from storyline.embed.models import HashingEmbedder
from storyline.errors import ConfigError
from storyline.records import Article, article_id_for


def test_fit_logistic_separates_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] - 0.5 * x[:, 2] > 0).astype(float)
    w1, b1, mean, scale = fit_logistic(x, y, l2=0.1)
    w2, b2, _, _ = fit_logistic(x, y, l2=0.1)
    assert np.array_equal(w1, w2) and b1 == b2
    assert w1[0] > 0 > w1[2] and abs(w1[1]) < abs(w1[0]) / 5
    z = (x - mean) / scale @ w1 + b1
    assert float(((z > 0) == (y > 0)).mean()) > 0.95


def test_constant_features_get_no_weight() -> None:
    x = np.column_stack([np.linspace(-1, 1, 50), np.zeros(50)])
    y = (x[:, 0] > 0).astype(float)
    weights, _, _, scale = fit_logistic(x, y)
    assert weights[1] == pytest.approx(0.0, abs=1e-9) and scale[1] == 1.0


def test_shipped_model_loads_and_round_trips() -> None:
    model = load_merge_model()
    assert model.features == FEATURES and 0 < model.threshold < 1
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    assert MergeModel.from_dict(data) == model
    assert MergeModel.from_dict(model.to_dict()).weights == model.weights


def test_a_model_for_other_features_is_refused() -> None:
    data = load_merge_model().to_dict()
    data["features"] = [*data["features"][:-1], "something_else"]
    with pytest.raises(ConfigError):
        MergeModel.from_dict(data)
    with pytest.raises(ConfigError):
        StoryClusterer(ClusterConfig(merge_model="neural"))


def _feed(clusterer: StoryClusterer) -> list[str]:
    out = []
    for article in [QUAKE[0], PHONE[0], QUAKE[1], PHONE[1], QUAKE[2]]:
        story = clusterer.predict_one(article)
        clusterer.learn_one(article)
        out.append(story)
    return out


@pytest.mark.parametrize("mode", ["learned", "weighted"])
def test_both_merge_modes_separate_two_events(mode: str) -> None:
    stories = _feed(StoryClusterer(ClusterConfig(merge_model=mode), HashingEmbedder()))
    assert stories[0] == stories[2] == stories[4]
    assert stories[1] == stories[3] != stories[0]


def test_learned_explanation_gives_the_probability_and_top_features() -> None:
    clusterer = StoryClusterer(ClusterConfig(merge_model="learned"), HashingEmbedder())
    clusterer.learn_one(QUAKE[0])
    joined = clusterer.explain_one(QUAKE[1])
    assert not joined.new_story
    assert "merge probability" in joined.reason and "top features" in joined.reason
    new = clusterer.explain_one(PHONE[0])
    assert new.new_story
    assert "merge probability" in new.reason or "no active story" in new.reason


def test_a_custom_model_changes_the_decision() -> None:
    shipped = load_merge_model()
    never = MergeModel(
        weights=tuple(0.0 for _ in FEATURES),
        bias=-20.0,
        mean=shipped.mean,
        scale=shipped.scale,
        threshold=0.5,
    )
    clusterer = StoryClusterer(ClusterConfig(merge_model="learned"), HashingEmbedder(), model=never)
    clusterer.learn_one(QUAKE[0])
    assert clusterer.explain_one(QUAKE[1]).new_story


def test_without_dense_similarity_the_weighted_rule_decides() -> None:
    # no embedder: lexical and names only
    clusterer = StoryClusterer(ClusterConfig(merge_model="learned"))
    clusterer.learn_one(QUAKE[0])
    joined = clusterer.explain_one(QUAKE[1])
    assert not joined.new_story and "merge probability" not in joined.reason
    assert joined.score >= clusterer.lexical_threshold


def test_centroid_index_returns_the_nearest_active_stories_by_similarity_then_id() -> None:
    index = CentroidIndex()
    index.set("b", np.array([1.0, 0.0]))
    index.set("a", np.array([2.0, 0.0]))  # same direction as b: tie, by id
    index.set("c", np.array([0.0, 1.0]))
    assert [s for s, _ in index.top(np.array([1.0, 0.0]), 2)] == ["a", "b"]
    index.remove("a")
    assert len(index) == 2
    assert [s for s, _ in index.top(np.array([0.0, 1.0]), 5)] == ["c", "b"]


def _vec_article(text: str, language: str, vec: np.ndarray) -> Article:
    aid = article_id_for(text)
    return Article(
        id=aid,
        raw_id=aid,
        path=aid,
        format="text",
        text=text,
        raw_text=text,
        language=language,
        embedding=vec,
    )


def test_dense_candidates_find_a_story_sharing_no_word() -> None:
    vec = np.ones(8) / np.sqrt(8)
    german = _vec_article("erdbeben erschuettert lissabon heute morgen", "de", vec)
    english = _vec_article("earthquake shakes lisbon this morning", "en", vec)
    for k, joins in ((0, False), (3, True)):
        clusterer = StoryClusterer(ClusterConfig(dense_candidates=k))
        clusterer.learn_one(german)
        assert (clusterer.predict_one(english) == clusterer.story_of(german.id)) is joins
