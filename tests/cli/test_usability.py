"""What a new user tripped over (issue 18, item 7): --db after the command, search, a bounded
entity list, the claim beside an expectation, progress in a log, a word while waiting for
another ingest, unwrapped piped output, and a size limit the command line can raise."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from _cli_samples import GOOD_TEXT, invoke
from typer.testing import CliRunner

from storyline import open_store
from storyline.cli.commands import app
from storyline.store import SearchResult, SQLiteStore

REPO = Path(__file__).resolve().parents[2]
SEED_META = REPO / "examples" / "seeds.meta.json"
LONG_TITLE = (
    "Harbour cranes stand idle across the whole northern coast as dockers strike for a third "
    "week over pay, shift rules and the new automated container gantries"
)
OTHER_TEXT = (
    "Ferry line resumes service after storms\n\n"
    "The ferry line between the two islands resumed service on Tuesday after a week of storms "
    "had kept every boat in harbour, the operator said in a statement.\n"
)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The seeds, ingested and analysed (entities and expectations)."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    code, _, err = invoke(db, "ingest", str(seeds_dir), "--meta", str(SEED_META))
    assert code == 0, err
    return db


@pytest.fixture
def two_texts(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "dockers.txt").write_text(
        GOOD_TEXT.replace("Harbour cranes stand idle as dockers strike", LONG_TITLE), "utf-8"
    )
    (folder / "ferry.txt").write_text(OTHER_TEXT, encoding="utf-8")
    return folder


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_db_is_accepted_after_the_command_too(tmp_path: Path, two_texts: Path) -> None:
    db, elsewhere = tmp_path / "here.db", tmp_path / "elsewhere.db"
    code, _, err = _run("ingest", str(two_texts), "--db", str(db), "--no-analyse")
    assert code == 0, err
    with open_store(db) as store:
        assert store.count_articles() == 2
    # after the command it wins over $STORYLINE_DB and over --db before the command
    env = {"STORYLINE_DB": str(elsewhere)}
    code, out, err = _run("--db", str(elsewhere), "stories", "--json", "--db", str(db), env=env)
    assert code == 0, err
    assert len(json.loads(out)) == 2
    code, out, _ = _run("stories", "--json", env=env)  # the variable still works
    assert code == 0 and json.loads(out) == []


def test_search_finds_articles_with_snippets(tmp_path: Path, two_texts: Path) -> None:
    db = tmp_path / "s.db"
    assert invoke(db, "ingest", str(two_texts), "--no-analyse")[0] == 0
    code, out, err = invoke(db, "search", "ferry storms", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found["query"] == "ferry storms"
    (hit,) = found["hits"]
    assert hit["title"] == "Ferry line resumes service after storms"
    assert "**storms**" in hit["snippet"] and hit["story_id"]
    code, out, _ = invoke(db, "search", "the", "--limit", "1", "--json")
    assert code == 0 and len(json.loads(out)["hits"]) == 1
    code, out, _ = invoke(db, "search", "ferry")  # for people (here piped: tab-separated)
    header, row = out.splitlines()
    assert header.split("\t")[0] == "article" and row.split("\t")[0] == hit["article_id"]


def test_search_tells_a_reader_when_its_ranking_was_capped(
    tmp_path: Path, two_texts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table's reader is told what the JSON's ``ranking`` says (a store big enough to cap a
    search is the store tests' business: tests/store/test_sqlite_search.py)."""
    db = tmp_path / "s.db"
    assert invoke(db, "ingest", str(two_texts), "--no-analyse")[0] == 0
    code, _, err = invoke(db, "search", "ferry")
    assert code == 0 and "ranked" not in err  # exact: nothing to say
    ranked = SQLiteStore.search_result

    def capped(store: SQLiteStore, query: str, limit: int = 20) -> SearchResult:
        return SearchResult(ranked(store, query, limit).hits, "capped", 3)

    monkeypatch.setattr(SQLiteStore, "search_result", capped)
    code, out, err = invoke(db, "search", "ferry")
    assert code == 0 and len(out.splitlines()) == 2
    assert "only the 3 matches among the latest articles were ranked" in " ".join(err.split())
    code, out, _ = invoke(db, "search", "ferry", "--json")
    assert json.loads(out)["note"] == SearchResult([], "capped", 3).note


def test_entities_are_limited_and_say_how_many_more(seeds_db: Path) -> None:
    code, out, _ = invoke(seeds_db, "entities", "--json")
    assert code == 0
    every = json.loads(out)
    assert len(every) > 3
    code, out, err = invoke(seeds_db, "entities", "--limit", "3")
    assert code == 0, err
    header, *rows = out.splitlines()
    assert header.split("\t") == ["name", "type", "mentions", "aliases", "stories"]
    assert [r.split("\t")[0] for r in rows] == [e["name"] for e in every[:3]]
    assert f"{len(every)} entities" in err and f"{len(every) - 3} more" in err
    code, out, _ = invoke(seeds_db, "entities", "--limit", "0")
    assert len(out.splitlines()) == len(every) + 1


def test_expectations_show_the_sentence_of_the_claim(seeds_db: Path) -> None:
    code, out, _ = invoke(seeds_db, "expectations", "--json")
    assert code == 0
    ledger = json.loads(out)
    assert ledger, "the seeds expect a meeting"
    code, out, err = invoke(seeds_db, "expectations")
    assert code == 0, err
    header, *rows = out.splitlines()
    claim = header.split("\t").index("claim")
    assert [r.split("\t")[claim] for r in rows] == [" ".join(x["text"].split()) for x in ledger]


def test_piped_output_is_not_wrapped(tmp_path: Path, two_texts: Path) -> None:
    db = tmp_path / "s.db"
    assert invoke(db, "ingest", str(two_texts), "--no-analyse")[0] == 0
    code, out, _ = invoke(db, "stories")
    assert code == 0
    assert f"  {LONG_TITLE}" in out.splitlines()  # one line, however long
    story_id = next(line.split()[0] for line in out.splitlines() if line.startswith("s"))
    code, out, _ = invoke(db, "show", story_id)
    assert code == 0 and any(LONG_TITLE in line for line in out.splitlines())


def test_an_ingest_without_a_terminal_logs_its_progress(tmp_path: Path, two_texts: Path) -> None:
    code, _, err = invoke(tmp_path / "s.db", "ingest", str(two_texts), "--no-analyse")
    assert code == 0
    lines = err.splitlines()
    assert "Reading inputs: 2/2 (100%)" in lines
    assert "Clustering: 2/2 (100%)" in lines


def test_an_ingest_says_it_waits_for_another(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    results: list[tuple[int, str, str]] = []
    with open_store(db) as other:
        with other.writer_lock():
            thread = threading.Thread(
                target=lambda: results.append(
                    invoke(db, "ingest", str(tmp_path / "a.txt"), "--no-analyse")
                )
            )
            thread.start()
            thread.join(0.5)
            assert thread.is_alive()
        thread.join(60)
    ((code, _, err),) = results
    assert code == 0
    assert "waiting for another ingest to finish (database locked)" in err


def test_the_size_limit_is_named_and_raised_on_the_command_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD_TEXT + "More words about the strike. " * 100, encoding="utf-8")
    db = tmp_path / "s.db"
    code, out, _ = invoke(db, "ingest", str(big), "--json", "--max-file-size", "1KB")
    assert code == 0
    (rejection,) = json.loads(out)["rejected"]
    assert "too large" in rejection["reason"]
    assert "the limit is 1.0 kB" in rejection["reason"]
    assert "storyline ingest --max-file-size 4kB" in rejection["reason"]  # that would take it
    code, out, _ = invoke(db, "ingest", str(big), "--json", "--max-file-size", "1MB")
    assert code == 0 and json.loads(out)["ingested"] == 1
    code, _, err = invoke(db, "ingest", str(big), "--max-file-size", "lots")
    assert code == 2 and "is not a size" in err
