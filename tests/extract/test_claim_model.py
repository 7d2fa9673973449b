"""The learned claim gate (ledger round 10) on invented text: its model loads, its features are
read from the parse, a clear plan scores above a counterfactual or advice, a broken weights file
is a clear ConfigError, and the gate records candidates without deciding while it is not
adopted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import ConfigError
from storyline.extract import nlp
from storyline.extract.claim_model import (
    ADOPTED,
    DEFAULT_CLAIM_MODEL_PATH,
    FEATURES,
    ClaimModel,
    claim_features,
    load_claim_model,
    recording,
    review,
)
from storyline.extract.events import extract_events
from storyline.extract.modality import main_predicate, modality_of

pytestmark = pytest.mark.slow  # runs the spaCy model


def _features(sentence: str) -> dict[str, float]:
    token = main_predicate(nlp.process(sentence, parse=True)[:])
    assert token is not None
    modality = modality_of(token)
    assert modality.label == "expected", sentence
    return dict(zip(FEATURES, claim_features(token, modality), strict=True))


def _probability(sentence: str) -> float:
    token = main_predicate(nlp.process(sentence, parse=True)[:])
    assert token is not None
    return load_claim_model().probability(claim_features(token, modality_of(token)))


def test_the_shipped_model_loads_with_its_provenance() -> None:
    model = load_claim_model()
    assert model.features == FEATURES
    assert 0.0 < model.threshold < 1.0
    assert {"data", "command", "date"} <= set(model.meta)
    assert "tune" in model.meta["data"]


def test_features_are_read_from_the_parse() -> None:
    plan = _features("The Zorvian council will vote on the harbour budget next Tuesday.")
    assert plan["modal_will"] == 1.0 and plan["time_ahead"] == 1.0
    assert plan["subject_you"] == 0.0 and plan["question"] == 0.0
    advice = _features("You should back up your files before the update.")
    assert advice["subject_you"] == 1.0 and advice["modal_duty"] == 1.0
    asked = _features("Will the Zorvian council vote on the budget?")
    assert asked["question"] == 1.0
    reported = _features("Mayor Tella Brandt said the bridge would reopen in March.")
    assert reported["report_governor"] == 1.0 and reported["modal_would"] == 1.0


def test_a_clear_plan_scores_above_a_counterfactual_and_advice() -> None:
    plan = _probability("The Zorvian council will vote on the harbour budget next Tuesday.")
    counterfactual = _probability("Had the levee held, the town could have avoided the flood.")
    advice = _probability("You should back up your files before the update.")
    assert plan >= load_claim_model().threshold
    assert plan > counterfactual
    assert plan > advice


@pytest.mark.parametrize("content", ["", "{not json", '{"kind": "tree"}', '{"kind": "logistic'])
def test_a_corrupt_weights_file_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "claim_model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_claim_model(str(path))


def test_a_missing_weights_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the claim model"):
        load_claim_model(str(tmp_path / "absent.json"))


def test_weights_that_do_not_match_the_features_are_a_config_error() -> None:
    data = json.loads(DEFAULT_CLAIM_MODEL_PATH.read_text(encoding="utf-8"))
    data["weights"] = data["weights"][:-1]
    with pytest.raises(ConfigError, match="must match the features"):
        ClaimModel.from_dict(data)
    data = json.loads(DEFAULT_CLAIM_MODEL_PATH.read_text(encoding="utf-8"))
    data["threshold"] = 1.5
    with pytest.raises(ConfigError, match="threshold"):
        ClaimModel.from_dict(data)


def test_recording_collects_candidates_and_keeps_each_as_a_claim() -> None:
    text = (
        "If it rains, the Zorvian fair could move indoors. Ilse Marr will open the fair on Friday."
    )
    with recording() as seen:
        events = extract_events(text, None, "a")
    expected = [e for e in events if e.modality.label == "expected"]
    assert len(seen) >= 2  # the conditional and the plan are both candidates
    assert all(e.modality.future is True for e in expected)
    assert {c.sentence for c in seen} >= {e.sentence for e in expected}
    # outside recording, the rules decide (the model is not adopted): the condition is none
    rules = [e for e in extract_events(text, None, "a") if e.modality.label == "expected"]
    assert [e.modality.future for e in rules if "If it rains" in e.sentence] in ([], [False])


def test_the_gate_returns_the_rules_modality_when_not_adopted() -> None:
    assert ADOPTED is False
    token = main_predicate(nlp.process("Ilse Marr might win, some fear.", parse=True)[:])
    assert token is not None
    modality = modality_of(token)
    assert review(token, modality) is modality
