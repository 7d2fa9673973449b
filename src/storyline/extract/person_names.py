"""Full person names written two ways in one story: "Pat Carlineo", "Patrick W. Carlineo" and
"Patrick Carlineo Jr." are one person (issue 19, entities round 5).

Pure string work on case-folded name keys (:func:`storyline.extract.entities.canonicalise`
joins the pairs this module finds).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["variant_of", "variant_pairs"]

_NAME_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])


def _name_parts(key: str) -> tuple[str, tuple[str, ...], str, str]:
    """A person key's first name, middle words, surname and suffix ("patrick w. carlineo jr.":
    patrick, (w.,), carlineo, jr)."""
    words = key.split()
    suffix = words.pop().rstrip(".") if len(words) > 2 and words[-1] in _NAME_SUFFIXES else ""
    return words[0], tuple(words[1:-1]), words[-1], suffix


def variant_of(a: str, b: str) -> bool:
    """Whether two full person names (keys of two words or more) can be one person written two
    ways: the same surname, first names one the start of the other ("pat", "patrick"), middle
    initials and suffixes that do not disagree ("patrick w. carlineo", "patrick carlineo jr.";
    not "al gore sr." and "al gore jr.")."""
    if a == b or " " not in a or " " not in b:
        return False
    first_a, middle_a, last_a, suffix_a = _name_parts(a)
    first_b, middle_b, last_b, suffix_b = _name_parts(b)
    short, long_ = sorted((first_a, first_b), key=len)
    return (
        last_a == last_b
        and len(short) > 2
        and short.isalpha()
        and long_.startswith(short)
        and (not suffix_a or not suffix_b or suffix_a == suffix_b)
        and (not middle_a or not middle_b or middle_a[0][:1] == middle_b[0][:1])
    )


def variant_pairs(full: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of full names that are one person: a name and each of its variants, when all of
    them can be one another's variants too (not "pat smith" beside both "patrick smith" and
    "patricia smith")."""
    variants = {key: [k for k in full if variant_of(key, k)] for key in full}
    agreed = {
        key
        for key, found in variants.items()
        if all(variant_of(a, b) for a in found for b in found if a < b)
    }
    return [
        (key, other) for key in full if key in agreed for other in variants[key] if other in agreed
    ]
