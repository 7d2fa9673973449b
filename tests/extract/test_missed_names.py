"""Names the model missed or cut (extract.missed_names, issue 19)."""

from __future__ import annotations

import re

from storyline.extract.missed_names import Found, backfill


def spans(text: str, *typed: tuple[str, str]) -> list[Found]:
    """The model's spans as (surface, type, start, end): each surface's first occurrence
    after the previous span, typed as given."""
    out: list[Found] = []
    at = 0
    for surface, label in typed:
        match = re.compile(re.escape(surface)).search(text, at)
        assert match is not None, surface
        out.append((surface, label, match.start(), match.end()))
        at = match.end()
    return out


def test_a_name_found_again_takes_the_type_most_of_its_mentions_have() -> None:
    # The model calls the team an organisation twice and a person once (its last mention):
    # the occurrence it missed takes the type the text's mentions agree on (ECB+ train
    # documents: "Colts" found again as the person of its last mention).
    text = "The Colts won. The Colts scored late. Fans cheered the Colts. Colts fans went home."
    found = spans(text, ("Colts", "ORG"), ("Colts", "ORG"), ("Colts", "PERSON"))
    assert [(surface, label) for surface, label, _, _ in backfill(text, found)] == [
        ("Colts", "ORG")
    ]


def test_a_name_whose_mentions_disagree_is_not_found_again() -> None:
    text = "Lionsgate said it. Lionsgate will release it. Lionsgate shares rose."
    found = spans(text, ("Lionsgate", "PERSON"), ("Lionsgate", "NORP"))
    assert backfill(text, found) == []
