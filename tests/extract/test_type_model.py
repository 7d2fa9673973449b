"""The learned type check (extract/type_model.py, entity round 10), on invented text: the
shipped model loads with its provenance, keeps clear cases as the rules typed them, overrides
only above its threshold, and a corrupt model file is a ConfigError."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyline.errors import ConfigError
from storyline.extract import nlp
from storyline.extract.entities import mentions_from_doc
from storyline.extract.type_model import (
    CLASSES,
    DEFAULT_MODEL_PATH,
    FEATURES,
    TypeModel,
    features,
    load_type_model,
    retype,
    retyped_labels,
)


def typed(text: str) -> dict[str, str]:
    doc = nlp.process(text, parse=True)
    return {m.text: m.type for m in retype(doc, mentions_from_doc(doc, "a"))}


def test_the_shipped_model_loads_with_its_provenance() -> None:
    model = load_type_model()
    assert model.weights.shape == (len(FEATURES), len(CLASSES))
    assert {"data", "command", "date", "cv"} <= set(model.meta)
    assert 0.0 < model.threshold <= 1.0


def test_a_company_that_speaks_stays_an_organisation() -> None:
    types = typed("Brontwell Inc said on Monday that it would hire 200 workers in Ohio.")
    assert types["Brontwell Inc"] == "ORG"


def test_a_person_met_with_a_title_stays_a_person() -> None:
    types = typed("The minister met President Zubrowski Kallendar at the palace on Friday.")
    assert types["Zubrowski Kallendar"] == "PERSON"


def test_the_features_describe_each_mention() -> None:
    doc = nlp.process("Mr Halvorsen Trubb flew to Vellmar County on Monday.", parse=True)
    mentions = mentions_from_doc(doc, "a")
    x = features(doc, mentions)
    assert x.shape == (len(mentions), len(FEATURES))
    county = next(i for i, m in enumerate(mentions) if m.text.endswith("County"))
    assert x[county, FEATURES.index("suffix_region")] == 1.0
    assert x[county, FEATURES.index("prep_to")] == 1.0


def _model(bias: list[float], threshold: float) -> TypeModel:
    n = len(FEATURES)
    weights = np.zeros((n, len(CLASSES)))
    return TypeModel(weights, np.array(bias), np.zeros(n), np.ones(n), threshold)


def test_the_model_overrides_only_at_its_threshold() -> None:
    x = np.zeros((1, len(FEATURES)))
    place = [-9.0, -9.0, 9.0, -9.0, -9.0, -9.0, -9.0]  # the place family, near certain
    assert retyped_labels(_model(place, 0.9), x, ["ORG"]) == ["GPE"]
    assert retyped_labels(_model(place, 0.9), x, ["LOC"]) == ["LOC"]  # same family: kept
    unsure = [0.0, 0.0, 0.5, -9.0, -9.0, -9.0, -9.0]  # the place family at about 0.4
    assert retyped_labels(_model(unsure, 0.9), x, ["ORG"]) == ["ORG"]


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"features": ["x"], "classes": list(CLASSES)}),
        "[]",
    ],
)
def test_a_corrupt_model_file_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "type_model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_type_model(str(path))


def test_a_model_file_with_wrong_shapes_is_a_config_error(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    data["weights"] = data["weights"][:-1]
    path = tmp_path / "type_model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_type_model(str(path))
