"""``storyline sources ...``, ``storyline follow`` and ``storyline export warc``: thin adapters
over :mod:`storyline.follow` (through the public surface)."""

from __future__ import annotations

import json
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.markup import escape

from storyline import (
    Follower,
    InputError,
    OpmlOutline,
    RoundReport,
    StorylineError,
    add_source,
    export_warc,
    read_opml,
    write_opml,
)
from storyline.cli.commands import (
    CommandDbOption,
    JsonOption,
    _pipeline,
    _use_db,
    app,
)
from storyline.cli.output import err, print_table

__all__ = ["MAX_OPML_BYTES", "export_app", "sources_app"]

#: An OPML file larger than this is refused (a reader's export of thousands of feeds is < 1 MB).
MAX_OPML_BYTES = 10 * 1024 * 1024

sources_app = typer.Typer(
    help="The feeds, sitemaps and pages `storyline follow` polls.", no_args_is_help=True
)
export_app = typer.Typer(help="Write what the store holds in standard formats.")
app.add_typer(sources_app, name="sources")
app.add_typer(export_app, name="export")

EveryOption = Annotated[
    str, typer.Option("--every", help="How often to poll it: 90s, 10m, 1h, 1d (at least 60 s).")
]
PrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Let it (and its redirects) reach private, loopback and link-local addresses "
        "(refused by default: a feed could point the poller at this network's services).",
    ),
]


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
    return typer.Exit(1)


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed, sitemap or page URL (http or https).")],
    name: Annotated[str | None, typer.Option("--name", help="A name to show.")] = None,
    every: EveryOption = "10m",
    allow_private: PrivateOption = False,
    json_out: JsonOption = False,
    db: CommandDbOption = None,
) -> None:
    """Follow a feed (RSS, Atom, JSON Feed), a news sitemap or a page of links."""
    _use_db(ctx, db)
    with _pipeline(ctx) as pipeline:
        try:
            source, new = add_source(pipeline.store, url, name, every, allow_private)
        except StorylineError as exc:
            raise _fail(exc) from exc
    if json_out:
        print(json.dumps({**source.to_dict(), "new": new}, ensure_ascii=False, indent=2))
    elif new:
        err.print(f"Following source {source.id}: {escape(source.url)}", soft_wrap=True)
    else:
        err.print(f"Already following it as source {source.id}", soft_wrap=True)


@sources_app.command("import")
def sources_import(
    ctx: typer.Context,
    opml: Annotated[Path, typer.Argument(help="An OPML file (a feed reader's export).")],
    every: EveryOption = "10m",
    allow_private: PrivateOption = False,
    db: CommandDbOption = None,
) -> None:
    """Follow every feed of an OPML subscription list."""
    _use_db(ctx, db)
    try:
        with opml.open("rb") as handle:
            content = handle.read(MAX_OPML_BYTES + 1)  # never a whole huge file in memory
        if len(content) > MAX_OPML_BYTES:
            raise InputError(
                f"larger than {MAX_OPML_BYTES:,} bytes: not a subscription list", str(opml)
            )
        outlines = read_opml(content, str(opml))
    except (OSError, StorylineError) as exc:
        raise _fail(exc) from exc
    added = already = 0
    with _pipeline(ctx) as pipeline:
        for outline in outlines:
            try:
                _, new = add_source(pipeline.store, outline.url, outline.name, every, allow_private)
            except StorylineError as exc:
                err.print(f"  [yellow]skipped[/] {escape(outline.url)}: {escape(str(exc))}")
                continue
            added, already = added + new, already + (not new)
    err.print(f"{added} source(s) added, {already} already followed ({len(outlines)} in {opml})")


@sources_app.command("export")
def sources_export(ctx: typer.Context, db: CommandDbOption = None) -> None:
    """Print the sources as an OPML subscription list."""
    _use_db(ctx, db)
    with _pipeline(ctx, reading=True) as pipeline:
        sources = pipeline.store.list_sources()
    sys.stdout.buffer.write(write_opml([OpmlOutline(s.url, s.name) for s in sources]))


@sources_app.command("list")
def sources_list(
    ctx: typer.Context, json_out: JsonOption = False, db: CommandDbOption = None
) -> None:
    """The sources and their health: last fetch, new articles, errors, next poll."""
    _use_db(ctx, db)
    with _pipeline(ctx, reading=True) as pipeline:
        sources = pipeline.store.list_sources()
        day = pipeline.store.new_items_since(datetime.now(UTC) - timedelta(days=1))
    rows = [{**s.to_dict(), "new_last_day": day.get(s.id or 0, 0)} for s in sources]
    if json_out:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    columns = ("id", "name", "kind", "last fetch", "new 24h", "errors", "next due", "url")
    table = [
        (
            str(row["id"]),
            row["name"] or "",
            row["kind"] or "?",
            _when(row["last_fetch"]),
            str(row["new_last_day"]),
            str(row["errors_in_row"]) + (f" ({row['last_error']})" if row["last_error"] else ""),
            _when(row["next_due"]) if row["next_due"] else "now",
            row["url"],
        )
        for row in rows
    ]
    print_table(f"{len(rows)} source(s)", columns, table)


def _when(value: str | None) -> str:
    return "never" if value is None else value[:19].replace("T", " ")


@sources_app.command("remove")
def sources_remove(
    ctx: typer.Context, source_id: Annotated[int, typer.Argument()], db: CommandDbOption = None
) -> None:
    """Stop following a source (the articles it brought stay)."""
    _use_db(ctx, db)
    with _pipeline(ctx) as pipeline:
        removed = pipeline.store.remove_source(source_id)
    if not removed:
        raise _fail(LookupError(f"no source {source_id}: `storyline sources list` shows them"))
    err.print(f"Source {source_id} removed")


@app.command()
def follow(
    ctx: typer.Context,
    once: Annotated[
        bool, typer.Option("--once", help="Poll the due sources once, then exit (for cron).")
    ] = False,
    analyse: Annotated[
        bool,
        typer.Option(
            "--analyse/--no-analyse",
            help="Compute the entities and expectation ledger of the stories touched.",
        ),
    ] = True,
    json_out: JsonOption = False,
    db: CommandDbOption = None,
) -> None:
    """Poll the sources as they fall due and ingest what is new, until stopped (Ctrl-C or
    SIGTERM finish the article in hand and exit 0)."""
    _use_db(ctx, db)
    with _pipeline(ctx) as pipeline:
        follower = Follower(pipeline, analyse=analyse)
        _stop_on_signals(follower)
        try:
            if once:
                report = follower.once()
                _print_round(report, json_out)
            else:
                err.print(f"Following {len(pipeline.store.list_sources())} source(s); Ctrl-C stops")
                follower.run_forever(lambda r: _print_round(r, json_out))
        except StorylineError as exc:
            raise _fail(exc) from exc


def _stop_on_signals(follower: Follower) -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        err.print("stopping after the article in hand ...")
        follower.stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _print_round(report: RoundReport, json_out: bool) -> None:
    if json_out:
        print(json.dumps(report.to_dict(), ensure_ascii=False), flush=True)
        return
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    err.print(
        f"{now} polled {len(report.sources)} source(s): {report.new} new article(s), "
        f"{report.pages} page(s) fetched, {report.errors} error(s), "
        f"{len(report.ingest.story_ids)} story(ies) touched",
        soft_wrap=True,
    )
    for source in report.sources:
        if source.error:
            err.print(f"  [yellow]{escape(source.url)}[/]: {escape(source.error)}", soft_wrap=True)


@export_app.command("warc")
def export_warc_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The WARC file to write (.warc.gz).")],
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only what was fetched on or after this day (YYYY-MM-DD)."),
    ] = None,
    db: CommandDbOption = None,
) -> None:
    """Write every page and feed entry that following fetched as one WARC file (replayable:
    `storyline ingest FILE.warc.gz` into an empty store gives the same articles)."""
    _use_db(ctx, db)
    try:
        start = None if since is None else datetime.fromisoformat(since).replace(tzinfo=UTC)
    except ValueError as exc:
        raise _fail(ValueError(f"--since {since!r} is not a date (YYYY-MM-DD)")) from exc
    with _pipeline(ctx, reading=True) as pipeline:
        try:
            written = export_warc(pipeline.store, path, start)
        except OSError as exc:
            raise _fail(exc) from exc
    err.print(f"Wrote {written} capture(s) to {path}")
