"""Long texts in pieces: where storyline.extract.nlp.split_pieces cuts (no model needed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.extract.nlp import split_pieces

WORDS = st.sampled_from(["Kyiv", "said.", "it", "rained!", "\n", "\n\n", " ", "\u201cNo.\u201d"])


@given(st.lists(WORDS, max_size=300).map(" ".join), st.integers(min_value=4, max_value=80))
def test_pieces_are_bounded_and_give_the_text_back(text: str, max_chars: int) -> None:
    pieces = split_pieces(text, max_chars)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= max_chars for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(len(piece) > max_chars // 2 for _, piece in pieces[:-1])


def test_a_piece_ends_at_a_blank_line_else_a_line_else_a_sentence_else_a_space() -> None:
    def first(text: str) -> str:
        return split_pieces(text, 20)[0][1]

    assert first("aaaaaaaaaaaa\n\nbb. cc dd ee ff") == "aaaaaaaaaaaa\n\n"
    assert first("aaaaaaaaaaaa\nbb. cc dd ee ff") == "aaaaaaaaaaaa\n"
    assert first("aaaaaaaaaaa bb. cc dd ee ff") == "aaaaaaaaaaa bb. "
    assert first("aaaaaaaaaaa bb cc dd ee ff") == "aaaaaaaaaaa bb cc "
    # Not in the first half: a piece stays over half the bound.
    assert first("aa\n\nbbbbbbbbbbbbbbbbbbbbbbbbb") == "aa\n\nbbbbbbbbbbbbbbbb"
    assert split_pieces("x" * 25, 10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]
    text = "A short article.\n\nIt fits."
    assert split_pieces(text, 100) == [(0, text)]
