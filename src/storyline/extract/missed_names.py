"""Names the model missed or cut, read off the whole text: names run on in a headline in title
case, a dateline's place, a person named with a quoted nickname inside, players named after
their position and spans cut short of a name found elsewhere (round 8), and the occurrences of
names found elsewhere in the text, a first name before a surname and a "+" after a service's
name included (issue 19; :func:`storyline.extract.entities.mentions_from_doc` calls them in
that order).

Each takes and returns ``(surface, type, start, end)`` tuples in character offsets of the text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence

from storyline.extract._vocab import words as _words
from storyline.extract.acronym_names import acronym_key, spelled
from storyline.extract.entity_context import (
    PLACE_TYPES,
    POSITION,
    Found,
    is_nickname,
    is_sport,
    line_at,
    lower_words,
    title_case,
)

__all__ = [
    "backfill",
    "dateline",
    "first_names",
    "headline_names",
    "nickname_bearers",
    "nicknames",
    "players",
    "score_lines",
    "whole_names",
]


# The types a one-word name other than a person's is found again with: on ECB+ train documents
# a one-word name found again as a nationality, a facility, a product or a title was mostly
# typed wrong ("Klitschko", "Fans" as nationalities, "Chiefs" a title; round 6).
_ONE_WORD_TYPES = frozenset({"ORG", "GPE", "LOC"})
_PLACES = PLACE_TYPES


_CALENDAR = _words(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)

# The place of a dateline: capitals, a comma, a place, then a bracket, a dash or a line end
# ("HAYWARD, Calif. (AP) —", "CLEVELAND, Ohio –", "BAAR, SWITZERLAND").
_DATELINE = re.compile(r"\s*([A-Z][A-Z.'’ -]*[A-Z]),\s+[A-Z][\w. ]{0,25}?\s*[(—–\n-]")
# ... or a place alone in capitals before a dash or a news agency ("BERLIN --", "PARIS (AP)
# —"), at most three words, not a heading ("BREAKING NEWS —").
_BARE_DATELINE = re.compile(
    r"\s*([A-Z][A-Z.'’]+(?: [A-Z][A-Z.'’]+){0,2})\s*(?:--|—|–|\((?:AP|AFP|Reuters)\))"
)
_HEADINGS = _words("breaking news update updated exclusive watch live opinion analysis editorial")


def dateline(text: str, found: list[Found]) -> list[Found]:
    """A dateline's place in capitals ("ST. JOSEPH, Mich. (AP) —", "HANOI, Vietnam", "BERLIN
    --") is one place, however the model cut it (or missed it)."""
    match = _DATELINE.match(text) or _BARE_DATELINE.match(text)
    if match is None or _words(match.group(1).lower()) & _HEADINGS:
        return found
    start, end = match.span(1)
    kept = [f for f in found if f[3] <= start or f[2] >= end]
    return [(match.group(1), "GPE", start, end), *kept]


# A person named with a quoted nickname inside: 'Vincent "The Chin" Gigante' (on one line:
# "Professional 'Death Sentence'" ending a paragraph and "But" opening the next are no name).
_NICKNAMED = re.compile(
    r"(?<![\w’'])([A-Z][a-z]+)[ \t]+[\"“'‘]([A-Z][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*){0,3})"
    r"[\"”'’][ \t]+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)


def nicknames(text: str, found: list[Found]) -> list[Found]:
    """A first name, a quoted nickname and a surname are one person, named without the
    nickname ('Anthony "Fat Tony" Salerno' -> Anthony Salerno), however the model cut them
    (issue 19; the entity guideline's canonical name)."""
    for match in _NICKNAMED.finditer(text):
        start, end = match.span()
        found = [f for f in found if f[3] <= start or f[2] >= end]
        found.append((f"{match.group(1)} {match.group(3)}", "PERSON", start, end))
    return sorted(found, key=lambda f: f[2])


def nickname_bearers(text: str, found: list[Found]) -> list[Found]:
    """A nickname met alone is its bearer, named as the bearer (round 7; the entity
    guideline's canonical name): the quoted nickname inside a full name ('Vincent "The Chin"
    Gigante', then "The Chin" alone; not when the text writes the name's words in lower case:
    "Ross 'Catching Fire' Negotiations"), and a quoted name the text calls a nickname
    (:func:`is_nickname`: 'earned him the nickname "The Oddfather"') whose bearer is the
    person named in full last before it on its line."""
    lower = lower_words(text)
    bearers: dict[str, str] = {}
    for match in _NICKNAMED.finditer(text):
        if match.group(1).lower() not in lower and match.group(3).lower() not in lower:
            # not a headline's "Ross 'Catching Fire' Negotiations"
            bearers.setdefault(_bare(match.group(2)), f"{match.group(1)} {match.group(3)}")
    for surface, label, start, _ in found:
        if label != "PERSON" or _bare(surface) in bearers or not is_nickname(text, start):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        before = [f for f in found if line_start <= f[2] and f[3] <= start and f[1] == "PERSON"]
        named = [f[0] for f in before if " " in f[0] and _bare(f[0]) != _bare(surface)]
        if named and start - line_start < 300:
            bearers[_bare(surface)] = named[-1]
    return [
        (bearers[_bare(s)], "PERSON", a, b) if _bare(s) in bearers else (s, t, a, b)
        for s, t, a, b in found
    ]


def _bare(name: str) -> str:
    return re.sub(r"^[Tt]he\s+", "", name)


def backfill(text: str, found: Sequence[Found]) -> list[Found]:
    """Occurrences the model missed of names it found elsewhere in the same text (it tags
    "Xi Jinping" in one headline and not in the next): names of two words or more, with the
    type most of their mentions have; one-word names whose every mention has one type, a
    person's or (:func:`_backfilled`) an organisation's or a place's; and the surname of a
    person named in full ("Trump" after "Donald Trump"), unless the text also uses it as a
    lower-case word ("May", "Young") or it names a month or a day. Matched case-sensitively
    as whole words."""
    lower = lower_words(text)
    unanimous = _unanimous(found)
    names = {
        s: t
        for s, t in _agreed_types(found).items()
        if " " in s
        or (s in unanimous and (t == "PERSON" or (t in _ONE_WORD_TYPES and _backfilled(s, lower))))
    }
    names.update(_acronyms(text, found, names))
    for surface, label, _, _ in found:
        last = surface.split()[-1]
        usable = last.isalpha() and len(last) > 2 and last.lower() not in lower | _CALENDAR
        if label == "PERSON" and " " in surface and usable:
            names.setdefault(last, "PERSON")
    if not names:
        return []
    taken = sorted((start, end) for _, _, start, end in found)
    starts = [start for start, _ in taken]
    # A longer name whose type is not agreed is matched too, so that no word of it is found
    # again on its own ("Lite" of "Switch Lite").
    longer = {s for s, _, _, _ in found if " " in s}
    extra: list[Found] = []
    for name, start, end in _occurrences(text, names.keys() | longer):
        i = bisect.bisect_right(starts, start)
        overlaps = (i > 0 and taken[i - 1][1] > start) or (i < len(starts) and starts[i] < end)
        if not overlaps and name in names and _PLUS.match(text, end):
            extra.append((f"{name}+", "PRODUCT", start, end + 1))  # "Disney+" (round 8)
        elif not overlaps and name in names:
            item = (name, names[name], start, end)
            extra.append(item)
    return extra


_PLUS = re.compile(r"\+(?![\w+])")
# A capitalised word inside a sentence (or after a colon), a space, then the name.
_FIRST_NAME_BEFORE = re.compile(r"(?<![.!?\n] )(?<=[ \t])([A-Z][a-z]+) \Z")


def first_names(text: str, found: Sequence[Found], titles: Collection[str] = ()) -> list[Found]:
    """``found`` with each person's one-word name that has a capitalised word right before it,
    a word the text never writes in lower case, named in full there ("Hours before Zach
    Parise's goal", "Note: Garnet Hathaway was ejected", where the model tagged only the
    surname; round 8); not the surname of a person the text names in full, nor in a headline
    in title case ("Obama Reverses Bush"), nor a word of ``titles`` ("President Trump")."""
    lower = lower_words(text) | {t.lower() for t in titles}
    surnames = {s.split()[-1] for s, label, _, _ in found if label == "PERSON" and " " in s}
    taken = sorted((start, end) for _, _, start, end in found)
    return [_with_first_name(text, f, lower, taken) if f[0] not in surnames else f for f in found]


def _with_first_name(
    text: str, item: Found, lower: frozenset[str], taken: Sequence[tuple[int, int]]
) -> Found:
    surface, label, start, end = item
    if label != "PERSON" or " " in surface:
        return item
    match = _FIRST_NAME_BEFORE.search(text, max(0, start - 30), start)
    if match is None or title_case(line_at(text, start)):
        return item
    first = match.group(1)
    if first.lower() in lower | _CALENDAR:
        return item
    if any(a < start and match.start(1) < b for a, b in taken):
        return item
    return (f"{first} {surface}", label, match.start(1), end)


def _occurrences(text: str, names: Iterable[str]) -> list[tuple[str, int, int]]:
    """The names' occurrences as whole words (no letter, digit, "_" or "-" either side), left
    to right, the longest where several start at one place, none overlapping the one before
    (what one regular expression of the names, longest first, finds; without compiling one
    per text, which cost more than the search)."""
    found = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not (_word_char(text, at - 1) or _word_char(text, end)):
                found.append((at, -len(name), name))
            at = text.find(name, at + 1)
    out: list[tuple[str, int, int]] = []
    for start, negative_length, name in sorted(found):
        if not out or start >= out[-1][2]:
            out.append((name, start, start - negative_length))
    return out


def _word_char(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] in "_-")


def _agreed_types(found: Sequence[Found]) -> dict[str, str]:
    """Each surface's type: the one most of its mentions have; none when two types tie
    (found again, a mention would take a type the text does not agree on)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for surface, label, _, _ in found:
        counts[surface][label] += 1
    agreed = {}
    for surface, counter in counts.items():
        (label, n), *rest = counter.most_common(2)
        if not rest or rest[0][1] < n:
            agreed[surface] = label
    return agreed


def _unanimous(found: Sequence[Found]) -> frozenset[str]:
    """The surfaces whose every mention has one type."""
    types: dict[str, set[str]] = defaultdict(set)
    for surface, label, _, _ in found:
        types[surface].add(label)
    return frozenset(s for s, labels in types.items() if len(labels) == 1)


_CAPS = re.compile(r"\b[A-Z][A-Z&]{1,6}\b")


def _acronyms(text: str, found: Sequence[Found], names: Collection[str]) -> dict[str, str]:
    """Words in capitals that spell one name of the text ("JPL" beside "Jet Propulsion
    Laboratory", :mod:`acronym_names`), with that name's type: an organisation's or a place's;
    not a stock ticker ("Home Depot (ticker: HD)")."""
    places = {s.casefold() for s, t, _, _ in found if t in _PLACES}
    spelt: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for surface, label in _agreed_types(found).items():
        if " " in surface and label in _ONE_WORD_TYPES | _PLACES:
            for initials in spelled(surface, places):
                spelt[initials].add((surface, label))
    surfaces = {s for s, _, _, _ in found}
    out = {}
    for word in set(_CAPS.findall(text)) if spelt else ():
        owners = spelt.get(acronym_key(word), set())
        if len(owners) != 1 or word in surfaces or word in names:
            continue
        if not re.search(rf"\(\s*[A-Za-z]+\s*:\s*{re.escape(word)}\s*\)", text):
            out[word] = next(iter(owners))[1]
    return out


def _backfilled(surface: str, lower: frozenset[str]) -> bool:
    """Whether a one-word name of any type is found again where the model missed it (round
    5: "Ousted WeWork CEO", "CloudSimple was originally launched", "Alibaba leaders"): a word
    of three letters or more, not a month or a day, that the text never writes in lower case."""
    word = surface.lower()
    return (
        len(word) > 2
        and bool(re.fullmatch(r"[A-Za-z][A-Za-z-]*[A-Za-z]", surface))
        and word not in lower | _CALENDAR
    )


_STOP = _words("of and for the de du la le des on in at to a an &")


def headline_names(text: str, found: list[Found]) -> list[Found]:
    """Names in a headline set in title case, where the model runs a name on into the words
    after it ("Lindsay Lohan Checks Into Rehab", "Colts Beat Chiefs", "Teixeira Reportedly
    Bumped"; round 6): a span the text's other lines do not write is cut to its longest start
    that the model found as a name elsewhere in the text's other lines, with the type it has
    there; a span of common words the text
    writes in lower case ("Perennial Party Girl", "Playoff Berth") is dropped."""
    lower = lower_words(text)
    body = "\n".join(line for line in text.split("\n") if not title_case(line))
    known = {surface: label for surface, label, _, _ in found}
    out: list[Found] = []
    for surface, label, start, end in found:
        if " " not in surface or not title_case(line_at(text, start)) or _written(body, surface):
            out.append((surface, label, start, end))
            continue
        words = surface.split()
        if all(w.lower() in lower | _STOP for w in words):
            continue  # "Swimming Champion"
        heads = [" ".join(words[:i]) for i in range(len(words) - 1, 0, -1)]
        head = next((h for h in heads if h in known and _written(body, h)), "")
        if head and text.startswith(head, start):
            out.append((head, known[head], start, start + len(head)))
        else:
            out.append((surface, label, start, end))
    return out


def _written(body: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body) is not None


_PLAYER = re.compile(
    r"\s+([A-Z][a-z]+(?:[-’'][A-Za-z]+)?(?:\s+[A-Z][a-z]+(?:[-’'][A-Za-z]+)*){1,2})"
)


def players(text: str, found: Sequence[Found]) -> list[Found]:
    """In a text about sport, two or three capitalised words right after a player's position
    that the model did not take for a name are a person ("stripping Sabres center Casey
    Mittelstadt"; round 8), unless the text writes one of the words in lower case."""
    if not is_sport(text):
        return []
    lower = lower_words(text)
    taken = [(start, end) for _, _, start, end in found]
    extra: list[Found] = []
    for position in POSITION.finditer(text):
        match = _PLAYER.match(text, position.end())
        if match is None or not position.group()[:1].islower():
            continue
        name, start, end = match.group(1), match.start(1), match.end(1)
        if any(w.lower() in lower for w in name.split()):
            continue
        if not any(a < end and start < b for a, b in taken):
            extra.append((name, "PERSON", start, end))
    return extra


def whole_names(text: str, found: Sequence[Found]) -> list[Found]:
    """A span cut short where the text goes on with a longer name the model found elsewhere
    is that name ("Apple's latest iPad Pro features" where only "iPad" was tagged, beside
    "the iPad Pro 12.9-inch"; round 8), with the type most of its mentions have; not a
    longer span of two names ("SLS and Orion")."""
    agreed = _agreed_types(found)
    longer: dict[str, list[str]] = defaultdict(list)
    for name in sorted((s for s in agreed if " " in s and " and " not in s), key=len):
        longer[name.split()[0]].insert(0, name)  # longest first
    starts = sorted(start for _, _, start, _ in found)
    out = []
    for surface, label, start, end in found:
        for name in longer.get(surface.split()[0], ()):
            stop = start + len(name)
            if (
                name.startswith(surface + " ")
                and text.startswith(name, start)
                and not _word_char(text, stop)
                and bisect.bisect_left(starts, end, lo=0) == bisect.bisect_left(starts, stop)
            ):
                surface, label, end = name, agreed[name], stop
                break
        out.append((surface, label, start, end))
    return out


# A line of a results round-up: "Wild 4, Sabres 1: ...", "Blue Jackets 5, Canadiens 2 (OT)".
_SCORE_LINE = re.compile(
    r"^(?P<a>[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2}) \d{1,3}, "
    r"(?P<b>[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2}) \d{1,3}(?= ?[:(]| ?$)",
    re.MULTILINE,
)


def score_lines(text: str, found: Sequence[Found]) -> list[Found]:
    """``found`` with the two names of a line that opens with a score ("Panthers 5, Flyers 2:
    Aleksander Barkov ...") typed as teams, organisations, and found where the model missed
    them (round 8)."""
    teams: list[tuple[int, int]] = []
    for match in _SCORE_LINE.finditer(text):
        teams += [match.span("a"), match.span("b")]
    if not teams:
        return list(found)
    out = [(s, "ORG" if (a, b) in teams else label, a, b) for s, label, a, b in found]
    for start, end in teams:
        if not any(a < end and start < b for _, _, a, b in found):
            out.append((text[start:end], "ORG", start, end))
    return sorted(out, key=lambda f: f[2])
