"""The split decision (storyline.cluster.split) and the clusterer's story splits."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from _cluster_samples import make
from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.clusterer import StoryClusterer
from storyline.cluster.members import SparseRow
from storyline.cluster.split import (
    SplitWeights,
    bisect,
    member_similarity,
    split_of,
    split_sizes,
)
from storyline.config import ClusterConfig
from storyline.errors import ConfigError
from storyline.records import story_id_for


def blocks(a: int, b: int, inside: float = 0.8, across: float = 0.1) -> np.ndarray:
    """A similarity matrix of two groups: members 0..a-1 and a..a+b-1."""
    group = np.array([0] * a + [1] * b)
    sim = np.where(group[:, None] == group[None, :], inside, across)
    np.fill_diagonal(sim, 1.0)
    return sim.astype(np.float64)


def row(pairs: dict[int, float]) -> SparseRow:
    ids = np.array(sorted(pairs), dtype=np.int32)
    weights = np.array([pairs[i] for i in sorted(pairs)], dtype=np.float64)
    return SparseRow(ids, weights / np.linalg.norm(weights) if weights.size else weights)


def test_bisect_finds_the_two_groups_and_keeps_member_zero() -> None:
    sim = blocks(3, 4)
    order = [4, 0, 5, 1, 6, 2, 3]  # the groups interleaved, member 0 from the second group
    mixed = sim[np.ix_(order, order)]
    mask = bisect(mixed)
    assert mask[0]
    assert [order[i] for i in np.flatnonzero(mask)] == [4, 5, 6, 3]


def test_split_when_the_groups_are_apart_and_large_enough() -> None:
    found = split_of(blocks(3, 3), threshold=0.25, ratio=0.7, min_part=2)
    assert found is not None
    move, between = found
    assert move.tolist() == [False, False, False, True, True, True]
    assert between == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("sim", "threshold", "ratio", "min_part"),
    [
        (blocks(3, 3, across=0.3), 0.25, 0.7, 2),  # the groups are not apart enough
        (blocks(3, 3, inside=0.2, across=0.15), 0.25, 0.7, 2),  # nor are they coherent
        (blocks(4, 1), 0.25, 0.7, 2),  # an outlier is no story
        (blocks(1, 2), 0.25, 0.7, 2),  # too few members to split
    ],
)
def test_no_split(sim: np.ndarray, threshold: float, ratio: float, min_part: int) -> None:
    assert split_of(sim, threshold, ratio, min_part) is None


def test_a_lone_outlier_is_peeled_so_that_the_two_groups_behind_it_split() -> None:
    sim = np.zeros((7, 7))
    sim[:6, :6] = blocks(3, 3)  # member 6 is like no one: average linkage leaves it alone
    np.fill_diagonal(sim, 1.0)
    assert split_of(sim, threshold=0.25, ratio=0.7, min_part=2, peel=0) is None
    found = split_of(sim, threshold=0.25, ratio=0.7, min_part=2)
    assert found is not None
    assert found[0].tolist() == [False, False, False, True, True, True, False]  # 6 stays


def test_member_similarity_renormalises_over_what_a_pair_has() -> None:
    weights = SplitWeights(lexical=2.0, names=1.0, dense=1.0, dense_floor=0.5)
    terms = [row({1: 1.0}), row({1: 1.0}), row({1: 1.0, 2: 1.0})]
    names = [row({10: 1.0}), row({}), row({10: 1.0})]
    up = np.array([1.0, 0.0], dtype=np.float32)
    vectors: list[np.ndarray | None] = [up, None, up]
    sim = member_similarity(terms, names, vectors, ["en", "en", "de"], weights)
    assert sim[0, 1] == pytest.approx(1.0)  # content words only: member 1 has no names
    # other languages: names (1.0) and dense ((1 - 0.5) / 0.5 = 1.0), no content words
    assert sim[0, 2] == pytest.approx(1.0)
    assert sim[1, 2] == pytest.approx(0.0)  # nothing comparable: no names, no vector, languages
    assert np.allclose(sim, sim.T)


@given(st.integers(min_value=2, max_value=12), st.integers(min_value=0, max_value=2**32 - 1))
def test_bisect_always_gives_a_proper_part_with_member_zero(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.random((n, n))
    sim = (values + values.T) / 2
    mask = bisect(sim)
    assert mask[0] and 0 < mask.sum() < n
    found = split_of(sim, threshold=1.0, ratio=1.0, min_part=1)
    if found is not None:
        assert not found[0][0]  # member 0 never moves


# ------------------------------------------------------------------- the clusterer's splits

FERRY = [
    make(
        f"The Harwick ferry operator Brightsea cancelled {n} crossings after a crew strike at "
        "the Harwick terminal; Brightsea said the walkout by deckhands over pay and rosters "
        "would last until Friday, leaving island passengers and freight lorries stranded.",
        f"Brightsea ferry strike {n}",
        days=n * 0.1,
    )
    for n in range(1, 4)
]
QUAKE = [
    make(
        f"A magnitude {n}.2 earthquake shook Tolvana province, damaging {n}0 homes near the "
        "mountain town of Kesh; rescuers from the Tolvana civil defence searched the rubble.",
        f"Tolvana earthquake damages homes {n}",
        days=n * 0.1 + 0.05,
    )
    for n in range(4, 7)
]


def learned(config: ClusterConfig, *, reshape: bool = True) -> StoryClusterer:
    """Both events forced into one story (as a wrong early join would put them)."""
    clusterer = StoryClusterer(config)
    for article in (FERRY[0], QUAKE[0], FERRY[1], QUAKE[1]):
        clusterer.learn_one(dataclasses.replace(article, story_id="s-mixed"), reshape=reshape)
    return clusterer


def test_a_story_of_two_events_splits_and_says_who_moved() -> None:
    clusterer = learned(ClusterConfig())
    new_id = story_id_for(QUAKE[0].id)
    moves = clusterer.pop_moves()
    assert [m.article_id for m in moves] == [QUAKE[0].id, QUAKE[1].id]
    assert {m.story_id for m in moves} == {new_id}
    assert all(m.reason.startswith("moved from story s-mixed when it split in two") for m in moves)
    assert clusterer.pop_moves() == []  # popped
    assert clusterer.story_of(FERRY[0].id) == clusterer.story_of(FERRY[1].id) == "s-mixed"
    assert clusterer.story_of(QUAKE[1].id) == new_id
    # the two stories were rebuilt from their own members: the next articles find them
    assert clusterer.predict_one(QUAKE[2]) == new_id
    assert clusterer.predict_one(FERRY[2]) == "s-mixed"


def test_no_split_when_off_or_when_replaying_stored_assignments() -> None:
    for clusterer in (
        learned(ClusterConfig(split_threshold=0.0)),
        learned(ClusterConfig(), reshape=False),
    ):
        assert clusterer.pop_moves() == []
        assert clusterer.story_of(QUAKE[1].id) == "s-mixed"


def test_a_story_of_one_event_stays_whole() -> None:
    clusterer = StoryClusterer(ClusterConfig())
    for article in FERRY:
        clusterer.learn_one(dataclasses.replace(article, story_id="s-ferry"))
    # a fourth article of the same event (a rewrite under another id), so a split is tried
    clusterer.learn_one(dataclasses.replace(FERRY[0], id="rewrite-of-0", story_id="s-ferry"))
    assert clusterer._stories["s-ferry"].records is not None  # still eligible: it was tried
    assert clusterer.pop_moves() == []
    assert {clusterer.story_of(a.id) for a in FERRY} == {"s-ferry"}


def test_a_story_holding_a_copy_is_never_split() -> None:
    clusterer = StoryClusterer(ClusterConfig())
    clusterer.learn_one(dataclasses.replace(FERRY[0], story_id="s-mixed"))
    copy = dataclasses.replace(FERRY[0], id="wire-copy", duplicate_of=FERRY[0].id)
    clusterer.learn_one(dataclasses.replace(copy, story_id="s-mixed"))
    for article in (QUAKE[0], FERRY[1], QUAKE[1], QUAKE[2]):
        clusterer.learn_one(dataclasses.replace(article, story_id="s-mixed"))
    assert clusterer.pop_moves() == []
    assert clusterer.story_of(QUAKE[1].id) == "s-mixed"


def test_a_story_holding_a_headline_only_article_is_never_split() -> None:
    clusterer = StoryClusterer(ClusterConfig())
    headline = make("Brightsea ferry strike", "Brightsea ferry strike", days=0.0)
    # six members, the size a split is tried at, the quake three of them
    for article in (FERRY[0], headline, QUAKE[0], FERRY[1], QUAKE[1], QUAKE[2]):
        clusterer.learn_one(dataclasses.replace(article, story_id="s-mixed"))
    assert clusterer.pop_moves() == []
    assert clusterer.story_of(QUAKE[1].id) == "s-mixed"


def test_splits_are_deterministic() -> None:
    first, second = learned(ClusterConfig()), learned(ClusterConfig())
    assert first.pop_moves() == second.pop_moves()
    assert first._index == second._index


@pytest.mark.parametrize(
    "bad",
    [
        {"split_threshold": -0.1},
        {"split_threshold": 1.5},
        {"split_ratio": 0.0},
        {"split_growth": 1.0},
        {"split_weights": (0.0, 0.0, 0.0)},
        {"split_weights": (-1.0, 1.0, 1.0)},
        {"split_min_part": 0},
        {"split_min_part": 3},  # more than half of split_min_size 4
        {"split_max_size": 3},  # under split_min_size
    ],
)
def test_bad_split_parameters_are_config_errors(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        StoryClusterer(dataclasses.replace(ClusterConfig(), **bad))


def test_splits_are_tried_at_growing_sizes() -> None:
    assert sorted(split_sizes(ClusterConfig())) == [4, 6, 9, 14, 20, 30]
    every = dataclasses.replace(ClusterConfig(), split_growth=1.01, split_max_size=8)
    assert sorted(split_sizes(every)) == [4, 5, 6, 7, 8]
