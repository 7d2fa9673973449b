"""Entity rules of issue 19's round 8 (docs/entity-guideline.md), each on invented text:
spans joined over a comma, a company's short name, a first name before a surname found
again, teams before a player's position and players after it, a product's measure or model
year, services written with "+", and an adverb opening a sentence."""

from __future__ import annotations

from _spans import spans
from spacy.tokens import Doc
from spacy.vocab import Vocab

from storyline.extract.entities import Mention, _clean_span, _retype, canonicalise
from storyline.extract.entity_context import common_word_starts, context_types, team_names
from storyline.extract.missed_names import (
    backfill,
    first_names,
    players,
    score_lines,
    whole_names,
)


def pieces(span: str, label: str, after: str = "") -> list[str]:
    return [surface for surface, _, _, _ in _clean_span(span, 0, label, after)]


def types(text: str, *typed: tuple[str, str]) -> list[tuple[str, str]]:
    return [(s, label) for s, label, _, _ in context_types(text, spans(text, *typed))]


SPORT = " The game went to overtime and the season goes on."


def test_a_span_run_over_a_comma_is_cut_into_its_names() -> None:
    assert pieces("Glimmer Stream, Pardoe", "ORG") == ["Glimmer Stream", "Pardoe"]
    assert pieces("Vexa, Lumen Tone", "PRODUCT") == ["Vexa", "Lumen Tone"]
    # a company's or a person's suffix, a place, a title and a name that is a list stay whole
    assert pieces("Pardoe, Inc.", "ORG") == ["Pardoe, Inc."]
    assert pieces("Tavi Kerrigan, Jr.", "PERSON") == ["Tavi Kerrigan, Jr."]
    assert pieces("Brackwell, Ohio", "GPE") == ["Brackwell, Ohio"]
    assert pieces("Ministry of Tin, Salt and Glass", "ORG") == ["Ministry of Tin, Salt and Glass"]
    assert pieces("Pardoe Defense, Space", "ORG", ", and Security") == ["Pardoe Defense, Space"]
    # and a capacity is no part of a product's name
    assert pieces("Zephyrbook 256GB", "PRODUCT") == ["Zephyrbook"]


def test_a_company_is_its_name_before_company_words() -> None:
    mentions = {
        "a": [
            Mention("Walt Grayson Co.", "ORG", 0, 0, 16, "a"),
            Mention("Grayson", "ORG", 0, 40, 47, "a"),
        ]
    }
    assert [(e.name, sorted(e.aliases)) for e in canonicalise(mentions)] == [
        ("Walt Grayson Co.", ["Grayson"])
    ]


def named(text: str, found: list[tuple[str, str, int, int]]) -> list[str]:
    found = sorted([*found, *backfill(text, found)], key=lambda f: f[2])
    return [surface for surface, _, _, _ in first_names(text, found)]


def test_a_capitalised_word_before_a_persons_one_word_name_is_the_first_name() -> None:
    text = "Hours before Tavi Kerrigan’s two goals, fans waited. Later Kerrigan scored."
    last = text.rindex("Kerrigan")
    assert named(text, [("Kerrigan", "PERSON", last, last + 8)]) == ["Tavi Kerrigan", "Kerrigan"]
    text = "Note: Garrow Vane was ejected. Vane will miss a game."
    assert named(text, spans(text, ("Vane", "PERSON"))) == ["Garrow Vane", "Vane"]
    # not across lines nor at a sentence's start, nor with a word the text writes in lower
    # case, nor a place's name
    for text in (
        "Fans waited. Later Kerrigan scored. Kerrigan left.",
        "Order Extended\n\nKerrigan still faces charges. Later Kerrigan spoke.",
        "The case was extended. Extended Kerrigan spoke. Later Kerrigan left.",
    ):
        last = text.rindex("Kerrigan")
        assert set(named(text, [("Kerrigan", "PERSON", last, last + 8)])) == {"Kerrigan"}
    text = "Fans in Carmody Kerrigan met."
    got = named(text, spans(text, ("Carmody", "GPE"), ("Kerrigan", "PERSON")))
    assert got == ["Carmody", "Kerrigan"]


def test_no_first_name_is_read_into_a_headline_or_before_a_named_persons_surname() -> None:
    text = "Herons Nab Kerrigan For Three Seasons\nTavi Kerrigan signed. Kerrigan smiled."
    found = spans(text, ("Tavi Kerrigan", "PERSON"), ("Kerrigan", "PERSON"))
    assert "Nab Kerrigan" not in named(text, found)
    text = "Herons Nab Kerrigan For Three Seasons\nHe signed. Fans hailed Kerrigan today."
    last = text.rindex("Kerrigan")
    assert named(text, [("Kerrigan", "PERSON", last, last + 8)]) == ["Kerrigan", "Kerrigan"]


def test_a_name_before_a_players_position_is_a_team() -> None:
    text = "Herons quarterback Dale Ford threw it. The Carmody quarterback was hurt." + SPORT
    got = types(text, ("Herons", "PERSON"), ("Dale Ford", "PERSON"), ("Carmody", "GPE"))
    assert got == [("Herons", "ORG"), ("Dale Ford", "PERSON"), ("Carmody", "ORG")]
    # not outside a text about sport, and a place before a position with no "the" nor a
    # player named after it keeps its type
    assert types("Herons quarterback Dale Ford spoke.", ("Herons", "PERSON"))[0][1] == "PERSON"
    text = "Carmody quarterback rules changed." + SPORT
    assert types(text, ("Carmody", "GPE")) == [("Carmody", "GPE")]


def test_a_player_named_after_a_position_is_found() -> None:
    text = "He stripped Herons center Tavi Mellstrom in the neutral zone." + SPORT
    found = spans(text, ("Herons", "ORG"))
    assert [(s, label) for s, label, _, _ in players(text, found)] == [("Tavi Mellstrom", "PERSON")]
    assert players("He stripped Herons center Tavi Mellstrom.", found) == []  # no sport
    # words the text writes in lower case are no name
    text = "He met the coach Monday Night, a night of the season. The game was on." + SPORT
    assert players(text, []) == []


def test_a_products_measure_or_generation_makes_it_a_product() -> None:
    text = "Grab the 14-inch Zephyrbook now. The Zephyrbook ships fast."
    got = types(text, ("Zephyrbook", "ORG"), ("Zephyrbook", "ORG"))
    assert got == [("Zephyrbook", "PRODUCT"), ("Zephyrbook", "PRODUCT")]
    text = "The second-generation Quillpods are here. Quillpods sell well."
    assert types(text, ("Quillpods", "PERSON"), ("Quillpods", "PERSON"))[0][1] == "PRODUCT"
    text = "Tablix Pro 12.9-inch 64GB is on sale."
    assert types(text, ("Tablix Pro", "ORG")) == [("Tablix Pro", "PRODUCT")]
    assert types("Pardoe sold 5,000 units.", ("Pardoe", "ORG")) == [("Pardoe", "ORG")]


def test_a_year_before_a_products_name_is_its_model_year() -> None:
    text = "The Varro is new. The 2021 Varro gets a grille."
    found = spans(text, ("Varro", "PRODUCT"), ("2021 Varro", "EVENT"))
    got = context_types(text, found)
    assert got[1] == ("Varro", "PRODUCT", text.index("Varro", 20), text.index("Varro", 20) + 5)
    # a year before a name the text does not write alone as a product stays
    text = "The 2021 Games opened. Games fans cheered."
    found = spans(text, ("2021 Games", "EVENT"), ("Games", "EVENT"))
    assert [s for s, _, _, _ in context_types(text, found)] == ["2021 Games", "Games"]


def test_a_name_written_with_a_plus_is_a_service() -> None:
    text = "Pardoe launched Glimmer+ this week."
    start = text.index("Glimmer+")
    assert _retype(text, start, start + 8, "ORG") == "PRODUCT"
    assert _retype(text, start, start + 7, "ORG") == "ORG"
    # found again where the model left the "+" out
    text = "Glimmer grew. Getting Glimmer+ right matters."
    found = spans(text, ("Glimmer", "ORG"))
    assert [(s, label) for s, label, _, _ in backfill(text, found)] == [("Glimmer+", "PRODUCT")]


def test_an_adverb_opening_a_sentence_is_no_name() -> None:
    words = ["Nationally", ",", "dealers", "sold", "cars", "."]
    tags = ["RB", ",", "NNS", "VBD", "NNS", "."]
    starts = [True, False, False, False, False, False]
    doc = Doc(Vocab(), words=words, tags=tags, sent_starts=starts, ents=["B-PERSON"] + ["O"] * 5)
    assert common_word_starts(doc.ents) == frozenset({0})


def test_a_span_cut_short_of_a_name_found_elsewhere_is_that_name() -> None:
    text = "Get the Tablix Pro today. Pardoe says its Tablix Pro features a pen."
    found = spans(text, ("Tablix Pro", "PRODUCT"), ("Pardoe", "ORG"), ("Tablix", "ORG"))
    assert [(s, label) for s, label, _, _ in whole_names(text, found)] == [
        ("Tablix Pro", "PRODUCT"),
        ("Pardoe", "ORG"),
        ("Tablix Pro", "PRODUCT"),
    ]
    # not over another span, nor into a longer word
    text = "Get the Tablix Pro today. Its Tablix Prosper line ships."
    found = spans(text, ("Tablix Pro", "PRODUCT"), ("Tablix", "ORG"))
    assert whole_names(text, found)[1][0] == "Tablix"
    found = spans(text.replace("Prosper", "Pro"), ("Tablix Pro", "PRODUCT"), ("Tablix", "ORG"))
    found.append(("Pro", "ORG", found[1][3] + 1, found[1][3] + 4))
    assert whole_names(text.replace("Prosper", "Pro"), found)[1][0] == "Tablix"


def test_the_names_of_a_score_line_are_teams() -> None:
    text = "Roundup\n\nHerons 5, Blue Otters 2: Tavi Kerrigan scored twice.\nOther news."
    found = spans(text, ("Herons", "PERSON"), ("Tavi Kerrigan", "PERSON"))
    got = [(s, label) for s, label, _, _ in score_lines(text, found)]
    assert got == [("Herons", "ORG"), ("Blue Otters", "ORG"), ("Tavi Kerrigan", "PERSON")]
    # not a score inside a sentence, nor a list of numbers
    text = "Pardoe sold Tablix 5, Zephyr 2 and more.\nIn Carmody 4, Brackwell 3 voted."
    assert score_lines(text, []) == []


def test_a_place_and_a_plural_name_after_it_are_one_team() -> None:
    text = "A late goal lifted the Carmody Herons in Brackwell, Otters fans said. The game ended."
    found = spans(text, ("Carmody", "GPE"), ("Herons", "NORP"), ("Brackwell", "GPE"))
    found += spans(text, ("Otters", "PERSON"))
    got = [(s, label) for s, label, _, _ in context_types(text, sorted(found, key=lambda f: f[2]))]
    assert got[0] == ("Carmody Herons", "ORG")
    assert [s for s, _ in got[1:]] == ["Brackwell", "Otters"]  # a comma between: not joined
    # a nickname the model did not tag joins the place's span found again, a team
    text = "Goals lifted the Carmody Herons. The game was tight and the Herons won the season."
    got = team_names(text, spans(text, ("Carmody", "GPE")))
    assert [(s, label) for s, label, _, _ in got] == [("Carmody Herons", "ORG")]
    # not a headline's verb in title case
    text = "Carmody Returns to Final With Win Over Brackwell\nThe game went on all season."
    got = team_names(text, spans(text, ("Carmody", "GPE")))
    assert [(s, label) for s, label, _, _ in got] == [("Carmody", "GPE")]


def test_a_place_that_a_player_leads_or_scores_for_is_a_team() -> None:
    text = "Dale Ford scored twice to lead Carmody past Brackwell. Vane also scored for Pellam."
    got = types(
        text + SPORT,
        ("Dale Ford", "PERSON"),
        ("Carmody", "GPE"),
        ("Brackwell", "GPE"),
        ("Vane", "PERSON"),
        ("Pellam", "GPE"),
    )
    assert [label for _, label in got] == ["PERSON", "ORG", "ORG", "PERSON", "ORG"]
    # not outside a text about sport
    assert types(text, ("Dale Ford", "PERSON"), ("Carmody", "GPE"))[1][1] == "GPE"
