"""How every `presslens` command talks to the user: one error line, one warning line, one set of exit codes.

Results go to stdout (JSON, tables, one summary line) so that they can be piped; everything addressed to a
person (errors, warnings, skipped inputs, progress) goes to stderr through the functions below, so that
the same message always looks the same whichever command printed it.

Exit codes (documented in the README; scripts depend on them):

- 0 ``OK``: the command did its job: every input was analysed (or, for ``ingest``, already stored).
- 1 ``FAILED``: the command could not do its job (nothing could be analysed, a file or model is missing
  or invalid, the port is busy, ...). The reason is one line on stderr, never a traceback.
- 2 ``USAGE``: the command line itself is wrong (unknown option, bad value), as Click reports it.
- 3 ``PARTIAL``: some inputs failed (each reported on stderr as ``skipped``); the others were analysed
  and written. With ``--fail-on-error``, ``analyze`` and ``ingest`` stop at the first failed input
  instead, write no ``--out`` file, and exit 1.
"""

from __future__ import annotations

from enum import IntEnum

import typer
from rich.console import Console
from rich.markup import escape

#: Messages for people: stderr, no automatic highlighting (article text must look as it is).
err = Console(stderr=True, highlight=False)


class ExitCode(IntEnum):
    """The exit statuses of every `presslens` command (see the module docstring)."""

    OK = 0
    FAILED = 1
    USAGE = 2
    PARTIAL = 3


def error(message: str) -> None:
    """Print ``error: message`` on stderr (the message is shown literally, never as markup)."""
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def warn(message: str) -> None:
    """Print ``warning message`` on stderr."""
    err.print(f"[yellow]warning[/] {escape(message)}", soft_wrap=True)


def skipped(message: str) -> None:
    """Report one input that was left out (the rest of the batch goes on)."""
    err.print(f"[yellow]skipped[/] {escape(message)}", soft_wrap=True)


def info(message: str) -> None:
    """A plain progress or status line on stderr (not part of the command's result)."""
    err.print(escape(message), soft_wrap=True)


def fail(message: str, code: int = ExitCode.FAILED) -> typer.Exit:
    """Print ``message`` as an error and return the `typer.Exit` to raise: ``raise fail("...")``."""
    error(message)
    return typer.Exit(int(code))


def component_names(value: str | None) -> list[str] | None:
    """Parse ``--components a,b``: None means the default pipeline.

    An empty list, an unknown name or an order the components cannot run in (one reads what no
    earlier one writes) is a usage error, refused in one line before any input is read.
    """
    if value is None:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise fail(
            "--components is empty: name at least one component (see `presslens components`)", ExitCode.USAGE
        )
    from presslens.errors import PipelineError
    from presslens.pipeline import choose

    try:
        choose(names)
    except PipelineError as exc:
        raise fail(f"--components: {exc}", ExitCode.USAGE) from None
    return names
