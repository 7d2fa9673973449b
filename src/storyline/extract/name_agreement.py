"""A name's type from the other names of its text: a person's surname or first name, the
names it is listed with, a company's longer name (issue 19, entities round 7).

The small model types a one-word name from a narrow window, so a surname or a first name met
alone is often called a place or an organisation ("including Gaiman, Walton, and Meacham",
"Dale wrote", "Kleijn identifies") although the text names the person in full elsewhere
("Beth Meacham", "Dale Ford"); a person in a list of persons is called a place ("Merav Eitan
and Gaston Zahr"); a company met by its first word a place ("Emirates" beside "Emirates
Airline"). Read from the text's own names, without a list of names:

* a one-word name that is the surname of a person the text names in full, or the first name
  of one (and of no name of another type) used as a subject, is that person;
* a name of two words or more in a list of names ("A, B and C", "A and B") that the model
  reads as persons for the most part is a person: a list of three or more closed by "and" or
  "or" with more persons than not, or two names of as many words joined by "and" or "or";
* a one-word name that the text also writes with company words after it is that company
  (:func:`company_agreement`).

The person rules keep off a name right after a place's preposition ("in Jordan", "at
Morningside"), one that modifies a noun ("GOP legislative leaders"), one the words around it
typed already (:func:`storyline.extract.entity_context.context_types`), a listed name with a
word the text writes in lower case or a place's word ("Surrey Police and Surrey Fire and
Rescue", "Point MacKenzie and Mat Maid"), and full names whose first word the text writes in
lower case ("Across Athens" in a headline) vouch for no one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from storyline.extract._vocab import words as _words
from storyline.extract.entity_context import PLACE_TYPES, Found, lower_words

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "COMPANY_WORDS",
    "PLURAL",
    "agreed_types",
    "company_agreement",
    "company_lists",
    "name_roles",
    "person_agreement",
    "team_parts",
]


# Words after a company's first word that still name the company ("Summit Entertainment").
COMPANY_WORDS = _words(
    "inc inc. corp corp. corporation co co. company companies group holdings motor motors "
    "entertainment pictures studios airline airlines airways ltd ltd. plc llc ag sa se gmbh "
    "technologies industries brands"
)
# A plural word, lower case (a name key's): a team's nickname ("colts"), not "news" or "lewis"
# alone (:func:`team_parts` asks for the place as well).
PLURAL = re.compile(r"[a-z]+[a-rt-z]s")
# Types the model gives a person's name by mistake.
_NOT_PERSON = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"})
# A word of a person's full name: capitalised, letters (and an inner hyphen or apostrophe),
# or an initial.
_NAME_WORD = re.compile(r"[A-Z](?:[a-z]+(?:[-’'][A-Za-z]+)*|\.)")
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|at|on|near|from|to|into|onto|outside|inside|across|through|throughout|via|of|"
    r"around|toward|towards|off|past|beyond|between)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ITEM_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_CLOSING_GAP = re.compile(r"(?:^|[\s,])(?:and|or)\s+$")
_POSSESSIVE = re.compile(r"[’']s?\b")  # matched at a position: no "^"
# Words of a place's name, no person's ("Point MacKenzie", "Fort Worth", "Lake Placid").
_PLACE_WORDS = _words(
    "Point Mount Mt. Lake Fort Port Cape Bay River Island Beach Valley Park Street Road "
    "Avenue Boulevard Square County City"
)
_PAIR_GAP = re.compile(r"^\s+(?:and|or)\s+$")
# Dependency roles of a name that modifies a noun ("GOP legislative leaders", "the Mustang
# brand"): no person's mention is made one from the names around it.
_MODIFIER_ROLES = frozenset({"compound", "amod", "nmod", "npadvmod"})
_SUBJECT_ROLES = frozenset({"nsubj", "nsubjpass"})


def agreed_types(doc: Doc, text: str, found: list[Found], held: Collection[int]) -> list[Found]:
    """``found`` (the spans of ``doc``) with every rule of this module applied: persons
    (:func:`person_agreement`, ``held`` as there), then companies (:func:`company_agreement`,
    :func:`company_lists`)."""
    found = person_agreement(text, found, held, name_roles(doc, found))
    return company_lists(text, company_agreement(found))


def name_roles(doc: Doc, found: list[Found]) -> dict[int, str]:
    """Each span's dependency role, by its start: its head word's, or for a conjunct the
    role of the first name of its coordination ("Dale and Martha disputed": both subjects);
    none without a parse."""
    out: dict[int, str] = {}
    for _, _, start, end in found:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = span.root
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        out[start] = token.dep_
    return out


def _full_name(surface: str) -> bool:
    words = surface.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.fullmatch(w) for w in words)


def person_agreement(
    text: str,
    found: list[Found],
    held: Collection[int] = frozenset(),
    roles: Mapping[int, str] | None = None,
) -> list[Found]:
    """``found`` with the names the text's persons vouch for typed as persons (see the module
    docstring); ``held``: the starts of spans whose type the context gave, left as they are;
    ``roles``: their dependency roles (:func:`name_roles`): a name that modifies a noun is
    left as it is, and a first name is its bearer only as a subject ("Dale wrote")."""
    roles = roles or {}
    lower = lower_words(text)
    full = [
        s
        for s, label, _, _ in found
        if label == "PERSON" and _full_name(s) and s.split()[0].lower() not in lower
    ]
    surnames = {s.split()[-1] for s in full}
    others = {w for s, label, _, _ in found if label != "PERSON" and " " in s for w in s.split()}
    firsts = {s.split()[0] for s in full} - others - surnames
    listed = {
        i
        for i in _listed_with_persons(text, found)
        if " " in found[i][0]
        and not any(w.lower() in lower or w in _PLACE_WORDS for w in found[i][0].split())
    }
    out = []
    for i, (surface, label, start, end) in enumerate(found):
        role = roles.get(start, "")
        one_word = " " not in surface and (
            surface in surnames
            or (surface in firsts and label != "NORP" and role in _SUBJECT_ROLES)
        )
        if (
            label in _NOT_PERSON
            and start not in held
            and role not in _MODIFIER_ROLES
            and (one_word or i in listed)
            and not _PLACE_PREPOSITION.search(text[max(0, start - 20) : start])
        ):
            label = "PERSON"
        out.append((surface, label, start, end))
    return out


def _lists(text: str, found: list[Found]) -> list[range]:
    """The lists of names ("A, B and C", "A and B"): ranges of indexes into ``found``, each
    closed by "and" or "or"."""
    out = []
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and _ITEM_GAP.match(text[found[j][3] : found[j + 1][2]]):
            j += 1
        if j > i and _CLOSING_GAP.search(text[found[j - 1][3] : found[j][2]]):
            out.append(range(i, j + 1))
        i = j + 1
    return out


def company_lists(text: str, found: list[Found]) -> list[Found]:
    """A one-word "place" in a list of three names or more that the model reads as
    organisations for the most part is an organisation ("acquisitions, including Marvel
    Entertainment, Lucasfilm and BamTech"; round 7), unless the text puts it after a place's
    preposition or gives it a possessive anywhere ("in Russia", "Russia's")."""
    flip: set[int] = set()
    for items in _lists(text, found):
        orgs = sum(found[k][1] == "ORG" for k in items)
        if len(items) >= 3 and 2 * orgs > len(items):
            flip |= {
                k
                for k in items
                if found[k][1] in PLACE_TYPES
                and " " not in found[k][0]
                and not _placed(text, found[k][0])
            }
    return [(s, "ORG", a, b) if k in flip else (s, t, a, b) for k, (s, t, a, b) in enumerate(found)]


def _placed(text: str, name: str) -> bool:
    """Whether the text writes ``name`` after a place's preposition or with a possessive."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        start, end = match.span()
        if _PLACE_PREPOSITION.search(text[max(0, start - 20) : start]) or _POSSESSIVE.match(
            text, end
        ):
            return True
    return False


def _listed_with_persons(text: str, found: list[Found]) -> set[int]:
    """The indexes of names listed with names the model reads as persons, most of the list
    (see the module docstring), not followed by a possessive ("Britain's May")."""
    out: set[int] = set()
    for items in _lists(text, found):
        persons = sum(found[k][1] == "PERSON" for k in items)
        first, last = found[items[0]], found[items[-1]]
        pair = (
            len(items) == 2
            and _PAIR_GAP.match(text[first[3] : last[2]]) is not None
            and len(first[0].split()) == len(last[0].split())
        )
        if persons and ((len(items) >= 3 and 2 * persons > len(items)) or pair):
            out |= {
                k
                for k in items
                if found[k][1] != "PERSON" and not _POSSESSIVE.match(text, found[k][3])
            }
    return out


def company_agreement(found: list[Found]) -> list[Found]:
    """A one-word name the text also writes as an organisation's name with company words
    after it is that organisation ("Alibaba" beside "Alibaba Group", "Nissan" beside "Nissan
    Motor Co."), whatever type the model gave it."""
    companies = {
        s.split()[0]
        for s, label, _, _ in found
        if label == "ORG" and " " in s and all(w.lower() in COMPANY_WORDS for w in s.split()[1:])
    }
    return [
        (s, "ORG" if s in companies and label != "ORG" else label, a, b) for s, label, a, b in found
    ]


def team_parts(orgs: Collection[str]) -> list[tuple[str, str]]:
    """Pairs (part, team) among organisations' name keys: a team's nickname used alone as an
    organisation ("red sox" of "boston red sox"), and its place too when that is used alone
    as an organisation ("boston"); round 7."""
    pairs = []
    for key in (k for k in orgs if " " in k):
        words = key.split()
        for i in range(1, len(words)):
            home, nick = " ".join(words[:i]), " ".join(words[i:])
            if nick in orgs and (PLURAL.fullmatch(words[-1]) or words[-1] == "sox"):
                pairs.append((nick, key))
                if home in orgs:
                    pairs.append((home, key))
    return pairs
