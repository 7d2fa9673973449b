"""Names typed by the words around them (extract.entity_context, issue 19 entities round 4)."""

from __future__ import annotations

import re

import pytest
from _spans import spans

from storyline.extract.entity_context import (
    common_word_starts,
    context_types,
    is_nickname,
    quoted_titles,
)


def types(text: str, *typed: tuple[str, str]) -> list[tuple[str, str]]:
    return [(s, label) for s, label, _, _ in context_types(text, spans(text, *typed))]


def test_a_list_closed_by_a_plural_place_noun_is_of_places() -> None:
    text = "The virus was reported in Barry, Berrien, Cass, Kalamazoo and Van Buren counties."
    got = types(
        text,
        ("Barry", "GPE"),
        ("Berrien", "PERSON"),
        ("Cass", "PERSON"),
        ("Kalamazoo", "PERSON"),
        ("Van Buren", "PERSON"),
    )
    assert [label for _, label in got] == ["GPE"] * 5
    # a list closed by a noun that is no place keeps the model's types
    other = "He thanked Berrien, Cass and Kalamazoo supporters."
    assert types(other, ("Berrien", "PERSON"), ("Cass", "PERSON"), ("Kalamazoo", "PERSON")) == [
        ("Berrien", "PERSON"),
        ("Cass", "PERSON"),
        ("Kalamazoo", "PERSON"),
    ]


def test_a_name_before_police_is_a_place_and_every_mention_follows() -> None:
    text = "He took the child to Forest Hill's motel. A tip led Forest Hill police to his room."
    got = types(text, ("Forest Hill", "ORG"), ("Forest Hill", "ORG"))
    assert got == [("Forest Hill", "GPE"), ("Forest Hill", "GPE")]
    assert types("Apple officials said no.", ("Apple", "ORG")) == [("Apple", "ORG")]


def test_a_person_name_before_a_facility_noun_is_a_facility() -> None:
    text = "Esper paid a visit to the city's Hoa Lo prison on Wednesday."
    assert types(text, ("Hoa Lo", "PERSON")) == [("Hoa Lo", "FAC")]


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("In a report, Jefferies analyst Jonathan Matuszewski said so.", "Jefferies", "GPE"),
        ("Still, peer Lowe’s (LOW) stock is off too.", "Lowe", "PERSON"),
        ("Acme shares fell 3% on Monday.", "Acme", "PERSON"),
        ("This is my first time with a Clymer manual.", "Clymer", "PERSON"),
        ("He will direct it, according to reports from The Wrap.", "Wrap", "WORK_OF_ART"),
        ("Deadline reports that Paramount is still working on it.", "Deadline", "WORK_OF_ART"),
        (
            "A paper published in the journal Nature Astronomy said so.",
            "Nature Astronomy",
            "WORK_OF_ART",
        ),
        ("He spoke to the magazine Rolling Stone in May.", "Rolling Stone", "PERSON"),
        ("Ousted WeWork CEO Adam Neumann can still name directors.", "WeWork", "PERSON"),
        ("Piper Jaffray employees were told.", "Piper Jaffray", "PERSON"),
        ("It was shared on the Twitter handle of the Senate.", "Twitter", "PERSON"),  # round 6
        ("Stadia subscribers can play it.", "Stadia", "PERSON"),
    ],
)
def test_company_and_publication_cues_make_an_organisation(
    text: str, surface: str, label: str
) -> None:
    assert types(text, (surface, label)) == [(surface, "ORG")]


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("HANOI, Vietnam (AP) — Esper spoke.", "Vietnam", "GPE"),  # a byline, no ticker
        ("Alibaba's shares will be worth eight of its Hong Kong shares.", "Hong Kong", "GPE"),
        ("Donald Trump spoke. A Trump supporter cheered.", "Trump", "PERSON"),
        ("It was a Moon landing. Then came the game and the season.", "Moon", "PERSON"),
    ],
)
def test_cues_that_do_not_hold_leave_the_type(text: str, surface: str, label: str) -> None:
    typed = (
        [("Donald Trump", "PERSON"), (surface, label)] if "Donald" in text else [(surface, label)]
    )
    assert types(text, *typed)[-1] == (surface, label)


def test_in_a_sports_text_a_place_that_plays_is_a_team() -> None:
    text = (
        "The tennis tournament began. There is discussion about Russia’s victory against "
        "defending champions Croatia, and Canada’s exciting win over Italy. Canada is far."
    )
    got = types(
        text,
        ("Russia", "GPE"),
        ("Croatia", "GPE"),
        ("Canada", "GPE"),
        ("Italy", "GPE"),
        ("Canada", "GPE"),
    )
    assert got == [
        ("Russia", "ORG"),
        ("Croatia", "ORG"),
        ("Canada", "ORG"),
        ("Italy", "ORG"),
        ("Canada", "ORG"),  # the text's other mention follows its cue
    ]
    assert types("Minnesota beat Buffalo in the game of the season.", ("Buffalo", "GPE")) == [
        ("Buffalo", "ORG")
    ]


def test_in_a_sports_text_a_plural_name_after_the_is_a_team() -> None:
    # ECB+ train documents (topics 29, 31): the model calls the nicknames persons or titles.
    text = (
        "The visiting Colts secured the No. 5 seed in the playoffs with a 31-24 victory over "
        "the Jaguars. Colts coach Tony Dungy praised the Tar Heels fans and the Nationals game."
        " Bruno Fernandes scored. The Netherlands qualified for the tournament."
    )
    got = types(
        text,
        ("Colts", "PERSON"),
        ("Jaguars", "PERSON"),
        ("Colts", "PERSON"),
        ("Tony Dungy", "PERSON"),
        ("Tar Heels", "PERSON"),
        ("Nationals", "WORK_OF_ART"),
        ("Bruno Fernandes", "PERSON"),
        ("Netherlands", "GPE"),
    )
    assert got == [
        ("Colts", "ORG"),
        ("Jaguars", "ORG"),
        ("Colts", "ORG"),  # no "the" here: the text's other mention decides
        ("Tony Dungy", "PERSON"),
        ("Tar Heels", "ORG"),
        ("Nationals", "ORG"),
        ("Bruno Fernandes", "PERSON"),  # a person's name follows no "the"
        ("Netherlands", "GPE"),  # a plural place keeps the model's type
    ]
    # outside a sports text "the Smiths" stay as the model read them
    assert types("The Smiths sang at the Adams house.", ("Adams", "PERSON")) == [
        ("Adams", "PERSON")
    ]


def test_a_place_that_defeats_or_clinches_in_a_sports_text_is_a_team() -> None:
    text = "Creighton defeats Drake 65-53 in the tournament game. Denmark clinched a spot."
    got = types(text, ("Creighton", "GPE"), ("Denmark", "GPE"))
    assert got == [("Creighton", "ORG"), ("Denmark", "ORG")]


def test_a_name_after_the_noun_for_a_work_is_a_title() -> None:
    # ECB+ train topic 6: "Catching Fire" was a person to the model.
    text = (
        "Gary Ross is negotiating to direct the sequel, Catching Fire. Lead actors are "
        "signed for Catching Fire and the film Twilight. The director Gary Ross said so."
    )
    got = types(
        text,
        ("Gary Ross", "PERSON"),
        ("Catching Fire", "PERSON"),
        ("Catching Fire", "PERSON"),
        ("Twilight", "ORG"),
        ("Gary Ross", "PERSON"),
    )
    assert [label for _, label in got] == [
        "PERSON", "WORK_OF_ART", "WORK_OF_ART", "WORK_OF_ART", "PERSON"
    ]  # fmt: skip


def test_a_name_before_a_state_postal_code_is_a_place() -> None:
    # an unannotated tune-side page's tour dates: the model called the cities people or firms
    text = (
        "July 22 – Cuyahoga Falls, OH @ Blossom Music Center\nJuly 24 – Irving, TX @ Pavilion\n"
        "Jane Smith, MD, and John Doe, PA, said so."
    )
    got = types(
        text,
        ("Cuyahoga Falls", "PERSON"),
        ("Irving", "ORG"),
        ("Jane Smith", "PERSON"),
        ("John Doe", "PERSON"),
    )
    assert got == [
        ("Cuyahoga Falls", "GPE"),
        ("Irving", "GPE"),
        ("Jane Smith", "PERSON"),  # a doctor's degree, no state
        ("John Doe", "PERSON"),
    ]


def test_a_one_word_person_after_in_or_near_is_a_place() -> None:
    # an unannotated tune-side page: "al-Tanf" a person to the model, ten times
    text = (
        "US troops in al-Tanf stayed. The base at al-Tanf is old. Officers near Woking said "
        "so, in Smith's view, as Donald Trump said in Trump Tower."
    )
    got = types(
        text,
        ("al-Tanf", "PERSON"),
        ("al-Tanf", "PERSON"),
        ("Woking", "PERSON"),
        ("Smith", "PERSON"),
        ("Donald Trump", "PERSON"),
    )
    assert got == [
        ("al-Tanf", "GPE"),
        ("al-Tanf", "GPE"),  # the text's other mention follows
        ("Woking", "GPE"),
        ("Smith", "PERSON"),  # a possessive: a person's view
        ("Donald Trump", "PERSON"),
    ]


def test_a_name_after_city_of_is_a_place() -> None:
    text = "The rioting spread to the northern city of Thessaloniki on Monday."
    assert types(text, ("Thessaloniki", "ORG")) == [("Thessaloniki", "GPE")]


def test_a_word_in_capitals_in_running_text_is_no_person() -> None:
    # ECB+ train topic 30: the cable company SEACOM was a person to the model, 30 times.
    text = (
        "NETWORK DOWN AGAIN FOR SEACOM\nAs many gamers may have noticed, SEACOM is "
        "experiencing downtime again.\nKENNEDY WINS\nMARTINEZ (AP) said it again."
    )
    got = types(
        text,
        ("SEACOM", "PERSON"),
        ("SEACOM", "PERSON"),
        ("KENNEDY", "PERSON"),
    )
    # the heading's mention follows the text's; a name in a heading in capitals stays
    assert got == [("SEACOM", "ORG"), ("SEACOM", "ORG"), ("KENNEDY", "PERSON")]


def test_outside_a_sports_text_a_place_beaten_stays_a_place() -> None:
    text = "Russia’s victory over Germany in 1945 ended the war in Europe."
    assert types(text, ("Russia", "GPE"), ("Germany", "GPE")) == [
        ("Russia", "GPE"),
        ("Germany", "GPE"),
    ]


def test_a_surface_whose_cues_disagree_keeps_each_reading() -> None:
    text = "Acme shares rose. Staff at Acme hotel cheered. Acme said nothing."
    got = types(text, ("Acme", "PERSON"), ("Acme", "PERSON"), ("Acme", "PERSON"))
    assert got == [("Acme", "ORG"), ("Acme", "FAC"), ("Acme", "PERSON")]


def test_a_name_before_area_or_after_area_of_is_a_place_and_so_the_next_one() -> None:
    text = 'They tried to raid a position in Pangram area of Sarkh, Logar," he said.'
    got = types(text, ("Pangram", "ORG"), ("Sarkh", "ORG"), ("Logar", "ORG"))
    assert got == [("Pangram", "GPE"), ("Sarkh", "GPE"), ("Logar", "GPE")]
    text = "They protested the outcome of the Osun State governorship election."
    assert types(text, ("Osun State", "ORG")) == [("Osun State", "GPE")]


def test_after_a_place_and_a_comma_a_person_or_a_team_stays() -> None:
    text = "The church of the Governor of Alaska, Sarah Palin, burned."
    assert types(text, ("Alaska", "GPE"), ("Sarah Palin", "PERSON"))[-1] == (
        "Sarah Palin",
        "PERSON",
    )
    text = "The football season: Path B: Northern Ireland, North Macedonia. Austria beat Wales."
    got = types(text, ("Northern Ireland", "GPE"), ("North Macedonia", "ORG"))
    assert got[-1] == ("North Macedonia", "ORG")


def test_a_name_after_entitled_is_a_title() -> None:
    text = "The installation – entitled ‘Jewels after Jewels’ – opens today."
    assert types(text, ("Jewels after Jewels", "ORG")) == [("Jewels after Jewels", "WORK_OF_ART")]


def test_a_common_word_opening_a_sentence_is_no_name_unless_named_again() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Challenges", "include", "food", ".", "Greek", "bonds", "fell", ".", "Time", "flies"]
    tags = ["NNS", "VBP", "NN", ".", "JJ", "NNS", "VBD", ".", "NN", "VBZ"]
    starts = [True, False, False, False, True, False, False, False, True, False]
    ents = ["B-PERSON", "O", "O", "O", "B-NORP", "O", "O", "O", "B-ORG", "O"]
    doc = Doc(Vocab(), words=words, tags=tags, sent_starts=starts, ents=ents)
    common = common_word_starts(doc.ents)
    assert common == frozenset({doc[0].idx, doc[8].idx})  # not the nationality
    found = [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
    found.append(("Time", "ORG", len(doc.text) + 10, len(doc.text) + 14))  # named again later
    got = [(s, label) for s, label, _, _ in context_types(doc.text + " " * 20, found, common)]
    assert got == [("Greek", "NORP"), ("Time", "ORG"), ("Time", "ORG")]


def test_a_cue_that_confirms_the_model_holds_its_type_for_the_other_mentions() -> None:
    text = "They found her in a Forest Hill hotel room. A Forest Hill police sergeant had left."
    got = types(text, ("Forest Hill", "ORG"), ("Forest Hill", "GPE"))
    assert got == [("Forest Hill", "GPE"), ("Forest Hill", "GPE")]
    # a place of the same family is not retyped; a named person's surname is not either
    text = "Jordan met Michael Jordan. Jordan police said so."
    got = types(text, ("Jordan", "PERSON"), ("Michael Jordan", "PERSON"), ("Jordan", "GPE"))
    assert got == [("Jordan", "PERSON"), ("Michael Jordan", "PERSON"), ("Jordan", "GPE")]
    assert types("Harlem police said.", ("Harlem", "LOC")) == [("Harlem", "LOC")]


def test_a_phrase_quoted_twice_that_the_text_calls_a_nickname_is_a_person() -> None:
    text = (
        'Mark Felt, the man they called "Deep Throat," died. The identity of "Deep Throat" '
        'was a mystery. A film called "Twilight" opened; "Twilight" made money.'
    )
    got = [
        (s, label) for s, label, _, _ in quoted_titles(text, spans(text, ("Mark Felt", "PERSON")))
    ]
    assert got == [
        ("Deep Throat", "PERSON"),
        ("Deep Throat", "PERSON"),
        ("Twilight", "WORK_OF_ART"),
        ("Twilight", "WORK_OF_ART"),
    ]
    moniker, poem = 'under the moniker, "Deep Throat"', 'a poem called "Winter Solstice"'
    assert is_nickname(moniker, moniker.index("Deep"))
    assert not is_nickname(poem, poem.index("Winter"))


def test_a_phrase_quoted_alone_twice_is_a_title_where_the_model_found_none() -> None:
    text = (
        'Summit\'s vampire breakout "Twilight." Weitz replaces "Twilight" director Catherine '
        'Hardwicke. Use code "50OFF699" now; "50OFF699" ends today. He said "Yes" to "yes".'
    )
    found = spans(text, ("Summit", "ORG"), ("Catherine Hardwicke", "PERSON"))
    got = [(s, label, start) for s, label, start, _ in quoted_titles(text, found)]
    first, second = (m.start() + 1 for m in re.finditer('"Twilight', text))
    assert got == [("Twilight", "WORK_OF_ART", first), ("Twilight", "WORK_OF_ART", second)]
    # once is not enough, and a name the model found is not taken twice
    assert quoted_titles('His film "Twilight" opened.', []) == []
    twice = 'In "Twilight" and "Twilight" again.'
    assert quoted_titles(twice, spans(twice, ("Twilight", "WORK_OF_ART"))) == [
        ("Twilight", "WORK_OF_ART", 19, 27)
    ]


def test_the_common_noun_beside_a_name_types_it() -> None:
    text = "Undersea cable operator Zentacom said repairs were done. Zentacom thanked users."
    assert types(text, ("Zentacom", "PERSON"), ("Zentacom", "PERSON")) == [
        ("Zentacom", "ORG"),
        ("Zentacom", "ORG"),
    ]
    after = "Rivermark, a startup that sells sensors, was bought."
    assert types(after, ("Rivermark", "GPE")) == [("Rivermark", "ORG")]
    person = "Quillon, a Denver native, scored twice."
    assert types(person, ("Quillon", "GPE")) == [("Quillon", "PERSON")]
    place = "Storms hit the town Brackwell overnight."
    assert types(place, ("Brackwell", "PERSON")) == [("Brackwell", "GPE")]


def test_a_common_noun_after_a_comma_or_before_a_noun_is_no_cue() -> None:
    # "in the region, PG&E officials said": the noun belongs to the clause before
    text = "Winds rose in the region, Voltrix officials said."
    assert types(text, ("Voltrix", "ORG")) == [("Voltrix", "ORG")]
    # "a firm believer": the noun must end its phrase
    believer = "Tamsin Oort, a firm believer in rules, spoke."
    assert types(believer, ("Tamsin Oort", "PERSON")) == [("Tamsin Oort", "PERSON")]


def test_a_place_and_a_plural_nickname_in_a_sports_text_are_a_team() -> None:
    text = (
        "Fans saw Carmody Herons win the game. The Herons scored late in the season opener, "
        "and coach Ada Lind praised the Herons."
    )
    got = types(text, ("Carmody Herons", "PERSON"), ("Herons", "PERSON"), ("Ada Lind", "PERSON"))
    assert got[0] == ("Carmody Herons", "ORG")
    assert got[2] == ("Ada Lind", "PERSON")
    # not in a text about anything else, nor a person whose surname is no team's nickname
    other = "The Carmody Herons gallery opened. The Herons were painted by Ada Lind."
    assert types(other, ("Carmody Herons", "PERSON"))[0] == ("Carmody Herons", "PERSON")
    boxer = "Tomas Rivers won the match. The season ends soon for Rivers fans."
    assert types(boxer, ("Tomas Rivers", "PERSON"))[0] == ("Tomas Rivers", "PERSON")


def test_what_only_a_company_has_makes_a_place_a_company() -> None:
    text = "Streamvio's subscribers rose. Streamvio now leads."
    assert types(text, ("Streamvio", "GPE"), ("Streamvio", "GPE")) == [
        ("Streamvio", "ORG"),
        ("Streamvio", "ORG"),
    ]
    source = "Ads grew, according to analysis from Pollmark."
    assert types(source, ("Pollmark", "GPE")) == [("Pollmark", "ORG")]
    country = "Korvia's users rose, according to Korvia."
    assert types(country, ("Korvia", "GPE"), ("Korvia", "GPE"))[0] == ("Korvia", "GPE")


def test_a_platform_one_watches_or_posts_on_is_a_company() -> None:
    text = "Fans spent the weekend watching the new season on Vidora."
    assert types(text, ("Vidora", "GPE")) == [("Vidora", "ORG")]
    post = "One user on Chirpa wrote that the rumour was false."
    assert types(post, ("Chirpa", "GPE")) == [("Chirpa", "ORG")]
    country = "The talks focused on sanctions on Korvia."
    assert types(country, ("Korvia", "GPE")) == [("Korvia", "GPE")]
