"""Story-level assembly: entities, events, timeline, summary and ledger of a story, the
per-article cache in the store, and the CLI commands that show them (spaCy)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import across
from storyline.cli.commands import app
from storyline.config import AnalysisConfig
from storyline.errors import MissingExtraError
from storyline.knowledge import analysis as knowledge
from storyline.knowledge.analysis import (
    analyse_articles,
    analyse_story,
    analysis_key,
    warm_cache,
)
from storyline.knowledge.expectations import Expectation
from storyline.records import Article, RawInput
from storyline.store import Store, open_store
from storyline.text.clean import clean

pytestmark = pytest.mark.slow  # runs the spaCy model

REPO = Path(__file__).resolve().parents[2]
SEED_META = REPO / "examples" / "seeds.meta.json"
DATES = {"000": datetime(2022, 8, 19), "004": datetime(2022, 9, 15)}


def seed_articles(seeds_dir: Path) -> list[tuple[RawInput, Article]]:
    out = []
    for seq, (prefix, published) in enumerate(DATES.items()):
        (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
        raw = RawInput.from_bytes(str(path), path.read_bytes(), "text")
        article = Article(id=prefix, raw_id=raw.sha256, path=str(path), format="text",
                          raw_text=raw.content.decode(), published=published, seq=seq,
                          story_id="s-seeds", language="en")  # fmt: skip
        out.append((raw, clean(article)))
    return out


@pytest.fixture
def seed_store(seeds_dir: Path) -> Iterator[tuple[Store, list[Article]]]:
    store = open_store(":memory:")
    pairs = seed_articles(seeds_dir)
    for raw, article in pairs:
        store.add_raw(raw)
        store.add_article(article)
    yield store, [a for _, a in pairs]
    store.close()


def test_story_views_have_the_documented_keys(seeds_dir: Path) -> None:
    articles = [a for _, a in seed_articles(seeds_dir)]
    view = analyse_story(articles).to_dict()
    assert set(view) == {
        "entities", "events", "timeline", "summary", "expectations", "as_of", "skipped_articles"
    }  # fmt: skip
    assert view["as_of"] == "2022-09-15"  # no store: the story's own latest publication
    xi = next(e for e in view["entities"] if e["name"] == "Xi Jinping")
    assert xi["type"] == "PERSON" and "Xi" in xi["aliases"]
    assert xi["n_mentions"] == len(xi["mentions"]) > 5
    texts = {a.id: a.text for a in articles}
    for m in xi["mentions"]:
        assert set(m) == {"article_id", "sentence", "start", "end", "text"}
        assert texts[m["article_id"]][m["start"] : m["end"]] == m["text"]
    sco = next(e for e in view["entities"] if e["name"] == "Shanghai Cooperation Organization")
    assert "SCO" in sco["aliases"]
    # Events carry story-level names: 004's "Putin" is the story's "Vladimir Putin".
    assert all("Putin" not in e["who"] for e in view["events"])
    kinds = [item["kind"] for item in view["timeline"]]
    assert kinds.count("report") == 2 and kinds.count("event") == len(view["events"])
    placed = [item["placed_at"] for item in view["timeline"]]
    assert placed == sorted(placed)
    for s in view["summary"]:
        assert s["text"] in texts[s["article_id"]]
    (meeting,) = [x for x in view["expectations"] if x["status"] == "confirmed"]
    assert meeting["first_reported"]["article_id"] == "000"
    assert meeting["evidence"][-1]["article_id"] == "004"


def test_analyses_are_cached_in_the_store(
    seed_store: tuple[Store, list[Article]], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, articles = seed_store
    assert warm_cache(store, articles) == 2
    assert warm_cache(store, articles) == 0
    cached = store.get_analysis("000")
    assert cached is not None and cached["key"] == analysis_key(articles[0])
    first = analyse_story(articles, cache=store).to_dict()

    def no_model(*args: object, **kwargs: object) -> Iterator[knowledge.ArticleAnalysis]:
        raise AssertionError("the model ran although every analysis is cached")

    monkeypatch.setattr(knowledge, "_compute", no_model)
    assert analyse_story(articles, cache=store).to_dict() == first
    # A changed text (or date) makes the cached analysis stale: it is computed again.
    changed = replace(articles[1], text=articles[1].text + "\nPutin left on Friday.")
    assert analysis_key(changed) != analysis_key(articles[1])
    with pytest.raises(AssertionError, match="the model ran"):
        analyse_articles([changed], cache=store)


def test_a_long_text_read_in_pieces_gives_the_analysis_of_the_whole(seeds_dir: Path) -> None:
    articles = [a for _, a in seed_articles(seeds_dir)]
    article = replace(articles[0], text="\n\n".join(a.text for a in articles * 2))
    whole = analyse_articles([article])[article.id]
    config = AnalysisConfig(piece_chars=1_000)
    pieces = analyse_articles([article], config=config)[article.id]
    assert len(article.text) > 5 * config.piece_chars
    text = article.text
    assert [s.index for s in pieces.sentences] == list(range(len(pieces.sentences)))
    assert all(text[s.start : s.end] == s.text for s in pieces.sentences)
    assert all(text[t.start : t.end] == t.text for t in pieces.times)
    assert all(text[m.start : m.end] == m.text for m in pieces.mentions)
    for event in pieces.events:
        assert text[event.start : event.end].strip() == event.sentence
        assert pieces.sentences[event.sentence_index].text == event.sentence
        assert text[event.trigger_start : event.trigger_end] == event.trigger
    for mention in pieces.mentions:
        sentence = pieces.sentences[mention.sentence]
        assert sentence.start <= mention.start < sentence.end
    # Cut at paragraph breaks, the pieces give the sentences and times of the whole text.
    assert pieces.sentences == whole.sentences
    assert pieces.times == whole.times
    assert len(pieces.events) == len(whole.events) and len(pieces.mentions) == len(whole.mentions)


def test_a_text_over_the_ceiling_is_skipped_with_its_reason(
    seed_store: tuple[Store, list[Article]],
) -> None:
    store, articles = seed_store
    _, longer = articles  # 000 is the shorter one
    low = AnalysisConfig(max_chars=len(longer.text) - 1)
    skipped = analyse_articles([longer], cache=store, config=low)["004"]
    assert skipped.skipped is not None and f"{len(longer.text):,}" in skipped.skipped
    assert not (skipped.sentences or skipped.mentions or skipped.events or skipped.times)
    story = analyse_story(articles, cache=store, config=low).to_dict()
    assert story["skipped_articles"] == [{"article_id": "004", "reason": skipped.skipped}]
    assert all(m["article_id"] == "000" for e in story["entities"] for m in e["mentions"])
    # Under a higher ceiling the cached skip is not served: the article is analysed.
    analysed = analyse_articles([longer], cache=store)["004"]
    assert analysed.skipped is None and analysed.events
    assert analyse_story(articles, cache=store).to_dict()["skipped_articles"] == []


def test_worker_processes_give_the_same_analyses_in_order(seeds_dir: Path) -> None:
    articles = [a for _, a in seed_articles(seeds_dir)]
    many = [replace(a, id=f"{a.id}-{i}") for i in range(3) for a in articles]  # 6 articles
    alone = analyse_articles(many, n_process=1)
    pooled = analyse_articles(many, n_process=2, batch_size=2)
    assert list(pooled) == [a.id for a in many]
    assert {k: v.to_dict() for k, v in pooled.items()} == {k: v.to_dict() for k, v in alone.items()}
    assert all(a.events and a.times and a.mentions for a in pooled.values())


def test_worker_chunks_keep_the_order_and_shrink_towards_the_end() -> None:
    items = [knowledge._Item(f"a{i}", "text", None, "key") for i in range(200)]
    chunks = knowledge._chunks(items, n_process=2, batch_size=32)
    assert [item for chunk in chunks for item in chunk] == items
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)  # big batches first, small ones last
    assert sizes[0] == 200 // (knowledge._CHUNKS_PER_WORKER * 2)
    assert all(size <= 32 for size in sizes) and sizes[-2] == knowledge._MIN_CHUNK
    assert [len(c) for c in knowledge._chunks(items[:5], n_process=2, batch_size=2)] == [2, 2, 1]


def test_the_ledger_clock_is_the_stores_latest_publication(
    seed_store: tuple[Store, list[Article]], seeds_dir: Path
) -> None:
    store, articles = seed_store
    only_000 = articles[:1]
    assert analyse_story(only_000).as_of == date(2022, 8, 19)
    # The store also holds 004 (2022-09-15): judged on the stream's clock, the meeting due on
    # September 15-16 is not overdue yet, and the story alone cannot tell more.
    knowledge_000 = analyse_story(only_000, cache=store)
    assert knowledge_000.as_of == date(2022, 9, 15)
    raw = RawInput.from_bytes("later.txt", b"Later news.", "text")
    store.add_raw(raw)
    later = Article(id="later", raw_id=raw.sha256, path="later.txt", format="text",
                    text="Later news.", published=datetime(2022, 10, 1))  # fmt: skip
    store.add_article(later)
    # past due, and no later article in the story: unreported (issue 19)
    assert samarkand_meeting(analyse_story(only_000, cache=store)).status == "unreported"
    explicit = analyse_story(only_000, cache=store, as_of=date(2022, 8, 20))
    assert samarkand_meeting(explicit).status == "pending"


def samarkand_meeting(result: knowledge.StoryKnowledge) -> Expectation:
    (found,) = [x for x in result.expectations if x.what == "meet" and "Samarkand" in x.where]
    return found


def test_copies_and_other_languages(seeds_dir: Path) -> None:
    articles = [a for _, a in seed_articles(seeds_dir)]
    copy = replace(articles[1], id="copy", duplicate_of="004", duplicate_kind="exact", seq=5)
    french = replace(articles[1], id="fr", language="fr", seq=6,
                     text="Xi Jinping et Vladimir Putin se rencontrent aujourd'hui.")  # fmt: skip
    result = analyse_story([*articles, copy, french])
    cited = {c.article_id for x in result.expectations for c in [x.first_reported, *x.evidence]}
    assert "copy" not in cited and "fr" not in cited
    mentioned = {m.article_id for e in result.entities for m in e.mentions}
    assert "copy" in mentioned and "fr" not in mentioned
    assert all(s.article_id != "copy" for s in result.summary)


# --- the CLI ----------------------------------------------------------------------------------


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("knowledge") / "seeds.db"
    code, out, _ = invoke(db, "run", str(seeds_dir), "--meta", str(SEED_META), "--json")
    assert code == 0
    (story,) = json.loads(out)
    return db, story["id"]


def test_show_json_adds_entities_timeline_summary_and_expectations(
    seed_db: tuple[Path, str],
) -> None:
    db, story_id = seed_db
    code, out, _ = invoke(db, "show", story_id, "--json")
    assert code == 0
    view = json.loads(out)
    assert {"articles", "explanations", "entities", "timeline", "summary", "expectations"} <= set(
        view
    )
    assert {"name", "type", "aliases", "mentions"} <= set(view["entities"][0])
    meeting = next(x for x in view["expectations"] if x["status"] == "confirmed")
    assert {
        "status", "text", "what", "who", "where", "when", "attributed_to", "first_reported",
        "evidence",
    } <= set(meeting)  # fmt: skip
    assert {"article_id", "sentence"} <= set(meeting["first_reported"])
    assert all({"article_id", "sentence"} <= set(c) for c in meeting["evidence"])
    ids = [a["id"] for a in view["articles"]]  # 000 first: it was published first
    assert meeting["first_reported"]["article_id"] == ids[0]
    assert meeting["evidence"][-1]["article_id"] == ids[1]
    assert meeting["attributed_to"] in {"WSJ", "the Wall Street Journal"}
    code, out, _ = invoke(db, "show", story_id, "--json", "--as-of", "2022-08-20")
    early = json.loads(out)
    assert all(x["first_reported"]["article_id"] == ids[0] for x in early["expectations"])


def test_show_prints_the_summary_and_the_ledger(seed_db: tuple[Path, str]) -> None:
    db, story_id = seed_db
    code, out, _ = invoke(db, "show", story_id)
    assert code == 0
    assert "Summary" in out and "Expectations (as of 2022-09-15)" in out
    assert "[confirmed] meet" in out


def test_expectations_and_entities_across_stories(seed_db: tuple[Path, str]) -> None:
    db, story_id = seed_db
    code, out, _ = invoke(db, "expectations", "--status", "confirmed", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["status"] for r in rows] == ["confirmed"]
    assert rows[0]["story_id"] == story_id and rows[0]["what"] == "meet"
    code, out, _ = invoke(db, "expectations", "--json", "--as-of", "2022-09-20")
    assert "confirmed" in {r["status"] for r in json.loads(out)}
    code, _, err = invoke(db, "expectations", "--status", "maybe")
    assert code == 1 and "unknown expectation status" in err
    code, out, _ = invoke(db, "entities", "--json")
    entities = json.loads(out)
    assert entities[0]["name"] == "Xi Jinping" and entities[0]["stories"] == [story_id]
    code, out, _ = invoke(db, "expectations")
    assert code == 0 and "confirmed" in out


def test_show_without_the_nlp_extra_says_so_in_one_line(
    seed_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, story_id = seed_db

    def missing(*args: object, **kwargs: object) -> None:
        raise MissingExtraError("entity extraction", "nlp")

    monkeypatch.setattr(knowledge, "analyse_articles", missing)  # what runs the model
    with open_store(db) as store:  # forget the story knowledge cached by the ingest
        store.put_state(f"knowledge:{story_id}", {})
    code, out, err = invoke(db, "show", story_id, "--json")
    assert code == 0
    view = json.loads(out)
    assert "articles" in view and "expectations" not in view
    assert "pip install 'storyline[nlp]'" in err and len(err.strip().splitlines()) <= 2
    # the ledger across stories is read from the knowledge index, with no model; as of an
    # earlier day it is recomputed, which needs the extra
    monkeypatch.setattr(across, "all_expectations", missing)
    code, out, err = invoke(db, "expectations")
    assert code == 0, err
    code, out, err = invoke(db, "expectations", "--as-of", "1990-01-01")
    assert code == 1 and "pip install 'storyline[nlp]'" in err
