"""ECB+ event coreference: gold loading, model pieces, and the quality gate on the dev topics."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from _gate_baseline import floor

from storyline.errors import InputError
from storyline.evaluation.ecbplus import DEV_TOPICS, read_document
from storyline.evaluation.event_coref import (
    _is_stamp,
    document_text,
    evaluate_event_coref,
    load_gold_topics,
    read_mentions,
    read_selected_sentences,
    score_predictions,
    train_event_coref,
)
from storyline.extract.coref import (
    DEFAULT_PARAMS_PATH,
    FEATURES,
    CorefParams,
    EventCorefModel,
    average_linkage,
    cluster_documents,
    fit_logistic,
)

_DOC = """<Document doc_name="{name}" doc_id="1">
{tokens}
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<NEG_ACTION_OCCURRENCE m_id="2"><token_anchor t_id="10"/></NEG_ACTION_OCCURRENCE>
<ACTION_REPORTING m_id="3"><token_anchor t_id="13"/></ACTION_REPORTING>
<HUMAN_PART_PER m_id="4"><token_anchor t_id="3"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="5"><token_anchor t_id="15"/><token_anchor t_id="16"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="9" TAG_DESCRIPTOR="t1_arrest" instance_id="ACT1"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT1"><source m_id="1"/><target m_id="9"/></CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="2"><source m_id="2"/><target m_id="5"/></INTRA_DOC_COREF>
<CROSS_DOC_COREF r_id="3" note="HUM1"><source m_id="4"/><target m_id="9"/></CROSS_DOC_COREF>
</Relations>
</Document>
"""
_SENTENCES = [
    "Police arrested Smith on Monday .",  # t 1-6, sentence 0
    "He did not resist .",  # t 7-11, sentence 1
    "Officials said he was charged .",  # t 12-17, sentence 2 (not selected)
]


def _write_doc(folder: Path, name: str) -> Path:
    rows, t_id = [], 0
    for sentence, text in enumerate(_SENTENCES):
        for number, word in enumerate(text.split()):
            t_id += 1
            rows.append(
                f'<token t_id="{t_id}" sentence="{sentence}" number="{number}">{word}</token>'
            )
    path = folder / name
    path.write_text(_DOC.format(name=name, tokens="\n".join(rows)), encoding="utf-8")
    return path


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    rows = ["Topic,File,Sentence Number"]
    for t in (1, 3):
        topic = tmp_path / "ECB+" / str(t)
        topic.mkdir(parents=True)
        _write_doc(topic, f"{t}_1ecb.xml")
        _write_doc(topic, f"{t}_2ecbplus.xml")
        rows += [f"{t},1ecb,0", f"{t},1ecb,1", f"{t},2ecbplus,0"]
    csv = tmp_path / "ECB+" / "ECBplus_coreference_sentences.csv"
    csv.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return tmp_path


def test_read_mentions_follows_the_standard_gold(tiny_corpus: Path) -> None:
    selected = read_selected_sentences(tiny_corpus / "ECB+" / "ECBplus_coreference_sentences.csv")
    assert {("1_1ecb", 0), ("1_1ecb", 1), ("1_2ecbplus", 0)} <= selected
    assert ("1_1ecb", 2) not in selected
    mentions, gold = read_mentions(tiny_corpus / "ECB+" / "1" / "1_1ecb.xml", selected)
    # actions and negated actions of the selected sentences; no participants, no sentence 2,
    # no token-less instance descriptors
    assert [m.id for m in mentions] == ["1_1ecb:1", "1_1ecb:2"]
    assert mentions[0].trigger == "arrested"
    assert mentions[0].tokens[mentions[0].span[0]] == "arrested"
    assert mentions[1].sentence == 1 and mentions[1].trigger == "resist"
    # the cross-document instance is the cluster; an intra-doc chain member is a singleton
    assert gold == {"1_1ecb:1": "ACT1", "1_1ecb:2": "1_1ecb:2"}


def test_load_gold_topics(tiny_corpus: Path) -> None:
    assert [t.topic for t in load_gold_topics(tiny_corpus)] == [1, 3]
    (topic,) = load_gold_topics(tiny_corpus, topics=[1])
    assert topic.topic == 1
    assert set(topic.data.texts) == {"1_1ecb.xml", "1_2ecbplus.xml"}
    assert topic.subtopics == {"1_1ecb.xml": "1ecb", "1_2ecbplus.xml": "1ecbplus"}
    assert len(topic.data.mentions) == 3  # two in 1_1ecb, one in 1_2ecbplus (sentence 0 only)
    perfect = {m: i for i, m in enumerate(sorted(set(topic.gold.values())))}
    predicted = {m: perfect[c] for m, c in topic.gold.items()}
    scores = score_predictions([topic], predicted)
    assert scores["conll_f1"] == 100.0
    assert scores["n_mentions"] == 3 and scores["n_gold_clusters"] == 2


def test_publication_stamps_are_not_text(tmp_path: Path) -> None:
    assert _is_stamp("First Published: June 13, 2013 4: 59 PM EDT")
    assert _is_stamp("Posted Oct 26, 2011 8: 57 AM CDT")
    assert _is_stamp("Updated: November 11, 2011 20: 09 IST")
    assert not _is_stamp("The fire service was called at 06: 00 BST to the store.")
    assert not _is_stamp("O'Brien was hired on April 21, 2004 and posted a record of 43 - 39.")
    sentences = [
        "http : / / example . com / news",
        "First Published : June 13 , 2013 4 : 59 PM EDT",  # the loader keeps this one
        "Police arrested Smith .",
    ]
    rows: list[str] = []
    for sentence, text in enumerate(sentences):
        for i, word in enumerate(text.split()):
            rows.append(
                f'<token t_id="{len(rows) + 1}" sentence="{sentence}" number="{i}">{word}</token>'
            )
    path = tmp_path / "1_1ecbplus.xml"
    path.write_text(f'<Document doc_name="x">{"".join(rows)}</Document>', encoding="utf-8")
    assert document_text(read_document(path)) == "Police arrested Smith."


def test_average_linkage() -> None:
    sim = np.array(
        [
            [1.0, 0.9, 0.8, 0.1],
            [0.9, 1.0, 0.7, 0.0],
            [0.8, 0.7, 1.0, 0.2],
            [0.1, 0.0, 0.2, 1.0],
        ]
    )
    labels = average_linkage(sim, 0.5)
    assert labels[0] == labels[1] == labels[2] != labels[3]
    # {0,1} merge at 0.9; {0,1}+{2} at (0.8+0.7)/2 = 0.75 < 0.76: stays apart
    labels = average_linkage(sim, 0.76)
    assert labels[0] == labels[1] != labels[2]
    assert len(set(average_linkage(sim, 0.95).tolist())) == 4
    assert average_linkage(np.zeros((1, 1)), 0.5).tolist() == [0]


def test_cluster_documents_groups_by_shared_words() -> None:
    texts = {
        "a": "Earthquake strikes Iran island, killing ten villagers in Qeshm.",
        "b": "Qeshm island earthquake kills ten villagers, Iran says.",
        "c": "Microsoft patches Internet Explorer flaw exploited by hackers.",
        "d": "Hackers exploited the Internet Explorer flaw; Microsoft patch out.",
    }
    labels = cluster_documents(texts, threshold=0.1)
    assert labels["a"] == labels["b"] != labels["c"] == labels["d"]


def test_fit_logistic_learns_a_separable_signal() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(float)
    weights, _ = fit_logistic(x, y, l2=0.1)
    assert weights[0] > 0 > weights[1]
    assert abs(weights[2]) < 0.5 * weights[0]


def test_params_round_trip_and_feature_check(tmp_path: Path) -> None:
    n = len(FEATURES)
    params = CorefParams(0.1, 0.4, FEATURES, (0.5,) * n, -1.0, (0.0,) * n, (1.0,) * n)
    params = params.with_provenance({"topics": [1, 3]})
    path = tmp_path / "params.json"
    path.write_text(json.dumps(params.to_json()), encoding="utf-8")
    assert CorefParams.load(path) == params
    with pytest.raises(ValueError, match="different feature set"):
        EventCorefModel(CorefParams(0.1, 0.4, ("x",), (1.0,), 0.0, (0.0,), (1.0,)))


def test_shipped_parameters_were_fit_without_dev_topics() -> None:
    params = CorefParams.load()
    provenance = params.provenance
    topics = set(provenance["topics"])
    assert topics, "the shipped parameters must record the topics they were fit on"
    assert not topics & set(DEV_TOPICS)
    assert not topics & set(range(36, 46))  # the held-back test topics
    for key in ("command", "data", "date"):
        assert provenance[key]
    assert tuple(params.features) == FEATURES
    assert DEFAULT_PARAMS_PATH.is_file()


@pytest.mark.slow
def test_train_and_evaluate_on_any_topic_folders(tiny_corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "params.json"
    params = train_event_coref(tiny_corpus, [1, 3], output=output, command="test")
    saved = json.loads(output.read_text(encoding="utf-8"))
    assert saved["provenance"]["topics"] == [1, 3]
    assert saved["provenance"]["command"] == "test"
    assert saved["features"] == list(FEATURES)
    result = evaluate_event_coref(tiny_corpus, params=params)
    assert result["topics"] == [1, 3] and result["n_mentions"] == 6
    assert result["n_gold_clusters"] == 4  # ACT1 per topic + one singleton per topic
    assert 0.0 <= result["conll_f1"] <= 100.0
    assert set(result) >= {"muc", "b3", "ceafe", "n_pred_clusters", "seconds"}
    lemma = evaluate_event_coref(tiny_corpus, topics=[3], params=params, method="lemma")
    assert lemma["topics"] == [3] and lemma["method"] == "lemma"
    with pytest.raises(InputError):
        evaluate_event_coref(tiny_corpus, topics=[99], params=params)


@pytest.mark.slow
def test_quality_gate_on_dev_topics(shared_data: Path) -> None:
    """CoNLL F1 above its pinned floor (baseline.json) on the dev topics, gold mentions."""
    result = evaluate_event_coref(shared_data / "ecbplus", topics=DEV_TOPICS)
    assert result["topics"] == sorted(DEV_TOPICS)
    assert result["n_mentions"] > 1000
    assert result["conll_f1"] >= floor("ecbplus_events_conll_f1"), result
    for metric in ("muc", "b3", "ceafe"):
        assert result[metric]["f1"] >= 65.0, result
