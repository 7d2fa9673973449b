"""Named entities: mentions found by spaCy, cleaned, then grouped into canonical entities.

:func:`extract_mentions` runs the NER pipeline and cleans each span: brackets, quotes and
trailing punctuation off, possessive ``'s`` off, honorifics (``Mr.``, ``MM.``) and role prefixes
(``Chinese leader``) off, ``the Uzbek city of Samarkand`` -> ``Samarkand``; it drops spans that
are no names (``MM`` tagged as a place, lower-case words) and re-types a name that follows a
role word (``President Joko Widodo``, which the small model tags ORG) as a person.

:func:`canonicalise` groups the mentions of one story or of the whole store:

* a shorter person name is an alias of the one longer name that contains it as a whole word
  (``Xi`` -> ``Xi Jinping``); when two people share the word, the article decides (the full
  name met in the same article), else the short name stays apart;
* an acronym is an alias of the name whose capitalised initials it spells (``SCO`` ->
  ``Shanghai Cooperation Organization``, ``WSJ`` -> ``Wall Street Journal``), or that it
  follows in brackets in the text (:func:`find_acronyms`, for irregular ones);
* the canonical name is the longest full form (the most frequent, then the first in
  alphabetical order, on ties); a publication keeps its article: ``The Wall Street Journal``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storyline.extract import nlp
from storyline.extract._vocab import words as _words
from storyline.extract.acronym_names import STOP as ACRONYM_STOP
from storyline.extract.acronym_names import acronym_key, spelled
from storyline.extract.comma_names import comma_parts, joined_parts
from storyline.extract.entity_context import (
    PLACE_TYPES,
    common_word_starts,
    context_types,
    is_nickname,
    is_sport,
    quoted_titles,
    team_names,
)
from storyline.extract.missed_names import (
    backfill,
    dateline,
    first_names,
    headline_names,
    nickname_bearers,
    nicknames,
    players,
    score_lines,
    whole_names,
)
from storyline.extract.name_agreement import COMPANY_WORDS as _COMPANY_WORDS
from storyline.extract.name_agreement import PLURAL as _PLURAL
from storyline.extract.name_agreement import agreed_types, team_parts
from storyline.extract.name_aliases import ALIASES as _ALIASES
from storyline.extract.name_aliases import COUNTRY_KEYS as _COUNTRY_KEYS
from storyline.extract.person_names import variant_pairs

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "ENTITY_TYPES",
    "Entity",
    "Mention",
    "canonicalise",
    "extract_mentions",
    "extract_mentions_many",
    "find_acronyms",
    "found_again",
    "mentions_from_doc",
]


ENTITY_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}
)
# Types that can stand for one another (spaCy hesitates between GPE and LOC for a city).
_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
# On a tie between types, the first of these wins.
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT")

_HONORIFICS = _words(
    "mr mrs ms miss dr mm mme mmes mlle messrs prof sir dame sen rep gov gen lt col rt hon "
    "capt cmdr cmdr. sgt det cpl pvt adm maj insp supt"  # ranks (round 6: "Cmdr" a person)
)
# Words that introduce a person: "President Joko Widodo", "Chinese leader Xi Jinping".
_ROLES = _words(
    "president leader minister premier chancellor speaker senator governor secretary "
    "spokesman spokeswoman spokesperson chairman chairwoman chair ceo chief director "
    "ambassador envoy adviser advisor general commander mayor judge justice lawmaker "
    "congressman congresswoman representative official economist analyst coach captain "
    "striker counterpart vice deputy foreign prime defence defense interior finance house sheriff "
    "state"
)
_ROLE_HEADS = _ROLES - {"vice", "deputy", "foreign", "prime", "defence", "defense", "interior"}
_ROLE_HEADS -= {"finance", "house", "state"}
# ... and occupations that introduce a person the model calls an organisation or a place
# ("Fox News host Jeanine Pirro", "pin-up icon Bettie Page"; round 6).
_PERSON_BEFORE = _ROLE_HEADS | _words(
    "host anchor reporter correspondent columnist writer author novelist actor actress singer "
    "rapper musician comedian icon quarterback pitcher goalkeeper midfielder"
)
_PUBLICATION_WORDS = _words(
    "journal times post guardian telegraph economist herald tribune gazette observer "
    "independent chronicle monitor standard mirror express globe atlantic spectator "
    "inquirer"
)


_ACRONYM_SKIP = ACRONYM_STOP
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St|Bros)\.)$")
_PLACE_PREFIX = re.compile(
    r"^(?:[A-Z][\w’'-]*\s+)?(?:city|town|village|port|region|province|state|capital|island|"
    r"islands|republic|district|county|enclave|oblast)\s+of\s+(?=[A-Z])"
)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Spans the model takes for names that are none: quarters and halves of a year ("Q3", "H1",
# "FY2019"), units ("dB", "kWh"), photo credits ("Courtesy"). Read off the entity gold set's
# tune half (docs/entity-guideline.md) and the examples of issue 19.
_NOT_A_NAME = re.compile(
    r"^(?:[QH][1-4]|FY ?\d{2,4}|[1-4]Q|dB|dBA|kWh|MWh|GWh|mAh|mph|kph|km/h|Courtesy|"
    r"Photo|Photos|Credit|Getty)$"
)
# A title, not a name, when the span is quoted or followed by one of these words.
_WORK_NOUNS = _words(
    "film films movie movies series show album albums song songs book books novel novels "
    "franchise sequel prequel trilogy episode episodes spin-off soundtrack documentary"
)
_QUOTES_OPEN = "\"“‘'«"
_QUOTES_CLOSE = "\"”’'»"
# Last words of organisation-tagged spans that name a building or a structure.
_FACILITY_HEADS = _words(
    "courthouse airport stadium arena bridge prison jail penitentiary hotel motel tower mall "
    "headquarters"
)
# Last words of named events the small model types as organisations, people or places
# ("Davis Cup Final", "ATP Finals", "Grand Slam"); tuned on the entity gold set's tune half.
_EVENT_HEADS = _words(
    "cup final finals open championship championships olympics slam tournament prix "
    "marathon derby regatta"
)
# ... and of longer names of events the model also calls works ("Milan Design Week").
_EVENT_HEADS_LONG = _words("week festival expo summit")
# Last words of place-tagged spans that name an organisation ("New Bedford District Court").
_ORG_HEADS = _words(
    "court office department commission council ministry agency university college school "
    "police party committee authority board bureau institute association union"
)
# Last words that end no person's name: a company's, an organisation's or an institution's
# (round 6; the model calls "Kotak Securities" and "Betty Ford Center" persons).
_NO_PERSON_HEADS = _words(
    "inc inc. corp corp. corporation co. company companies group holdings motors entertainment "
    "pictures studios studio airlines airways ltd ltd. plc llc gmbh technologies industries "
    "securities systems capital partners ventures labs laboratories bank foundation center "
    "centre clinic hospital institute university college school council ministry agency "
    "department commission committee authority association"
)
# ... and of bodies that no person is named after ("Nigerian Senate" is no "Chris Pine").
_INSTITUTION_HEADS = _words(
    "senate parliament congress assembly government army navy cabinet legislature"
)
_PLUS_AFTER = re.compile(r"\+(?![\w+])")
# A model number (round 6): letters and digits in one word.
_MODEL_WORD = re.compile(r"(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{2,}")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_LEAD_JUNK = "([{\"“‘'«-–— \t\n"
_TRAIL_JUNK = ")]}\"”’'»,.;:!?-–— \t\n"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_DEFINITION = re.compile(
    r"((?:[A-Z][\w’'&.-]*)(?:\s+(?:of|and|for|the|de|on|&|[A-Z][\w’'&.-]*))*)"
    r"\s*\(\s*([A-Z][A-Za-z0-9&.-]{1,9})\s*\)"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a name: its cleaned surface, type, sentence and character offsets."""

    text: str
    type: str  # one of ENTITY_TYPES
    sentence: int
    start: int
    end: int
    article_id: str = ""


@dataclass(slots=True)
class Entity:
    """One real-world thing: its canonical name, type, other names, and every mention."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


# --- mentions -------------------------------------------------------------------------------


def extract_mentions(text: str, article_id: str = "") -> list[Mention]:
    """The cleaned name mentions of ``text``, in text order (NER-only pipeline)."""
    return mentions_from_doc(nlp.process(text, parse=False), article_id)


def extract_mentions_many(
    texts: Iterable[str], *, article_ids: Iterable[str] | None = None, n_process: int = 1
) -> list[list[Mention]]:
    """:func:`extract_mentions` over many texts, batched (``n_process=2`` for big batches)."""
    ids = list(article_ids) if article_ids is not None else None
    docs = nlp.process_many(texts, parse=False, n_process=n_process)
    return [mentions_from_doc(doc, ids[i] if ids else "") for i, doc in enumerate(docs)]


def mentions_from_doc(
    doc: Doc,
    article_id: str = "",
    *,
    sentence_starts: Sequence[int] | None = None,
    text: str | None = None,
) -> list[Mention]:
    """The cleaned name mentions of an already processed text (either pipeline).

    ``sentence_starts`` (the start offsets of :func:`nlp.sentences`) saves splitting again,
    ``text`` (``doc.text``) rebuilding the text from the tokens.
    """
    text = doc.text if text is None else text
    if sentence_starts is None:
        sentence_starts = [s.start for s in nlp.sentences(doc)]
    found: list[tuple[str, str, int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        after = text[ent.end_char : ent.end_char + 16]
        for surface, start, end, owner in _clean_span(ent.text, ent.start_char, ent.label_, after):
            if _PLUS_AFTER.match(text, end):  # "its ESPN+ app": the model leaves the "+" out
                surface, end = surface + "+", end + 1
            label = "" if owner else _retype(text, start, end, ent.label_)
            found.append((surface, label, start, end))
    found = score_lines(text, headline_names(text, _type_owners(found)))
    model = {start: label for _, label, start, _ in found}
    found = context_types(text, found, common_word_starts(doc.ents))
    held = {f[2] for f in found if model.get(f[2]) != f[1]}
    found = agreed_types(doc, text, found, held)
    found = nicknames(text, dateline(text, found))
    found = nickname_bearers(text, [*found, *quoted_titles(text, found)])
    found = whole_names(text, [*found, *players(text, found)])
    found = sorted([*found, *backfill(text, found)], key=lambda f: f[2])
    if is_sport(text):  # the teams among the names found again ("New York" + "Islanders")
        found = team_names(text, found)
    found = first_names(text, found, _HONORIFICS | _ROLES)
    return [
        Mention(surface, label, _sentence_of(sentence_starts, start), start, end, article_id)
        for surface, label, start, end in found
    ]


def found_again(
    text: str, mentions: Sequence[Mention], sentence_starts: Sequence[int]
) -> list[Mention]:
    """``mentions`` of a text read in pieces, with the occurrences of their names that only
    the whole text shows (:func:`missed_names.backfill` over the whole text: a name found in
    one piece and missed in another), in text order."""
    found = [(m.text, m.type, m.start, m.end) for m in mentions]
    article_id = mentions[0].article_id if mentions else ""
    extra = [
        Mention(surface, label, _sentence_of(sentence_starts, start), start, end, article_id)
        for surface, label, start, end in backfill(text, found)
    ]
    return sorted([*mentions, *extra], key=lambda m: m.start)


def _type_owners(found: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """The owner split off a span ("Cleveland" of "Cleveland’s Public Auditorium") has no type
    of its own: it takes the one its surface has elsewhere in the text, else it is dropped."""
    known = {surface.casefold(): label for surface, label, _, _ in found if label}
    return [
        (surface, label or known[surface.casefold()], start, end)
        for surface, label, start, end in found
        if label or surface.casefold() in known
    ]


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start > offset:
            break
        index = i
    return index


def _clean_span(
    text: str, offset: int, label: str, after: str = ""
) -> list[tuple[str, int, int, bool]]:
    """The name(s) in one NER span, each with its character offsets in the article: pieces
    split at brackets, line breaks, a comma between names (``after``: the text after the
    span) and an inner possessive ("FX’s Legion": the owner and the owned; "McDonald's
    Corp." stays whole), each flagged when it is such an owner."""
    out = []
    for piece in re.finditer(r"[^()\n]+", text):
        pieces = joined_parts(piece.group(), piece.start(), label, after)
        for whole in (c for p in pieces for c in comma_parts(*p, label, after)):
            parts = _possessive_parts(*whole)
            for i, (part, at) in enumerate(parts):
                cleaned = _clean_piece(part, offset + at, label)
                if cleaned is not None:
                    out.append((*cleaned, len(parts) > 1 and i == 0))
    return out


def _possessive_parts(text: str, at: int) -> list[tuple[str, int]]:
    match = re.search(r"['’]s\s+(?=[A-Z])", text)
    if match is None or all(w.lower() in _COMPANY_WORDS for w in text[match.end() :].split()):
        return [(text, at)]
    return [(text[: match.start()], at), (text[match.end() :], at + match.end())]


def _clean_piece(text: str, start: int, label: str) -> tuple[str, int, int] | None:
    lead = len(text) - len(text.lstrip(_LEAD_JUNK))
    text, start = text[lead:], start + lead
    text = _strip_trailing(text)
    for pattern in (_DETERMINER, *((_PLACE_PREFIX,) if _FAMILY.get(label) == "PLACE" else ())):
        match = pattern.match(text)
        if match:
            text, start = text[match.end() :], start + match.end()
    cut = _title_cut(text, person=label == "PERSON")
    text, start = text[cut:], start + cut
    text = _tail_cut(_unjoin(text), label)
    if not _is_name(text) or (label == "PERSON" and len(text) <= 4 and text.isupper()):
        return None  # "RRP", "TD": a person is not named by a short capital abbreviation
    return text, start, start + len(text)


def _tail_cut(text: str, label: str) -> str:
    """A name ends with a name's word: lower-case words ("Logar province") and, but for a
    person, a role word or honorific ("House of Representatives Speaker", "... Rt") come off
    its end (not a title's: "Gone with the wind"; not after "of": "Office of the President")."""
    while True:
        match = re.search(r"(\S+)\s+(\S+)$", text)
        if match is None:
            return text
        word, bare = match.group(2), match.group(2).rstrip(".").lower()
        lower = word.isalpha() and word.islower() and label != "WORK_OF_ART"
        role = label != "PERSON" and (bare in _ROLE_HEADS or bare in _HONORIFICS)
        if not (lower or (role and match.group(1).lower() not in {"of", "the"})):
            return text
        text = _strip_trailing(text[: match.start(2)])


def _strip_trailing(text: str) -> str:
    while True:
        before = text
        text = re.sub(r"['’]s(?:\s+\d[\d,.]*)?$", "", text)  # "Holcomb’s 2016" (round 9)
        text = re.sub(r"\s+(?:and|or|of|the|&)$", "", text)  # 'Anthony "Fat Tony" Salerno and'
        text = re.sub(r"\s+\d+(?:GB|TB)$", "", text)  # "MacBook 256GB": a capacity (round 8)
        if not _ABBREVIATION_END.search(text):
            text = text.rstrip(_TRAIL_JUNK)
        if text == before:
            return text


def _title_cut(text: str, *, person: bool) -> int:
    """How many leading characters are honorifics or (for persons) a role prefix."""
    cut = 0
    for match in re.finditer(r"\S+\s*", text):
        word = match.group().strip().rstrip(".").lower()
        rest = text[match.end() :]
        if not rest[:1].isupper():
            break
        if word in _HONORIFICS or (person and word in _ROLES):
            cut = match.end()
        elif not person or match.start() > 40 or not word[:1].isalpha():
            break
    return cut


def _unjoin(text: str) -> str:
    """Text joined across lines or page elements ("Kristi NoemKristi"): a word that runs on
    into another word of the name, capital after lower case, is cut there."""
    words = text.split()
    for i, word in enumerate(words):
        for match in re.finditer(r"(?<=[a-z])[A-Z][a-z]+", word):
            if match.group() in words[:i] or match.group() in words[i + 1 :]:
                return " ".join([*words[:i], word[: match.start()]])
    return text


def _is_name(text: str) -> bool:
    if not text or not any(c.isupper() for c in text) or _NOT_A_NAME.match(text):
        return False
    if re.search(r"\S*/\S*\d", text):  # a case or file number: "FHC/ABJ/03/095/2018"
        return False
    if text.lower() in _ROLES:  # "Sheriff" alone
        return False
    if text.rstrip(".").lower() in _HONORIFICS:
        return False
    return any(c.isalpha() for c in text)


def _retype(text: str, start: int, end: int, label: str) -> str:
    """The small model's type, corrected: a name right after a role word is a person; a
    quoted name, or one followed by "film", "series", ..., is a title; a place whose last word
    is "Court", "Office", ... is an organisation; a quoted name the text calls a nickname is
    a person ('the nickname "The Oddfather"', 'known as "Deep Throat"')."""
    if label != "NORP" and is_nickname(text, start):
        return "PERSON"
    if _is_title(text, start, end) and label != "NORP":
        return "WORK_OF_ART"
    last = text[start:end].split()[-1].lower()
    if last in _EVENT_HEADS and label in {"ORG", "PERSON", "GPE", "LOC", "FAC"}:
        return "EVENT"  # "Davis Cup Final", "ATP Finals"
    if last in _EVENT_HEADS_LONG and " " in text[start:end] and label != "NORP":
        return "EVENT"  # "Milan Design Week", "Edinburgh Festival"
    if label in PLACE_TYPES and last in _ORG_HEADS | _INSTITUTION_HEADS:
        return "ORG" if " " in text[start:end] else label
    if label == "ORG" and last in _FACILITY_HEADS and " " in text[start:end]:
        return "FAC"
    if label in {"ORG", "PERSON", "GPE"} and text[end - 1] == "+" and text[start].isupper():
        return "PRODUCT"  # a service: "Disney+", "Apple TV+" (round 8)
    if label not in {"PRODUCT", "WORK_OF_ART", "NORP"} and _model_number(text[start:end], label):
        return "PRODUCT"  # "RAV4 Hybrid", "Nighthawk X4", "IE9"
    if label == "PERSON" and " " in text[start:end] and last in _NO_PERSON_HEADS:
        return "ORG"  # "Kotak Securities", "Masten Space Systems", "Betty Ford Center"
    if label == "PERSON" or label not in {"ORG", "GPE", "NORP"}:
        return label
    before = text[max(0, start - 30) : start].split()
    if (
        before
        and before[-1].rstrip(".,").lower() in _PERSON_BEFORE
        and last not in _NO_PERSON_HEADS
    ):
        return "PERSON"  # not "Director, IIFL Securities"
    return label


def _model_number(name: str, label: str) -> bool:
    """Whether a name holds a model number, a word of letters and digits ("RAV4", "X4",
    "R6700"; not an ordinal, "223rd"), which names a product; an organisation's only after
    its first word ("Netgear Nighthawk R6700", not "G20")."""
    words = name.split()
    return any(
        _MODEL_WORD.fullmatch(w) and not _ORDINAL.fullmatch(w) and (label != "ORG" or i > 0)
        for i, w in enumerate(words)
    )


def _is_title(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start].rstrip(" ")
    after = text[end : end + 2].lstrip(" ")
    after = after[1:] if after[:1] in ",." else after  # "New Moon," the sequel
    quoted = bool(before) and before[-1] in _QUOTES_OPEN and after[:1] in _QUOTES_CLOSE
    if quoted and not (after[:1] in "’'" and text[end + 1 : end + 2] == "s"):  # a possessive
        return True
    following = text[end : end + 20].split()
    return bool(following) and following[0].strip(".,;:").lower() in _WORK_NOUNS


def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in ``text`` by the "Name (ACR)" pattern, as ``{ACR: Name}``.

    The name is trimmed from the left until its first word starts with the acronym's first
    letter, so "the Shanghai Cooperation Organization (SCO)" defines SCO.
    """
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2).replace(".", "")
        while words and (words[0][0] != acronym[0] or words[0].lower() in _ACRONYM_SKIP):
            words.pop(0)
        if len(words) >= 2 and acronym not in found:
            found[acronym] = _strip_trailing(" ".join(words))
    return found


# --- canonical entities -----------------------------------------------------------------------


def _family(label: str) -> str:
    return _FAMILY.get(label, label)


def _key(surface: str) -> str:
    return " ".join(_DETERMINER.sub("", surface).split()).casefold()


def _is_acronym(surface: str) -> bool:
    return bool(_ACRONYM.match(surface.replace(".", "")))


class _Groups:
    """Union-find over surface keys ``(family, key)``."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, item: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def canonicalise(
    mentions_by_article: Mapping[str, Sequence[Mention]],
    *,
    acronyms: Mapping[str, str] | None = None,
) -> list[Entity]:
    """Group mentions (of one story, or of the whole store) into canonical entities.

    ``mentions_by_article`` maps an article id to its mentions (the id is set on mentions that
    have none). ``acronyms`` adds explicit ``{ACR: Name}`` definitions (:func:`find_acronyms`).
    Entities come most-mentioned first, then by name; the result is deterministic.

    A name's type is decided per article, so one surface with two referents of different
    types ("Ford" the writer, Ford the carmaker) makes two entities.
    """
    mentions = [
        m if m.article_id else replace(m, article_id=article_id)
        for article_id, ms in mentions_by_article.items()
        for m in ms
    ]
    article_types = _article_types(mentions)
    typed = [(m, article_types[(m.article_id, _key(m.text))]) for m in mentions]
    nodes = [_node(m, label) for m, label in typed]
    groups = _Groups()
    keys = sorted(set(nodes))
    for key in keys:
        groups.find(key)
    families = {key: family for family, key in reversed(keys)}
    explicit = {k.upper().replace(".", ""): v for k, v in (acronyms or {}).items()}
    written = {_key(m.text) for m in mentions if _is_acronym(m.text)}
    written |= {_key(m.text) for m in mentions if _key(m.text).upper() in explicit}
    _link_acronyms(groups, [k for k in keys if k[1] in written], keys, families, explicit)
    _link_company_names(groups, keys)
    _link_publications(groups, keys)
    _link_teams(groups, keys)
    _link_titles(groups, keys)
    person_of = _link_person_names(groups, mentions, article_types)
    clusters: dict[tuple[str, str], list[tuple[Mention, str]]] = defaultdict(list)
    for (m, label), node in zip(typed, nodes, strict=True):
        if label == "PERSON":
            node = person_of.get((m.article_id, node[1]), node)
        clusters[groups.find(node)].append((m, label))
    entities = [_entity(ms) for ms in clusters.values()]
    return sorted(entities, key=lambda e: (-len(e.mentions), e.name, e.type))


def _node(m: Mention, label: str) -> tuple[str, str]:
    family, key = _family(label), _key(m.text)
    return family, _ALIASES.get((family, key), ("", key))[1]


def _article_types(mentions: Sequence[Mention]) -> dict[tuple[str, str], str]:
    """The one type of each surface key in each article: its most frequent type there,
    persons winning over names that a person also bears (spaCy's "Joko Widodo" as ORG next to
    a PERSON tag). A one-word name tagged ORG that is the surname of a person named in full
    in the article is that person ("Webb" beside "Michael Webb"; so is a "nationality":
    "Klitschko" beside "Wladimir Klitschko"), and so is one tagged as a
    place more than once that is the surname ("Hardwicke"; a single "Jordan" beside "Michael
    Jordan" may be the country)."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m in mentions:
        counts[(m.article_id, _key(m.text))][m.type] += 1
    types: dict[tuple[str, str], str] = {}
    for pair, counter in counts.items():
        best = max(counter.items(), key=lambda kv: (kv[1], -_TYPE_ORDER.index(kv[0])))
        types[pair] = "PERSON" if counter["PERSON"] and best[0] == "ORG" else best[0]
        if pair[1] in _COUNTRY_KEYS:  # "US climate policy" typed ORG is the country
            types[pair] = "GPE"
    for (article_id, key), label in list(types.items()):
        if label == "ORG" and _person_shaped(key):
            first, last = key.split()
            if (
                types.get((article_id, last)) in {"ORG", "PERSON"}
                and (article_id, first) not in types
                # a team goes by its nickname ("Indianapolis Colts", "Colts"), a person not
                and not (_PLURAL.fullmatch(last) and types[(article_id, last)] == "ORG")
            ):  # "Chris Pine’s" and "Pine" alone (organisations go by their first word)
                types[(article_id, key)] = "PERSON"
    surnames: dict[str, set[str]] = defaultdict(set)
    for (article_id, key), label in types.items():
        if label == "PERSON" and " " in key:
            surnames[article_id].add(key.split()[-1])
    for (article_id, key), label in types.items():
        if " " in key:
            continue
        if (label in {"ORG", "PRODUCT", "NORP"} and key in surnames[article_id]) or (
            _family(label) == "PLACE"
            and key in surnames[article_id]
            and counts[(article_id, key)].total() > 1
        ):  # "Webb" beside "Michael Webb"; "Hardwicke" twice beside "Catherine Hardwicke"
            types[(article_id, key)] = "PERSON"
    return types


def _person_shaped(key: str) -> bool:
    """Two alphabetic words, none of them a company or organisation word: "chris pine"."""
    words = key.split()
    return (
        len(words) == 2
        and all(w.isalpha() for w in words)
        and not any(
            w in _COMPANY_WORDS or w in _ORG_HEADS | _INSTITUTION_HEADS or w in _PUBLICATION_WORDS
            for w in words
        )
    )


def _link_acronyms(
    groups: _Groups,
    acronym_keys: Sequence[tuple[str, str]],
    keys: Sequence[tuple[str, str]],
    families: Mapping[str, str],
    explicit: Mapping[str, str],
) -> None:
    """Join each acronym (written in capitals, or defined in ``explicit``) to the one name
    whose initials it spells, or to its explicit expansion."""
    by_initials: dict[str, list[tuple[str, str]]] = defaultdict(list)
    places = {key for family, key in keys if family == "PLACE"}
    for family, key in keys:
        if family not in {"PERSON", "NORP"} and " " in key:
            for initials in spelled(_titlecase_key(key), places):
                by_initials[initials].append((family, key))
    for family, key in acronym_keys:
        if family in {"PERSON", "NORP"} or " " in key:
            continue
        acronym = key.upper().replace(".", "")
        candidates = list(by_initials.get(acronym_key(acronym), []))
        if acronym in explicit:
            ekey = _key(explicit[acronym])
            candidates = [(families.get(ekey, "ORG"), ekey)]
        if len({groups.find(c) for c in candidates}) == 1:
            groups.union((family, key), candidates[0])


def _titlecase_key(key: str) -> str:
    """Keys are case-folded: initials need the words' capitals back (stop words excepted)."""
    return " ".join(w if w in _ACRONYM_SKIP else w[:1].upper() + w[1:] for w in key.split())


def _link_publications(groups: _Groups, keys: Sequence[tuple[str, str]]) -> None:
    """A one-word organisation is the one longer organisation name that ends with it:
    newspapers go by their last word ("the Journal-Constitution", "the Post")."""
    orgs = [key for family, key in keys if family == "ORG"]
    for short in (k for k in orgs if " " not in k and k not in _ORG_HEADS):
        longer = [k for k in orgs if k != short and k.split()[-1] == short]
        if longer and len({groups.find(("ORG", k)) for k in longer}) == 1:
            groups.union(("ORG", short), ("ORG", longer[0]))


def _link_teams(groups: _Groups, keys: Sequence[tuple[str, str]]) -> None:
    """A team's place and nickname are the team (:func:`name_agreement.team_parts`)."""
    for part, key in team_parts([key for family, key in keys if family == "ORG"]):
        groups.union(("ORG", part), ("ORG", key))


def _link_company_names(groups: _Groups, keys: Sequence[tuple[str, str]]) -> None:
    """A one-word organisation is the one longer organisation name it begins whose other
    words are all company words: "Summit" -> "Summit Entertainment", "Ford" -> "Ford Motor
    Co." (not "Ford Foundation"); or that it ends before company words ("Disney" -> "Walt
    Disney Co."; round 8)."""
    orgs = [key for family, key in keys if family == "ORG"]
    for short in (k for k in orgs if " " not in k):
        longer = [k for k in orgs if k != short and _company_of(k.split(), short)]
        if longer and len({groups.find(("ORG", k)) for k in longer}) == 1:
            groups.union(("ORG", short), ("ORG", longer[0]))


def _company_of(words: Sequence[str], short: str) -> bool:
    """Whether ``short`` is a word of ``words`` that only company words follow (one or more)."""
    return any(
        w == short and all(rest in _COMPANY_WORDS for rest in words[i + 1 :])
        for i, w in enumerate(words[:-1])
    )


def _link_titles(groups: _Groups, keys: Sequence[tuple[str, str]]) -> None:
    """A one-word title is the shortest longer title that has the word ("Moon" -> "New
    Moon", "Trek" -> "Star Trek" rather than "Star Trek Beyond"), when one is shortest."""
    for family in ("WORK_OF_ART", "PRODUCT"):
        titles = [key for f, key in keys if f == family]
        for short in (k for k in titles if " " not in k):
            longer = sorted((len(k.split()), k) for k in titles if _contains(k, short))
            if longer and (len(longer) == 1 or longer[0][0] < longer[1][0]):
                groups.union((family, short), (family, longer[0][1]))


def _link_person_names(
    groups: _Groups, mentions: Sequence[Mention], types: Mapping[tuple[str, str], str]
) -> dict[tuple[str, str], tuple[str, str]]:
    """Link full person names to each other and short names to their one full name.

    Returns where a short name goes, per (article, key): an article that names bearers of the
    short name decides for its own mentions (the one named first when there are several:
    "Gomes" is the suspect Gary Gomes, named before his mother Catherine Gomes); elsewhere
    only a unique bearer does.
    """
    persons = sorted({key for (_, key), label in types.items() if label == "PERSON"})
    full = [k for k in persons if " " in k]
    for short in full:  # "vladimir putin" inside "vladimir vladimirovich putin"
        supers = [k for k in full if k != short and _contains(k, short)]
        if len({groups.find(("PERSON", k)) for k in supers}) == 1:
            groups.union(("PERSON", short), ("PERSON", supers[0]))
    _link_initials(groups, full)
    for key, other in variant_pairs(full):  # "pat carlineo" is "patrick carlineo jr."
        groups.union(("PERSON", key), ("PERSON", other))
    first: dict[str, dict[str, int]] = defaultdict(dict)  # article -> person key -> offset
    for m in sorted(mentions, key=lambda m: m.start):
        key = _key(m.text)
        if types[(m.article_id, key)] == "PERSON":
            first[m.article_id].setdefault(key, m.start)
    placed: dict[tuple[str, str], tuple[str, str]] = {}
    for article_id, present in sorted(first.items()):
        for short in sorted(present):
            local = sorted((present[k], k) for k in full if k in present and _contains(k, short))
            bearers = {groups.find(("PERSON", k)) for k in full if _contains(k, short)}
            if local:
                placed[(article_id, short)] = groups.find(("PERSON", local[0][1]))
            elif len(bearers) == 1:
                placed[(article_id, short)] = next(iter(bearers))
    return placed


def _link_initials(groups: _Groups, full: Sequence[str]) -> None:
    """A name of initials and a surname ("b. u. nzeribe") is the one full name with that
    surname whose first name starts with the first initial ("benjamin nzeribe")."""
    for key in full:
        *initials, last = key.split()
        if not all(re.fullmatch(r"\w\.?", w) for w in initials):
            continue
        bearers = {
            groups.find(("PERSON", k))
            for k in full
            if k != key
            and k.split()[-1] == last
            and k.split()[0][:1] == initials[0][0]
            and len(k.split()[0].rstrip(".")) > 1
        }
        if len(bearers) == 1:
            groups.union(("PERSON", key), next(iter(bearers)))


def _contains(longer: str, shorter: str) -> bool:
    """Whether every word of ``shorter`` is a word of ``longer`` (and it is shorter)."""
    words = longer.split()
    return longer != shorter and all(w in words for w in shorter.split())


def _entity(typed: list[tuple[Mention, str]]) -> Entity:
    mentions = sorted((m for m, _ in typed), key=lambda m: (m.article_id, m.start))
    counts = Counter(m.text for m in mentions)
    type_counts = Counter(label for _, label in typed)
    label = max(type_counts.items(), key=lambda kv: (kv[1], -_TYPE_ORDER.index(kv[0])))[0]
    full = [s for s in counts if not _is_acronym(s)] or list(counts)
    name = max(
        full,
        key=lambda s: (" " in s, not _initialled(s), len(s.split()), counts[s], len(s), _neg(s)),
    )
    name = _ALIASES.get((_family(label), _key(name)), (name, ""))[0]
    if label == "ORG" and name.split()[-1].lower() in _PUBLICATION_WORDS:
        name = "The " + _DETERMINER.sub("", name)
    aliases = sorted((s for s in counts if s != name), key=lambda s: (-counts[s], s))
    return Entity(name=name, type=label, aliases=aliases, mentions=mentions)


def _initialled(name: str) -> bool:
    """Whether a name's first word is an initial ("B. U. Nzeribe")."""
    return " " in name and bool(re.fullmatch(r"\w\.?", name.split()[0]))


def _neg(text: str) -> tuple[int, ...]:
    """A key that makes ``max`` pick the alphabetically first string on ties."""
    return tuple(-ord(c) for c in text)
