"""`presslens ingest`: analyse inputs and store them in the corpus database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from presslens.cli.console import ExitCode, component_names, fail, info, skipped
from presslens.cli.scale import (
    ParquetTextColumn,
    PartitionSize,
    Scheduler,
    Workers,
    check_cluster_options,
    run_on_cluster,
)
from presslens.store.db import DEFAULT_DB


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .html, .jsonl), directories or URLs to analyse; or a Parquet corpus to load."
        ),
    ],
    db: Annotated[Path, typer.Option("--db", help="SQLite database file (created if missing).")] = DEFAULT_DB,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Analyse in N processes.")] = 1,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Articles per committed transaction.")] = 20,
    replace: Annotated[
        bool, typer.Option("--replace", help="Re-analyse articles already stored and replace them.")
    ] = False,
    components: Annotated[
        str | None, typer.Option("--components", help="Comma-separated component names (default: all).")
    ] = None,
    scheduler: Scheduler = None,
    workers: Workers = None,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help="With --scheduler/--workers: the Parquet corpus to analyse into (default: DB.parquet).",
        ),
    ] = None,
    partition_size: PartitionSize = None,
    text_column: ParquetTextColumn = "text",
    fail_on_error: Annotated[
        bool,
        typer.Option(
            "--fail-on-error",
            help="Stop at the first input that fails (exit 1; batches committed before it stay stored).",
        ),
    ] = False,
) -> None:
    """Analyse articles and store them with all their annotations (re-running skips stored articles).

    An input that fails is reported and skipped, and a re-run skips what was stored and tries it again.
    Exit code 0 when every input was stored (or already was), 3 when some failed, 1 when none could be.

    With --scheduler or --workers the analysis runs on Dask into a Parquet corpus, which is then
    loaded; a Parquet corpus given as the input is loaded without analysing anything again.
    """
    from presslens.store import connect
    from presslens.store import ingest as store_ingest

    check_cluster_options(scheduler, workers, True, "")
    from_corpus = _parquet_corpus(inputs)
    if from_corpus or scheduler or workers:
        if replace:
            raise fail("--replace is for local analysis; a Parquet corpus is loaded as it is", ExitCode.USAGE)
        if from_corpus is None:
            from_corpus = corpus or Path(f"{db}.parquet")
            run_on_cluster(
                inputs,
                from_corpus,
                scheduler=scheduler,
                workers=workers,
                components=component_names(components),
                partition_size=partition_size,
                text_column=text_column,
                progress=True,
            )
        _load(from_corpus, db, batch)
        return

    def on_error(error: Exception) -> None:
        skipped(str(error))
        if fail_on_error:
            raise fail("stopped at the first failed input (--fail-on-error)")

    def on_batch(stats) -> None:
        info(f"committed {stats.stored} article(s)")

    conn = connect(db)
    try:
        stats = store_ingest(
            conn,
            inputs,
            jobs=jobs,
            batch_size=batch,
            components=component_names(components),
            on_error=on_error,
            on_batch=on_batch,
            replace=replace,
        )
    finally:
        conn.close()
    for article_id, other, similarity in stats.duplicates:
        info(f"near-duplicate: {article_id} ~ {other} (similarity {similarity:.2f})")
    typer.echo(
        f"{db}: stored {stats.stored}{f' ({stats.replaced} replaced)' if replace else ''}, "
        f"already stored {stats.skipped}, "
        f"skipped {len(stats.errors)} input(s) with errors"
    )
    if stats.stored == 0 and stats.skipped == 0:
        raise fail("no article could be analysed")
    if stats.errors:
        raise typer.Exit(ExitCode.PARTIAL)


def _parquet_corpus(inputs: list[str]) -> Path | None:
    """The Parquet corpus named as the input, if that is what it is (it must then be the only one)."""
    from presslens.scale.dataset import is_corpus

    corpora = [Path(spec) for spec in inputs if is_corpus(spec)]
    if not corpora:
        return None
    if len(inputs) > 1:
        raise fail("a Parquet corpus is loaded on its own: give it as the only input", ExitCode.USAGE)
    return corpora[0]


def _load(corpus: Path, db: Path, batch: int) -> None:
    from presslens.scale.load import load_corpus
    from presslens.store import connect

    conn = connect(db)
    try:
        stats = load_corpus(
            corpus, conn, batch_size=max(batch, 100), on_batch=lambda s: info(f"loaded {s.stored}")
        )
    finally:
        conn.close()
    for refused in stats.refused:
        skipped(f"not stored: {refused}")
    typer.echo(
        f"{db}: stored {stats.stored}, already stored {stats.skipped}, "
        f"{stats.errors} input(s) with errors in {corpus} (its errors table)"
    )
    if stats.stored == 0 and stats.skipped == 0:
        raise fail(f"no article in {corpus}")
