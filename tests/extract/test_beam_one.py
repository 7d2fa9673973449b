"""The NER decoded by a beam of width one: the entities of spaCy's greedy decoding."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from storyline.extract import nlp
from storyline.extract._beam_one import BeamOne
from storyline.extract._matmul import one_blas_thread

pytestmark = pytest.mark.slow  # runs the spaCy model

_TEXTS = (
    "Xi Jinping met Vladimir Putin in Samarkand on Thursday.",
    "The officers fired and the teenager was pronounced dead at Kings County Hospital.",
    "",
    "NATO said on Monday that Finland would join the alliance by April 2023.",
)


def _greedy_entities(text: str) -> list[tuple[int, int, str]]:
    """The entities of the same pipeline with spaCy's own (greedy) NER in place of ours."""
    pipeline = nlp.load_pipeline(parse=True)
    doc = pipeline.make_doc(text)
    for _, component in pipeline.pipeline:
        if not isinstance(component, BeamOne):
            doc = component(doc)
    doc = pipeline.get_pipe("ner")(doc)
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_the_pipeline_runs_the_ner_through_the_beam_of_one() -> None:
    pipeline = nlp.load_pipeline(parse=True)
    assert "ner" not in pipeline.pipe_names
    assert isinstance(pipeline.get_pipe("storyline_ner"), BeamOne)
    assert isinstance(nlp.load_pipeline(parse=False).get_pipe("storyline_ner"), BeamOne)


def test_same_entities_as_the_greedy_decoding(seeds_dir: Path) -> None:
    texts = [*_TEXTS, *(p.read_text() for p in sorted(seeds_dir.glob("*.txt")))]
    with one_blas_thread():
        docs = list(nlp.process_many(texts, parse=True, batch_size=4))
        alone = [nlp.process(text) for text in texts]
        for text, doc, single in zip(texts, docs, alone, strict=True):
            got = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            assert got == [(e.start_char, e.end_char, e.label_) for e in single.ents]
            assert got == _greedy_entities(text)
    assert any(doc.ents for doc in docs)
