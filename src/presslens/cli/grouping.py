"""`presslens grouping ...`: a user's corrections to the figure groups, kept in the corpus database.

    presslens grouping merge ARTICLE:CLAIM ARTICLE:CLAIM   # these two figures count one quantity
    presslens grouping split ARTICLE:CLAIM [ARTICLE:CLAIM] # never together / this figure alone
    presslens grouping list                                # every override (JSON with --json)
    presslens grouping remove ID

Figures are named as the ``/quantities.json`` entries name them (``article_id`` and ``claim_id``).
The web app's figures page applies the overrides on its next request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from presslens.cli.console import fail, info
from presslens.cli.ingest import DEFAULT_DB

grouping_app = typer.Typer(
    help="Correct the cross-article figure groups (merge, split); the corrections are stored.",
    no_args_is_help=True,
)

Db = Annotated[Path, typer.Option("--db", help="SQLite database file (as written by `presslens ingest`).")]
Note = Annotated[str | None, typer.Option("--note", help="Why (kept with the override).")]


def _open(db: Path):
    from presslens.store import connect

    if not db.is_file():
        raise fail(f"{db}: no such database (run `presslens ingest` first)")
    return connect(db)


@grouping_app.command("merge")
def merge(
    a: Annotated[str, typer.Argument(help="A figure: ARTICLE_ID:CLAIM_ID.")],
    b: Annotated[str, typer.Argument(help="Another figure whose group joins A's.")],
    db: Db = DEFAULT_DB,
    note: Note = None,
) -> None:
    """Put two figures' groups together (they count the same quantity)."""
    from presslens.store.overrides import add_override

    with _open(db) as conn:
        number = add_override(conn, "merge", a, b, note)
    info(f"override {number}: merge {a} and {b}")


@grouping_app.command("split")
def split(
    a: Annotated[str, typer.Argument(help="A figure: ARTICLE_ID:CLAIM_ID.")],
    b: Annotated[str | None, typer.Argument(help="Another figure never to share A's group.")] = None,
    db: Db = DEFAULT_DB,
    note: Note = None,
) -> None:
    """Keep two figures in different groups, or (with one figure) take it out of its group."""
    from presslens.store.overrides import add_override

    with _open(db) as conn:
        number = add_override(conn, "split", a, b, note)
    info(f"override {number}: split {a}" + (f" from {b}" if b else " into a group of its own"))


@grouping_app.command("list")
def list_(
    db: Db = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the overrides as JSON.")] = False,
) -> None:
    """Show the stored overrides, oldest first."""
    from presslens.store.overrides import list_overrides

    with _open(db) as conn:
        overrides = list_overrides(conn)
    if as_json:
        typer.echo(json.dumps(overrides, ensure_ascii=False, indent=1))
        return

    def show(figure: dict | None) -> str:
        return f"{figure['article_id']}@{figure['start']} {figure['text']!r}" if figure else "(alone)"

    for o in overrides:
        typer.echo(f"{o['id']}\t{o['action']}\t{show(o['a'])}\t{show(o['b'])}")


@grouping_app.command("remove")
def remove(
    override_id: Annotated[int, typer.Argument(help="The override's id (from `presslens grouping list`).")],
    db: Db = DEFAULT_DB,
) -> None:
    """Delete one override."""
    from presslens.store.overrides import remove_override

    with _open(db) as conn:
        if not remove_override(conn, override_id):
            raise fail(f"no override {override_id}")
    info(f"override {override_id} removed")
