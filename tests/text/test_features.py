"""The word tokenisers against plain reference versions (the faster code must say the same)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.text.features import (
    CALENDAR_WORDS,
    STOPWORDS,
    _tokens_with_breaks,
    name_keys,
    ranked_items,
    terms,
    terms_and_names,
    top_items,
    words,
)

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?")
_POSSESSIVE = re.compile(r"['’]s?$")


def _reference_words(text: str) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in _WORD.findall(text)]


def _reference_terms(text: str) -> list[str]:
    out = []
    for word in _reference_words(text):
        w = word.lower()
        if len(w) >= 2 and w not in STOPWORDS and w not in CALENDAR_WORDS:
            out.append(w)
    return out


def _reference_tokens_with_breaks(sentence: str) -> list[str]:
    toks: list[str] = []
    end = 0
    for match in _WORD.finditer(sentence):
        if toks and sentence[end : match.start()].strip():
            toks.append("")
        toks.append(_POSSESSIVE.sub("", match.group()))
        end = match.end()
    return toks


_SAMPLES = [
    "",
    "   ",
    "O'Neil's Bank of England's chief met Xi’s envoy; the U.S.-China talks' end.",
    "L'Oréal's rock'n's 2015 -- 10,000 people (Paris) _under_ score",
    "The Storm. The Storm hit Port-au-Prince on Monday, Jean-Claude Duvalier said.",
    "ALL CAPS HEADLINE Here\nSecond line: Vladimir Putin's visit to the Kremlin's hall",
]
_ALPHABET = st.sampled_from([*"aAbBsSzZéÉ'’-_.,;: \n0123456789", "Of", "The", "Mr"])


def test_tokenisers_match_the_reference_on_samples() -> None:
    for text in _SAMPLES:
        assert terms_and_names(text) == (terms(text), name_keys(text))
        assert words(text) == _reference_words(text)
        assert terms(text) == _reference_terms(text)
        assert _tokens_with_breaks(text) == _reference_tokens_with_breaks(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_tokenisers_match_the_reference(text: str) -> None:
    assert terms_and_names(text) == (terms(text), name_keys(text))  # one split for both
    assert words(text) == _reference_words(text)
    assert terms(text) == _reference_terms(text)
    assert _tokens_with_breaks(text) == _reference_tokens_with_breaks(text)


def test_name_keys_examples() -> None:
    text = "Officials at the Bank of England welcomed Vladimir Putin. Putin's aides left. The end."
    assert name_keys(text) == [
        "bank", "england", "bank of england", "vladimir", "putin", "vladimir putin", "putin"
    ]  # fmt: skip
    # "Putin" opens a sentence but is capitalised mid-sentence too: a name; "The" never is


@settings(max_examples=200)
@given(
    vec=st.dictionaries(st.text(max_size=3), st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.5])),
    k=st.integers(min_value=0, max_value=12),
)
def test_top_items_are_the_heaviest_ties_by_key(vec: dict[str, float], k: int) -> None:
    """The ``k`` heaviest entries, heaviest first, ties by key: what the clusterer indexes
    and prunes by (its decisions and stored state depend on this exact order)."""
    reference = sorted(vec.items(), key=lambda item: (-item[1], item[0]))[:k]
    assert top_items(vec, k) == reference
    assert top_items(dict(reversed(vec.items())), k) == reference  # not the dict's order


@settings(max_examples=100)
@given(
    vec=st.dictionaries(
        st.integers(0, 10_000),
        st.one_of(st.sampled_from([0.0, 0.25, 1.0, 3.0]), st.integers(0, 4)),
        min_size=100,
        max_size=600,
    ),
    k=st.integers(min_value=0, max_value=200),
)
def test_many_entries_few_wanted_give_the_same_heaviest(vec: dict[int, float], k: int) -> None:
    """Past 128 entries and for a quarter of them or fewer, top_items selects before it sorts
    (ties at the cut kept); ranked_items gives every entry in that order, the rest lazily."""
    reference = sorted(vec.items(), key=lambda item: (-item[1], item[0]))
    assert top_items(vec, k) == reference[:k]
    assert list(ranked_items(vec, k)) == reference
