"""The ``storyline`` command: a thin adapter. Parse, call one library function, format.

``--json`` output keys are documented in the README and relied on by scripts.
Progress bars go to stderr, so stdout stays clean JSON.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import (
    Follower,
    IngestReport,
    MissingExtraError,
    Pipeline,
    ProgressCallback,
    Settings,
    StorylineError,
    all_entities,
    all_expectations,
    dask_executor,
    default_db_path,
    load_metadata_manifest,
    open_store,
    story_view,
)

app = typer.Typer(
    help="Storyline: turn a pile or a stream of news articles into stories you can follow.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

_STAGE_LABELS = {
    "read": "Reading inputs",
    "cluster": "Clustering",
    "analyse": "Analysing stories",
}


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


@app.callback()
def _main(ctx: typer.Context, db: DbOption = None) -> None:
    """Storyline: turn a pile or a stream of news articles into stories you can follow."""
    ctx.obj = _State(db=db or default_db_path())


@contextmanager
def _pipeline(ctx: typer.Context) -> Any:
    state: _State = ctx.obj
    try:
        with open_store(state.db) as store:
            yield Pipeline(store, Settings())
    except StorylineError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc


@contextmanager
def _progress_bar(enabled: bool) -> Any:
    if not enabled:
        yield None
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


@contextmanager
def _executor(args: _IngestArgs) -> Iterator[Executor | None]:
    if args.workers is None and args.scheduler is None:
        yield None
        return
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO lines are noise here
    with dask_executor(workers=args.workers, scheduler=args.scheduler) as executor:
        yield executor


def _do_ingest(ctx: typer.Context, args: _IngestArgs) -> IngestReport:
    with _pipeline(ctx) as pipeline:
        manifest = load_metadata_manifest(args.meta) if args.meta else None
        # one ingest at a time per store (another shell's, a server's): each clusters against
        # every story stored before it
        with (
            pipeline.store.writer_lock(),
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


def _print_rejections(report: IngestReport) -> None:
    err.print(
        f"Ingested {report.ingested} article(s); {report.already_stored} input(s) already "
        f"stored; {len(report.rejected)} rejected."
    )
    for rejection in report.rejected:
        entry = f" [{rejection.entry}]" if rejection.entry else ""
        where = escape(f"{rejection.path}{entry}")
        err.print(f"  [yellow]rejected[/] {where}: {escape(rejection.reason)}", soft_wrap=True)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: PathsArg,
    json_out: JsonOption = False,
    meta: MetaOption = None,
    analyse: AnalyseOption = True,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Ingest articles (text, HTML, RSS/Atom, JSON Lines, WARC) and assign them to stories."""
    report = _do_ingest(ctx, _IngestArgs(paths, meta, analyse, workers, scheduler))
    if json_out:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_rejections(report)


@app.command()
def stories(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """List the stories, most recently reported first."""
    with _pipeline(ctx) as pipeline:
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
    ctx: typer.Context, story_id: str, json_out: JsonOption = False, as_of: AsOfOption = None
) -> None:
    """Show one story: its articles, removed boilerplate, duplicates and why they are together,
    its summary and its expectation ledger."""
    day = _as_of(as_of)
    with _pipeline(ctx) as pipeline:
        view = pipeline.story_document(story_id, as_of=day)
    for notice in view.get("notices", []):
        err.print(f"[yellow]note:[/] {escape(notice)}", soft_wrap=True)
    if json_out:
        print(json.dumps(view, ensure_ascii=False, indent=2))
        return
    _print_story(view)
    _print_knowledge(view)


def _print_knowledge(view: dict[str, Any]) -> None:
    if view.get("summary"):
        out.print("\n[bold]Summary[/]")
        for s in view["summary"]:
            out.print(
                f"- {s['text']}  [{s['article_id']}#{s['sentence_index']}]",
                markup=False,
                highlight=False,
            )
    if "expectations" in view:
        out.print(f"\n[bold]Expectations[/] (as of {view.get('as_of') or 'an unknown date'})")
        for x in view["expectations"]:
            _print_expectation(x)
        if not view["expectations"]:
            out.print("  none")


def _print_expectation(x: dict[str, Any]) -> None:
    when = x["when"]["start"] + ".." + x["when"]["end"] if x["when"] else "no date"
    out.print(
        f"- [{x['status']}] {x['what']} ({', '.join(x['who'])}; "
        f"{', '.join(x['where']) or 'no place'}; {when}): {x['note']}",
        markup=False,
        highlight=False,
    )
    first = x["first_reported"]
    source = f", per {x['attributed_to']}" if x["attributed_to"] else ""
    out.print(
        f"    first {first['article_id']}#{first['sentence_index']}{source}: {first['sentence']}",
        markup=False,
        highlight=False,
    )
    for cite in x["evidence"]:
        out.print(
            f"    {cite['role']} {cite['article_id']}#{cite['sentence_index']}: {cite['sentence']}",
            markup=False,
            highlight=False,
        )


def _print_story(view: dict[str, Any]) -> None:
    out.print(f"[bold]{view['title']}[/]  ({view['id']})", markup=True, highlight=False)
    out.print(
        f"{view['n_articles']} articles, {view['independent_origins']} independent origins, "
        f"first reported {view['first_reported'] or 'on an unknown date'}"
    )
    why = {e["article_id"]: e for e in view["explanations"]}
    for art in view["articles"]:
        copy = f" (copy of {art['duplicate_of']})" if art["duplicate_of"] else ""
        out.print(
            f"\n- {art['published'] or '????-??-??'} {art['source'] or '?'}: {art['title']}{copy}",
            markup=False,
        )
        out.print(f"  {art['id']}  {art['path']}  [{art['language'] or '?'}]", markup=False)
        for removed in art["removed_lines"]:
            out.print(f"  removed ({removed['rule']}): {removed['line']}", markup=False)
        if art["id"] in why and why[art["id"]]["reason"]:
            out.print(f"  why: {why[art['id']]['reason']}", markup=False)


@contextmanager
def _needs_nlp() -> Any:
    """Without the NLP extra: one line naming it (brackets escaped from rich markup), exit 1."""
    try:
        yield
    except MissingExtraError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc


@app.command()
def entities(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """List the named entities across stories, most mentioned first."""
    with _pipeline(ctx) as pipeline, _needs_nlp():
        rows = all_entities(pipeline.store)
    if json_out:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(rows)} entities")
    for column in ("name", "type", "mentions", "aliases", "stories"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["name"],
            r["type"],
            str(r["n_mentions"]),
            ", ".join(r["aliases"]),
            ", ".join(r["stories"]),
        )
    out.print(table)


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
) -> None:
    """List the expectation ledger across stories: what was expected, and what became of it."""
    day = _as_of(as_of)
    with _pipeline(ctx) as pipeline, _needs_nlp():
        rows = all_expectations(pipeline.store, status=status, as_of=day)
    if json_out:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(rows)} expectations")
    for column in ("status", "what", "who", "when", "story", "note"):
        table.add_column(column)
    for x in rows:
        when = x["when"]["start"] + ".." + x["when"]["end"] if x["when"] else "?"
        table.add_row(
            x["status"], x["what"], ", ".join(x["who"]), when, x["story_title"], x["note"]
        )
    out.print(table)


@app.command()
def analyse(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """Finish the analysis: compute the entities, events and expectation ledger of every story
    whose knowledge is missing or stale (an ingest was stopped, or ran with --no-analyse)."""
    with _pipeline(ctx) as pipeline, _needs_nlp(), pipeline.store.writer_lock():
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
) -> None:
    """Ingest, then print the stories in the database."""
    report = _do_ingest(ctx, _IngestArgs(paths, meta, analyse, workers, scheduler))
    _print_rejections(report)
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
) -> None:
    """Serve the stories: web pages at / and a JSON API under /api/ (schema at /openapi.json)."""
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
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    if host not in _LOOPBACK:
        err.print(f"[yellow]warning:[/] serving on {host}, reachable from other machines")
    mode = "writes need the token in $" + token_env if token else "read-only (no write token)"
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

    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, log_level="info")
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
    )
