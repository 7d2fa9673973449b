"""The expectation ledger: what the news said would happen, and what became of it.

Every *claim* opens an entry: an event reported as expected with a real future or planned
reading of its predicate (:attr:`Modality.future`: "Xi could travel to Central Asia in
September to meet Putin", "the summit is due to take place on September 15 and 16"; not "could
face up to 10 years", "you can get", "was scheduled to face"), whether or not it names anyone. Later
articles resolve it. :func:`build_ledger` reads the articles in publication order (a story is a
stream) and keeps, per entry, the sentence that first reported it and every sentence that
bears on it since, each cited (article id, sentence index, sentence).

What an entry is about
    ``what`` as shown is the event's predicate and the head of its object ("defend title",
    "hold election"; :mod:`storyline.extract.events`), ``who`` its actor (never the source,
    which is ``attributed_to``). For matching, ``what`` is the predicate lemma, with two
    corrections. *Travel to meet*: an expected travel
    with an infinitive purpose ("travel to Central Asia ... to meet with Putin") is about the
    purpose verb (``what="meet"``, ``context="travel"``). *Light verbs* ("take place", "hold",
    "prepare", "call off", "postpone", ...) are about their event noun: the subject when the verb
    is passive or intransitive ("the meeting was postponed", "the meeting is expected to take
    place"), else the object ("held talks"); see :data:`EVENT_NOUNS`. With no such noun near,
    the head the parse gives the verb's object or passive subject is the event ("His
    arraignment was rescheduled", "pushed back the release"); a scheduling verb ("The hearing
    is set for Thursday") and a support verb ("undergo surgery", "receive a sentence") are
    about the event the parse names.

Event families (:data:`EVENT_FAMILIES`)
    Two reports can be about the same event when their ``what`` share a family::

        meet    meet ~ meeting ~ talks ~ hold talks ~ summit ~ visit ~ confer ~ negotiate
        travel  travel ~ trip ~ visit ~ arrive ~ go ~ fly ~ come ~ head ~ tour
        attend  attend ~ take part ~ participate ~ join ~ summit
        vote    vote ~ election ~ referendum ~ elect ~ ballot
        sign    sign ~ agreement ~ deal ~ treaty ~ accord
        raise   raise ~ hike ~ increase
        cut     cut ~ lower ~ reduce
        appear  appear ~ arraign ~ arraignment ~ plead
        perform perform ~ performance ~ concert ~ gig ~ show
        unveil  unveil ~ launch ~ introduce ~ debut
        acquire acquire ~ acquisition ~ buy ~ purchase ~ take over ~ takeover
        resign  resign ~ quit ~ step down
        sentence sentence ~ sentencing ~ jail ~ imprison

    A ``what`` outside the table is a family of its own; two reports also share a family when
    their event (the object of a light verb: "faces arraignment") has the same stem
    ("arraign").

Matching a later report to an entry
    Same family, and shared canonical participants: at least 2, or 1 when the entry has only
    one; two names sharing a surname are one participant, and the same time or place counts
    as one more. The participants of a report are the ``who`` of its event plus the persons
    and organisations named in its sentence. A report that names nobody ("The summit was
    called off") matches the entries whose cited sentences use its event noun ("summit"). An
    entry that names nobody matches a report about the same thing (its object or subject
    stem). Two sentences sharing four content words match whatever they name. A later plan
    with a shared name and the same time restates an entry in other words. Two reports of one
    event family dated to the same day match under other names ("Turkmens go to the polls
    Sunday" ~ "Turkmenistan voted Sunday"; going or travelling to an event noun is that
    event: "go to the polls" votes). One occasion told with another verb matches too: two of
    the entry's participants on its day ("will play the Broncos on Sunday" ~ "The Broncos beat
    the Browns on Sunday"), or a call-off by one of them at its place or on its day ("will
    perform in Tel Aviv" ~ "have cancelled their show in Tel Aviv").

The event named by its noun (issue 19)
    After an article's events, each open entry looks for a sentence of it that names its event
    by noun or verb stem ("Following his *arraignment* ... today", "Thursday's *sentencing*"):
    told as past or present with nothing ahead or denied, it confirms (when the time fits);
    followed by "scheduled/planned/set for", or after "heading into", "advanced to", "ahead
    of" ("heading into Saturday's semifinals"), it restates. Not after "to" or "not", not in
    an article that shifted, moved or cancelled the entry. The nouns an event goes by count
    ("semifinal" for "play", "meeting" for "meet"). A sentence that names none of the entry's
    participants must date the event ("Thursday's sentencing"; not "It made me play harder").
    A sentence led by a personal pronoun names the people of the nearest earlier sentence
    that names anyone ("A jury convicted Brian Nichols. He was sentenced to life").

Window narrowing
    An entry's window is its event's time expression. A coarse one (month, week, season,
    period, year) is narrowed by the first day- or range-grain expression inside it, found in
    the same sentence, or in the next sentence when that sentence refers to the same thing
    (it shares an event noun such as "summit" or a place with the first): "in September" +
    "the summit, due to take place in Samarkand on September 15 and 16" gives 2022-09-15..16,
    and the next sentence's places are added to ``where``.

Statuses (:data:`STATUSES`), decided in this order as the articles arrive
    * ``confirmed``: a later *happened* or *ongoing* event matches and its time overlaps the
      window (or the window is unknown) at a consistent place. An event without a time of its
      own is dated by its report: ongoing is the publication day, happened is some day between
      the first report and this publication.
    * ``shifted``: a later happened/ongoing event matches but its (own, explicit) time lies
      outside the window, or its place differs. **It happened, but outside the expected window:
      shifted, not "confirmed late".** Also when a later *expected* report moves the window or
      the place (with no window known on either side: names another day as written, "on
      Tuesday" / "will now take place on Friday"), or a later report postpones the event
      ("postponed to October", "pushed back to Friday", "brought forward"): then the note
      says where it was moved, and a happening in the original window still confirms it.
      "Delayed until October 2007" is such a move, not a cancellation, and so is "would not
      ship until June"; "will now be sentenced on March 12" names a new time whatever the
      entry's was as written (a weekday and a date included).
    * ``cancelled``: a later *denied* event matches ("called off", "Putin will not attend";
      "the Geneva summit will not go ahead"; "remanded in his absence" denies a court
      appearance). Each later denial is cited. A sentence naming the event by its noun that
      calls it off or moves it never confirms it: it cancels or moves the entry, also when
      it names only the thing the event is done to ("The band cancelled its Paris concert"
      for "will play a concert"; "abandoned plans to close the factory"; "pulled out of
      Saturday's fight").
    * ``overdue``: still pending when ``as_of`` is past the window's end, and the story was
      reported on after that day; ``unreported``: the same with no later report at all
      (:mod:`storyline.knowledge.ledger_clock`).
    A later *expected* report of the same event restates it: a restatement never confirms.
    * ``pending``: none of the above.

Guards
    Only later articles resolve an entry (an article does not confirm itself). An undated
    happening confirms but never shifts: it may be an earlier occurrence ("Xi and Putin met in
    Beijing"). A happening that ended before the entry was first reported is background. A
    confirmed entry is never shifted or cancelled by a later report: another occurrence is
    another event. A later expected report with a further-occurrence cue ("again", "another")
    opens its own entry instead of moving one.

Round 7 (issue 19)
    A word of the event naming another occurrence ("five such games", "two games", "the
    previous hearing", "The last time the two teams played") never confirms; a kind noun
    ("game", "match") with no name of the sentence does not either; a word of the event in a
    future clause anywhere in the sentence restates it ("who is due to be sentenced"). The
    noun path leaves an event's own verb to the participant rule ("Xi met Joe Biden"). The
    same act in mostly the same words confirms where the sentence names nobody ("The suspect
    was charged with first degree murder"). "Will decide whether to X" is confirmed by a later
    report of X either way, or a ruling or vote naming it ("ordered her released on bail").

Round 8 (issue 19): linking by meaning
    When no rule linked any sentence of a later article to an open entry, the sentence of that
    article most like the entry's by meaning (sentence embeddings, ``vectors``) is linked when
    it is like enough, no other entry's, and shares a name, a place or two content words; its
    role comes from its own reading: a call-off cancels, a new date moves, a plan restates (or
    moves on another day as written), a happening confirms only when the entry's actor does
    it, dated when the entry was, and it tells no other occurrence
    (:mod:`storyline.knowledge.ledger_semantic`). A present-tense temporal clause is ahead
    ("faces 20 years when he is sentenced in April" restates).

Round 9 (issue 19): every sentence of a later article
    A past-plan restatement ("had been expected to plead guilty") no longer hides the article's
    other sentences from the link by meaning (a happening by the entry's actor, a call-off, a
    new date); an article telling the plan still ahead confirms nothing by meaning. A further
    occurrence ("will meet again", "a second launch") neither confirms nor restates unless dated
    to the entry's day; a happening on another day as written, or long ago ("last month") for a
    plan on a weekday, confirms nothing; a present relative clause ("who headlines the festival
    on Saturday") tells no happening; a changed plan ("will now begin in September") moves the
    entry of its event that shares a name with it.

The clock: ``as_of`` defaults to the latest publication date among the articles given (the
stream's clock, not the wall clock: a 2022 story must not go overdue because today is 2026).
Articles published after ``as_of`` are left out, so the ledger is the one known on that day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from storyline.knowledge.ledger_clock import apply_clock, apply_clock_view
from storyline.knowledge.ledger_match import (
    NOT_UNTIL,
    NOW,
    SAME_WORDS,
    STILL_AHEAD,
    bare,
    choice_of,
    compatible,
    content_stems,
    distance,
    nominal_label,
    nominal_off,
    other_days,
    same_name,
    same_words,
    shared_content,
    stem,
)
from storyline.knowledge.ledger_reports import (
    CALL_OFF,
    DECIDE,
    EVENT_FAMILIES,
    EVENT_NOUNS,
    RESCHEDULE,
    RULINGS,
    ArticleContext,
    Entry,
    Report,
    absence_reports,
    anonymous_reports,
    event_stems,
    families,
    further_occasion,
    names_its_thing,
    new_day,
    nominal_candidate,
    object_stems,
    report_of,
    report_span,
    same_day,
    things_of,
    unique,
)
from storyline.knowledge.ledger_semantic import (
    SentenceVectors,
    doers_of,
    done_by,
    linked_sentence,
    reading,
    semantic_report,
    sentence_labels,
)
from storyline.records import Citation, Expectation, Window

if TYPE_CHECKING:
    from storyline.extract import Event

__all__ = [
    "EVENT_FAMILIES",
    "EVENT_NOUNS",
    "STATUSES",
    "ArticleContext",
    "Citation",
    "Expectation",
    "Window",
    "apply_clock",
    "apply_clock_view",
    "build_ledger",
    "expectation_id",
    "families",
    "open_ledger",
]

STATUSES = ("pending", "confirmed", "shifted", "cancelled", "overdue", "unreported")


def expectation_id(article_id: str, sentence_index: int) -> str:
    """A stable id: the article and sentence that first reported the expectation."""
    return "x" + hashlib.sha256(f"{article_id}\x00{sentence_index}".encode()).hexdigest()[:15]


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


# --- claims: the expected reports an entry can open -------------------------------------------


def _is_claim(report: Report) -> bool:
    """Whether an expected report makes a claim (the gate of :meth:`_Ledger._expected`): a real
    future or planned reading of its predicate (:attr:`Modality.future`), not a modal alone."""
    return report.label == "expected" and report.future is not False


def _subject(report: Report) -> tuple[str, ...]:
    return (report.subject,) if report.subject else ()


# --- the ledger -------------------------------------------------------------------------------


class _Ledger:
    def __init__(self, contexts: Mapping[str, ArticleContext]) -> None:
        self.entries: list[Entry] = []
        self.contexts = contexts

    def feed(self, report: Report) -> None:
        self._choice_made(report)
        if report.what in RESCHEDULE or report.context in RESCHEDULE:
            movable = report.noun is not None or report.label in {"denied", "expected"}
            if not (movable and self._move(report, postponed=True)) and _is_claim(report):
                self.entries.append(
                    Entry([report], list(report.who), list(report.where), report.window)
                )
            return
        delay = report.label == "denied" and bool(NOT_UNTIL.search(report.sentence))
        if delay and report.when_text and self._move(report, postponed=True):
            return  # "the phone would not ship until June": a new date, not a call-off
        if report.label == "expected":
            self._expected(report)
        elif report.label in {"happened", "ongoing"}:
            self._happening(report)
        elif report.label == "denied":
            self._denied(report)

    def _choice_made(self, report: Report) -> None:
        """A later report of the act an entry said was to be decided on, whichever way, tells
        the decision was made: "will decide whether to seek the death penalty" is confirmed by
        "will now seek the death penalty", "will not seek it" or "decided to seek it" (the
        act's verb and a word of its object), or by a ruling that names the act ("ordered her
        released on bail" for "whether to release her on bail")."""
        if report.label not in {"expected", "denied", "happened"} or not report.what:
            return
        said = content_stems(report.sentence)
        head = report.what.split()[0]
        # a decision told with its own verb: "ordered Petrov released", "voted to close it"
        verbs = {stem(head)} | (said if head in DECIDE | RULINGS else set())
        for entry in self.entries:
            if entry.opener.rank >= report.rank or entry.status != "pending":
                continue
            if not any(r.what in DECIDE for r in entry.reports):
                continue
            choice = choice_of(entry.opener.sentence)
            if choice is not None and choice[0] in verbs and choice[1] & said:
                self._confirm(entry, report)

    # -- matching ---------------------------------------------------------------------------

    def _matches(self, entry: Entry, report: Report) -> bool:
        common = entry.families & report.families
        if not common and names_its_thing(entry.who, entry.opener, report):
            common = report.families  # "will launch flights to Lisbon" ~ "its flights will start"
        if not common:
            return self._same_occasion(entry, report)
        if not report.names and report.noun is not None and entry.mentions(report.noun):
            return True
        if shared_content(entry.opener.sentence, report.sentence) >= SAME_WORDS:
            return True  # the same event told in mostly the same words
        if not entry.who:  # nobody named: the same thing, or the same kind of event
            things = things_of(entry.opener)
            named_family = bool(common & EVENT_FAMILIES.keys())
            return not things or bool(things & things_of(report)) or named_family
        shared = sum(any(same_name(a, b) for b in report.names) for a in entry.who)
        if not shared:
            # one kind of event on the same day in one story, under other names ("Turkmens go
            # to the polls Sunday" ~ "Turkmenistan voted Sunday")
            return same_day(entry.opener, report) and bool(common & EVENT_FAMILIES.keys())
        # the same time or place stands in for a second shared name ("Creighton will play
        # Indiana State on Saturday" ~ "The Bluejays will play Indiana State on Saturday")
        shared += same_words(entry.opener.when_text, report.when_text)
        shared += bool(set(entry.places) & set(report.where))
        return shared >= min(2, len(entry.who))

    @staticmethod
    def _same_occasion(entry: Entry, report: Report) -> bool:
        """One event told with another verb: two of the entry's participants on its day ("The
        Browns will play the Broncos on Sunday" ~ "The Broncos beat the Browns on Sunday"), or
        a call-off by one of them at its place or on its day ("The Rolling Stones will perform
        in Tel Aviv" ~ "The Rolling Stones have cancelled their show in Tel Aviv")."""
        shared = sum(any(same_name(a, b) for b in report.names) for a in entry.who)
        day = same_day(entry.opener, report)
        if report.label == "denied" and report.context in CALL_OFF:
            return shared >= 1 and (day or bool(set(entry.places) & set(report.where)))
        return shared >= 2 and day

    def _place_ok(self, entry: Entry, report: Report, *, same_article: bool = False) -> bool:
        if not report.where or not entry.places or set(report.where) & set(entry.places):
            return True
        if same_article:
            return False
        named_there = self.contexts[report.article_id].all_places()
        return bool(named_there & set(entry.places))

    def _earlier(self, report: Report) -> list[Entry]:
        return [e for e in self.entries if e.opener.rank < report.rank and self._matches(e, report)]

    # -- expected ---------------------------------------------------------------------------

    def _expected(self, report: Report) -> None:
        if not _is_claim(report):
            return
        same = [
            e
            for e in self.entries
            if e.opener.article_id == report.article_id
            and self._matches(e, report)
            and compatible(e.window, report.window)
            and self._place_ok(e, report, same_article=True)
        ]
        if same:
            self._merge(same, report)
            return
        earlier = self._earlier(report) or self._same_plan(report)
        fitting = [
            e
            for e in earlier
            if compatible(e.moved_to or e.window, report.window)
            and self._place_ok(e, report)
            and not new_day(e, report)
            and not (report.again and further_occasion(e, report.window, report.when_text))
        ]
        for entry in fitting:
            entry.evidence.append(report.cite("restated"))
            if entry.window is None and report.window is not None:
                entry.window = report.window
        if fitting:
            return
        if not report.again and self._move(report, postponed=False):
            return
        if not report.again and self._changed_plan(report):
            return
        self.entries.append(Entry([report], list(report.who), list(report.where), report.window))

    def _changed_plan(self, report: Report) -> bool:
        """A plan said to be changed ("will now begin in September") moves the open entry of its
        event sharing a name with it, whatever else the entry named (a court); round 9."""
        if NOW.search(report.sentence) is None or not report.names:
            return False
        movable = [
            e
            for e in self.entries
            if e.opener.rank < report.rank and e.status in {"pending", "shifted"}
            and not e.shifted_by_happening and e.families & report.families
            and any(same_name(a, b) for a in e.who for b in report.names) and new_day(e, report)
        ]  # fmt: skip
        if movable:
            self._move_entry(movable[0], report, postponed=False)
        return bool(movable)

    def _same_plan(self, report: Report) -> list[Entry]:
        """Earlier entries a later expected report restates in other words: a shared name and
        the same time ("Palin ... will worship in a local school this morning" ~ "Palin's
        family will have to attend church in a local school this morning")."""
        if not report.when_text or not report.names:
            return []
        return [
            e
            for e in self.entries
            if e.opener.rank < report.rank
            and same_words(e.opener.when_text, report.when_text)
            and any(same_name(a, b) for a in e.who for b in report.names)
        ]

    def _merge(self, entries: list[Entry], report: Report) -> None:
        """Fold a same-article report (and every entry it bridges) into the first entry."""
        target, others = entries[0], entries[1:]
        for other in others:
            self.entries.remove(other)
            for r in other.reports:
                self._fold(target, r)
            target.evidence.extend(other.evidence)
        self._fold(target, report)

    @staticmethod
    def _fold(entry: Entry, report: Report) -> None:
        entry.reports.append(report)
        entry.who = unique([*entry.who, *report.who])
        entry.places = unique([*entry.places, *report.where])
        window = report.window
        if window is not None and (entry.window is None or entry.window.contains(window)):
            entry.window = window

    def _move(self, report: Report, *, postponed: bool) -> bool:
        """A later report moves (or postpones) the best matching open entry."""
        movable = [e for e in self._earlier(report) if e.status in {"pending", "shifted"}]
        movable = [e for e in movable if not e.shifted_by_happening]
        if not movable:
            return False
        entry = min(movable, key=lambda e: distance(e.window, report.window))
        self._move_entry(entry, report, postponed=postponed)
        return True

    def _move_entry(self, entry: Entry, report: Report, *, postponed: bool) -> None:
        target = report.window
        if target and report.published and target.end < report.published:
            target = None  # "was postponed on Tuesday": the date of the decision
        entry.status = "shifted"
        entry.moved_to = target
        verb = (
            "postponed" if postponed and "forward" not in report.what + report.context else "moved"
        )
        to = f" to {bare(target.text)} ({target.label()})" if target else ""
        place = (
            "" if postponed or self._place_ok(entry, report) else f" to {', '.join(report.where)}"
        )
        entry.note = f"{verb}{to}{place} by {report.article_id}"
        entry.evidence.append(report.cite("moved"))

    # -- the event named by its noun ----------------------------------------------------------

    def nominal(
        self,
        article_id: str,
        rank: int,
        published: date | None,
        ctx: ArticleContext,
        events: Sequence[Event],
        canonical: Callable[[str], str],
    ) -> None:
        """A later article that names an open entry's event by its noun or verb in a sentence
        about something else: "Following his arraignment ... today, Mr. Gomes was ordered held"
        confirms "will be arraigned today"; "the election ..., which is scheduled for December
        15" restates "plans to hold elections on December 15" (see "Statuses")."""
        labels = sentence_labels(events)
        # an event's own verb was matched (or not) by its participants: "Xi met Joe Biden" is
        # no report of "Xi and Putin will meet" because it names the verb "met"
        triggers = {(e.sentence_index, e.trigger.lower()) for e in events}
        for entry in self.entries:
            if entry.opener.rank >= rank or entry.status not in {"pending", "shifted", "confirmed"}:
                continue
            mine = [c for c in entry.evidence if c.article_id == article_id]
            if entry.shifted_by_happening or any(
                c.role in {"shifted", "moved", "cancelled"} for c in mine
            ):
                continue  # this article told it happened elsewhen, moved or called off
            found = self._named_in(entry, ctx, labels, {c.sentence_index for c in mine})
            for index, label, word in found:
                if (entry.status == "confirmed" and label != "happened") or (
                    label == "happened" and (index, word) in triggers
                ):
                    continue
                at = (article_id, rank, published)
                report = nominal_candidate(entry, ctx, at, (index, label, word), canonical)
                if report is None:
                    continue
                if self._nominal_report(entry, report):
                    break

    def semantic(
        self,
        at: tuple[str, int, date | None],
        ctx: ArticleContext,
        events: Sequence[Event],
        canonical: Callable[[str], str],
        vectors: SentenceVectors,
    ) -> None:
        """An entry that no sentence of a later article (``at``: id, rank, publication day) was
        linked to, or only as a restatement, linked to the sentence of it most like its own by
        meaning (beside those it cites), with the role that sentence's own reading gives
        (:mod:`storyline.knowledge.ledger_semantic`); a restated entry takes only stronger
        evidence: a happening by its actor, a call-off, a new date (round 9)."""
        article_id, rank = at[0], at[1]
        labels = sentence_labels(events)
        doers = doers_of(events, ctx, canonical)
        cited = {
            c.sentence_index for e in self.entries for c in e.evidence if c.article_id == article_id
        }
        for entry in list(self.entries):
            if entry.opener.rank >= rank or entry.status not in {"pending", "shifted"}:
                continue
            mine = {c.sentence_index: c for c in entry.evidence if c.article_id == article_id}
            if any(c.role != "restated" or STILL_AHEAD.search(c.sentence) for c in mine.values()):
                continue  # the article told what became of it, or that it is still ahead
            own = frozenset(mine)
            index = linked_sentence(vectors, entry, self.contexts, ctx, cited - own, canonical, own)
            if index is None:
                continue
            label = reading(ctx.sentences[index], labels.get(index, set()))
            if label is None or (label == "happened" and not done_by(entry, doers, ctx, index)):
                continue
            if mine and label == "expected":
                continue  # restated already: only stronger evidence adds to it (round 9)
            report = semantic_report(entry, ctx, at, (index, label), canonical)
            if label == "expected" and new_day(entry, report):
                report.label = "moved"  # the same plan on another day as written
            self._nominal_report(entry, report)
            if any(c.article_id == article_id for c in entry.evidence):
                cited.add(index)
                self._drop_opened(article_id, index)

    def _drop_opened(self, article_id: str, index: int) -> None:
        """Entries a sentence opened that is now cited as an earlier entry's report: one plan."""
        self.entries = [
            e
            for e in self.entries
            if e.evidence or (e.opener.article_id, e.opener.index) != (article_id, index)
        ]

    @staticmethod
    def _named_in(
        entry: Entry, ctx: ArticleContext, labels: dict[int, set[str]], cited: set[int]
    ) -> list[tuple[int, str, str]]:
        """The sentences of an article that name the entry's event: (index, label, word)."""
        stems = event_stems(entry.reports)
        wide = stems | object_stems(entry.reports)
        out = []
        for index, sentence in sorted(ctx.sentences.items()) if stems else ():
            if index in cited:
                continue
            found = nominal_off(sentence, wide) or nominal_label(
                sentence, stems, labels.get(index, set())
            )
            if found is not None:
                out.append((index, *found))
        return out

    def _nominal_report(self, entry: Entry, report: Report) -> bool:
        """Apply a sentence naming the entry's event; True when the article is done with it."""
        if report.label == "expected":
            now = NOW.search(report.sentence) is not None  # a changed plan, not any date
            if now and entry.status != "confirmed" and new_day(entry, report):
                self._move_entry(entry, report, postponed=False)  # "is now expected on Friday"
            else:
                entry.evidence.append(report.cite("restated"))
            return True
        if report.label in {"moved", "denied"}:  # never a confirmed one: another occurrence
            if entry.status != "confirmed" and report.label == "denied":
                self._call_off(entry, report)
            elif entry.status != "confirmed":
                self._move_entry(entry, report, postponed=True)
            return True
        if self._fit(entry, report) == "confirm":
            self._confirm(entry, report)  # every sentence that tells it happened
        return False

    # -- happened, ongoing, denied ------------------------------------------------------------

    def _happening(self, report: Report) -> None:
        fits = [(e, self._fit(e, report)) for e in self._earlier(report)]
        confirms = [e for e, fit in fits if fit == "confirm"]
        for entry in confirms:
            self._confirm(entry, report)
        if confirms:
            return
        shifts = [e for e, fit in fits if fit == "shift" and e.status != "confirmed"]
        if shifts:
            self._shift(min(shifts, key=lambda e: self._nearness(e, report)), report)

    def _nearness(self, entry: Entry, report: Report) -> tuple[bool, int]:
        return (not self._place_ok(entry, report), distance(entry.window, report.window))

    def _fit(self, entry: Entry, report: Report) -> str | None:
        """Whether the happening confirms or shifts the entry; None: it is background."""
        first = entry.opener.published
        if report.window and first and report.window.end < first:
            return None  # it ended before the expectation was even reported
        if report.again and further_occasion(entry, report.window, report.when_text):
            return None  # "plans a second launch": another occurrence (round 9)
        unresolved = entry.window is None or report.window is None
        if unresolved and other_days([r.when_text for r in entry.reports], report.when_text):
            return None  # "presented a plan on Monday" for "will present it on Wednesday"
        span = report.window or report_span(report, first)
        time_ok = entry.window is None or span is None or entry.window.overlaps(span)
        place_ok = self._place_ok(entry, report)
        if time_ok and place_ok:
            return "confirm"
        return "shift" if report.window is not None else None

    def _confirm(self, entry: Entry, report: Report) -> None:
        entry.evidence.append(report.cite("confirmed"))
        if entry.status == "confirmed":
            return
        before = f"{entry.status} ({entry.note}), then " if entry.status != "pending" else ""
        entry.status = "confirmed"
        entry.shifted_by_happening = False
        entry.note = (
            f"{before}confirmed by {report.article_id} on {report.when_label()} ({report.label})"
        )

    def _shift(self, entry: Entry, report: Report) -> None:
        entry.evidence.append(report.cite("shifted"))
        if entry.shifted_by_happening:
            return
        entry.status = "shifted"
        entry.shifted_by_happening = True
        window = entry.window
        if window is not None and report.window is not None and not window.overlaps(report.window):
            entry.note = (
                f"happened on {report.when_label()}, outside the expected window "
                f"{window.label()} (reported by {report.article_id})"
            )
        else:
            entry.note = (
                f"happened in {', '.join(report.where)}, not in {', '.join(entry.places)} "
                f"(reported by {report.article_id})"
            )

    def _denied(self, report: Report) -> None:
        for entry in self._earlier(report):
            if entry.status == "cancelled":
                entry.evidence.append(report.cite("cancelled"))  # told again it did not happen
                continue
            if entry.status == "confirmed" or entry.shifted_by_happening:
                continue
            self._call_off(entry, report)

    def _call_off(self, entry: Entry, report: Report) -> None:
        entry.status = "cancelled"
        entry.note = f"cancelled by {report.article_id}: {report.cue!r}"
        entry.evidence.append(report.cite("cancelled"))


# --- building ---------------------------------------------------------------------------------


def build_ledger(
    events_by_article: Mapping[str, Sequence[Event]],
    published_by_article: Mapping[str, date | datetime | None],
    canonical: Callable[[str], str] = str,
    as_of: date | datetime | None = None,
    *,
    contexts: Mapping[str, ArticleContext] | None = None,
    vectors: SentenceVectors | None = None,
) -> list[Expectation]:
    """The expectation ledger of a story (see the module docstring for every rule).

    ``events_by_article`` maps an article id to its events; ``published_by_article`` gives
    each article's publication date (articles are read in that order; undated ones last, in
    the order given). ``canonical`` maps an article-level name to the story's canonical name.
    ``as_of`` is the day the ledger is made for (default: the latest publication date given).
    ``contexts`` adds, per article, the sentences, names, places and time expressions that
    the events alone do not carry (used for window narrowing and participant matching);
    ``vectors`` link a later sentence by meaning (see :func:`open_ledger`).

    It is :func:`open_ledger` up to ``as_of`` with :func:`apply_clock` applied to each entry.
    """
    published = [_as_date(published_by_article.get(aid)) for aid in events_by_article]
    dates = [d for d in published if d is not None]
    clock = _as_date(as_of) or (max(dates) if dates else None)
    entries = open_ledger(
        events_by_article,
        published_by_article,
        canonical,
        until=clock,
        contexts=contexts,
        vectors=vectors,
    )
    return [apply_clock(entry, clock) for entry in entries]


def open_ledger(
    events_by_article: Mapping[str, Sequence[Event]],
    published_by_article: Mapping[str, date | datetime | None],
    canonical: Callable[[str], str] = str,
    *,
    until: date | datetime | None = None,
    contexts: Mapping[str, ArticleContext] | None = None,
    vectors: SentenceVectors | None = None,
) -> list[Expectation]:
    """The ledger before the clock is applied: an entry nothing resolved is ``pending``, never
    ``overdue`` (:func:`apply_clock` decides that, cheaply, for any later day).

    Articles published after ``until`` are left out (None: none is). The clock enters the
    ledger only there and in :func:`apply_clock`, so the open ledger of a story's articles can
    be cached and judged again each time the stream's clock moves. ``vectors`` (sentence
    embeddings) link a later sentence to an entry by meaning when no rule linked any
    (:mod:`storyline.knowledge.ledger_semantic`); None: by the rules alone.
    """
    published = {aid: _as_date(published_by_article.get(aid)) for aid in events_by_article}
    limit = _as_date(until)
    order = sorted(
        events_by_article,
        key=lambda aid: (published[aid] is None, published[aid] or date.min),
    )
    order = [a for a in order if not _after(published[a], limit)]
    ctxs = {
        aid: (contexts or {}).get(aid) or ArticleContext.from_events(events_by_article[aid])
        for aid in order
    }
    ledger = _Ledger(ctxs)
    for rank, aid in enumerate(order):
        events = events_by_article[aid]
        reports = [report_of(e, rank, published[aid], ctxs[aid], canonical) for e in events]
        covered = {e.sentence_index for e in events}
        reports += anonymous_reports(aid, rank, published[aid], ctxs[aid], covered)
        reports += absence_reports(aid, rank, published[aid], ctxs[aid])
        for report in sorted(reports, key=lambda r: r.index):
            ledger.feed(report)
        ledger.nominal(aid, rank, published[aid], ctxs[aid], events, canonical)
        if vectors is not None:
            ledger.semantic((aid, rank, published[aid]), ctxs[aid], events, canonical, vectors)
    dates = [d for d in (published[a] for a in order) if d is not None]
    last = max(dates) if dates else None
    return [_finish(entry, last) for entry in ledger.entries]


def _also_reported(entry: Entry, best: Report) -> list[Citation]:
    """The other sentences an entry rests on (round 8): reports of the same article folded
    into it ("Xi could travel to Central Asia in September" and "the summit, due to take place
    in Samarkand on September 15 and 16"), each cited once, as reported, so a reader sees every
    source of the entry and not only the one that shows it best."""
    seen = {(best.article_id, best.index)}
    out = []
    for report in entry.reports:
        if (report.article_id, report.index) not in seen:
            seen.add((report.article_id, report.index))
            out.append(report.cite("reported"))
    return out


def _after(day: date | None, clock: date | None) -> bool:
    return day is not None and clock is not None and day > clock


def _finish(entry: Entry, last_report: date | None = None) -> Expectation:
    best = entry.best()
    status, note = entry.status, entry.note
    window = entry.window
    if status == "pending":
        note = f"expected {window.text} ({window.label()})" if window else "expected"
    attributed = best.attributed_to or next(
        (r.attributed_to for r in entry.reports if r.attributed_to), None
    )
    return Expectation(
        id=expectation_id(best.article_id, best.index),
        status=status,
        text=best.sentence,
        what=best.shown or best.what,
        who=unique(n for r in entry.reports for n in r.actor) or list(_subject(best)),
        where=entry.places,
        when=window,
        attributed_to=attributed,
        first_reported=best.cite("reported"),
        evidence=[*_also_reported(entry, best), *entry.evidence],
        note=note,
        context=best.context,
        moved_to=entry.moved_to,
        last_report=last_report,
    )
