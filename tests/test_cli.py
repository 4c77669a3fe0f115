"""The `presslens` command line as a package: one way to report errors, documented exit codes, no cycles.

The import checks read the source with `ast` (every import statement, also those inside functions), so
a lazy import cannot hide a dependency the layering forbids.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from presslens.cli import app
from presslens.cli import root as app_module

SRC = Path(__file__).resolve().parents[1] / "src"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "fictional-port-strike.txt"


def imported_modules(source: str, package: str) -> set[str]:
    """Every module an `import` or `from ... import` in ``source`` names (relative ones resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def module_imports(path: Path) -> set[str]:
    package = ".".join(path.relative_to(SRC).with_suffix("").parts[:-1])
    return imported_modules(path.read_text(encoding="utf-8"), package)


def runtime_modules() -> list[Path]:
    return sorted((SRC / "presslens").rglob("*.py"))


def test_import_scanner_sees_lazy_and_relative_imports() -> None:
    source = "import os\ndef f():\n    from presslens_train import x\n    from ..cli import app\n"
    names = imported_modules(source, "presslens.store")
    assert {"os", "presslens_train", "presslens.cli", "presslens.cli.app"} <= names


def test_runtime_never_imports_the_training_package() -> None:
    offenders = {
        str(path.relative_to(SRC)): sorted(
            n for n in module_imports(path) if n.split(".")[0] == "presslens_train"
        )
        for path in runtime_modules()
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"presslens must not import presslens_train: {offenders}"


def test_only_the_cli_package_imports_the_cli() -> None:
    cli_dir = SRC / "presslens" / "cli"
    offenders = [
        str(path.relative_to(SRC))
        for path in runtime_modules()
        if cli_dir not in path.parents
        and any(n == "presslens.cli" or n.startswith("presslens.cli.") for n in module_imports(path))
    ]
    assert offenders == [], f"domain modules must not import presslens.cli (it imports them): {offenders}"


def test_domain_modules_hold_no_typer_apps() -> None:
    """Typer wiring lives in presslens.cli (and presslens_train.cli), not in store, web, rhetoric, ..."""
    cli_dir = SRC / "presslens" / "cli"
    offenders = [
        str(path.relative_to(SRC))
        for path in runtime_modules()
        if cli_dir not in path.parents and "typer" in module_imports(path)
    ]
    assert offenders == []


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "presslens.cli", "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("presslens ")


def test_a_library_error_is_one_line_and_exit_1(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("1\tsatire\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["semeval", "score", "--subtask", "1", str(gold), str(tmp_path / "nope.txt")]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "nope.txt" in lines[0], result.stderr


def test_an_unwritable_output_is_one_line_and_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    result = CliRunner().invoke(app, ["analyze", "--no-progress", str(EXAMPLE), "--out", str(target)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: No such file or directory: {target}"]


def test_analyze_with_two_jobs_writes_the_bytes_of_one_job(tmp_path: Path) -> None:
    """-j 2 --format json|jsonl has the workers send finished JSON; --html keeps the articles in the main
    process and serialises them there: the files must not differ by a byte."""
    second = tmp_path / "second.txt"
    second.write_text("Ilse Varga said on Monday that 40 dock workers had left.\n", encoding="utf-8")
    for fmt in ("json", "jsonl"):
        outputs = []
        for extra in (["-j", "2"], ["-j", "1", "--html", str(tmp_path / "report.html")]):
            target = tmp_path / f"{fmt}{len(outputs)}.out"
            args = ["analyze", "--no-progress", str(EXAMPLE), str(second), "-f", fmt, "--out", str(target)]
            result = CliRunner().invoke(app, [*args, *extra])
            assert result.exit_code == 0, result.output
            outputs.append(target.read_bytes())
        assert outputs[0] == outputs[1]
        assert outputs[0].count(b'"schema": "presslens/1"' if fmt == "json" else b"\n") == 2


def test_an_empty_component_list_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--components", " , "])
    assert result.exit_code == 2
    assert "--components is empty" in result.stderr


def test_training_commands_come_from_the_entry_point() -> None:
    points = {p.name: p.value for p in entry_points(group=app_module.PLUGIN_GROUP)}
    assert points.get("train") == "presslens_train.cli:train_app"
    result = CliRunner().invoke(app, ["train", "rhetoric", "--help"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "--polnear" in result.output and "--variants" in result.output


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None, reason="the [train] extra is installed")
def test_training_without_the_extra_says_which_extra(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["train", "rhetoric", "--data", str(tmp_path), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: training needs the presslens[train] extra")


def test_a_broken_plugin_is_a_warning_not_a_crash(monkeypatch, capsys) -> None:
    broken = EntryPoint(name="broken", value="presslens_no_such_module:app", group=app_module.PLUGIN_GROUP)
    good = typer.Typer(help="A plugin.")

    @good.command("hello")
    def hello() -> None:
        """Say hello."""
        typer.echo("hello")

    monkeypatch.setitem(sys.modules, "presslens_fake_plugin", type(sys)("presslens_fake_plugin"))
    sys.modules["presslens_fake_plugin"].app = good
    fine = EntryPoint(name="fine", value="presslens_fake_plugin:app", group=app_module.PLUGIN_GROUP)
    monkeypatch.setattr(app_module, "entry_points", lambda group: [broken, fine])
    root = typer.Typer()

    @root.command("analyze")
    def analyze() -> None:
        """Stand-in."""

    app_module.add_plugins(root)
    assert "could not be loaded" in capsys.readouterr().err
    result = CliRunner().invoke(root, ["fine", "hello"])
    assert result.exit_code == 0 and result.output == "hello\n"
