"""The modality of an event mention: expected, ongoing, happened or denied, and who says so.

Rule-based, on spaCy's dependency parse and fine-grained tags of the predicate, its
auxiliaries and the words that govern it, in this order:

1. ``denied``: the predicate is a cancelling verb (``cancel``, ``call off``, ``scrap``,
   ``postpone``, ``rule out``...), is negated (``not``, ``never``, ``no longer``, ``No agreement
   was reached``), or sits under a denying verb (``denied that``, ``refused to``, ``scrapped plans
   to``, ``dismissed reports that``);
2. ``expected``: a modal (``could``, ``may``, ``will``, ``would``...), a planning or forecasting
   governor (``plans to``, ``is set/expected/due/scheduled/likely/forecast to``, ``is to``), a hedge
   (``is believed to``, ``reportedly``), a condition (``if``, ``whether``), or a present
   progressive with a future time (``are meeting tomorrow``);
3. ``ongoing``: present progressive (``are meeting today``), ``under way``, ``now``,
   ``continues``, and the present tense of running text;
4. ``happened``: past tense, present perfect, past passive, and the present tense of a title
   ("Putin meets Xi": a line without closing punctuation).

Future reading (``future``), beside the label: whether an ``expected`` event is a claim that
something will happen (issue 19), not merely possible. True for ``will``/``shall``/``is to``,
a present-tense planning or scheduling governor ("plans to", "is set to", "is planned for"), a
present or present progressive with a future time ("faces arraignment on Wednesday"), ``would``
under a reporting verb ("said it would present"), and any other modal (``could``, ``may``,
``should``, ``must``) only with a future time in its clause ("could begin in 2022"). False
for ``can``, a bare ``would`` (counterfactual, habitual), wishes ("hopes to", "wants") without a
time, a past plan ("was scheduled to face"), hedges, conditions (``if``, ``whether``),
questions, imperatives and advice to "you". ``postponed/delayed/adjourned until <time>`` and
``pushed to <time>`` are expected (a new date: a shift for the ledger), not denied. Round 6
(:mod:`storyline.extract._clauses`): True for a headline "X to <verb>" and a past plan with a
time ahead of the writing ("was expected to ... later today"); False for habits, an ``if`` or
``unless`` clause on the predicate, "will likely" without a time or a source, custody, a
past-tense predicate and "would later".

Attribution (``attributed_to``) is a flag beside the label: the subject of a reporting verb
that governs the predicate or is attached to it (``..., officials said``; ``WSJ reports``), or
the object of ``according to``. When the parse has no verb, regular expressions decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.extract import nlp
from storyline.extract._claim_guards import (
    _ATTITUDE,
    be_to_copula,
    described,
    measured_span,
    opinion,
    purpose,
    state,
    untyped_name,
)
from storyline.extract._clauses import (
    _ASPECT,
    _AVAILABLE,
    _MODALS,
    _NAME_TYPES,
    _PHASE,
    _PLAN_NOUNS,
    _across_semicolon,
    _announced_gathering,
    _asked,
    _auxiliaries,
    _be_to,
    _clause_text,
    _condition,
    _conditioned,
    _governors,
    _habitual,
    _has_to,
    _headline_participle,
    _headline_plan,
    _hedged_will,
    _held,
    _imperative,
    _is_headline,
    _lemma,
    _likelihood,
    _negation,
    _particle,
    _perceived,
    _planned_by_noun,
    _progressive,
    _semicolon_clause,
    _with_particle,
)
from storyline.extract._vocab import words as _words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "LABELS",
    "Modality",
    "ahead_spans",
    "classify_modality",
    "main_predicate",
    "modality_of",
    "time_ahead",
]


LABELS = ("expected", "ongoing", "happened", "denied")

# Verbs whose object or complement does not happen: "cancelled the visit", "refused to meet".
_DENY = _words(
    "cancel scrap postpone adjourn suspend abandon axe shelve scrub deny refuse reject dismiss "
    "decline halt delay drop boycott"
)
# Only as a governor: "failed to reach" (the talks themselves "failed": that happened).
_DENY_GOVERNOR = _DENY | {"fail"}
# Verbs and adjectives whose complement lies ahead: "plans to", "is set to", "is due to".
_PLAN = _words(
    "plan expect set due schedule intend aim hope poise likely unlikely prepare seek want "
    "propose pledge promise vow threaten agree decide going about ready slate tip consider "
    "forecast predict project"
)  # forecasting verbs too ("is forecast to make landfall", "is projected to open")
# Planning words that only wish: a claim only with a future time ("hopes to reopen by May").
_WISH = _words("hope seek want propose consider ready threaten aim")
_RESCHEDULE = _words("postpone adjourn delay defer reschedule push put bring")
_PARTICLES = _words("back off forward")
_UNTIL = _words("until till to into")
# Passive hedges with a complement ("is believed to"), and hedging adverbs.
_HEDGE = _words("believe think understand rumour rumor allege suspect say report")
_HEDGE_ADVERBS = _words("reportedly allegedly purportedly apparently possibly probably perhaps")
_REPORT = _words(
    "say tell report announce confirm claim state add write allege insist deny dismiss rule "
    "quote note warn explain indicate reveal disclose tweet post show reject clarify"
)
# A time ahead, for a modal or a present tense: the words above, "soon", a weekday, a month
# with its day, a year from 2000 on, "by/before/until/within" a time.
_AHEAD = re.compile(
    r"\b(?:tomorrow|tonight|(?<!the\s)(?<!The\s)next\s+day\b|"
    r"next\s+(?:week|month|year|season|weekend|spring|summer|autumn|"
    r"fall|winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    r"march|april|may|june|july|august|september|october|november|december|time|round|"
    r"\w+day)\b|later\s+(?:today|this\s+\w+|in\s+the\s+\w+|on)|"
    r"(?:soon|shortly)(?!\s+(?:after|before|afterwards?|thereafter)\b)|in\s+the\s+coming\s+\w+|"
    r"(?:the\s+)?next\s+(?:\d+|few|two|three|several)\s+(?:hours|days|weeks|months|years)|within\s+(?:\w+\s+){0,3}(?:hours|days|weeks|months)|"
    r"in\s+(?:two|three|four|a\s+few|several|\d+)\s+(?:days|weeks|months|years)|"
    r"(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:on\s+)?(?:christmas|new\s+year[’']s)\s+(?:day|eve)|on\s+(?:thanksgiving|easter)\b|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
    r"(?:in|by|from|until|through|starting\s+in|before)\s+(?:\w+\s+){0,2}20[0-9]{2}|"
    r"by\s+(?:the\s+end|early|mid|late)|"
    r"(?:in|by|during)\s+the\s+(?:first|second|third|fourth|final)\s+(?:quarter|half)\b|"
    r"(?:in|by|this|next|early|mid|late|until|before|from)\s+(?:january|february|march|april|"
    r"may|june|july|august|september|october|november|december|spring|summer|autumn|fall|"
    r"winter)\b)",
    re.IGNORECASE,
)
# Times ahead of the writing whatever the tense around them ("was expected to surrender later
# today"): a plan told in the past with one of these is still in force (round 6). A weekday or a
# month is not among them: "was due to appear on Monday" may be last Monday.
_FORWARD = re.compile(
    r"\b(?:tomorrow|tonight|later\s+(?:today|tonight|this\s+\w+)|next\s+(?:week|month|year|weekend)|"
    r"in\s+the\s+coming\s+\w+|(?:within|over)\s+the\s+next\s+\w+)\b",
    re.IGNORECASE,
)
# With a modal, "this week" lies ahead ("will likely receive notice this week"); alone it may not.
_THIS_PERIOD = re.compile(r"\bthis\s+(?:week|weekend|month|year|season|morning|afternoon)\b", re.I)
_WISH_ADVERBS = _words("ideally hopefully theoretically conceivably")
_OVERTAKEN = _words("originally initially previously once first")
_YOU = _words("you your yourself")
# Predicates of attitude or evaluation: without a time ahead they tell no event (issue 19).
_STATIVE = _words(
    "cherish love like hate enjoy miss appreciate deplore welcome regret remember forget know "
    "see deserve matter mean win help protect allow determine benefit hurt affect depend "
    "improve "
    # psychological verbs, a state when passive ("fans will be disappointed"): the English
    # class of object-experiencer verbs, not read off the gold set
    "disappoint surprise please shock upset delight thrill excite worry concern satisfy "
    "impress"
)
# Objects that name nothing to check: "he would do everything he could".
_VAGUE_OBJECTS = _words("everything anything something nothing whatever")
# Governors of belief, hope or fear: "we believe the Sentra will reach new heights".
# Common nouns for people and bodies that act (beside names and personal pronouns).
_AGENTS = _words(
    "official police government company firm authority analyst expert researcher scientist "
    "team player lawmaker court judge jury prosecutor president minister leader voter "
    "resident student fan group board commission committee council agency ministry "
    "department parliament congress senate party union worker employee staff club airline "
    "carrier bank army troop force customer user people parishioner family consultant "
    "organiser organizer negotiator officer investigator doctor administration regulator "
    "state city country school university county church man woman child kid coach "
    "manager owner member chief spokesman spokeswoman candidate rebel protester activist "
    "band artist singer actor director star side driver teacher farmer buyer seller retailer "
    "maker producer developer designer writer speaker lawyer partner founder supporter rider "
    "trainer reporter leader owner player those everyone office observer delegate "
    "authorities defense defence prosecution"  # "authorities": its own lemma in the tables
)
_AGENT_SUFFIXES = ("or", "ist", "ian")
# Heads that count a group: "More than a third of WeWork's employees", "One of them".
_QUANTITIES = _words("one some many most all each none third half majority dozens hundreds")
_OTHER_CLAUSES = _words("conj advcl ccomp relcl parataxis cc acl csubj")
# A date in the subject is not the event's ("Monday's announcement come as ..."), issue 19.
_SUBJECT_DEPS = _words("nsubj nsubjpass")
_ONGOING_WORDS = re.compile(r"\b(?:under\s*way|ongoing|in\s+progress|currently|now)\b", re.I)
_TRAILING_SOURCE = re.compile(
    r",\s+((?:[\w’'.-]+\s+){0,7}?[\w’'.-]+)\s+(?:said|says|say|reported|reports|added|"
    r"confirmed|understands|shows?|showed|claimed|announced|warned|told\s+[^,.]{1,40})"
    r"\s*[.!?]?[”\"]?\s*$"
)
_FALLBACK = (  # (label, pattern) for sentences without a usable verb, first match wins
    (
        "denied",
        r"\b(?:call(?:ed|s)?\s+off|cancel+(?:ed|s)?|ruled?\s+out|postponed?|adjourned|scrapped|"
        r"not|n't|never|no\s+longer|denie[sd])\b",
    ),
    (
        "expected",
        r"\b(?:will|would|could|may|might|shall|plans?\s+to|set\s+to|due\s+to|"
        r"expected\s+to|scheduled|upcoming|tomorrow|next)\b",
    ),
    ("ongoing", r"\b(?:is|are|am)\s+\w+ing\b|\b(?:under\s*way|ongoing|now|today)\b"),
    ("happened", r"\b\w+ed\b|\b(?:was|were|had)\b"),
)


@dataclass(frozen=True, slots=True)
class Modality:
    """How a sentence presents an event: ``label`` (one of :data:`LABELS`), who it is
    attributed to (``None``: nobody, the outlet's own voice), and the words that decided."""

    label: str
    attributed_to: str | None = None
    cue: str = ""
    #: For ``expected``: a real future or planned reading (see the module docstring); None:
    #: not known (a hand-made or older record), read as True.
    future: bool | None = field(default=None, compare=False)

    @property
    def reported(self) -> bool:
        """Whether the sentence attributes the event to a source ("WSJ reported", "said")."""
        return self.attributed_to is not None


def classify_modality(sentence: str, predicate: str | None = None) -> Modality:
    """The modality of ``predicate`` (a word or its lemma) in ``sentence``.

    Without ``predicate`` (or when it is not found) the main event of the sentence is used:
    the root verb, or the complement of a reporting, planning or denying root ("officials said
    the talks *collapsed*", "is set to *vote*").
    """
    doc = nlp.process(sentence, parse=True)
    span = doc[:]
    token = _find_predicate(span, predicate) if predicate else None
    token = token or main_predicate(span)
    if token is None:
        return _fallback(sentence)
    return modality_of(token)


def _find_predicate(span: Span, predicate: str) -> Token | None:
    word = predicate.split()[0].lower()
    base = nlp.lemma(word)
    matches = [t for t in span if t.lower_ == word or nlp.lemma(t.text) == base]
    verbs = [t for t in matches if t.tag_.startswith("VB") and t.dep_ not in {"aux", "auxpass"}]
    best = verbs or matches
    return best[0] if best else None


def main_predicate(span: Span) -> Token | None:
    """The token of the main event of a sentence (see :func:`classify_modality`)."""
    roots = [t for t in span if t.dep_ == "ROOT"]
    if not roots:
        return None
    token = roots[0]
    if token.tag_.startswith("NN"):  # a title: "HP to buy Palm for $1.2 billion"
        token = next((c for c in token.children if _headline_plan(c)), token)
    for _ in range(4):
        nxt = _complement(token)
        if nxt is None:
            break
        token = nxt
    return token


def _complement(token: Token) -> Token | None:
    """The verbal complement to descend to from a reporting, planning, denying or aspect
    verb (or ``be`` + ``to``-infinitive), if any."""
    base = _lemma(token)
    planned = _planned_by_noun(token)
    if planned is not None:  # "made plans to return": the plan's infinitive
        return planned
    if base == "have":  # "will have to attend church": the obligation's complement
        return next((c for c in token.children if c.dep_ == "xcomp" and _has_to(c)), None)
    if _likelihood(token):  # "it's possible the team will deliver"
        return next((c for c in token.children if c.dep_ == "ccomp" and c.tag_ == "VB"), None)
    if token.lower_ in _PLAN:  # "We are going to eliminate": lemma "go"
        base = token.lower_
    if base in _DIRECT:  # "was ordered to return to court on March 3": the return is ahead
        return next((c for c in token.children if _directed(c) and _ahead(c)), None)
    if base not in _REPORT | _PLAN | _DENY | _ASPECT | _PHASE | _HEDGE | {"be"}:
        return None
    deps: tuple[str, ...] = ("xcomp",) if base == "be" else ("ccomp", "xcomp")
    if _headline_participle(token):
        deps = ("ccomp", "xcomp", "advcl")  # "Google set to release SDK": the parse's advcl
    for child in token.children:
        if child.dep_ in deps and child.tag_.startswith(("VB", "JJ")):
            if _semicolon_clause(child):
                continue  # "Hackers exploit IE bug; Microsoft promises patch"
            if base in _PLAN and _asks(child):
                return None  # "will decide whether ...": the decision is the event
            return child
    if base in _REPORT:
        return _misattached_that_clause(token)
    for child in token.children:  # "is set to vote": set is the acomp/oprd of be
        if base == "be" and child.dep_ in {"acomp", "oprd"} and _lemma(child) in _PLAN:
            return _complement(child) or child
    return None


def _misattached_that_clause(verb: Token) -> Token | None:
    """The "that"-clause of a reporting verb that the parse hung on a noun: "told reporters at
    a press conference that the airline will recommence" (a relative clause with a "that"
    mark and a subject of its own is no relative clause)."""
    for word in verb.subtree:
        if word.i == verb.i or word.dep_ not in {"relcl", "acl", "advcl"}:
            continue
        if not word.tag_.startswith("VB"):
            continue
        that = any(c.dep_ == "mark" and c.lower_ == "that" for c in word.children)
        if that and any(c.dep_ in {"nsubj", "nsubjpass"} for c in word.children):
            return word
    return None


def _asks(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in clause.children)


def modality_of(token: Token) -> Modality:
    """The modality of the event whose predicate is ``token`` (in a parsed sentence)."""
    source = attribution(token)
    shift = _rescheduled(token)
    if shift is not None:
        return Modality("expected", source, shift, future=True)
    for rule in (_denied, _expected, _ongoing, _happened):
        found = rule(token)
        if found is not None:
            label, cue = found
            if label == "expected" and source is None and _announced_gathering(token):
                source = _subject(token)  # "Pamphlets announced rallies": the announcer's word
            return Modality(
                label, source, cue, future=_future(token) if label == "expected" else None
            )
    steady = _habitual(token) or measured_span(token)  # "increases 10 cents in 2 weeks"
    if token.tag_ in {"VBZ", "VBP"} and _ahead(token) and not steady:
        return Modality("expected", source, token.text, future=True)  # "Gomes faces ... Wednesday"
    present = token.tag_ in {"VBZ", "VBP"} and not _is_headline(token.sent.text)
    return Modality("ongoing" if present else "happened", source, token.text)


# --- rules: each returns (label, cue) or None -------------------------------------------------


def _particle_of_move(word: Token) -> bool:
    """ "back", "off", "forward" after a verb: a particle, or an adverb in the parse ("has been
    pushed back to Friday": "back" an adverb holding "to Friday")."""
    return word.dep_ == "prt" or (word.dep_ == "advmod" and word.lower_ in _PARTICLES)


def _rescheduled(token: Token) -> str | None:
    """ "postponed/delayed until October": a new date, not a denial (None: not that)."""
    if _lemma(token) not in _RESCHEDULE or _negation(token):
        return None
    particles = [c for c in token.children if _particle_of_move(c)]
    if _lemma(token) in {"put", "bring"} and not particles:
        return None  # "put off", "brought forward"; "pushed (back) to next month" below
    for child in [*token.children, *(c for p in particles for c in p.children)]:
        if child.dep_ == "prep" and child.lower_ in _UNTIL:
            objects = " ".join(t.text for t in child.subtree)
            if (
                _AHEAD.search(objects)
                or re.search(r"\b(?:19|20)\d\d\b", objects)
                or any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)
            ):
                return f"{token.text} {child.text}"
    return None


def _future(token: Token) -> bool:
    """Whether an ``expected`` event has a real future or planned reading (module docstring)."""
    sentence = token.sent.text.rstrip(" \"'”’")
    if _asked(token, sentence) or _condition(token) or _addressed_to_reader(token):
        return False
    if opinion(token) or described(token) or state(token):
        return False  # "Few think the unrest will end soon"; a product's "... will drown out"

    if any(c.lower_ in _WISH_ADVERBS for c in token.children):
        return False  # "Ideally, Vernon would come back this week"
    if _habitual(token) or _conditioned(token):
        return False  # "usually releases ... on the second Tuesday"; "If he stays healthy, ..."
    ahead = _ahead(token) or bool(_THIS_PERIOD.search(_clause_text(token)))
    if not ahead and not _checkable(token):
        return False
    if not ahead and _hedged_will(token) and attribution(token) is None:
        return False  # "he will likely die in prison": no time, no source
    return _future_reading(token, ahead)


def _future_reading(token: Token, ahead: bool) -> bool:
    if _headline_plan(token) or (ahead and _announced_gathering(token) is not None):
        return True  # "Students announced new rallies on Sunday": the rallies lie ahead
    if ahead and _directed(token):
        return True  # "was ordered to return to court on March 3"
    auxes = _auxiliaries(token)
    modal = _modal(token)
    if modal is None and token.tag_ == "VBD":
        return False  # "he allegedly pointed it at the officers Saturday night": the past
    perfect = any(_lemma(a) == "have" and a.tag_ in {"VB", "VBN"} for a in auxes)
    if perfect and (modal is None or modal.lower_ != "will"):
        return False  # "is believed to have died", "could have elevated"; not "has been set"
    if modal is not None:
        word = modal.lower_
        if word in {"will", "shall", "'ll", "wo"}:
            return True
        if word in {"would", "'d"}:
            if _quoted(token) or (_lemma(token.head) == "have" and token.dep_ == "xcomp"):
                return False  # direct speech; "would have to": what a hypothesis needs
            if any(c.dep_ == "advmod" and c.lower_ == "later" for c in token.children):
                return False  # "they would later tell the world": a future in the past
            return ahead or any(_lemma(g) in _REPORT for _, g in _governors(token))
        if word == "could" and _perceived(token):
            return False  # "On Tuesday, investigators could be seen inside": what was seen
        return ahead and word not in {"can", "ca"}
    if (_progressive(token) or token.tag_ in {"VBZ", "VBP"}) and ahead:
        return True
    for dep, gov in _governors(token):
        if dep == "conj":
            continue
        planned = _lemma(gov) in _PLAN or gov.lower_ in _PLAN
        if planned and (dep != "ccomp" or _has_to(token)):
            if gov.lower_ in _PLAN_NOUNS and gov.tag_.startswith("NN"):
                return _planned_by_noun(gov.head) is not None  # "made plans to", not "had made"
            if _past_plan(gov):  # "said it planned to", not "said they wanted to"
                reported = any(_lemma(g) in _REPORT for _, g in _governors(gov))
                forward = _FORWARD.search(_clause_text(token)) is not None
                return (reported or forward) and (_lemma(gov) not in _WISH or ahead)
            return ahead if _lemma(gov) in _WISH else not _imperative(gov)
        if _lemma(gov) in _MODALS | {"be"} and dep == "xcomp" and _be_to(token):
            return be_to_copula(gov) and not _past_plan(gov) and not purpose(gov)
        if _lemma(gov) in _REPORT | _DENY:
            break
    if _lemma(token) in _PLAN and token.tag_ in {"VBN", "JJ"} and _scheduled(token):
        in_force = not _past_plan(token) or _set_for(token)  # "a vigil is planned for Sunday"
        return in_force and (_lemma(token) not in _WISH or ahead)
    return ahead


# Verbs of a directive whose infinitive, with its own time ahead, is a scheduled act (round 7).
_DIRECT = _words("order summon require instruct direct")


def _directed(token: Token) -> bool:
    """An infinitive a directive governs: "(was) ordered to return", "summoned to appear"."""
    return token.dep_ == "xcomp" and token.tag_ == "VB" and _lemma(token.head) in _DIRECT


def _set_for(token: Token) -> bool:
    """ "A bail hearing was scheduled for Wednesday": the act of scheduling told in the past,
    the plan in force (the scheduled thing is the subject and the time follows "for"); not
    "was originally scheduled for", "had been set for" (a plan overtaken)."""
    if any(c.lower_ in _OVERTAKEN for c in token.children):
        return False
    if any(a.lower_ == "had" for a in _auxiliaries(token)):
        return False
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            words = list(child.subtree)
            text = " ".join(t.text for t in words)
            if any(t.ent_type_ in {"DATE", "TIME"} for t in words) or _AHEAD.search(text):
                return True
    return False


def _modal(token: Token) -> Token | None:
    """The modal of ``token``: none before a past-tense form or a bare participle, where the
    parse took a name for one ("Will Walker netted 13 points")."""
    auxes = _auxiliaries(token)
    if token.tag_ == "VBD" or (
        token.tag_ == "VBN" and not any(_lemma(a) in {"have", "be"} for a in auxes)
    ):
        return None  # "Will Artino scored 14 points" (tagged VBN): no modal before a participle
    return next((a for a in auxes if a.lower_ in _MODALS), None)


def _scheduled(token: Token) -> bool:
    """A planning participle tells a schedule; "set" not with an agent: "the tone has been set
    by a violent fringe" is the literal verb ("is set for Friday", "the date has been set")."""
    return _lemma(token) != "set" or not any(c.dep_ == "agent" for c in token.children)


def ahead_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a time ahead (the expressions :func:`time_ahead` finds), in order."""
    return [found.span() for found in _AHEAD.finditer(text)]


def time_ahead(sentence: str) -> str | None:
    """The first expression of a time ahead in ``sentence`` ("in the coming weeks", "within
    two to three weeks"), as written, or None."""
    found = _AHEAD.search(sentence)
    return found.group() if found else None


def _checkable(token: Token) -> bool:
    """Whether a forward-looking predicate without a time ahead tells a checkable event (issue
    19): not an attitude, an evaluation or a belief ("I will forever cherish", "things will get
    worse", "we believe the Sentra will reach new heights", "Nissan is hoping a redesign will
    pull in buyers"), nor what a thing will do or have ("the 2.0-liter will deliver better fuel
    efficiency", "Jam will set within 24-48 hours"): an active predicate whose subject is a
    common noun that names no agent; nor the continuation of an activity ("will continue to
    monitor the situation"), a psychological state ("fans will be disappointed") or a vague
    object ("would do everything he could"). Tuned on the tune half of the ledger gold set
    and on invented sentences (round 5)."""
    verb = _actor_head(token)
    if _lemma(token) in _STATIVE or _lemma(verb) in _STATIVE:
        return False
    if _lemma(token) == "be" and any(
        c.dep_ in {"acomp", "advmod", "prt"} and c.lower_ in _AVAILABLE for c in token.children
    ):
        return True  # "the Fix it will be available": a change of state to check
    if _lemma(token) in {"remain", "stay"} or _held(token):
        return False  # "will remain in custody", "will be held without bail": a state
    if any(c.dep_ in {"acomp", "oprd", "ccomp"} for c in token.children) and _lemma(token) in {
        "get",
        "make",
        "keep",  # "Promises to keep it strange": a state kept (round 8)
        "leave",
        "become",
        "go",
        "turn",
        "prove",
        "remain",
        "stay",
        "look",
        "sound",
    }:
        return False  # "will get much worse", "will make them more popular"
    if any(c.dep_ == "dobj" and c.lower_ in _VAGUE_OBJECTS for c in token.children):
        return False
    for _dep, gov in _governors(token):
        if _lemma(gov) in _ATTITUDE | _ASPECT:
            return False  # belief or hope; "will continue to monitor": an ongoing activity
        if _lemma(gov) in _REPORT:
            break
    subjects = [
        c
        for c in verb.children
        if c.dep_ in {"nsubj", "csubj", "expl"} and not _across_semicolon(c, verb)
    ]
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if passive or not subjects:
        return True
    return _agent(subjects[0]) and not untyped_name(subjects[0])


def _actor_head(token: Token) -> Token:
    """The verb whose subject is the event's ("Bridenstine expects to produce")."""
    current = token
    for _ in range(4):
        if any(c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} for c in current.children):
            break
        if current.dep_ == "acl" and current.head.lower_ in _PLAN_NOUNS:
            current = current.head.head  # "Baca made plans to return"
            continue
        if current.dep_ not in {"xcomp", "conj"} or _lemma(current.head) in _REPORT:
            break
        current = current.head
    return current


def _agent(subject: Token) -> bool:
    """Whether a subject can act: a name, a personal pronoun, or a noun for people or bodies."""
    if subject.tag_.startswith("VB"):  # "Users who have updates turned on will receive"
        inner = [c for c in subject.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return bool(inner) and _agent(inner[0])
    if subject.dep_ == "expl":
        return False
    head = subject
    if head.lower_ in _QUANTITIES or head.tag_ == "CD":
        of = [p for c in head.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        head = of[0] if of else head
    if head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or head.tag_ == "NNP":
        return True
    if head.tag_ == "PRP":
        return head.lower_ not in {"it"}
    lemma = nlp.lemma(head.text, "noun")
    return lemma in _AGENTS or lemma.endswith(_AGENT_SUFFIXES)


def _quoted(token: Token) -> bool:
    """Whether ``token`` stands inside a quotation that opens its sentence ("He would make art
    in the most surprising places," Gaiman told me)."""
    text = token.sent.text
    if text[:1] not in {'"', "“"}:
        return False
    closing = min((i for i in (text.find('"', 1), text.find("”", 1)) if i > 0), default=len(text))
    return token.idx - token.sent.start_char < closing


def _ahead(token: Token) -> bool:
    """A time ahead in the predicate's own words: subtrees of other verbs left out ("the
    tariffs imposed on Sept. 1", "for an upcoming special" after "performing")."""
    words: list[Token] = []
    stack = [(c, 0) for c in token.children if c.dep_ not in _OTHER_CLAUSES | _SUBJECT_DEPS]
    while stack:
        word, hops = stack.pop()
        verb = word.tag_.startswith("VB") and word.dep_ not in {"aux", "auxpass", "amod"}
        if verb and word.lower_ not in {"starting", "beginning"}:
            continue
        hops += word.dep_ == "prep"
        if hops > 2 or word.dep_ == "appos":  # "over his role in the release of material in
            continue  # 2010", "a robbery - the latest of the thefts this summer": not its time
        words.append(word)
        stack.extend((c, hops) for c in word.children)
    # a name is no time: "On 'Saturday Night Live'", "the Tuesday Club" (round 8)
    words = [w for w in words if w.ent_type_ not in _NAME_TYPES]
    text = " ".join(t.text for t in sorted([token, *words], key=lambda t: t.i))
    return _AHEAD.search(text) is not None


def _past_plan(gov: Token) -> bool:
    """ "was scheduled to face", "had planned to": a plan told in the past tense."""
    if _headline_participle(gov):
        return False  # "Google set to release SDK": a title's present plan
    if gov.tag_ == "VBD":
        return True
    auxes = _auxiliaries(gov)
    return any(a.tag_ == "VBD" for a in auxes) and not any(a.lower_ in _MODALS for a in auxes)


def _addressed_to_reader(token: Token) -> bool:
    """The event is the reader's ("you can get", "you should install") or an order."""
    heads = [token, *(gov for _dep, gov in _governors(token))]
    for head in heads:
        if _imperative(head) and head.dep_ == "ROOT":
            return True
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in _YOU:
                return True
    return False


def _denied(token: Token) -> tuple[str, str] | None:
    if _lemma(token) in _DENY or _particle(token):
        return "denied", _with_particle(token)
    negation = _negation(token)
    if negation:
        return "denied", negation
    for dep, gov in _governors(token):
        if dep == "conj":
            continue
        if _lemma(gov) in _DENY_GOVERNOR or _particle(gov):
            return "denied", _with_particle(gov)
        if gov.tag_.startswith("NN") and any(c.lower_ == "no" for c in gov.children):
            return "denied", f"no {gov.text}"
        if gov.tag_.startswith("VB") and _negation(gov) and _lemma(gov) not in _REPORT:
            return "denied", _negation(gov) or ""
    return None


def _expected(token: Token) -> tuple[str, str] | None:
    modal = _modal(token)
    if modal is not None:
        return "expected", modal.text
    if _headline_plan(token):
        return "expected", "to"
    if (_announced_gathering(token) is not None or _directed(token)) and _ahead(token):
        return "expected", token.text if not _directed(token) else token.head.text
    if _lemma(token) in _PLAN and token.tag_ in {"VBN", "JJ"} and _scheduled(token):
        return "expected", token.text  # "is expected in Washington"
    hedge = next((c for c in token.children if c.lower_ in _HEDGE_ADVERBS), None)
    if hedge is not None:  # "was reportedly taken"
        return "expected", hedge.text
    for dep, gov in _governors(token):
        if dep == "conj":
            continue
        if _lemma(gov) in _PLAN or gov.lower_ in _PLAN:  # "going to": lemma "go"
            return "expected", gov.text
        if dep == "xcomp" and _lemma(gov) in _HEDGE and gov.tag_ == "VBN":
            return "expected", gov.text  # "is believed to be seeking", "is said to have met"
        if _lemma(gov) in _MODALS | {"be"} and dep == "xcomp" and _be_to(token):
            return "expected", f"{gov.text} to"
        if _lemma(gov) in _REPORT | _DENY:
            break
    condition = _condition(token)
    if condition:
        return "expected", condition
    if _progressive(token) and _ahead(token):  # "are meeting tomorrow", "is stepping down in May"
        return "expected", _AHEAD.search(_clause_text(token)).group()  # type: ignore[union-attr]
    return None


def _ongoing(token: Token) -> tuple[str, str] | None:
    if _progressive(token):
        return "ongoing", f"{_progressive(token)} {token.text}"
    text = _clause_text(token)
    present = token.tag_ in {"VBZ", "VBP"} or any(
        a.tag_ in {"VBZ", "VBP"} for a in _auxiliaries(token)
    )
    if present and _ONGOING_WORDS.search(text):
        return "ongoing", _ONGOING_WORDS.search(text).group()  # type: ignore[union-attr]
    if _lemma(token) in _ASPECT and token.tag_ in {"VBZ", "VBP"}:
        return "ongoing", token.text
    for dep, gov in _governors(token):
        if dep == "xcomp" and _lemma(gov) in _ASPECT and gov.tag_ in {"VBZ", "VBP", "VBG"}:
            return "ongoing", gov.text
    return None


def _happened(token: Token) -> tuple[str, str] | None:
    auxes = _auxiliaries(token)
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "happened", " ".join(a.text for a in [*auxes, token])
    if token.tag_ == "VBN" and any(_lemma(a) == "have" for a in auxes):
        return "happened", " ".join(a.text for a in [*auxes, token])
    if token.tag_ == "VB" and _has_to(token):
        for dep, gov in _governors(token):
            if dep in {"xcomp", "ccomp"} and gov.tag_ == "VBD":
                return "happened", gov.text
    return None


# --- parse helpers ----------------------------------------------------------------------------


def attribution(token: Token) -> str | None:
    """Who the sentence attributes the event of ``token`` to, or None."""
    if token.dep_ in {"relcl", "acl", "advcl"}:
        teller = next((a for a in token.ancestors if _lemma(a) in _REPORT), None)
        clause = _misattached_that_clause(teller) if teller is not None else None
        if teller is not None and clause is not None and clause.i == token.i:
            return _subject(teller)  # "Tim Clark told reporters at ... that the airline will"
    for _dep, gov in _governors(token):
        if _lemma(gov) in _REPORT:
            subject = _subject(gov)
            if subject:
                return subject
    heads = [token, *(gov for _dep, gov in _governors(token))]
    for head in heads:
        for child in head.children:
            if child.dep_ in {"parataxis", "ccomp", "advcl"} and _lemma(child) in _REPORT:
                if any(m.dep_ == "mark" and m.lower_ != "as" for m in child.children):
                    continue  # "after the crew reported a fault" is no attribution
                subject = _subject(child)
                if subject and child.i > token.i:
                    return subject
    return _according_to(token.sent) or _trailing_attribution(token.sent.text)


def _subject(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            words = list(child.subtree)
            text = verb.doc[words[0].i : words[-1].i + 1].text
            return text.strip(" ,;:“”\"'") or None
    return None


def _according_to(sent: Span) -> str | None:
    for token in sent:
        if token.lower_ == "according":
            for prep in token.children:
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if prep.lower_ == "to" and objects:
                    words = list(objects[0].subtree)
                    source = sent.doc[words[0].i : words[-1].i + 1].text
                    return source.split(",")[0].strip(" ;:")  # the parse often runs on
    return None


def _trailing_attribution(sentence: str) -> str | None:
    """The source of "..., a source close to the talks said." when the parse missed it (the
    small model often attaches such a subject as an apposition)."""
    match = _TRAILING_SOURCE.search(sentence)
    return match.group(1) if match else None


def _fallback(sentence: str) -> Modality:
    for label, pattern in _FALLBACK:
        match = re.search(pattern, sentence, re.IGNORECASE)
        if match:
            return Modality(label, None, match.group())
    return Modality("happened", None, "")
