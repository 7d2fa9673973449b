"""How an article scores against one story: the clusterer's join decision (pure functions).

:func:`score_pair` combines the lexical, names and dense similarities (each against the story
centroid, its best-matching member, or the larger: ``ClusterConfig.match``), the time factor
(an event day both speak of, else the decay on the publication gap; two event days apart
lower it) and the share of the article's numbers the story mentions, and sets the threshold
that applies (:func:`threshold_for`). :func:`joins` says whether the best candidate is joined.
Every parameter is read from the frozen :class:`~storyline.config.ClusterConfig`; the
clusterer (:mod:`storyline.cluster.clusterer`) holds the learned state and finds candidates.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from storyline.cluster.explain import Score
from storyline.cluster.merge_model import HEADLINE_TERMS, MergeModel
from storyline.cluster.state import Features, Story, centroid_cos, event_day_match, gap_days
from storyline.cluster.state import same_language as _same_language
from storyline.cluster.threshold import small_story_threshold
from storyline.config import ClusterConfig
from storyline.text.features import number_overlap

__all__ = ["joins", "score_pair", "threshold_for", "time_decay", "uses_model"]


def score_pair(
    config: ClusterConfig,
    feats: Features,
    story: Story,
    best_members: tuple[float, float],
    with_dense: bool,
) -> Score:
    """The article's score against the story; ``best_members``: its best member's lexical and
    names dot products (``MemberWindow.best``); ``with_dense``: whether to use embeddings."""
    lexical_centroid = centroid_cos(feats.terms, story.term_sum, story.term_norm2)
    lexical_member, names_member = best_members
    lexical = _match(config, lexical_centroid, [lexical_member])
    names_centroid = centroid_cos(feats.names, story.name_sum, story.name_norm2)
    names = _match(config, names_centroid, [names_member])
    dense = _dense(config, feats.embedding, story) if with_dense and config.weight_dense else None
    # Content words are only comparable within one language: across languages the score
    # rests on names and the (multilingual) embeddings.
    same = _same_language(feats, story)
    mean = _weighted_mean(config, lexical if same else None, names if feats.names else None, dense)
    gap = gap_days(feats.time, story)
    day, conflict = event_day_match(feats.event_days, story.event_days, config.event_day_tolerance)
    # A day both speak of is the same event however late the report: the publication gap
    # does not count then. Both dating their event, on days apart: another event of the
    # same kind, however alike the words (event_conflict_factor).
    time_factor = 1.0 if day is not None else time_decay(config, gap)
    if conflict is not None:
        time_factor *= config.event_conflict_factor
    numbers = number_overlap(feats.numbers, story.numbers, story.years)
    # Two events of one kind share their words but not their figures (tolls, magnitudes,
    # scores, prices, years): the share of the article's numbers the story mentions adds.
    # Not for headline-only articles: one shared number is all their numbers.
    headline = len(feats.term_tf) < config.headline_max_terms
    evidence = 0.0 if headline else config.number_bonus * numbers[0]
    return Score(
        story.id,
        mean * time_factor + evidence,
        lexical,
        names,
        dense or 0.0,
        gap,
        threshold_for(config, feats, dense is not None, len(story.article_ids)),
        lexical_centroid=lexical_centroid,
        same_language=same,
        names_member=names_member,
        title=centroid_cos(feats.title, story.title_sum, story.title_norm2) if same else 0.0,
        dense_present=dense is not None,
        shared_names=sum(1 for n in feats.names if n in story.name_sum),
        numbers=numbers,
        story_size=len(story.article_ids),
        evidence=evidence,
        event_day=day,
        event_conflict=conflict,
    )


def _weighted_mean(
    config: ClusterConfig, lexical: float | None, names: float | None, dense: float | None
) -> float:
    """The weighted mean of the similarities that apply (None: left out, weight and all)."""
    total, weight = (lexical or 0.0) * config.weight_lexical, 0.0
    if lexical is not None:
        weight = config.weight_lexical
    if names is not None:
        total += config.weight_names * names
        weight += config.weight_names
    if dense is not None:
        total += config.weight_dense * dense
        weight += config.weight_dense
    return total / weight if weight > 0 else 0.0


def _match(config: ClusterConfig, centroid: float, members: Iterable[float]) -> float:
    if config.match == "centroid":
        return centroid
    best = max(members, default=0.0)
    return best if config.match == "member" else max(centroid, best)


def uses_model(config: ClusterConfig, model: MergeModel | None, feats: Features) -> bool:
    """Learned: always; auto: for headline-only articles (where it beat the weighted rule)."""
    if model is None:
        return False
    return config.merge_model == "learned" or len(feats.terms) < HEADLINE_TERMS


def joins(model: MergeModel | None, best: Score) -> bool:
    """Whether the article joins its best candidate."""
    # The model was fitted on pairs that all had a dense similarity: without one (no
    # embedder, model "none") the weighted rule with lexical_threshold decides.
    if model is not None and best.probability is not None and best.dense_present:
        return best.probability >= model.threshold
    return best.score >= best.threshold


def threshold_for(
    config: ClusterConfig, feats: Features, has_dense: bool, story_size: int
) -> float:
    """The threshold that applies: headline-only articles (few content words) score lower
    against any story, so they have their own pair of thresholds; other articles need a
    little more to join a story of few articles (storyline.cluster.threshold)."""
    if len(feats.term_tf) < config.headline_max_terms:
        return config.headline_threshold if has_dense else config.headline_lexical_threshold
    base = config.threshold if has_dense else config.lexical_threshold
    return small_story_threshold(base, story_size, config.small_story_margin)


def _dense(config: ClusterConfig, vec: np.ndarray | None, story: Story) -> float | None:
    if vec is None or story.emb_sum is None:
        return None
    norm = float(np.linalg.norm(story.emb_sum))
    if norm == 0.0 or story.emb_sum.shape != vec.shape:
        return None
    centroid = float(vec @ story.emb_sum) / norm
    member = story.members.best_embedding(vec)
    cosine = _match(config, centroid, [] if member is None else [member])
    return max(0.0, (cosine - config.dense_floor) / (1.0 - config.dense_floor))


def time_decay(config: ClusterConfig, gap: float | None) -> float:
    """The factor on a publication gap of ``gap`` days (1 when either side is undated)."""
    if gap is None:
        return 1.0
    floor = config.time_decay_floor
    return floor + (1.0 - floor) * 0.5 ** (gap / config.time_decay_days)
