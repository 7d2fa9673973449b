"""What a story says: its entities, events, timeline, summary and expectation ledger.

:func:`analyse_story` runs the extraction (:mod:`storyline.extract`: one spaCy pass per article
gives its sentences, name mentions and events; the date grammar its time expressions) over a
story's articles and assembles the story-level views:

* **entities**: the mentions of every article grouped into canonical entities
  (:func:`~storyline.extract.entities.canonicalise`, acronyms defined in any article included);
* **events**: who did (or will do) what, where and when, names made story-canonical;
* **timeline** (:mod:`storyline.knowledge.timeline`), **summary**
  (:mod:`storyline.knowledge.summary`) and the **expectation ledger**
  (:mod:`storyline.knowledge.expectations`).

What is read: each article's cleaned ``text`` (never the raw text), dated by its publication.
Articles in another language than English are skipped (the model is English; an article of
unknown language is tried). Exact copies (``duplicate_kind == "exact"``) are analysed for their
entities but neither resolve expectations nor feed the summary: a copy is not a new report.

The per-article analysis is cached in the store (:meth:`Store.put_analysis`) under the article
id, with a key made of :data:`ANALYSIS_VERSION`, the publication date and a hash of the text: a
changed text or a newer extractor recomputes it. :func:`warm_cache` fills the cache (the
pipeline may call it at ingest time), so ``storyline show`` is fast from the second time on.

The ledger's clock (``as_of``): the day given, else the latest publication date in the store
(the stream's clock), else the story's own latest one; never the wall clock.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import multiprocessing
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from storyline.config import AnalysisConfig
from storyline.errors import ConfigError
from storyline.knowledge.expectations import (
    STATUSES,
    ArticleContext,
    Expectation,
    apply_clock,
    apply_clock_view,
    open_ledger,
)
from storyline.knowledge.ledger_reports import unique
from storyline.knowledge.ledger_semantic import use_vectors
from storyline.knowledge.stories import story_title
from storyline.knowledge.summary import SummarySentence, summarise
from storyline.knowledge.timeline import TimelineItem, build_timeline
from storyline.records import Article

if TYPE_CHECKING:
    from storyline.extract import Entity, Event, Mention, Sentence, TimeExpression
    from storyline.store import Store

__all__ = [
    "ANALYSIS_VERSION",
    "ArticleAnalysis",
    "StoryKnowledge",
    "all_entities",
    "all_expectations",
    "analyse_articles",
    "analyse_story",
    "analysis_key",
    "entity_view",
    "event_view",
    "knowledge_at",
    "open_story",
    "story_articles",
    "warm_cache",
]

#: Bump when the extraction changes what it yields: cached analyses are then recomputed.
ANALYSIS_VERSION = 21  # what each version changed: docs/architecture.md, "Analysis versions"

_PERSONS = frozenset({"PERSON", "ORG"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


@dataclass(slots=True)
class ArticleAnalysis:
    """What the extraction yields for one article (the cached unit)."""

    article_id: str
    key: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    skipped: str | None = None  # why the article was not analysed (then all lists are empty)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "key": self.key,
            "sentences": [[s.index, s.start, s.end, s.text] for s in self.sentences],
            "mentions": [_mention_dict(m) for m in self.mentions],
            "events": [_event_dict(e) for e in self.events],
            "times": [_time_dict(t) for t in self.times],
        }
        return data if self.skipped is None else {**data, "skipped": self.skipped}

    @classmethod
    def from_dict(cls, article_id: str, data: Mapping[str, Any]) -> ArticleAnalysis:
        from storyline.extract import Mention, Sentence

        return cls(
            article_id=article_id,
            key=str(data["key"]),
            sentences=[Sentence(*row) for row in data["sentences"]],
            mentions=[Mention(**{**m, "article_id": article_id}) for m in data["mentions"]],
            events=[_event_from(e, article_id) for e in data["events"]],
            times=[t for t in map(_time_from, data["times"]) if t is not None],
            skipped=data.get("skipped"),
        )

    def extend(self, piece: ArticleAnalysis, offset: int) -> None:
        """Append the analysis of the piece of this article's text that starts at ``offset``
        (its sentences numbered on from this one's, every offset moved by ``offset``)."""
        base = len(self.sentences)
        self.sentences.extend(
            replace(s, index=s.index + base, start=s.start + offset, end=s.end + offset)
            for s in piece.sentences
        )
        self.mentions.extend(
            replace(m, sentence=m.sentence + base, start=m.start + offset, end=m.end + offset)
            for m in piece.mentions
        )
        self.times.extend(_moved(t, offset) for t in piece.times)
        self.events.extend(
            replace(
                e,
                sentence_index=e.sentence_index + base,
                start=e.start + offset,
                end=e.end + offset,
                trigger_start=e.trigger_start + offset,
                trigger_end=e.trigger_end + offset,
                when=None if e.when is None else _moved(e.when, offset),
            )
            for e in piece.events
        )

    def context(self, canonical_in_article: Mapping[int, str]) -> ArticleContext:
        """The sentences, names, places and times of the article, by sentence index."""
        ctx = ArticleContext(sentences={s.index: s.text for s in self.sentences})
        for m in self.mentions:
            name = canonical_in_article.get(m.start, m.text)
            if m.type in _PERSONS:
                ctx.names.setdefault(m.sentence, []).append(name)
            elif m.type in _PLACES:
                ctx.places.setdefault(m.sentence, []).append(name)
        starts = [s.start for s in self.sentences]
        for t in self.times:
            i = bisect.bisect_right(starts, t.start) - 1
            if i >= 0:
                ctx.times.setdefault(self.sentences[i].index, []).append(t)
        return ctx


@dataclass(slots=True)
class StoryKnowledge:
    """The story-level views; :meth:`to_dict` gives the keys ``storyline show --json`` adds."""

    entities: list[Entity]
    events: list[Event]
    timeline: list[TimelineItem]
    summary: list[SummarySentence]
    expectations: list[Expectation]
    as_of: date | None = None
    skipped: dict[str, str] = field(default_factory=dict)  # article id -> why not analysed

    def at(self, as_of: date | None) -> StoryKnowledge:
        """The same knowledge with the ledger judged as of that day (see :func:`open_story`)."""
        expectations = [apply_clock(x, as_of) for x in self.expectations]
        return replace(self, expectations=expectations, as_of=as_of)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": [entity_view(e) for e in self.entities],
            "events": [event_view(e) for e in self.events],
            "timeline": [item.to_dict() for item in self.timeline],
            "summary": [s.to_dict() for s in self.summary],
            "expectations": [x.to_dict() for x in self.expectations],
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "skipped_articles": [
                {"article_id": aid, "reason": reason} for aid, reason in self.skipped.items()
            ],
        }


# --- per-article analyses, cached ------------------------------------------------------------


def analysis_key(article: Article) -> str:
    """What a cached analysis must match: extractor version, publication date, text."""
    published = "" if article.published is None else article.published.isoformat()
    raw = f"{ANALYSIS_VERSION}\x00{published}\x00{article.text}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def analyse_articles(
    articles: Sequence[Article],
    *,
    cache: Store | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    config: AnalysisConfig | None = None,
) -> dict[str, ArticleAnalysis]:
    """The analysis of each article, from the cache when it is current, else computed (and
    then cached). Raises :class:`~storyline.errors.MissingExtraError` without spaCy or its
    model, when something has to be computed.

    ``config``: a text is read in pieces of at most ``piece_chars`` characters (the results
    joined, offsets in the whole text); one over ``max_chars`` is not read at all, its analysis
    empty with the reason in ``skipped``."""
    cfg = config or AnalysisConfig()
    found: dict[str, ArticleAnalysis] = {}
    missing: list[Article] = []
    for article in articles:
        cached = _from_cache(cache, article, cfg)
        if cached is not None:
            found[article.id] = cached
        elif len(article.text) > cfg.max_chars:
            found[article.id] = _too_long(article, cfg)
            if cache is not None:
                cache.put_analysis(article.id, found[article.id].to_dict())
        else:
            missing.append(article)
    computed = (
        _compute(missing, n_process=n_process, batch_size=batch_size, piece_chars=cfg.piece_chars)
        if missing
        else []
    )
    for analysis in computed:
        found[analysis.article_id] = analysis
        if cache is not None:
            cache.put_analysis(analysis.article_id, analysis.to_dict())
    return {a.id: found[a.id] for a in articles}


def warm_cache(
    store: Store,
    articles: Iterable[Article],
    *,
    n_process: int = 1,
    config: AnalysisConfig | None = None,
) -> int:
    """Analyse the articles whose cached analysis is missing or stale; how many were."""
    cfg = config or AnalysisConfig()
    todo = [a for a in articles if _readable(a) and _from_cache(store, a, cfg) is None]
    if todo:
        analyse_articles(todo, cache=store, n_process=n_process, config=cfg)
    return len(todo)


def _from_cache(
    cache: Store | None, article: Article, config: AnalysisConfig
) -> ArticleAnalysis | None:
    if cache is None:
        return None
    data = cache.get_analysis(article.id)
    if not data or data.get("key") != analysis_key(article):
        return None
    if data.get("skipped") and len(article.text) <= config.max_chars:
        return None  # skipped under a lower ceiling: analyse it now
    try:
        return ArticleAnalysis.from_dict(article.id, data)
    except (KeyError, TypeError, ValueError):
        return None  # written by another version: recompute


def _too_long(article: Article, config: AnalysisConfig) -> ArticleAnalysis:
    reason = (
        f"not analysed: its text has {len(article.text):,} characters, over the analysis "
        f"ceiling of {config.max_chars:,} (AnalysisConfig.max_chars)"
    )
    return ArticleAnalysis(article.id, analysis_key(article), skipped=reason)


def _compute(
    articles: Sequence[Article], *, n_process: int, batch_size: int, piece_chars: int
) -> list[ArticleAnalysis]:
    """The analyses of ``articles``, in order; with ``n_process > 1`` in that many worker
    processes, each running the whole per-article analysis on its share (only the small
    results travel back, and this process stays idle meanwhile). The workers are forked with
    the model in memory and its objects frozen out of the garbage collector, tune their
    ``malloc`` (:mod:`storyline.extract._malloc`) and take guided chunks (:func:`_chunks`)."""
    items = [_Item(a.id, a.text, a.published, analysis_key(a)) for a in articles]
    analyse = partial(_analyse_items, batch_size=batch_size, piece_chars=piece_chars)
    if n_process <= 1 or len(items) < 2:
        return analyse(items)
    from storyline.extract import nlp

    context = _pool_context()
    if context.get_start_method() == "fork":
        nlp.load_pipeline(parse=True)  # loaded once here, shared by the forked workers
        nlp.lemma("met")
    chunks = _chunks(items, n_process, batch_size)
    workers = min(n_process, len(chunks))
    gc.freeze()  # the model's objects: no worker's collector writes to (so copies) their pages
    try:
        with context.Pool(workers, initializer=_start_worker) as pool:
            done = pool.map(analyse, chunks, chunksize=1)
    finally:
        gc.unfreeze()
    return [analysis for chunk in done for analysis in chunk]


def _chunks(items: Sequence[_Item], n_process: int, batch_size: int) -> list[list[_Item]]:
    """Consecutive chunks, each ``1 / (_CHUNKS_PER_WORKER * n_process)`` of what is left (at
    most ``batch_size``, at least ``_MIN_CHUNK``): big ones first for spaCy's batching, small
    ones last so that the workers finish together (guided scheduling)."""
    chunks: list[list[_Item]] = []
    start = 0
    while start < len(items):
        left = len(items) - start
        size = min(batch_size, max(_MIN_CHUNK, left // (_CHUNKS_PER_WORKER * n_process)))
        chunks.append(list(items[start : start + size]))
        start += size
    return chunks


# Guided chunking of the worker processes' share (tuned on 200 and 600 ECB+ articles, 2
# processes, by the workers' idle time at the end of a run): each chunk is a quarter of a
# worker's share of what is left, down to 4 articles (~0.08 s of work).
_CHUNKS_PER_WORKER = 4
_MIN_CHUNK = 4


@dataclass(frozen=True, slots=True)
class _Item:
    """What a worker needs of an article (not its raw HTML)."""

    article_id: str
    text: str
    published: datetime | None
    key: str


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` where there is one (workers start in milliseconds with the model already in
    memory), else ``spawn`` (each worker loads the model)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _start_worker() -> None:
    from storyline.extract import nlp
    from storyline.extract._malloc import keep_freed_memory

    keep_freed_memory()
    nlp.load_pipeline(parse=True)


def _analyse_items(
    items: Sequence[_Item], batch_size: int, piece_chars: int
) -> list[ArticleAnalysis]:
    """The items' analyses. Each text is parsed in pieces of at most ``piece_chars``
    characters (:func:`~storyline.extract.nlp.split_pieces`; an ordinary article is one), in
    batches of at most ``batch_size`` pieces and :data:`_BATCH_CHARS` characters (one long
    article's pieces are not all parsed at once), and its pieces' analyses are joined."""
    from storyline.extract import found_again, nlp
    from storyline.extract.events import _analyse_doc  # one parse gives sentences and events

    out = [ArticleAnalysis(article_id=item.article_id, key=item.key) for item in items]
    pieces = [
        (k, offset, text)
        for k, item in enumerate(items)
        for offset, text in nlp.split_pieces(item.text, piece_chars)
    ]
    for batch in _batches(pieces, batch_size, _BATCH_CHARS):
        docs = nlp.process_many((text for _, _, text in batch), parse=True, batch_size=len(batch))
        for (k, offset, text), doc in zip(batch, docs, strict=True):
            item = items[k]
            analysis = _analyse_doc(doc, item.published, item.article_id)
            piece = ArticleAnalysis(
                article_id=item.article_id,
                key=item.key,
                sentences=nlp.sentences(doc, text),
                mentions=analysis.mentions,
                events=analysis.events,
                times=analysis.times,
            )
            out[k].extend(piece, offset)
    for k, item in enumerate(items):  # names found in one piece, missed in another
        if len(item.text) > piece_chars:
            starts = [s.start for s in out[k].sentences]
            out[k].mentions = found_again(item.text, out[k].mentions, starts)
    return out


# A batch's characters at most: spaCy parses a batch at once, so memory follows its length.
# 32 ECB+ articles (the default batch_size) are ~59,000 characters: their batches are unchanged.
_BATCH_CHARS = 64_000


def _batches(
    pieces: Sequence[tuple[int, int, str]], batch_size: int, max_chars: int
) -> Iterator[Sequence[tuple[int, int, str]]]:
    """Consecutive runs of at most ``batch_size`` pieces and ``max_chars`` characters (or
    one piece)."""
    start = 0
    while start < len(pieces):
        end, chars = start + 1, len(pieces[start][2])
        while end < len(pieces) and end - start < batch_size:
            chars += len(pieces[end][2])
            if chars > max_chars:
                break
            end += 1
        yield pieces[start:end]
        start = end


def _readable(article: Article) -> bool:
    return bool(article.text.strip()) and article.language in (None, "en")


# --- the story ---------------------------------------------------------------------------------


def analyse_story(
    articles: Sequence[Article],
    *,
    as_of: date | datetime | None = None,
    cache: Store | None = None,
    n_process: int = 1,
    config: AnalysisConfig | None = None,
) -> StoryKnowledge:
    """Entities, events, timeline, summary and expectation ledger of one story's articles.

    ``as_of``: the ledger's day (default: the store's clock, see the module docstring).
    ``cache``: the store that caches per-article analyses (None: no cache). ``config``: see
    :func:`analyse_articles`.
    """
    clock = _as_date(as_of) or _clock(cache, articles)
    found = open_story(articles, until=clock, cache=cache, n_process=n_process, config=config)
    return found.at(clock)


def open_story(
    articles: Sequence[Article],
    *,
    until: date | datetime | None = None,
    cache: Store | None = None,
    n_process: int = 1,
    config: AnalysisConfig | None = None,
) -> StoryKnowledge:
    """:func:`analyse_story` before the clock: the ledger is open (``pending`` entries are not
    yet judged ``overdue``, ``as_of`` is None), so it stays true as the stream's clock moves;
    :meth:`StoryKnowledge.at` (or :func:`knowledge_at` on its JSON view) applies a day.

    ``until``: the ledger leaves out articles published after it (None: it reads them all).
    An article too long to analyse (``skipped_articles``) adds nothing.
    """
    from storyline.extract import canonicalise, find_acronyms

    ordered = sorted(articles, key=_publication_key)
    readable = [a for a in ordered if _readable(a)]
    analyses = analyse_articles(readable, cache=cache, n_process=n_process, config=config)
    skipped = {aid: an.skipped for aid, an in analyses.items() if an.skipped is not None}
    acronyms: dict[str, str] = {}
    for article in readable:
        if article.id not in skipped:
            acronyms = {**find_acronyms(article.text), **acronyms}
    entities = canonicalise({aid: an.mentions for aid, an in analyses.items()}, acronyms=acronyms)
    canonical = _alias_map(entities)
    events = {a.id: _story_names(analyses[a.id].events, canonical) for a in readable}
    originals = [a for a in readable if a.duplicate_kind != "exact"]
    meaning = (config or AnalysisConfig()).ledger_embedder == "use"
    return StoryKnowledge(
        entities=entities,
        events=[e for a in readable for e in events[a.id]],
        timeline=build_timeline(ordered, (e for a in originals for e in events[a.id])),
        summary=summarise(
            originals,
            {a.id: [s.text for s in analyses[a.id].sentences] for a in originals},
            events=(e for a in originals for e in events[a.id]),
            mentions=(m for an in analyses.values() for m in an.mentions),
        ),
        expectations=_ledger(originals, entities, analyses, events, canonical, until, meaning),
        as_of=None,
        skipped=skipped,
    )


def knowledge_at(document: Mapping[str, Any], as_of: date | datetime | None) -> dict[str, Any]:
    """An open story's JSON view (``open_story(...).to_dict()``) as of a day: each pending
    expectation past its window's end becomes overdue, ``as_of`` is set. No extraction runs:
    this is what a cached story costs to judge again when the stream's clock moves."""
    clock = _as_date(as_of)
    return {
        **document,
        "expectations": [apply_clock_view(x, clock) for x in document.get("expectations", [])],
        "as_of": None if clock is None else clock.isoformat(),
    }


def _story_names(events: Sequence[Event], canonical: Mapping[str, str]) -> list[Event]:
    """The events with their participants and places by their story-level names."""
    return [
        replace(
            e,
            who=unique(canonical.get(n, n) for n in e.who),
            where=unique(canonical.get(n, n) for n in e.where),
        )
        for e in events
    ]


def _ledger(
    originals: Sequence[Article],
    entities: Sequence[Entity],
    analyses: Mapping[str, ArticleAnalysis],
    events: Mapping[str, list[Event]],
    canonical: Mapping[str, str],
    until: date | datetime | None,
    meaning: bool = True,
) -> list[Expectation]:
    """The story's ledger; ``meaning``: later sentences are linked by meaning too (the
    Universal Sentence Encoder, loaded on its first use), else by the rules alone."""
    from storyline.extract import canonicalise

    contexts = {}
    names = _name_pattern(entities)
    for article in originals:
        analysis = analyses[article.id]
        local = {
            m.start: entity.name
            for entity in canonicalise({article.id: analysis.mentions})
            for m in entity.mentions
        }
        contexts[article.id] = analysis.context(local)
        _backfill_names(contexts[article.id], names, canonical)
    return open_ledger(
        {a.id: events[a.id] for a in originals},
        {a.id: a.published for a in originals},
        lambda name: canonical.get(name, name),
        until=_as_date(until),
        contexts=contexts,
        vectors=use_vectors() if meaning else None,
    )


def _name_pattern(entities: Sequence[Entity]) -> re.Pattern[str] | None:
    """The names of the story's persons and organisations that are safe to look for verbatim
    in any sentence: names of two words or more, one-word person names, acronyms."""
    surfaces = {
        surface
        for entity in entities
        if entity.type in _PERSONS
        for surface in (entity.name, *entity.aliases)
        if " " in surface or entity.type == "PERSON" or _ACRONYM.match(surface)
    }
    if not surfaces:
        return None
    ordered = sorted(surfaces, key=lambda s: (-len(s), s))
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")


def _backfill_names(
    ctx: ArticleContext, pattern: re.Pattern[str] | None, canonical: Mapping[str, str]
) -> None:
    """Add the story's names that the model missed in a sentence ("Xi Jinping met ..." with
    the sentence-initial name untagged) to the names of that sentence."""
    if pattern is None:
        return
    for index, sentence in ctx.sentences.items():
        found = ctx.names.setdefault(index, [])
        for match in pattern.finditer(sentence):
            name = canonical.get(match.group(), match.group())
            if name not in found:
                found.append(name)


def _alias_map(entities: Sequence[Entity]) -> dict[str, str]:
    """Every surface of every entity (and its article-level names) -> its story-level name."""
    names: dict[str, str] = {}
    for entity in entities:
        for surface in (entity.name, *entity.aliases, *(m.text for m in entity.mentions)):
            names.setdefault(surface, entity.name)
            if not surface.startswith("The "):
                names.setdefault("The " + surface, entity.name)  # publications keep "The"
    return names


def _clock(cache: Store | None, articles: Sequence[Article]) -> date | None:
    if cache is not None:
        latest = cache.latest_published()
        if latest is not None:
            return latest.date()
    dates = [a.published.date() for a in articles if a.published is not None]
    return max(dates) if dates else None


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _publication_key(article: Article) -> tuple[bool, datetime, int]:
    published = article.published.replace(tzinfo=None) if article.published else datetime.min
    return (article.published is None, published, article.seq)


# --- across stories -------------------------------------------------------------------------


def story_articles(store: Store) -> dict[str, list[Article]]:
    """Every story's articles, in publication order, stories in the order they were opened."""
    groups: dict[str, list[Article]] = {sid: [] for sid in store.story_ids()}
    for article in store.iter_articles(order="published"):
        if article.story_id is not None:
            groups.setdefault(article.story_id, []).append(article)
    return groups


def all_expectations(
    store: Store, *, status: str | None = None, as_of: date | datetime | None = None
) -> list[dict[str, Any]]:
    """The ledger across every story: expectation views plus ``story_id``/``story_title``,
    of one status when given (one of :data:`~storyline.knowledge.expectations.STATUSES`)."""
    if status is not None and status not in STATUSES:
        raise ConfigError(f"unknown expectation status {status!r}: use one of {list(STATUSES)}")
    clock = _as_date(as_of) or _clock(store, [])
    rows: list[dict[str, Any]] = []
    for story_id, articles in story_articles(store).items():
        knowledge = analyse_story(articles, as_of=clock, cache=store)
        title = story_title(articles)
        for expectation in knowledge.expectations:
            if status is None or expectation.status == status:
                rows.append({**expectation.to_dict(), "story_id": story_id, "story_title": title})
    return rows


def all_entities(store: Store) -> list[dict[str, Any]]:
    """The entities across every story, merged by (name, type), most mentioned first; each
    with its mentions and the ids of its stories."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for story_id, articles in story_articles(store).items():
        for entity in analyse_story(articles, cache=store).entities:
            view = entity_view(entity)
            row = merged.setdefault(
                (entity.name, entity.type), {**view, "aliases": [], "mentions": [], "stories": []}
            )
            row["aliases"] = unique([*row["aliases"], *view["aliases"]])
            row["mentions"].extend(view["mentions"])
            row["n_mentions"] = len(row["mentions"])
            row["stories"].append(story_id)
    return sorted(merged.values(), key=lambda r: (-r["n_mentions"], r["name"], r["type"]))


# --- views and (de)serialisation -------------------------------------------------------------


def entity_view(entity: Entity) -> dict[str, Any]:
    """``{name, type, aliases, mentions: [{article_id, sentence, start, end, text}]}``;
    ``sentence`` is the sentence index in the article."""
    return {
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "n_mentions": len(entity.mentions),
        "mentions": [
            {
                "article_id": m.article_id,
                "sentence": m.sentence,
                "start": m.start,
                "end": m.end,
                "text": m.text,
            }
            for m in entity.mentions
        ],
    }


def event_view(event: Event) -> dict[str, Any]:
    """One event as JSON (``when``: the time expression and its normalised interval)."""
    return {
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "sentence": event.sentence,
        "predicate": event.predicate,
        "trigger": event.trigger,
        "who": list(event.who),
        "where": list(event.where),
        "when": None if event.when is None else _time_dict(event.when),
        "modality": event.modality.label,
        "attributed_to": event.modality.attributed_to,
        "cue": event.modality.cue,
    }


def _mention_dict(m: Mention) -> dict[str, Any]:
    return {"text": m.text, "type": m.type, "sentence": m.sentence, "start": m.start, "end": m.end}


def _time_dict(t: TimeExpression) -> dict[str, Any]:
    return {
        "text": t.text,
        "start": t.start,
        "end": t.end,
        "grain": t.grain,
        "value_start": None if t.value_start is None else t.value_start.isoformat(),
        "value_end": None if t.value_end is None else t.value_end.isoformat(),
        "resolved": t.resolved,
        "direction": t.direction,
    }


def _moved(t: TimeExpression, offset: int) -> TimeExpression:
    return replace(t, start=t.start + offset, end=t.end + offset)


def _time_from(data: Mapping[str, Any] | None) -> TimeExpression | None:
    if data is None:
        return None
    from storyline.extract import TimeExpression

    start, end = data["value_start"], data["value_end"]
    return TimeExpression(
        text=data["text"],
        start=data["start"],
        end=data["end"],
        grain=data["grain"],
        value_start=None if start is None else date.fromisoformat(start),
        value_end=None if end is None else date.fromisoformat(end),
        resolved=data["resolved"],
        direction=data["direction"],
    )


_EVENT_FIELDS = (
    "sentence_index", "sentence", "predicate", "trigger", "who", "where", "start", "end",
    "trigger_start", "trigger_end", "actor", "subject", "what",
)  # fmt: skip


def _event_dict(e: Event) -> dict[str, Any]:
    data = {name: getattr(e, name) for name in _EVENT_FIELDS}
    data["when"] = None if e.when is None else _time_dict(e.when)
    data["ahead"] = e.ahead
    m = e.modality
    data["modality"] = [m.label, m.attributed_to, m.cue, m.future]
    return data


def _event_from(data: Mapping[str, Any], article_id: str) -> Event:
    from storyline.extract import Event, Modality

    return Event(
        article_id=article_id,
        when=_time_from(data["when"]),
        modality=Modality(*data["modality"]),
        ahead=data.get("ahead"),
        **{name: data[name] for name in _EVENT_FIELDS},
    )
