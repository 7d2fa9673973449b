"""The ``storyline`` command: a thin adapter. Parse, call one library function, format.

``--json`` output keys are documented in the README and relied on by scripts.
Progress bars go to stderr, so stdout stays clean JSON.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import (
    IngestReport,
    Pipeline,
    ProgressCallback,
    Settings,
    StorylineError,
    default_db_path,
    load_metadata_manifest,
    open_store,
    story_detail_view,
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

_STAGE_LABELS = {"read": "Reading inputs", "embed": "Embedding", "cluster": "Clustering"}


@dataclass(slots=True)
class _State:
    db: Path


DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="STORYLINE_DB", help="SQLite database file.", show_default=False),
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
        err.print(f"[bold red]error:[/] {exc}")
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


def _do_ingest(ctx: typer.Context, paths: list[str], meta: Path | None) -> IngestReport:
    with _pipeline(ctx) as pipeline:
        manifest = load_metadata_manifest(meta) if meta else None
        with _progress_bar(err.is_terminal) as tick:
            callback: ProgressCallback | None = tick
            return pipeline.ingest(paths, metadata=manifest, progress=callback)


def _print_rejections(report: IngestReport) -> None:
    err.print(
        f"Ingested {report.ingested} article(s); {report.already_stored} input(s) already "
        f"stored; {len(report.rejected)} rejected."
    )
    for rejection in report.rejected:
        entry = f" [{rejection.entry}]" if rejection.entry else ""
        err.print(f"  [yellow]rejected[/] {rejection.path}{entry}: {rejection.reason}")


@app.command()
def ingest(ctx: typer.Context, paths: PathsArg, json_out: JsonOption = False,
           meta: MetaOption = None) -> None:
    """Ingest articles (text, HTML, RSS/Atom, JSON Lines, WARC) and assign them to stories."""
    report = _do_ingest(ctx, paths, meta)
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
    if json_out:
        print(json.dumps([story_view(s) for s in all_stories], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(all_stories)} stories")
    for column in ("id", "title", "articles", "origins", "first", "last", "sources"):
        table.add_column(column)
    for story in all_stories:
        view = story_view(story)
        table.add_row(
            story.id, story.title, str(story.n_articles), str(story.independent_origins),
            view["first_reported"] or "?", view["last_reported"] or "?", ", ".join(story.sources),
        )
    out.print(table)


@app.command()
def show(ctx: typer.Context, story_id: str, json_out: JsonOption = False) -> None:
    """Show one story: its articles, removed boilerplate, duplicates and why they are together."""
    with _pipeline(ctx) as pipeline:
        detail = pipeline.story(story_id)
        explanations = [a.to_dict() for a in detail.assignments]
        view = story_detail_view(detail.story, detail.articles, explanations)
    if json_out:
        print(json.dumps(view, ensure_ascii=False, indent=2))
        return
    _print_story(view)


def _print_story(view: dict[str, Any]) -> None:
    out.print(f"[bold]{view['title']}[/]  ({view['id']})", markup=True, highlight=False)
    out.print(
        f"{view['n_articles']} articles, {view['independent_origins']} independent origins, "
        f"first reported {view['first_reported'] or 'on an unknown date'}"
    )
    why = {e["article_id"]: e for e in view["explanations"]}
    for art in view["articles"]:
        copy = f" (copy of {art['duplicate_of']})" if art["duplicate_of"] else ""
        out.print(f"\n- {art['published'] or '????-??-??'} {art['source'] or '?'}: "
                  f"{art['title']}{copy}", markup=False)
        out.print(f"  {art['id']}  {art['path']}  [{art['language'] or '?'}]", markup=False)
        for removed in art["removed_lines"]:
            out.print(f"  removed ({removed['rule']}): {removed['line']}", markup=False)
        if art["id"] in why and why[art["id"]]["reason"]:
            out.print(f"  why: {why[art['id']]['reason']}", markup=False)


@app.command()
def run(ctx: typer.Context, paths: PathsArg, json_out: JsonOption = False,
        meta: MetaOption = None) -> None:
    """Ingest, then print the stories in the database."""
    report = _do_ingest(ctx, paths, meta)
    _print_rejections(report)
    with _pipeline(ctx) as pipeline:
        _print_stories(pipeline, json_out)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except StorylineError as exc:  # pragma: no cover - commands catch their own
        err.print(f"[bold red]error:[/] {exc}")
        sys.exit(1)
