"""The online story clusterer, river-style: ``learn_one`` / ``predict_one`` / ``explain_one``.

An article is compared with the *active* stories that share its salient words, and joins the
best one when the combined similarity reaches ``ClusterConfig.threshold`` (``lexical_threshold``
when no dense similarity is available for the pair); otherwise it opens a
new story named after it (:func:`storyline.records.story_id_for`). Similarities:

* **lexical**: cosine of sublinear TF-IDF vectors of content words. Document frequencies are
  learned online; an article is weighed with the frequencies *before* it is learned, and a
  story keeps the TF-IDF vectors of its articles as they were when they were learned.
* **names**: the same on capitalised names and multi-word names (a cheap stand-in for named
  entities, see :func:`storyline.text.features.name_keys`).
* **dense**: cosine of sentence embeddings (the article's ``embedding``, else the embedder's),
  only for decisions the first two leave unsure (``ClusterConfig.dense_band``): embeddings are
  computed lazily, at most once per article, and kept on the clusterer's side.

Each is taken against the story centroid, its best-matching recent member, or the larger of
the two (``ClusterConfig.match``); the weighted mean is multiplied by a time decay on the gap to
the story's nearest-in-time article. Candidates come from an inverted index of each story's top
terms and names (a key lists at most ``max_postings`` stories), never from all stories. Stories
without an article for
``max_story_age_days`` (dates known) leave the active set and are compacted (``compact``):
what stays per retired story is small and fixed, so memory follows the active set. Nothing a learn
does walks a whole story: a story that never goes quiet grows its sums, yet its index keys are
re-ranked from the old top keys and the new member's only (``_reindex``), and per candidate
its numbers are looked up, not walked (it keeps a count of its years).

After a story of a few articles grows, it may **split** (``ClusterConfig.split_threshold``,
:mod:`storyline.cluster.split`): when its members form two groups apart, the group without its
first article moves to a new story. And each time a story grows, smaller stories that match it
as a whole **merge** into it (``ClusterConfig.absorb_threshold``, :mod:`storyline.cluster.merge`).
:meth:`StoryClusterer.pop_moves` says which articles moved and why, :meth:`pop_emptied` which
stories were merged away. A decision is taken once, but a story's membership can be corrected
later.

Decisions never depend on dict or set order (ranking ties go to the smaller story id), inputs
are never mutated, and learning the same articles in the same order, with their ``story_id``
set or not, gives the same state.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from storyline.cluster.dense_index import CentroidIndex
from storyline.cluster.explain import (
    Score,
    Shared,
    duplicate_assignment,
    join_assignment,
    kept_out_assignment,
    new_story_assignment,
)
from storyline.cluster.features import TextFeatures, article_feature_text, text_features
from storyline.cluster.members import MemberWindow, QueryVector, SparseRow, Vocabulary
from storyline.cluster.merge import story_gap_days, story_similarity
from storyline.cluster.merge_model import MergeModel, load_merge_model
from storyline.cluster.pairs import candidate_features, rank_learned
from storyline.cluster.posting_index import PostingIndex
from storyline.cluster.scoring import joins, score_pair, time_decay, uses_model
from storyline.cluster.split import SplitWeights, member_similarity, split_of, split_sizes
from storyline.cluster.state import NAME_PREFIX as _NAME_PREFIX
from storyline.cluster.state import Features as _Features
from storyline.cluster.state import Record as _Record
from storyline.cluster.state import Story as _Story
from storyline.cluster.state import add_event_days as _add_event_days
from storyline.cluster.state import add_sparse as _add_sparse
from storyline.cluster.state import compact as _compact
from storyline.cluster.state import days_of as _days
from storyline.cluster.state import gap_days as _gap_days
from storyline.cluster.state import member_features as _member_features
from storyline.cluster.state import prune as _prune
from storyline.cluster.state import restore as _restore
from storyline.cluster.state import subset as _subset
from storyline.config import ClusterConfig, EmbedConfig, check_cluster_config
from storyline.embed import Embedder, unit_vector
from storyline.records import Article, Assignment, story_id_for
from storyline.text.features import is_year, l2_normalise, ranked_items, top_items

__all__ = ["StoryClusterer", "TextFeatures", "article_feature_text", "text_features"]


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # event days are ordinals, times epoch days
_Row = tuple[SparseRow, SparseRow, np.ndarray | None]  # a member's terms, names and vector


def _known_row(row: SparseRow | None, vec: Mapping[str, float]) -> SparseRow | None:
    """The article's row as looked up for ranking (``_features``), when it holds every key of
    ``vec``: then it is what ``Vocabulary.add`` would give (the same ids, in the same order,
    and weights); None when a key was new then."""
    return row if row is not None and row.ids.size == len(vec) else None


class StoryClusterer:
    """Online story clustering of articles fed in publication order.

    >>> from storyline.config import ClusterConfig
    >>> clusterer = StoryClusterer(ClusterConfig())
    >>> # clusterer.predict_one(a) -> story id; clusterer.learn_one(a); clusterer.explain_one(a)
    """

    def __init__(
        self,
        config: ClusterConfig | None = None,
        embedder: Embedder | None = None,
        *,
        lead_chars: int | None = None,
        model: MergeModel | None = None,
    ) -> None:
        config = config or ClusterConfig()
        check_cluster_config(config)
        self.config = config
        self.threshold = config.threshold
        self.lexical_threshold = config.lexical_threshold
        self.headline_threshold = config.headline_threshold
        self.headline_max_terms = config.headline_max_terms
        self.headline_lexical_threshold = config.headline_lexical_threshold
        self.weight_lexical = config.weight_lexical
        self.weight_names = config.weight_names
        self.weight_dense = config.weight_dense
        self.dense_floor = config.dense_floor
        self.number_bonus = config.number_bonus
        self.small_story_margin = config.small_story_margin
        self.match = config.match
        self.idf_prior_docs = config.idf_prior_docs
        self.time_decay_days = config.time_decay_days
        self.time_decay_floor = config.time_decay_floor
        self.event_day_tolerance = config.event_day_tolerance
        self.event_conflict_factor = config.event_conflict_factor
        self.max_story_age_days = config.max_story_age_days
        self.long_story_age_days = config.long_story_age_days
        self.max_active_stories = config.max_active_stories
        self.undated_text_time = config.undated_text_time
        self.max_candidates = config.max_candidates
        self.headline_max_candidates = config.headline_max_candidates
        self.max_postings = config.max_postings
        self.dense_candidates = config.dense_candidates
        self.dense_band = config.dense_band
        self.dense_rescore = config.dense_rescore
        self.query_terms = config.query_terms
        self.index_terms = config.index_terms
        self.max_members = config.max_members
        self.centroid_terms = config.centroid_terms
        self.member_terms = config.member_terms
        self.split_threshold = config.split_threshold
        self.split_weights = config.split_weights
        self.split_ratio = config.split_ratio
        self.split_min_size = config.split_min_size
        self.split_max_size = config.split_max_size
        self.split_min_part = config.split_min_part
        lex, nam, den = config.split_weights
        self._split_weights = SplitWeights(lex, nam, den, config.dense_floor)
        self.split_growth = config.split_growth
        self.absorb_threshold = config.absorb_threshold
        self.absorb_max_size = config.absorb_max_size
        self.headline_absorb_threshold = config.headline_absorb_threshold
        self.headline_absorb_max_size = config.headline_absorb_max_size
        self._story_weights = SplitWeights(
            config.weight_lexical, config.weight_names, config.weight_dense, config.dense_floor
        )
        self._split_sizes = split_sizes(config)
        self.seed = config.seed  # no decision is random; kept for API stability
        self.merge_model = config.merge_model
        self.digest = config.digest
        self.model: MergeModel | None = None
        if config.merge_model in ("learned", "auto"):
            self.model = model if model is not None else load_merge_model()
        self.embedder = embedder if embedder is not None and embedder.dim > 0 else None
        self.lead_chars = EmbedConfig().lead_chars if lead_chars is None else lead_chars
        self._prepared: dict[str, TextFeatures] = {}  # by article id, until it is learned
        self._reset()

    def _reset(self) -> None:
        self._stories: dict[str, _Story] = {}
        self._article_story: dict[str, str] = {}
        self._df: dict[str, int] = {}
        self._name_df: dict[str, int] = {}
        self._n_docs = 0
        # key -> the ids of the active stories indexed under it (storyline.cluster.posting_index)
        self._index = PostingIndex(self.max_postings)
        # active stories' embedding centroids, kept only when searched (dense_candidates)
        self._centroids = CentroidIndex() if self.dense_candidates else None
        self._vocab = Vocabulary()  # ids of the terms and names of stored members
        self._query = QueryVector()  # the scored article's terms and names, while ranking
        self._held: np.ndarray | None = None
        self._expiry: list[tuple[float, str]] = []  # heap of (expiry time, story id)
        self._recent: dict[str, None] = {}  # active story ids (some gone), last grown last
        self._clock: float | None = None  # latest publication time learned, in days
        self._moves: list[Assignment] = []  # articles moved by splits and merges, until popped
        self._emptied: list[str] = []  # stories merged into others, until popped
        # The features of the last article seen (explain_one then learn_one compute them once);
        # the key holds the embedding object itself so that its id() cannot be reused.
        self._cache: tuple[tuple[Any, ...], _Features, object] | None = None

    def get_params(self) -> dict[str, Any]:
        """The parameters (not the learned state), by name, as in :class:`ClusterConfig` (the
        digest settings as a dict, as ``dataclasses.asdict`` gives them)."""
        params = {f.name: getattr(self, f.name) for f in dataclasses.fields(ClusterConfig)}
        params["digest"] = dataclasses.asdict(self.digest)
        return params

    @property
    def n_stories(self) -> int:
        return len(self._stories)

    def story_of(self, article_id: str) -> str | None:
        """The story a learned article is in."""
        return self._article_story.get(article_id)

    # ------------------------------------------------------------------ public API
    def predict_one(self, article: Article) -> str:
        """The story id the article would join (a new one if none). Changes no state."""
        return self.explain_one(article).story_id

    def explain_one(self, article: Article) -> Assignment:
        """The assignment :meth:`predict_one` would make, with why. Changes no learned state
        (vectors it embeds lazily are kept: the article's, candidate stories' first ones)."""
        original = self._duplicate_story(article)
        if original is not None:
            return self._duplicate_assignment(article, original)
        feats = self._features(article)
        if feats.digest is not None:
            return kept_out_assignment(article.id, story_id_for(article.id), feats.digest)
        ranked = self._rank(feats, self._candidates(feats), dense=False)
        if self._needs_dense(feats, ranked[0] if ranked else None):
            ranked = self._dense_rank(feats, ranked, self.dense_rescore)
        best = ranked[0] if ranked else None
        if best is not None and best.dense_present and self._uses_model(feats):
            assert self.model is not None
            ranked = rank_learned(len(feats.terms), ranked, self.model, self.time_decay_days)
            best = ranked[0]
        if best is not None and self._joins(best):
            other = ranked[1].story_id if len(ranked) > 1 else None
            return self._assignment(feats, best, other, new_story=False)
        new_id = story_id_for(article.id)
        return self._new_assignment(feats, new_id, best)

    def candidate_pairs(self, article: Article) -> list[tuple[str, tuple[float, ...]]]:
        """Each candidate story with the merge model's pair features (for training it)."""
        if self._duplicate_story(article) is not None:
            return []
        feats = self._features(article)
        if feats.digest is not None:
            return []
        ranked = self._rank(feats, self._candidates(feats), dense=False)
        if ranked and self.weight_dense > 0:
            ranked = self._dense_rank(feats, ranked, len(ranked))
        features = candidate_features(len(feats.terms), ranked, self.time_decay_days)
        return [(sc.story_id, x) for sc, x in zip(ranked, features, strict=True)]

    def learn_one(self, article: Article, *, reshape: bool = True) -> None:
        """Add the article to its ``story_id`` if set, else to the story it is predicted into.

        Then the story may split (``ClusterConfig.split_threshold``) and small stories may
        merge into it (``ClusterConfig.absorb_threshold``); not with ``reshape=False``, as
        when stored assignments are replayed. :meth:`pop_moves` tells which articles moved,
        :meth:`pop_emptied` which stories lost all their articles. An article id learned
        before is ignored: learning is idempotent.
        """
        if article.id in self._article_story:
            return
        story_id = article.story_id
        if story_id is None:
            story_id = self.predict_one(article)
        story, feats = self._join(article, story_id)
        if feats is not None:
            self._learn_frequencies(feats)
        self._advance_clock(_days(article))
        if reshape and story.active:
            if self.split_threshold and story.records is not None and not story.headlines:
                self._maybe_split(story)
            self._maybe_absorb(self._stories[story_id])

    def _join(self, article: Article, story_id: str) -> tuple[_Story, _Features | None]:
        """Add the article to the story (made if new, revived if retired); its features, None
        for a copy (no evidence: neither to the frequencies nor to the story's vectors) or a
        digest page (kept out: its story is never indexed, so no article joins it)."""
        feats = None if self._duplicate_story(article) is not None else self._features(article)
        if feats is not None and feats.digest is not None:
            feats = None
        self._prepared.pop(article.id, None)
        self._cache = None
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = _Story(story_id, members=self._window())
        elif story.summary is not None:
            _restore(story, self._vocab)  # a retired story revived (its id given, or a duplicate)
        self._article_story[article.id] = story_id
        story.article_ids.append(article.id)
        time = _days(article)
        # an undated article's days come from its text (_features); they date the story, but
        # only publication times move the stream clock that retires stories
        known = time if time is not None or feats is None else feats.time
        if known is not None:
            bisect.insort(story.times, known)
        if feats is not None:
            self._add_member(story, feats)
        self._keep_record(story, feats)
        self._activate(story)
        return story, feats

    def rebuild(self, stories: Mapping[str, Sequence[Article]]) -> bool:
        """Make these stories anew from these learned articles (each story's articles in
        publication order; none: the story is gone), as another writer's splits and merges
        left them: the articles keep their share of the frequencies and the stream clock, and
        join again. False (nothing changed) if an article is not learned, or one of these
        stories' articles would be left in none of them: the caller then learns all again."""
        listed = {a.id for members in stories.values() for a in members}
        held = [a for s in stories if s in self._stories for a in self._stories[s].article_ids]
        if any(a not in self._article_story for a in listed) or any(a not in listed for a in held):
            return False
        for story_id in stories:
            story = self._stories.pop(story_id, None)
            if story is not None:
                self._unindex(story)
        for story_id, members in stories.items():
            for article in members:
                self._join(article, story_id)
        return True

    def pop_moves(self) -> list[Assignment]:
        """The articles that splits and merges moved since the last call (their new story
        and why)."""
        moves, self._moves = self._moves, []
        return moves

    def pop_emptied(self) -> list[str]:
        """The stories merged into others since the last call: they hold no article now."""
        emptied, self._emptied = self._emptied, []
        return emptied

    def learn_many(self, articles: Iterable[Article]) -> None:
        for article in articles:
            self.learn_one(article)

    # ------------------------------------------------------------------ features
    def prepare(self, article: Article, found: TextFeatures | None = None) -> TextFeatures:
        """Compute the article's text features now (from any thread, ahead of its turn): its
        :meth:`explain_one` / :meth:`learn_one` then use them. Changes no decision.
        ``found``: its :func:`text_features` at this clusterer's ``lead_chars`` and ``digest``,
        computed elsewhere (another process)."""
        if found is None:
            found = text_features(article, self.lead_chars, self.digest)
        self._prepared[article.id] = found
        return found

    def _features(self, article: Article) -> _Features:
        text = article_feature_text(article)
        key = (article.id, text, article.published, id(article.embedding), self._n_docs)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        pre = self._prepared.get(article.id)
        if pre is None or pre.text != text or pre.title != (article.title or ""):
            pre = text_features(article, self.lead_chars, self.digest)
        feats = _Features(
            article_id=article.id,
            term_tf=pre.term_tf,
            name_tf=pre.name_tf,
            terms=self._tfidf(pre.term_tf, self._df),
            names=self._tfidf(pre.name_tf, self._name_df),
            title=self._tfidf(pre.title_tf, self._df),
            embedding=unit_vector(article.embedding),
            time=self._time_of(article, pre.event_days),
            language=article.language,
            numbers=pre.numbers,
            event_days=pre.event_days if self.event_day_tolerance >= 0 else (),
            digest=pre.digest,
        )
        feats.term_row = self._vocab.lookup(feats.terms)
        feats.name_row = self._vocab.lookup(feats.names, _NAME_PREFIX)
        if self.embedder is not None and feats.embedding is None:
            feats.lead = pre.lead
        self._cache = (key, feats, article.embedding)
        return feats

    def _time_of(self, article: Article, event_days: tuple[int, ...]) -> float | None:
        """The publication time in days; undated: the latest day its lead speaks of (a report
        comes after what it reports; undated, only dates with their year resolve), when
        undated_text_time; else None (no time signal, never "the same moment" as all)."""
        time = _days(article)
        if time is not None or not event_days or not self.undated_text_time:
            return time
        return float(event_days[-1] - _EPOCH_ORDINAL) + 0.5

    def _tfidf(self, tf: Mapping[str, float], df: Mapping[str, int]) -> dict[str, float]:
        top, get, log = 1 + self._n_docs + self.idf_prior_docs, df.get, math.log
        # = w * idf(df, n_docs), inlined (a call per word): the same arithmetic
        return l2_normalise({t: w * (log(top / (1 + get(t, 0))) + 1.0) for t, w in tf.items()})

    def embedding_of(self, article: Article) -> np.ndarray | None:
        """The article's vector as the clusterer has it: given, or embedded lazily by the last
        :meth:`explain_one` (None when its decision did not need one)."""
        cached = self._cache
        if cached is not None and cached[1].article_id == article.id:
            return cached[1].embedding
        return unit_vector(article.embedding)

    # ------------------------------------------------------------------ lazy dense
    def _needs_dense(self, feats: _Features, best: Score | None) -> bool:
        """Whether the lexical decision on ``best`` (the top lexical candidate) is unsure.

        With dense_candidates, an article with no candidate or one clearly below is embedded
        too: the centroid search may find a story that shares no salient word with it.
        """
        if self.weight_dense <= 0 or (self.embedder is None and feats.embedding is None):
            return False
        if best is None:
            return self.dense_candidates > 0
        if self._uses_model(feats) or len(feats.term_tf) < self.headline_max_terms:
            return True  # headline-only: few words to go by, and a short text embeds cheaply
        low, high = self.dense_band
        if best.score < low * best.threshold:
            return self.dense_candidates > 0
        return best.score < high * best.threshold

    def _dense_rank(self, feats: _Features, ranked: list[Score], k: int) -> list[Score]:
        """The ``k`` best lexical candidates (and the dense_candidates nearest stories),
        rescored with the dense term: the article and the stories without a vector are
        embedded first, in one call."""
        top = [sc.story_id for sc in ranked[:k]]
        self._embed_pending(feats, [self._stories[s] for s in top])
        if self._centroids is not None and feats.embedding is not None:
            now = feats.time if feats.time is not None else self._clock
            seen = set(top)
            for story_id, _ in self._centroids.top(feats.embedding, self.dense_candidates):
                if story_id not in seen and self._is_live(self._stories[story_id], now):
                    top.append(story_id)
        return self._rank(feats, top, dense=True)

    def _embed_pending(self, feats: _Features, stories: list[_Story]) -> None:
        if self.embedder is None:
            return
        pending = [s for s in stories if s.lead is not None]
        texts = [s.lead[0] for s in pending if s.lead is not None]
        if feats.embedding is None and feats.lead:
            texts.append(feats.lead)
        if not texts:
            return
        vectors = self.embedder.embed(texts)
        for story, vec in zip(pending, vectors, strict=False):
            self._add_lead_vector(story, unit_vector(vec))
        if len(vectors) > len(pending):
            feats.embedding = unit_vector(vectors[-1])

    def _add_lead_vector(self, story: _Story, vec: np.ndarray | None) -> None:
        """Give a story the vector of its first article (embedded late: see _Story.lead)."""
        assert story.lead is not None
        number = story.lead[1]
        story.lead = None
        if vec is None or (story.emb_sum is not None and story.emb_sum.shape != vec.shape):
            return
        story.emb_sum = vec.astype(np.float64) if story.emb_sum is None else story.emb_sum + vec
        story.members.set_embedding(number, vec)
        if story.active and self._centroids is not None:
            self._centroids.set(story.id, story.emb_sum)

    # ------------------------------------------------------------------ retrieval
    def _candidates(self, feats: _Features) -> list[str]:
        """The active stories sharing the most salient keys with the article, best first."""
        query = [(t, w) for t, w in top_items(feats.terms, self.query_terms)]
        query += [(_NAME_PREFIX + n, w) for n, w in top_items(feats.names, self.query_terms)]
        overlap = self._index.overlap(query)
        now = feats.time if feats.time is not None else self._clock
        # = nsmallest(limit, live stories, by (-overlap, id)); liveness is only checked down
        # the ranking until enough are found (the first 4 x limit, unless most have gone quiet)
        headline = len(feats.term_tf) < self.headline_max_terms
        limit = self.headline_max_candidates if headline else self.max_candidates
        found: list[str] = []
        for story_id, _ in ranked_items(overlap, 4 * limit):
            if len(found) == limit:
                break
            if self._is_live(self._stories[story_id], now):
                found.append(story_id)
        return found

    def _window(self) -> MemberWindow:
        """A new story's member window: rows enough for a split; the last max_members are
        compared, by their member_terms heaviest terms."""
        size = max(self.max_members, self.split_max_size)
        return MemberWindow(size, self.max_members, self.member_terms)

    def _is_live(self, story: _Story, now: float | None) -> bool:
        last = story.last_time
        if not story.active:
            return False
        return now is None or last is None or now - last <= self._story_age(story)

    def _story_age(self, story: _Story) -> float:
        """How long the story stays active after its last article: max_story_age_days for one
        article, doubling-in-size adds as much again, up to long_story_age_days. A story that
        gathered reports is one that gets follow-ups (the trial, the anniversary)."""
        n = len(story.article_ids)
        age = self.max_story_age_days * (1.0 + math.log2(max(n, 1)))
        return min(age, max(self.long_story_age_days, self.max_story_age_days))

    def _reindex(self, story: _Story, added: _Features | None = None) -> None:
        """Index the story under its top ``index_terms`` terms and names.

        After ``added`` joined an active (so indexed) story, only its old top keys and the
        member's own keys can make the new top: the sums only grow (weights are > 0), so any
        other key is still outranked by the old top ones. Ranking just those gives the same
        keys as ranking the whole sums, at a cost that does not grow with the story."""
        terms_sum, names_sum = story.term_sum, story.name_sum
        if added is not None and story.active:
            cut = len(_NAME_PREFIX)
            old_names = [k[cut:] for k in story.index_keys if k.startswith(_NAME_PREFIX)]
            old_terms = story.index_keys[: len(story.index_keys) - len(old_names)]
            terms_sum = _subset(story.term_sum, old_terms, added.terms)
            names_sum = _subset(story.name_sum, old_names, added.names)
        keys = [t for t, _ in top_items(terms_sum, self.index_terms)]
        keys += [_NAME_PREFIX + n for n, _ in top_items(names_sum, self.index_terms)]
        self._unindex(story)
        self._index.add(story.id, keys)
        story.index_keys = tuple(keys)
        if story.emb_sum is not None and self._centroids is not None:
            self._centroids.set(story.id, story.emb_sum)

    def _unindex(self, story: _Story) -> None:
        self._index.remove(story.id, story.index_keys)
        story.index_keys = ()
        if self._centroids is not None:
            self._centroids.remove(story.id)

    # ------------------------------------------------------------------ scoring
    def _rank(self, feats: _Features, candidates: list[str], *, dense: bool) -> list[Score]:
        rows = tuple(r for r in (feats.term_row, feats.name_row) if r is not None)
        with self._query.holding(rows, len(self._vocab)) as held:
            self._held = held
            try:
                scores = [self._score(feats, self._stories[s], dense) for s in candidates]
            finally:
                self._held = None
        scores.sort(key=lambda sc: (-sc.score, sc.story_id))
        return scores

    def _score(self, feats: _Features, story: _Story, with_dense: bool) -> Score:
        return score_pair(self.config, feats, story, self._best_members(story), with_dense)

    def _best_members(self, story: _Story) -> tuple[float, float]:
        """The best member's lexical and names dot products (members share no key: 0.0)."""
        if self._held is None:
            raise RuntimeError("members are compared while ranking, with the query held")
        return story.members.best(self._held)

    def _uses_model(self, feats: _Features) -> bool:
        return uses_model(self.config, self.model, feats)

    def _joins(self, best: Score) -> bool:
        return joins(self.model, best)

    def _decay(self, gap: float | None) -> float:
        return time_decay(self.config, gap)

    # ------------------------------------------------------------------ learning
    def _learn_frequencies(self, feats: _Features) -> None:
        self._n_docs += 1
        for term in feats.term_tf:
            self._df[term] = self._df.get(term, 0) + 1
        for name in feats.name_tf:
            self._name_df[name] = self._name_df.get(name, 0) + 1

    def _add_member(self, story: _Story, feats: _Features) -> None:
        keep = self.centroid_terms
        norm2 = _add_sparse(story.term_sum, feats.terms, story.term_norm2)
        story.term_norm2 = _prune(story.term_sum, keep, norm2)
        norm2 = _add_sparse(story.name_sum, feats.names, story.name_norm2)
        story.name_norm2 = _prune(story.name_sum, keep, norm2)
        norm2 = _add_sparse(story.title_sum, feats.title, story.title_norm2)
        story.title_norm2 = _prune(story.title_sum, keep, norm2)
        emb = feats.embedding
        if emb is not None and (story.emb_sum is None or story.emb_sum.shape == emb.shape):
            old = story.emb_sum
            story.emb_sum = emb.astype(np.float64) if old is None else np.add(old, emb, dtype=float)
        elif emb is None and feats.lead and len(story.article_ids) == 1:
            story.lead = (feats.lead, story.members.added)
        if feats.language:
            story.languages.add(feats.language)
        _add_event_days(story.event_days, feats.event_days)
        for number in feats.numbers:
            count = story.numbers.get(number, 0)
            story.numbers[number] = count + 1
            if count == 0 and is_year(number):
                story.years += 1
        story.members.add(
            _known_row(feats.term_row, feats.terms) or self._vocab.add(feats.terms),
            _known_row(feats.name_row, feats.names) or self._vocab.add(feats.names, _NAME_PREFIX),
            emb,
        )
        self._reindex(story, feats)

    # ------------------------------------------------------------------ splits
    def _keep_record(self, story: _Story, feats: _Features | None) -> None:
        """Keep what a split or a merge needs of the new member, or stop keeping it."""
        if feats is not None and len(feats.term_tf) < self.headline_max_terms:
            story.headlines += 1  # a headline says too little to split a story on
        if story.records is None:
            return
        if (
            feats is None  # a copy is no member
            or len(story.article_ids) > self.split_max_size
            or not (self.split_threshold or self.absorb_threshold or self.headline_absorb_threshold)
        ):
            story.records = None  # this story is not split any more
            return
        title = self._vocab.add(feats.title)
        story.records.append(
            _Record(
                feats.article_id,
                title,
                feats.time,
                feats.language,
                feats.numbers,
                feats.lead,
                feats.event_days,
            )
        )

    def _maybe_split(self, story: _Story) -> None:
        """Split the story in two when its members form two groups apart (story_split)."""
        records = story.records
        assert records is not None
        if len(records) not in self._split_sizes:
            return
        terms, names, vectors = story.members.rows()
        languages = [r.language for r in records]
        sim = member_similarity(terms, names, vectors, languages, self._split_weights)
        found = split_of(sim, self.split_threshold, self.split_ratio, self.split_min_part)
        if found is None:
            return
        move, between = found
        kept = [i for i in range(len(records)) if not move[i]]
        moved = [i for i in range(len(records)) if move[i]]
        new_id = story_id_for(records[moved[0]].article_id)
        if new_id in self._stories:
            return
        self._unindex(story)
        rows = list(zip(terms, names, vectors, strict=True))
        self._rebuild(story.id, [records[i] for i in kept], [rows[i] for i in kept])
        self._rebuild(new_id, [records[i] for i in moved], [rows[i] for i in moved])
        reason = (
            f"moved from story {story.id} when it split in two: its articles formed two groups "
            f"with mean similarity {between:.2f} < split threshold {self.split_threshold:.2f}"
        )
        for record in (records[i] for i in moved):
            self._moves.append(
                Assignment(record.article_id, new_id, False, between, 0.0, 0.0, None, reason=reason)
            )

    def _rebuild(self, story_id: str, records: list[_Record], rows: list[_Row]) -> None:
        """A story made anew from these members, learned again in their order."""
        story = self._stories[story_id] = _Story(story_id, members=self._window())
        self._move_in(story, records, rows)
        story.records = list(records)
        self._activate(story)

    def _move_in(self, story: _Story, records: list[_Record], rows: list[_Row]) -> None:
        """Learn these members (records and member-window rows) into the story, in order."""
        vocab = self._vocab
        for record, (terms, names, vector) in zip(records, rows, strict=True):
            feats = _member_features(record, vocab, terms, names, vector)
            self._article_story[record.article_id] = story.id
            story.article_ids.append(record.article_id)
            if record.time is not None:
                bisect.insort(story.times, record.time)
            self._add_member(story, feats)

    # ------------------------------------------------------------------ merges
    def _maybe_absorb(self, story: _Story) -> None:
        """Move into the grown story the small stories that match it as a whole (story_merge):
        among the max_candidates active stories sharing the most of its index keys."""
        if not (self.absorb_threshold or self.headline_absorb_threshold):
            return
        overlap = self._index.counts(story.index_keys)
        now = story.last_time if story.last_time is not None else self._clock
        for story_id, _ in top_items(overlap, self.max_candidates):
            small = self._stories[story_id]
            if story_id == story.id:
                continue
            threshold = self._absorb_threshold(small, story, now)
            if threshold is None:
                continue
            gap = story_gap_days(small, story)
            score = story_similarity(small, story, self._story_weights) * self._decay(gap)
            if score >= threshold:
                self._absorb(small, story, score, threshold, gap)

    def _absorb_threshold(self, small: _Story, story: _Story, now: float | None) -> float | None:
        """The threshold for merging ``small`` into the grown ``story``; None when it may not:
        it must be small (and smaller than the story, whose id lives on), live, every article
        a member (no copy), and hold full articles only, unless both hold headlines only."""
        n = len(small.article_ids)
        if small.records is None or len(small.records) != n or not self._is_live(small, now):
            return None
        if not small.headlines:
            limit, threshold = self.absorb_max_size, self.absorb_threshold
        elif small.headlines == n and story.headlines == len(story.article_ids):
            limit, threshold = self.headline_absorb_max_size, self.headline_absorb_threshold
        else:
            return None
        return threshold if threshold and n <= limit and n < len(story.article_ids) else None

    def _absorb(
        self, small: _Story, story: _Story, score: float, threshold: float, gap: float | None
    ) -> None:
        records = small.records
        assert records is not None
        terms, names, vectors = small.members.rows()
        self._unindex(small)
        del self._stories[small.id]
        self._emptied.append(small.id)
        self._move_in(story, records, list(zip(terms, names, vectors, strict=True)))
        story.headlines += small.headlines
        if story.records is not None:
            story.records.extend(records)
            if len(story.records) > self.split_max_size:
                story.records = None  # too large to split any more
        self._activate(story)  # its new last time goes on the expiry heap
        reason = (
            f"moved from story {small.id} into story {story.id} as it grew: the two stories' "
            f"similarity {score:.2f} >= merge threshold {threshold:.2f}"
        )
        for record in records:
            self._moves.append(
                Assignment(record.article_id, story.id, False, score, 0.0, 0.0, gap, reason=reason)
            )

    def _activate(self, story: _Story) -> None:
        if not story.active:
            story.active = True
            self._reindex(story)
        last = story.last_time
        if last is not None:
            heapq.heappush(self._expiry, (last + self._story_age(story), story.id))
        recent = self._recent
        recent[story.id] = recent.pop(story.id, None)  # now the last grown
        while self.max_active_stories and len(recent) > self.max_active_stories:
            quiet = self._stories.get(next(iter(recent)))  # the longest without growing
            if quiet is None or not quiet.active:  # merged away, or retired already
                del recent[next(iter(recent))]
            else:
                self._retire(quiet)

    def _retire(self, story: _Story) -> None:
        """Take the story out of the active set, compacted (storyline.cluster.state.compact)."""
        story.active = False
        story.lead = None  # kept for active stories only
        self._unindex(story)
        _compact(story, self._vocab, self.index_terms)
        self._recent.pop(story.id, None)

    def _advance_clock(self, time: float | None) -> None:
        """Move the stream clock forward and retire the stories that have gone quiet."""
        if time is None or (self._clock is not None and time <= self._clock):
            return
        self._clock = time
        while self._expiry and time > self._expiry[0][0]:
            expiry, story_id = heapq.heappop(self._expiry)
            story = self._stories.get(story_id)  # None: merged into another
            if story is None or not story.active or story.last_time is None:
                continue
            if story.last_time + self._story_age(story) == expiry:  # else a stale entry
                self._retire(story)

    # ------------------------------------------------------------------ explanations
    def _duplicate_story(self, article: Article) -> str | None:
        original = article.duplicate_of
        return None if original is None else self._article_story.get(original)

    def _duplicate_assignment(self, article: Article, story_id: str) -> Assignment:
        gap = _gap_days(_days(article), self._stories[story_id])
        return duplicate_assignment(article, story_id, gap)

    def _assignment(
        self, feats: _Features, best: Score, other: str | None, *, new_story: bool
    ) -> Assignment:
        story = self._stories[best.story_id]
        shared = Shared.between(feats.terms, feats.names, story.term_sum, story.name_sum)
        return join_assignment(feats.article_id, best, shared, other, self.model, new_story)

    def _new_assignment(self, feats: _Features, new_id: str, best: Score | None) -> Assignment:
        if best is None:
            return new_story_assignment(feats.article_id, new_id, None, None, self.model)
        story = self._stories[best.story_id]
        shared = Shared.between(feats.terms, feats.names, story.term_sum, story.name_sum)
        return new_story_assignment(feats.article_id, new_id, best, shared, self.model)
