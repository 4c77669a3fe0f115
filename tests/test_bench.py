"""`presslens bench` runs end to end and reports coherent figures (no speed is asserted here)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from presslens.cli import app
from presslens.components.registry import DEFAULT_PIPELINE


@pytest.mark.parametrize("jobs", [1, 2])
def test_bench_json_on_the_seeds(seed_paths, jobs: int) -> None:
    paths = [str(p) for p in seed_paths]
    result = CliRunner().invoke(app, ["bench", *paths, "--jobs", str(jobs), "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["articles"] == 3 and figures["jobs"] == jobs
    assert figures["components"] == list(DEFAULT_PIPELINE)
    assert figures["tokens"] > figures["articles"] and figures["total_s"] > 0
    # articles_per_s is rounded to 2 decimals: under load (0.04/s) that alone is more than 5%
    assert figures["articles_per_s"] == pytest.approx(3 / figures["total_s"], rel=0.05, abs=0.006)
    assert figures["peak_rss_main_mb"] > 50
    assert (figures["peak_rss_worker_mb"] is None) == (jobs == 1)


def test_bench_reports_bad_input_in_one_line(tmp_path) -> None:
    result = CliRunner().invoke(app, ["bench", str(tmp_path / "missing.txt"), "--jobs", "1"])
    assert result.exit_code == 1
    assert "no readable article to benchmark (1 input(s) skipped)" in result.output


def test_bench_rejects_unknown_components(seed_paths) -> None:
    result = CliRunner().invoke(app, ["bench", str(seed_paths[0]), "--components", "nope.v9", "--jobs", "1"])
    assert result.exit_code == 2  # a usage error, refused before anything runs
    assert "unknown component" in result.output


def test_bench_end_to_end_counts_the_same_articles(seed_paths) -> None:
    result = CliRunner().invoke(
        app, ["bench", *map(str, seed_paths), "--jobs", "1", "--limit", "2", "--json", "--end-to-end"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["e2e_total_s"] > 0
    assert figures["e2e_articles_per_s"] == pytest.approx(2 / figures["e2e_total_s"], rel=0.05, abs=0.006)
