"""The numpy matrix product given to the spaCy models: the same product as thinc's blis one."""

from __future__ import annotations

import numpy
import pytest

pytest.importorskip("thinc")

from thinc.api import NumpyOps

from storyline.extract import nlp
from storyline.extract._matmul import MatmulOps, one_blas_thread


@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (True, False), (False, True)])
def test_gemm_matches_thincs(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((7, 5) if not trans1 else (5, 7)).astype("float32")
    y = rng.standard_normal((5, 3) if not trans2 else (3, 5)).astype("float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = MatmulOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == (7, 3) and got.dtype == numpy.float32
    numpy.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    out = numpy.zeros((7, 3), dtype="float32")
    assert MatmulOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.slow
def test_the_loaded_pipeline_uses_it_and_parses_as_before() -> None:
    pipeline = nlp.load_pipeline(parse=True)
    assert isinstance(pipeline.get_pipe("ner").model.ops, MatmulOps)
    assert isinstance(pipeline.get_pipe("tok2vec").model.ops, MatmulOps)
    with one_blas_thread():
        doc = nlp.process("Xi Jinping met Vladimir Putin in Samarkand on Thursday.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Vladimir Putin", "PERSON"),  # the model misses the sentence-initial "Xi Jinping"
        ("Samarkand", "GPE"),
        ("Thursday", "DATE"),
    ]
    assert [(t.text, t.dep_) for t in doc][1:5] == [
        ("Jinping", "nsubj"),
        ("met", "ROOT"),
        ("Vladimir", "compound"),
        ("Putin", "dobj"),
    ]
