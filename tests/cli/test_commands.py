"""The ``storyline`` command end to end, in-process, on the seeds and on a folder of bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _cli_samples import GOOD_TEXT, invoke, make_bad_folder
from typer.testing import CliRunner

from storyline import open_store
from storyline.cli.commands import app

REPO = Path(__file__).resolve().parents[2]
SEED_META = REPO / "examples" / "seeds.meta.json"
SEED_000 = "000_7554f5b1023b0940.txt"
SEED_004 = "004_c3b73e10f650a562.txt"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, list]:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    code, out, _ = invoke(db, "run", str(seeds_dir), "--meta", str(SEED_META), "--json")
    assert code == 0
    return db, json.loads(out)


def test_seeds_make_one_story_titled_by_a_real_headline(seed_run: tuple[Path, list]) -> None:
    _, stories = seed_run
    assert len(stories) == 1
    story = stories[0]
    assert story["n_articles"] == 2
    assert story["independent_origins"] == 2
    assert story["title"] == "Putin and Xi may meet sooner than expected"
    assert story["first_reported"] == "2022-08-19"
    assert story["last_reported"] == "2022-09-15"


def test_seed_story_shows_exactly_the_removed_boilerplate(
    seed_run: tuple[Path, list], seeds_dir: Path
) -> None:
    db, stories = seed_run
    code, out, _ = invoke(db, "show", stories[0]["id"], "--json")
    assert code == 0
    view = json.loads(out)
    removed = {
        Path(a["path"]).name: [r["line"] for r in a["removed_lines"]] for a in view["articles"]
    }
    raw_000 = (seeds_dir / SEED_000).read_text(encoding="utf-8").split("\n")
    cookie = next(line for line in raw_000 if line.startswith("This website uses cookies"))
    assert removed[SEED_000] == [
        "Jesus' Coming Back",
        "You can share this story on social media:",
        "Source",
        "Comments are closed.",
        cookie,
    ]
    assert removed[SEED_004] == [
        "To find out more, read their op-ed:",
        "Read also: “China has shown no restraint in its dealings with Russia”",
        "source site-29",
    ]
    assert {a["published"] for a in view["articles"]} == {"2022-08-19", "2022-09-15"}
    assert len(view["explanations"]) == 2


def test_rerunning_an_ingest_is_idempotent(seed_run: tuple[Path, list], seeds_dir: Path) -> None:
    db, before = seed_run
    code, out, _ = invoke(db, "ingest", str(seeds_dir), "--meta", str(SEED_META), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ingested"] == 0 and report["already_stored"] == 2
    _, out, _ = invoke(db, "stories", "--json")
    assert json.loads(out) == before


def test_bad_input_folder_is_ingested_with_reasons(tmp_path: Path) -> None:
    db = tmp_path / "bad.db"
    code, out, _ = invoke(db, "ingest", str(tmp_path / "nothing-yet"), "--json")
    assert code == 0 and json.loads(out)["rejected"][0]["reason"]
    # something already stored before the bad run must survive it
    first = tmp_path / "first"
    first.mkdir()
    (first / "kept.txt").write_text(GOOD_TEXT.replace("Monday", "Sunday"), encoding="utf-8")
    assert invoke(db, "ingest", str(first), "--json")[0] == 0

    folder = tmp_path / "inbox"
    bad = make_bad_folder(folder)
    code, out, err = invoke(db, "ingest", str(folder), "--json")
    assert code == 0, err
    report = json.loads(out)
    by_file: dict[str, list[str]] = {}
    for rejection in report["rejected"]:
        by_file.setdefault(Path(rejection["path"]).name, []).append(rejection["reason"])
    for name, hint in bad.items():
        assert name in by_file, f"{name} was not rejected: {report}"
        assert any(hint.lower() in reason.lower() for reason in by_file[name]), by_file[name]
    # good files and the good parts of damaged ones are stored: good.txt, latin1.txt,
    # the good JSON line, and the WARC records before the damage
    assert report["ingested"] >= 4
    _, out, _ = invoke(db, "stories", "--json")
    titles = {s["title"] for s in json.loads(out)}
    assert "Le café du port rouvre" in titles
    assert "Bridge vote passes" in titles
    assert sum(s["n_articles"] for s in json.loads(out)) == report["ingested"] + 1


def test_bad_input_summary_is_printed_for_people(tmp_path: Path) -> None:
    make_bad_folder(tmp_path / "inbox")
    code, _, err = invoke(tmp_path / "db.sqlite", "ingest", str(tmp_path / "inbox"))
    assert code == 0
    assert "rejected" in err and "binary.bin" in err


def test_show_unknown_story_fails_with_a_hint(tmp_path: Path) -> None:
    code, _, err = invoke(tmp_path / "x.db", "show", "s-nope")
    assert code == 1
    assert "storyline stories" in err


def test_stdin_ingest(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["--db", str(tmp_path / "in.db"), "ingest", "-", "--json"], input=GOOD_TEXT.encode()
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["ingested"] == 1


def test_db_may_be_a_postgresql_url(
    postgres_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    """--db takes a store URL as it is (it once became a path: a SQLite file under a
    folder named "postgresql:"), and the seeds make the same story there."""
    monkeypatch.chdir(tmp_path)
    url = postgres_server.database_url()
    runner = CliRunner()
    args = ["--db", url, "run", str(seeds_dir), "--meta", str(SEED_META), "--json"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert [s["title"] for s in json.loads(result.stdout)] == [
        "Putin and Xi may meet sooner than expected"
    ]
    assert list(tmp_path.iterdir()) == []  # no file was made for it
    with open_store(url) as store:
        assert store.count_articles() == 2


def test_unreachable_postgresql_store_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://ann:hunter2@127.0.0.1:1/news?connect_timeout=2"
    result = CliRunner().invoke(app, ["--db", url, "stories"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "cannot connect to the PostgreSQL store" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout


def test_an_ingest_waits_for_another_writer_of_the_store(tmp_path: Path) -> None:
    """`storyline ingest` takes the store's writer lock: while another process (here, another
    handle) holds it, nothing is ingested; once it is released, the ingest runs."""
    import threading

    db = tmp_path / "s.db"
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    codes: list[int] = []
    with open_store(db) as other:
        with other.writer_lock():
            thread = threading.Thread(
                target=lambda: codes.append(invoke(db, "ingest", str(tmp_path / "a.txt"))[0])
            )
            thread.start()
            thread.join(0.5)
            assert thread.is_alive() and other.count_articles() == 0
        thread.join(60)
        assert codes == [0] and other.count_articles() == 1


def test_escaped_nul_and_surrogates_in_json_do_not_stop_a_run(tmp_path: Path) -> None:
    """A JSON Lines line with \\u0000 and a lone \\ud800 once ended the run with a traceback
    (UTF-8 cannot encode a surrogate); now both become U+FFFD and the run goes on."""
    path = tmp_path / "odd.jsonl"
    lines = [
        {"id": "a", "title": "Lone \ud800 surrogate", "text": GOOD_TEXT + "\u0000"},
        {"id": "b", "title": "Clean", "text": GOOD_TEXT.replace("Monday", "Friday")},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    code, out, err = invoke(tmp_path / "s.db", "ingest", str(path), "--json", "--no-analyse")
    assert code == 0, err
    assert json.loads(out)["ingested"] == 2
    _, stories, _ = invoke(tmp_path / "s.db", "stories", "--json")
    assert "Lone \ufffd surrogate" in {s["title"] for s in json.loads(stories)}


@pytest.mark.slow  # runs the spaCy model over 1.2 million characters
def test_an_article_over_spacys_length_limit_is_ingested_analysed_and_shown(
    tmp_path: Path, long_english_text: str
) -> None:
    path = tmp_path / "long.txt"
    path.write_text(long_english_text, encoding="utf-8")
    db = tmp_path / "long.db"
    code, out, err = invoke(db, "ingest", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ingested"] == 1 and report["analysed_stories"] == 1, report
    (story_id,) = report["story_ids"]
    code, out, err = invoke(db, "show", story_id, "--json")
    assert code == 0, err
    view = json.loads(out)
    assert view["knowledge"] == {"stale": False, "missing": False}
    assert view["skipped_articles"] == [] and "notices" not in view
    with open_store(db) as store:
        text = store.get_article(report["article_ids"][0]).text
    assert len(text) > 1_000_000
    # Read in pieces, the analysis covers the whole text, its offsets into the whole text.
    mentions = [m for e in view["entities"] for m in e["mentions"]]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)
    assert max(m["start"] for m in mentions) > 1_000_000
    assert max(e["sentence_index"] for e in view["events"]) > 5_000
    code, out, err = invoke(db, "show", story_id)
    assert code == 0, err
    assert "Expectations" in out
