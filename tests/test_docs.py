"""Every command is documented: it has help text, and the README's CLI reference is up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", REPO / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


def test_every_command_has_help_text(generator) -> None:
    import typer.main

    from presslens.cli import app

    root = typer.main.get_command(app)
    for path in generator.command_paths():
        command = root
        for name in path:
            command = command.commands[name]
        assert (command.help or "").strip(), f"`presslens {' '.join(path)}` has no help text"


def test_readme_cli_reference_is_current(generator) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert generator.updated_readme(readme) == readme, "run `python scripts/gen_cli_docs.py`"


def test_readme_documents_the_quickstart_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "presslens analyze examples/fictional-port-strike.txt" in readme
    assert "bash scripts/test.sh" in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci
