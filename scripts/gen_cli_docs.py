"""Regenerate the CLI reference in README.md from the commands' own --help (as sqlite-utils does with cog).

Run `python scripts/gen_cli_docs.py` after changing a command; tests/test_docs.py fails when the README
is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def command_paths() -> list[list[str]]:
    """Every command and sub-command, as argument lists."""
    import typer.main

    from presslens.cli import app

    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(group, prefix: list[str]) -> None:
        for name in sorted(getattr(group, "commands", {})):
            command = group.commands[name]
            paths.append([*prefix, name])
            walk(command, [*prefix, name])

    walk(root, [])
    return paths


def help_text(args: list[str]) -> str:
    from typer.testing import CliRunner

    from presslens.cli import app

    result = CliRunner().invoke(
        app, [*args, "--help"], terminal_width=100, env={"COLUMNS": "100", "NO_COLOR": "1"}
    )
    lines = [line.rstrip() for line in result.output.splitlines()]
    return "\n".join(lines).strip("\n")


def reference() -> str:
    parts = [START, "", "```", help_text([]), "```"]
    for args in command_paths():
        parts += ["", f"### `presslens {' '.join(args)}`", "", "```", help_text(args), "```"]
    parts += ["", END]
    return "\n".join(parts)


def updated_readme(text: str) -> str:
    block = reference()
    if START in text:
        return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    return text.replace("CLI_REFERENCE_PLACEHOLDER", block)


if __name__ == "__main__":
    new = updated_readme(README.read_text(encoding="utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if new == README.read_text(encoding="utf-8") else 1)
    README.write_text(new, encoding="utf-8")
