"""The read stage of an ingest: each input loaded, parsed and stored with what it holds.

Functions over a :class:`~storyline.store.Store`, called by
:class:`~storyline.pipeline.Pipeline` in input order. Each input is stored in its own
transaction with its articles and rejections, so a failure never loses what was stored before;
an input that cannot be read or parsed becomes a :class:`~storyline.records.Rejection` (a
counted reason on the report), never a crash.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future
from dataclasses import replace
from typing import Any, BinaryIO

from storyline import ingest
from storyline.config import IngestConfig
from storyline.errors import InputError, StoreValueError
from storyline.ingest import ParseResult, Source, merged_metadata, source_label
from storyline.pipeline.report import IngestReport
from storyline.records import Article, RawInput, Rejection
from storyline.store import Store

__all__ = ["load_one", "parse_on", "reject", "store_parsed"]


def load_one(
    store: Store,
    config: IngestConfig,
    source: Source,
    metadata: Mapping[str, Mapping[str, Any]],
    stdin: BinaryIO | None,
    report: IngestReport,
) -> tuple[RawInput, dict[str, Any] | None] | None:
    """The input's bytes and sidecar metadata; None if stored before or unreadable."""
    try:
        raw = ingest.load(source, config, stdin=stdin or sys.stdin.buffer)
        if store.has_raw(raw.sha256):
            report.already_stored += 1
            return None
        return raw, merged_metadata(source, metadata)
    except InputError as exc:
        reject(store, report, Rejection(source_label(source), exc.reason), None)
    except Exception as exc:  # a reader bug must not end the run: record it, go on
        reject(store, report, Rejection(source_label(source), _unexpected(exc)), None)
    return None


def parse_on(
    executor: Executor | None, raw: RawInput, sidecar: dict[str, Any] | None, config: IngestConfig
) -> Future[ParseResult]:
    """``raw`` parsed on ``executor``, or here (a future already done, with its error)."""
    if executor is not None:
        return executor.submit(ingest.parse, raw, sidecar, config)
    parsed: Future[ParseResult] = Future()
    try:
        parsed.set_result(ingest.parse(raw, sidecar, config))
    except Exception as exc:
        parsed.set_exception(exc)
    return parsed


def store_parsed(
    store: Store,
    path: str,
    raw: RawInput,
    parsed: Future[ParseResult],
    report: IngestReport,
    record: Callable[[RawInput], None] | None = None,
) -> list[Article]:
    """Store the input and what parsing it found (articles, rejections), and what
    ``record`` writes, in one transaction; a parser that failed rejects the input."""
    try:
        result = parsed.result()
    except InputError as exc:
        return reject(store, report, Rejection(path, exc.reason), None)
    except Exception as exc:  # a parser bug must not end the run: record it, go on
        return reject(store, report, Rejection(path, _unexpected(exc)), None)
    seq = store.next_seq()
    articles = [replace(a, seq=seq + i) for i, a in enumerate(result.articles)]
    try:
        with store.transaction():
            store.add_raw(raw)
            store.add_articles(articles)
            for rejection in result.rejections:
                store.add_rejection(rejection, raw.sha256)
            if record is not None:
                record(raw)
    except StoreValueError as exc:  # nothing of this input was written; go on
        return reject(store, report, Rejection(path, f"the store cannot hold it: {exc}"), None)
    report.rejected.extend(result.rejections)
    return articles


def reject(
    store: Store, report: IngestReport, rejection: Rejection, sha: str | None
) -> list[Article]:
    """Record ``rejection`` (of the input with hash ``sha``, if known); no articles."""
    with store.transaction():
        store.add_rejection(rejection, sha)
    report.rejected.append(rejection)
    return []


def _unexpected(exc: BaseException) -> str:
    return f"unexpected error while reading ({type(exc).__name__}: {exc}); please report"
