"""A name's type read off the words around it, then held for its every mention in the text.

The small English model types a name from its surface and a narrow window; it calls a team a
country, a county in a list a person, a broker a place. The words next to a name often say
what it is, on any news text and without a list of names (issue 19, entities round 4):

* a list of names closed by a plural place noun is of places: "Barry, Berrien, Cass and Van
  Buren counties";
* a name before "police", "residents", "area", "province", "governorship" or after "area
  of", "outskirts of", "city of" is a place ("Forest Hill police", "Pangram area of Sarkh",
  "the northern city of Thessaloniki"), and so is a name before a state's postal code
  ("Cuyahoga Falls, OH"; round 6), a one-word "person" after "in", "near", "outside" ("in
  al-Tanf"; round 6), and an organisation's name closing "<place>,
  <name>" ("Sarkh, Logar,"); a person's name before "prison", "hotel", "airport", ... is a
  facility ("the city's Hoa Lo prison");
* a name after "entitled" or "titled" is a title, and so is one after the noun for a work
  ("the sequel, Catching Fire", "the film Twilight"; round 6);
* a one-word "person" in capitals on a line of running text is an acronym, an organisation
  ("SEACOM is experiencing downtime"; round 6);
* a name before a company's word ("Jefferies analyst Jonathan Matuszewski", "Acme shares") or
  before a stock ticker in brackets ("Lowe's (LOW)") is an organisation, and so is a one-word
  "person" after "a"/"an" before a common noun ("a Clymer manual");
* a "work" that reports is an organisation: "according to The Wrap", "Deadline reports";
  so is a name after "the journal", "the newspaper", "the magazine" ("the journal Nature
  Astronomy"), and a "person" before "CEO", "executives", "employees" (round 5);
* in a text about sport, a place that wins, loses, plays or is beaten is a team: "Russia's
  victory against defending champions Croatia", "Canada's win over Italy".
  So is a plural name of one or two words after "the" that the model calls a person, a
  title or a product ("the visiting Colts", "the Tar Heels"), and a place that "defeats",
  "tops" or "clinches" (round 6).

Round 8: a name beside a product's measure or generation is a product ("the 12-inch MacBook",
"the second-generation AirPods", "the all-new Sentra", "iPad Pro 12.9-inch", "MacBook 256GB"),
and a year before a product's name that the text writes alone is its model year ("the 2020
Sentra" is "Sentra"); in a text about sport, a name before a player's position is a team
("Steelers quarterback Mason Rudolph", "the Pittsburgh quarterback").

The common noun set right before a name or in apposition after it says what it is (round 7):
"cable operator Seacom", "the town Brackwell", "CloudSimple, a startup that ...", "Maroon, a
St. Louis native," (organisations' and places' nouns before or after, persons' after only).

A one-word "name" opening a sentence that the tagger reads as a common word ("Challenges
include ...") and that the text does not name again is dropped (:func:`common_word_starts`).

Each cue types the mention it is read at; the text's other mentions of the same surface take
the type its cues agree on (a surface whose cues disagree keeps the model's types); a cue that
confirms the model's type holds it as well ("a Forest Hill police sergeant" makes the model's
"Forest Hill hotel room" organisation the place; round 5). A person
named in full elsewhere in the text is never retyped by its surname ("a Trump supporter").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.extract._vocab import words as _words

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = [
    "PLACE_TYPES",
    "POSITION",
    "common_word_starts",
    "context_types",
    "is_nickname",
    "is_sport",
    "line_at",
    "lower_words",
    "quoted_titles",
    "team_names",
    "title_case",
]

Found = tuple[str, str, int, int]  # surface, type, start, end


def _followed_by(words: str) -> re.Pattern[str]:
    """A pattern for the text right after a name: spaces, then one of ``words``."""
    return re.compile(rf"^\s+(?:{_alternation(words)})\b")


def _alternation(words: str) -> str:
    return "|".join(sorted(words.split(), key=lambda w: (-len(w), w)))


PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# What the model calls a team's plural nickname.
_NICKNAMED_AS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT"})
_FAMILIES = dict.fromkeys(PLACE_TYPES, "PLACE")
# Plural place nouns that close a list of places.
_PLACE_PLURALS = _followed_by(
    "counties cities states provinces countries towns villages islands regions districts "
    "parishes townships boroughs suburbs municipalities"
)
# A list item's tail: ", " or " and " or ", and " then the next name.
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_PLACE_FOLLOWERS = _followed_by(
    "police policemen firefighters residents homeowners neighbourhood neighborhood township "
    "area province district region county village town governorship gubernatorial mayoral"
)
# "in the area of Sarkh", "the outskirts of Kabul".
_PLACE_BEFORE = re.compile(
    r"\b(?:area|province|district|region|village|town|city|capital|port|island|county|"
    r"municipality|outskirts|suburbs?)\s+of\s+$"
)
# A title after the noun saying what it is: "the sequel, Catching Fire", "the film Twilight"
# (round 6).
_WORK_BEFORE = re.compile(
    r"\b(?:the|a|an|new|upcoming|latest|its|his|her|their)\s+(?:[a-z-]+\s+)?(?:film|movie|"
    r"sequel|prequel|novel|book|album|song|single|series|sitcom|documentary|musical)\s*,?\s*$"
)
# A word in capitals among lower-case words is an acronym, no person's name ("SEACOM is
# experiencing downtime"; round 6).
_CAPITALS = re.compile(r"[A-Z][A-Z&-]{4,}")
_LOWER_WORDS = re.compile(r"\b[a-z]{3,}\b")
# A US state's postal code after a name and a comma: "Cuyahoga Falls, OH @", "Elkton, NJ"
# (round 6; not "MD", "PA", "DO" that also follow a person's name as degrees).
_STATE_AFTER = re.compile(
    r"^,\s+(?:A[KLRZ]|C[AOT]|DE|FL|GA|HI|I[ADLN]|K[SY]|LA|M[AEINOST]|N[CDEHJMVY]|O[HKR]|RI|"
    r"S[CD]|T[NX]|UT|V[AT]|W[AIVY])\b(?![.’'-])"
)
# "in Kyiv", "near Wasilla": a one-word "person" after a place's preposition (round 6).
_IN_BEFORE = re.compile(r"\b(?:in|near|outside)\s+$")
_POSSESSIVE_AFTER = re.compile(r"^[’']s?\b")
_CLOSING = re.compile(r"\s*(?:[,.;:\"”)]|$)")
_TITLE_BEFORE = re.compile(r"\b(?:entitled|titled)\s*[:,]?\s*[\"“‘']?\s*$")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|A|An|The)\s+$")
_FACILITY_FOLLOWERS = _followed_by(
    "prison jail penitentiary hotel motel airport stadium arena hospital bridge mall racetrack "
    "courthouse"
)
# Lower-case words after a name that only a company has ("Jefferies analyst", "Acme shares").
_COMPANY_FOLLOWERS = _followed_by(
    "analyst analysts shares stock stockholders shareholders subsidiary subsidiaries CEO "
    "executives employees co-founder handle account app platform website subscribers"
)
# A publication named after what it is: "the journal Nature Astronomy" (round 5).
_PUBLICATION_BEFORE = re.compile(
    r"\b(?:journal|newspaper|magazine|tabloid|broadcaster|news\s+agency|news\s+site|"
    r"news\s+outlet)\s+(?:the\s+|The\s+)?$"
)
# What only a company has, after a possessive: "Netflix's subscribers", "Alibaba's shares"
# (no country's: not "China's users", "Texas' revenue"; round 7).
_COMPANY_OWNS = re.compile(
    r"^[’']s?\s+(?:CEO|chief\s+executive|founder|co-founder|cofounder|shares|stock|"
    r"shareholders|subscribers|app|apps|platform|website|streaming)\b"
)
# A platform one watches, streams or posts on: "the third season of The Crown on Netflix",
# "a viral post on Weibo", "available on Steam" (round 7; not "sanctions on Iran").
_PLATFORM_BEFORE = re.compile(
    r"\b(?:watch(?:ed|es|ing)?|stream(?:ed|s|ing)?|available|post(?:ed|s|ing)?|"
    r"premier(?:ed|es|ing)?|debut(?:ed|s|ing)?|listen(?:ed|s|ing)?|subscri(?:be|bed|bers?|ption)|"
    r"users?)"
    r"\b[^.!?;\n]{0,50}\bon\s+$"
)
# A company quoted as a source: "according to analysis from Poynter" (round 7).
_ANALYSIS_FROM = re.compile(
    r"\baccording\s+to\s+(?:an?\s+|the\s+)?(?:new\s+|recent\s+)?(?:analysis|data|report|survey|"
    r"study|research|estimates?)\s+(?:from|by)\s+$"
)
# A place's name before an analyst named next is a broker's ("Jefferies analyst Jonathan
# Matuszewski"); "Hong Kong shares" are shares listed there.
_ANALYST_NAMED = re.compile(r"^\s+(?:analyst|economist|strategist)\s+[A-Z][a-z]")
# A stock ticker in brackets; news agencies' bylines ("(AP)") are none.
_TICKER = re.compile(
    r"^[’']?s?\s*\((?!(?:AP|AFP|UPI|PA|CP|CNN)\))(?:(?:NYSE|NASDAQ|Nasdaq|LSE|TSX|AMEX)\s*:\s*)?"
    r"[A-Z]{1,5}\)"
)
_BRAND_BEFORE = re.compile(r"(?:^|[\s(])(?:a|an|A|An)\s+$")
_COMMON_NOUN_AFTER = re.compile(r"^\s+[a-z]{3,}\b")
_SOURCE_BEFORE = re.compile(
    r"(?:according\s+to|reports?\s+(?:from|by|in)|reported\s+by|told)\s+(?:the\s+|The\s+)?$"
)
_REPORTS_AFTER = re.compile(r"^[’']?s?\s+(?:reports?|reported|says|said)\b")
# Words of a text about a game (plural "s" aside); two different ones make it a sports text.
_SPORT_WORDS = _words(
    "game match season tournament league championship coach quarterback playoff semifinal "
    "quarterfinal scored goal inning touchdown tennis football soccer basketball baseball "
    "hockey cricket rugby champion stadium"
)
_SPORT_RE = re.compile(rf"\b({_alternation(' '.join(_SPORT_WORDS))})s?\b", re.IGNORECASE)
_RESULT = _alternation("victory victories win wins loss losses defeat defeats draw tie effort")
_BEATEN = _alternation(
    "beat beats beating defeated defeats edged routed downed against versus play plays played "
    "playing host hosts hosted face faces faced"
)
# A team's: "Russia's victory", "Minnesota's game", "Buffalo beat", "Eastern Michigan (3-1)".
_TEAM_AFTER = re.compile(
    rf"^[’']s\s+(?:[a-z]+\s+)?(?:{_RESULT}|game|games|season|offense|defense|defence|coach|"
    r"quarterback|squad|roster|players|lineup|streak|rally)\b"
    r"|^\s+(?:beat|beats|defeated|defeats|edged|edges|routed|routs|tops|topped|won|wins|lost|"
    r"loses|scored|rallied|rally|clinch|clinches|clinched)\b|^\s+\(\d{1,2}-\d{1,2}"
)
# ... and "victory against (defending champions) Croatia", "win over Italy", "game at
# Northwestern", "beat Buffalo".
_TEAM_BEFORE = re.compile(
    rf"\b(?:(?:{_RESULT}|game|games|match|matches)\s+(?:against|over|to|at|with)|{_BEATEN}|"
    r"vs\.?)\s+(?:the\s+)?(?:(?:defending|reigning)\s+)?(?:champions?\s+|hosts\s+)?$"
)
# A place a player leads, lifts or scores for is a team there only ("to lead Boston", "to lift
# Florida", "past Tampa Bay", "scored for Ottawa"; round 8): the text's other mentions of the
# name keep their types ("a St. Louis native").
_TEAM_LED = re.compile(
    r"\b(?:(?:to|and)\s+(?:lead|lift)|past|(?:scored|goals?|assists?|saves|points)\s+for)\s+$"
)
# A team's nickname is a plural of one or two words after "the" ("the Colts", "the visiting
# Colts", "the stubborn Bulldogs", "the Tar Heels"): a person's name follows no "the" (round 6;
# places such as "the Netherlands" keep the model's type).
_TEAM_ARTICLE = re.compile(r"\b[Tt]he\s+(?:[a-z][a-z-]+\s+)?$")
_PLURAL_NAME = re.compile(r"(?:[A-Z][a-z]+\s)?[A-Z][a-z]+[a-rt-z]s")
_WINDOW = 60
# A player's or a team official's position (round 8): the name before it is the team's
# ("Steelers quarterback Mason Rudolph", "the Pittsburgh quarterback"), the name after it a
# person's ("Sabres center Casey Mittelstadt").
_POSITIONS = (
    "quarterback coach goalie goaltender netminder defenseman defenceman winger center centre "
    "forward striker midfielder defender goalkeeper keeper pitcher catcher shortstop "
    "outfielder infielder linebacker cornerback receiver guard tackle lineman fullback "
    "halfback captain manager rookie"
)
_POSITION = (
    r"(?:(?:head|assistant|defensive|offensive|wide|star|veteran)\s+)?"
    rf"(?:{_alternation(_POSITIONS)}|(?:defensive|tight)\s+end|running\s+back)"
)
# A product's measure or generation beside its name (round 8): "the 12-inch MacBook", "the
# second-generation AirPods", "the all-new Sentra", "iPad Pro 12.9-inch", "MacBook 256GB".
_PRODUCT_BEFORE = re.compile(
    r"(?:\b\d+(?:\.\d+)?(?:-inch|-in\.|[”\"])|-generation|\ball-new)\s+$", re.IGNORECASE
)
_PRODUCT_AFTER = re.compile(r"^\s+\d+(?:\.\d+)?(?:-inch\b|\s?(?:GB|TB|mAh)\b)")
_MODEL_YEAR = re.compile(r"(?:19|20)\d\d\s+(?P<name>[A-Z].*)")
POSITION = re.compile(rf"\b{_POSITION}\b")
_POSITION_AFTER = re.compile(rf"^\s+{_POSITION}(?:\s+[A-Z][a-z]|\s+(?!of\b)[a-z])")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_LONG_WORD = re.compile(r"\b[A-Za-z][a-z’'-]{3,}\b")
_NICKNAME_AFTER = re.compile(r" ((?:[A-Z][a-z]+ )?[A-Z][a-z]+[a-rt-z]s)\b(?![’'-]| [A-Z])")
_NICKNAME = re.compile(r"(?:[A-Z][a-z]+\s)?(?:[A-Z][a-z]+[a-rt-z]s|Sox)")

# The common noun a name is set beside says what it is (round 7): "cable operator Seacom",
# "the carmaker Lexus", "the town Brisk" (not after a comma: "in the region, PG&E officials
# said"); "CloudSimple, a startup that ...",
# "Maroon, a St. Louis native, ...". Nouns of organisations and places, before or after the
# name; nouns of persons after it only ("actress Jane Roe" is _retype's).
_ORG_NOUNS = (
    "company companies firm startup start-up retailer carrier airline operator provider maker "
    "manufacturer automaker carmaker chipmaker conglomerate lender bank broadcaster newspaper "
    "studio magazine tabloid website network subsidiary"
)
_PLACE_NOUNS = (
    "city town village hamlet suburb country province county region island capital hometown "
    "municipality borough"
)
_PERSON_NOUNS = (
    "native resident man woman boy girl mother father son daughter wife husband brother sister "
    "widow student teacher veteran lawyer attorney actor actress singer rapper musician writer "
    "author artist player"
)
_NOUN_BEFORE = re.compile(
    rf"(?<![\w’'-])(?:(?P<org>{_alternation(_ORG_NOUNS)})|(?P<place>{_alternation(_PLACE_NOUNS)}))"
    r"\s+$"
)
_NOUN_AFTER = re.compile(
    r"^\s*,\s+(?:a|an|the)\s+(?:[\w’'.-]+\s+){0,3}?"
    rf"(?:(?P<org>{_alternation(_ORG_NOUNS)})|(?P<place>{_alternation(_PLACE_NOUNS)})|"
    rf"(?P<person>{_alternation(_PERSON_NOUNS)}))"
    r"(?=\s*[,.;:)]|\s+(?:that|which|who|whose|based|in|of|with|from|owned|founded|known|"
    r"where|near|on|at)\b)"
)
_NOUN_TYPES = {"org": "ORG", "place": "GPE", "person": "PERSON"}


def _class_noun(before: str, after: str) -> str | None:
    """The type the common noun beside a name gives it (see ``_ORG_NOUNS``), if any."""
    match = _NOUN_BEFORE.search(before) or _NOUN_AFTER.match(after)
    if match is None:
        return None
    kind = next(k for k, v in match.groupdict().items() if v)
    return _NOUN_TYPES[kind]


# Tags of a common word: a noun, an adjective or a verb, not a proper noun.
_COMMON_TAGS = frozenset({"NN", "NNS", "JJ", "RB", "VB", "VBP", "VBZ"})


def common_word_starts(ents: Iterable[Span]) -> frozenset[int]:
    """Where a one-word name opens a sentence that the tagger reads as a common word
    ("Challenges include ...", "Education advocacy groups ...", "Pinpoint what ..."): such a
    span is no name unless the text names it again (the parsing pipeline only: the entity-only
    one has no tags). On 67 unannotated tune-side pages and 150 ECB+ documents it dropped 14
    such words and 3 names ("Edmunds expects", "Boldin has", "Earthjustice lawyer")."""
    return frozenset(
        e.start_char
        for e in ents
        if len(e) == 1
        and e.label_ != "NORP"  # "Greek austerity": a nationality is an adjective
        and e[0].is_sent_start is True
        and e[0].tag_ in _COMMON_TAGS
    )


# A capitalised phrase of one to four words alone in double quotes ('"Twilight."').
_QUOTED = re.compile(
    r"[\"“]\s?([A-Z0-9][\w'’:-]*(?:\s(?:of|the|in|and|a|on|to|[A-Z0-9][\w'’:-]*)){0,3}?)"
    r"[,.!?]?\s?[\"”]"
)


# What names a person by a nickname: 'earned him the nickname "The Oddfather"', 'under the
# moniker, "Deep Throat"', 'dubbed him "Deep Throat"' (round 6) ...
_NICKNAME_BEFORE = re.compile(
    r"\b(?:nicknamed|nickname|moniker|alias|a\.?k\.?a\.?|(?:him|her)self\s+as|"
    r"(?:called|dubbed|named)\s+(?:him|her))\s*,?\s*[\"“‘'](?:[Tt]he\s+)?$"
)
# ... and 'known as', 'called' after a person: 'the man they called "Deep Throat"', 'the source
# known as "Deep Throat"', 'Mark Felt, known as "Deep Throat"' (not 'a poem called "Winter
# Solstice"').
_CALLED_BEFORE = re.compile(
    r"(?:\b(?:he|she|him|her|who|they|man|woman|guy|source|informant|boss)|[A-Z][a-z]+,)\s+"
    r"(?:[a-z]+\s+){0,2}(?:known\s+as|dubbed|called|to\s+call)\s*,?\s*[\"“‘'](?:[Tt]he\s+)?$"
)


def is_nickname(text: str, start: int) -> bool:
    """Whether the quoted phrase at ``start`` (its first letter, after the quote) is named as
    a person's nickname by the words before it."""
    at = max(0, start - 60)
    return bool(_NICKNAME_BEFORE.search(text, at, start) or _CALLED_BEFORE.search(text, at, start))


def quoted_titles(text: str, found: list[Found]) -> list[Found]:
    """Titles the model missed: a capitalised phrase the text sets alone in double quotes at
    least twice, where no name was found ('Summit's vampire breakout "Twilight."', '"Twilight"
    director Catherine Hardwicke'; round 5), unless it is one word the text also writes in
    lower case; not a code in capitals ('"50OFF699"'). Every quoted occurrence is a
    WORK_OF_ART, or every one a PERSON when the text names it a nickname (:func:`is_nickname`:
    'known as "Deep Throat"')."""
    matches = list(_QUOTED.finditer(text))
    nicknames = {m.group(1) for m in matches if is_nickname(text, m.start(1))}
    counts = Counter(m.group(1) for m in matches)
    lower = lower_words(text)
    taken = [(start, end) for _, _, start, end in found]
    extra: list[Found] = []
    for match in matches:
        title = match.group(1)
        start, end = match.span(1)
        if counts[title] < 2 or title.upper() == title or title.lower() in lower:
            continue
        if not any(start < b and a < end for a, b in taken):
            extra.append((title, "PERSON" if title in nicknames else "WORK_OF_ART", start, end))
    return extra


def context_types(
    text: str, found: list[Found], common_starts: frozenset[int] = frozenset()
) -> list[Found]:
    """``found`` with the types the context cues give (see the module docstring), less the
    spans at ``common_starts`` (:func:`common_word_starts`) whose surface the text has once."""
    if common_starts:
        seen = Counter(f[0].casefold() for f in found)
        found = [f for f in found if f[2] not in common_starts or seen[f[0].casefold()] > 1]
    found = _model_years(found)
    sport = is_sport(text)
    if sport:
        found = team_names(text, found)
    surnames = _surnames(found)
    votes: dict[str, set[str]] = defaultdict(set)
    cued: dict[int, str] = {}
    for i, (surface, label, _, _) in enumerate(found):
        cue = _cue(text, found, i, sport=sport)
        if cue is None:
            continue
        if _FAMILIES.get(cue, cue) == _FAMILIES.get(label, label):
            votes[surface.casefold()].add(cue)  # the model's reading, confirmed: it holds
            continue
        if label == "PERSON" and surface.casefold() in surnames:
            continue  # "a Trump supporter" beside "Donald Trump"
        cued[i] = cue
        votes[surface.casefold()].add(cue)
    agreed = {key: next(iter(types)) for key, types in votes.items() if len(types) == 1}
    out = []
    for i, (surface, label, start, end) in enumerate(found):
        held = agreed.get(surface.casefold(), label)
        if label == "PERSON" and surface.casefold() in surnames:
            held = label  # a named person's surname keeps its reading
        elif _FAMILIES.get(held, held) == _FAMILIES.get(label, label):
            held = label
        new = cued.get(i) or (sport and _team_here(text, found[i])) or held
        out.append((surface, new, start, end))
    return out if sport else _place_after_place(text, out)


def _team_here(text: str, found: Found) -> str:
    """The type a place's name takes at this mention only, in a text about sport: a team's,
    "ORG", when a player leads or scores for it (``_TEAM_LED``; round 8); else ""."""
    _, label, start, _ = found
    before = text[max(0, start - _WINDOW) : start]
    return "ORG" if label in PLACE_TYPES and _TEAM_LED.search(before) else ""


# A team's full name: a place's name and a plural nickname ("Indianapolis Colts", "Drake
# Bulldogs", "Boston Red Sox").
_TEAM_NAME = re.compile(r"(?P<home>.+?)\s+(?P<nick>(?:[A-Z][a-z]+\s)?(?:[A-Z][a-z]+[a-rt-z]s|Sox))")


def team_names(text: str, found: list[Found]) -> list[Found]:
    """In a text about sport, a name of a place's name and a plural nickname is a team, an
    organisation, however the model typed it ("Indianapolis Colts" as a person), when the text
    names the place alone as a place or the nickname alone after "the" ("the Colts"); round
    7. Its nickname alone is then no person's surname."""
    places = {s for s, label, _, _ in found if label in PLACE_TYPES}
    out: list[Found] = []
    for surface, label, start, end in _place_and_nickname(text, found):
        if label != "ORG" and _TEAM_NAME.fullmatch(surface) and _is_team(text, surface, places):
            label = "ORG"
        out.append((surface, label, start, end))
    return out


def _is_team(text: str, surface: str, places: Collection[str]) -> bool:
    """Whether a name of a place and a nickname is a team (:func:`team_names`): its place
    is named alone as a place, or its nickname alone after "the"; either split of a name
    of three words or more ("New York" + "Islanders", "Boston" + "Red Sox")."""
    words = surface.split()
    for cut in range(1, len(words)):
        home, nick = " ".join(words[:cut]), " ".join(words[cut:])
        if words[cut - 1].lower() == "the" or not _NICKNAME.fullmatch(nick):
            continue
        if home in places or re.search(rf"\b[Tt]he\s+{re.escape(nick)}\b", text):
            return True
    return False


def _model_years(found: list[Found]) -> list[Found]:
    """A year before a product's name that the text also writes alone is its model year ("the
    2020 Sentra" beside "the Sentra"; round 8): the mention is the bare name, with its type."""
    products = {s for s, label, _, _ in found if label == "PRODUCT"}
    out = []
    for surface, label, start, end in found:
        match = _MODEL_YEAR.fullmatch(surface)
        if match and match.group("name") in products:
            name = match.group("name")
            surface, label, start = name, "PRODUCT", end - len(name)
        out.append((surface, label, start, end))
    return out


def _place_and_nickname(text: str, found: list[Found]) -> list[Found]:
    """A place's span with a plural name right after it, a span of its own or none, is one
    name ("the New York" + "Islanders", "Pittsburgh Penguins" where the model tagged only
    "Pittsburgh"; round 8), which then :func:`team_names` reads."""
    out: list[Found] = []
    skip = -1
    for i, (surface, label, start, end) in enumerate(found):
        if i == skip:
            continue
        nick = _NICKNAME_AFTER.match(text, end) if label in PLACE_TYPES else None
        if nick is not None and title_case(line_at(text, start)):
            nick = None  # a headline's verb: "Creighton Returns to MVC Semis"
        if nick is not None:
            following = found[i + 1] if i + 1 < len(found) else None
            if following is None or following[2] >= nick.end():
                surface, end = f"{surface} {nick.group(1)}", nick.end()
            elif following[2:] == nick.span(1):
                surface, label, end, skip = (
                    f"{surface} {following[0]}",
                    following[1],
                    nick.end(),
                    i + 1,
                )
        out.append((surface, label, start, end))
    return out


def line_at(text: str, at: int) -> str:
    """The line of ``text`` that holds the offset ``at``."""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1 : end if end >= 0 else len(text)]


def title_case(line: str) -> bool:
    """Whether a line is a headline in title case: three words of four letters or more, all
    capitalised."""
    words = _LONG_WORD.findall(line)
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _place_after_place(text: str, found: list[Found]) -> list[Found]:
    """An organisation's name that closes "<place>, <name>" is a place ("in Pangram area of
    Sarkh, Logar,"), and so are the text's other mentions of it (not in a sports text, where
    "Northern Ireland, North Macedonia" are teams; not a person: "Alaska, Sarah Palin,")."""
    places = {
        found[i][0].casefold()
        for i in range(1, len(found))
        if found[i][1] == "ORG"
        and found[i - 1][1] in PLACE_TYPES
        and text[found[i - 1][3] : found[i][2]] == ", "
        and _CLOSING.match(text, found[i][3])
    }
    return [(s, "GPE" if s.casefold() in places else t, a, b) for s, t, a, b in found]


def _surnames(found: list[Found]) -> frozenset[str]:
    return frozenset(
        s.split()[-1].casefold() for s, label, _, _ in found if label == "PERSON" and " " in s
    )


@lru_cache(maxsize=2)  # asked by seven rules of one text's names: read once
def lower_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case (a name's word written so is a common word)."""
    return frozenset(re.findall(r"\b[a-z]+\b", text))


@lru_cache(maxsize=2)  # asked again for the same text by missed_names.players
def is_sport(text: str) -> bool:
    """Whether a text is about a game: two different words of sport in it."""
    seen: set[str] = set()
    for match in _SPORT_RE.finditer(text):
        seen.add(match.group(1).lower())
        if len(seen) >= 2:
            return True
    return False


def _cue(text: str, found: list[Found], i: int, *, sport: bool) -> str | None:
    surface, label, start, end = found[i]
    after, before = text[end : end + _WINDOW], text[max(0, start - _WINDOW) : start]
    if label in {"PERSON", "ORG"} and _in_place_list(text, found, i):
        return "GPE"
    kind = _class_noun(before, after)
    if kind is not None:
        return kind
    if label != "NORP" and (_PRODUCT_BEFORE.search(before[-24:]) or _PRODUCT_AFTER.match(after)):
        return "PRODUCT"
    if label in {"PERSON", "ORG", *PLACE_TYPES} and (
        _PLACE_FOLLOWERS.match(after) or _PLACE_BEFORE.search(before)
    ):
        return "GPE"
    if label in {"PERSON", "ORG"} and _STATE_AFTER.match(after):
        return "GPE"
    if (
        label == "PERSON"
        and " " not in surface
        and _IN_BEFORE.search(before)
        and not (_POSSESSIVE_AFTER.match(after))
    ):
        return "GPE"
    if label not in {"WORK_OF_ART", "NORP"} and (
        _TITLE_BEFORE.search(before) or _WORK_BEFORE.search(before)
    ):
        return "WORK_OF_ART"
    if label == "PERSON" and _CAPITALS.fullmatch(surface) and _in_running_text(text, start):
        return "ORG"
    if _FACILITY_FOLLOWERS.match(after) and (
        label == "PERSON" or (label == "ORG" and not sport and not _ARTICLE_BEFORE.search(before))
    ):  # "to Walter Reed hospital" (round 9; not "a Forest Hill hotel room": a place's)
        return "FAC"
    if (label == "PERSON" and _COMPANY_FOLLOWERS.match(after)) or (
        label in PLACE_TYPES
        and (
            _ANALYST_NAMED.match(after)
            or _COMPANY_OWNS.match(after)
            or _ANALYSIS_FROM.search(before)
            or (" " not in surface and _PLATFORM_BEFORE.search(before))
        )
    ):
        return "ORG"
    if label == "PERSON" and _TICKER.match(after):
        return "ORG"
    if label in {"WORK_OF_ART", "PRODUCT", "PERSON"} and _PUBLICATION_BEFORE.search(before):
        return "ORG"
    if label == "PERSON" and " " not in surface and not sport and _BRAND_BEFORE.search(before):
        brand = _COMMON_NOUN_AFTER.match(after) and f"the {surface.lower()}" not in text.lower()
        return "ORG" if brand else None
    if label in {"WORK_OF_ART", "PRODUCT"} and (
        _SOURCE_BEFORE.search(before) or _REPORTS_AFTER.match(after)
    ):
        return "ORG"
    team = _TEAM_AFTER.match(after) or _TEAM_BEFORE.search(before)
    if sport and label in PLACE_TYPES and team:
        return "ORG"
    if sport and label != "ORG" and _POSITION_AFTER.match(after):
        named = re.match(rf"^\s+{_POSITION}\s+[A-Z]", after)
        return "ORG" if named or _THE_BEFORE.search(before) else None
    if sport and label in _NICKNAMED_AS and _PLURAL_NAME.fullmatch(surface):
        return "ORG" if _TEAM_ARTICLE.search(before) else None
    return None


def _in_running_text(text: str, at: int) -> bool:
    """Whether the line at ``at`` is running text (three lower-case words or more), not a
    heading in capitals."""
    line = text[text.rfind("\n", 0, at) + 1 : (text.find("\n", at) + 1 or len(text) + 1) - 1]
    return len(_LOWER_WORDS.findall(line)) >= 3


def _in_place_list(text: str, found: list[Found], i: int) -> bool:
    """Whether the name is in a list of names ("A, B, C and D") closed by a plural place
    noun ("counties")."""
    j = i
    while j + 1 < len(found) and _LIST_GAP.match(text[found[j][3] : found[j + 1][2]]):
        j += 1
    return bool(_PLACE_PLURALS.match(text[found[j][3] : found[j][3] + 30])) and (
        j > i or (i > 0 and _LIST_GAP.match(text[found[i - 1][3] : found[i][2]]) is not None)
    )
