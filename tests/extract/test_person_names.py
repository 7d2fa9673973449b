"""Full person names written two ways (extract.person_names, issue 19 entities round 5)."""

from __future__ import annotations

import pytest

from storyline.extract.person_names import variant_of, variant_pairs


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("pat carlineo", "patrick carlineo jr."),
        ("patrick w. carlineo", "patrick carlineo jr."),
        ("patrick w. carlineo", "pat carlineo"),
        ("dan smith", "daniel j. smith"),
    ],
)
def test_variants_of_one_name(a: str, b: str) -> None:
    assert variant_of(a, b) and variant_of(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("al gore sr.", "al gore jr."),  # father and son
        ("patrick w. carlineo", "patrick j. carlineo"),  # middle initials disagree
        ("patrick smith", "patricia smith"),
        ("jo smith", "john smith"),  # a first name of two letters says too little
        ("john smith", "john smithers"),
        ("smith", "john smith"),  # a surname alone is no full name
        ("john smith", "john smith"),
    ],
)
def test_names_of_different_people(a: str, b: str) -> None:
    assert not variant_of(a, b)


def test_pairs_only_when_every_variant_agrees() -> None:
    full = ["pat carlineo", "patrick carlineo jr.", "patrick w. carlineo"]
    assert set(variant_pairs(full)) >= {
        ("pat carlineo", "patrick carlineo jr."),
        ("pat carlineo", "patrick w. carlineo"),
    }
    assert variant_pairs(["pat smith", "patrick smith", "patricia smith"]) == []
    assert variant_pairs(["pat smith", "patrick smith", "john smith"]) == [
        ("pat smith", "patrick smith"),
        ("patrick smith", "pat smith"),
    ]
