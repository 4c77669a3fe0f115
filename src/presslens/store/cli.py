"""`presslens ingest`: analyse inputs and store them in the corpus database (hooked into presslens.cli)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_DB = Path("presslens.db")


def ingest_command(
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
    from presslens.cli import err, fail
    from presslens.errors import PressLensError
    from presslens.store import connect, ingest

    def on_error(error: Exception) -> None:
        err.print(f"[yellow]skipped[/] {error}", markup=True, soft_wrap=True, highlight=False)

    def on_batch(stats) -> None:
        err.print(f"committed {stats.stored} article(s)", highlight=False)

    try:
        conn = connect(db)
    except PressLensError as exc:
        raise fail(str(exc)) from None
    try:
        stats = ingest(
            conn, inputs, jobs=jobs, batch_size=batch, on_error=on_error, on_batch=on_batch, replace=replace
        )
    except PressLensError as exc:
        raise fail(str(exc)) from None
    finally:
        conn.close()
    for article_id, other, similarity in stats.duplicates:
        err.print(f"near-duplicate: {article_id} ~ {other} (similarity {similarity:.2f})", highlight=False)
    typer.echo(
        f"{db}: stored {stats.stored}{f' ({stats.replaced} replaced)' if replace else ''}, "
        f"already stored {stats.skipped}, "
        f"skipped {len(stats.errors)} input(s) with errors"
    )
    if stats.stored == 0 and stats.skipped == 0:
        raise fail("no article could be analysed")
