"""The entity gold set's loader and the metrics of ``storyline eval entities``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.evaluation.entities import (
    ENTITY_GOLD_PATH,
    GoldMention,
    SystemMention,
    load_entity_gold,
    same_name,
    same_type,
    score_entities,
)
from storyline.evaluation.ledger import document_text, sentence_hash


def test_the_gold_set_loads_with_its_text_checked_and_splits_by_document(
    shared_data: Path,
) -> None:
    gold = load_entity_gold(shared_data)
    names = [g for g in gold if g.type is not None]
    assert len(names) >= 300 and any(g.type is None for g in gold)
    for g in gold[:40]:
        assert document_text(shared_data, g.source, g.doc)[g.start : g.end].strip()
    tune, test = load_entity_gold(shared_data, "tune"), load_entity_gold(shared_data, "test")
    assert len(tune) + len(test) == len(gold)
    assert not {g.doc for g in tune} & {g.doc for g in test}
    assert {g.source for g in gold} == {"aeb", "ecbplus"}
    topics = {int(g.doc.split("_")[0]) for g in gold if g.source == "ecbplus"}
    assert not topics & {2, 5, 12, 18, 21, 23, 34, 35, *range(36, 46)}  # train topics only


def test_a_gold_set_that_does_not_match_the_data_is_refused(
    shared_data: Path, tmp_path: Path
) -> None:
    data = json.loads(ENTITY_GOLD_PATH.read_text(encoding="utf-8"))
    item = data["mentions"][0]
    text = document_text(shared_data, item["source"], item["doc"])
    assert sentence_hash(text[item["start"] : item["end"]]) == item["sha1"]
    data["mentions"] = [{**item, "sha1": "0" * 12}]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="does not match its hash"):
        load_entity_gold(shared_data, path=path)
    with pytest.raises(InputError, match="tune or test"):
        load_entity_gold(shared_data, "dev", path=path)


def gold(start: int, end: int, type_: str | None, name: str | None, doc: str = "d") -> GoldMention:
    return GoldMention(f"{doc}{start}", "aeb", doc, start, end, "test", type_, name)


def test_types_and_names_are_compared_as_a_reader_would() -> None:
    assert same_type("GPE", "LOC") and same_type("FAC", "GPE")
    assert same_type("WORK", "WORK_OF_ART") and not same_type("PERSON", "ORG")
    assert same_name("The Washington Post", "Washington Post")
    assert same_name("Takin’ It", "takin' it") and not same_name("United States", "U.S.")


def test_scores_count_precision_recall_and_the_found_names_fields() -> None:
    golds = [
        gold(0, 4, "PERSON", "Michael Webb"),  # found, both right
        gold(10, 14, "PERSON", "Michael Webb"),  # found, type wrong
        gold(20, 24, "GPE", "United States"),  # found, name wrong
        gold(30, 40, "ORG", "Ford"),  # missed
        gold(50, 52, None, None),  # a non-name the system takes for one
    ]
    system = {
        ("aeb", "d"): [
            SystemMention(0, 4, "PERSON", "Michael Webb"),
            SystemMention(10, 14, "ORG", "Michael Webb"),
            SystemMention(19, 24, "LOC", "U.S."),
            SystemMention(50, 52, "PERSON", "Q3"),
        ]
    }
    scores = score_entities(golds, system)
    assert scores["precision"] == 0.75 and scores["recall"] == 0.75
    assert scores["type"] == round(2 / 3, 4) and scores["name"] == round(2 / 3, 4)
    assert scores["both"] == round(1 / 3, 4) and scores["both_of_all"] == 0.25
    assert (scores["n_gold"], scores["n_system"], scores["n_found"]) == (4, 4, 3)


def test_the_system_mention_that_overlaps_most_is_the_one_judged() -> None:
    golds = [gold(0, 17, "ORG", "Lexus Philippines")]
    system = {
        ("aeb", "d"): [
            SystemMention(0, 5, "ORG", "Lexus"),
            SystemMention(6, 17, "ORG", "Lexus Philippines"),
        ]
    }
    scores = score_entities(golds, system)
    assert scores["both"] == 1.0 and scores["precision"] == 1.0
