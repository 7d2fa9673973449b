"""The decoding rules of storyline.ingest.decode, one test per rule."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.decode import decode, is_binary, normalize_newlines


def test_utf8_is_decoded_as_utf8() -> None:
    decoded = decode("Zürich café — naïve".encode())
    assert decoded.text == "Zürich café — naïve"
    assert decoded.encoding == "utf-8"


def test_utf8_bom_is_stripped() -> None:
    assert decode(b"\xef\xbb\xbfhello").text == "hello"


def test_utf16_with_bom() -> None:
    decoded = decode("Grüße aus Köln".encode("utf-16"))
    assert decoded.text == "Grüße aus Köln"
    assert decoded.encoding == "utf-16"


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(InputError, match="binary file, not text"):
        decode(b"PK\x03\x04\x00\x00some zip")


def test_many_control_characters_mean_binary() -> None:
    data = bytes(range(1, 9)) * 10 + b"a few letters"
    with pytest.raises(InputError, match="binary file, not text"):
        decode(data)


def test_a_few_control_characters_are_still_text() -> None:
    text = "Line one\fpage two\x1b[1m bold\x1b[0m and a long enough tail of words " * 3
    assert not is_binary(text.encode())
    assert decode(text.encode()).text == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf  \n"])
def test_empty_or_whitespace_only(data: bytes) -> None:
    with pytest.raises(InputError, match="empty file"):
        decode(data)


def test_latin1_text_is_decoded_not_rejected() -> None:
    decoded = decode("Un café à Paris, s'il vous plaît.".encode("latin-1"))
    assert decoded.text == "Un café à Paris, s'il vous plaît."
    assert decoded.encoding == "cp1252"


def test_cp1252_punctuation_is_decoded() -> None:
    decoded = decode(b"\x93Quoted\x94 \x96 it costs \x8050")
    assert decoded.text == "“Quoted” – it costs €50"
    assert decoded.encoding == "cp1252"


def test_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    decoded = decode(b"caf\xe9 \x81 ok")
    assert decoded.text == "café \x81 ok"
    assert decoded.encoding == "latin-1"


def test_broken_utf8_is_rejected_with_its_byte_offset() -> None:
    data = "Zürich café ".encode() + b"\xe9t\xe9"  # UTF-8, then two Latin-1 bytes
    with pytest.raises(InputError, match=r"invalid UTF-8 at byte 14") as info:
        decode(data)
    assert info.value.reason == "invalid UTF-8 at byte 14"


def test_broken_utf8_offset_counts_the_bom() -> None:
    with pytest.raises(InputError, match=r"invalid UTF-8 at byte 7"):
        decode(b"\xef\xbb\xbf" + "née".encode() + b"\xff")


def test_truncated_multibyte_sequence_at_the_end_is_broken_utf8() -> None:
    data = "déjà vu ".encode() + "é".encode()[:1]
    with pytest.raises(InputError, match=f"invalid UTF-8 at byte {len(data) - 1}"):
        decode(data)


def test_legacy_text_with_one_accidental_utf8_pair_is_still_legacy() -> None:
    # "Fuß“" in cp1252 is DF 93, a valid UTF-8 pair; the other accents are invalid UTF-8.
    data = "Der Fuß“ tut weh, sagt Jörg über Österreichs Ärzte".encode("cp1252")
    decoded = decode(data)
    assert decoded.encoding == "cp1252"
    assert "Jörg über Österreichs Ärzte" in decoded.text


def test_normalize_newlines_changes_only_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\n\td  ") == "a\nb\nc\n\td  "


@given(st.text(min_size=1))
def test_any_valid_utf8_text_round_trips(text: str) -> None:
    assume(text.strip() and not text.startswith("\ufeff") and not is_binary(text.encode()))
    decoded = decode(text.encode())
    assert decoded.text == text
    assert decoded.encoding == "utf-8"


@given(st.binary(max_size=300))
def test_decode_only_ever_raises_input_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except InputError as exc:
        assert exc.reason
    else:
        assert decoded.text.strip()
