"""``storyline eval ...``: quality measured on gold data. A thin adapter over
:mod:`storyline.evaluation`; the JSON keys are documented in the README."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from storyline.errors import ConfigError
from storyline.evaluation.ecbplus import date_spread
from storyline.evaluation.extraction import evaluate_extraction, extractor
from storyline.evaluation.stories import evaluate_ecbplus, evaluate_uci, order_spread

eval_app = typer.Typer(help="Measure quality on gold data.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
TopicsOption = Annotated[
    str | None, typer.Option("--topics", help="Comma-separated topic numbers (default: all).")
]


def _topics(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(t) for t in text.split(",") if t.strip()]
    except ValueError as exc:
        raise typer.BadParameter(f"topics must be numbers separated by commas: {text!r}") from exc


def _emit(result: dict[str, Any], json_out: bool) -> None:
    if json_out:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        typer.echo(f"{key:>18}: {value}")


@eval_app.command("ecbplus")
def ecbplus(
    directory: Path,
    topics: TopicsOption = None,
    baseline: Annotated[str | None, typer.Option(help="tfidf or bertopic instead of ours")] = None,
    seed: int = 0,
    orders: Annotated[
        int, typer.Option(min=1, help="also run seeds seed+1.. and report the spread")
    ] = 1,
    dates: Annotated[
        str,
        typer.Option(
            help="none (ECB+ has no publication dates) or spread:N (each document dated within "
            "N days after its event's seeded date)"
        ),
    ] = "none",
    json_out: JsonOption = False,
) -> None:
    """Story clustering on ECB+ (gold stories = sub-topics), BCubed and pairwise scores.

    The figures are those of the order ``--seed``; ``--orders K`` adds ``"orders"``: the BCubed
    F1 over K feeding orders (mean, min, max), since online clustering depends on the order.
    With ``--dates spread:N`` each order also draws its own dates.
    """
    chosen = _topics(topics)
    try:
        date_spread(dates)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from exc
    result = evaluate_ecbplus(directory, chosen, baseline=baseline, seed=seed, dates=dates)
    out = {"system": baseline or "storyline", "dates": dates, **result.to_dict()}
    if orders > 1:
        more = [
            evaluate_ecbplus(directory, chosen, baseline=baseline, seed=seed + k, dates=dates)
            for k in range(1, orders)
        ]
        out["orders"] = order_spread([result, *more])
    _emit(out, json_out)


@eval_app.command("uci")
def uci(
    csv_path: Path,
    baseline: Annotated[str | None, typer.Option(help="tfidf or bertopic instead of ours")] = None,
    seed: int = 13,
    half: Annotated[
        str | None, typer.Option(help="tune (first half of the shuffled rows) or held-out")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Headline clustering on the UCI News Aggregator sample (gold = its STORY column)."""
    result = evaluate_uci(csv_path, baseline=baseline, seed=seed, half=half)
    _emit({"system": baseline or "storyline", **result.to_dict()}, json_out)


@eval_app.command("extraction")
def extraction(
    directory: Path,
    baseline: Annotated[
        str | None, typer.Option(help="trafilatura: its defaults instead of ours")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Main-text extraction on the scrapinghub benchmark layout (html/*.html.gz + ground truth)."""
    if baseline not in (None, "trafilatura"):
        raise typer.BadParameter("the only extraction baseline is trafilatura")
    result = evaluate_extraction(directory, extractor(baseline or "storyline"))
    _emit({"system": baseline or "storyline", **result.to_dict()}, json_out)


@eval_app.command("ecbplus-events")
def ecbplus_events(
    directory: Path,
    topics: TopicsOption = None,
    method: Annotated[str, typer.Option(help="model (shipped) or lemma (baseline)")] = "model",
    json_out: JsonOption = False,
) -> None:
    """Cross-document event coreference on ECB+ gold mentions: MUC, B3, CEAF-e, CoNLL F1."""
    from storyline.evaluation.event_coref import evaluate_event_coref

    if method not in ("model", "lemma"):
        raise typer.BadParameter("method is model or lemma")
    _emit(evaluate_event_coref(directory, _topics(topics), method=method), json_out)


tune_app = typer.Typer(help="Fit the shipped clustering model on gold data.", no_args_is_help=True)


@tune_app.callback()
def _tune_group() -> None:
    """Fit the shipped clustering model on gold data (train splits only)."""


@tune_app.command("ecbplus")
def tune_ecbplus_command(
    directory: Path,
    topics: Annotated[
        str | None,
        typer.Option("--topics", help="Comma-separated topics (default: the ECB+ train topics)."),
    ] = None,
    orders: Annotated[int, typer.Option(help="Seeded feeding orders per stream.")] = 3,
    fit: Annotated[
        str,
        typer.Option(help="What to fit: params (thresholds), model (learned merge), or both."),
    ] = "params,model",
    output: Annotated[
        Path | None, typer.Option(help="Where to write the model (default: the shipped one).")
    ] = None,
    params_output: Annotated[
        Path | None,
        typer.Option(help="Where to write the thresholds (default: the shipped defaults)."),
    ] = None,
    allow_dev: Annotated[
        bool, typer.Option("--allow-dev", help="Allow dev topics (never ship the result).")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Fit the clusterer's thresholds and its learned merge model on ECB+ topics (train topics
    only) and write them where the shipped defaults live."""
    from storyline.errors import ConfigError
    from storyline.evaluation.ecbplus import TRAIN_TOPICS

    parts = {p.strip() for p in fit.split(",") if p.strip()}
    if not parts or parts - {"params", "model"}:
        raise typer.BadParameter("--fit takes params, model or params,model")
    chosen = _topics(topics) or list(TRAIN_TOPICS)
    command = (
        f"storyline tune ecbplus {directory} --topics {','.join(map(str, chosen))} "
        f"--orders {orders} --fit {','.join(sorted(parts))}" + (" --allow-dev" if allow_dev else "")
    )
    run = _TuneRun(directory, chosen, orders, allow_dev, command)
    out: dict[str, Any] = {}
    try:
        if "params" in parts:
            out["params"] = _tune_params(run, params_output)
        if "model" in parts:
            out["model"] = _tune_model(run, output)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from exc
    _emit(out, json_out)


@dataclass(frozen=True, slots=True)
class _TuneRun:
    """What one ``storyline tune ecbplus`` run gives both fits: data, topics, orders, command."""

    directory: Path
    topics: list[int]
    orders: int
    allow_dev: bool
    command: str


def _tune_params(run: _TuneRun, output: Path | None) -> dict[str, Any]:
    from storyline.config import CLUSTER_PARAMS_PATH
    from storyline.evaluation.tune_params import fit_cluster_params, write_params

    fitted = fit_cluster_params(
        run.directory, run.topics, orders=run.orders, allow_dev=run.allow_dev, command=run.command
    )
    return {"written": str(write_params(fitted, output or CLUSTER_PARAMS_PATH)), **fitted.to_dict()}


def _tune_model(run: _TuneRun, output: Path | None) -> dict[str, Any]:
    from storyline.cluster.merge_model import DEFAULT_MODEL_PATH
    from storyline.evaluation.tune import TuneSettings, tune_ecbplus, write_model

    model = tune_ecbplus(
        run.directory,
        run.topics,
        tune=TuneSettings(orders=run.orders),
        allow_dev=run.allow_dev,
        command=run.command,
    )
    return {"written": str(write_model(model, output or DEFAULT_MODEL_PATH)), **model.to_dict()}


@eval_app.command("ledger")
def ledger(
    directory: Path,
    half: Annotated[
        str | None, typer.Option(help="tune or test half of the gold set (default: both)")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """The expectation ledger on its gold set (claims, fields, statuses); DIR: ../shared/data."""
    from storyline.errors import InputError
    from storyline.evaluation.ledger import evaluate_ledger

    if half not in (None, "tune", "test"):
        raise typer.BadParameter("half is tune or test")
    try:
        result = evaluate_ledger(directory, half)
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from exc
    _emit(result, json_out)


@eval_app.command("entities")
def entities(
    directory: Path,
    half: Annotated[
        str | None, typer.Option(help="tune or test half of the gold set (default: both)")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Named entities on their gold set (mention precision and recall, type and canonical
    name accuracy); DIR: ../shared/data."""
    from storyline.errors import InputError
    from storyline.evaluation.entities import evaluate_entities

    if half not in (None, "tune", "test"):
        raise typer.BadParameter("half is tune or test")
    try:
        result = evaluate_entities(directory, half)
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from exc
    _emit(result, json_out)
