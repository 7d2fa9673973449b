"""How the ``storyline`` commands print: the two consoles (stdout for results, stderr for
notes and progress), a story, its knowledge, a table, an ingest's rejections.

On a terminal tables are drawn; elsewhere (a pipe, a file) they are a header line and one
tab-separated line per row, so scripts can read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline import IngestReport

__all__ = [
    "clip",
    "err",
    "out",
    "print_expectation",
    "print_knowledge",
    "print_rejections",
    "print_story",
    "print_table",
]

out = Console()
err = Console(stderr=True)


def print_rejections(report: IngestReport) -> None:
    err.print(
        f"Ingested {report.ingested} article(s); {report.already_stored} input(s) already "
        f"stored; {len(report.rejected)} rejected."
    )
    for rejection in report.rejected:
        entry = f" [{rejection.entry}]" if rejection.entry else ""
        where = escape(f"{rejection.path}{entry}")
        err.print(f"  [yellow]rejected[/] {where}: {escape(rejection.reason)}", soft_wrap=True)


def print_knowledge(view: dict[str, Any]) -> None:
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
            print_expectation(x)
        if not view["expectations"]:
            out.print("  none")


def print_expectation(x: dict[str, Any]) -> None:
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


def print_story(view: dict[str, Any]) -> None:
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


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table on a terminal; elsewhere (a pipe, a file) a header line and one tab-separated
    line per row on stdout, the title on stderr."""
    if out.is_terminal:
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    err.print(title, markup=False, highlight=False, soft_wrap=True)
    for row in (columns, *rows):
        print("\t".join(" ".join(field.split()) for field in row))


def clip(text: str, chars: int) -> str:
    """``text`` on one line, cut at a word to at most ``chars`` characters (with "…")."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    return (text[: chars - 1].rsplit(" ", 1)[0] or text[: chars - 1]) + "…"
