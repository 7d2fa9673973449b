"""The reports the expectation ledger reads (issue 19): each event of an article made a
:class:`Report` (what it is about, its event families, participants, window, label), and the
reports found without an event ("The summit was called off", "remanded in his absence").
The vocabulary the ledger matches with lives here too (:data:`EVENT_FAMILIES`,
:data:`EVENT_NOUNS`). Pure functions; :mod:`storyline.knowledge.expectations` (see its
docstring for every rule) feeds the reports to its ledger."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from storyline.knowledge.ledger_match import (
    NOW,
    PRONOUN_FIRST,
    SAME_WORDS,
    other_day,
    same_name,
    same_words,
    shared_content,
    stem,
    tokens,
    word_set,
)
from storyline.records import Citation, Window

if TYPE_CHECKING:
    from storyline.extract import Event, TimeExpression

__all__ = [
    "CALL_OFF",
    "DECIDE",
    "EVENT_FAMILIES",
    "EVENT_NOUNS",
    "FINE",
    "GENERIC",
    "KIND_NOUNS",
    "LIGHT",
    "RESCHEDULE",
    "RULINGS",
    "ArticleContext",
    "Entry",
    "Report",
    "absence_reports",
    "anonymous_reports",
    "antecedent",
    "event_stems",
    "families",
    "further_occasion",
    "names_its_thing",
    "names_of",
    "new_day",
    "nominal_candidate",
    "object_stems",
    "report_of",
    "report_span",
    "same_day",
    "things_of",
    "unique",
]


EVENT_FAMILIES: dict[str, frozenset[str]] = {
    "meet": word_set("meet meeting talk talks hold_talks summit visit confer negotiate sit_down"),
    "travel": word_set("travel trip visit arrive go fly come head tour journey"),
    "attend": word_set("attend take_part participate join summit"),
    "vote": word_set("vote voting election referendum elect ballot poll polls"),
    "sign": word_set("sign agreement deal treaty accord"),
    "raise": word_set("raise hike increase"),
    "cut": word_set("cut lower reduce"),
    "appear": word_set("appear arraign arraignment plead"),  # a court appearance
    # round 6: paraphrases news uses for one act (not read off the gold set)
    "perform": word_set("perform performance concert gig show"),
    "unveil": word_set("unveil launch introduce debut"),
    "acquire": word_set("acquire acquisition buy purchase take_over takeover"),
    "resign": word_set("resign quit step_down"),
    "lift_off": word_set("lift_off liftoff blast_off launch"),  # a rocket's launch
    "sentence": word_set("sentence sentencing jail imprison"),
    # round 7: more acts news tells in several words (a thesaurus's, not the gold set's)
    "protest": word_set("protest rally demonstration demonstrate march vigil sit-in"),
    "release": word_set("release issue deliver push_out roll_out ship publish put_out"),
    "charge": word_set("charge indict indictment"),
}
#: Event nouns and the ``what`` they stand for (after a light verb, or as a postponed thing).
EVENT_NOUNS: dict[str, str] = {
    "meeting": "meet", "meetings": "meet", "talks": "hold talks", "summit": "summit",
    "visit": "visit", "trip": "travel", "tour": "travel", "journey": "travel",
    "conference": "conference", "negotiations": "negotiate", "vote": "vote",
    "election": "election", "elections": "election", "referendum": "referendum",
    "ceremony": "ceremony", "signing": "sign", "hearing": "hearing", "trial": "trial",
    "strike": "strike", "launch": "launch", "match": "play", "game": "play", "voting": "vote",
    "polls": "vote", "final": "play", "finals": "play", "semifinal": "play",
    "semifinals": "play", "quarterfinal": "play", "quarterfinals": "play", "playoff": "play",
    "bout": "play",
}  # fmt: skip
#: Nouns for a kind of event that a story tells many of ("late in the game"): named alone, with
#: no participant and no date, they do not say which occurrence (round 7).
KIND_NOUNS = word_set("game games match matches event events contest contests")
LIGHT = word_set(
    "take_place happen hold go_ahead prepare plan schedule organise organize arrange begin "
    "start open close end conclude complete finalize finalise call_off cancel scrap postpone "
    "adjourn delay put_off push_back "
    "reschedule move defer suspend shelve axe scrub bring_forward put_back"
)
# Scheduling verbs whose passive subject is the event (:attr:`Event.what` holds it).
_SCHEDULED = word_set("set schedule plan slate")
_INTRANSITIVE = word_set("take_place happen go_ahead begin start open close end conclude")
#: Verbs that call an event off (their object or passive subject is the event).
CALL_OFF = word_set("cancel call_off scrap shelve axe scrub abandon")
#: Verbs of a choice to be made (their "whether to" complement is the act decided on).
DECIDE = word_set("decide choose determine rule weigh consider")
#: Verbs that tell a decision made, with the act decided as their complement ("ordered her
#: released on bail", "voted to close the school").
RULINGS = word_set("order vote agree approve rule grant deny reject")
RESCHEDULE = word_set(
    "postpone adjourn delay put_off push_back put_back reschedule move defer bring_forward"
)
_TRAVEL = EVENT_FAMILIES["travel"]
_PURPOSE = re.compile(
    r"\bto\s+(meet|visit|attend|hold\s+talks|talk|negotiate|sign|join)\b", re.IGNORECASE
)
# Going to an event is taking part in it: "go to the polls", "travel to the summit".
_DESTINATION = re.compile(
    r"\s+(?:\w+\s+){0,2}?to\s+(?:the\s+|a\s+|this\s+|next\s+week's\s+)?"
    r"(?P<noun>" + "|".join(sorted(EVENT_NOUNS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_BE = word_set("is was were are be been being 's")
_AGAIN = re.compile(r"\b(?:again|another|a\s+second|a\s+further|once\s+more)\b", re.IGNORECASE)
# "The summit was called off": a sentence naming nobody, so the event extractor keeps no event.
_ANONYMOUS = re.compile(
    r"\b(?:the|this|that|their|its|his|her|next\s+week's|the\s+planned)\s+"
    r"(?:[\w’'-]+\s+){0,3}?(?P<noun>"
    + "|".join(sorted(EVENT_NOUNS, key=len, reverse=True))
    + r")\s+"
    r"(?:(?:has|have|had)?\s*(?:been|was|were|is|are|will\s+be)\s+"
    r"(?P<verb>called\s+off|cancell?ed|scrapped|shelved|axed|scrubbed|postponed|delayed|"
    r"put\s+off|pushed\s+back|rescheduled|deferred|brought\s+forward|"
    r"moved(?=\s+(?:to|up|back|forward)\b))|"
    r"(?P<off>(?:will|would)\s+not|won[’']t)\s+(?:go\s+ahead|take\s+place))\b",
    re.IGNORECASE,
)
_ABSENCE = re.compile(r"\bin\s+(?:his|her|their|its)\s+absence\b|\bin\s+absentia\b", re.I)
_VERB_LEMMA = {
    "called off": "call off", "cancelled": "cancel", "canceled": "cancel", "scrapped": "scrap",
    "shelved": "shelve", "axed": "axe", "scrubbed": "scrub", "postponed": "postpone",
    "delayed": "delay", "put off": "put off", "pushed back": "push back",
    "rescheduled": "reschedule", "deferred": "defer", "brought forward": "bring forward",
    "moved": "move",
}  # fmt: skip
FINE = frozenset({"day", "range"})
# Verbs too light to tell two events apart by themselves ("take", "be", "make", "do"), and the
# support verbs whose object is the event ("undergo surgery", "receive a sentence"): chosen
# as English support-verb constructions, not from the gold set.
GENERIC = word_set(
    "be have do make take get give go come put set say hold face undergo receive stand"
)  # "stand trial" (round 7)


@dataclass(slots=True)
class ArticleContext:
    """What the ledger may read around an article's events, by sentence index: the sentence
    texts, the persons/organisations and the places named, and the time expressions."""

    sentences: dict[int, str] = field(default_factory=dict)
    names: dict[int, list[str]] = field(default_factory=dict)
    places: dict[int, list[str]] = field(default_factory=dict)
    times: dict[int, list[TimeExpression]] = field(default_factory=dict)

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> ArticleContext:
        """The context the events themselves carry (when nothing better is known)."""
        ctx = cls()
        for e in events:
            ctx.sentences[e.sentence_index] = e.sentence
            ctx.names.setdefault(e.sentence_index, []).extend(e.who)
            ctx.places.setdefault(e.sentence_index, []).extend(e.where)
            if e.when is not None:
                ctx.times.setdefault(e.sentence_index, []).append(e.when)
        return ctx

    def all_places(self) -> set[str]:
        return {p for places in self.places.values() for p in places}


def _families_of(what: str, shown: str) -> frozenset[str]:
    """What a report can match on: the families of its event, and its stem. The event is the
    ``what``, or the object when the verb is too light to tell ("faces arraignment": the
    arraignment, which shares a stem with "arraign"; "delay delivery": the delivery)."""
    words = shown.split()
    light = what in RESCHEDULE or what.split()[0] in GENERIC | RESCHEDULE
    head = words[-1] if light and len(words) > 1 else what
    stems = frozenset("~" + stem(w) for w in head.split() if w not in GENERIC)
    return families(what) | families(head) | stems


def things_of(report: Report) -> frozenset[str]:
    """The stems of what a report is about beside its verb ("hearing" in "hold hearing")."""
    words = report.shown.split()[1:] + ([report.noun] if report.noun else [])
    return frozenset(stem(w) for w in words if w not in GENERIC)


def families(what: str) -> frozenset[str]:
    """The event families of a ``what`` (itself alone when it is in none)."""
    found = frozenset(name for name, members in EVENT_FAMILIES.items() if what in members)
    return found or frozenset({what})


# --- reports: events seen by the ledger -------------------------------------------------------


@dataclass(slots=True)
class Report:
    article_id: str
    rank: int
    published: date | None
    index: int
    sentence: str
    what: str
    context: str
    families: frozenset[str]
    who: list[str]
    names: set[str]
    where: list[str]
    window: Window | None
    label: str
    cue: str
    attributed_to: str | None
    noun: str | None
    again: bool
    future: bool | None = None
    shown: str = ""  # the what a reader sees: the predicate and its object
    actor: list[str] = field(default_factory=list)  # who does it (``who``: all named in it)
    subject: str | None = None  # the actor as written, when it names nobody
    when_text: str = ""  # the time expression as written
    nominal: bool = False  # found by its event noun in a sentence about something else

    def cite(self, role: str) -> Citation:
        return Citation(self.article_id, self.index, self.sentence, role, self.published)

    def when_label(self) -> str:
        if self.window is not None:
            return self.window.label()
        return self.published.isoformat() if self.published else "an unknown date"


def _event_noun(sentence: str, trigger_at: int, before_first: bool) -> str | None:
    """The event noun a light verb stands for: the nearest before the trigger (subject) or
    within six words after it (object), in the order ``before_first`` says."""
    words = tokens(sentence)
    before = [t for t in words if t.end() <= trigger_at][-14:]
    after = [t for t in words if t.start() > trigger_at][:6]
    for side in [reversed(before), after] if before_first else [after, reversed(before)]:
        for token in side:
            if token.group().lower() in EVENT_NOUNS:
                return token.group().lower()
    return None


def _what(event: Event) -> tuple[str, str, str | None]:
    """``(what, context, event noun)`` of an event (see "What an entry is about")."""
    predicate = event.predicate
    at = max(0, event.trigger_start - event.start)
    if predicate in _TRAVEL:
        purpose = _PURPOSE.search(event.sentence, at)
        if purpose is not None and purpose.start() - at < 160:
            return " ".join(purpose.group(1).lower().split()), predicate, None
        going = _DESTINATION.match(event.sentence, event.trigger_end - event.start)
        if going is not None:  # "Turkmens go to the polls": they vote
            noun = going.group("noun").lower()
            return EVENT_NOUNS[noun], predicate, noun
    planned = event.what.split()
    if predicate in _SCHEDULED and planned and planned[0] != predicate:
        # "The hearing is set for Thursday", "His sentencing is scheduled": the parse's event
        light = planned[0] in LIGHT and len(planned) > 1
        return (
            (EVENT_NOUNS.get(planned[-1], planned[-1]), planned[0], planned[-1])
            if light
            else (planned[0], predicate, None)
        )
    if predicate not in LIGHT:
        return predicate, "", None
    words_before = [t.group().lower() for t in tokens(event.sentence[:at])][-2:]
    passive = predicate in _INTRANSITIVE or any(w in _BE for w in words_before)
    parsed = _parsed_noun(event)
    if parsed is not None:  # the parse's object or passive subject: "begin deliberations in
        return EVENT_NOUNS.get(parsed, parsed), predicate, parsed  # the trial": deliberations
    noun = _event_noun(event.sentence, at, before_first=passive)
    return (EVENT_NOUNS[noun], predicate, noun) if noun else (predicate, "", None)


def _parsed_noun(event: Event) -> str | None:
    """The event a light verb stands for, from the parse when no known event noun is near: the
    head of its object, or of its subject when passive ("His arraignment was rescheduled",
    "pushed back the release"; :attr:`Event.what` is the verb and that head)."""
    verb = event.predicate.split()
    words = event.what.split()
    rest = words[len(verb) :] if words[: len(verb)] == verb else []
    noun = rest[-1].lower() if len(rest) == 1 else None
    return noun if noun and noun.isalpha() and noun not in GENERIC | LIGHT else None


def _narrow(
    event: Event, window: Window | None, ctx: ArticleContext
) -> tuple[Window | None, list[str]]:
    """A coarse window narrowed by a finer expression of the same or the next sentence (see
    "Window narrowing"), and the places of that next sentence."""
    if window is None or window.grain in FINE:
        return window, []
    i = event.sentence_index
    candidates: list[tuple[TimeExpression, list[str]]] = [
        (t, []) for t in ctx.times.get(i, []) if t is not event.when
    ]
    following = ctx.sentences.get(i + 1)
    if following is not None and _same_subject(event.sentence, following, ctx, i):
        candidates += [(t, ctx.places.get(i + 1, [])) for t in ctx.times.get(i + 1, [])]
    for expression, places in candidates:
        finer = Window.from_time(expression)
        if finer is not None and expression.grain in FINE and window.contains(finer):
            return finer, list(places)
    return window, []


def _same_subject(first: str, second: str, ctx: ArticleContext, i: int) -> bool:
    nouns = {t.group().lower() for t in tokens(first)} & EVENT_NOUNS.keys()
    if nouns & {t.group().lower() for t in tokens(second)}:
        return True
    return bool(set(ctx.places.get(i, [])) & set(ctx.places.get(i + 1, [])))


def report_of(
    event: Event,
    rank: int,
    published: date | None,
    ctx: ArticleContext,
    canonical: Callable[[str], str],
) -> Report:
    what, context, noun = _what(event)
    window, extra_places = _narrow(event, Window.from_time(event.when), ctx)
    parsed = bool(event.what)  # an event with roles from the parse (not a hand-made record)
    who = unique(canonical(n) for n in event.who)
    actor = unique(canonical(n) for n in event.actor) if parsed else who
    named = {canonical(n) for n in ctx.names.get(event.sentence_index, [])}
    shown = what if context in _TRAVEL or not parsed else event.what
    return Report(
        article_id=event.article_id,
        rank=rank,
        published=published,
        index=event.sentence_index,
        sentence=event.sentence,
        what=what,
        context=context,
        families=_families_of(what, shown),
        who=who,
        names=set(who) | named,
        where=unique([*event.where, *extra_places]),
        window=window,
        label=event.modality.label,
        cue=event.modality.cue,
        attributed_to=event.modality.attributed_to,
        noun=noun,
        again=bool(_AGAIN.search(event.sentence)),
        future=event.modality.future,
        shown=shown,
        subject=event.subject if parsed and not actor else None,
        actor=actor,
        when_text=event.when.text if event.when else "",
    )


def antecedent(ctx: ArticleContext, index: int) -> list[str]:
    """The names a subject pronoun most likely stands for: those of the nearest earlier
    sentence of the article that names anyone ("A jury convicted Brian Nichols. He was
    sentenced to life": Nichols), within three sentences."""
    for earlier in range(index - 1, max(-1, index - 4), -1):
        if ctx.names.get(earlier):
            return ctx.names[earlier]
    return []


def anonymous_reports(
    article_id: str, rank: int, published: date | None, ctx: ArticleContext, covered: set[int]
) -> list[Report]:
    """Cancellations and postponements in sentences without an event (see ``_ANONYMOUS``)."""
    reports = []
    for index, sentence in sorted(ctx.sentences.items()):
        match = None if index in covered else _ANONYMOUS.search(sentence)
        if match is None:
            continue
        verb = " ".join((match.group("verb") or "").lower().split())
        lemma = _VERB_LEMMA.get(verb, verb) if verb else "go ahead"  # "will not go ahead"
        noun = match.group("noun").lower()
        times = [w for w in map(Window.from_time, ctx.times.get(index, [])) if w is not None]
        what = EVENT_NOUNS[noun]
        reports.append(
            Report(
                article_id, rank, published, index, sentence, what, lemma,
                families(what) | {"~" + stem(noun)},
                who=[], names=set(), where=[], window=times[0] if times else None,
                label="denied", cue=match.group("verb") or match.group("off"),
                attributed_to=None, noun=noun, again=False,
            )
        )  # fmt: skip
    return reports


def absence_reports(
    article_id: str, rank: int, published: date | None, ctx: ArticleContext
) -> list[Report]:
    """ "Remanded in his absence", "tried in absentia": the person did not appear in court."""
    reports = []
    for index, sentence in sorted(ctx.sentences.items()):
        match = _ABSENCE.search(sentence)
        if match is None:
            continue
        times = [w for w in map(Window.from_time, ctx.times.get(index, [])) if w is not None]
        reports.append(
            Report(
                article_id, rank, published, index, sentence, "appear", "", families("appear"),
                who=[], names=set(ctx.names.get(index, [])), where=[],
                window=times[0] if times else None, label="denied", cue=match.group(),
                attributed_to=None, noun=None, again=False,
            )
        )  # fmt: skip
    return reports


def event_stems(reports: Sequence[Report]) -> frozenset[str]:
    """The stems an entry's event (its ``reports``) is named by: its verb and its event noun
    ("arraign", "sentenc", "elect"; the object of a light verb: "hold arraignment"), light
    and generic verbs left out."""
    words = {w for r in reports for w in [*r.what.split(), *([r.noun] if r.noun else [])]}
    # the nouns the event goes by: "semifinal" for a "play" entry, "meeting" for "meet"
    words |= {noun for noun, what in EVENT_NOUNS.items() for r in reports if what == r.what}
    shown = set()
    for r in reports:
        verb, *rest = r.shown.split() or [""]
        shown |= set(rest) if verb in GENERIC | LIGHT else {verb}
    stems = {stem(w) for w in words | shown if w not in GENERIC | LIGHT}
    return frozenset(s for s in stems if len(s) >= 4)


def object_stems(reports: Sequence[Report]) -> frozenset[str]:
    """The stems of the things an entry's event is done to ("concert" in "play concert"): a
    sentence naming one of them that calls it off or moves it is about the entry."""
    words = {w for r in reports for w in r.shown.split()[1:] if w not in GENERIC | LIGHT}
    return frozenset(s for s in map(stem, words) if len(s) >= 4)


def names_its_thing(who: Sequence[str], opener: Report, report: Report) -> bool:
    """A light verb's report about the thing an entry's event (``who``, ``opener``) is done
    to, by the same participant: "Kestrel Air will launch flights to Lisbon" ~ "Kestrel Air's
    flights will now start in September" (the flights are the event)."""
    if report.context not in LIGHT or report.noun is None or not who:
        return False
    things = things_of(opener)
    named = any(same_name(a, b) for a in who for b in report.names)
    return named and stem(report.noun) in things


def same_day(a: Report, b: Report) -> bool:
    """Two reports dated to one day: their windows (both known, a day or a range) overlap, or
    with none known, their time expressions share a word ("Sunday")."""
    if a.window is not None and b.window is not None:
        fine = a.window.grain in FINE and b.window.grain in FINE
        return fine and a.window.overlaps(b.window)
    return a.window is None and b.window is None and same_words(a.when_text, b.when_text)


@dataclass(slots=True)
class Entry:
    """An open entry of the ledger: the reports that opened and restated it, its participants,
    places and window, its status and the citations that bear on it."""

    reports: list[Report]
    who: list[str]
    places: list[str]
    window: Window | None
    status: str = "pending"
    evidence: list[Citation] = field(default_factory=list)
    note: str = ""
    moved_to: Window | None = None
    shifted_by_happening: bool = False

    @property
    def opener(self) -> Report:
        return self.reports[0]

    @property
    def families(self) -> frozenset[str]:
        return frozenset().union(*(r.families for r in self.reports))

    def best(self) -> Report:
        return max(self.reports, key=lambda r: (_specificity(r), -r.index))

    def mentions(self, noun: str) -> bool:
        """Whether the entry is about this event noun: its sentences use it, or its ``what``
        is what the noun stands for ("meeting" for an entry about "meet")."""
        if any(EVENT_NOUNS.get(noun, noun) == r.what for r in self.reports):
            return True
        if any(noun in {t.group().lower() for t in tokens(r.sentence)} for r in self.reports):
            return True
        # a noun found by the parse is named by its stem ("arraignment" for "arraigned")
        root = stem(noun)
        return noun not in EVENT_NOUNS and any(
            root in {stem(t.group()) for t in tokens(r.sentence)} for r in self.reports
        )


def _specificity(report: Report) -> tuple[int, ...]:
    grain = {"day": 4, "range": 4, "week": 3, "weekend": 3, "period": 2, "month": 2}
    fineness = grain.get(report.window.grain, 1) if report.window else 0
    return (fineness, report.attributed_to is not None, bool(report.where), len(report.who))


def names_of(ctx: ArticleContext, index: int, canonical: Callable[[str], str]) -> set[str]:
    """The canonical names a sentence gives, or those of the nearest earlier sentence naming
    anyone when it is led by a personal pronoun ("He was sentenced to life")."""
    names = {canonical(n) for n in ctx.names.get(index, [])}
    if not names and PRONOUN_FIRST.match(ctx.sentences[index]):
        names = {canonical(n) for n in antecedent(ctx, index)}
    return names


def report_span(report: Report, first: date | None) -> Window | None:
    """The days an undated happening can lie on (see "Statuses")."""
    published = report.published
    if published is None:
        return None
    if report.label == "ongoing" or first is None or first > published:
        return Window(published, published)
    return Window(first, published)


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def nominal_candidate(
    entry: Entry,
    ctx: ArticleContext,
    at: tuple[str, int, date | None],
    found: tuple[int, str, str],
    canonical: Callable[[str], str],
) -> Report | None:
    """The report of a sentence naming the entry's event (``found``: index, label, word) of
    an article (``at``: id, rank, publication day) when it is about the entry's occurrence
    (see :func:`_nominal_names_ok`)."""
    index, label, word = found
    sentence, expressions = ctx.sentences[index], ctx.times.get(index, [])
    times = [w for w in map(Window.from_time, expressions) if w]
    names = names_of(ctx, index, canonical)
    window = times[0] if times else None
    written = sentence if label in {"moved", "denied"} else ""
    same = shared_content(entry.opener.sentence, sentence) >= SAME_WORDS
    if not (same or _nominal_names_ok(entry, names, window, bool(expressions), written)):
        return None  # nobody of the entry's, and not told in mostly the same words
    if word in KIND_NOUNS and not names:
        return None  # "late in the game": a kind of event, not the one expected
    again = label == "expected" and _AGAIN.search(sentence) is not None
    when = expressions[0].text if expressions else ""
    if again and further_occasion(entry, window, when):
        return None  # "will meet again in Berlin", "plans a second launch" (round 9)
    return Report(
        *at, index, sentence, entry.opener.what, "",
        entry.families, who=[], names=names, where=list(ctx.places.get(index, [])),
        window=window, label=label, cue=word,
        attributed_to=None, noun=word, again=False, nominal=True,
        when_text=expressions[0].text if expressions else "",
    )  # fmt: skip


def further_occasion(entry: Entry, window: Window | None, when: str) -> bool:
    """A report with a further-occurrence cue ("again", "a second") tells another occasion
    than the entry's, unless the entry had one too or the report is dated to the entry's day
    (its window overlaps, or its time as written shares a word: "The two sides meet again in
    Sunday's final" for "will play in the final on Sunday"); round 9."""
    if any(r.again for r in entry.reports):
        return False
    if window is not None and entry.window is not None and entry.window.overlaps(window):
        return False
    day = re.sub(r"[’']s\b", "", when)  # "Sunday's final": Sunday
    return not any(same_words(r.when_text, day) for r in entry.reports if r.when_text)


def _nominal_names_ok(
    entry: Entry, names: set[str], window: Window | None, dated: bool, written: str
) -> bool:
    """A sentence naming the event by its noun is about the entry's when the entry names
    nobody, or the sentence names a participant of the entry, or the entry's day ("the
    election ..., which is scheduled for December 15, 2013"), or names nobody but dates the
    event ("Thursday's sentencing"; not "It made me play harder"). A sentence calling the
    event off or moving it (``written``) may name the participant where the entity
    recogniser missed it: the name's last word written there ("the launch of the shuttle
    Endeavour")."""
    if not entry.who:
        return True
    said = {t.group() for t in tokens(written)}
    if any(a.split()[-1] in said for a in entry.who if a.split()):
        return True
    if not names:
        return dated
    if window is not None and entry.window is not None and entry.window.overlaps(window):
        return True
    return any(same_name(a, b) for a in entry.who for b in names)


def new_day(entry: Entry, report: Report) -> bool:
    """A later plan naming another day than every report of the entry, as written, when the
    windows cannot tell (unresolved: no publication date): "will be held on Tuesday" /
    "will now take place on Friday" moves the entry."""
    if entry.moved_to is not None or (entry.window is not None and report.window is not None):
        return False
    said = [r.when_text for r in entry.reports if r.when_text]
    if said and report.when_text and NOW.search(report.sentence):
        # "will now be sentenced on March 12", "is now expected in June": the plan was changed,
        # so any other time as written is a new one (a weekday and a date included)
        return all(not same_words(w, report.when_text) for w in said)
    return bool(said) and all(other_day(w, report.when_text) for w in said)
