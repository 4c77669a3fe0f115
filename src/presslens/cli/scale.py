"""The cluster options of `presslens analyze` and `presslens ingest` (`--scheduler`, `--workers`).

Both commands hand the work to `presslens.scale.run`; this module holds their shared options, the
progress display (one status line on a terminal, a log line every few seconds elsewhere) and the
closing summary. Needs the ``scale`` extra.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from presslens.cli.console import ExitCode, err, fail, info, warn

Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run on this Dask cluster (tcp://HOST:8786; see `dask scheduler`, `dask worker`).",
    ),
]
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Run on a local Dask cluster of N worker processes (one thread each)."
    ),
]
PartitionSize = Annotated[
    int | None,
    typer.Option(
        "--partition-size",
        min=1,
        help="Articles per partition on the cluster (default 100, or what the corpus was written with).",
    ),
]
ParquetTextColumn = Annotated[
    str, typer.Option("--text-column", help="Column holding the article text in Parquet inputs.")
]

#: Seconds between progress lines when stderr is not a terminal (a log file).
LOG_EVERY = 10.0


def require_scale() -> None:
    """A one-line error naming the extra, not an ImportError, when the ``scale`` extra is missing."""
    from presslens.extras import need

    for module in ("distributed", "duckdb", "pyarrow", "warcio"):
        need(module, "scale", "the cluster path (--scheduler, --workers, --format parquet)")


def run_on_cluster(
    inputs: list[str],
    output: Path,
    *,
    scheduler: str | None,
    workers: int | None,
    components: list[str] | None,
    partition_size: int | None,
    text_column: str,
    progress: bool,
):
    """Run `presslens.scale.run.run` with progress on stderr; returns its `RunStats`, exits on failure."""
    require_scale()
    from presslens.scale.run import run

    where = f"on {scheduler}" if scheduler else f"on a local cluster of {workers or 'one per core'} worker(s)"
    info(f"analysing into {output} {where}")
    live = err.status("starting workers and loading models...") if progress and err.is_terminal else None
    last = [0.0]

    def on_start(stats) -> None:
        info(f"{stats.workers} worker(s) ready; Dask dashboard: {stats.dashboard}")

    def on_progress(stats) -> None:
        line = stats.line()
        if live is not None:
            live.update(line)
        elif progress and time.monotonic() - last[0] >= LOG_EVERY:
            last[0] = time.monotonic()
            info(line)

    if live is not None:
        live.start()
    try:
        stats = run(
            inputs,
            output,
            scheduler=scheduler,
            workers=workers,
            components=components,
            partition_size=partition_size,
            text_column=text_column,
            on_start=on_start,
            on_progress=on_progress,
        )
    finally:
        if live is not None:
            live.stop()
    for failure in stats.failed:
        warn(f"partition failed: {failure}")
    skipped = f", {stats.skipped} partition(s) already written before" if stats.skipped else ""
    info(
        f"{output}: {stats.articles} article(s) analysed, {stats.errors} error row(s), "
        f"{stats.done} partition(s){skipped}; in {stats.seconds:.1f} s ({stats.rate:.2f} inputs/s "
        "once the workers were ready)"
    )
    if stats.failed:
        raise fail(
            f"{len(stats.failed)} partition(s) failed; run the same command again to retry them "
            "(the finished ones are kept)"
        )
    if stats.articles == 0:
        raise fail(
            "no article could be analysed" + (f" ({stats.errors} error row(s))" if stats.errors else "")
        )
    return stats


def check_cluster_options(scheduler: str | None, workers: int | None, parquet: bool, option: str) -> None:
    """`--scheduler`/`--workers` only make sense with the Parquet output (or, for ingest, a database)."""
    if scheduler and workers:
        raise fail(
            "give --scheduler (a running cluster) or --workers (a local one), not both", ExitCode.USAGE
        )
    if (scheduler or workers) and not parquet:
        raise fail(f"--scheduler and --workers write a Parquet corpus: add {option}", ExitCode.USAGE)
