"""The ``storyline`` command: a thin adapter. Parse, call one library function, format.

``--json`` output keys are documented in the README and relied on by scripts.
Progress bars go to stderr, so stdout stays clean JSON. Where stdout is not a terminal (a pipe,
a file) nothing is wrapped and tables are tab-separated lines under a header line; where stderr
is not a terminal an ingest logs progress lines instead of drawing a bar.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline import (
    Follower,
    IngestReport,
    MissingExtraError,
    Pipeline,
    ProgressCallback,
    Settings,
    StorylineError,
    article_view,
    dask_executor,
    default_db_path,
    load_metadata_manifest,
    open_store,
    story_view,
)
from storyline.cli.across import entity_rows, expectation_rows
from storyline.cli.output import (
    clip,
    err,
    out,
    print_knowledge,
    print_rejections,
    print_story,
    print_table,
)

app = typer.Typer(
    help="Storyline: turn a pile or a stream of news articles into stories you can follow.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_STAGE_LABELS = {
    "read": "Reading inputs",
    "cluster": "Clustering",
    "analyse": "Analysing stories",
}
#: Without a terminal an ingest logs a progress line per stage when it starts, when it ends,
#: and at most this often (seconds) between: a log shows it is alive and stays short (a few
#: hundred lines for a 200,000-article ingest of about half an hour).
PROGRESS_EVERY_S = 10.0
#: ``storyline entities`` shows this many (most mentioned first) unless ``--limit`` is given:
#: a screenful or two of a table; a real archive names thousands.
ENTITIES_SHOWN = 50


@dataclass(slots=True)
class _State:
    db: str | Path


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="STORYLINE_DB",
        help="The store: a SQLite file, or a postgresql://user@host/dbname URL (the postgres "
        "extra; give the password in PGPASSWORD or ~/.pgpass, not on the command line).",
        show_default=False,
    ),
]
CommandDbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store, as `storyline --db` (also accepted here, after the command; this one "
        "wins).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
PathsArg = Annotated[list[str], typer.Argument(help="Files or folders (recursive); - for stdin.")]
MetaOption = Annotated[
    Path | None,
    typer.Option(
        "--meta",
        help='JSON manifest {"file name": {"published": "2022-09-15", "source": ...}} for '
        "inputs that cannot have NAME.meta.json sidecars beside them.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help="Parse the inputs (HTML pages, WARC archives) on a local Dask cluster of this "
        "many processes (the dask extra); cleaning and clustering stay in this process.",
        show_default=False,
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Parse on the running Dask cluster at this address (tcp://host:8786) instead.",
        show_default=False,
    ),
]
AnalyseOption = Annotated[
    bool,
    typer.Option(
        "--analyse/--no-analyse",
        help="Then compute and store the entities, events and expectation ledger of every "
        "story touched (needs the nlp extra; skipped with a note without it), so `show` and "
        "`serve` read them ready.",
    ),
]


MaxFileOption = Annotated[
    str | None,
    typer.Option(
        "--max-file-size",
        help="Reject input files larger than this, e.g. 200MB (default 52.4MB, i.e. 50 MiB).",
        show_default=False,
    ),
]
MaxWarcOption = Annotated[
    str | None,
    typer.Option(
        "--max-warc-size",
        help="Reject WARC archives larger than this, e.g. 8GB (default 2.1GB, i.e. 2 GiB).",
        show_default=False,
    ),
]


@app.callback()
def _main(ctx: typer.Context, db: DbOption = None) -> None:
    """Storyline: turn a pile or a stream of news articles into stories you can follow."""
    ctx.obj = _State(db=db or default_db_path())
    out.soft_wrap = not out.is_terminal  # piped or redirected: one line per line, unwrapped


def _use_db(ctx: typer.Context, db: str | None) -> None:
    """A ``--db`` given after the command overrides the one before it (and $STORYLINE_DB)."""
    if db:
        state: _State = ctx.obj
        state.db = db


@contextmanager
def _pipeline(
    ctx: typer.Context, *, reading: bool = False, settings: Settings | None = None
) -> Any:
    """The pipeline over the store. ``reading``: a command that only reads, which opens a store
    that cannot be written (a shared archive, a read-only volume) read-only."""
    state: _State = ctx.obj
    try:
        with open_store(state.db, read_only="auto" if reading else False) as store:
            yield Pipeline(store, settings or Settings())
    except StorylineError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc


class _ProgressLines:
    """Without a terminal: a line on stderr per stage when it starts, when it ends, and at most
    every :data:`PROGRESS_EVERY_S` seconds between."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}  # stage -> when its last line was printed (inf: ended)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now, last = time.monotonic(), self._last.get(stage)
        ended = done >= total
        if last is not None and (last == math.inf or (not ended and now - last < PROGRESS_EVERY_S)):
            return
        self._last[stage] = math.inf if ended else now
        share = f" ({100 * done // total}%)" if total else ""
        label = _STAGE_LABELS.get(stage, stage)
        err.print(f"{label}: {done:,}/{total:,}{share}", markup=False, highlight=False)


@contextmanager
def _progress_bar(enabled: bool) -> Any:
    if not enabled:
        yield _ProgressLines()
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, transient=True) as progress:
        tasks: dict[str, Any] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(_STAGE_LABELS.get(stage, stage), total=total)
            progress.update(tasks[stage], completed=done, total=total)

        yield tick


@dataclass(frozen=True, slots=True)
class _IngestArgs:
    paths: list[str]
    meta: Path | None
    analyse: bool
    workers: int | None = None
    scheduler: str | None = None
    max_file_size: str | None = None
    max_warc_size: str | None = None

    def settings(self) -> Settings:
        """The settings, with the size limits given on the command line."""
        settings = Settings()
        limits: dict[str, int] = {}
        if self.max_file_size is not None:
            limits["max_file_bytes"] = _size(self.max_file_size, "--max-file-size")
        if self.max_warc_size is not None:
            limits["max_warc_bytes"] = _size(self.max_warc_size, "--max-warc-size")
        return replace(settings, ingest=replace(settings.ingest, **limits))


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?", re.IGNORECASE)


def _size(value: str, option: str) -> int:
    """``200MB``, ``1.5GB``, ``50MiB``, ``1000000``: bytes (MB = 10^6, MiB = 2^20)."""
    match = _SIZE.fullmatch(value.strip())
    if match is None or float(match.group(1)) <= 0:
        message = f"{value!r} is not a size (e.g. 200MB, 2GB, 50MiB or a number of bytes)"
        raise typer.BadParameter(message, param_hint=option)
    power = "kmgt".find(match.group(2).lower()) + 1
    return int(float(match.group(1)) * (1024 if match.group(3) else 1000) ** power)


@contextmanager
def _executor(args: _IngestArgs) -> Iterator[Executor | None]:
    if args.workers is None and args.scheduler is None:
        yield None
        return
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO lines are noise here
    with dask_executor(workers=args.workers, scheduler=args.scheduler) as executor:
        yield executor


def _waiting() -> None:
    err.print("waiting for another ingest to finish (database locked) ...", highlight=False)


def _do_ingest(ctx: typer.Context, args: _IngestArgs) -> IngestReport:
    settings = args.settings()
    with _pipeline(ctx, settings=settings) as pipeline:
        manifest = load_metadata_manifest(args.meta) if args.meta else None
        # one ingest at a time per store (another shell's, a server's): each clusters against
        # every story stored before it
        with (
            pipeline.store.writer_lock(on_wait=_waiting),
            _executor(args) as executor,
            _progress_bar(err.is_terminal) as tick,
        ):
            callback: ProgressCallback | None = tick
            report = pipeline.ingest(
                args.paths,
                metadata=manifest,
                progress=callback,
                analyse=args.analyse,
                executor=executor,
            )
    for notice in report.notices:
        err.print(f"[yellow]note:[/] {escape(notice)}", soft_wrap=True)
    return report


@app.command()
def ingest(
    ctx: typer.Context,
    paths: PathsArg,
    json_out: JsonOption = False,
    meta: MetaOption = None,
    analyse: AnalyseOption = True,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    max_file_size: MaxFileOption = None,
    max_warc_size: MaxWarcOption = None,
    db: CommandDbOption = None,
) -> None:
    """Ingest articles (text, HTML, RSS/Atom, JSON Lines, WARC) and assign them to stories."""
    _use_db(ctx, db)
    args = _IngestArgs(paths, meta, analyse, workers, scheduler, max_file_size, max_warc_size)
    report = _do_ingest(ctx, args)
    if json_out:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_rejections(report)


@app.command()
def stories(ctx: typer.Context, json_out: JsonOption = False, db: CommandDbOption = None) -> None:
    """List the stories, most recently reported first."""
    _use_db(ctx, db)
    with _pipeline(ctx, reading=True) as pipeline:
        _print_stories(pipeline, json_out)


def _print_stories(pipeline: Pipeline, json_out: bool) -> None:
    all_stories = pipeline.stories()
    _note_backlog(pipeline)
    if json_out:
        print(json.dumps([story_view(s) for s in all_stories], ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{len(all_stories)} stories[/], most recently reported first\n")
    for story in all_stories:
        view = story_view(story)
        span = f"{view['first_reported'] or '?'} .. {view['last_reported'] or '?'}"
        origins = f"{story.independent_origins} origin(s)"
        languages = " ".join(story.languages)
        out.print(
            f"{story.id}  {story.n_articles} article(s), {origins}, {span}  {languages}",
            markup=False,
            highlight=False,
        )
        out.print(f"  [bold]{escape(story.title)}[/]", highlight=False)
        if story.sources:
            out.print(f"  {', '.join(story.sources)}", markup=False, highlight=False)


def _note_backlog(pipeline: Pipeline) -> None:
    """A note on stderr when some stories' knowledge is missing or stale."""
    message = pipeline.analysis_backlog().message()
    if message is not None:
        err.print(
            f"[yellow]note:[/] {escape(message)}; `storyline analyse` finishes the analysis",
            soft_wrap=True,
        )


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Judge expectations as of this day (YYYY-MM-DD); default: the latest publication "
        "date in the database.",
        show_default=False,
    ),
]


def _as_of(value: str | None) -> date | None:
    try:
        return None if value is None else date.fromisoformat(value)
    except ValueError as exc:
        message = f"{value!r} is not a date (YYYY-MM-DD)"
        raise typer.BadParameter(message, param_hint="--as-of") from exc


@app.command()
def show(
    ctx: typer.Context,
    story_id: str,
    json_out: JsonOption = False,
    as_of: AsOfOption = None,
    db: CommandDbOption = None,
) -> None:
    """Show one story: its articles, removed boilerplate, duplicates and why they are together,
    its summary and its expectation ledger."""
    _use_db(ctx, db)
    day = _as_of(as_of)
    with _pipeline(ctx, reading=True) as pipeline:
        # A store that cannot be written keeps its knowledge as stored (nothing is recomputed).
        writable = not pipeline.store.read_only
        view = pipeline.story_document(story_id, as_of=day, compute=writable)
    if not writable and view.get("knowledge", {}).get("stale"):
        view.setdefault("notices", []).append(
            "the store is read-only, so its knowledge is shown as stored, not brought up to date"
        )
    for notice in view.get("notices", []):
        err.print(f"[yellow]note:[/] {escape(notice)}", soft_wrap=True)
    if json_out:
        print(json.dumps(view, ensure_ascii=False, indent=2))
        return
    print_story(view)
    print_knowledge(view)


@contextmanager
def _needs_nlp() -> Any:
    """Without the NLP extra: one line naming it (brackets escaped from rich markup), exit 1."""
    try:
        yield
    except MissingExtraError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc


EntitiesLimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        help=f"Show at most this many, most mentioned first (default {ENTITIES_SHOWN}; with "
        "--json every entity); 0: every entity.",
        show_default=False,
    ),
]


@app.command()
def entities(
    ctx: typer.Context,
    limit: EntitiesLimitOption = None,
    json_out: JsonOption = False,
    db: CommandDbOption = None,
) -> None:
    """List the named entities across stories, most mentioned first (each with its latest
    stories, as `GET /api/entities` lists them)."""
    _use_db(ctx, db)
    cap = limit if limit is not None else (0 if json_out else ENTITIES_SHOWN)
    with _pipeline(ctx, reading=True) as pipeline, _needs_nlp():
        total, shown = entity_rows(pipeline, cap)
        _note_backlog(pipeline)
    if json_out:
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    title = f"{total} entities, most mentioned first"
    if len(shown) < total:
        title += (
            f": the first {len(shown)} shown, {total - len(shown)} more "
            "(--limit N shows more, --limit 0 all)"
        )
    cells = [
        (
            r["name"],
            r["type"],
            str(r["mentions"]),
            ", ".join(r["aliases"]),
            ", ".join(r["stories"])
            + (
                f" (+{r['n_stories'] - len(r['stories'])} more)"
                if r["n_stories"] > len(r["stories"])
                else ""
            ),
        )
        for r in shown
    ]
    print_table(title, ("name", "type", "mentions", "aliases", "stories"), cells)


StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        help="Only this status: pending, confirmed, shifted, cancelled, overdue or unreported.",
        show_default=False,
    ),
]


@app.command()
def expectations(
    ctx: typer.Context,
    status: StatusOption = None,
    json_out: JsonOption = False,
    as_of: AsOfOption = None,
    db: CommandDbOption = None,
) -> None:
    """List the expectation ledger across stories: what was expected, and what became of it."""
    _use_db(ctx, db)
    day = _as_of(as_of)
    with _pipeline(ctx, reading=True) as pipeline, _needs_nlp():
        rows = expectation_rows(pipeline, status, day)
        _note_backlog(pipeline)
    if json_out:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    # The claim is the sentence that reported it: cut to half the terminal's width (a table
    # row of two or three lines), whole in a pipe.
    chars = max(60, out.width // 2) if out.is_terminal else math.inf
    cells = []
    for x in rows:
        when = x["when"]["start"] + ".." + x["when"]["end"] if x["when"] else "?"
        claim = x["text"] if chars == math.inf else clip(x["text"], int(chars))
        who = ", ".join(x["who"])
        cells.append((x["status"], x["what"], claim, who, when, x["story_title"], x["note"]))
    columns = ("status", "what", "claim", "who", "when", "story", "note")
    print_table(f"{len(rows)} expectations", columns, cells)


SearchQueryArg = Annotated[
    str, typer.Argument(help="Words to find: all of them, case and accents ignored, no syntax.")
]
SearchLimitOption = Annotated[
    int, typer.Option("--limit", min=1, max=1000, help="At most this many articles.")
]


@app.command()
def search(
    ctx: typer.Context,
    query: SearchQueryArg,
    limit: SearchLimitOption = 20,
    json_out: JsonOption = False,
    db: CommandDbOption = None,
) -> None:
    """Search the articles' titles and texts, best match first (JSON: as GET /api/search)."""
    _use_db(ctx, db)
    with _pipeline(ctx, reading=True) as pipeline:
        store = pipeline.store
        hits = []
        result = store.search_result(query, limit)
        for article_id, snippet in result.hits:
            view = article_view(store.get_article(article_id, light=True))
            fields = ("title", "source", "published", "language", "story_id")
            hits.append(
                {"article_id": article_id, "snippet": snippet, **{k: view[k] for k in fields}}
            )
    if json_out:
        ranking = {"ranking": result.ranking, "approximate": result.approximate}
        answer = {"query": query, "hits": hits, **ranking, "ranked": result.ranked}
        answer["note"] = result.note
        print(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    shown = ("article_id", "published", "source", "story_id", "title", "snippet")
    cells = [[h[k] or "?" for k in shown] for h in hits]
    columns = ("article", "published", "source", "story", "title", "snippet")
    print_table(f"{len(hits)} article(s) match {query!r}, best first", columns, cells)
    if result.note:
        err.print(escape(result.note))


@app.command()
def analyse(ctx: typer.Context, json_out: JsonOption = False, db: CommandDbOption = None) -> None:
    """Finish the analysis: compute the entities, events and expectation ledger of every story
    whose knowledge is missing or stale (an ingest was stopped, or ran with --no-analyse)."""
    _use_db(ctx, db)
    with _pipeline(ctx) as pipeline, _needs_nlp(), pipeline.store.writer_lock(on_wait=_waiting):
        left = pipeline.analysis_backlog(scan=True)
        message = left.message()
        err.print(f"{escape(message)}; analysing" if message else "Every story is analysed.")
        with _progress_bar(err.is_terminal) as tick:
            left, analysed = pipeline.finish_analysis(progress=tick)
    if json_out:
        backlog = {"articles": left.articles, "total": left.total, "stories": len(left.story_ids)}
        print(json.dumps({"backlog": backlog, "analysed_stories": analysed}, indent=2))
    elif analysed:
        err.print(f"Analysed {analysed} stories.")


@app.command()
def run(
    ctx: typer.Context,
    paths: PathsArg,
    json_out: JsonOption = False,
    meta: MetaOption = None,
    analyse: AnalyseOption = True,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    max_file_size: MaxFileOption = None,
    max_warc_size: MaxWarcOption = None,
    db: CommandDbOption = None,
) -> None:
    """Ingest, then print the stories in the database."""
    _use_db(ctx, db)
    args = _IngestArgs(paths, meta, analyse, workers, scheduler, max_file_size, max_warc_size)
    report = _do_ingest(ctx, args)
    print_rejections(report)
    with _pipeline(ctx) as pipeline:
        _print_stories(pipeline, json_out)


def _register_eval() -> None:
    from storyline.cli.evaluate import eval_app, tune_app

    app.add_typer(eval_app, name="eval")
    app.add_typer(tune_app, name="tune")


_register_eval()


def main() -> None:
    """Console entry point."""
    try:
        app()
    except StorylineError as exc:  # pragma: no cover - commands catch their own
        err.print(f"[bold red]error:[/] {exc}")
        sys.exit(1)


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    token_env: Annotated[
        str,
        typer.Option(
            "--token-env",
            help="Environment variable holding the write token for POST /api/ingest; "
            "unset or empty: the server is read-only.",
        ),
    ] = "STORYLINE_TOKEN",
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=32,
            help="Server processes (uvicorn workers). SQLite WAL lets them all read at once; "
            "writes stay one at a time (a lock file beside the store).",
        ),
    ] = 1,
    ingest_process: Annotated[
        bool,
        typer.Option(
            "--ingest-process/--ingest-in-server",
            help="Run POST /api/ingest in one child process (reads never wait for it) or in "
            "the server's own.",
        ),
    ] = True,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls",
            help='Let POST /api/ingest {"urls": [...]} fetch from private, loopback and '
            "link-local addresses (refused by default: a URL could reach this network's "
            "internal services).",
        ),
    ] = False,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow",
            help="Also poll the followed sources (`storyline sources add`) as they fall due, "
            "beside the server, as `storyline follow` does.",
        ),
    ] = False,
    db: CommandDbOption = None,
) -> None:
    """Serve the stories: web pages at / and a JSON API under /api/ (schema at /openapi.json)."""
    _use_db(ctx, db)
    state: _State = ctx.obj
    try:
        import uvicorn  # noqa: F401  (the web extra, checked before anything starts)

        from storyline.web import create_app
        from storyline.web.ingest import IngestLimits
    except ImportError as exc:
        err.print(f"[bold red]error:[/] the web server needs: pip install 'storyline[web]' ({exc})")
        raise typer.Exit(1) from exc
    token = os.environ.get(token_env) or None
    try:
        limits = IngestLimits(allow_private_urls=allow_private_urls)
        web_app = create_app(
            state.db, write_token=token, ingest_process=ingest_process, limits=limits
        )
    except StorylineError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc
    if host not in _LOOPBACK:
        err.print(f"[yellow]warning:[/] serving on {host}, reachable from other machines")
    mode = "writes need the token in $" + token_env if token else "read-only (no write token)"
    if web_app.state.storyline.pipeline.store.read_only:
        mode = "read-only: the store cannot be written"
    err.print(f"Serving {state.db} on http://{host}:{port}/ ({mode}, {workers} worker(s))")
    with _following(ctx, follow):
        _run_server(
            web_app, state, host, port, workers, token_env, ingest_process, allow_private_urls
        )


@contextmanager
def _following(ctx: typer.Context, enabled: bool) -> Iterator[None]:
    """The follower on a thread of its own beside the server, with its own store connection."""
    if not enabled:
        yield
        return
    with _pipeline(ctx) as pipeline:
        follower = Follower(pipeline)
        thread = follower.start(
            lambda report: err.print(
                f"follow: {len(report.sources)} source(s) polled, {report.new} new article(s), "
                f"{report.errors} error(s)"
            )
        )
        err.print(f"Following {len(pipeline.store.list_sources())} source(s) beside the server")
        try:
            yield
        finally:
            follower.stopping.set()
            thread.join(60)


def _run_server(
    web_app: Any,
    state: _State,
    host: str,
    port: int,
    workers: int,
    token_env: str,
    ingest_process: bool,
    allow_private_urls: bool,
) -> None:
    import uvicorn

    from storyline.web import HeaderDeadlineProtocol  # slow request headers: closed

    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, log_level="info", http=HeaderDeadlineProtocol)
        return
    from storyline.web.app import ALLOW_PRIVATE_ENV, DB_ENV, INGEST_PROCESS_ENV, TOKEN_ENV_ENV

    os.environ[DB_ENV], os.environ[TOKEN_ENV_ENV] = str(state.db), token_env
    os.environ[INGEST_PROCESS_ENV] = "1" if ingest_process else "0"
    os.environ[ALLOW_PRIVATE_ENV] = "1" if allow_private_urls else "0"
    uvicorn.run(
        "storyline.web.app:create_app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        http=HeaderDeadlineProtocol,
    )
