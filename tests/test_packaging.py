"""Packaging: a lean runtime, optional parts as extras that say when they are missing, hashed lock files."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "fictional-port-strike.txt"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
#: What a CLI user must not get with the runtime (the issue: web server, Parquet, MinHash with scipy, torch).
NOT_IN_RUNTIME = {
    "fastapi",
    "uvicorn",
    "python-multipart",
    "starlette",
    "pyarrow",
    "datasketch",
    "scipy",
    "torch",
}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def lock_pins(path: Path) -> dict[str, list[str]]:
    """{package: [hashes]} of a `uv pip compile --generate-hashes` lock file."""
    pins: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^[A-Za-z0-9]", line):
            current = _name(line)
            pins[current] = []
        elif current and "--hash=sha256:" in line:
            pins[current].append(line.split("--hash=sha256:")[1].split()[0])
    return pins


LOCKS = ["requirements.lock", "requirements-web.lock", "requirements-scale.lock", "requirements-test.lock"]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_of_the_lock_files_carries_hashes(lock: str) -> None:
    pins = lock_pins(REPO / lock)
    assert len(pins) > 40
    unhashed = [name for name, hashes in pins.items() if not hashes]
    assert unhashed == []
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for hashes in pins.values() for h in hashes)


def test_runtime_is_lean_and_extras_have_their_names() -> None:
    runtime = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert runtime.isdisjoint(NOT_IN_RUNTIME)
    assert NOT_IN_RUNTIME.isdisjoint(lock_pins(REPO / "requirements.lock"))
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"web", "scale", "train", "test"} <= set(extras)
    assert {_name(r) for r in extras["web"]} >= {"fastapi", "uvicorn", "python-multipart"}
    assert {_name(r) for r in extras["scale"]} == {"dask", "bokeh", "pyarrow", "duckdb", "warcio"}


def test_locks_pin_what_pyproject_asks_for() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    runtime = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert runtime <= set(lock_pins(REPO / "requirements.lock"))
    web = runtime | {_name(r) for r in extras["web"]}
    assert web <= set(lock_pins(REPO / "requirements-web.lock"))
    scale = web | {_name(r) for r in extras["scale"]}
    assert scale <= set(lock_pins(REPO / "requirements-scale.lock"))
    tested = runtime | {_name(r) for extra in ("web", "scale", "test") for r in extras[extra]}
    assert tested <= set(lock_pins(REPO / "requirements-test.lock"))


def run_without(modules: list[str], args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter where importing ``modules`` fails, as if not installed."""
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    sys.modules[name] = None\n"
        "from presslens.cli import app\n"
        f"app({args!r}, prog_name='presslens')\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=cwd)


OPTIONAL = ["fastapi", "uvicorn", "starlette", "pyarrow", "datasketch", "scipy", "torch", "presslens_train"]


def test_analyze_and_its_report_need_no_optional_package(tmp_path: Path) -> None:
    result = run_without(
        OPTIONAL, ["analyze", str(EXAMPLE), "--out", "a.json", "--html", "r.html", "--no-progress"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.json").stat().st_size > 1000 and (tmp_path / "r.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["serve", "--db", "x.db"],
            "error: presslens serve needs the fastapi package: pip install 'presslens[web]'",
        ),
        (
            ["ingest", str(EXAMPLE), "--db", "x.db"],
            "error: near-duplicate detection in the corpus store needs the datasketch package: "
            "pip install 'presslens[web]'",
        ),
    ],
)
def test_a_missing_extra_is_one_line_naming_it(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_without(OPTIONAL, args, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == message
    assert "Traceback" not in result.stderr
