"""Cheap, dependency-free text features shared by the lexical stages.

* :func:`terms`: lower-cased content words (stop words, numbers and one-letter words out).
* :func:`name_keys`: capitalised tokens and multi-word capitalised sequences, a cheap stand-in
  for named entities (no spaCy needed): ``"Vladimir Putin"`` gives ``"vladimir"``, ``"putin"``
  and ``"vladimir putin"``.
* :func:`sublinear_tf`, :func:`idf`, :func:`l2_normalise`, :func:`sparse_dot`: the TF-IDF
  arithmetic on sparse ``dict[str, float]`` vectors.

Everything here is a pure function of its input: no global state, no randomness.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

import numpy as np

__all__ = [
    "CALENDAR_WORDS",
    "STOPWORDS",
    "idf",
    "is_year",
    "l2_normalise",
    "name_keys",
    "number_overlap",
    "numbers_of",
    "ranked_items",
    "sparse_dot",
    "sublinear_tf",
    "terms",
    "terms_and_names",
    "top_items",
    "words",
]


def _word_set(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Function words of the configured languages (en, fr, de, es, it, pt, nl) plus reporting verbs
# that every news article carries. Kept short on purpose: IDF does the rest.
STOPWORDS: frozenset[str] = _word_set(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can could did do does doing don down during each
    few for from further had has have having he her here hers herself him himself his how i
    if in into is it its itself just let me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves s t ll re ve d m o y isn wasn weren hasn haven hadn doesn didn
    won wouldn shouldn couldn mustn may might must shall one two us also many much still yet
    said says say told tells tell according reported reports report added adding new like
    get got go goes going went make made take took mr mrs ms dr via per amp
    le la les un une des du de et est en que qui dans pour pas sur au aux avec ce ces se sont
    il elle ils elles nous vous je tu sa ses leur leurs par plus ou mais ne été être
    der das den dem des ein eine einer eines und ist im zu mit von auf für nicht sich
    es sie er wir ihr auch als bei nach aus wie noch wird werden hat haben dass oder
    el los las del y con por para una lo se su sus al es más pero como sobre este esta
    il lo gli di che non per con una sono della delle dei nel nella alla anche come più
    o os um uma do da dos das em para com não mais ao à
    het een van en te dat op zijn voor met niet aan er ook als bij uit wordt om
    """
)

# Month and weekday names (en): capitalised but never a name, and the stuff datelines are made of.
CALENDAR_WORDS: frozenset[str] = _word_set(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun today yesterday tomorrow
    """
)

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?")
# A possessive ending: a word (a _WORD match: it ends with a letter or digit) ending in 's or
# ’s loses those two characters, as the regular expression ['’]s?$ would take them off.
_POSSESSIVE_ENDS = ("'s", "’s")
_NOT_CONTENT = STOPWORDS | CALENDAR_WORDS
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
# Whitespace after a sentence's end, or line breaks: the same splits as
# r"(?<=[.!?])\s+|\n+", with the space matched before the look-behind (faster: a pattern
# opening with a look-behind is tried at every position).
_SENTENCE = re.compile(r"\s(?<=[.!?]\s)\s*|\n+")
_NAME_CONNECTORS = frozenset({"of", "de", "del", "der", "van", "von", "bin", "al", "la", "le"})


def words(text: str) -> list[str]:
    """Word tokens as written (case kept), possessive ``'s`` dropped."""
    ends = _POSSESSIVE_ENDS  # inlined, not a call per word (a third of the cost)
    return [w[:-2] if w.endswith(ends) else w for w in _WORD.findall(text)]


def terms(text: str) -> list[str]:
    """Lower-cased content words: no stop words, no calendar words, at least two letters."""
    return _content_words(words(text))


def _content_words(tokens: Iterable[str]) -> list[str]:
    return [w for w in map(str.lower, tokens) if len(w) >= 2 and w not in _NOT_CONTENT]


def terms_and_names(text: str) -> tuple[list[str], list[str]]:
    """``(terms(text), name_keys(text))``, the text split into words once for both."""
    every: list[str] = []
    sentences = _sentence_tokens(text, every)
    return _content_words(every), _names(sentences)  # every's "" breaks: too short for a term


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_name_word(word: str) -> bool:
    low = word.lower()
    return _is_cap(word) and low not in _NOT_CONTENT and len(low) >= 2


class _NameWords(dict[str, bool]):
    """``_is_name_word`` of each token, computed once per distinct token (a plain dict
    lookup after that); past ``limit`` tokens it starts again, so it stays bounded."""

    def __init__(self, limit: int = 1 << 16) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, word: str) -> bool:
        if len(self) >= self.limit:
            self.clear()
        flag = self[word] = _is_name_word(word)
        return flag


# Shared by every text: words recur across articles, and _is_name_word is a pure function of
# the word, so the cache changes no result (~20% of name_keys' CPU on news text).
_NAME_WORDS = _NameWords()


def _sequences(tokens: list[str], is_name: _NameWords | None = None) -> list[list[str]]:
    """Runs of capitalised words (a lower-case connector may join two: "Bank of England")."""
    is_name = _NAME_WORDS if is_name is None else is_name
    runs: list[list[str]] = []
    current: list[str] = []
    for i, tok in enumerate(tokens):
        if is_name[tok]:
            current.append(tok)
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if current and tok in _NAME_CONNECTORS and is_name[nxt]:
            current.append(tok)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _tokens_with_breaks(sentence: str) -> list[str]:
    """Words as written, with ``""`` wherever punctuation separates two words (a name ends)."""
    parts = _WORD_SPLIT.split(sentence)  # gap, word, gap, word, ..., gap
    if len(parts) < 3:
        return []
    ends = _POSSESSIVE_ENDS
    found = [w[:-2] if w.endswith(ends) else w for w in parts[1::2]]
    toks = [found[0]]
    for gap, word in zip(parts[2:-1:2], found[1:], strict=True):
        if gap.strip():
            toks.append("")
        toks.append(word)
    return toks


def _sentence_tokens(text: str, every: list[str] | None = None) -> list[list[str]]:
    """Tokens per sentence, skipping headline-style lines where every word is capitalised;
    ``every`` gets the tokens of every sentence (its words in text order, with breaks)."""
    out: list[list[str]] = []
    for sentence in _SENTENCE.split(text):
        toks = _tokens_with_breaks(sentence)
        if every is not None:
            every.extend(toks)
        content = [t for t in toks if t and t.lower() not in STOPWORDS]
        if not content:
            continue
        if len(content) >= 3 and all(_is_cap(t) for t in content):
            continue  # a Title Case headline: every word is capitalised, names are not visible
        out.append(toks)
    return out


def name_keys(text: str) -> list[str]:
    """Capitalised name tokens and multi-word names (lower-cased), with repetitions.

    A capitalised word that opens a sentence counts only when the text also capitalises it
    elsewhere mid-sentence, or when it starts a multi-word name ("The" never counts).
    """
    return _names(_sentence_tokens(text))


def _names(sentences: list[list[str]]) -> list[str]:
    """name_keys of a text's sentences (_sentence_tokens)."""
    is_name = _NAME_WORDS
    mid_caps = {t for toks in sentences for t in toks[1:] if is_name[t]}
    keys: list[str] = []
    for toks in sentences:
        for run in _sequences(toks, is_name):
            if run[0] is toks[0] and len(run) == 1 and run[0] not in mid_caps:
                continue  # a lone sentence-initial capital: just a capitalised word
            while run and not is_name[run[-1]]:
                run = run[:-1]
            names = [t.lower() for t in run if is_name[t]]
            keys.extend(names)
            if len(run) > 1:
                keys.append(" ".join(t.lower() for t in run))
    return keys


def sublinear_tf(tokens: Iterable[str]) -> dict[str, float]:
    """``1 + log(count)`` per distinct token."""
    return {t: 1.0 + math.log(c) for t, c in Counter(tokens).items()}


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency, always > 0."""
    return math.log((1 + n_docs) / (1 + df)) + 1.0


def l2_normalise(vec: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0.0:
        return {}
    return {k: v / norm for k, v in vec.items()}


def sparse_dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum([v * b[k] for k, v in a.items() if k in b])  # a list: faster than a generator


_K = TypeVar("_K", str, int)  # keys: terms, names, story ids; days
_W = TypeVar("_W", float, int)  # weights; counts


def top_items(vec: Mapping[_K, _W], k: int) -> list[tuple[_K, _W]]:
    """The ``k`` largest entries, ties broken by key: independent of dict order."""
    # (-weight, key) pairs sorted as tuples, compared in C: half the time of heapq.nsmallest
    # with a key function called per entry (40 of 60-400 entries, as the clusterer asks)
    n = len(vec)
    if n >= _SELECT_FROM and k > 0 and 4 * k <= n:
        # many entries, few wanted (the clusterer's candidate stories: ~1,000 of 10): only
        # those at least as heavy as the k-th heaviest are sorted, ties at the cut included,
        # so the first k are the same
        weights = np.fromiter(vec.values(), dtype=np.float64, count=n)
        cut = float(np.partition(weights, n - k)[n - k])
        ranked = sorted([(-w, key) for key, w in vec.items() if w >= cut])
    else:
        ranked = sorted([(-w, key) for key, w in vec.items()])
    return [(key, -w) for w, key in ranked[:k]]


_SELECT_FROM = 128  # below, sorting every entry costs less than selecting first


def ranked_items(vec: Mapping[_K, _W], first: int) -> Iterator[tuple[_K, _W]]:
    """Every entry, heaviest first (ties by key), as ``top_items(vec, len(vec))``; the rest
    after the ``first`` is sorted only when read that far."""
    head = top_items(vec, first)
    yield from head
    if len(head) < len(vec):
        yield from top_items(vec, len(vec))[len(head) :]


# Numbers of two or more digits, or with a decimal part (years, tolls, magnitudes, scores):
# events of one kind (two earthquakes, two elections) differ by them.
_NUMBER = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\w])")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def numbers_of(text: str) -> frozenset[str]:
    """The numbers a text mentions (thousands separators dropped), two digits or more."""
    found = (m.replace(",", "") for m in _NUMBER.findall(text))
    return frozenset(n for n in found if len(n) >= 2)


def is_year(number: str) -> bool:
    """Whether a number (as :func:`numbers_of` gives it) reads as a year, 1900-2099."""
    return _YEAR.match(number) is not None


def number_overlap(
    numbers: frozenset[str], story: Mapping[str, int], story_years: int | None = None
) -> tuple[float, float]:
    """(share of the article's numbers the story mentions, 1 if their years disagree).

    ``story_years``: how many of the story's numbers are years, when the caller keeps that
    count (else they are counted here: a walk over all the story's numbers).
    """
    if not numbers or not story:
        return 0.0, 0.0
    shared = sum(1 for n in numbers if n in story) / len(numbers)
    years = [n for n in numbers if is_year(n)]
    if not years or any(y in story for y in years):
        return shared, 0.0
    if story_years is None:
        story_years = sum(1 for n in story if is_year(n))
    return shared, 1.0 if story_years else 0.0
