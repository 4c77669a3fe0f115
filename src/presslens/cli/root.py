"""The root `presslens` command: its options, its command groups, and the one place errors become exits.

Each command lives in its own module of this package and is a thin shell over library functions (as
in sqlite-utils): it parses options, calls the library, and prints. Library code raises
`PressLensError` with a message meant for the user; `PressLensGroup.invoke` below turns any that
escapes a command into one ``error:`` line and exit code 1, so commands need no try/except of their own.

Commands from other installed packages (``presslens train`` from ``presslens_train``, or a
third-party plugin) are Typer apps declared in the ``presslens.cli`` entry-point group.
"""

from __future__ import annotations

import errno
from importlib.metadata import entry_points
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from presslens import __version__
from presslens.cli import analyze, bench, ingest, schema, serve
from presslens.cli.console import ExitCode, error, warn
from presslens.cli.evaluate import eval_app
from presslens.cli.grouping import grouping_app
from presslens.cli.semeval import semeval_app
from presslens.errors import PressLensError

#: Entry-point group whose members are Typer apps mounted as `presslens <name>`.
PLUGIN_GROUP = "presslens.cli"


class PressLensGroup(TyperGroup):
    """The root group: a `PressLensError` (or an unreadable/unwritable file) in any command is one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PressLensError as exc:
            error(str(exc))
            raise typer.Exit(ExitCode.FAILED) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `presslens analyze ... | head`: Click handles it quietly
                raise
            where = f": {exc.filename}" if exc.filename else ""
            error(f"{exc.strerror or exc}{where}")
            raise typer.Exit(ExitCode.FAILED) from None


app = typer.Typer(
    name="presslens",
    cls=PressLensGroup,
    help="Read news critically: figures, voices and rhetoric, each pointing to the exact characters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"presslens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """PressLens: shows what articles claim, who says it and how they persuade. It never judges truth."""


def add_plugins(root: typer.Typer) -> None:
    """Mount every Typer app of the ``presslens.cli`` entry points; a broken one is a warning, not a crash."""
    taken = {info.name for info in root.registered_groups} | {
        info.name or info.callback.__name__ for info in root.registered_commands if info.callback
    }
    for point in sorted(entry_points(group=PLUGIN_GROUP), key=lambda p: p.name):
        if point.name in taken:
            continue
        try:
            plugin = point.load()
        except Exception as exc:  # a plugin must never stop the core commands
            warn(f"command group {point.name!r} ({point.value}) could not be loaded: {exc}")
            continue
        root.add_typer(plugin, name=point.name)


app.command("analyze")(analyze.analyze)
app.command("components")(analyze.list_components)
app.command("ingest")(ingest.ingest)
app.command("serve")(serve.serve)
app.command("bench")(bench.bench)
app.command("schema")(schema.schema)
app.add_typer(eval_app, name="eval")
app.add_typer(semeval_app, name="semeval")
app.add_typer(grouping_app, name="grouping")
add_plugins(app)
