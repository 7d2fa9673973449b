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

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storyline.extract import nlp

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
    "mentions_from_doc",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# Types that can stand for one another (spaCy hesitates between GPE and LOC for a city).
_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
# On a tie between types, the first of these wins.
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")

_HONORIFICS = _words(
    "mr mrs ms miss dr mm mme mmes mlle messrs prof sir dame sen rep gov gen lt col"
)
# Words that introduce a person: "President Joko Widodo", "Chinese leader Xi Jinping".
_ROLES = _words(
    "president leader minister premier chancellor speaker senator governor secretary "
    "spokesman spokeswoman spokesperson chairman chairwoman chair ceo chief director "
    "ambassador envoy adviser advisor general commander mayor judge justice lawmaker "
    "congressman congresswoman representative official economist analyst coach captain "
    "striker counterpart vice deputy foreign prime defence defense interior finance house "
    "state"
)
_ROLE_HEADS = _ROLES - {"vice", "deputy", "foreign", "prime", "defence", "defense", "interior"}
_ROLE_HEADS -= {"finance", "house", "state"}
_PUBLICATION_WORDS = _words(
    "journal times post guardian telegraph economist herald tribune gazette observer "
    "independent chronicle monitor standard mirror express globe atlantic spectator "
    "inquirer"
)
_ACRONYM_SKIP = _words("of and for the de du la le des on in at to &")
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St|Bros)\.)$")
_PLACE_PREFIX = re.compile(
    r"^(?:[A-Z][\w’'-]*\s+)?(?:city|town|village|port|region|province|state|capital|island|"
    r"islands|republic|district|county|enclave|oblast)\s+of\s+(?=[A-Z])"
)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
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
    type: str  # "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC" or "EVENT"
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
        for surface, start, end in _clean_span(ent.text, ent.start_char, ent.label_):
            found.append((surface, _retype(text, start, ent.label_), start, end))
    found = sorted([*found, *_backfill(text, found)], key=lambda f: f[2])
    return [
        Mention(surface, label, _sentence_of(sentence_starts, start), start, end, article_id)
        for surface, label, start, end in found
    ]


def _backfill(
    text: str, found: Sequence[tuple[str, str, int, int]]
) -> list[tuple[str, str, int, int]]:
    """Occurrences the model missed of names it found elsewhere in the same text (it tags
    "Xi Jinping" in one headline and not in the next): names of two words or more, and
    one-word person names, matched case-sensitively as whole words."""
    names = {s: t for s, t, _, _ in found if " " in s or t == "PERSON"}
    if not names:
        return []
    taken = sorted((start, end) for _, _, start, end in found)
    starts = [start for start, _ in taken]
    alternatives = "|".join(re.escape(s) for s in sorted(names, key=lambda s: (-len(s), s)))
    extra: list[tuple[str, str, int, int]] = []
    for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
        start, end = match.span()
        i = bisect.bisect_right(starts, start)
        overlaps = (i > 0 and taken[i - 1][1] > start) or (i < len(starts) and starts[i] < end)
        if not overlaps:
            extra.append((match.group(), names[match.group()], start, end))
    return extra


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start > offset:
            break
        index = i
    return index


def _clean_span(text: str, offset: int, label: str) -> list[tuple[str, int, int]]:
    """The name(s) in one NER span, each with its character offsets in the article."""
    out = []
    for piece in re.finditer(r"[^()]+", text):
        cleaned = _clean_piece(piece.group(), offset + piece.start(), label)
        if cleaned is not None:
            out.append(cleaned)
    return out


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
    if not _is_name(text):
        return None
    return text, start, start + len(text)


def _strip_trailing(text: str) -> str:
    while True:
        before = text
        text = re.sub(r"['’]s$", "", text)
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


def _is_name(text: str) -> bool:
    if not text or not any(c.isupper() for c in text):
        return False
    if text.rstrip(".").lower() in _HONORIFICS:
        return False
    return any(c.isalpha() for c in text)


def _retype(text: str, start: int, label: str) -> str:
    """A name right after a role word is a person, whatever the small model said."""
    if label == "PERSON" or label not in {"ORG", "GPE", "NORP"}:
        return label
    before = text[max(0, start - 30) : start].split()
    if before and before[-1].rstrip(".,").lower() in _ROLE_HEADS:
        return "PERSON"
    return label


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


def _initials(surface: str) -> str:
    words = re.split(r"[\s-]+", _DETERMINER.sub("", surface))
    return "".join(w[0] for w in words if w and w[0].isupper() and w.lower() not in _ACRONYM_SKIP)


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
    """
    mentions = [
        m if m.article_id else replace(m, article_id=article_id)
        for article_id, ms in mentions_by_article.items()
        for m in ms
    ]
    types = _surface_types(mentions)
    groups = _Groups()
    keys = sorted({(_family(t), k) for k, t in types.items()})
    for key in keys:
        groups.find(key)
    explicit = {k.upper().replace(".", ""): v for k, v in (acronyms or {}).items()}
    written = {_key(m.text) for m in mentions if _is_acronym(m.text)}
    written |= {_key(m.text) for m in mentions if _key(m.text).upper() in explicit}
    _link_acronyms(groups, [k for k in keys if k[1] in written], keys, types, explicit)
    person_of = _link_person_names(groups, mentions, types)
    clusters: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        surface = _key(m.text)
        node = person_of.get((m.article_id, surface), (_family(types[surface]), surface))
        clusters[groups.find(node)].append(m)
    entities = [_entity(ms, types) for ms in clusters.values()]
    return sorted(entities, key=lambda e: (-len(e.mentions), e.name, e.type))


def _surface_types(mentions: Sequence[Mention]) -> dict[str, str]:
    """The one type of each surface key: its most frequent type, persons winning over names
    that a person also bears (spaCy's "Joko Widodo" as ORG next to a PERSON tag)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        counts[_key(m.text)][m.type] += 1
    types: dict[str, str] = {}
    for key, counter in counts.items():
        best = max(counter.items(), key=lambda kv: (kv[1], -_TYPE_ORDER.index(kv[0])))
        types[key] = "PERSON" if counter["PERSON"] and best[0] == "ORG" else best[0]
    return types


def _link_acronyms(
    groups: _Groups,
    acronym_keys: Sequence[tuple[str, str]],
    keys: Sequence[tuple[str, str]],
    types: Mapping[str, str],
    explicit: Mapping[str, str],
) -> None:
    """Join each acronym (written in capitals, or defined in ``explicit``) to the one name
    whose initials it spells, or to its explicit expansion."""
    by_initials: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for family, key in keys:
        if family not in {"PERSON", "NORP"} and " " in key:
            by_initials[_initials(_titlecase_key(key)).upper()].append((family, key))
    for family, key in acronym_keys:
        if family in {"PERSON", "NORP"} or " " in key:
            continue
        acronym = key.upper().replace(".", "")
        candidates = list(by_initials.get(acronym, []))
        if acronym in explicit:
            ekey = _key(explicit[acronym])
            candidates = [(_family(types.get(ekey, "ORG")), ekey)]
        if len({groups.find(c) for c in candidates}) == 1:
            groups.union((family, key), candidates[0])


def _titlecase_key(key: str) -> str:
    """Keys are case-folded: initials need the words' capitals back (stop words excepted)."""
    return " ".join(w if w in _ACRONYM_SKIP else w[:1].upper() + w[1:] for w in key.split())


def _link_person_names(
    groups: _Groups, mentions: Sequence[Mention], types: Mapping[str, str]
) -> dict[tuple[str, str], tuple[str, str]]:
    """Link full person names to each other and short names to their one full name.

    Returns where a short name goes, per (article, key): an article that names one bearer of
    the short name decides for its own mentions; elsewhere only a unique bearer does.
    """
    persons = sorted({_key(m.text) for m in mentions if types[_key(m.text)] == "PERSON"})
    full = [k for k in persons if " " in k]
    for short in full:  # "vladimir putin" inside "vladimir vladimirovich putin"
        supers = [k for k in full if k != short and _contains(k, short)]
        if len({groups.find(("PERSON", k)) for k in supers}) == 1:
            groups.union(("PERSON", short), ("PERSON", supers[0]))
    in_article: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        in_article[m.article_id].add(_key(m.text))
    placed: dict[tuple[str, str], tuple[str, str]] = {}
    for article_id, present in sorted(in_article.items()):
        for short in sorted(k for k in present if k in persons):
            bearers = {groups.find(("PERSON", k)) for k in full if _contains(k, short)}
            local = {
                groups.find(("PERSON", k)) for k in full if k in present and _contains(k, short)
            }
            choice = local if local else bearers
            if len(choice) == 1:
                placed[(article_id, short)] = next(iter(choice))
    return placed


def _contains(longer: str, shorter: str) -> bool:
    """Whether every word of ``shorter`` is a word of ``longer`` (and it is shorter)."""
    words = longer.split()
    return longer != shorter and all(w in words for w in shorter.split())


def _entity(mentions: list[Mention], types: Mapping[str, str]) -> Entity:
    mentions = sorted(mentions, key=lambda m: (m.article_id, m.start))
    counts = Counter(m.text for m in mentions)
    type_counts = Counter(types[_key(m.text)] for m in mentions)
    label = max(type_counts.items(), key=lambda kv: (kv[1], -_TYPE_ORDER.index(kv[0])))[0]
    full = [s for s in counts if not _is_acronym(s)] or list(counts)
    name = max(full, key=lambda s: (len(s.split()), counts[s], len(s), _neg(s)))
    if label == "ORG" and name.split()[-1].lower() in _PUBLICATION_WORDS:
        name = "The " + _DETERMINER.sub("", name)
    aliases = sorted((s for s in counts if s != name), key=lambda s: (-counts[s], s))
    return Entity(name=name, type=label, aliases=aliases, mentions=mentions)


def _neg(text: str) -> tuple[int, ...]:
    """A key that makes ``max`` pick the alphabetically first string on ties."""
    return tuple(-ord(c) for c in text)
