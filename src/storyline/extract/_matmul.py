"""Matrix products of the spaCy models through numpy (OpenBLAS) instead of blis, on one thread.

thinc's ``NumpyOps.gemm`` calls blis. On the 2-core AMD EPYC machines this project is measured
on, blis reaches ~25 GFLOPS on the shapes of the ``en_core_web_sm`` tok2vec layers (2,400 x 288
by 288 x 288) and numpy's OpenBLAS ~75 (single thread, ``/tmp`` script, Nov 2026). The two
tok2vec encoders (the shared one and the NER's own) are most of the pipeline's cost, so the
tok2vec CPU time falls by ~60% and the whole pipeline (tagger, parser, NER) by ~40%, with
identical output on 200 ECB+ documents (every entity, tag, arc and sentence boundary).

OpenBLAS would start a thread per core for those products: two worker processes on two cores
then fight over four threads and burn CPU waiting. :func:`one_blas_thread` keeps OpenBLAS on
the calling thread while spaCy runs.

This module imports thinc: load it only where spaCy is loaded.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

import numpy
from thinc.api import NumpyOps

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MatmulOps", "one_blas_thread", "use_matmul"]


class MatmulOps(NumpyOps):
    """``NumpyOps`` with ``gemm`` done by ``numpy.matmul``: the same product, faster here."""

    def gemm(
        self,
        x: numpy.ndarray,
        y: numpy.ndarray,
        out: numpy.ndarray | None = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> numpy.ndarray:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def use_matmul(nlp: Language) -> None:
    """Give every layer of every model of ``nlp`` the :class:`MatmulOps` (weights untouched)."""
    ops = MatmulOps()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops


def one_blas_thread() -> AbstractContextManager[Any]:
    """OpenBLAS limited to the calling thread inside the ``with`` block (a no-op without
    ``threadpoolctl``: the products are then right, only slower on a busy machine)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with the nlp extra
        return nullcontext()
    limits: AbstractContextManager[Any] = threadpool_limits(limits=1, user_api="blas")
    return limits
