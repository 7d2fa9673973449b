"""Why the clusterer put an article where it did: a candidate story's scores, and the
:class:`~storyline.records.Assignment` (with its human-readable ``reason``) built from them.

Pure functions over in-memory values; :class:`~storyline.cluster.StoryClusterer` calls them
when it explains a decision (``explain_one``, ``learn_one``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from storyline.cluster.merge_model import MergeModel
from storyline.records import Article, Assignment
from storyline.text.digest import Digest
from storyline.text.features import top_items

__all__ = [
    "Score",
    "Shared",
    "duplicate_assignment",
    "join_assignment",
    "kept_out_assignment",
    "new_story_assignment",
]

SHOWN = 8  # shared terms / names listed in an explanation


@dataclass(slots=True, frozen=True)
class Score:
    """One candidate story's similarity to an article, term by term."""

    story_id: str
    score: float
    lexical: float
    names: float
    dense: float
    gap_days: float | None
    threshold: float  # the one that applies: lexical_threshold when there was no dense term
    lexical_centroid: float = 0.0
    names_member: float = 0.0
    title: float = 0.0
    dense_present: bool = False
    same_language: bool = True
    shared_names: int = 0
    numbers: tuple[float, float] = (0.0, 0.0)  # shared share, year conflict
    story_size: int = 0
    evidence: float = 0.0  # the part of ``score`` added by shared numbers (number_bonus)
    probability: float | None = None  # the learned merge model's, once ranked
    event_day: int | None = None  # a day (ordinal) both speak of: the publication gap ignored
    event_conflict: tuple[int, int] | None = None  # both date their event, days apart
    contributions: tuple[tuple[str, float], ...] = ()


@dataclass(slots=True, frozen=True)
class Shared:
    """The terms and names an article shares with a story, most telling first."""

    terms: tuple[str, ...]
    names: tuple[str, ...]

    @classmethod
    def between(
        cls,
        terms: Mapping[str, float],
        names: Mapping[str, float],
        story_terms: Mapping[str, float],
        story_names: Mapping[str, float],
    ) -> Shared:
        return cls(
            tuple(_shared(terms, story_terms)[:SHOWN]),
            tuple(_drop_covered(_shared(names, story_names))),
        )

    def shown(self) -> str:
        listed = list(dict.fromkeys(self.names[:3] + self.terms[:6]))[:6]
        return ", ".join(listed) or "nothing"


def duplicate_assignment(article: Article, story_id: str, gap_days: float | None) -> Assignment:
    """A duplicate joins the story of the article it duplicates."""
    kind = article.duplicate_kind or "duplicate"
    return Assignment(
        article_id=article.id,
        story_id=story_id,
        new_story=False,
        score=1.0,
        lexical=article.duplicate_similarity or 1.0,
        dense=1.0,
        time_gap_days=gap_days,
        reason=f"duplicate of {article.duplicate_of} ({kind}): joins its story",
    )


def kept_out_assignment(article_id: str, story_id: str, digest: Digest) -> Assignment:
    """A digest page is kept out of stories: a story of its own, which no article joins."""
    return Assignment(
        article_id=article_id,
        story_id=story_id,
        new_story=True,
        score=0.0,
        lexical=0.0,
        dense=0.0,
        time_gap_days=None,
        reason=f"kept out of stories: {digest.reason}",
    )


def join_assignment(
    article_id: str,
    best: Score,
    shared: Shared,
    other: str | None,
    model: MergeModel | None,
    new_story: bool = False,
) -> Assignment:
    """The article joins ``best``'s story (``other``: the runner-up, if any)."""
    gap = "undated" if best.gap_days is None else f"gap {best.gap_days:.1f} d"
    reason = (
        f"joined {best.story_id}: {_decision(best, model, joined=True)} "
        f"(lexical {best.lexical:.2f}, names {best.names:.2f}, dense {best.dense:.2f}, "
        f"{gap}{_dates(best)}); shared: {shared.shown()}"
    )
    return Assignment(
        article_id=article_id,
        story_id=best.story_id,
        new_story=new_story,
        score=best.score,
        lexical=best.lexical,
        dense=best.dense,
        time_gap_days=best.gap_days,
        shared_terms=shared.terms,
        shared_names=shared.names,
        best_other_story=other,
        reason=reason,
    )


def new_story_assignment(
    article_id: str,
    new_id: str,
    best: Score | None,
    shared: Shared | None,
    model: MergeModel | None,
) -> Assignment:
    """The article opens ``new_id``; ``best`` is the closest story it did not join."""
    if best is None or shared is None:
        return Assignment(
            article_id=article_id,
            story_id=new_id,
            new_story=True,
            score=0.0,
            lexical=0.0,
            dense=0.0,
            time_gap_days=None,
            reason="new story: no active story shares its salient terms or names",
        )
    near = join_assignment(article_id, best, shared, best.story_id, model, new_story=True)
    reason = (
        f"new story: the closest story {best.story_id} had "
        f"{_decision(best, model, joined=False)} (lexical {best.lexical:.2f}, names "
        f"{best.names:.2f}, dense {best.dense:.2f}{_dates(best)})"
    )
    return dataclasses.replace(near, story_id=new_id, reason=reason)


def _decision(best: Score, model: MergeModel | None, *, joined: bool) -> str:
    """Why the best candidate was joined or not: its score, or the model's probability."""
    op = ">=" if joined else "<"
    if model is None or best.probability is None:
        return f"score {best.score:.2f} {op} threshold {best.threshold:.2f}"
    top = ", ".join(f"{name} {value:+.2f}" for name, value in best.contributions)
    return (
        f"merge probability {best.probability:.2f} {op} {model.threshold:.2f} "
        f"[top features: {top}], score {best.score:.2f}"
    )


def _dates(best: Score) -> str:
    """The event days that decided, if any: ", same event day D" or ", event days differ"."""
    if best.event_day is not None:
        return f", same event day {date.fromordinal(best.event_day).isoformat()}"
    if best.event_conflict is not None:
        mine, theirs = (date.fromordinal(d).isoformat() for d in best.event_conflict)
        return f", event days differ: {mine} here, {theirs} in the story"
    return ""


def _shared(vec: Mapping[str, float], story: Mapping[str, float]) -> list[str]:
    """Keys in both, by the product of their weights (ties by key)."""
    both = {k: w * story[k] for k, w in vec.items() if k in story}
    return [k for k, _ in top_items(both, SHOWN * 2)]


def _drop_covered(names: list[str]) -> list[str]:
    """Single name tokens already inside a listed multi-word name go ("xi" under "xi jinping")."""
    covered = {tok for n in names if " " in n for tok in n.split()}
    return [n for n in names if " " in n or n not in covered][:SHOWN]
