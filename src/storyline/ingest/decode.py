"""Bytes -> text, with a clear error for binary files and broken UTF-8 (never mojibake).

The rules, in order (``tests/ingest/test_decode.py`` pins each one):

1. A UTF-8 byte order mark is stripped; a UTF-16 one means UTF-16.
2. Binary: any NUL byte, or more than 5% control characters (other than tab, newline,
   carriage return, form feed, vertical tab and escape) -> ``InputError("binary file, not text")``.
3. Strict UTF-8 decodes -> UTF-8.
4. Otherwise the bytes are *broken UTF-8* when they contain at least as many valid multi-byte
   UTF-8 sequences as invalid ones -> ``InputError("invalid UTF-8 at byte N")`` (N is the offset of
   the first bad byte in the input, BOM included). Majority rather than "any valid sequence":
   legacy text can hold a valid-looking pair by accident (German ``ß“`` is ``DF 93``).
5. Otherwise the text is in a legacy single-byte encoding: cp1252 (the superset of Latin-1 that
   Windows and most of the web use), or Latin-1 when cp1252 cannot decode a byte.
6. Empty or whitespace-only text -> ``InputError("empty file")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.errors import InputError

__all__ = ["Decoded", "decode", "normalize_newlines"]

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 controls and DEL, except \t \n \v \f \r and ESC (ESC appears in terminal logs).
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.05
# One well-formed multi-byte UTF-8 sequence (RFC 3629, no overlongs or surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the encoding it was read with ("utf-8", "utf-16", "cp1252", "latin-1")."""

    text: str
    encoding: str


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(content: bytes) -> Decoded:
    """Decode the bytes of a text input by the rules above; raises ``InputError``."""
    if content.startswith(_UTF16_BOMS):
        decoded = _decode_utf16(content)
    else:
        offset = len(_UTF8_BOM) if content.startswith(_UTF8_BOM) else 0
        body = content[offset:]
        if is_binary(body):
            raise InputError("binary file, not text")
        decoded = _decode_8bit(body, offset)
    if not decoded.text.strip():
        raise InputError("empty file")
    return decoded


def is_binary(content: bytes) -> bool:
    """NUL bytes, or a high share of control characters."""
    if b"\x00" in content:
        return True
    if not content:
        return False
    controls = len(content) - len(content.translate(None, _CONTROL))
    return controls / len(content) > _MAX_CONTROL_SHARE


def _decode_utf16(content: bytes) -> Decoded:
    try:
        text = content.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-16 at byte {exc.start}") from None
    controls = sum(1 for char in text if ord(char) < 0x20 and char not in "\t\n\v\f\r\x1b")
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError("binary file, not text")
    return Decoded(text, "utf-16")


def _decode_8bit(body: bytes, offset: int) -> Decoded:
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    valid = len(_UTF8_MULTIBYTE.findall(body))
    replaced = body.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd") - body.count("\ufffd".encode())
    if valid and valid >= invalid:
        raise InputError(f"invalid UTF-8 at byte {offset + first_bad}")
    try:
        return Decoded(body.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(body.decode("latin-1"), "latin-1")
