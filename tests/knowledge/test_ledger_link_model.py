"""Ledger round 10 (issue 19): the learned link, its model file and its training data's topics.
Every text here is invented (none is taken from the shared data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import ConfigError
from storyline.evaluation.ecbplus import DEV_TOPICS
from storyline.evaluation.ledger_link_train import allowed_topics, ledger_test_topics
from storyline.knowledge.ledger_link_model import (
    DEFAULT_LINK_MODEL_PATH,
    FEATURES,
    LinkModel,
    load_link_model,
    name_words,
    pair_features,
    trigger_stems,
)

# --- the model file ---------------------------------------------------------------------------


def _model_dict(**changes: object) -> dict[str, object]:
    n = len(FEATURES)
    data: dict[str, object] = {
        "features": list(FEATURES),
        "weights": [0.5] * n,
        "bias": -1.0,
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "threshold": 0.3,
        "meta": {},
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        json.dumps({"weights": [1.0]}),  # keys missing
        json.dumps(_model_dict(features=["cosine"])),  # other features
        json.dumps(_model_dict(weights=[0.5])),  # too few weights
        json.dumps(_model_dict(threshold=1.5)),
        json.dumps(_model_dict(scale=[0.0] * len(FEATURES))),
        json.dumps(_model_dict(weights=["x"] * len(FEATURES))),
        json.dumps([1, 2, 3]),
    ],
)
def test_a_corrupt_model_file_is_a_clear_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "link.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="ledger link model"):
        load_link_model(str(path))


def test_a_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the ledger link model"):
        load_link_model(str(tmp_path / "absent.json"))


def test_a_valid_model_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "link.json"
    path.write_text(json.dumps(_model_dict()), encoding="utf-8")
    model = load_link_model(str(path))
    assert LinkModel.from_dict(model.to_dict()) == model
    assert 0.0 < model.probability([0.0] * len(FEATURES)) < 0.5  # the bias alone


def test_the_shipped_model_says_what_produced_it() -> None:
    model = load_link_model(str(DEFAULT_LINK_MODEL_PATH))
    meta = model.meta
    assert meta["command"].startswith("python scripts/train_ledger_link.py")
    assert meta["date"] and meta["n_pairs"] > 10_000
    assert not set(meta["topics"]) & set(DEV_TOPICS)
    assert not set(meta["topics"]) & set(range(36, 46))
    assert {"l2", "threshold", "figures", "cosine_rule_0.50"} <= set(meta["cv"])


# --- the training topics ----------------------------------------------------------------------


def test_the_training_topics_leave_out_the_test_halfs_and_the_gates(tmp_path: Path) -> None:
    def span(doc: str) -> dict[str, str]:
        return {"source": "ecbplus", "doc": doc}

    gold = {
        "sentences": [
            {**span("3_1ecb.xml"), "half": "test"},
            {**span("7_2ecbplus.xml"), "half": "tune"},
            {"source": "aeb", "doc": "ab12", "half": "test"},
        ],
        "pairs": [
            {"half": "test", "expectation": span("11_1ecb.xml"), "later": span("13_4ecb.xml")},
            {"half": "tune", "expectation": span("16_1ecb.xml"), "later": span("16_2ecb.xml")},
        ],
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert ledger_test_topics(path) == {3, 11, 13}
    topics = allowed_topics(path)
    assert 7 in topics and 16 in topics
    assert not {3, 11, 13} & set(topics) and not set(DEV_TOPICS) & set(topics)


# --- the features -----------------------------------------------------------------------------


def test_names_are_the_capitalised_words_that_name_someone() -> None:
    assert name_words("Lindsay Lohan checked into a clinic in Malibu on Friday.") == {
        "lindsay",
        "lohan",
        "malibu",
    }
    assert name_words("The company said on Monday that it would hire Ann Vos.") == {"ann", "vos"}


def test_features_see_the_event_words_names_and_days() -> None:
    plan = "Hartwell Mining will open its copper mine in Kalgoorlie on Monday."
    event = trigger_stems(["open"])
    same = "Hartwell Mining opened the Kalgoorlie copper mine on Monday."
    other = "Ridgeway Metals began work at a gold mine in Cairns on Friday."
    x_same = dict(zip(FEATURES, pair_features(plan, event, same, 0.7, 0.7), strict=True))
    x_other = dict(zip(FEATURES, pair_features(plan, event, other, 0.4, 0.7), strict=True))
    assert x_same["trigger"] == 1.0 and x_other["trigger"] == 0.0
    assert x_same["shared_names"] > 0 and x_same["name_conflict"] == 0.0
    assert x_other["name_conflict"] == 1.0 and x_other["day_conflict"] == 1.0
    assert x_other["cosine_gap"] == pytest.approx(-0.3)


# --- whole pairs (the Universal Sentence Encoder and the shipped model) -----------------------


def _linked(plan: str, later: list[str], who: list[str]) -> int | None:
    from storyline.knowledge.ledger_reports import ArticleContext, Entry, Report
    from storyline.knowledge.ledger_semantic import _learned_link, use_vectors

    opener = Report(
        "a0", 0, None, 0, plan, "open", "", frozenset({"open"}),
        who=who, names=set(who), where=[], window=None, label="expected", cue="will",
        attributed_to=None, noun=None, again=False, shown="open mine",
    )  # fmt: skip
    entry = Entry([opener], list(who), [], None)
    ctx = ArticleContext(sentences=dict(enumerate(later)))
    scores = use_vectors().similarities(plan, later)
    model = load_link_model(str(DEFAULT_LINK_MODEL_PATH))
    return _learned_link(model, entry, ctx, list(range(len(later))), scores, set())


_FILLER = [
    "Shares in the company rose 3 per cent in early trading in Sydney.",
    "Analysts expect copper prices to stay firm through the winter months.",
]


_PLAN = "Hartwell Mining will open its new copper mine near Kalgoorlie on Monday."


@pytest.mark.slow
def test_invented_a_report_in_other_words_is_linked() -> None:
    later = [
        *_FILLER,
        "Hartwell Mining's new copper mine near Kalgoorlie began production on Monday.",
    ]
    assert _linked(_PLAN, later, ["Hartwell Mining"]) == 2


@pytest.mark.slow
def test_invented_a_like_event_with_other_actors_and_places_is_not_linked() -> None:
    later = [
        *_FILLER,
        "Ridgeway Metals started production at a gold mine outside Cairns on Friday.",
    ]
    assert _linked(_PLAN, later, ["Hartwell Mining"]) is None


# What the learned link gets wrong (round 10, docs/ledger-guideline.md): a report in words
# further from the plan's scores under its threshold, and a like event with other actors and
# places that shares the plan's object ("a new copper mine") is linked: ECB+ coreference is
# mostly told with the same word, so the model leans on it.


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="the learned link's known miss (round 10)")
def test_invented_a_report_in_words_far_from_the_plans_is_linked() -> None:
    later = [
        *_FILLER,
        "The first ore was trucked out of Hartwell Mining's Kalgoorlie copper pit on Monday, "
        "the company said.",
    ]
    assert _linked(_PLAN, later, ["Hartwell Mining"]) == 2


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="the learned link's known false link (round 10)")
def test_invented_the_same_act_by_another_actor_elsewhere_is_not_linked() -> None:
    later = [*_FILLER, "Ridgeway Metals opened a new copper mine outside Cairns on Friday."]
    assert _linked(_PLAN, later, ["Hartwell Mining"]) is None


# --- the encoder follows the configuration ----------------------------------------------------


def test_the_ledger_embedder_is_use_or_none() -> None:
    from storyline.config import AnalysisConfig

    assert AnalysisConfig().ledger_embedder == "use"
    with pytest.raises(ConfigError, match="ledger_embedder"):
        AnalysisConfig(ledger_embedder="bert")


@pytest.mark.slow
def test_invented_no_encoder_is_loaded_when_the_ledger_embedder_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyline.knowledge.analysis as analysis
    from storyline.config import AnalysisConfig
    from storyline.records import Article

    def refuse() -> None:
        raise AssertionError("the sentence encoder was asked for")

    monkeypatch.setattr(analysis, "use_vectors", refuse)
    texts = [
        "Hartwell Mining will open its new copper mine near Kalgoorlie on Monday.",
        "The first ore was trucked out of Hartwell Mining's Kalgoorlie pit on Monday.",
    ]
    articles = [
        Article(id=f"a{i}", raw_id="r", path=f"{i}.txt", format="text", text=t, seq=i)
        for i, t in enumerate(texts)
    ]
    found = analysis.analyse_story(articles, config=AnalysisConfig(ledger_embedder="none"))
    assert found.expectations  # the ledger was built, by its rules alone
