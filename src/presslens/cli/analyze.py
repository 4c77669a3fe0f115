"""`presslens analyze` and `presslens components`: the single-machine analysis commands."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from presslens.cli.console import ExitCode, component_names, err, fail, info, skipped, warn
from presslens.cli.scale import (
    ParquetTextColumn,
    PartitionSize,
    Scheduler,
    Workers,
    check_cluster_options,
    run_on_cluster,
)
from presslens.errors import InputError


def report_errors(items: Iterator, stats: dict[str, int], stop: bool = False) -> Iterator:
    """Report each `InputError` as one ``skipped`` line and pass articles through, counting both.

    With ``stop`` the first error ends the run (``--fail-on-error``): exit 1, no ``--out`` written.
    """
    from presslens.api import article_name
    from presslens.output import Serialised

    for item in items:
        if isinstance(item, InputError):
            stats["errors"] += 1
            skipped(str(item))
            if stop:
                raise fail("stopped at the first failed input (--fail-on-error); nothing written")
            continue
        stats["ok"] += 1
        for warning in item.warnings:
            warn(f"{item.name if isinstance(item, Serialised) else article_name(item)}: {warning}")
        yield item


def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files (.txt, .html, .jsonl), directories (recursive), URLs, or - for stdin."),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json, jsonl, text (a summary per article for people) or parquet (a Parquet corpus "
            "directory, on Dask). Default: text on a terminal, json when piped or with --out.",
        ),
    ] = "auto",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write the output here, not to stdout (with parquet: the corpus directory)."
        ),
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained offline HTML report here.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Analyse in N processes.")] = 1,
    components: Annotated[
        str | None, typer.Option("--components", help="Comma-separated component names (default: all).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
    scheduler: Scheduler = None,
    workers: Workers = None,
    partition_size: PartitionSize = None,
    text_column: ParquetTextColumn = "text",
    fail_on_error: Annotated[
        bool,
        typer.Option(
            "--fail-on-error", help="Stop at the first input that fails (exit 1, no --out written)."
        ),
    ] = False,
) -> None:
    """Analyse articles: the presslens/1 JSON (docs/schema.json), or a summary per article to read.

    Exit code 0 when every input was analysed, 3 when some failed (each reported on stderr; the rest
    is written), 1 when none could be. ``--out`` is replaced atomically: never a cut-off file.

    With --format parquet the analysis runs on Dask (--scheduler, or a local cluster of --workers)
    into a Parquet corpus (docs/scale.md); a re-run into the same directory resumes.
    """
    from presslens import output
    from presslens.api import analyze_many
    from presslens.ingest import count_inputs, load_inputs

    if fmt == "auto":
        fmt = "text" if out is None and sys.stdout.isatty() else "json"
    names = component_names(components)
    check_cluster_options(scheduler, workers, fmt == "parquet", "--format parquet -o DIR")
    if fmt == "parquet":
        if out is None or html is not None:
            raise fail(
                "--format parquet writes a corpus directory: give -o DIR (and no --html)", ExitCode.USAGE
            )
        run_on_cluster(
            inputs,
            out,
            scheduler=scheduler,
            workers=workers or (jobs if jobs > 1 else None),
            components=names,
            partition_size=partition_size,
            text_column=text_column,
            progress=progress,
        )
        return
    if fmt not in (*output.FORMATS, "text"):
        raise fail(f"unknown format {fmt!r}; choose json, jsonl, text or parquet", ExitCode.USAGE)
    stats = {"ok": 0, "errors": 0}
    kept: list = []
    started = time.perf_counter()
    # JSON made where each article is analysed (the workers, with -j N); the report needs the articles
    finish = output.serialiser(fmt) if fmt in output.FORMATS and html is None else None
    analysed = analyze_many(load_inputs(inputs), names, jobs=jobs, finish=finish)
    results = report_errors(analysed, stats, fail_on_error)
    if html is not None:
        results = _keep(results, kept)
    # a bar only where it does not mix with the output: output to a file, or piped away from the terminal
    show = progress and (out is not None or not sys.stdout.isatty())
    with (
        output.atomic_file(out) if out else nullcontext(sys.stdout) as stream,
        _progress(enabled=show) as bar,
    ):
        task = bar.add_task("analysing", total=count_inputs(inputs) if show and err.is_terminal else None)
        items = _tick(results, bar, task)
        if fmt == "text":
            console = Console(file=stream, highlight=False, no_color=out is not None)
            written = output.write_text(items, console)
        else:
            written = output.write(items, stream, fmt)
    seconds = time.perf_counter() - started
    if html is not None and kept:
        from presslens.report import render_report

        with output.atomic_file(html) as page:
            page.write(render_report(kept))
        info(f"report written to {html}")
    if written == 0:
        raise fail(
            "no article could be analysed"
            + (f" ({stats['errors']} input(s) skipped)" if stats["errors"] else "")
        )
    info(f"analysed {stats['ok']}, failed {stats['errors']}, in {seconds:.1f} s")
    if stats["errors"]:
        raise typer.Exit(ExitCode.PARTIAL)


def _keep(items: Iterator, into: list) -> Iterator:
    for item in items:
        into.append(item)
        yield item


def _tick(items: Iterator, bar: Progress, task: int) -> Iterator:
    for item in items:
        bar.advance(task)
        yield item


class RateColumn(ProgressColumn):
    """Articles (and reported inputs) per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "", style="progress.data.speed")


def _progress(enabled: bool) -> Progress:
    """Total, count, rate and time left (the total counts files and JSONL lines before they are read)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        disable=not enabled or not err.is_terminal,
        transient=True,
    )


def list_components() -> None:
    """List the registered analysers with what they need and what they write."""
    from presslens.components.registry import DEFAULT_PIPELINE
    from presslens.pipeline import registered

    for name, info_ in registered().items():
        default = "*" if name in DEFAULT_PIPELINE else " "
        needs, writes = ",".join(info_.requires) or "-", ",".join(info_.assigns)
        typer.echo(f"{default} {name:<22} needs {needs:<24} writes {writes}")
