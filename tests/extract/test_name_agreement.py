"""A name's type from the other names of its text (extract.name_agreement, entities round 7)."""

from __future__ import annotations

import pytest
from _spans import spans

from storyline.extract import nlp
from storyline.extract.name_agreement import (
    company_agreement,
    company_lists,
    name_roles,
    person_agreement,
)


def labels(text: str, *typed: tuple[str, str], roles: dict[str, str] | None = None) -> list[str]:
    found = spans(text, *typed)
    by_start = {start: (roles or {}).get(surface, "") for surface, _, start, _ in found}
    return [label for _, label, _, _ in person_agreement(text, found, roles=by_start)]


def test_a_surname_met_alone_is_the_person_named_in_full() -> None:
    text = "Critic Orla Vandermeer wrote the review. Later, Vandermeer praised the cast."
    assert labels(text, ("Orla Vandermeer", "PERSON"), ("Vandermeer", "GPE")) == [
        "PERSON",
        "PERSON",
    ]
    # ... not after a place's preposition, nor as a modifier of a noun
    place = "Critic Orla Vandermeer was born in Vandermeer, a town in the north."
    assert labels(place, ("Orla Vandermeer", "PERSON"), ("Vandermeer", "GPE"))[1] == "GPE"
    modifier = "Critic Orla Vandermeer wrote it. The Vandermeer festival opened."
    got = labels(
        modifier,
        ("Orla Vandermeer", "PERSON"),
        ("Vandermeer", "GPE"),
        roles={"Vandermeer": "compound"},
    )
    assert got[1] == "GPE"


def test_a_first_name_is_its_bearer_only_as_a_subject() -> None:
    text = "His brother Tobin Quarrie agreed to talk. Tobin wrote that the family was close."
    typed = (("Tobin Quarrie", "PERSON"), ("Tobin", "ORG"))
    assert labels(text, *typed, roles={"Tobin": "nsubj"})[1] == "PERSON"
    assert labels(text, *typed, roles={"Tobin": "pobj"})[1] == "ORG"
    # a full name whose first word the text writes in lower case is no person's name to go by
    common = "Marches Across Zelborg spread across the country; Zelborg stayed calm."
    assert labels(common, ("Across Zelborg", "PERSON"), ("Zelborg", "GPE"))[1] == "GPE"


def test_names_listed_with_persons_are_persons() -> None:
    text = "Goals came from Anton Brisk, Miro Talvela and Kasimir Ojala in the second period."
    got = labels(
        text, ("Anton Brisk", "PERSON"), ("Miro Talvela", "ORG"), ("Kasimir Ojala", "PERSON")
    )
    assert got == ["PERSON", "PERSON", "PERSON"]
    pair = "The founders Ilse Varga and Tomo Renner direct the studio."
    assert labels(pair, ("Ilse Varga", "GPE"), ("Tomo Renner", "PERSON")) == ["PERSON", "PERSON"]


def test_a_list_does_not_make_places_or_bodies_persons() -> None:
    # a place's word, a common word of the text, a one-word name, a list mostly of places
    place = "Inspectors visited Point Calder and Ivo Marsh last week."
    assert labels(place, ("Point Calder", "FAC"), ("Ivo Marsh", "PERSON"))[0] == "FAC"
    body = "Crews from Surrey Police and Surrey Fire joined. The police closed the road."
    assert labels(body, ("Surrey Police", "ORG"), ("Surrey Fire", "PERSON"))[0] == "ORG"
    one = "Aid reached Tonbar and Gavrin after the quake."
    assert labels(one, ("Tonbar", "ORG"), ("Gavrin", "PERSON"))[0] == "ORG"
    places = "Floods hit Lyon, Nimes and Ada Kalin's farm."
    got = labels(places, ("Lyon", "GPE"), ("Nimes", "GPE"), ("Ada Kalin", "PERSON"))
    assert got[:2] == ["GPE", "GPE"]


@pytest.mark.slow
def test_name_roles_read_the_parse() -> None:
    text = "Tobin and Marta disputed the claim. The Zelborg festival opened."
    doc = nlp.process(text, parse=True)
    found = spans(text, ("Tobin", "ORG"), ("Marta", "PERSON"), ("Zelborg", "GPE"))
    roles = name_roles(doc, found)
    assert roles[found[0][2]] == "nsubj"
    assert roles[found[1][2]] == "nsubj"  # a conjunct takes its coordination's role
    assert roles[found[2][2]] == "compound"


def test_a_name_written_with_company_words_elsewhere_is_that_company() -> None:
    text = (
        "Vantor Airline ordered jets. Later Vantor said the order would grow; Vantor Bay is calm."
    )
    found = spans(text, ("Vantor Airline", "ORG"), ("Vantor", "GPE"), ("Vantor Bay", "LOC"))
    assert [label for _, label, _, _ in company_agreement(found)] == ["ORG", "ORG", "LOC"]


def test_a_place_listed_with_companies_is_a_company() -> None:
    text = "He led the purchases of Zorvane Media, Quellix and Brantel Labs."
    typed = (("Zorvane Media", "ORG"), ("Quellix", "GPE"), ("Brantel Labs", "ORG"))
    got = company_lists(text, spans(text, *typed))
    assert [label for _, label, _, _ in got] == ["ORG", "ORG", "ORG"]
    # ... not a place the text puts after "in" or gives a possessive
    placed = "Envoys of Zorvane Media, Quellix and Brantel Labs met. Quellix's army left."
    got = company_lists(placed, spans(placed, *typed))
    assert got[1][1] == "GPE"
