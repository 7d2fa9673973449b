"""``storyline entities`` and ``storyline expectations`` read the store's index of the stories'
knowledge (issue 18: they analysed every story again, minutes at 200,000 articles); the scan
is left for a ledger as of a day before the store's clock."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _cli_samples import invoke

from storyline import Pipeline, all_entities, all_expectations, open_store
from storyline.cli import across

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    meta = REPO / "examples" / "seeds.meta.json"
    code, _, err = invoke(db, "ingest", str(seeds_dir), "--meta", str(meta))
    assert code == 0, err
    return db


def _no_scan(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("every story analysed again")


def test_entities_are_read_from_the_index_as_the_scan_counted_them(
    seeds_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(seeds_db) as store:
        scanned = all_entities(store)
    monkeypatch.setattr(across, "all_entities", _no_scan)
    code, out, err = invoke(seeds_db, "entities", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [(e["name"], e["type"], e["mentions"], e["n_stories"]) for e in listed] == [
        (r["name"], r["type"], r["n_mentions"], len(r["stories"])) for r in scanned
    ]
    assert all(set(e["stories"]) <= set(r["stories"]) for e, r in zip(listed, scanned, strict=True))
    code, out, err = invoke(seeds_db, "entities", "--limit", "2")
    assert code == 0 and len(out.splitlines()) == 3 and f"{len(scanned)} entities" in err


def test_the_ledger_is_read_from_the_index_unless_asked_for_an_earlier_day(
    seeds_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(seeds_db) as store:
        scanned = all_expectations(store)
        clock = Pipeline(store).store_clock()
    assert scanned and clock is not None
    key = lambda x: (x["story_id"], x["text"], x["status"])  # noqa: E731
    monkeypatch.setattr(across, "all_expectations", _no_scan)
    code, out, err = invoke(seeds_db, "expectations", "--json")
    assert code == 0, err
    assert sorted(map(key, json.loads(out))) == sorted(map(key, scanned))
    later = (clock + timedelta(days=400)).isoformat()
    code, out, _ = invoke(seeds_db, "expectations", "--json", "--as-of", later)
    assert code == 0 and len(json.loads(out)) == len(scanned)
    with pytest.raises(AssertionError, match="analysed again"):
        invoke(seeds_db, "expectations", "--as-of", (clock - timedelta(days=1)).isoformat())
