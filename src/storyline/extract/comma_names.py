"""Names the small model runs together over a comma (issue 19, entities round 8).

The model sometimes tags two names and the comma between them as one span: "such as CBS All
Access, Disney has made", "with ProMotion, True Tone, and wide color support". Such a span
is cut at each comma that a capitalised word follows (:func:`comma_parts`), so that each name
gets its own mention and canonical name. Not cut: a comma before a word that ends a name
("Acme, Inc.", "Sammy Davis, Jr."), a place's span ("Elkton, MD"), a title's ("Crazy, Stupid,
Love"), and a name that is itself a list ("Ministry of Trade, Industry and Energy", "Boeing
Defense, Space, and Security": "and" or "&" and a capitalised word after a comma in the span
or right after it).

Round 9: a span is cut as well at a slash between two names ("Comcast/Xfinity"; not "AC/DC",
in capitals), and a span of places (the model may call it an organisation) at "and" when a
plural place noun follows it ("Orange and Riverside counties": two counties).
"""

from __future__ import annotations

import re

from storyline.extract.entity_context import PLACE_TYPES as _PLACES

__all__ = ["comma_parts", "joined_parts"]

# Types of the spans cut at a comma, and the words after a comma that end a name.
_COMMA_JOINED = frozenset({"PERSON", "ORG", "PRODUCT", "EVENT"})
_NAME_ENDINGS = frozenset(
    {"inc", "corp", "co", "ltd", "llc", "plc", "lp", "llp", "gmbh", "ag", "sa", "nv"}
    | {"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md"}
)
# A name that is a list: "and" or "&" and a capitalised word after a comma, inside the span
# or right after it.
_LIST_END = re.compile(r",.*\s(?:and|&)\s+[A-Z]")
_LIST_GOES_ON = re.compile(r"^,?\s*(?:and|&)\s+[A-Z]")
_COMMA = re.compile(r",\s+(?=[A-Z])(\S+)")


def comma_parts(text: str, at: int, label: str, after: str = "") -> list[tuple[str, int]]:
    """The pieces of a span ``text`` (at offset ``at``, of type ``label``, with ``after`` the
    text that follows it), each with its offset; see the module docstring."""
    if label not in _COMMA_JOINED or _LIST_END.search(text) or _LIST_GOES_ON.match(after):
        return [(text, at)]
    out, begin = [], 0
    for match in _COMMA.finditer(text):
        if match.group(1).rstrip(".,").lower() in _NAME_ENDINGS:
            continue
        out.append((text[begin : match.start()], at + begin))
        begin = match.start(1)
    return [*out, (text[begin:], at + begin)]


_SLASH = re.compile(r"(?<=[a-z])/(?=[A-Z])")
_PLACE_AND = re.compile(r"\s+and\s+(?=[A-Z])")
_PLACE_PLURAL_AFTER = re.compile(
    r"^\s+(?:counties|states|provinces|districts|regions|parishes|townships|boroughs)\b"
)


def joined_parts(text: str, at: int, label: str, after: str = "") -> list[tuple[str, int]]:
    """The names a span joins with a slash, or with "and" before a plural place noun
    (module docstring), each with its offset; else the span whole."""
    if label != "WORK_OF_ART" and _SLASH.search(text):
        cuts = _SLASH
    elif label in _PLACES | {"ORG", "PERSON"} and _PLACE_PLURAL_AFTER.match(after):
        cuts = _PLACE_AND
    else:
        return [(text, at)]
    out, begin = [], 0
    for match in cuts.finditer(text):
        out.append((text[begin : match.start()], at + begin))
        begin = match.end()
    return [*out, (text[begin:], at + begin)]
