"""Hostile inputs (tests/hostile.py, small ones) through ingest, analysis, JSON, the store and the CLI.

The same generator feeds ``benchmarks/fuzz.py`` with 10,000 inputs (docs/fuzz.md); here a sample CI can
afford, with a fixed seed, so that a failure names the input that broke.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hostile
from presslens.api import analyze_many
from presslens.cli import app
from presslens.errors import InputError
from presslens.ingest import load_inputs

CASES = 60
SEED = 14
#: The commands are checked for accounting, not for what the components find: a cheaper pipeline will do.
LIGHT = "sentences.v1,entities.v1,claims.v1,actors.v1,attribution.v1,quotes.v1"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[hostile.Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    items = list(hostile.cases(CASES, SEED, big=False))
    return folder, hostile.write_cases(items, folder), items


@pytest.fixture(scope="module")
def library_pass(corpus, pipeline) -> dict[str, int]:
    """Every input on its own through `load_inputs` and `analyze_many`: counts of what came out."""
    _folder, specs, items = corpus
    counts = {"articles": 0, "errors": 0}
    problems = []
    for spec, case in zip(specs, items, strict=True):
        results = list(analyze_many(load_inputs([spec])))
        if not results:
            problems.append(f"{case.kind} {spec}: neither analysed nor reported")
        for item in results:
            if isinstance(item, InputError):
                counts["errors"] += 1
                if hostile.is_bug(item):
                    problems.append(f"{case.kind} {spec}: {item}")
            else:
                counts["articles"] += 1
                problems += [f"{case.kind} {spec}: {p}" for p in hostile.output_problems(item)]
    assert problems == []
    return counts


def test_generator_is_reproducible_and_covers_the_families() -> None:
    first = list(hostile.cases(200, 3, big=False))
    assert first == list(hostile.cases(200, 3, big=False))
    families = {case.kind.split("/")[0] for case in first}
    expected = {"poison", "text", "encoding", "html", "jsonl", "binary", "size", "regex", "name", "url"}
    assert families >= expected
    assert max(len(case.data) for case in first) <= 250_000


def test_every_hostile_input_is_analysed_or_reported(library_pass: dict[str, int]) -> None:
    assert library_pass["articles"] > CASES // 3  # most inputs are readable, hostile as they are
    assert library_pass["errors"] > 0


def test_analyze_command_accounts_for_every_input(corpus, library_pass, tmp_path: Path) -> None:
    folder, specs, _items = corpus
    urls = [s for s in specs if "://" in s]
    out = tmp_path / "out.jsonl"
    args = ["analyze", str(folder), *urls, "-f", "jsonl", "--out", str(out), "--no-progress"]
    result = CliRunner().invoke(app, [*args, "--components", LIGHT])
    assert result.exit_code == 3, result.output  # some inputs are refused, each in one line
    assert "Traceback" not in result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert not [line for line in skipped if hostile.is_bug(line)]
    articles = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (len(articles), len(skipped)) == (library_pass["articles"], library_pass["errors"])
    assert not [p for a in articles for p in hostile.span_problems(a)]


def test_ingest_command_accounts_for_every_input(corpus, library_pass, tmp_path: Path) -> None:
    folder, specs, _items = corpus
    urls = [s for s in specs if "://" in s]
    db = tmp_path / "hostile.db"
    result = CliRunner().invoke(app, ["ingest", str(folder), *urls, "--db", str(db), "--components", LIGHT])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == library_pass["errors"] and not [s for s in skipped if hostile.is_bug(s)]
    stored, already = (int(n) for n in _numbers(result.stdout))
    assert stored + already == library_pass["articles"]  # identical texts are stored once


def _numbers(line: str) -> list[str]:
    """'x.db: stored 40, already stored 3, skipped ...' -> ['40', '3']."""
    after = line.split("stored ", 1)[1]
    return [after.split(",")[0].split()[0], after.split("already stored ", 1)[1].split(",")[0]]


def _fuzz_benchmark():
    """benchmarks/fuzz.py as a module (its summary is what docs/fuzz.md quotes)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"
    spec = importlib.util.spec_from_file_location("fuzz_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fuzz_summary_names_the_inputs_behind_the_memory_peaks() -> None:
    fuzz = _fuzz_benchmark()
    # two workers' records interleaved, as results.jsonl holds them; the first run did not record
    # per-input peaks (only each worker's lifetime peak, rss_mb), the resumed one did
    old = [
        {"index": 0, "seconds": 1, "rss_mb": 300, "kind": "text"},  # worker A starts
        {"index": 1, "seconds": 1, "rss_mb": 310, "kind": "text"},  # worker B starts
        {"index": 2, "seconds": 9, "rss_mb": 900, "kind": "size"},  # A jumps
        {"index": 3, "seconds": 1, "rss_mb": 310, "kind": "text"},  # B stays
        {"index": 4, "seconds": 1, "rss_mb": 900, "kind": "text"},  # A stays
        {"index": 5, "seconds": 8, "rss_mb": 700, "kind": "regex"},  # B jumps
        {"index": 7, "crash": "worker died (exit -9)", "kind": "html"},
    ]
    new = [
        {"index": 6, "seconds": 9, "rss_mb": 500, "peak_mb": 500, "rss_before_mb": 250, "code": "abc"},
        {"index": 8, "seconds": 1, "rss_mb": 500, "peak_mb": 260, "rss_before_mb": 255, "code": "abc"},
    ]
    summary = fuzz.summarise(old + new)
    assert [r["index"] for r in summary["raised_peak"]] == [2, 5, 1, 0]
    assert [r["index"] for r in summary["worst_memory"]] == [6, 8]
    assert (summary["crashes"], summary["hangs"], summary["peak_rss_mb"]) == (1, 0, 900)
    assert summary["by_code"]["unrecorded"] == {
        "inputs": 7,
        "indices": "0-5, 7",
        "crashes": 1,
        "hangs": 0,
        "peak_rss_mb": 900,
    }
    assert summary["by_code"]["abc"]["indices"] == "6, 8"
    assert fuzz.index_ranges([9, 3, 4, 5, 11, 12, 10]) == "3-5, 9-12"


def test_phase_two_leaves_urls_with_a_nul_to_phase_one() -> None:
    # the 10,000-input run stopped at phase 2: Popen refuses an argument with a NUL ("embedded null byte")
    fuzz = _fuzz_benchmark()
    specs = ["/in/00001-text.txt", "http://[::1:1/", "http://example.invalid/\x00a", "https://127.0.0.1:1/x"]
    assert fuzz.command_line_urls(specs) == ["http://[::1:1/", "https://127.0.0.1:1/x"]
