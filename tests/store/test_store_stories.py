"""The Store contract for story summaries and light article reads (``store`` is parametrised)."""

from __future__ import annotations

import dataclasses
import random
import string
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from _store_samples import full_article, make_article, make_raw

from storyline.errors import ConfigError, NotFoundError
from storyline.records import Story
from storyline.store import Store, StoryQuery

EST = timezone(timedelta(hours=-5))


def make_story(story_id: str, **fields: object) -> Story:
    values: dict[str, object] = {
        "id": story_id,
        "title": f"Story {story_id}",
        "article_ids": [f"a-{story_id}-1", f"a-{story_id}-2"],
        "n_articles": 2,
        "independent_origins": 1,
        "first_reported": datetime(2024, 3, 1, 8, 0),
        "last_reported": datetime(2024, 3, 2, 8, 0),
        "first_article_id": f"a-{story_id}-1",
        "sources": ["example.org"],
        "languages": ["en"],
    }
    values.update(fields)
    return Story(**values)  # type: ignore[arg-type]


def ids(page: tuple[int, list[Story]]) -> list[str]:
    return [s.id for s in page[1]]


def test_story_round_trips_with_offsets_and_unicode(store: Store) -> None:
    story = make_story(
        "s1",
        title="Zürich: «Grève» — 東京 🚀",
        article_ids=["a3", "a1", "a2"],  # publication order, kept as given
        n_articles=3,
        independent_origins=2,
        first_reported=datetime(2024, 3, 1, 23, 30, tzinfo=EST),
        last_reported=datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
        sources=["Le Monde", "Straße Zeitung"],
        languages=["de", "fr"],
    )
    store.put_story(story)
    got = store.get_story("s1")
    assert got == story
    assert got.first_reported is not None and got.first_reported.utcoffset() == timedelta(hours=-5)
    assert store.count_stories() == 1


def test_undated_story_round_trips(store: Store) -> None:
    story = make_story("s0", first_reported=None, last_reported=None, first_article_id=None)
    store.put_story(story)
    assert store.get_story("s0") == story


def test_put_story_replaces_the_summary_and_its_facets(store: Store) -> None:
    store.put_story(make_story("s1", sources=["old.example"], languages=["fr"]))
    bigger = make_story(
        "s1", n_articles=5, article_ids=list("abcde"), sources=["new.example"], languages=["en"]
    )
    store.put_story(bigger)
    assert store.count_stories() == 1
    assert store.get_story("s1") == bigger
    assert store.story_summaries(StoryQuery(source="old.example")) == (0, [])
    assert store.story_summaries(StoryQuery(language="fr")) == (0, [])
    assert ids(store.story_summaries(StoryQuery(source="new.example"))) == ["s1"]


def test_delete_story_drops_the_summary_and_its_facets(store: Store) -> None:
    store.put_story(make_story("s-gone", sources=["gone.example"], languages=["fr"]))
    store.put_story(make_story("s-kept", sources=["kept.example"]))
    assert store.delete_story("s-gone") is True
    assert store.delete_story("s-gone") is False  # nothing left to delete
    with pytest.raises(NotFoundError, match="s-gone"):
        store.get_story("s-gone")
    assert store.count_stories() == 1
    assert store.story_summaries(StoryQuery(source="gone.example")) == (0, [])
    assert ids(store.story_summaries()) == ["s-kept"]


def test_unknown_story_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="s-missing"):
        store.get_story("s-missing")
    assert store.count_stories() == 0
    assert store.story_summaries() == (0, [])


def test_summaries_sort_by_recency_and_by_size(store: Store) -> None:
    day = datetime(2024, 1, 10, tzinfo=UTC)
    store.put_story(make_story("s-old", n_articles=9, last_reported=day))
    store.put_story(make_story("s-new", n_articles=1, last_reported=day + timedelta(days=3)))
    store.put_story(make_story("s-undated", n_articles=9, first_reported=None, last_reported=None))
    # Same instant written in another zone: a tie, broken by id.
    store.put_story(make_story("s-tie-b", n_articles=2, last_reported=day.astimezone(EST)))
    store.put_story(make_story("s-tie-a", n_articles=2, last_reported=day))
    assert ids(store.story_summaries()) == ["s-new", "s-old", "s-tie-a", "s-tie-b", "s-undated"]
    by_size = ["s-old", "s-undated", "s-tie-a", "s-tie-b", "s-new"]
    assert ids(store.story_summaries(StoryQuery(sort="size"))) == by_size


def test_summaries_page_and_count_every_match(store: Store) -> None:
    start = datetime(2024, 5, 1, tzinfo=UTC)
    for i in range(7):
        store.put_story(make_story(f"s{i}", last_reported=start + timedelta(hours=i)))
    newest_first = [f"s{i}" for i in reversed(range(7))]
    assert store.story_summaries(StoryQuery(limit=3)) == (7, store.story_summaries()[1][:3])
    assert ids(store.story_summaries(StoryQuery(limit=3, offset=3))) == newest_first[3:6]
    assert ids(store.story_summaries(StoryQuery(offset=5))) == newest_first[5:]
    assert store.story_summaries(StoryQuery(limit=3, offset=50)) == (7, [])
    assert store.story_summaries(StoryQuery(limit=0)) == (7, [])
    with pytest.raises(ConfigError):
        store.story_summaries(StoryQuery(offset=-1))
    with pytest.raises(ConfigError):
        store.story_summaries(StoryQuery(sort="oldest"))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="negative"):
        StoryQuery(limit=-1)  # checked when the query is made, before any store sees it


def test_language_and_source_filters_ignore_case(store: Store) -> None:
    store.put_story(make_story("s-de", sources=["Straße Zeitung"], languages=["de"]))
    store.put_story(make_story("s-en", sources=["BBC News", "Reuters"], languages=["en"]))
    store.put_story(make_story("s-both", sources=["reuters"], languages=["en", "de"]))
    assert sorted(ids(store.story_summaries(StoryQuery(language="DE")))) == ["s-both", "s-de"]
    assert sorted(ids(store.story_summaries(StoryQuery(source=" REUTERS ")))) == ["s-both", "s-en"]
    assert ids(store.story_summaries(StoryQuery(source="STRASSE zeitung"))) == [
        "s-de"
    ]  # casefolded
    assert ids(store.story_summaries(StoryQuery(source="BBC"))) == []  # the whole name, not a part
    total, page = store.story_summaries(StoryQuery(language="en", source="bbc news"))
    assert (total, [s.id for s in page]) == (1, ["s-en"])


def test_a_source_name_of_thousands_of_characters_is_kept_and_found(store: Store) -> None:
    """Facets are index keys (PostgreSQL's hold ~2.7 KB; such a name once stopped an
    ingest): the summary keeps the name whole, the filter compares its first 500 characters."""
    rng = random.Random(3)
    name = "".join(rng.choices(string.ascii_letters + string.digits, k=6000))
    store.put_story(make_story("s-long", sources=[name]))
    assert store.get_story("s-long").sources == [name]
    assert ids(store.story_summaries(StoryQuery(source=name.upper()))) == ["s-long"]


def test_date_range_keeps_overlapping_stories_by_their_local_dates(store: Store) -> None:
    march = datetime(2024, 3, 1, 12, 0)
    store.put_story(make_story("s-early", first_reported=march, last_reported=march))
    store.put_story(
        make_story("s-span", first_reported=march, last_reported=march + timedelta(days=20))
    )
    late = datetime(2024, 3, 10, 23, 30, tzinfo=EST)  # 2024-03-11 in UTC
    store.put_story(make_story("s-late", first_reported=late, last_reported=late))
    store.put_story(make_story("s-undated", first_reported=None, last_reported=None))
    assert len(store.story_summaries()[1]) == 4  # no range: undated stories included
    assert sorted(ids(store.story_summaries(StoryQuery(since=date(2024, 3, 5))))) == [
        "s-late",
        "s-span",
    ]
    assert sorted(ids(store.story_summaries(StoryQuery(until=date(2024, 3, 1))))) == [
        "s-early",
        "s-span",
    ]
    in_between = store.story_summaries(StoryQuery(since=date(2024, 3, 2), until=date(2024, 3, 9)))
    assert ids(in_between) == ["s-span"]
    assert ids(store.story_summaries(StoryQuery(since=date(2024, 3, 11)))) == [
        "s-span"
    ]  # late: the 10th
    assert ids(
        store.story_summaries(StoryQuery(since=date(2024, 3, 10), until=date(2024, 3, 10)))
    ) == [
        "s-span",
        "s-late",
    ]


def test_light_article_reads_skip_raw_text_and_embedding(store: Store) -> None:
    raw = make_raw(1)
    article = full_article(raw)
    store.add_raw(raw)
    store.add_article(article)
    store.add_article(make_article(raw, "second", seq=43, story_id=article.story_id))
    light = list(store.iter_articles(story_id=article.story_id, light=True))
    assert [a.id for a in light] == [a.id for a in store.iter_articles(story_id=article.story_id)]
    first = light[0]
    assert first.raw_text == "" and first.embedding is None
    assert first == dataclasses.replace(article, raw_text="", embedding=None)


def test_story_members_read_what_a_summary_needs(store: Store) -> None:
    raw = make_raw(1)
    article = full_article(raw)
    store.add_raw(raw)
    store.add_article(article)
    store.add_article(make_article(raw, "second", seq=43, story_id=article.story_id))
    assert article.story_id is not None
    members = store.story_members(article.story_id)
    light = list(store.iter_articles(story_id=article.story_id, light=True))
    assert [a.id for a in members] == [a.id for a in light]
    for brief, whole in zip(members, light, strict=True):
        kept = dataclasses.replace(brief, text=whole.text, removed_lines=whole.removed_lines)
        assert dataclasses.replace(kept, meta=whole.meta) == whole  # only those may be left out
        for name in ("id", "title", "url", "source", "published", "language", "duplicate_of"):
            assert getattr(brief, name) == getattr(whole, name)
    assert store.story_members("no such story") == []
