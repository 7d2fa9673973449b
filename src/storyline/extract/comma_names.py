"""Names the small model runs together over a comma (issue 19, entities round 8).

The model sometimes tags two names and the comma between them as one span: "such as CBS All
Access, Disney has made", "with ProMotion, True Tone, and wide color support". Such a span
is cut at each comma that a capitalised word follows (:func:`comma_parts`), so that each name
gets its own mention and canonical name. Not cut: a comma before a word that ends a name
("Acme, Inc.", "Sammy Davis, Jr."), a place's span ("Elkton, MD"), a title's ("Crazy, Stupid,
Love"), and a name that is itself a list ("Ministry of Trade, Industry and Energy", "Boeing
Defense, Space, and Security": "and" or "&" and a capitalised word after a comma in the span
or right after it).
"""

from __future__ import annotations

import re

__all__ = ["comma_parts"]

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
