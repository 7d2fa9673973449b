"""Story merges: the story similarity (storyline.cluster.merge) and the clusterer's merges."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from _cluster_samples import make
from hypothesis import given, settings
from hypothesis import strategies as st
from test_clusterer_scale import random_articles
from test_split import FERRY, QUAKE

from storyline.cluster.clusterer import StoryClusterer
from storyline.cluster.merge import story_gap_days, story_similarity
from storyline.cluster.split import SplitWeights
from storyline.cluster.state import Story
from storyline.config import ClusterConfig
from storyline.errors import ConfigError
from storyline.records import Article

WEIGHTS = SplitWeights(lexical=1.0, names=1.0, dense=1.0, dense_floor=0.5)


def story(
    terms: dict[str, float],
    names: dict[str, float] | None = None,
    emb: list[float] | None = None,
    languages: set[str] | None = None,
    times: list[float] | None = None,
) -> Story:
    names = names or {}
    return Story(
        "s",
        term_sum=terms,
        term_norm2=sum(w * w for w in terms.values()),
        name_sum=names,
        name_norm2=sum(w * w for w in names.values()),
        emb_sum=None if emb is None else np.array(emb, dtype=np.float64),
        languages=languages or set(),
        times=times or [],
    )


def test_story_similarity_is_the_weighted_mean_of_centroid_cosines() -> None:
    a = story({"ferry": 2.0, "strike": 2.0}, {"Brightsea": 1.0}, [1.0, 0.0])
    b = story({"ferry": 1.0, "strike": 1.0}, {"Brightsea": 3.0}, [1.0, 0.0])
    assert story_similarity(a, b, WEIGHTS) == pytest.approx(1.0)  # sums scaled: same centroids
    c = story({"ferry": 1.0, "quake": 1.0}, {"Tolvana": 1.0}, [0.6, 0.8])
    # terms 0.5, names 0.0, dense (0.6 - 0.5) / 0.5 = 0.2: mean of the three
    assert story_similarity(a, c, WEIGHTS) == pytest.approx((0.5 + 0.0 + 0.2) / 3)
    assert story_similarity(c, a, WEIGHTS) == pytest.approx(story_similarity(a, c, WEIGHTS))


def test_story_similarity_drops_what_a_pair_cannot_compare() -> None:
    english = story({"ferry": 1.0}, {"Brightsea": 1.0}, languages={"en"})
    german = story({"ferry": 1.0}, {"Nordsee": 1.0}, languages={"de"})
    assert story_similarity(english, german, WEIGHTS) == 0.0  # names only, and they differ
    no_names = story({"ferry": 1.0})
    assert story_similarity(english, no_names, WEIGHTS) == pytest.approx(1.0)  # terms only
    assert story_similarity(story({}), story({}), WEIGHTS) == 0.0


def test_story_gap_is_the_distance_between_the_two_spans() -> None:
    assert story_gap_days(story({}, times=[1.0, 4.0]), story({}, times=[6.0, 9.0])) == 2.0
    assert story_gap_days(story({}, times=[5.0, 8.0]), story({}, times=[1.0, 6.0])) == 0.0
    assert story_gap_days(story({}, times=[1.0]), story({})) is None


# ------------------------------------------------------------------- the clusterer's merges


def forced(clusterer: StoryClusterer, article: Article, story_id: str) -> None:
    clusterer.learn_one(dataclasses.replace(article, story_id=story_id))


def fragment_then_grow(config: ClusterConfig, *, reshape: bool = True) -> StoryClusterer:
    """A ferry article put in a story of its own (as a wrong early decision would), then the
    ferry story grows past it; a quake story stands apart."""
    clusterer = StoryClusterer(config)
    forced(clusterer, FERRY[0], "s-ferry")
    forced(clusterer, QUAKE[0], "s-quake")
    forced(clusterer, FERRY[1], "s-fragment")
    clusterer.learn_one(dataclasses.replace(FERRY[2], story_id="s-ferry"), reshape=reshape)
    return clusterer


def test_a_fragment_merges_into_the_grown_story_and_says_why() -> None:
    clusterer = fragment_then_grow(ClusterConfig())
    assert clusterer.story_of(FERRY[1].id) == "s-ferry"
    assert clusterer.story_of(QUAKE[0].id) == "s-quake"  # another event stays apart
    moves = clusterer.pop_moves()
    assert [(m.article_id, m.story_id) for m in moves] == [(FERRY[1].id, "s-ferry")]
    assert "moved from story s-fragment into story s-ferry" in moves[0].reason
    assert moves[0].score >= ClusterConfig().absorb_threshold
    assert clusterer.pop_emptied() == ["s-fragment"]
    assert clusterer.pop_moves() == [] and clusterer.pop_emptied() == []
    assert clusterer.n_stories == 2
    # the merged story is one story: the next ferry article finds it, and its member
    later = make(FERRY[1].text.replace("crossings", "sailings"), "Brightsea strike goes on", 0.5)
    assert clusterer.predict_one(later) == "s-ferry"


@pytest.mark.parametrize(
    ("config", "reshape"),
    [
        (ClusterConfig(absorb_threshold=0.0), True),  # merges off
        (ClusterConfig(), False),  # stored assignments replayed
    ],
)
def test_no_merge(config: ClusterConfig, reshape: bool) -> None:
    clusterer = fragment_then_grow(config, reshape=reshape)
    assert clusterer.story_of(FERRY[1].id) == "s-fragment"
    assert clusterer.pop_emptied() == []


def test_a_story_holding_a_copy_is_not_merged() -> None:
    clusterer = StoryClusterer(ClusterConfig())
    forced(clusterer, FERRY[0], "s-ferry")
    forced(clusterer, FERRY[2], "s-ferry")
    forced(clusterer, FERRY[1], "s-fragment")
    copy = make(FERRY[1].text, "Brightsea ferry strike (copy)", 0.25)
    forced(clusterer, dataclasses.replace(copy, duplicate_of=FERRY[1].id), "s-fragment")
    more = make(FERRY[2].text.replace("3 crossings", "9"), "Ferry strike", 0.4)
    forced(clusterer, more, "s-ferry")  # 3 articles: the fragment (2) is smaller
    assert clusterer.story_of(FERRY[1].id) == "s-fragment"
    assert clusterer.pop_emptied() == []


def test_a_new_story_never_pulls_in_a_larger_older_one() -> None:
    clusterer = StoryClusterer(ClusterConfig())
    forced(clusterer, FERRY[0], "s-ferry")
    forced(clusterer, FERRY[1], "s-ferry")
    forced(clusterer, FERRY[2], "s-new")
    assert clusterer.story_of(FERRY[0].id) == "s-ferry"
    assert clusterer.story_of(FERRY[2].id) == "s-new"
    assert clusterer.pop_emptied() == []


def test_merge_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="absorb"):
        StoryClusterer(ClusterConfig(absorb_threshold=1.5))
    with pytest.raises(ConfigError, match="absorb"):
        StoryClusterer(ClusterConfig(absorb_max_size=0))


HEADLINES = [
    make(f"Brightsea ferry strike strands Harwick island passengers {n}", days=n * 0.1)
    for n in range(1, 5)
]


def test_headline_stories_merge_into_headline_stories_only() -> None:
    config = ClusterConfig()
    clusterer = StoryClusterer(config)
    forced(clusterer, HEADLINES[0], "s-headlines")
    forced(clusterer, HEADLINES[1], "s-fragment")
    forced(clusterer, HEADLINES[2], "s-headlines")
    assert clusterer.story_of(HEADLINES[1].id) == "s-headlines"
    move = clusterer.pop_moves()[0]
    assert f"merge threshold {config.headline_absorb_threshold:.2f}" in move.reason
    # a headline fragment stays out of a story of full articles (too little to go on)
    clusterer = StoryClusterer(config)
    forced(clusterer, FERRY[0], "s-ferry")
    forced(clusterer, HEADLINES[1], "s-fragment")
    forced(clusterer, FERRY[1], "s-ferry")
    assert clusterer.story_of(HEADLINES[1].id) == "s-fragment"
    # and headline merges have their own switch
    clusterer = StoryClusterer(dataclasses.replace(config, headline_absorb_threshold=0.0))
    forced(clusterer, HEADLINES[0], "s-headlines")
    forced(clusterer, HEADLINES[1], "s-fragment")
    forced(clusterer, HEADLINES[2], "s-headlines")
    assert clusterer.story_of(HEADLINES[1].id) == "s-fragment"


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    topics=st.integers(min_value=1, max_value=6),
    n=st.integers(min_value=10, max_value=70),
)
def test_splits_and_merges_keep_every_article_in_exactly_one_story(
    seed: int, topics: int, n: int
) -> None:
    """Over random streams (full articles, headlines, copies), the moves reported explain the
    final state: each article in one live story, no story empty, merged-away ids gone."""
    rng = random.Random(seed)
    stream: list[Article] = []
    for k, article in enumerate(random_articles(n, seed=seed, topics=topics)):
        if rng.random() < 0.2:  # a headline: a few of the article's words
            article = make(" ".join(article.text.split()[:6]), None, days=k * 0.01)
        if stream and rng.random() < 0.1:  # a copy of an earlier article
            article = dataclasses.replace(article, duplicate_of=rng.choice(stream).id)
        stream.append(article)
    clusterer = StoryClusterer(ClusterConfig())
    assigned: dict[str, str] = {}
    emptied: set[str] = set()
    for article in stream:
        story_id = clusterer.predict_one(article)
        clusterer.learn_one(dataclasses.replace(article, story_id=story_id))
        assigned[article.id] = story_id
        assigned.update((m.article_id, m.story_id) for m in clusterer.pop_moves())
        emptied.update(clusterer.pop_emptied())
    stories = clusterer._stories
    members = [a for story in stories.values() for a in story.article_ids]
    assert sorted(members) == sorted(assigned) and len(set(members)) == len(members)
    assert all(
        clusterer.story_of(a) == s and a in stories[s].article_ids for a, s in assigned.items()
    )
    assert all(story.article_ids for story in stories.values())
    assert not emptied & set(stories)
    assert all(s in stories for ids in clusterer._index.values() for s in ids)
