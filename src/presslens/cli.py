"""The `presslens` command line: a thin shell over the library (as in sqlite-utils).

Every command parses options, calls library functions, and turns `PressLensError`s into one-line
messages and exit codes. Exit codes: 0 success (some inputs may have been skipped, each reported),
1 nothing could be analysed, 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from presslens import __version__
from presslens.errors import InputError, PressLensError

app = typer.Typer(
    name="presslens",
    help="Read news critically: figures, voices and rhetoric, each pointing to the exact characters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"presslens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """PressLens: shows what articles claim, who says it and how they persuade. It never judges truth."""


def report_errors(items: Iterator, stats: dict[str, int]) -> Iterator:
    """Print each `InputError` as one line on stderr and pass articles through, counting both."""
    for item in items:
        if isinstance(item, InputError):
            stats["errors"] += 1
            err.print(f"[yellow]skipped[/] {item}", markup=True, soft_wrap=True, highlight=False)
            continue
        stats["ok"] += 1
        for warning in item.warnings:
            err.print(
                f"[yellow]warning[/] {item.source.path or item.source.url or '-'}: {warning}", soft_wrap=True
            )
        yield item


@app.command()
def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files (.txt, .html, .jsonl), directories (recursive), URLs, or - for stdin."),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: json or jsonl.")] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write JSON here instead of stdout.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained offline HTML report here.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Analyse in N processes.")] = 1,
    components: Annotated[
        str | None, typer.Option("--components", help="Comma-separated component names (default: all).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Analyse articles and print the presslens/1 JSON (see docs/schema.json)."""
    from presslens import output
    from presslens.api import analyze_many
    from presslens.ingest import load_inputs

    if fmt not in output.FORMATS:
        raise fail(f"unknown format {fmt!r}; choose json or jsonl", 2)
    names = [n.strip() for n in components.split(",") if n.strip()] if components else None
    stats = {"ok": 0, "errors": 0}
    kept: list = []
    try:
        results = report_errors(analyze_many(load_inputs(inputs), names, jobs=jobs), stats)
        if html is not None:
            results = _keep(results, kept)
        stream = out.open("w", encoding="utf-8") if out else sys.stdout
        try:
            with _progress(enabled=progress and out is not None) as bar:
                task = bar.add_task("analysing", total=None)
                written = output.write(_tick(results, bar, task), stream, fmt)
        finally:
            if out:
                stream.close()
    except PressLensError as exc:
        raise fail(str(exc)) from None
    if html is not None and kept:
        from presslens.report import render_report

        html.write_text(render_report(kept), encoding="utf-8")
        err.print(f"report written to {html}")
    if written == 0:
        raise fail(
            "no article could be analysed"
            + (f" ({stats['errors']} input(s) skipped)" if stats["errors"] else "")
        )


def _keep(items: Iterator, into: list) -> Iterator:
    for item in items:
        into.append(item)
        yield item


def _tick(items: Iterator, bar: Progress, task: int) -> Iterator:
    for item in items:
        bar.advance(task)
        yield item


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not enabled or not err.is_terminal,
        transient=True,
    )


@app.command("components")
def list_components() -> None:
    """List the registered analysers with what they need and what they write."""
    from presslens.components.registry import DEFAULT_PIPELINE
    from presslens.pipeline import registered

    for name, info in registered().items():
        default = "*" if name in DEFAULT_PIPELINE else " "
        typer.echo(
            f"{default} {name:<22} needs {','.join(info.requires) or '-':<24} writes {','.join(info.assigns)}"
        )


from presslens.bench import bench_command  # noqa: E402
from presslens.evaluation.cli import eval_app  # noqa: E402
from presslens.rhetoric.semeval import semeval_app  # noqa: E402
from presslens.rhetoric.train import train_app  # noqa: E402
from presslens.schema import schema_command  # noqa: E402
from presslens.store.cli import ingest_command  # noqa: E402
from presslens.web.cli import serve_command  # noqa: E402

app.command("ingest")(ingest_command)
app.command("serve")(serve_command)
app.command("bench")(bench_command)
app.command("schema")(schema_command)
app.add_typer(eval_app, name="eval")
app.add_typer(semeval_app, name="semeval")
app.add_typer(train_app, name="train")

if __name__ == "__main__":  # pragma: no cover
    app()
