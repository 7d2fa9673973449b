"""Names the model missed or cut (extract.missed_names, issue 19)."""

from __future__ import annotations

from _spans import spans

from storyline.extract.missed_names import backfill, headline_names, nickname_bearers


def test_a_name_found_again_takes_the_type_most_of_its_mentions_have() -> None:
    # The model calls the team an organisation twice and a person once (its last mention):
    # the occurrence it missed takes the type the text's mentions agree on (ECB+ train
    # documents: "Colts" was found again as the person of its last mention).
    text = "The Red Sox won. The Red Sox scored late. Fans cheered the Red Sox. Red Sox fans left."
    found = spans(text, ("Red Sox", "ORG"), ("Red Sox", "ORG"), ("Red Sox", "PERSON"))
    assert [(surface, label) for surface, label, _, _ in backfill(text, found)] == [
        ("Red Sox", "ORG")
    ]


def test_a_name_whose_mentions_disagree_is_not_found_again() -> None:
    text = "Lionsgate said it. Lionsgate will release it. Lionsgate shares rose."
    found = spans(text, ("Lionsgate", "PERSON"), ("Lionsgate", "NORP"))
    assert backfill(text, found) == []
    # a one-word name needs every mention to agree: "Colts" twice a team, once a person
    text = "The Colts won. The Colts scored late. Fans cheered the Colts. Colts fans left."
    found = spans(text, ("Colts", "ORG"), ("Colts", "ORG"), ("Colts", "PERSON"))
    assert backfill(text, found) == []


def test_a_one_word_name_is_found_again_only_as_an_organisation_a_place_or_a_person() -> None:
    # ECB+ train documents: one-word names found again as nationalities, facilities,
    # products or titles were mostly typed wrong ("Klitschko", "Fans", "Chiefs").
    text = "Klitschko won. The Chiefs lost. Klitschko left; Chiefs fans and Denver cried. Denver"
    found = spans(
        text, ("Klitschko", "NORP"), ("Chiefs", "WORK_OF_ART"), ("Klitschko", "NORP"),
        ("Denver", "GPE"),
    )  # fmt: skip
    assert [(surface, label) for surface, label, _, _ in backfill(text, found)] == [
        ("Denver", "GPE")
    ]


def test_a_name_run_on_in_a_title_case_headline_is_cut_to_the_name() -> None:
    # ECB+ train documents: headlines in title case where the model runs a name on into the
    # words after it, or takes common words for a name
    text = (
        "Lindsay Lohan Checks Into Rehab Again\n"
        "Colts Beat Chiefs To Clinch Playoff Berth\n"
        "Perennial Party Girl Seen At Home Depot Store\n"
        "Lindsay Lohan entered rehab on Friday, a perennial party girl, her rep said. The "
        "Colts clinched a playoff berth at Home Depot Center. The girl was seen at Home Depot."
    )
    found = spans(
        text,
        ("Lindsay Lohan Checks", "PERSON"),
        ("Colts Beat Chiefs", "PERSON"),
        ("Perennial Party Girl", "PERSON"),
        ("Home Depot", "ORG"),
        ("Lindsay Lohan", "PERSON"),
        ("Colts", "ORG"),
        ("Home Depot", "ORG"),
    )
    got = [(surface, label) for surface, label, _, _ in headline_names(text, found)]
    assert got == [
        ("Lindsay Lohan", "PERSON"),
        ("Colts", "ORG"),  # the type the name has in the text's other lines
        ("Home Depot", "ORG"),  # written so in the text's other lines: kept whole
        ("Lindsay Lohan", "PERSON"),
        ("Colts", "ORG"),
        ("Home Depot", "ORG"),
    ]
    # not a headline in title case: the model's spans stay
    line = "Lindsay Lohan Checks were cashed by the bank on the corner.\nLindsay Lohan left."
    found = spans(line, ("Lindsay Lohan Checks", "PERSON"), ("Lindsay Lohan", "PERSON"))
    assert headline_names(line, found) == found


def test_a_nickname_met_alone_is_its_bearer() -> None:
    text = (
        'Marco "The Owl" Venturi, the boss whose silence earned him the nickname "The Sphinx", '
        'died. Friends said "The Owl" never spoke; the "Sphinx" act fooled no one.'
    )
    bearer = ("Marco Venturi", "PERSON", 0, text.index(","))  # as nicknames() joins it
    found = [bearer, *spans(text, ("Sphinx", "PERSON"), ("Owl", "ORG"), ("Sphinx", "PERSON"))]
    assert [(s, label) for s, label, _, _ in nickname_bearers(text, found)] == [
        ("Marco Venturi", "PERSON"),
        ("Marco Venturi", "PERSON"),
        ("Marco Venturi", "PERSON"),
        ("Marco Venturi", "PERSON"),
    ]


def test_a_headline_word_in_quotes_names_no_bearer() -> None:
    # "Negotiations" is a common word of the text: no person "Dana Negotiations"
    text = "Dana 'Night Fall' Negotiations Go On\nThe negotiations over Night Fall went on."
    found = spans(text, ("Night Fall", "WORK_OF_ART"), ("Night Fall", "WORK_OF_ART"))
    assert nickname_bearers(text, found) == found
