"""storyline.cluster: retired stories are compacted, yet answer ``story_of`` and can revive."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from _cluster_samples import FOOTBALL, PHONE, QUAKE, T0

from storyline.cluster.clusterer import StoryClusterer
from storyline.config import ClusterConfig
from storyline.records import Article, story_id_for
from storyline.text.features import top_items

CONFIG = ClusterConfig(max_story_age_days=10, long_story_age_days=0)
QUAKE_ID = story_id_for(QUAKE[0].id)


def at(days: float, article: Article) -> Article:
    return dataclasses.replace(article, published=T0 + timedelta(days=days))


def retired_quake() -> StoryClusterer:
    """The three quake reports learned, then a phone launch 20 days on: the quake retires."""
    clusterer = StoryClusterer(CONFIG)
    for article in QUAKE:
        clusterer.learn_one(article)
    clusterer.learn_one(at(20.0, PHONE[0]))
    return clusterer


def test_a_retired_story_is_compacted_and_still_answers_story_of() -> None:
    clusterer = StoryClusterer(CONFIG)
    for article in QUAKE:
        clusterer.learn_one(article)
    live = clusterer._stories[QUAKE_ID]
    top_terms = dict(top_items(live.term_sum, CONFIG.index_terms))
    top_names = dict(top_items(live.name_sum, CONFIG.index_terms))
    assert len(live.members) == 3
    clusterer.learn_one(at(20.0, PHONE[0]))
    story = clusterer._stories[QUAKE_ID]
    assert not story.active
    assert story.summary is not None
    assert story.term_sum == {} and story.name_sum == {} and story.title_sum == {}
    assert len(story.members) == 0
    assert story.emb_sum is None or story.emb_sum.dtype.itemsize == 4
    for article in QUAKE:
        assert clusterer.story_of(article.id) == QUAKE_ID
    assert len(story.article_ids) == 3 and len(story.times) == 3
    # the summary is the story's top index_terms terms and names, weights exact
    terms_row, names_row, _ = story.summary
    assert clusterer._vocab.expand(terms_row) == top_terms
    assert clusterer._vocab.expand(names_row, "@") == top_names


def test_a_duplicate_revives_a_compacted_story_from_its_summary() -> None:
    clusterer = retired_quake()
    copy = dataclasses.replace(
        at(25.0, QUAKE[1]), id="a-copy", duplicate_of=QUAKE[1].id, duplicate_kind="exact"
    )
    assignment = clusterer.explain_one(copy)
    assert assignment.story_id == QUAKE_ID
    assert assignment.time_gap_days is not None and assignment.time_gap_days > 20
    clusterer.learn_one(dataclasses.replace(copy, story_id=assignment.story_id))
    story = clusterer._stories[QUAKE_ID]
    assert story.active and story.summary is None
    assert {"earthquake", "valparaiso", "onemi"} <= set(story.term_sum)
    assert QUAKE_ID in {s for keys in clusterer._index.values() for s in keys}
    # a follow-up that is no copy finds the revived story again through the index
    follow_up = at(26.0, QUAKE[2])
    follow_up = dataclasses.replace(follow_up, id="a-follow-up")
    assert clusterer.predict_one(follow_up) == QUAKE_ID


def test_an_explicit_story_id_revives_a_compacted_story() -> None:
    clusterer = retired_quake()
    late = dataclasses.replace(at(30.0, QUAKE[2]), id="a-late", story_id=QUAKE_ID)
    clusterer.learn_one(late)
    story = clusterer._stories[QUAKE_ID]
    assert story.active and story.summary is None
    assert clusterer.story_of("a-late") == QUAKE_ID
    assert len(story.members) == 1  # the old members went with the compaction
    assert story.term_norm2 > 0 and "earthquake" in story.term_sum


def test_compaction_is_deterministic() -> None:
    def state(c: StoryClusterer) -> list[tuple[str, bytes, bytes, bool]]:
        out = []
        for s in sorted(c._stories.values(), key=lambda s: s.id):
            rows = s.summary or ()
            out.append(
                (
                    s.id,
                    b"".join(r.ids.tobytes() for r in rows),
                    b"".join(r.weights.tobytes() for r in rows),
                    s.active,
                )
            )
        return out

    assert state(retired_quake()) == state(retired_quake())


def test_past_max_active_stories_the_longest_quiet_story_retires_undated_too() -> None:
    # Undated articles never move the clock, so without the bound no story would ever retire.
    undated = [dataclasses.replace(a, published=None) for a in (*QUAKE, *PHONE, *FOOTBALL)]
    capped = StoryClusterer(ClusterConfig(max_active_stories=2))
    unbounded = StoryClusterer(ClusterConfig(max_active_stories=0))
    for article in undated:
        capped.learn_one(article)
        unbounded.learn_one(article)
    assert all(s.active for s in unbounded._stories.values())
    assert len(unbounded._stories) == 3
    active = {s.id for s in capped._stories.values() if s.active}
    assert len(active) == 2
    quake = capped._stories[QUAKE_ID]  # grew first, then never again
    assert not quake.active and quake.summary is not None and len(quake.members) == 0
    assert QUAKE_ID not in {s for keys in capped._index.values() for s in keys}
    for article in QUAKE:  # still answers for its articles, and can revive
        assert capped.story_of(article.id) == QUAKE_ID
    late = dataclasses.replace(undated[2], id="a-late", story_id=QUAKE_ID)
    capped.learn_one(late)
    assert capped._stories[QUAKE_ID].active
    assert sum(s.active for s in capped._stories.values()) == 2  # another one retired for it


def test_a_story_that_keeps_growing_is_not_the_one_retired() -> None:
    capped = StoryClusterer(ClusterConfig(max_active_stories=2))
    first, rest = QUAKE[0], QUAKE[1:]
    capped.learn_one(dataclasses.replace(first, published=None))
    capped.learn_one(dataclasses.replace(PHONE[0], published=None))
    for article in rest:  # the quake grows again: the phone story is now the quieter one
        capped.learn_one(dataclasses.replace(article, published=None))
    capped.learn_one(dataclasses.replace(FOOTBALL[0], published=None))
    assert capped._stories[QUAKE_ID].active
    assert not capped._stories[story_id_for(PHONE[0].id)].active
