"""`presslens eval ...`: measurement commands, one per gold set.

To add one (e.g. ``presslens eval polnear``): write the scoring as a plain function in
``presslens.evaluation``, then add a function here decorated with ``@eval_app.command("name")`` that
takes the data paths as options, calls it, and prints a table (or JSON with ``--json``). Errors are
`PressLensError`s; the root command turns them into one line and exit code 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from presslens.cli.console import ExitCode, fail, warn

#: How the default of every ``--data`` option is found (presslens.datasets), for the help texts.
SHARED_DEFAULT = "$PRESSLENS_SHARED/data, else ../shared/data."

eval_app = typer.Typer(help="Measure PressLens against gold annotations.", no_args_is_help=True)


def quote_rows(quotes: object) -> list[tuple[str, str, str]]:
    """Table rows for whatever metrics the quotes scorer returns: numbers, and P/R/F1 groups."""
    rows: list[tuple[str, str, str]] = []
    if not isinstance(quotes, dict):
        return rows
    for key, value in quotes.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            rows.append((f"quotes: {key.replace('_', ' ')}", f"{value:.3f}", ""))
        elif isinstance(value, dict) and isinstance(value.get("f1"), int | float):
            detail = " ".join(f"{k} {value[k]}" for k in ("tp", "fp", "fn") if k in value)
            rows.append(
                (
                    f"quotes: {key} F1",
                    f"{value['f1']:.3f}",
                    f"P {value.get('precision', 0):.3f}  R {value.get('recall', 0):.3f}  {detail}",
                )
            )
    return rows


def run_evaluation(
    split: str, splits: Sequence[str], evaluate: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """Run ``evaluate`` for a known split (else a usage error); a missing file or folder fails."""
    if split not in splits:
        raise fail(f"unknown split {split!r}; choose {', '.join(splits)}", ExitCode.USAGE)
    try:
        return evaluate()
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None


@eval_app.command("extraction")
def extraction(
    split: Annotated[
        str,
        typer.Option(
            help="Which gold documents: heldout, dev, heldout3, dev3 (third batch), heldout4, dev4 (fourth, "
            "figures), heldout5, dev5 (fifth, figures), heldout6, dev6 (sixth, figures), heldout8, dev8 "
            "(eighth, figures, PolNeAR train), dev9 (ninth, dev only), dev10 (tenth, poll stories, dev "
            "only), dev11 (eleventh, open figure forms, dev only), heldout4q, dev4q, heldout5q, dev5q, "
            "heldout6q, dev6q, heldout7q, dev7q (fourth to seventh: quotes only) or all."
        ),
    ] = "heldout",
    gold: Annotated[
        Path, typer.Option(help="Folder of claim gold files; quote gold is read from its sibling quotes/.")
    ] = Path("tests/gold/claims"),
    data: Annotated[
        Path | None,
        typer.Option(help="The shared data/ folder (seeds/, semeval2023-en/); default: " + SHARED_DEFAULT),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Score claims (and quotes, when their scorer is installed) on the gold set: P/R/F1 and accuracies."""
    from presslens.evaluation.extraction import SPLITS, evaluate

    result = run_evaluation(split, SPLITS, lambda: evaluate(gold, split, data))
    missing = (result.get("quotes") or {}).get("missing") if isinstance(result.get("quotes"), dict) else None
    if missing:
        result["problems"].append(
            f"quotes: {len(missing)} gold document(s) not analysed: {', '.join(missing)}"
        )
    for problem in result["problems"]:
        warn(problem)
    if as_json:
        typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    c = result["claims"]
    table = Table(title=f"PressLens extraction, split={split}, {result['documents']} documents")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("detail")
    table.add_row("claims precision", f"{c['precision']:.3f}", f"tp {c['tp']}  fp {c['fp']}")
    table.add_row("claims recall", f"{c['recall']:.3f}", f"fn {c['fn']}")
    table.add_row("claims F1", f"{c['f1']:.3f}", "span overlap + same low/high")
    for name in ("attribution", "event", "as_of"):
        acc = c[f"{name}_accuracy"]
        table.add_row(
            f"{name} accuracy", "-" if acc is None else f"{acc:.3f}", f"on {c[f'{name}_n']} matched claims"
        )
    for label, value, detail in quote_rows(result.get("quotes")):
        table.add_row(label, value, detail)
    Console().print(table)


@eval_app.command("grouping")
def grouping(
    split: Annotated[
        str, typer.Option(help="Which clusters: dev, heldout, heldout15 (fresh stories) or all.")
    ] = "dev",
    gold: Annotated[
        Path, typer.Option(help="Folder of grouping gold files (one story cluster each).")
    ] = Path("tests/gold/groupings"),
    data: Annotated[
        Path | None,
        typer.Option(help="The shared data/ folder (polnear/, semeval2023-en/); default: " + SHARED_DEFAULT),
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List split and merged groups (dev only).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Score the cross-article figure groups and claims detection on gold story clusters."""
    from presslens.evaluation.grouping import SPLITS, evaluate

    if errors and split != "dev":
        raise fail("--errors lists figures, which is allowed on the dev split only", ExitCode.USAGE)
    result = run_evaluation(split, SPLITS, lambda: evaluate(gold, data, split, with_errors=errors or as_json))
    for problem in result["problems"]:
        warn(problem)
    if as_json:
        typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    from presslens.evaluation.grouping_report import print_grouping

    print_grouping(result, Console(width=None if sys.stdout.isatty() else 150), errors)


@eval_app.command("aeb")
def aeb(
    data: Annotated[
        Path | None,
        typer.Option(
            help="The aeb-dev folder (ground-truth.json, html/); default: aeb-dev/ of " + SHARED_DEFAULT
        ),
    ] = None,
    setting: Annotated[
        str, typer.Option(help="Extraction setting to score (presslens.ingest.html.EXTRACTION_SETTINGS).")
    ] = "precision",
    cv: Annotated[
        bool, typer.Option("--cv", help="Also choose among all settings by 5-fold cross-validation (slow).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Body F1 of ingest on real web pages, with the article-extraction benchmark's own metric."""
    from presslens.datasets import shared_data_dir
    from presslens.evaluation.aeb import cross_validate, evaluate
    from presslens.ingest.html import EXTRACTION_SETTINGS

    if setting not in EXTRACTION_SETTINGS:
        raise fail(f"unknown setting {setting!r}; choose {', '.join(EXTRACTION_SETTINGS)}", ExitCode.USAGE)
    folder = data or shared_data_dir() / "aeb-dev"
    try:
        result = evaluate(folder, setting)
        if cv:
            result["cross_validation"] = cross_validate(folder)
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    table = Table(title=f"Article body, {result['pages']} pages of {folder}, setting {setting}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("detail")
    table.add_row("precision", f"{result['precision']:.4f}", "mean over pages with a prediction")
    table.add_row("recall", f"{result['recall']:.4f}", "mean over pages with a truth")
    table.add_row("F1", f"{result['f1']:.4f}", f"± {result['f1_std']:.4f} (bootstrap over pages)")
    if cv:
        c = result["cross_validation"]
        chosen = ", ".join(f"{name} {n}x" for name, n in c["chosen"].items())
        table.add_row(
            "held-out F1",
            f"{c['held_out_f1_mean']:.4f}",
            f"± {c['held_out_f1_std']:.4f} over {c['folds']}x{c['repeats']} folds; chosen: {chosen}",
        )
    Console().print(table)


@eval_app.command("polnear")
def polnear(
    split: Annotated[
        str, typer.Option(help="train or dev (PolNeAR's test split is kept elsewhere).")
    ] = "dev",
    data: Annotated[
        Path | None,
        typer.Option(
            help="The PolNeAR folder (train/, dev/, README.md); default: polnear/ under " + SHARED_DEFAULT
        ),
    ] = None,
    system: Annotated[
        str,
        typer.Option(
            help="model: the learned extractor alone; rules: the quote rules alone (the baseline); "
            "pipeline: the attributions layer of the default pipeline (attribution.v1)."
        ),
    ] = "model",
    limit: Annotated[
        int | None, typer.Option(min=1, help="Only the first N articles (file-name order).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Score attributions on PolNeAR as its README says: P/R/F1, quoted recall, source and cue accuracy."""
    from presslens.evaluation.polnear import SPLITS, SYSTEMS, evaluate

    if system not in SYSTEMS:
        raise fail(f"unknown system {system!r}; choose {', '.join(SYSTEMS)}", ExitCode.USAGE)
    result = run_evaluation(split, SPLITS, lambda: evaluate(data, split, system, limit))
    if as_json:
        typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    Console(width=None if sys.stdout.isatty() else 110).print(polnear_table(result))


def polnear_table(result: dict[str, Any]) -> Table:
    """Overall and per-kind rows of a PolNeAR score (per kind: recall over gold of the kind,
    precision over predictions of the kind)."""

    def fmt(x: object) -> str:
        return "-" if x is None else f"{x:.3f}"

    table = Table(
        title=f"PolNeAR {result['split']}, system={result['system']}, {result['documents']} articles"
    )
    for col in ("", "P", "R", "F1", "gold", "pred", "quoted R", "source acc", "cue acc", "kind acc"):
        table.add_column(col, justify="left" if not col else "right")

    def row(name: str, r: dict[str, Any]) -> None:
        a = r["all"]
        table.add_row(
            name,
            *(fmt(a[k]) for k in ("precision", "recall", "f1")),
            str(a["gold"]),
            str(a["predicted"]),
            *(
                fmt(r[k]["accuracy"])
                for k in ("quoted_recall", "source_accuracy", "cue_accuracy", "kind_accuracy")
            ),
        )

    row("all", result)
    for kind, r in result["per_kind"].items():
        row(f"  {kind}", r)
    return table
