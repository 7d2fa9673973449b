"""The clusterer's inverted index (storyline.cluster.posting_index)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.posting_index import PostingIndex


def test_lists_stories_under_keys_and_sums_query_weights() -> None:
    index = PostingIndex()
    index.add("s1", ["harbour", "ferry"])
    index.add("s2", ["ferry", "@Oslo"])
    assert dict(index.overlap([("ferry", 0.5), ("harbour", 0.25), ("bridge", 1.0)])) == {
        "s1": 0.75,
        "s2": 0.5,
    }
    assert set(index) == {"harbour", "ferry", "@Oslo"} and len(index) == 3


def test_a_full_list_drops_the_story_indexed_longest_ago() -> None:
    index = PostingIndex(cap=2)
    for story in ("s1", "s2", "s3"):
        index.add(story, ["harbour"])
    assert list(index["harbour"]) == ["s2", "s3"]
    index.add("s2", ["harbour"])  # indexed again: moves to the end
    index.add("s4", ["harbour"])
    assert list(index["harbour"]) == ["s2", "s4"]


def test_removing_the_last_story_of_a_key_drops_the_key() -> None:
    index = PostingIndex()
    index.add("s1", ["harbour", "ferry"])
    index.add("s2", ["ferry"])
    index.remove("s1", ["harbour", "ferry", "never-listed"])
    assert dict(index.items()) == {"ferry": {"s2": None}}


def test_a_negative_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="cap must be >= 0, got -1"):
        PostingIndex(cap=-1)


@given(
    st.integers(min_value=1, max_value=4),
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.lists(st.sampled_from("wxyz"), max_size=3)),
        max_size=30,
    ),
)
def test_every_list_stays_within_the_cap_and_keeps_the_latest(
    cap: int, adds: list[tuple[str, list[str]]]
) -> None:
    index = PostingIndex(cap=cap)
    for story, keys in adds:
        index.add(story, keys)
    for key, stories in index.items():
        assert 1 <= len(stories) <= cap
        latest: list[str] = []  # the last `cap` distinct stories added under the key
        for story, keys in reversed(adds):
            if key in keys and story not in latest:
                latest.append(story)
        assert list(stories) == list(reversed(latest[:cap]))


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.lists(st.sampled_from("wxyz"), max_size=3)),
        max_size=30,
    ),
    st.lists(st.sampled_from("wxyzv"), max_size=6),
)
def test_counts_are_the_overlap_with_every_weight_one(
    adds: list[tuple[str, list[str]]], keys: list[str]
) -> None:
    index = PostingIndex(cap=3)
    for story, listed in adds:
        index.add(story, listed)
    assert dict(index.counts(keys)) == index.overlap([(key, 1.0) for key in keys])
