"""The acronyms a name spells (issue 19, entities round 9).

A text that spells a name out writes it short in capitals as well: "Pacific Gas & Electric Co."
and "PG&E", "California Public Utilities Commission" and "the PUC", "Jet Propulsion
Laboratory" and "JPL". :func:`spelled` gives the acronyms a name of two words or more spells:
the initials of its capitalised words (stop words aside), and the same without a company's
legal ending ("Co.", "Inc.") or without a leading place the text names ("California").
:func:`entities.canonicalise` joins an acronym to the one name that spells it;
:func:`missed_names.backfill` finds an acronym the model missed when one name of the text
spells it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["STOP", "acronym_key", "spelled"]

STOP = frozenset(
    {"of", "and", "for", "the", "de", "du", "la", "le", "des", "on", "in", "at", "to", "&"}
)
_LEGAL = frozenset(
    {"co", "co.", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "company"}
)


def acronym_key(acronym: str) -> str:
    """An acronym as :func:`spelled` gives it: capitals, no dots, no "&" ("PG&E" -> PGE)."""
    return acronym.upper().replace(".", "").replace("&", "")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words).upper()


def spelled(name: str, places: Collection[str] = ()) -> set[str]:
    """The acronyms ``name`` spells (see the module docstring); ``places``: the casefolded
    names the text gives places."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper() and w.lower() not in STOP]
    if not words:
        return set()
    out = {_initials(words)}
    if len(words) >= 3 and words[-1].lower() in _LEGAL:  # "Pacific Gas & Electric Co."
        out.add(_initials(words[:-1]))
    if len(words) >= 3 and words[0].casefold() in places:  # "California Public Utilities ..."
        out.add(_initials(words[1:]))
    return out
