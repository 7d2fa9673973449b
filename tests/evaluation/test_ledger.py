"""The ledger gold set's loader and the metrics of ``storyline eval ledger``."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.evaluation.ledger import (
    GOLD_PATH,
    GoldPair,
    GoldSentence,
    GoldSpan,
    PredictedClaim,
    document_text,
    field_right,
    load_ledger_gold,
    pair_status,
    score_claims,
    score_status,
    sentence_hash,
    texts_match,
)
from storyline.records import Citation, Expectation


def test_the_gold_set_loads_from_the_shared_data_with_its_text_checked(shared_data: Path) -> None:
    gold = load_ledger_gold(shared_data)
    assert len(gold.sentences) >= 400 and len(gold.pairs) >= 30
    for sentence in gold.sentences[:50]:
        assert sentence_hash(sentence.span.text) == sentence.span.sha1
        assert sentence.span.text.strip()
    claims = [s for s in gold.sentences if s.claim]
    assert all(s.fields.get("what") for s in claims)
    assert {s.half for s in gold.sentences} == {"tune", "test"}
    assert {p.status for p in gold.pairs} == {"confirms", "shifts", "cancels", "repeats"}


def test_a_half_is_one_side_of_a_split_by_document(shared_data: Path) -> None:
    tune = load_ledger_gold(shared_data, "tune")
    test = load_ledger_gold(shared_data, "test")
    assert {s.half for s in tune.sentences} == {"tune"}
    docs_tune = {(s.span.source, s.span.doc) for s in tune.sentences}
    docs_test = {(s.span.source, s.span.doc) for s in test.sentences}
    assert not docs_tune & docs_test
    both = load_ledger_gold(shared_data)
    assert len(tune.sentences) + len(test.sentences) == len(both.sentences)


def test_each_items_half_follows_the_split_rule_of_its_group(shared_data: Path) -> None:
    """``half = tune`` when the first byte of sha256("23:<group>") is even; the group is
    "aeb:<page>", "ecbplus:<topic>" or "uci:<STORY>" (a headline's story, round 8)."""
    with (shared_data / "uci_news_aggregator" / "uci-news-aggregator.head6367.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        story = {row["ID"]: row["STORY"] for row in csv.DictReader(handle)}
    data = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    spans = [*data["sentences"], *(p[k] | {"half": p["half"]} for p in data["pairs"] for k in
             ("expectation", "later"))]  # fmt: skip
    assert any(item["source"] == "uci" for item in spans)
    for item in spans:
        doc = item["doc"]
        key = {"aeb": doc, "ecbplus": doc.split("_")[0], "uci": story.get(doc)}[item["source"]]
        first = hashlib.sha256(f"23:{item['source']}:{key}".encode()).digest()[0]
        assert item["half"] == ("tune" if first % 2 == 0 else "test"), item.get("id", doc)


def test_a_uci_item_is_a_headline_read_by_its_row(shared_data: Path) -> None:
    title = document_text(shared_data, "uci", "1")
    assert title.startswith("Fed official says weak data") and "\n" not in title
    with pytest.raises(InputError, match="no row"):
        document_text(shared_data, "uci", "no such row")


def test_a_sentence_that_does_not_match_its_hash_is_refused(
    shared_data: Path, tmp_path: Path
) -> None:
    data = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    data["sentences"] = data["sentences"][:1]
    data["sentences"][0]["end"] += 1  # one character more: another text
    data["pairs"] = []
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="does not match its hash"):
        load_ledger_gold(shared_data, path=path)
    with pytest.raises(InputError, match="half must be"):
        load_ledger_gold(shared_data, "dev")


def test_the_gold_set_never_holds_the_datas_text() -> None:
    data = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    keys = Counter(k for item in data["sentences"] for k in item)
    assert "text" not in keys and "sentence" not in keys
    for item in data["sentences"]:
        for name in ("what", "who", "attributed_to", "where", "when"):
            assert len(item.get(name) or "") < 100  # labels, not copied sentences


@pytest.mark.parametrize(
    ("name", "gold", "predicted", "right"),
    [
        ("what", "announce terms", "announce terms", True),
        ("what", "announce terms", "announce", False),  # the object is part of it
        ("what", "hold elections", "hold election", True),
        ("what", "meet", "look", False),
        ("what", "sentence", "sentence", True),
        ("who", "Chinese e-commerce giant", ["giant"], True),
        ("who", "U.S.", ["U.S.", "Esper"], False),  # the source mixed in with the actor
        ("who", None, [], True),
        ("who", None, ["Reuters"], False),
        ("who", "Ross", [], False),
        ("attributed_to", "THR", "THR", True),
        ("where", "Moscow", ["Moscow"], True),
        ("when", "on Sept. 8", "Sept. 8", True),
        ("when", "next Tuesday", "on Monday", False),
        ("when", None, None, True),
    ],
)
def test_field_rules(name: str, gold: str | None, predicted: object, right: bool) -> None:
    assert field_right(name, gold, predicted) is right  # type: ignore[arg-type]


def test_texts_match_tolerates_other_sentence_boundaries() -> None:
    assert texts_match("He will appear today.", "Police said: He will appear today.")
    assert texts_match("a  b\nc", "a b c")
    assert not texts_match("Gomes will be arraigned today.", "Gomes pleaded not guilty.")
    assert not texts_match("", "anything")


def _span(doc: str, start: int, end: int, text: str = "x") -> GoldSpan:
    return GoldSpan("aeb", doc, start, end, sentence_hash(text), text)


def _fields(what: str, who: str | None = None) -> dict[str, str | None]:
    return {"what": what, "who": who, "attributed_to": None, "where": None, "when": None}


def test_claim_scores_count_sentences_and_fields_on_matches() -> None:
    gold = [
        GoldSentence("a", _span("d", 0, 10), "test", True, _fields("meet", "Putin")),
        GoldSentence("b", _span("d", 11, 20), "test", True, _fields("vote")),
        GoldSentence("c", _span("d", 21, 30), "test", False),
        GoldSentence("e", _span("d", 31, 40), "test", False),
    ]
    predicted = {
        ("aeb", "d"): [
            PredictedClaim(0, 9, {**_fields("meet", None), "who": ("Putin", "Xi")}),
            PredictedClaim(22, 29, _fields("say")),
            PredictedClaim(50, 60, _fields("outside the gold")),
        ]
    }
    scores = score_claims(gold, predicted)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 1)
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5
    assert scores["fields"]["what"] == 1.0 and scores["fields"]["who"] == 0.0


def _expectation(*citations: Citation) -> Expectation:
    first, *rest = citations
    return Expectation(
        id="x",
        status="pending",
        text=first.sentence,
        what="arraign",
        who=[],
        where=[],
        when=None,
        attributed_to=None,
        first_reported=first,
        evidence=list(rest),
    )


def test_pair_status_reads_the_later_sentences_role_in_the_entry() -> None:
    said = "The elder Klitschko will defend his title on Sept. 8."
    expected, later = _span("a", 0, 1, said), _span("b", 0, 1, said)
    restated = _expectation(Citation("A", 0, said), Citation("B", 3, said, "restated"))
    assert pair_status([restated], ("A", expected), ("B", later)) == "repeats"
    confirmed = _expectation(Citation("A", 0, said), Citation("B", 3, said, "confirmed"))
    assert pair_status([confirmed], ("A", expected), ("B", later)) == "confirms"
    alone = _expectation(Citation("A", 0, said))
    assert pair_status([alone], ("A", expected), ("B", later)) == "none"
    assert pair_status([], ("A", expected), ("B", later)) == "missed"


def test_status_accuracy_and_confusion() -> None:
    span = _span("a", 0, 1)
    pairs = [
        GoldPair("p1", "test", span, span, "confirms"),
        GoldPair("p2", "test", span, span, "repeats"),
    ]
    scores = score_status(pairs, lambda pair: "confirms")
    assert scores["accuracy"] == 0.5
    assert scores["confusion"] == {"confirms": {"confirms": 1}, "repeats": {"confirms": 1}}
