"""`presslens bench`: pipeline throughput and peak memory (the measuring lives in presslens.bench)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console

from presslens.cli.console import component_names


def bench(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Article files or folders (default: the five seeds and all SemEval articles)."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 2,
    components: Annotated[
        str | None, typer.Option("--components", help="Comma-separated component names (default: all).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Benchmark only the first N articles.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    end_to_end: Annotated[
        bool,
        typer.Option(
            "--end-to-end", help="Also time a cold `analyze_many` run (ingest and model loading included)."
        ),
    ] = False,
) -> None:
    """Measure articles/s, tokens/s and peak memory of the pipeline (see docs/benchmarks.md)."""
    from presslens.bench import result_table, run_bench

    names = component_names(components)
    result = run_bench(inputs or None, jobs=jobs, components=names, limit=limit, end_to_end=end_to_end)
    if as_json:
        typer.echo(json.dumps(asdict(result), indent=2))
    else:
        Console().print(result_table(result))
