"""Guards of :mod:`storyline.extract.modality` against false forward-looking claims (issue 19,
ledger round 9), read from the parse:

* "is to" plans only with a finite copula ("Biden is to visit Paris"; not "has been on his
  players to avoid ...") whose subject is no noun of purpose, advice or definition, also when
  the parse hangs that noun elsewhere ("the whole point of this campaign is to raise awareness",
  the noun an apposition; "Microsoft's advice is to install the patch", no subject at all);
* a future inside the that-clause of a verb of belief or feeling is an opinion, whatever its
  time ("Few here think the unrest will end anytime soon");
* a capitalised subject of running text that the entity recogniser gives no type, with a
  determiner or an owner, names a product or a thing, not someone who acts ("Ford's Mustang
  Mach E SUV will go 230 miles per charge", "'The Fix' will remedy a vulnerability");
* a lasting state ("remain", "stay", "own") is no event, even with a time ahead ("he might
  remain undecided until Sunday's deadline");
* a measure ("will cost $399") is a state, not an event;
* "in <n> <units>" after a counted change in the present is the span it took, not a time
  ahead ("Price of gas increases 10 cents in 2 weeks", "Site crashes 2nd time in 9 days");
* a future verb without a subject of its own that is coordinated with verbs in the simple
  present describes something ("The new design sounds better, will drown out background noise,
  and comes with three tips").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.extract import nlp
from storyline.extract._clauses import _governors, _is_headline, _lemma
from storyline.extract._vocab import words as _words

if TYPE_CHECKING:
    from spacy.tokens import Token


# Verbs of belief, hope and feeling: what they govern is an attitude, not a reported plan.
_ATTITUDE = _words("hope wish believe think fear feel guess doubt imagine suppose assume trust")
# Nouns whose "is to" defines or advises rather than plans ("The purpose of the fund is to help").
_PURPOSE_NOUNS = _words(
    "purpose goal aim idea point objective mission job role task intention step request "
    "challenge key priority solution answer option strategy rule trick secret dream ambition "
    "requirement focus way thing advice recommendation suggestion instruction guidance"
)
_FINITE_BE = _words("VBZ VBP VBD")
_SUBJECTS = _words("nsubj nsubjpass csubj expl")


def _purpose_noun(noun: Token) -> bool:
    of = [p for x in noun.children if x.lower_ == "of" for p in x.children if p.dep_ == "pobj"]
    head = of[0] if noun.lower_ == "one" and of else noun  # "One of life's challenges is to"
    return nlp.lemma(head.text, "noun") in _PURPOSE_NOUNS


def purpose(be: Token) -> bool:
    """ "The purpose ... is to help": a definition or advice, not a plan. The subject is read
    with its appositions; without a subject, the phrase just before the copula stands for it."""
    subjects = [c for c in be.children if c.dep_ == "nsubj"]
    nouns = [n for s in subjects for n in (s, *(a for a in s.children if a.dep_ == "appos"))]
    if not subjects and be.i > be.sent.start:
        word = be.doc[be.i - 1]
        while word.i < be.i and word.head is not word:
            nouns.append(word)
            word = word.head
    return any(_purpose_noun(n) for n in nouns if n.tag_.startswith(("NN", "PRP", "CD")))


def be_to_copula(be: Token) -> bool:
    """A copula that can carry "is to" plans: finite ("is", "are", "was"), not "been"/"be"."""
    return _lemma(be) != "be" or be.tag_ in _FINITE_BE


def opinion(token: Token) -> bool:
    """The predicate sits in the that-clause of a verb of belief or feeling ("Few think the
    unrest will end soon", "we believe the Sentra will reach new heights")."""
    for dep, gov in _governors(token):
        if dep == "ccomp" and _lemma(gov) in _ATTITUDE:
            return True
        if dep in {"ccomp", "advcl", "relcl"}:
            return False
    return False


def untyped_name(subject: Token) -> bool:
    """A capitalised subject of running text that the entity recogniser does not type and that
    has a determiner or an owner: a product or a thing ("Ford's Mustang Mach E SUV", "'The
    Fix'"), not a person or a body ("WeWork" untyped has neither). Titles capitalise all."""
    if subject.tag_ not in {"NNP", "NNPS"} or subject.ent_type_:
        return False
    if _is_headline(subject.sent.text):
        return False
    return any(c.dep_ in {"det", "poss"} for c in subject.children)


# Verbs of a state that lasts: "might remain undecided until Sunday's deadline", "will soon own
# the displays". A time ahead bounds the state; it makes no event of it (round 9).
# A measure verb is a state too: "iPod rival will cost just $399" (a product description).
_STATES = _words("remain stay own possess cost weigh")


def state(token: Token) -> bool:
    """A lasting state, whatever its time: not an event to check."""
    return _lemma(token) in _STATES


def described(verb: Token) -> bool:
    """A future verb with no subject of its own, coordinated with a verb in the simple present:
    "The design sounds better, will drown out noise, and comes with three tips"."""
    if any(c.dep_ in _SUBJECTS for c in verb.children) or verb.dep_ == "conj":
        return False
    return any(c.dep_ in {"conj", "ccomp"} and c.tag_ in {"VBZ", "VBP"} for c in verb.children)


def _numbered(word: Token) -> bool:
    return any(t.tag_ == "CD" or t.ent_type_ == "ORDINAL" for t in word.subtree)


def measured_span(token: Token) -> bool:
    """A present predicate with a counted object or measure and an "in <n> <units>" phrase:
    "increases 10 cents in 2 weeks", "crashes 2nd time in 9 days": how long the change took."""
    counted = [c for c in token.children if c.dep_ in {"dobj", "npadvmod"} and _numbered(c)]
    span = any(  # the parse may hang "in 2 weeks" on the verb or on its counted object
        c.dep_ == "prep" and c.lower_ == "in" and any(_numbered(p) for p in c.children)
        for word in (token, *counted)
        for c in word.children
    )
    return bool(counted) and span
