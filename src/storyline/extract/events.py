"""Events: who did (or will do, or did not do) what, where and when, with the sentence cited.

One event per sentence, and one more for each conjoined predicate with a modality of its own
("was arrested ... and *will be arraigned* today", "but *did not appear*"). The main predicate
(:func:`modality.main_predicate`:
the root verb, or the complement of a reporting, planning or denying verb), kept when it is a
verb other than a copula or a background verb ("is", "includes", "comprises") and has at least
one participant, place or time. Its clause (the predicate with the verbs that govern it up to a
reporting verb, minus attached reporting clauses) gives:

* ``who``: the persons and organisations of the clause, and the places that act as its subject
  or object ("Finland joined NATO"), by their canonical names within the article;
* ``where``: the places reached through a locative preposition ("to Central Asia", "in the Uzbek
  city of Samarkand"); a place after another and a comma only says which ("West Palm Beach,
  FL");
* ``when``: the first time expression of the clause (:mod:`storyline.extract.dates`),
  normalised against the publication date; a noun's modifier clause is not the predicate's
  ("offer its lander that the company unveiled in May", "vehicles coming ... during the next
  two years"), unless it schedules that noun ("elections, which are planned for December 15,
  will be held"); ``ahead``: when the grammar read none there, a time ahead as written in the
  same words ("in the coming weeks"), or an event the time hangs on ("during the festival",
  "after the seminar"), never another verb's ("reported on Sunday that ...");
* ``modality``: :func:`modality.modality_of` (label, attribution, cue, future reading);
* ``actor``: who does it, from the parse: the names inside the subject of the predicate's clause
  (the subject of a governing modal or planning verb: "Bridenstine expects to produce"), or the
  agent of a passive; never the source of attribution ("Esper announced that the U.S. will
  provide": the U.S.). ``subject``: that subject as written when it holds no name ("Four
  teams"), for display only;
* ``what``: the predicate and the head of its object ("defend title"); for a passive or an
  intransitive light verb, of its subject ("hold election" for "elections will be held").

An event with no participant, place or time is kept only when it is expected with a real future
reading ("Four teams from there will join the field of 20"); a copula is an event only then,
with its complement ("will be back", "should be available").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from storyline.extract import nlp
from storyline.extract._clauses import (
    _LOOSE_SUBJECTS,
    _NAME_TYPES,
    _PLAN_NOUNS,
    _across_semicolon,
    _announced_gathering,
    _habitual,
    _has_to,
    _headline_participle,
    _headline_plan,
    _likelihood,
    _semicolon_clause,
)
from storyline.extract._vocab import words as _words
from storyline.extract.entities import Mention, canonicalise, mentions_from_doc
from storyline.extract.entity_context import PLACE_TYPES
from storyline.extract.modality import (
    _OVERTAKEN,
    _REPORT,
    Modality,
    _agent,
    _ahead,
    _rescheduled,
    ahead_spans,
    main_predicate,
    modality_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from storyline.extract.dates import TimeExpression

__all__ = ["Analysis", "Event", "analyse", "analyse_many", "extract_events"]


_PERSONS = frozenset({"PERSON", "ORG"})
_PLACES = PLACE_TYPES
_LOCATIVE = _words(
    "in at to into near inside outside across throughout around towards toward on within"
)
# Predicates that state a background fact, not an event.
_BACKGROUND = _words(
    "be have seem appear become include comprise consist mean contain belong involve feature"
)
_PHRASAL_OBJECTS = frozenset({"place", "part"})  # "take place", "take part"
_ADVERB_PARTICLES = frozenset({("push", "back"), ("put", "back"), ("bring", "forward")})


@dataclass(slots=True)
class Event:
    """One event mention, cited by its sentence (``start``/``end``: the sentence's offsets in
    the article text; ``trigger_start``/``trigger_end``: the trigger's)."""

    article_id: str
    sentence_index: int
    sentence: str
    predicate: str  # lemma, with its particle: "meet", "call off", "take place"
    trigger: str  # the word as written: "meeting", "met"
    who: list[str]
    where: list[str]
    when: TimeExpression | None
    modality: Modality
    start: int
    end: int
    trigger_start: int = 0
    trigger_end: int = 0
    actor: list[str] = field(default_factory=list)
    subject: str | None = None
    what: str = ""
    ahead: str | None = None  # a time ahead as written, when ``when`` is None (module docstring)


@dataclass(slots=True)
class Analysis:
    """What one article yields: its name mentions and its events (one pipeline pass), and the
    time expressions of its text that the events' ``when`` were chosen from."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)


def extract_events(
    article_text: str, published: date | datetime | None, article_id: str = ""
) -> list[Event]:
    """The events of one article, in text order (see the module docstring)."""
    return analyse(article_text, published, article_id).events


def analyse(article_text: str, published: date | datetime | None, article_id: str = "") -> Analysis:
    """Mentions and events of one article from one run of the parsing pipeline."""
    return _analyse_doc(nlp.process(article_text, parse=True), published, article_id)


def analyse_many(
    articles: Iterable[tuple[str, date | datetime | None, str]],
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> list[Analysis]:
    """:func:`analyse` over ``(text, published, article_id)`` triples, batched through spaCy
    (``n_process=2`` pays off from a few dozen articles on)."""
    items = list(articles)
    docs = nlp.process_many(
        (text for text, _, _ in items), parse=True, batch_size=batch_size, n_process=n_process
    )
    return [
        _analyse_doc(doc, published, article_id)
        for doc, (_, published, article_id) in zip(docs, items, strict=True)
    ]


def _analyse_doc(doc: Doc, published: date | datetime | None, article_id: str) -> Analysis:
    text = doc.text  # built from the tokens at each call: once here, then sliced
    sents = [s for s in doc.sents if text[s.start_char : s.end_char].strip()]  # as nlp.sentences
    starts = [s.start_char + _lead(text[s.start_char : s.end_char]) for s in sents]
    mentions = mentions_from_doc(doc, article_id, sentence_starts=starts, text=text)
    names = _canonical_names(mentions, article_id)
    times = _time_expressions(text, published)
    events: list[Event] = []
    for index, sent in enumerate(sents):
        main = main_predicate(sent)
        if main is None:
            continue
        for token, known in _predicates(main):
            event = _event(token, sent, text, index, article_id, mentions, names, times, known)
            if event is not None:
                events.append(event)
    return Analysis(article_id, mentions, events, times)


def _predicates(main: Token) -> list[tuple[Token, Modality | None]]:
    """The predicates a sentence's events are made of: its main one with its modality, the
    conjoined ones with a modality of their own, those before a semicolon. A main one that can
    be no event (:func:`_candidate`) and has no conjoined verb is left out before its modality
    is read (a tenth of the main predicates of ECB+: the same events for less CPU)."""
    conjoined = any(c.dep_ == "conj" and c.tag_.startswith("VB") for c in main.children)
    if not conjoined and not _candidate(main):
        return _semicolon_clauses(main)
    modality = modality_of(main)
    clauses = [] if modality.label == "expected" else _own_clauses(main)
    return [(main, modality), *clauses, *_semicolon_clauses(main)]


def _candidate(token: Token) -> bool:
    """Whether ``token`` may be an event's predicate: a verb, a court date ("is due in
    court"), a headline's plan (its verb may be tagged as a name: "AEO to Release Earnings")."""
    return token.tag_.startswith("VB") or _due_in_court(token) or _headline_plan(token)


def _own_clauses(token: Token) -> list[tuple[Token, Modality | None]]:
    """Conjoined predicates with a modality of their own, each an event beside the main one
    (issue 19): "Gomes was arrested yesterday and will be arraigned today", "was brought to
    the court building but did not appear in the dock" (not beside an expected main one), and
    the planned verb of a conjoined plan sharing the subject (round 7): "was arrested on
    Friday and *is expected to be arraigned* on Monday", "beat the Eagles and advances to
    *play* the Lions on Sunday" (a present tense with a time ahead)."""
    out: list[tuple[Token, Modality | None]] = []
    for child in token.children:
        if child.dep_ != "conj" or not child.tag_.startswith("VB"):
            continue
        auxes = [c for c in child.children if c.dep_ in {"aux", "auxpass", "neg"}]
        if any(a.lower_ in {"will", "shall", "'ll", "wo", "not", "n't", "never"} for a in auxes):
            out.append((child, None))
        elif _due_in_court(child):
            out.append((child, None))  # "is being held on bail and is due back in court"
        elif any(c.dep_ in _SUBJECTS for c in child.children) and modality_of(child).future:
            out.append((child, None))  # a clause of its own with a plan: "and a hearing was set"
        else:
            planned = _conjoined_plan(child)
            if planned is not None:
                out.append(planned)
    return out


def _semicolon_clauses(token: Token) -> list[tuple[Token, Modality | None]]:
    """The clauses before a semicolon that the parse hangs on ``token`` as its complements,
    each an event of its own when it plans (round 8): "X will be honored at the awards; Y is
    giving fans ...", "Orvell will release a tablet on Friday; will schools buy it?"."""
    return [(c, None) for c in token.children if _semicolon_clause(c) and modality_of(c).future]


def _conjoined_plan_of(token: Token, verb: Token) -> bool:
    """Whether ``verb`` is a conjunct of ``token`` that plans an event of its own."""
    conjunct = verb.dep_ == "conj" and verb.head.i == token.i and verb.tag_.startswith("VB")
    return conjunct and _conjoined_plan(verb) is not None


def _conjoined_plan(verb: Token) -> tuple[Token, Modality] | None:
    """The verb a conjoined predicate without a subject of its own plans, through its chain of
    infinitive complements, with its modality when that is a plan in force: "is expected to be
    arraigned", or a present tense whose complement has a time ahead ("advances to play
    Saturday"; not "hopes to play again", not "usually plays on Saturdays"); a past one
    ("and promised to reveal") or a copula ("and it's important to apply it soon") plans
    nothing now."""
    if any(c.dep_ in _SUBJECTS | {"acomp"} for c in verb.children):
        return None  # "but it's important to apply it soon": advice, not a plan
    if any(a.dep_ == "aux" and a.tag_ == "MD" for a in verb.children):
        modality = modality_of(verb)  # a modal of its own: "and must appear in court on May 3"
        return (verb, modality) if modality.label == "expected" and modality.future else None
    present = verb.tag_ in {"VBZ", "VBP"} or any(
        a.dep_ in {"aux", "auxpass"} and a.tag_ in {"VBZ", "VBP"} for a in verb.children
    )  # "promised to reveal" tells a past promise; "is expected to", "plans to" a plan now
    if not present:
        return None
    target = verb
    while True:
        nxt = next(
            (c for c in target.children if c.dep_ == "xcomp" and c.tag_ in {"VB", "VBN"}), None
        )  # "to play", "to be arraigned"
        if nxt is None:
            break
        target = nxt
    if target is verb:
        return None
    modality = modality_of(target)
    if modality.label == "expected":
        return (target, modality) if modality.future else None
    if _ahead(target) and not _habitual(target):
        return target, Modality("expected", modality.attributed_to, verb.text, future=True)
    return None


def _canonical_names(mentions: Sequence[Mention], article_id: str) -> dict[int, str]:
    """Mention start offset -> canonical name within the article."""
    return {
        m.start: entity.name
        for entity in canonicalise({article_id: mentions})
        for m in entity.mentions
    }


def _time_expressions(text: str, published: date | datetime | None) -> list[TimeExpression]:
    try:
        from storyline.extract.dates import find_time_expressions
    except ImportError:  # pragma: no cover - dates.py is part of the same package
        return []
    return find_time_expressions(text, published)


def _lead(text: str) -> int:
    """The length of the leading whitespace of ``text``."""
    return len(text) - len(text.lstrip())


def _event(
    token: Token,
    sent: Span,
    text: str,
    index: int,
    article_id: str,
    mentions: Sequence[Mention],
    names: dict[int, str],
    times: Sequence[TimeExpression],
    known: Modality | None = None,
) -> Event | None:
    if not _candidate(token):
        return None
    in_court = _due_in_court(token)
    modality = known or modality_of(token)
    if in_court:  # "He is due before magistrates today": he will appear in court
        be = token.head if token.dep_ == "acomp" else token
        future = be.tag_ in {"VBZ", "VBP"} or any(c.lower_ in {"will", "'ll"} for c in be.children)
        modality = Modality("expected", modality.attributed_to, "due", future=future)
    claim = modality.label == "expected" and modality.future is True
    if _is_background(token) and not (in_court or (claim and _copula_complement(token))):
        return None
    clause = _clause_tokens(token) | _shared_subject(token)
    inside = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
    who, where = _participants(sent, inside, clause, names)
    timed = _time_tokens(token, clause)
    when = _when(sent, timed, times)
    ahead = None if when is not None else _ahead_as_written(sent, timed)
    if not (who or where or when or (claim and (ahead or _concrete(token, modality)))):
        return None  # a claim with a time ahead as written is kept ("in the third quarter")
    written = text[sent.start_char : sent.end_char]
    holder = token.head if in_court and token.dep_ == "acomp" else token  # "X is due in court"
    actor, subject = _actor(holder, inside, names)
    predicate, what = ("appear", "appear") if in_court else _predicate_and_what(token, modality)
    return Event(
        article_id=article_id,
        sentence_index=index,
        sentence=written.strip(),
        predicate=predicate,
        trigger=token.text,
        who=who,
        where=where,
        when=when,
        modality=modality,
        start=sent.start_char + _lead(written),
        end=sent.start_char + len(written.rstrip()),
        trigger_start=token.idx,
        trigger_end=token.idx + len(token.text),
        actor=actor,
        subject=subject,
        what=what,
        ahead=ahead,
    )


def _shared_subject(token: Token) -> set[int]:
    """The subject a conjunct without one shares with the verb it is conjoined to: "Jenkin was
    brought to court but did not appear", "... and is expected to be arraigned" (through the
    infinitive's planning verb)."""
    conjunct = token
    while conjunct.dep_ == "xcomp" and conjunct.head.i != conjunct.i:
        conjunct = conjunct.head
    if conjunct.dep_ != "conj" or any(c.dep_ in _SUBJECTS for c in conjunct.children):
        return set()
    return {t.i for c in conjunct.head.children if c.dep_ in _SUBJECTS for t in c.subtree}


def _predicate_and_what(token: Token, modality: Modality) -> tuple[str, str]:
    """The predicate's lemma and its ``what``; a gathering announced ahead is held ("announced
    rallies for Monday": "hold rally")."""
    gathering = _announced_gathering(token) if modality.label == "expected" else None
    if gathering is not None:
        return "hold", f"hold {_noun_lemma(gathering.text)}"
    return _predicate(token), _what_phrase(token)


_ACTORS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PRONOUNS = _words("it this that there which who what")
_PLANNED = _words("schedule plan set slate expect")
# Passive or intransitive light verbs whose subject is the event ("elections will be held").
_SUBJECT_EVENTS = _words("hold take happen begin start open end close conclude resume launch")


# A future copula is an event with these complements only: "will be back", "be available".
_STATES = _words("back available ready open closed out away home live operational released")
_VAGUE = _words(
    "thing things that this it everyone everything nothing something all anything anyone "
    "anybody someone somebody everybody"
)


_COURTS = _words("court courts magistrates tribunal judge")
_AT_COURT = _words("in at before")


def _due_in_court(token: Token) -> bool:
    """ "X is due in court", "due before Furness district magistrates' court today", "due at
    the Old Bailey court": a court appearance planned, told with a copula and "due"."""
    if token.lower_ == "due" and token.dep_ == "acomp":
        token = token.head  # the parse's main predicate may be "due" itself
    if nlp.lemma(token.text) != "be":
        return False
    due = next((c for c in token.children if c.dep_ == "acomp" and c.lower_ == "due"), None)
    if due is None:
        return False
    back = [
        c for w in (token, due) for c in w.children if c.dep_ == "advmod" and c.lower_ == "back"
    ]
    preps = [
        c
        for w in (token, due, *back)  # "due back in court on Jan. 12"
        for c in w.children
        if c.dep_ == "prep" and c.lower_ in _AT_COURT
    ]
    return any(t.lower_ in _COURTS for p in preps for t in p.subtree)


def _copula_complement(token: Token) -> Token | None:
    """The complement of a future copula: "will be back", "should be available"."""
    if nlp.lemma(token.text) != "be":
        return None
    for child in token.children:
        if child.dep_ in {"acomp", "advmod", "prt"} and child.lower_ in _STATES:
            return child
    return None


def _concrete(token: Token, modality: Modality) -> bool:
    """A claim that names no one, no place and no time is kept when it is about something:
    a direct object, an infinitive complement or a source, and a subject other than
    "things", "that", "everyone"."""
    verbs = [token, *(c for c in token.children if c.dep_ == "conj")]
    holder = _actor_verb(token)  # "Orozco is expected to be charged": expected's subject
    if holder.i != token.i:
        verbs.append(holder)
    subjects = [c for v in verbs for c in v.children if c.dep_ in _SUBJECTS]
    if any(s.lower_ in _VAGUE for s in subjects):
        return False
    has_object = any(c.dep_ in {"dobj", "nsubjpass"} for v in verbs for c in v.children)
    # an infinitive complement is what is done: "will decide whether to seek the death penalty"
    has_object = has_object or any(c.dep_ == "xcomp" for v in verbs for c in v.children)
    return has_object or modality.attributed_to is not None or _names_counterpart(verbs)


def _names_counterpart(verbs: Sequence[Token]) -> bool:
    """A prepositional object that is a name: "will appear before Furness District
    Magistrates", "will meet with Putin" (the claim is about someone named)."""
    preps = [c for v in verbs for c in v.children if c.dep_ == "prep"]
    return any(o.dep_ == "pobj" and o.tag_ in {"NNP", "NNPS"} for p in preps for o in p.children)


def _actor_verb(token: Token) -> Token:
    """The verb whose subject is the actor: up through complements to a modal or planning
    verb ("Bridenstine expects to produce"), never to a reporting verb."""
    current = token
    while not any(c.dep_ in _SUBJECTS for c in current.children):
        if current.dep_ == "acl" and current.head.lower_ in _PLAN_NOUNS:
            current = current.head.head  # "Baca made plans to return": Baca returns
            continue
        # an adjective complement of a copula is the copula's subject's: "Young is about to
        # launch", "Gomes is due to appear" (round 8)
        carried = current.dep_ == "acomp" and nlp.lemma(current.head.text) == "be"
        # "Google set to release SDK": the headline participle's subject (an advcl to the parse)
        carried = carried or (current.dep_ == "advcl" and _headline_participle(current.head))
        if not (carried or current.dep_ in {"xcomp", "conj"}) or current.head.i == current.i:
            break
        if nlp.lemma(current.head.text) in _REPORT:
            break
        current = current.head
    return current


def _actor(
    token: Token, mentions: Sequence[Mention], names: dict[int, str]
) -> tuple[list[str], str | None]:
    """The names doing the event, and its subject as written when it names nobody."""
    verb = _actor_verb(token)
    heads = [
        c
        for c in verb.children
        if c.dep_ in _SUBJECTS and c.lower_ not in _PRONOUNS and not _across_semicolon(c, verb)
    ]
    planned = verb.i != token.i and nlp.lemma(verb.text) in _PLANNED  # "Disney is expected to"
    if planned and any(c.dep_ == "auxpass" for c in token.children):
        verb = token  # "Orozco is expected to be charged": Orozco is charged, acts not
        heads = []
    if (not planned and any(c.dep_ == "nsubjpass" for c in verb.children)) or not heads:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        heads = [p for a in agents for p in a.children if p.dep_ == "pobj"]
    if not heads and token.dep_ in {"acl", "relcl"} and _headline_plan(token):
        heads = [token.head]  # "HP to buy Palm": HP buys
    if not heads and token.dep_ == "ROOT" and _headline_plan(token):
        # "Google to release kit": the name the parse left unattached before the verb
        heads = [c for c in token.children if c.dep_ in _LOOSE_SUBJECTS and c.i < token.i]
    out: list[str] = []
    own = {t.i for t in token.subtree} if token.head in heads else set()
    for head in heads:
        span = {t.i for t in head.subtree} - own  # not the headline verb's own words (round 8)
        doc = head.doc
        for m in mentions:
            found = doc.char_span(m.start, m.end, alignment_mode="expand")
            if found is None or found.root.i not in span or m.type not in _ACTORS:
                continue
            if m.type in {"GPE", "NORP"} and _modifier(found.root, head):
                continue  # "Serbia's Novak Djokovic", "the number of cars in the U.S."
            _add(out, names.get(m.start, m.text))
    if out or not heads or not _agent(heads[0]):  # "the show", "Dragonfly": nobody acts
        return out, None
    words = [t for t in heads[0].subtree if t.dep_ not in {"det", "punct", "relcl", "acl"}]
    subject = " ".join(t.text for t in words[:6]).strip()
    return [], subject or None


def _modifier(word: Token, head: Token) -> bool:
    """Whether a place inside a subject only qualifies it: a possessive of another name, or
    reached through a preposition."""
    current = word
    while current.i != head.i and current.head.i != current.i:
        if (current.dep_ == "poss" and current.head.ent_type_) or current.dep_ == "pobj":
            return True
        current = current.head
    return False


def _what_phrase(token: Token) -> str:
    """The predicate and the head of its object (see the module docstring)."""
    words = [_predicate(token)]
    complement = _copula_complement(token)
    if complement is not None:
        return f"{words[0]} {complement.lower_}"
    objects = [
        c for c in token.children if c.dep_ in {"dobj", "attr"} and c.lower_ not in _PHRASAL_OBJECTS
    ]  # "the concert will take place": the concert takes place
    passive = any(c.dep_ == "auxpass" for c in token.children)
    if not objects and not passive:  # "will eliminate and scale back certain functions"
        objects = [o for v in _shared_object_verbs(token) for o in v.children if o.dep_ == "dobj"]
    if not objects and (passive or nlp.lemma(token.text) in _SUBJECT_EVENTS):
        objects = [c for c in _actor_verb(token).children if c.dep_ in _SUBJECTS]
    if not objects and token.dep_ == "ccomp" and _has_to(token):
        # "Analysts expect the number ... to grow": the forecasting verb's object ("grow
        # number"), which the parse makes the subject of the infinitive
        objects = [c for c in token.children if c.dep_ == "nsubj"]
    nouns = [_of_head(o) for o in objects]
    nouns = [
        o
        for o in nouns
        if (o.tag_ in {"NN", "NNS"} and not o.ent_type_)
        or (o.tag_ in {"NNP", "NNPS"} and not (passive and o.ent_type_ == "PERSON"))
        or (o.dep_ == "dobj" and o.tag_ == "JJ" and any(c.dep_ == "det" for c in o.children))
    ]  # "present award" ("The Public Award will be presented"), "reach Titan", "fine
    # Rudolph", "play semifinal" ("a semifinal": a noun the tagger read as an adjective); not
    # "arraign Gomes" (a person acted on is the event's who)
    if nlp.lemma(token.text) in _PLANNED and passive and nouns:
        # "His sentencing is scheduled": sentence; "A vigil is planned": hold vigil
        noun = nouns[0].lower_
        return nlp.lemma(noun) if noun.endswith("ing") else f"hold {nlp.lemma(noun, 'noun')}"
    if nouns and nouns[0].lower_ not in words[0]:
        return f"{words[0]} {_noun_lemma(nouns[0].text)}"
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "on"):
        pobj = [c for c in prep.children if c.dep_ == "pobj" and not c.ent_type_]
        if pobj and pobj[0].tag_.startswith("NN"):
            return f"{words[0]} on {pobj[0].lower_}"  # "go on sale"
    return words[0]


# Mass nouns news writes in the plural form: "release the data" (not "datum").
_MASS_NOUNS = _words("data media")


def _noun_lemma(word: str) -> str:
    return word.lower() if word.lower() in _MASS_NOUNS else nlp.lemma(word, "noun")


def _shared_object_verbs(token: Token) -> list[Token]:
    """Verbs conjoined after ``token`` without a subject of their own: an object after the
    last of them is theirs in common ("build and operate the plant"), when nothing but the
    conjunction follows ``token`` ("meet on Friday and discuss the budget": not the meeting's)."""
    if any(c.i > token.i and c.dep_ not in {"cc", "conj", "punct"} for c in token.children):
        return []
    return [
        c
        for c in token.children
        if c.dep_ == "conj"
        and c.tag_.startswith("VB")
        and not any(d.dep_ in _SUBJECTS for d in c.children)
    ]


_GROUPS = _words("all some most many much part series lot couple range host variety pair")


def _of_head(noun: Token) -> Token:
    """The noun a quantity stands for: "all of the simulation's data" -> data."""
    if noun.lower_ not in _GROUPS:
        return noun
    of = [p for c in noun.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    return of[0] if of else noun


def _before_a_court(token: Token) -> bool:
    """ "appear in court", "appear before magistrates" (the parse may make "before" a mark)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "at", "before"}:
            return True
        if child.dep_ == "advcl" and any(m.lower_ == "before" for m in child.children):
            return True
    return False


def _is_background(token: Token) -> bool:
    lemma = nlp.lemma(token.text)
    if lemma not in _BACKGROUND:
        return False
    if lemma == "appear" and _before_a_court(token):  # "will appear before magistrates"
        return any(c.dep_ in {"acomp", "attr", "oprd"} for c in token.children)
    return not any(c.dep_ == "xcomp" for c in token.children)


def _predicate(token: Token) -> str:
    words = [nlp.lemma(token.text)]
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "dobj" and child.lower_ in _PHRASAL_OBJECTS):
            words.append(child.lower_)
        elif child.dep_ == "advmod" and (words[0], child.lower_) in _ADVERB_PARTICLES:
            words.append(child.lower_)  # "pushed back to Friday" ("back": an adverb)
    if words == ["push"] and _rescheduled(token):
        words.append("back")  # "pushed to next month": a new, later date
    return " ".join(words)


def _clause_root(token: Token) -> Token:
    """The highest verb above ``token`` through complements, below any reporting verb."""
    current = token
    while current.dep_ in {"xcomp", "ccomp", "acomp", "oprd"} and current.head.i != current.i:
        if nlp.lemma(current.head.text) in _REPORT or _likelihood(current.head):
            break  # "..., officials said"; "because ..., it's possible the team will"
        current = current.head
    return current


def _clause_tokens(token: Token) -> set[int]:
    """Token indices of the predicate's clause, attached reporting clauses left out."""
    root = _clause_root(token)
    excluded: set[int] = set()
    for t in root.subtree:
        attached = t.i != token.i and t.dep_ in {"parataxis", "ccomp", "advcl", "conj", "relcl"}
        if attached and (t.dep_ == "relcl" or nlp.lemma(t.text) in _REPORT):
            excluded.update(x.i for x in t.subtree)
        elif _conjoined_plan_of(token, t):  # "was charged and is due in court next week":
            excluded.update(x.i for x in t.subtree)  # the plan's time is not the charge's
    return {t.i for t in root.subtree} - excluded


def _participants(
    sent: Span, mentions: Sequence[Mention], clause: set[int], names: dict[int, str]
) -> tuple[list[str], list[str]]:
    doc = sent.doc
    who: list[str] = []
    where: list[str] = []
    place_end = -1  # where the last place mention ended
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.i not in clause:
            continue
        name = names.get(m.start, m.text)
        if m.type in _PERSONS:
            _add(who, name)
        elif m.type in _PLACES:
            comma = doc[span.start - 1] if span.start else None
            qualifier = comma is not None and comma.text == "," and comma.idx == place_end
            place_end = m.end
            if qualifier:
                continue  # "West Palm Beach, FL": the state says which, it is no second place
            role = _place_role(span.root)
            if role == "who":
                _add(who, name)
            elif role == "where":
                _add(where, name)
    return who, where


def _place_role(token: Token) -> str | None:
    """The role of a place: "who" when it is the subject or object, "where" when reached
    through a locative preposition ("in the city of Samarkand"), None inside a subject ("the
    presidents of China", "the offensive in Ukraine")."""
    if token.dep_ in {"nsubj", "nsubjpass", "dobj"}:
        return "who"
    role: str | None = None
    current = token
    for _ in range(8):
        if current.tag_.startswith("VB") or current.head.i == current.i:
            return role
        if current.dep_ in {"nsubj", "nsubjpass"}:
            return None
        if current.dep_ == "prep" and current.lower_ != "of" and role is None:
            role = "where" if current.lower_ in _LOCATIVE else "none"
        current = current.head
    return role if role == "where" else None


def _add(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)


def _when(sent: Span, clause: set[int], times: Sequence[TimeExpression]) -> TimeExpression | None:
    """The first time expression of the predicate's clause: a time outside it belongs to
    another verb ("reported on Friday that they will meet in September")."""
    for expression in times:
        if not sent.start_char <= expression.start < sent.end_char:
            continue
        span = sent.doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if span is None or span.root.ent_type_ in _NAME_TYPES:
            continue  # a name is no time: "Members of the Tuesday Club" (round 8)
        if span.root.i in clause and not _dates_a_noun(span.root):
            return expression
    return None


# Planning words whose modifier clause dates the noun it modifies, and so the event that noun
# names: "elections, which are planned for December 15", "the summit scheduled for Friday".
_SCHEDULING = _PLANNED | _words("due slate")
# Prepositions that date an event by another one: "during the festival", "after the seminar".
_ANCHORS = _words("during throughout after following")
# A finite or participial modifier clause tells another verb's time; an infinitival one is
# the purpose of the predicate's object and shares its time.
_MODIFIER_CLAUSE = frozenset({"VBD", "VBZ", "VBP", "VBG", "VBN"})
_PHASE_WORDS = _words("start begin")


def _time_tokens(token: Token, clause: set[int]) -> set[int]:
    """The words a predicate's time is read from: its clause without a noun's modifier clause
    (relative or participial: another verb's time), with a scheduling one added back."""
    out = set(clause)
    for word in _clause_root(token).subtree:
        if word.dep_ not in {"acl", "relcl"} or word.tag_ not in _MODIFIER_CLAUSE:
            continue  # an infinitive ("an update to address the issue within two weeks")
        if word.i == token.i or word.is_ancestor(token):
            continue
        inner = {w.i for w in word.subtree}
        if nlp.lemma(word.text) in _PHASE_WORDS:  # "for missions starting in 2023": a time
            continue
        if nlp.lemma(word.text) in _SCHEDULING and word.head.i in clause and not _overtaken(word):
            out |= inner
        else:
            out -= inner
    return out


def _overtaken(word: Token) -> bool:
    """A schedule told as overtaken: "which had been set to begin Monday", "originally
    planned for May" (the predicate's new time is elsewhere in its clause)."""
    return any(
        (c.dep_ in {"aux", "auxpass"} and c.lower_ == "had") or c.lower_ in _OVERTAKEN
        for c in word.children
    )


def _ahead_as_written(sent: Span, timed: set[int]) -> str | None:
    """A time ahead the date grammar did not read, in the predicate's words: the first
    expression of :func:`modality.ahead_spans` there, else an event it hangs on."""
    doc = sent.doc
    for start, end in ahead_spans(sent.text):
        span = doc.char_span(
            sent.start_char + start, sent.start_char + end, alignment_mode="expand"
        )
        if span is not None and span.root.i in timed and span.root.ent_type_ not in _NAME_TYPES:
            return sent.text[start:end]
    for i in sorted(timed):
        word = doc[i]
        if word.dep_ != "prep" or word.lower_ not in _ANCHORS:
            continue
        if not word.head.tag_.startswith("VB"):
            continue
        if any(c.dep_ == "pobj" and c.tag_ in {"NN", "NNS"} for c in word.children):
            return doc[word.i : max(w.i for w in word.subtree) + 1].text
    return None


def _dates_a_noun(word: Token) -> bool:
    """A possessive time inside a phrase that hangs on a noun dates that noun, not the
    predicate: "will play the winner of Friday's semifinal" (not "in Saturday's semifinal")."""
    if word.dep_ != "poss":
        return False
    prep = word.head.head
    return prep.dep_ == "prep" and prep.head.tag_.startswith("NN")
