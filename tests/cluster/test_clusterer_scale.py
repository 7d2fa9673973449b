"""storyline.cluster: what a learn costs does not grow with the story, and decides the same."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from _cluster_samples import make

from storyline.cluster.clusterer import StoryClusterer
from storyline.config import ClusterConfig
from storyline.evaluation.ecbplus import TRAIN_TOPICS, load_documents, to_article
from storyline.records import Article
from storyline.text.features import is_year, number_overlap, top_items

WORDS = [f"word{i:03d}" for i in range(400)]
NAMES = [a + b for a in ("Val", "Kes", "Mor", "Tan", "Bel", "Dra") for b in ("dor", "ton", "ika")]


def random_articles(n: int, seed: int = 3, topics: int = 1) -> list[Article]:
    """Articles of random words and names, skewed so that the top keys keep changing hands;
    with ``topics`` > 1, runs of 20 articles draw from one of ``topics`` word blocks."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        block = len(WORDS) // topics
        start = (k // 20) % topics * block
        weights = [1 / (i + 1) for i in range(block)]
        words = rng.choices(WORDS[start : start + block], weights=weights, k=60)
        names = rng.sample(NAMES, 4)
        text = " ".join(w for pair in zip(words[::15], names, strict=False) for w in pair)
        text += " " + " ".join(words) + "."
        out.append(make(text, f"Report {k}", days=k * 0.01))
    return out


def full_index_keys(clusterer: StoryClusterer, story_id: str) -> tuple[str, ...]:
    story = clusterer._stories[story_id]
    k = clusterer.index_terms
    keys = [t for t, _ in top_items(story.term_sum, k)]
    return tuple(keys + ["@" + n for n, _ in top_items(story.name_sum, k)])


def test_a_growing_story_is_indexed_under_its_top_keys_after_every_learn() -> None:
    """The index is updated from the old top keys and the new member's keys only: the same
    keys as ranking the story's whole sums, whatever the story's size."""
    clusterer = StoryClusterer(ClusterConfig(index_terms=5))
    articles = random_articles(120)
    story_id = "s-one"
    for article in articles:
        clusterer.learn_one(dataclasses.replace(article, story_id=story_id))
        assert clusterer._stories[story_id].index_keys == full_index_keys(clusterer, story_id)
        for key in clusterer._stories[story_id].index_keys:
            assert story_id in clusterer._index[key]
    assert sum(story_id in ids for ids in clusterer._index.values()) == 10


def test_free_clustering_keeps_every_active_story_indexed_under_its_top_keys() -> None:
    clusterer = StoryClusterer(
        ClusterConfig(index_terms=8, max_story_age_days=0.3, long_story_age_days=0)
    )
    for article in random_articles(200, seed=5, topics=4):
        clusterer.learn_one(article)
    active = [s for s in clusterer._stories.values() if s.active]
    assert active and len(active) < clusterer.n_stories  # some retired on the way
    for story in active:
        assert story.index_keys == full_index_keys(clusterer, story.id)


def test_number_overlap_with_a_kept_year_count_equals_the_walk() -> None:
    story = {"2019": 2, "7.1": 1, "30": 3}
    cases = [
        frozenset({"2019", "30"}),  # a shared year: no conflict
        frozenset({"2020", "7.1"}),  # years disagree
        frozenset({"12", "7.1"}),  # no year in the article
        frozenset(),
    ]
    for numbers in cases:
        assert number_overlap(numbers, story, 1) == number_overlap(numbers, story)
    assert number_overlap(frozenset({"2020", "7.1"}), story) == (0.5, 1.0)
    assert number_overlap(frozenset({"2020"}), {"30": 1}) == (0.0, 0.0)  # the story has none
    assert number_overlap(frozenset({"2020"}), {"30": 1}, 0) == (0.0, 0.0)


def test_a_story_counts_its_years_as_it_learns_and_after_compaction() -> None:
    config = ClusterConfig(max_story_age_days=0.3, index_terms=3, long_story_age_days=0)
    clusterer = StoryClusterer(config)
    for k, article in enumerate(random_articles(80, topics=4)):
        years = f"In {1990 + k % 7} and {2001 + k % 3}, {k + 10} people came."
        text = f"{article.text} {years}"
        clusterer.learn_one(dataclasses.replace(article, text=text, story_id=f"s-{k // 20}"))
    assert any(not s.active for s in clusterer._stories.values())
    for story in clusterer._stories.values():
        assert story.years == sum(1 for n in story.numbers if is_year(n)) > 0


def test_each_posting_list_keeps_the_most_recently_grown_stories() -> None:
    """With max_postings, a key lists at most that many stories: the last ones indexed (a story
    moves to the end when it grows); a story dropped from the lists is still a story. Merges
    off: the grown story would take in the other (alike) ones."""
    config = ClusterConfig(max_postings=3, index_terms=5, headline_absorb_threshold=0.0)
    clusterer = StoryClusterer(config)
    articles = [
        make(f"Harbour ferry timetable council vote number {i} on the pier.", days=i * 0.01)
        for i in range(6)
    ]
    for i, article in enumerate(articles):  # six stories sharing their words
        clusterer.learn_one(dataclasses.replace(article, story_id=f"s{i}"))
    assert list(clusterer._index["harbour"]) == ["s3", "s4", "s5"]
    grown = make("Harbour ferry timetable council vote again on the pier.", days=0.1)
    clusterer.learn_one(dataclasses.replace(grown, story_id="s1"))  # s1 grows: back in
    assert list(clusterer._index["harbour"]) == ["s4", "s5", "s1"]
    assert all(len(ids) <= 3 for ids in clusterer._index.values())
    assert "s0" in clusterer._stories and clusterer.story_of(articles[0].id) == "s0"


def test_a_cap_that_never_binds_changes_no_decision() -> None:
    """A cap no list reaches gives the stories an uncapped index gives (the tightest such cap,
    the longest uncapped list, included); a smaller cap holds every list to it."""
    rng = random.Random(11)
    articles = []
    for k in range(240):  # twelve events, interleaved, sharing their common words
        event = rng.randrange(12)
        own = rng.choices(WORDS[event * 20 : event * 20 + 20], k=25)
        common = rng.choices(["harbour", "council", "ferry", "timetable", "vote"], k=5)
        articles.append(make(" ".join(own + common) + ".", f"Event {event}", days=k * 0.01))

    def run(cap: int) -> tuple[list[str], int]:
        """The story of each article, and the longest posting list seen after any learn."""
        clusterer = StoryClusterer(ClusterConfig(max_postings=cap))
        out, longest = [], 0
        for article in articles:
            story_id = clusterer.predict_one(article)
            clusterer.learn_one(dataclasses.replace(article, story_id=story_id))
            out.append(story_id)
            longest = max(longest, *(len(ids) for ids in clusterer._index.values()))
        return out, longest

    uncapped, longest = run(0)
    assert len(set(uncapped)) >= 12 and longest > 2
    assert run(longest) == (uncapped, longest)
    assert run(2)[1] == 2


def test_the_shipped_posting_cap_binds_on_ecb_train_and_changes_no_story(
    shared_data: Path,
) -> None:
    """On the real ECB+ train topics (one stream, seeded order, lexical) some keys list more
    stories than the shipped max_postings, and the capped index still gives every article the
    story the uncapped one gives. Story merges off: they leave fewer small stories, and the
    longest list (14) no longer reaches the cap."""
    docs = list(load_documents(shared_data / "ecbplus" / "ECB+", TRAIN_TOPICS))
    articles = [to_article(doc, seq) for seq, doc in enumerate(docs)]
    random.Random(0).shuffle(articles)
    config = ClusterConfig(weight_dense=0.0, absorb_threshold=0.0)

    def run(cap: int) -> tuple[list[str], int]:
        clusterer = StoryClusterer(dataclasses.replace(config, max_postings=cap))
        out, longest = [], 0
        for article in articles:
            out.append(clusterer.predict_one(article))
            clusterer.learn_one(dataclasses.replace(article, story_id=out[-1]))
            longest = max(longest, *(len(ids) for ids in clusterer._index.values()))
        return out, longest

    uncapped, longest = run(0)
    capped, capped_longest = run(config.max_postings)
    assert longest > config.max_postings > 0 and capped_longest == config.max_postings
    assert capped == uncapped
