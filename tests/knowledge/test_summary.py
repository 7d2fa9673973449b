"""The extractive story summary: central, cited, new, in the order reported (no model)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from storyline.knowledge.summary import SummarySentence, split_sentences, summarise
from storyline.records import Article
from storyline.text.clean import clean


def seed(seeds_dir: Path, prefix: str, published: datetime, seq: int) -> Article:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    article = Article(id=prefix, raw_id=prefix, path=str(path), format="text", raw_text=raw,
                      published=published, seq=seq)  # fmt: skip
    return clean(article)


def seeds(seeds_dir: Path) -> list[Article]:
    return [
        seed(seeds_dir, "004", datetime(2022, 9, 15), 2),  # given out of order on purpose
        seed(seeds_dir, "000", datetime(2022, 8, 19), 1),
    ]


def test_seed_story_summary_is_short_cited_and_chronological(seeds_dir: Path) -> None:
    articles = seeds(seeds_dir)
    summary = summarise(articles)
    assert 3 <= len(summary) <= 5
    texts = {a.id: split_sentences(a.text) for a in articles}
    for s in summary:
        assert texts[s.article_id][s.sentence_index] == s.text  # the citation points at it
        assert "cookies" not in s.text and not s.text.endswith(":")
    order = [(s.article_id != "000", s.sentence_index) for s in summary]
    assert order == sorted(order)  # the 2022-08-19 report first
    assert {s.article_id for s in summary} == {"000", "004"}
    joined = " ".join(s.text for s in summary)
    assert "Xi" in joined and "Putin" in joined
    titles = {a.title for a in articles}
    assert not titles & {s.text for s in summary}
    assert summary[0].to_dict().keys() == {"article_id", "sentence_index", "text", "score"}


def test_given_sentences_are_cited_by_their_index() -> None:
    article = Article(id="a", raw_id="r", path="a", format="text", title="Title",
                      text="ignored")  # fmt: skip
    sentences = [
        "Title",
        "The council approved the new harbour budget after a long debate on Monday evening.",
        "Read also: our guide to the harbour and its history in twelve pictures.",
        "Dock workers said the harbour budget would fund cranes, dredging and new berths.",
        "Comments are closed.",
        "The mayor said the vote on the harbour budget was a turning point for the city.",
    ]
    summary = summarise([article], {"a": sentences})
    assert [s.sentence_index for s in summary] == [1, 3, 5]
    assert [s.text for s in summary] == [sentences[1], sentences[3], sentences[5]]


def test_near_duplicates_and_exact_copies_are_said_once() -> None:
    body = (
        "The central bank raised its key interest rate by half a point on Thursday. "
        "Economists had expected a smaller rise after inflation slowed in the spring. "
        "The governor said further increases would depend on wages and energy prices. "
        "Shares of banks rose while the currency gained against the dollar."
    )
    first = Article(id="a", raw_id="r", path="a", format="text", title="Rates up",
                    text=body, published=datetime(2024, 3, 1), seq=1)  # fmt: skip
    copy = replace(first, id="b", seq=2, duplicate_of="a", duplicate_kind="exact")
    wire = replace(first, id="c", seq=3, text=body.replace("Thursday", "Thursday morning"),
                   duplicate_kind="near")  # fmt: skip
    summary = summarise([first, copy, wire])
    assert all(s.article_id != "b" for s in summary)
    texts = [s.text.replace(" morning", "") for s in summary]
    assert len(texts) == len(set(texts))  # the wire copy's version of a sentence is not repeated


def test_favours_sentences_with_events_and_names() -> None:
    from storyline.extract.entities import Mention

    article = Article(id="a", raw_id="r", path="a", format="text", text="")
    sentences = [
        "Officials in the region spent the week preparing for the storm and its aftermath.",
        "The storm reached the coast on Tuesday night, forcing thousands to leave their homes.",
        "Residents of the coast said the storm was the worst in living memory for the region.",
        "Forecasters said the storm would weaken as it moved inland over the coming days.",
        "Schools across the coast stayed closed while crews cleared roads after the storm.",
    ]
    plain = summarise([article], {"a": sentences}, limit=1)
    names = ("Tampa", "Florida", "Gulf")
    mentions = [Mention(name, "GPE", 1, 0, len(name), "a") for name in names]
    favoured = summarise([article], {"a": sentences}, mentions=mentions, limit=1)
    assert plain[0].sentence_index == 0  # the lead, all else equal
    assert favoured[0].sentence_index == 1  # the second sentence, with three names


def test_nothing_to_summarise() -> None:
    empty = Article(id="a", raw_id="r", path="a", format="text", text="Too short.")
    assert summarise([empty]) == []
    assert summarise([]) == []
    assert split_sentences("One. Two!\n\nThree") == ["One.", "Two!", "Three"]
    assert SummarySentence("a", 0, "x").to_dict()["score"] == 0.0
