"""A later sentence linked to an open ledger entry by meaning (issue 19, round 8).

Seven rounds linked a later report to an entry by its words: the same verb stem or event
family, a shared participant, an event noun ("arraignment" for "arraigned"). A later article
often tells the event in other words ("ordered execution" for the penalty phase, "oversaw the
election" for observers who "will come from" the CIS, "would slip to the autumn" for "plans to
open in March"); the rules then link no sentence of it at all. This module finds, for an entry
that no sentence of a later article was linked to, the one sentence of that article that
means most nearly what the entry's sentence said, by the Universal Sentence Encoder the
project ships (:mod:`storyline.embed`), and accepts it only when

* it is the sentence of the article most similar to the entry's (one link per article), its
  cosine similarity is at least :data:`BAR`, and no other entry cites it (then it is the
  article's report of that entry, and this one has none);
* it agrees with the entry on something a reader can check: a participant or a place named by
  both (canonical names, a shared surname counts), or two content words beside them.

Its role then comes from the sentence's own reading (:func:`reading`), not from the words it
shares with the entry: a call-off ("called off", "abandoned", "vetoed", "withdrew from", a
denied event) cancels, a new date ("postponed", "delayed", "would slip to", "not ... until")
moves, a plan (an expected event: "will compete", "is set to return") restates (or moves, with
"now" and another time, as for any restatement), and a happening confirms when its time fits.
A happening confirms only when the entry's actor does it (:func:`same_actor`: by name, or the
same head noun: "the same jury" ~ "A Norwalk jury"): sentences of one story are alike by their
topic, and a reader trusts no confirmation by another actor ("A fire devastated the church"
for "Palin will worship in a local school"). A sentence with no reading (no event, no cue) is
not linked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from storyline.knowledge.ledger_match import (
    CALL_OFF_WORDS,
    MOVED_WORDS,
    NOT_UNTIL,
    content_stems,
    other_days,
    same_name,
    stem,
)
from storyline.knowledge.ledger_reports import ArticleContext, Entry, Report, names_of
from storyline.records import Window

if TYPE_CHECKING:
    from storyline.extract import Event

__all__ = [
    "BAR",
    "SentenceVectors",
    "agrees",
    "doers_of",
    "done_by",
    "linked_sentence",
    "other_occasion_told",
    "reading",
    "same_actor",
    "semantic_report",
    "sentence_labels",
    "use_vectors",
]

#: The cosine similarity (Universal Sentence Encoder) a later sentence needs to the entry's
#: sentence: chosen on the tune half's status pairs only (docs/ledger-guideline.md, round 8).
BAR = 0.50
#: Content words (beside names) two sentences must share when they share no name or place.
SHARED_WORDS = 2
# Sentence vectors kept by text (512 float32 each: 10,000 are ~20 MB for the process's life;
# a story's sentences are hundreds, so one story's analysis never refills it).
_CACHE_LIMIT = 10_000
_MIN_WORDS = 4

# Call-offs and new dates a sentence linked by meaning may tell in words the noun rules do not
# read (a dictionary's call-off and delay verbs, not read off the gold set): "has abandoned its
# bid", "vetoed the bill", "would slip to the autumn", "to delay the trial by two months".
_CALL_OFF_MORE = re.compile(
    r"\b(?:abandon(?:ed|s|ing)?|veto(?:ed|es)?|called\s+it\s+off|not\s+go\s+ahead)\b",
    re.IGNORECASE,
)
_MOVED_MORE = re.compile(
    r"\b(?:slip(?:s|ped|ping)?\s+(?:back\s+)?(?:to|into|until)|delay(?:s|ing)?\b(?=[^.;]*\b(?:to|until|by)\b)|"
    r"push(?:es|ing)?\s+(?:\w+\s+){0,4}?back)",
    re.IGNORECASE,
)


class SentenceVectors:
    """Sentence embeddings with a cache by text, computed in one batch per call."""

    def __init__(self, embed: Callable[[Sequence[str]], np.ndarray]) -> None:
        self._embed = embed
        self._rows: dict[str, np.ndarray] = {}

    def similarities(self, text: str, others: Sequence[str]) -> np.ndarray:
        """The cosine similarity of ``text`` to each of ``others`` (rows are unit vectors)."""
        missing = [t for t in dict.fromkeys([text, *others]) if t not in self._rows]
        if missing:
            if len(self._rows) + len(missing) > _CACHE_LIMIT:
                self._rows.clear()
            for key, row in zip(missing, self._embed(missing), strict=True):
                self._rows[key] = np.asarray(row, dtype=np.float32)
        if not others:
            return np.zeros(0, dtype=np.float32)
        return np.stack([self._rows[o] for o in others]) @ self._rows[text]


@lru_cache(maxsize=1)
def use_vectors() -> SentenceVectors:
    """The Universal Sentence Encoder's vectors, loaded once on first use."""
    from storyline.embed import UseEmbedder

    return SentenceVectors(UseEmbedder().embed)


def reading(sentence: str, labels: set[str]) -> str | None:
    """What a sentence tells of an event, by its own words and its events' labels: ``moved``
    (a new date), ``denied`` (called off, not done), ``expected`` (still ahead), ``happened``,
    or None (nothing to read)."""
    if NOT_UNTIL.search(sentence) or MOVED_WORDS.search(sentence):
        return "moved"
    if _MOVED_MORE.search(sentence):
        return "moved"
    if CALL_OFF_WORDS.search(sentence) or _CALL_OFF_MORE.search(sentence):
        return "denied"
    for label in ("denied", "expected"):
        if label in labels:
            return label
    return "happened" if labels & {"happened", "ongoing"} else None


def agrees(
    entry: Entry,
    home: ArticleContext,
    ctx: ArticleContext,
    index: int,
    canonical: Callable[[str], str],
) -> bool:
    """A later sentence (``ctx``, ``index``) and an entry (its sentence in ``home``) name a
    participant or a place in common, or share :data:`SHARED_WORDS` content words."""
    opener = entry.opener
    theirs = {canonical(n) for n in home.names.get(opener.index, [])} | set(entry.who)
    names = names_of(ctx, index, canonical)
    if any(same_name(a, b) for a in theirs for b in names):
        return True
    places = set(entry.places) | set(home.places.get(opener.index, []))
    if places & set(ctx.places.get(index, [])):
        return True
    shared = content_stems(opener.sentence) & content_stems(ctx.sentences[index])
    return len(shared) >= SHARED_WORDS


_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "those"]
)


def _stems(name: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[\w’'-]+", name.lower()) if w not in _PRONOUNS]


_MODIFIER = re.compile(r"\s+(?:at|in|of|from|on|for|with|near|who|which|that)\s+.*$", re.I)


def _before_modifier(phrase: str) -> str:
    """A noun phrase without its post-modifier, so its last word is its head: "Nurses at St
    Mary's Hospital" -> "Nurses"."""
    return _MODIFIER.sub("", phrase)


def same_actor(names: Sequence[str], subjects: Sequence[str], later: Sequence[str]) -> bool:
    """Whether the entry's actor does a happening of the later sentence (``later``: its actors
    and subjects as written): one of its ``names`` is one referent with a later one ("Laura
    Finch" ~ "Finch"; "Indiana State" is not "Wichita State"), or the head noun of a subject
    it has as written (no name) is in a later one ("the same jury" ~ "A Norwalk jury on
    Tuesday", "Foreign election observers" ~ "About 40 observers"). An entry with neither (a
    pronoun) has no actor to check: no confirmation."""
    heads = [words[-1] for words in map(_stems, map(_before_modifier, subjects)) if words]
    theirs = {w for b in later for w in _stems(b)}
    written = {*later, *(w.strip(",.;:") for b in later for w in b.split())}  # "Barnes was ..."
    return any(same_name(a, b) for a in names for b in written) or any(h in theirs for h in heads)


#: Another occurrence of the kind of event told in a sentence: "five such finals", "in each of
#: their last three meetings", "the previous hearing" (a happening linked by meaning alone).
_OTHER = re.compile(
    r"\b(?:such|another|other|previous|prior|earlier|several|each\s+of|again|once\s+more|"
    r"a\s+(?:second|third|further))\b|"  # "plans a second launch" (round 9)
    r"\b(?:last|previous)\s+(?:time|\w+\s+(?:games|meetings|matches|times))\b",
    re.IGNORECASE,
)


def other_occasion_told(sentence: str) -> bool:
    """Whether a sentence tells another occurrence of a kind of event (see ``_OTHER``)."""
    return _OTHER.search(sentence) is not None


def linked_sentence(
    vectors: SentenceVectors,
    entry: Entry,
    contexts: Mapping[str, ArticleContext],
    ctx: ArticleContext,
    skip: set[int],
    canonical: Callable[[str], str],
    own: frozenset[int] = frozenset(),
) -> int | None:
    """The index of the sentence of a later article (``ctx``) most like the entry's, when it is
    like enough (:data:`BAR`) and agrees with it (:func:`agrees`); None also when the most like
    sentence is one of ``skip`` (cited by another entry: the article's report of that one).
    Sentences the entry already cites (``own``: a restatement) are not candidates, so another
    sentence of the article can still tell what became of it (round 9)."""
    indices = [
        i for i, s in sorted(ctx.sentences.items()) if len(s.split()) >= _MIN_WORDS and i not in own
    ]
    if not indices:
        return None
    plan = entry.opener.sentence
    scores = vectors.similarities(plan, [ctx.sentences[i] for i in indices])
    best = int(np.argmax(scores))
    index = indices[best]
    if float(scores[best]) < BAR or index in skip:
        return None  # not like enough, or most like a sentence that is another entry's
    home = contexts[entry.opener.article_id]
    return index if agrees(entry, home, ctx, index, canonical) else None


def semantic_report(
    entry: Entry,
    ctx: ArticleContext,
    at: tuple[str, int, date | None],
    found: tuple[int, str],
    canonical: Callable[[str], str],
) -> Report:
    """The report of a sentence linked by meaning (``found``: its index and reading) in an
    article (``at``: id, rank, publication day), about the entry's event."""
    index, label = found
    expressions = ctx.times.get(index, [])
    times = [w for w in map(Window.from_time, expressions) if w]
    return Report(
        *at, index, ctx.sentences[index], entry.opener.what, "",
        entry.families, who=[], names=names_of(ctx, index, canonical),
        where=list(ctx.places.get(index, [])), window=times[0] if times else None,
        label=label, cue="meaning", attributed_to=None, noun=None, again=False, nominal=True,
        when_text=expressions[0].text if expressions else "",
    )  # fmt: skip


def done_by(entry: Entry, doers: Mapping[int, list[str]], ctx: ArticleContext, index: int) -> bool:
    """A happening linked by meaning alone tells the entry's event when the entry's actor
    does it (:func:`same_actor`) and, when the entry gave a time, it is dated too (an
    undated happening may be another occurrence: "Klitschko improved his record to 52-3"
    for "Klitschko will fight Povetkin in March or April"), and tells no other occurrence
    ("five such finals")."""
    if any(r.when_text for r in entry.reports) and not ctx.times.get(index):
        return False
    written = [t.text for t in ctx.times.get(index, [])]
    if written and other_days([r.when_text for r in entry.reports], written[0]):
        return False  # "arrived at court on Monday" for "the verdict is expected on Thursday"
    if other_occasion_told(ctx.sentences[index]):
        return False  # "five such finals", "their last three meetings"
    actors = [a for r in entry.reports for a in r.actor] or entry.who
    subjects = [r.subject for r in entry.reports if r.subject]
    return same_actor(actors, subjects, doers.get(index, []))


def doers_of(
    events: Sequence[Event], ctx: ArticleContext, canonical: Callable[[str], str]
) -> dict[int, list[str]]:
    """Who does each sentence's happenings: their actors and subjects as written, or for one
    with neither the names of the sentence, or its words ("Barnes was charged": the parse gave
    no subject and the recogniser no name)."""
    doers: dict[int, list[str]] = {}
    for e in events:
        if e.modality.label in {"happened", "ongoing"}:
            found = [canonical(n) for n in e.actor] + ([e.subject] if e.subject else [])
            found = found or sorted(names_of(ctx, e.sentence_index, canonical)) or [e.sentence]
            doers.setdefault(e.sentence_index, []).extend(found)
    return doers


def sentence_labels(events: Sequence[Event]) -> dict[int, set[str]]:
    """The modality labels of each sentence's events (a sentence may tell several)."""
    labels: dict[int, set[str]] = {}
    for e in events:
        labels.setdefault(e.sentence_index, set()).add(e.modality.label)
    return labels
