"""Story knowledge computed at write time: the ingest analyses the stories it touched, reads
serve the stored knowledge (marked stale or missing, never computed when asked not to), and
the stream's clock is applied at read time (spaCy)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline, open_store
from storyline.knowledge import analysis as knowledge
from storyline.store import Store

pytestmark = pytest.mark.slow  # runs the spaCy model

SEED_000 = "000_7554f5b1023b0940.txt"
SEED_004 = "004_c3b73e10f650a562.txt"
META = {SEED_000: {"published": "2022-08-19"}, SEED_004: {"published": "2022-09-15"}}
LATER = {
    "id": "orchids",
    "title": "Aldmoor orchids survive the winter",
    "published": "2022-10-01",
    "text": "The glasshouse keepers of Aldmoor counted their orchids on Tuesday and found every "
    "pot in place after the winter storms. The palm house reopens to visitors next spring.",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "k.db") as opened:
        yield opened


def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any run of the extraction fail the test."""

    def fail(*args: object, **kwargs: object) -> Any:
        raise AssertionError("the extraction ran during a read")

    monkeypatch.setattr(knowledge, "analyse_articles", fail)


def meeting(view: dict[str, Any]) -> dict[str, Any]:
    (found,) = [
        x for x in view["expectations"] if x["what"] == "meet" and "Samarkand" in x["where"]
    ]
    return found


def test_ingest_with_analysis_stores_the_knowledge_of_touched_stories(
    store: Store, seeds_dir: Path
) -> None:
    pipeline = Pipeline(store)
    report = pipeline.ingest(
        [seeds_dir / SEED_000, seeds_dir / SEED_004], metadata=META, analyse=True
    )
    assert report.story_ids and report.analysed_stories == len(report.story_ids)
    assert report.to_dict()["analysed_stories"] == report.analysed_stories
    assert all(pipeline.knowledge_is_current(s) for s in report.story_ids)
    # Nothing left to compute: a refresh finds every story current.
    assert pipeline.refresh_knowledge(report.story_ids) == 0
    without = Pipeline(store).ingest([_later(store)])
    assert without.analysed_stories == 0 and not without.notices
    assert not any(pipeline.knowledge_is_current(s) for s in without.story_ids)


def _later(store: Store) -> Path:
    path = Path(str(store.path)).parent / "later.jsonl"
    path.write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    return path


def test_a_read_never_computes_and_says_when_the_knowledge_is_stale(
    store: Store, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = Pipeline(store)
    first = pipeline.ingest([seeds_dir / SEED_000], metadata=META, analyse=True)
    (story_id,) = first.story_ids
    second = pipeline.ingest([seeds_dir / SEED_004], metadata=META)  # no analysis
    assert second.story_ids == [story_id]
    no_model(monkeypatch)
    view = pipeline.story_document(story_id, compute=False)
    assert view["knowledge"] == {"stale": True, "missing": False}
    assert view["notices"] and len(view["articles"]) == 2
    # Served from what was computed for the first report alone: the meeting still pending.
    assert meeting(view)["status"] == "pending"
    assert {m["article_id"] for e in view["entities"] for m in e["mentions"]} == set(
        first.article_ids
    )


def test_a_story_never_analysed_is_served_without_its_knowledge(
    store: Store, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = Pipeline(store)
    (story_id,) = pipeline.ingest([seeds_dir / SEED_000], metadata=META).story_ids
    no_model(monkeypatch)
    view = pipeline.story_document(story_id, compute=False)
    assert view["knowledge"] == {"stale": True, "missing": True}
    assert "expectations" not in view and "entities" not in view and view["notices"]


def test_the_clock_is_applied_at_read_time_without_recomputation(
    store: Store, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = Pipeline(store)
    (story_id,) = pipeline.ingest([seeds_dir / SEED_000], metadata=META, analyse=True).story_ids
    before = pipeline.story_document(story_id, compute=False)
    assert before["as_of"] == "2022-08-19" and meeting(before)["status"] == "pending"
    # Another story's later report moves the stream's clock past the meeting's window.
    other = pipeline.ingest([_later(store)])
    assert story_id not in other.story_ids
    no_model(monkeypatch)
    for compute in (False, True):  # current knowledge: even the CLI path computes nothing
        after = pipeline.story_document(story_id, compute=compute)
        assert after["knowledge"] == {"stale": False, "missing": False}
        assert after["as_of"] == "2022-10-01"
        overdue = meeting(after)
        # past due, and nothing later in its own story: unreported, not overdue (issue 19)
        assert overdue["status"] == "unreported"
        assert overdue["note"].endswith("no report since, as of 2022-10-01")
        assert [x["id"] for x in after["expectations"]] == [x["id"] for x in before["expectations"]]


def test_the_pipeline_links_by_rules_alone_when_its_embedder_is_none(tmp_path: Path) -> None:
    from storyline.config import EmbedConfig, Settings

    with open_store(tmp_path / "s.db") as store:
        lexical = Pipeline(store, Settings(embed=EmbedConfig(model="none")))
        dense = Pipeline(store, Settings())
        assert lexical.analysis_config.ledger_embedder == "none"
        assert dense.analysis_config.ledger_embedder == "use"
