"""StoryClusterer and digest pages: a page listing several stories is kept out of stories.

The digest below lists, among unrelated items, an item of the quake story and one of the
phone story (as a newsletter's round-up of the day does). Kept out, it joins neither story,
no later article joins it, and it carries no evidence into any story."""

from __future__ import annotations

from dataclasses import replace

from _cluster_samples import FOOTBALL, PHONE, QUAKE, make

from storyline.cluster.clusterer import StoryClusterer
from storyline.config import ClusterConfig, DigestConfig
from storyline.records import Article, Assignment, story_id_for

DIGEST = make(
    "Good morning! Here is what you need to know today.\n"
    "- A magnitude 7.1 earthquake struck off the coast of Chile near Valparaiso, collapsing "
    "buildings; Onemi ordered a tsunami evacuation.\n"
    "- Nimbus Labs unveiled the Nimbus Phone 3 smartphone in San Francisco, with a bigger "
    "battery and a periscope camera.\n"
    "- Riverside United beat Northgate City 3-1 in the cup semi-final.\n"
    "- Parliament voted down the pension reform after a marathon debate.\n"
    "- The museum returned looted bronze statues to Nigeria after decades of talks.\n"
    "- Forecasters expect gales along the northern coast overnight, with gusts of 70 mph.\n",
    "Ten things you need to know today",
    0.4,
)
LATER = [QUAKE[1], PHONE[1], FOOTBALL[1], QUAKE[2]]
FIRST = [QUAKE[0], PHONE[0], FOOTBALL[0]]


def feed(articles: list[Article], config: ClusterConfig) -> tuple[StoryClusterer, list[Assignment]]:
    clusterer = StoryClusterer(config)
    out = []
    for article in articles:
        assignment = clusterer.explain_one(article)
        out.append(assignment)
        clusterer.learn_one(replace(article, story_id=assignment.story_id))
    return clusterer, out


def test_a_digest_is_kept_out_of_the_stories_it_lists() -> None:
    clusterer, assigned = feed([*FIRST, DIGEST, *LATER], ClusterConfig())
    digest = assigned[len(FIRST)]
    assert digest.story_id == story_id_for(DIGEST.id) and digest.new_story
    assert digest.reason.startswith("kept out of stories: a digest page")
    assert clusterer.story_of(DIGEST.id) == digest.story_id
    # the stories it lists go on without it; nothing joins it
    by_id = {a.article_id: a.story_id for a in assigned}
    assert by_id[QUAKE[1].id] == by_id[QUAKE[2].id] == by_id[QUAKE[0].id]
    assert by_id[PHONE[1].id] == by_id[PHONE[0].id]
    assert by_id[FOOTBALL[1].id] == by_id[FOOTBALL[0].id]
    assert sum(1 for a in assigned if a.story_id == digest.story_id) == 1
    assert clusterer.candidate_pairs(DIGEST) == []


def test_a_digest_adds_no_evidence_to_any_story() -> None:
    """The state after the digest is the state without it, but for its own story."""
    with_it, _ = feed([*FIRST, DIGEST, *LATER], ClusterConfig())
    without, _ = feed([*FIRST, *LATER], ClusterConfig())
    for story_id, story in without._stories.items():
        kept = with_it._stories[story_id]
        assert kept.article_ids == story.article_ids
        assert kept.term_sum.keys() == story.term_sum.keys()
        assert kept.index_keys == story.index_keys


def test_read_as_a_report_the_same_page_joins_a_story() -> None:
    """What the digest check prevents: the page's quake and phone items pull it in."""
    off = ClusterConfig(digest=DigestConfig(enabled=False))
    _, assigned = feed([*FIRST, DIGEST], off)
    assert not assigned[-1].new_story
    assert assigned[-1].story_id in {story_id_for(a.id) for a in FIRST}


def test_a_replayed_digest_is_kept_out_again() -> None:
    """Learning stored assignments again (story ids set) gives the digest's story back, bare."""
    _, assigned = feed([*FIRST, DIGEST, *LATER], ClusterConfig())
    replayed = StoryClusterer(ClusterConfig())
    for article, assignment in zip([*FIRST, DIGEST, *LATER], assigned, strict=True):
        replayed.learn_one(replace(article, story_id=assignment.story_id), reshape=False)
    story = replayed._stories[story_id_for(DIGEST.id)]
    assert story.article_ids == [DIGEST.id] and story.index_keys == () and not story.term_sum
