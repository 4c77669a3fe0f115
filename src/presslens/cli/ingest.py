"""`presslens ingest`: analyse inputs and store them in the corpus database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from presslens.cli.console import fail, info, skipped

#: The database `ingest` writes and `serve` reads when --db is not given.
DEFAULT_DB = Path("presslens.db")


def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories or URLs to analyse.")
    ],
    db: Annotated[Path, typer.Option("--db", help="SQLite database file (created if missing).")] = DEFAULT_DB,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Analyse in N processes.")] = 1,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Articles per committed transaction.")] = 20,
    replace: Annotated[
        bool, typer.Option("--replace", help="Re-analyse articles already stored and replace them.")
    ] = False,
) -> None:
    """Analyse articles and store them with all their annotations (re-running skips stored articles)."""
    from presslens.store import connect
    from presslens.store import ingest as store_ingest

    def on_error(error: Exception) -> None:
        skipped(str(error))

    def on_batch(stats) -> None:
        info(f"committed {stats.stored} article(s)")

    conn = connect(db)
    try:
        stats = store_ingest(
            conn, inputs, jobs=jobs, batch_size=batch, on_error=on_error, on_batch=on_batch, replace=replace
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
