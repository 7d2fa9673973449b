"""Entity rules of issue 19's round 9 (docs/entity-guideline.md), each on invented text: an
acronym that drops a company's legal ending or a leading place, an acronym the model missed,
a year after a possessive, a facility's noun after an organisation's name, and spans joined
by a slash or by "and" before a plural place noun."""

from __future__ import annotations

from _spans import spans

from storyline.extract.acronym_names import spelled
from storyline.extract.entities import Mention, _clean_span, canonicalise
from storyline.extract.entity_context import context_types
from storyline.extract.missed_names import backfill


def pieces(span: str, label: str, after: str = "") -> list[str]:
    return [surface for surface, _, _, _ in _clean_span(span, 0, label, after)]


def names(*typed: tuple[str, str]) -> dict[str, str]:
    mentions = {
        "a": [Mention(s, t, 0, 10 * i, 10 * i + len(s), "a") for i, (s, t) in enumerate(typed)]
    }
    return {alias: e.name for e in canonicalise(mentions) for alias in (*e.aliases, e.name)}


def test_an_acronym_spells_a_name_without_its_legal_ending_or_leading_place() -> None:
    assert spelled("Northway Tin & Copper Co.") == {"NTCC", "NTC"}
    assert spelled("Ostrava Water Supply Board", {"ostrava"}) == {"OWSB", "WSB"}
    assert spelled("Ostrava Water Supply Board") == {"OWSB"}
    linked = names(
        ("Northway Tin & Copper Co.", "ORG"),
        ("NT&C", "ORG"),
        ("Ostrava", "GPE"),
        ("Ostrava Water Supply Board", "ORG"),
        ("WSB", "ORG"),
    )
    assert linked["NT&C"] == "Northway Tin & Copper Co."
    assert linked["WSB"] == "Ostrava Water Supply Board"


def test_an_acronym_the_model_missed_is_found_as_the_name_it_spells() -> None:
    text = (
        "Brenna Okafor of the Deep Orbit Laboratory said the probe works. "
        "A DOL engineer agreed. Pellham Stores (ticker: PS) fell."
    )
    found = spans(
        text,
        ("Brenna Okafor", "PERSON"),
        ("Deep Orbit Laboratory", "ORG"),
        ("Pellham Stores", "ORG"),
    )
    extra = [(s, t) for s, t, _, _ in backfill(text, found)]
    assert ("DOL", "ORG") in extra
    assert ("PS", "ORG") not in extra  # a stock ticker is no name


def test_a_year_after_a_possessive_is_no_part_of_the_name() -> None:
    assert pieces("Varga’s 2016", "PERSON") == ["Varga"]
    assert pieces("Varga's 1,200", "PERSON") == ["Varga"]


def test_an_organisation_before_a_facility_noun_is_the_facility() -> None:
    text = "She was flown to Hallam Reeve hospital on Sunday. Hallam Reeve staff said little."
    # (a place before the noun, after an article, is not: "a Forest Hill hotel room")
    found = spans(text, ("Hallam Reeve", "ORG"), ("Hallam Reeve", "PERSON"))
    assert [t for _, t, _, _ in context_types(text, found)] == ["FAC", "FAC"]
    text = "They met in a Hallam Reeve hotel room."
    assert [t for _, t, _, _ in context_types(text, spans(text, ("Hallam Reeve", "ORG")))] == [
        "ORG"
    ]


def test_names_joined_by_a_slash_or_by_and_before_counties_are_cut() -> None:
    assert pieces("Corvane/Streamix", "ORG") == ["Corvane", "Streamix"]
    assert pieces("AC/DC", "ORG") == ["AC/DC"]
    assert pieces("Tallow and Brisk", "ORG", " counties that") == ["Tallow", "Brisk"]
    assert pieces("Tallow and Brisk", "ORG", " said on") == ["Tallow and Brisk"]
