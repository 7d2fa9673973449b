"""Text matching for the expectation ledger (issue 19): stems, names, shared words, an event
named by its noun in a later sentence (:func:`nominal_label`), and windows compared. Pure
functions; :mod:`storyline.knowledge.expectations` uses them to match reports to entries."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.records import Window

__all__ = [
    "CALL_OFF_WORDS",
    "MOVED_WORDS",
    "NOT_UNTIL",
    "NOW",
    "PRONOUN_FIRST",
    "SAME_WORDS",
    "STILL_AHEAD",
    "bare",
    "choice_of",
    "compatible",
    "content_stems",
    "distance",
    "nominal_label",
    "nominal_off",
    "other_day",
    "other_days",
    "other_occasion",
    "same_name",
    "same_words",
    "shared_content",
    "stem",
    "tokens",
    "word_set",
]


#: A sentence led by a subject pronoun (it names the people last named).
PRONOUN_FIRST = re.compile(r"\W*(?:he|she|they)\b", re.IGNORECASE)
#: A plan changed: "will now be sentenced on March 12", "is now expected in June".
NOW = re.compile(
    r"\b(?:will|would|is|are|was|were)\s+now\b|"
    r"\bnow\s+(?:expected|scheduled|set|due|slated|planned)\b",
    re.IGNORECASE,
)
#: "would not ship until June": a new date, not a call-off.
NOT_UNTIL = re.compile(r"\b(?:not|n[’']t|never)\b[^.;]*\buntil\b", re.IGNORECASE)


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list, ``_`` joining a phrase's words."""
    return frozenset(w.replace("_", " ") for w in text.split())


_WORD = re.compile(r"[\w’'-]+")
_PREPOSITIONS = word_set("to in on at by until till for from during")


_SUFFIXES = ("ment", "ings", "ing", "ions", "ion", "als", "al", "ies", "es", "s", "e", "y")


# Nominalisations and past forms that no suffix rule reaches, to the verb they name (round 7):
# English derivational morphology as a dictionary gives it, not read off the gold set.
_DERIVED = {
    "decision": "decide",
    "decisions": "decide",
    "testimony": "testify",
    "departure": "depart",
    "closure": "close",
    "sale": "sell",
    "sales": "sell",
    "sold": "sell",
    "choice": "choose",
    "chose": "choose",
    "chosen": "choose",
    "loss": "lose",
    "lost": "lose",
    "speech": "speak",
    "spoke": "speak",
    "growth": "grow",
    "grew": "grow",
    "entry": "enter",
    "failure": "fail",
    "withdrawal": "withdraw",
    "withdrew": "withdraw",
    "pursuit": "pursue",
    "defence": "defend",
    "defense": "defend",
    "response": "respond",
    "burial": "bury",
    "buried": "bury",
    "marriage": "marry",
    "married": "marry",
    "fought": "fight",
    "met": "meet",
    "began": "begin",
    "begun": "begin",
}  # fmt: skip (stems of four letters or more: shorter ones are not matched on)


def stem(word: str) -> str:
    """A crude derivational stem: "arraignment", "arraigned" and "arraign" share one, and so
    do "agreement" and "agree", "decision" and "decided" (``_DERIVED``), "sold" and "sale"."""
    word = word.lower()
    word = _DERIVED.get(word, word)
    for suffix in ("ed", *_SUFFIXES):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # a silent "e" left by a suffix goes too: "announcement" -> "announc", as "announced"
    return word[:-1] if word.endswith("e") and len(word) >= 5 else word


def tokens(sentence: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(sentence))


# The head nouns of organisation and place names: a shared last word that is one of them is no
# shared surname ("Wichita State" and "Indiana State", "Fulton County" and "Cobb County").
_NAME_HEADS = word_set(
    "State States University College School County City Town Party Court Council Department "
    "Ministry Commission Committee Association Union Company Corporation Group Bank Street "
    "Church Police Office Force Army Airlines Airport News Times Post Club United Republic "
    "Institute Agency Service Services Board Center Centre Hospital Park Stadium Inc Corp Ltd"
)


def same_name(a: str, b: str) -> bool:
    """One referent under two canonical names: equal, or the same last word ("Gomes" in
    "Gary Gomes" and "Katherine Gomes" when the article's own canonicalisation differs), a
    surname, not the head of an organisation's or place's name ("Indiana State", "Wichita
    State": two teams)."""
    if a == b:
        return True
    x, y = a.split(), b.split()
    if not (x and y) or x[-1] != y[-1] or x[-1] in _NAME_HEADS:
        return False
    return len(x[-1]) > 2 and x[-1][0].isupper()


# Content words two sentences about one event share beside the verb ("applied automatically to
# hundreds of millions of customers" ~ "automatically applied to hundreds of millions of
# computers"); tuned on the tune half of the ledger gold set.
SAME_WORDS = 4
_FUNCTION = word_set(
    "the a an of to in on at for by from with and or but that this these those which who will "
    "would could should may might shall can is are was were be been being has have had its "
    "their his her he she it they we you i not no as said says say also than then there about "
    "after before over into more most some such only other"
)


def content_stems(text: str) -> set[str]:
    """The stems of a text's content words (four letters or more)."""
    words = (t.group().lower() for t in tokens(text))
    return {stem(w) for w in words if len(w) >= 4 and w not in _FUNCTION}


def shared_content(a: str, b: str) -> int:
    """How many content-word stems (four letters or more) two sentences share."""
    return len(content_stems(a) & content_stems(b))


# A choice still to be made: "will decide whether to seek the death penalty", "is to rule on
# whether to extradite him", "will choose if to run" (round 7).
_CHOICE = re.compile(
    r"\b(?:whether|if)\s+(?:or\s+not\s+)?to\s+(?P<verb>[\w’'-]+)(?P<rest>[^.;:]*)", re.IGNORECASE
)


def choice_of(sentence: str) -> tuple[str, frozenset[str]] | None:
    """``(verb stem, stems of its object)`` of the choice a sentence says is to be made, or
    None: "whether to seek the death penalty" -> ("seek", {"death", "penalt"})."""
    found = _CHOICE.search(sentence)
    if found is None:
        return None
    rest = " ".join(found.group("rest").split()[:6])  # the object, not the whole sentence
    return stem(found.group("verb")), frozenset(content_stems(rest))


def same_words(a: str, b: str) -> bool:
    """Two time expressions sharing a word other than a preposition ("on Saturday")."""
    x = {w.lower() for w in _WORD.findall(a)} - _PREPOSITIONS
    return bool(x & ({w.lower() for w in _WORD.findall(b)} - _PREPOSITIONS))


# The days a time expression names as written: a weekday, or a month with its day.
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
_MONTH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b", re.IGNORECASE
)


def other_day(a: str, b: str) -> bool:
    """Two time expressions, as written, that name different days ("on Tuesday" / "on
    Friday", "Sept. 8" / "September 15"): a new date for the event even when neither could
    be resolved (no publication date). A weekday and a date never conflict (they may be the
    same day)."""
    weekdays = [{w.lower() for w in _WEEKDAY.findall(x)} for x in (a, b)]
    dates = [{f"{m.lower()} {int(d)}" for m, d in _MONTH_DAY.findall(x)} for x in (a, b)]
    return any(x and y and not x & y for x, y in (weekdays, dates))


# A past time coarser than a week, as written: "last month", "two years ago" (not a year: "in
# 2006" is as often the time of a clause about something else).
_LONG_AGO = re.compile(
    r"\blast\s+(?:month|year|season|spring|summer|autumn|fall|winter)\b|"
    r"\b(?:months|years|decades)\s+ago\b",
    re.IGNORECASE,
)


#: A plan told as still ahead: "will have to attend", "is expected to", "are due to" (not "had
#: been expected to", "said he would"): the article was written before the event (round 9).
STILL_AHEAD = re.compile(
    r"\b(?:will|shall)\b|[’']ll\b|\b(?:is|are|am)\s+(?:now\s+)?"
    r"(?:expected|due|set|scheduled|slated|planned|planning|going|about|to)\b",
    re.IGNORECASE,
)


def other_days(said: list[str], when: str) -> bool:
    """A later time expression naming another day, as written, than every one an entry's
    reports gave (``said``; see :func:`other_day`): "on Monday" for a plan "on Thursday" is
    another occasion when no window can be resolved, and so is a time long past ("last
    month") for a plan on a weekday, which a report names within a week of it (round 9)."""
    found = [w for w in said if w]
    if not found or not when:
        return False
    if _LONG_AGO.search(when) and any(_WEEKDAY.search(w) for w in found):
        return True
    return all(other_day(w, when) for w in found)


_NOMINAL_PLAN = re.compile(
    r"^\W*(?:[\w’'-]+\W+){0,12}?(?:scheduled|planned|slated|set\s+for|due\s+(?:on|in|to)|"
    r"(?:is|are)\s+(?:now\s+)?expected)\b",
    re.IGNORECASE,
)
_NOMINAL_AHEAD = re.compile(r"\b(?:upcoming|planned|scheduled|next|forthcoming)\s+$", re.I)
# The event still ahead of a sentence that tells something else: "heading into Saturday's
# semifinals", "advanced them to a semifinal meeting against", "ahead of Sunday's vote".
_NOMINAL_INTO = re.compile(
    r"\b(?:(?:head|go|advance|move)(?:s|es|ed|d|ing)?\s+(?:\w+\s+)?(?:in)?to|ahead\s+of|"
    r"on\s+the\s+eve\s+of|in\s+the\s+run-up\s+to)\s+(?:[\w’'.:-]+\s+){0,10}$",
    re.IGNORECASE,
)
# The event named inside a clause told in the future: "the Jays, who will meet Indiana State in
# the semifinals Saturday" restates it whatever the main verb ("sealed the deal") tells (round 6).
_NOMINAL_WILL = re.compile(
    r"\b(?:will|shall|'ll|(?:is|are)\s+(?:(?:due|expected|scheduled|set|slated)\s+)?to)\s+"
    r"(?:[\w’'.-]+\s+){0,8}$",
    re.IGNORECASE,
)  # "Ortiz, who is due to be sentenced June 3, remains in custody" (round 7)
_NOMINAL_NOT = re.compile(r"\b(?:to|not|n't|never|no|without|avoid|avoided)\s+$", re.IGNORECASE)
# A sentence naming the event that calls it off or gives it a new date tells no happening:
# "The Geneva summit has been called off", "the vote, pushed back to Friday".
_NOMINAL_OFF = re.compile(
    r"\b(?:called\s+off|call\s+off|cancell?ed|scrapped|shelved|axed|scrubbed|postponed|delayed|adjourned|"
    r"put\s+off|pushed\s+back|rescheduled|deferred|moved\s+(?:to|up|back|forward)|"
    r"pushed\s+(?:to|until|into)\s+(?=next|later|\w+day\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d)|"
    r"brought\s+forward|(?:will|would)\s+not\s+(?:go\s+ahead|take\s+place)|"
    r"won[’']t\s+(?:go\s+ahead|take\s+place))\b",
    re.IGNORECASE,
)
# A sentence naming the event that calls it off ("abandoned plans to close the factory",
# "cancelled its Paris concert", "pulled out of Saturday's fight") or gives it a new date ("The
# band's Paris concert has been moved to Sunday"): English call-off and rescheduling verbs, as
# a dictionary lists them (not read off the gold set); bare "dropped" is left out ("shares
# dropped"), "dropped plans" and "dropped out" are in.
_CALL_OFF = re.compile(
    r"\b(?:call(?:ed|s|ing)?\s+off|cancell?(?:ed|s|ing)?|scrap(?:ped|s)?|shelved|axed|scrubbed|"
    r"skipp(?:ed|ing)|(?:abandon(?:ed|s)?|dropped|ditched)\s+(?:\w+\s+){0,2}?plans?|ruled\s+out|"
    r"(?:pulled|pulls|backed|dropped|bowed)\s+out|withdr[ae]w\s+from|withdrawn\s+from|"
    r"(?:will|would)\s+not\s+(?:go\s+ahead|take\s+place)|won[’']t\s+(?:go\s+ahead|take\s+place))\b",
    re.IGNORECASE,
)
_MOVED = re.compile(
    r"\b(?:postpone[sd]|adjourn(?:s|ed)|delayed|reschedule[sd]|defer(?:s|red)|"
    r"(?:to|will|would|could|may|might)\s+(?:\w+\s+)?(?:postpone|adjourn|delay|reschedule|defer)|"
    r"(?:pushed|put)\s+(?:[\w’'-]+\s+){0,6}?back|"
    r"put\s+(?:[\w’'-]+\s+){0,6}?off|brought\s+(?:[\w’'-]+\s+){0,6}?forward|"
    r"moved\s+(?:[\w’'-]+\s+){0,6}?(?:to|up|back|forward)|"
    r"pushed\s+(?:to|until|into)\s+(?=next|later|\w+day\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d))\b",
    re.IGNORECASE,
)  # the particle may follow the object: "moved the launch of the shuttle to Sunday"; the
# verb's base form after "to" or a modal too: "forced it to postpone the launch" (round 8)
#: The call-off and rescheduling words above, for a sentence linked by meaning (round 8).
CALL_OFF_WORDS, MOVED_WORDS = _CALL_OFF, _MOVED


def nominal_off(sentence: str, stems: frozenset[str]) -> tuple[str, str] | None:
    """``("moved" | "denied", word)`` when ``sentence`` names an event of ``stems`` and gives it
    a new date or calls it off (see ``_CALL_OFF``); else None."""
    word = next((t for t in tokens(sentence) if stem(t.group()) in stems), None)
    if word is None:
        return None
    if _MOVED.search(sentence):
        return "moved", word.group().lower()
    if _CALL_OFF.search(sentence):
        return "denied", word.group().lower()
    return None


_NOT_HAPPENED = re.compile(
    r"\b(?:will|would|could|may|might|shall|scheduled|expected|planned|set\s+to|due|"
    r"upcoming|next|not|n't|never|no)\b",
    re.IGNORECASE,
)


def _future_clause(before: str) -> bool:
    """The words before an event noun end in a clause told with "will" (or "is to"), not a
    negated one ("who will meet Indiana State in the semifinals"; not "will not be ...")."""
    found = _NOMINAL_WILL.search(before)
    return found is not None and not re.search(r"\b(?:not|n[’']t|never)\b", found.group())


# Another occurrence of the kind of event, not the one expected (round 7): a quantity or a
# determiner of other occasions before the word ("five such games", "two games against Drake",
# "other late-game miscues", "the previous meeting", "an earlier hearing"; not "both", "all",
# "each": they count the participants as often, "Both teams played hard in the final"), or
# "the last time" leading to it ("The last time the two teams played").
_OTHER_OCCASION = re.compile(
    r"\b(?:such|other|another|previous|prior|earlier|past|former|several|many|few|"
    r"a\s+(?:second|third|fourth|further))\s+"  # "plans a second launch" (round 9)
    r"(?:[\w’'-]+\s+){0,2}$|"
    r"\b(?:last|previous)\s+time\b(?:\s+[\w’'.,-]+){0,10}\s+$",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?)"
    r"\s+(?:[\w’'-]+\s+)?$",
    re.IGNORECASE,
)


def other_occasion(before: str, word: str) -> bool:
    """Whether an event word names another occurrence of its kind (see ``_OTHER_OCCASION``):
    counted occasions are plural ("two games"; not "a 1:35 pm semifinal")."""
    if _OTHER_OCCASION.search(before):
        return True
    return word.lower().endswith("s") and _COUNT.search(before) is not None


# A temporal clause in the present tense tells a time still ahead (English uses the present
# there for the future): "faces up to 20 years in prison when he is sentenced in April", "will
# be freed once she appears before the board" (round 8); not "when he was sentenced".
_NOMINAL_WHEN = re.compile(
    r"\b(?:when|once|until|till|as\s+soon\s+as)\s+(?:[\w’'.-]+\s+){1,3}?"
    r"(?:(?:is|are|gets?)\s+(?:[\w’'-]+ly\s+)?)?$",
    re.IGNORECASE,
)


def _present_when(before: str, word: str) -> bool:
    """The event word is the present-tense verb (or passive participle after "is") of a
    temporal clause (see ``_NOMINAL_WHEN``)."""
    found = _NOMINAL_WHEN.search(before)
    if found is None:
        return False
    passive = re.search(r"\b(?:is|are|gets?)\s+(?:[\w’'-]+ly\s+)?$", found.group(), re.I)
    return passive is not None or (word.lower().endswith("s") and not word.istitle())


# A relative clause in the simple present: "DJ Kato, who headlines the festival on Saturday"
# tells a scheduled event (or a habit), never that it happened (round 9).
_RELATIVE = re.compile(r"\b(?:who|which)\s+(?:also\s+|now\s+)?$", re.IGNORECASE)


# The event's object inside such a clause: "Novak, which opens its first Prague store on June 1".
_RELATIVE_OBJECT = re.compile(
    r"\b(?:who|which)\s+(?:also\s+|now\s+)?[a-z]+[^s\W]s\s+(?:[\w’'-]+\s+){0,4}$"
)


def _present_relative(before: str, word: str) -> bool:
    """The event word is a third-person present verb leading a relative clause, or a word of
    its object (dated or not: a habit, "who lives in Leeds", tells no happening either)."""
    third = word.lower().endswith("s") and not word.lower().endswith("ss")
    if third and not word.istitle() and _RELATIVE.search(before) is not None:
        return True
    return _RELATIVE_OBJECT.search(before) is not None


def _dated_clause(after: str) -> bool:
    """The rest of a clause (to its comma) names a day: "... the festival on Saturday,"."""
    clause = re.split(r"[,;:.]", after, maxsplit=1)[0]
    return bool(_WEEKDAY.search(clause) or _MONTH_DAY.search(clause))


def _ahead(before: str, after: str, word: str = "") -> bool:
    """The event word is said to be planned, or stands in a clause told in the future."""
    return bool(
        _NOMINAL_PLAN.search(after)
        or _NOMINAL_AHEAD.search(before)
        or _NOMINAL_INTO.search(before)
        or _future_clause(before)
        or (word and _present_when(before, word))
        or (word and _present_relative(before, word) and _dated_clause(after))
    )


def nominal_label(sentence: str, stems: frozenset[str], labels: set[str]) -> tuple[str, str] | None:
    """``(label, word)`` when ``sentence`` names an event of ``stems``: ``expected`` when a
    word of it is said to be planned ("the election ..., which is scheduled for") or stands in
    a clause told in the future ("who will meet Indiana State in the semifinals"), whatever
    else the sentence tells; ``happened`` when the sentence tells the past or present and
    nothing ahead or denied; else None. A word naming another occurrence of the kind ("five
    such games", "The last time the two teams played") is not the event."""
    words = [t for t in tokens(sentence) if stem(t.group()) in stems]
    if not words:
        return None
    own = []
    for word in words:
        after, before = sentence[word.end() :], sentence[: word.start()]
        if _ahead(before, after, word.group()):  # "who is due to appear": still ahead
            return "expected", word.group().lower()
        if _NOMINAL_NOT.search(before):
            return None  # "did not appear", "a risk to appear": not told as happening
        if not (other_occasion(before, word.group()) or _present_relative(before, word.group())):
            own.append(word)
    if not own:
        return None
    if "denied" in labels or "expected" in labels or _NOMINAL_OFF.search(sentence):
        return None
    if labels & {"happened", "ongoing"} or not _NOT_HAPPENED.search(sentence):
        return "happened", own[0].group().lower()
    return None


def bare(expression: str) -> str:
    """A time expression without its leading preposition: "to October" -> "October"."""
    first, _, rest = expression.partition(" ")
    return rest if rest and first.lower() in _PREPOSITIONS else expression


def compatible(a: Window | None, b: Window | None) -> bool:
    return a is None or b is None or a.overlaps(b)


def distance(a: Window | None, b: Window | None) -> int:
    if a is None or b is None:
        return 0
    if a.overlaps(b):
        return 0
    return min(abs((a.start - b.end).days), abs((b.start - a.end).days))
