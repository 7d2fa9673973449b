"""An interrupted analysis is resumed: the analysis backlog (storyline.pipeline.backlog) keeps
the stories an ingest left unanalysed; the next ingest, or `storyline analyse`, finishes them,
and `storyline stories` says what is missing meanwhile (spaCy)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _cli_samples import invoke

from storyline import Pipeline, open_store
from storyline.pipeline import backlog
from storyline.store import Store

pytestmark = pytest.mark.slow  # runs the spaCy model

RECORDS = [
    {
        "id": "orchids",
        "title": "Aldmoor orchids survive the winter",
        "published": "2022-10-01",
        "text": "The glasshouse keepers of Aldmoor counted their orchids on Tuesday and found "
        "every pot in place after the winter storms. The palm house reopens to visitors next "
        "spring, the trust said.",
    },
    {
        "id": "dockers",
        "title": "Harbour cranes stand idle as dockers strike",
        "published": "2022-10-02",
        "text": "Dock workers at the port of Brevanne walked out on Monday over pay and shift "
        "rules, leaving dozens of container ships waiting offshore, union leaders said. Talks "
        "with the port authority will resume on Friday.",
    },
    {
        "id": "ferry",
        "title": "Island ferry resumes service after storms",
        "published": "2022-10-03",
        "text": "The ferry between Kellan and the mainland resumed service on Wednesday after a "
        "week of gales kept every boat in harbour, the operator Westline said. Two extra "
        "crossings will run until Sunday.",
    },
]


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "b.db") as opened:
        yield opened


def interrupt_analysis(store: Store, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest ``path`` with its analysis stopped (as by a kill) after the first story."""
    compute = Pipeline._compute_knowledge
    done: list[str] = []

    def first_only(self: Pipeline, story_id: str, articles: Any) -> dict[str, Any]:
        if done:
            raise KeyboardInterrupt
        done.append(story_id)
        return compute(self, story_id, articles)

    with monkeypatch.context() as patch:
        patch.setattr(Pipeline, "_compute_knowledge", first_only)
        with pytest.raises(KeyboardInterrupt):
            Pipeline(store).ingest([path], analyse=True)
    assert len(done) == 1


def current(store: Store) -> list[bool]:
    pipeline = Pipeline(store)
    return [pipeline.knowledge_is_current(s) for s in store.story_ids()]


def test_a_rerun_of_an_interrupted_ingest_finishes_its_analysis_and_says_so(
    store: Store, jsonl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_analysis(store, jsonl, monkeypatch)
    assert len(store.story_ids()) == 3 and sorted(current(store)) == [False, False, True]
    report = Pipeline(store).ingest([jsonl], analyse=True)  # nothing new
    assert report.ingested == 0 and report.already_stored == 1
    assert report.analysed_stories == 2
    assert any("2 of 3 articles not yet analysed" in n for n in report.notices), report.notices
    assert current(store) == [True, True, True]
    assert Pipeline(store).analysis_backlog().message() is None
    again = Pipeline(store).ingest([jsonl], analyse=True)
    assert again.analysed_stories == 0 and not again.notices


def test_stories_says_what_is_not_analysed_and_analyse_finishes_it(
    tmp_path: Path, jsonl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cli.db"
    with open_store(db) as store:
        interrupt_analysis(store, jsonl, monkeypatch)
    code, out, err = invoke(db, "stories", "--json")
    assert code == 0 and len(json.loads(out)) == 3
    assert "2 of 3 articles not yet analysed" in err and "storyline analyse" in err
    code, out, err = invoke(db, "analyse", "--json")
    assert code == 0, err
    assert "2 of 3 articles not yet analysed (in 2 stories); analysing" in err
    assert json.loads(out) == {
        "backlog": {"articles": 2, "total": 3, "stories": 2},
        "analysed_stories": 2,
    }
    code, _, err = invoke(db, "stories")
    assert code == 0 and "not yet analysed" not in err and "note:" not in err
    with open_store(db) as store:
        assert current(store) == [True, True, True]


def test_without_analysis_the_stories_wait_for_the_next_ingest(
    store: Store, jsonl: Path, tmp_path: Path
) -> None:
    report = Pipeline(store).ingest([jsonl])  # analyse=False
    assert report.analysed_stories == 0
    assert Pipeline(store).analysis_backlog().message() == (
        "3 of 3 articles not yet analysed (in 3 stories)"
    )
    later = tmp_path / "later.txt"
    later.write_text(
        "Volcano wakes on Sarn\n\nThe volcano on the island of Sarn sent ash two kilometres "
        "into the sky on Thursday, and the airport closed, officials said.\n",
        encoding="utf-8",
    )
    report = Pipeline(store).ingest([later], analyse=True)
    assert report.ingested == 1 and report.analysed_stories == 4
    assert any("3 of 4 articles not yet analysed" in n for n in report.notices), report.notices
    assert all(current(store))


def test_an_ingest_stopped_while_assigning_makes_the_backlog_unknown_until_a_scan(
    store: Store, jsonl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(backlog, "add", killed)  # stopped after assigning, before recording
        with pytest.raises(KeyboardInterrupt):
            Pipeline(store).ingest([jsonl], analyse=True)
    found = Pipeline(store).analysis_backlog()
    assert not found.known and "not known" in (found.message() or "")
    scanned = Pipeline(store).analysis_backlog(scan=True)
    assert scanned.known and scanned.articles == 3 and len(scanned.story_ids) == 3
    report = Pipeline(store).ingest([jsonl], analyse=True)
    assert report.analysed_stories == 3 and all(current(store))
    # A store written before the backlog was kept (no state) is scanned the same way.
    with store.transaction():
        store.put_state(backlog.BACKLOG_STATE, {})
    assert not Pipeline(store).analysis_backlog().known
    assert Pipeline(store).analysis_backlog(scan=True).message() is None
