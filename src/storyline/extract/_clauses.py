"""Parse helpers of :mod:`storyline.extract.modality` and :mod:`storyline.extract.events`:
lemmas, governors, auxiliaries and the words of a predicate's clause, and the cues of news prose
that tell whether an expected event is a claim (issue 19, ledger round 6): habits ("usually",
"every month"), conditions ("if"), a hedged "will" ("will likely"), headline plans ("X to
release Y"), nouns of intention ("made plans to"), extraposed likelihood ("it is possible that
..."), custody ("will be held without bail") and states anyone can check ("will be available").
Round 8: headline grammar (a bare "set to", a subject the parse left unattached), a clause
before a semicolon, "could be seen", and the entity types that are names (no times).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from storyline.extract import nlp
from storyline.extract._vocab import words as _words

if TYPE_CHECKING:
    from spacy.tokens import Token


_MODALS = _words("will would could may might shall should can must 'll 'd wo ca")
_NEGATIONS = _words("not n't never no neither nor")
_DENY_PARTICLE = {"call": "off", "rule": "out", "put": "off", "pull": "out", "back": "out"}
_ASPECT = _words("continue remain keep")
# Verbs whose tense and modal their verbal complement carries: an obligation ("will have to
# attend": attending lies ahead) or a phase ("will begin selling", "began getting the fix").
_PHASE = _words("begin start resume")
_CARRIERS = _ASPECT | _PHASE | {"have"}
_UP_DEPS = _words("xcomp ccomp conj pcomp pobj prep dobj acl attr acomp oprd")
# Adverbs of habit: "Microsoft usually releases patches on the second Tuesday" (generic, issue 19).
_HABITUAL = _words(
    "usually normally typically generally often always regularly traditionally routinely "
    "customarily ordinarily frequently"
)
_RECURRENT = re.compile(
    r"\b(?:every|each)\s+(?:other\s+)?(?:\w+day|week|month|year|morning|"
    r"evening|night|weekend|season|quarter|time)\b",
    re.IGNORECASE,
)
# Hedging adverbs on "will": "he will likely die in prison" forecasts nothing to check unless a
# time or a source comes with it.
_HEDGED_WILL = _words("likely probably possibly perhaps maybe")
# Adjectives of likelihood that extrapose their clause: "it's possible (that) the team will".
_LIKELIHOOD = _words("possible likely probable certain unlikely")
# Complements of a future copula that tell a change of state anyone can check: "will be
# available within days", "will be back" (round 6).
_AVAILABLE = _words("available back ready open operational online released")
# Nouns of intention whose infinitive is the plan: "made plans to return", "has a plan to".
_PLAN_NOUNS = _words("plan plans intention intent")


def _is_headline(sentence: str) -> bool:
    """A title: no closing punctuation. Its present tense tells the past ("Putin meets Xi")."""
    return not sentence.rstrip().endswith((".", "!", "?", '"', "”", ":", "’", "'"))


def _habitual(token: Token) -> bool:
    """A habit or a rule, not an event: an adverb of habit on the predicate ("usually pushes
    out updates", "Normally, Microsoft releases ...") or a recurring time in its clause ("on the
    second Tuesday of every month"). The guideline's "habitual or generic statements"."""
    if any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in token.children):
        return True
    return _RECURRENT.search(_clause_text(token)) is not None


def _conditioned(token: Token) -> bool:
    """The predicate (or a verb it hangs on) has an "if" or "unless" clause: "If he stays
    healthy, he will likely leave ...", "If convicted, he could face ..." ("even if", "as if"
    make no condition on it)."""
    heads = [token, *(gov for _dep, gov in _governors(token))]
    for head in heads:
        for clause in head.children:
            if clause.dep_ != "advcl":
                continue
            marks = [m for m in clause.children if m.dep_ == "mark"]
            if not any(m.lower_ in {"if", "unless"} for m in marks):
                continue
            before = clause.doc[marks[0].i - 1] if marks[0].i > 0 else None
            if before is None or before.lower_ not in {"even", "as", "only"}:
                return True
    return False


def _hedged_will(token: Token) -> bool:
    """ "will likely", "will probably": a hedged forecast (see :func:`_future`)."""
    return any(c.dep_ == "advmod" and c.lower_ in _HEDGED_WILL for c in token.children)


def _headline_plan(token: Token) -> bool:
    """Headline grammar: "Microsoft to release patch for Internet Explorer", "Elections to be
    held on two-party basis": a title whose main verb is a "to"-infinitive with a subject
    tells what is planned (round 6); the parse may hang the verb on the noun ("HP to buy
    Palm": "buy" an infinitive modifier of the title's root "HP")."""
    if not _has_to(token) or not _is_headline(token.sent.text):
        return False
    if not (token.tag_.startswith("VB") or nlp.known_verb(token.text)):
        return False  # a title-case verb may be tagged as a name ("AEO to Release Earnings")
    if any(c.tag_ in {"WRB", "WP", "WDT"} for c in token.children):
        return False  # "How to make Ireland a banana republic": advice, no plan
    modifier = token.dep_ in {"acl", "relcl"}
    if modifier and token.head.dep_ == "ROOT" and token.head.i < token.i:
        # the parse hangs the infinitive on the title's noun as a modifier, infinitival or
        # relative ("Comcast digital store to offer Sony content"); the noun names someone
        # ("Ways to save money" plans nothing); a phrase between them makes the infinitive a
        # purpose ("MtGox files for US bankruptcy protection to put lawsuits on hold", round 9)
        between = any(  # not a "to" the tagger took for a preposition ("X to Buy Y to Form")
            c.dep_ == "prep" and c.i < token.i and c.lower_ != "to" for c in token.head.children
        )
        noun = token.head.tag_.startswith("NN") and not between
        return noun and _names_someone(token.head, token.i)
    if token.dep_ != "ROOT":
        return False
    return any(
        c.i < token.i
        and c.tag_.startswith(("NN", "PRP"))
        and (
            c.dep_ in {"nsubj", "nsubjpass"}
            or (c.dep_ in _LOOSE_SUBJECTS and _names_someone(c, token.i))
        )
        for c in token.children
    )  # a noun before the verb: not "Sbarro Closing 155 Stores To Protect From ..."; a name
    # the parse left unattached is the subject too ("Google to release kit": "dep")


# Relations the parse gives a headline's subject when it misses the clause ("Google to
# release software development kit": "Google" a "dep" of "release"), round 8.
_LOOSE_SUBJECTS = _words("dep npadvmod nmod compound")


def _semicolon_clause(clause: Token) -> bool:
    """A clause the parse hangs on the next one as its complement though a semicolon parts
    them: "Hackers exploit IE bug; Microsoft promises patch", "X will be honored at the awards;
    Y is giving fans ..." (round 8): an independent clause, not what the next verb says."""
    if clause.dep_ != "ccomp" or clause.i > clause.head.i:
        return False
    end = max(t.i for t in clause.subtree)
    return any(t.text == ";" for t in clause.doc[end + 1 : clause.head.i])


def _imperative(verb: Token) -> bool:
    """An order or advice to the reader: "expect to hear", "Get started"."""
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)
    bare = verb.tag_ == "VB" or (verb.tag_ == "VBP" and verb.dep_ == "ROOT")
    return bare and not has_subject and not _auxiliaries(verb)


def _asked(token: Token, sentence: str) -> bool:
    """Whether the question a sentence ends in asks about ``token``: not when a semicolon
    closes ``token``'s clause before it ("Orbitfall to launch Tuesday; can it top the
    charts?"), round 8."""
    if not sentence.endswith("?"):
        return False
    return not any(t.text == ";" for t in token.doc[token.i + 1 : token.sent.end])


def _across_semicolon(word: Token, verb: Token) -> bool:
    """Whether a semicolon parts ``word`` from ``verb``: a subject the parse gives a verb from
    the clause before ("Fresh Charges; D. A. Will Now Seek Death Penalty") is not its own."""
    low, high = sorted((word.i, verb.i))
    return any(t.text == ";" for t in word.doc[low + 1 : high])


def _names_someone(noun: Token, before: int) -> bool:
    """Whether the words of ``noun``'s phrase before position ``before`` hold a name."""
    return any(
        t.tag_ in {"NNP", "NNPS"} or t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        for t in noun.subtree
        if t.i < before
    )


def _held(token: Token) -> bool:
    """ "Orozco will be held without bail": "hold" or "keep" in the passive with a person for
    subject tells custody, a state ("elections will be held" is an event)."""
    if _lemma(token) not in {"hold", "keep"}:
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
    if not subjects:
        return False
    head = subjects[0]
    # a person or body by name (the small model often types a surname ORG or not at all);
    # not an event, a place or a work ("the Olympics will be held")
    named = head.tag_ == "NNP" and head.ent_type_ in {"", "PERSON", "ORG", "NORP"}
    return named or head.lower_ in {"he", "she", "they"}


def _planned_by_noun(verb: Token) -> Token | None:
    """The infinitive of a noun of intention that ``verb`` (make, have) takes as its object:
    "made plans to return immediately", "has a plan to build" (round 6); not "had made plans"
    (overtaken)."""
    if _lemma(verb) not in {"make", "have"} or any(
        a.lower_ == "had" for a in verb.children if a.dep_ == "aux"
    ):
        return None  # "revealed plans to": a report, read as such
    for noun in verb.children:
        if noun.dep_ == "dobj" and noun.lower_ in _PLAN_NOUNS:
            return next(
                (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VB" and _has_to(c)),
                None,
            )
    return None


# A gathering an announcement or a call schedules: "Students announced new rallies on Sunday"
# (round 7; with a time ahead, :mod:`storyline.extract.modality`).
_ANNOUNCE = _words("announce call plan schedule organise organize")
_GATHERINGS = _words(
    "rally protest demonstration march strike vigil walkout meeting summit ceremony parade "
    "memorial concert"
)


def _announced_gathering(token: Token) -> Token | None:
    """The gathering ``token`` announces or calls ("announced rallies", "called a strike"),
    its direct object, or None."""
    if _lemma(token) not in _ANNOUNCE or _negation(token):
        return None
    return next(
        (
            c
            for c in token.children
            if c.dep_ == "dobj" and nlp.lemma(c.text, "noun") in _GATHERINGS
        ),
        None,
    )


def _likelihood(be: Token) -> bool:
    """ "It's possible (that) ...", "it is likely ...": a copula whose subject is "it" and whose
    complement is an adjective of likelihood with the clause extraposed."""
    if _lemma(be) != "be" and be.lower_ not in {"'s", "’s"}:
        return False
    subject = any(c.dep_ in {"nsubj", "expl"} and c.lower_ == "it" for c in be.children)
    return subject and any(
        c.dep_ == "acomp"
        and c.lower_ in _LIKELIHOOD
        and not any(m.lower_ in {"more", "less", "most"} for m in c.children)
        for c in be.children
    )  # not "the more likely it is they will make a full recovery" (a correlative)


def _lemma(token: Token) -> str:
    if token.tag_.startswith("VB") or token.tag_ == "MD":
        return nlp.lemma(token.text, "verb")
    if token.tag_.startswith("NN"):
        return nlp.lemma(token.text, "noun")
    return token.lower_


def _governors(token: Token) -> Iterator[tuple[str, Token]]:
    """The words above ``token`` through complement, object and coordination arcs, with the
    relation by which each was reached (at most six steps; clauses like ``after`` stop it).
    A headline's bare planning participle governs its infinitive as a complement, whatever
    arc the parse gave it ("Google set to release SDK": an advcl)."""
    current = token
    for _ in range(6):
        if current.head.i == current.i:
            return
        dep = current.dep_
        if dep == "advcl" and _has_to(current) and _headline_participle(current.head):
            dep = "xcomp"
        if dep not in _UP_DEPS:
            return
        current = current.head
        yield dep, current


# Participles of a schedule or forecast that a headline uses without "is" ("Google set to
# release SDK", "Chromecast Expected to Arrive in May"), round 8.
_HEADLINE_PARTICIPLES = _words("set expect schedule slate poise tip project forecast plan")


def _headline_participle(verb: Token) -> bool:
    """A headline's bare planning participle: "X set to", "X expected to" stand for "X is set
    to" (a title drops the copula), not for a past plan."""
    bare = verb.tag_ in {"VBD", "VBN"} and not _auxiliaries(verb)
    if not bare or _lemma(verb) not in _HEADLINE_PARTICIPLES:
        return False
    return _is_headline(verb.sent.text) and any(
        c.dep_ == "aux" and c.lower_ == "to" for k in verb.children for c in k.children
    )


def _auxiliaries(token: Token) -> list[Token]:
    """The auxiliaries of ``token``, or of the first conjunct when it shares them."""
    own = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if token.dep_ == "xcomp" and _lemma(token.head) in _CARRIERS and token.tag_ in {"VB", "VBG"}:
        return [*own, *_auxiliaries(token.head)]  # "will have to attend", "began getting"
    if not own and token.dep_ in {"acomp", "attr", "oprd"} and _lemma(token.head) == "be":
        return [*_auxiliaries(token.head), token.head]  # "should be ready"
    if own or token.dep_ != "conj":
        return own
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
        return own
    return _auxiliaries(token.head)


def _negation(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in _NEGATIONS):
            return child.text
        if child.lower_ == "longer" and any(c.lower_ == "no" for c in child.children):
            return "no longer"
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(
            c.dep_ in {"det", "preconj"} and c.lower_ in {"no", "neither"} for c in child.children
        ):
            return f"no {child.text}"
    if token.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in token.children):
        aux_neg = [c for c in token.head.children if c.dep_ == "neg"]
        if aux_neg and not any(c.dep_ in {"aux", "auxpass"} for c in token.children):
            return aux_neg[0].text
    return None


def _particle(token: Token) -> bool:
    wanted = _DENY_PARTICLE.get(_lemma(token))
    return wanted is not None and any(
        c.dep_ in {"prt", "prep", "advmod"} and c.lower_ == wanted for c in token.children
    )


def _with_particle(token: Token) -> str:
    wanted = _DENY_PARTICLE.get(_lemma(token))
    prt = [c.text for c in token.children if c.dep_ == "prt" or c.lower_ == wanted]
    return " ".join([token.text, *prt])


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _progressive(token: Token) -> str | None:
    """The present-tense ``be`` of a present progressive (``are`` meeting), else None."""
    if token.tag_ != "VBG":
        return None
    auxes = _auxiliaries(token)
    if any(a.lower_ in _MODALS or a.tag_ == "VBD" for a in auxes):
        return None
    present = [a for a in auxes if a.tag_ in {"VBZ", "VBP"} and _lemma(a) == "be"]
    return present[0].text if present else None


def _condition(token: Token) -> str | None:
    current: Token = token
    for _ in range(4):
        marks = [c for c in current.children if c.dep_ == "mark"]
        if any(m.lower_ in {"if", "whether", "unless"} for m in marks):
            return marks[0].text
        if current.dep_ == "advcl" and any(
            c.lower_ == "if" for c in current.children if c.dep_ == "mark"
        ):
            return "if"
        if current.head.i == current.i:
            break
        current = current.head
    return None


def _clause_text(token: Token) -> str:
    """The words of ``token``'s own clause (its adverbs of time among them), as text:
    coordinated and subordinate clauses left out."""
    words = [token]
    for child in token.children:
        if child.dep_ not in {"conj", "advcl", "ccomp", "relcl", "parataxis", "cc"}:
            words.extend(child.subtree)
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _be_to(token: Token) -> bool:
    """ "is to be sentenced", "are to meet": ``be`` + "to" plans; not the idiom "is to blame"."""
    if not _has_to(token):
        return False
    return not (_lemma(token) == "blame" and not any(c.dep_ == "dobj" for c in token.children))


# Verbs of perception: "could be seen", "could be heard" tell what one was able to perceive,
# the past of "can" (round 8), not a forecast.
_PERCEPTION = _words("see hear spot notice observe watch smell feel")


def _perceived(token: Token) -> bool:
    """A perception verb in the passive: "could be seen inside the store"."""
    passive = any(c.dep_ == "auxpass" for c in token.children)
    return passive and _lemma(token) in _PERCEPTION


# Entity types of names: a weekday or a date inside one is no time ("On 'Saturday Night
# Live'", the Tuesday Club), round 8.
_NAME_TYPES = _words("PERSON ORG GPE LOC FAC NORP WORK_OF_ART PRODUCT LAW")
