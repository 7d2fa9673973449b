"""The boilerplate model in the store (storyline.pipeline.boilerplate): one row per source, only
the touched sources read and written, a whole-model row of an older store taken over."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline, open_store
from storyline.config import EmbedConfig, Settings
from storyline.records import Article
from storyline.store import Store
from storyline.text import BoilerplateModel

SETTINGS = Settings(embed=EmbedConfig(model="hashing"))
BANNER = "Subscribe to the Harbour Gazette for all the latest harbour news"
TOPICS = [
    "Dock workers at the port of Brevanne walked out on Monday over pay and shift rules.",
    "The ferry between Kellan and the mainland resumed service after a week of gales.",
    "Glasshouse keepers in Aldmoor counted their orchids and found every pot in place.",
    "The council of Tarnby approved a new bridge over the river after a long debate.",
    "A bakery in Ostmere won the regional prize for its rye bread on Saturday morning.",
]


def record(n: int, source: str) -> dict[str, Any]:
    text = f"{BANNER}\n{TOPICS[n % len(TOPICS)]} Report number {n} from {source}.\n{BANNER}"
    return {
        "id": f"{source}-{n}",
        "title": f"Report {n} of {source}",
        "published": f"2022-10-{n % 28 + 1:02d}",
        "source": source,
        "text": text,
    }


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class CountingWrites:
    """Records the names of the state rows a store writes."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        put = store.put_state

        def counted(name: str, state: dict[str, Any]) -> None:
            self.names.append(name)
            put(name, state)

        monkeypatch.setattr(store, "put_state", counted)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "b.db") as opened:
        yield opened


def test_each_source_has_its_row_and_only_touched_sources_are_written(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = Pipeline(store, SETTINGS)
    first = [record(n, "Harbour Gazette") for n in range(4)] + [record(9, "Kellan Courier")]
    first_ids = pipeline.ingest([write(tmp_path / "a.jsonl", first)]).article_ids
    gazette = store.get_state("boilerplate:harbour gazette")
    courier = store.get_state("boilerplate:kellan courier")
    assert gazette is not None and gazette["articles"] == 4
    assert courier is not None and courier["articles"] == 1
    assert set(gazette["ids"]) < set(first_ids)  # this ingest's: a kill may bring them back

    writes = CountingWrites(store, monkeypatch)
    fifth_id = pipeline.ingest([write(tmp_path / "b.jsonl", [record(5, "Harbour Gazette")])])
    boilerplate_rows = [n for n in writes.names if n.startswith("boilerplate")]
    assert boilerplate_rows == ["boilerplate:harbour gazette"]
    assert store.get_state("boilerplate:kellan courier") == courier
    after = store.get_state("boilerplate:harbour gazette")
    assert after is not None and after["articles"] == 5
    assert after["ids"] == fifth_id.article_ids  # the first ingest's were assigned: forgotten
    fifth = store.get_article(fifth_id.article_ids[0])
    assert [r.rule for r in fifth.removed_lines] == ["repeated-in-source"] * 2


def test_a_whole_model_row_of_an_older_store_is_taken_over(store: Store, tmp_path: Path) -> None:
    learned = BoilerplateModel()
    learned.learn(
        Article(r["id"], "raw", "old.jsonl", "jsonl", raw_text=r["text"], source=r["source"])
        for r in (record(n, "Harbour Gazette") for n in range(3))
    )
    whole = learned.to_dict()
    for state in whole["sources"].values():
        del state["ids"]
    store.put_state("boilerplate", {**whole, "format": 1, "article_ids": ["x"]})

    report = Pipeline(store, SETTINGS).ingest(
        [write(tmp_path / "c.jsonl", [record(7, "Harbour Gazette")])]
    )
    assert store.get_state("boilerplate") == {"layout": "per-source"}
    taken = store.get_state("boilerplate:harbour gazette")
    assert taken is not None and taken["articles"] == 4  # three learned before, one now
    seventh = store.get_article(report.article_ids[0])
    assert [r.rule for r in seventh.removed_lines] == ["repeated-in-source"] * 2


@pytest.mark.parametrize(
    "damaged",
    [{"format": 2, "articles": "many", "lines": {}, "ids": []}, {"format": 99}, {"format": 2}],
)
def test_a_damaged_source_row_is_relearned_with_a_warning_not_a_failed_ingest(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture, damaged: dict[str, Any]
) -> None:
    store.put_state("boilerplate", {"layout": "per-source"})
    store.put_state("boilerplate:harbour gazette", damaged)
    records = [record(n, "Harbour Gazette") for n in range(3)]
    with caplog.at_level("WARNING", logger="storyline.pipeline.boilerplate"):
        report = Pipeline(store, SETTINGS).ingest([write(tmp_path / "d.jsonl", records)])
    assert report.ingested == 3
    assert "harbour gazette" in caplog.text and "relearned" in caplog.text
    relearned = store.get_state("boilerplate:harbour gazette")
    assert relearned is not None and relearned["articles"] == 3  # a fresh row, learned now
    third = store.get_article(report.article_ids[-1])
    assert [r.rule for r in third.removed_lines] == ["repeated-in-source"] * 2
