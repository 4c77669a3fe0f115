"""`presslens eval aeb`: the article-extraction benchmark's metric, and ingest on its real pages."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_guard import require_path
from presslens.cli import app
from presslens.evaluation.aeb import body_of, cross_validate, load_pages, match, scores

SHARED = Path(os.environ.get("PRESSLENS_SHARED", Path(__file__).resolve().parents[2] / "shared"))
AEB = SHARED / "data" / "aeb-dev"


def test_shingle_matching_as_the_benchmark_counts_it() -> None:
    assert match("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    # truth has 3 shingles (abcd, bcde, cdef); the prediction has abcd and one of its own (bcdx)
    assert match("a b c d e f", "a b c d x") == (0.25, 0.25, 0.5)
    assert match("a b c d", "") == (0.0, 0.0, 1.0)  # nothing predicted: only misses
    assert match("", "") == (0.0, 0.0, 0.0)
    assert match("Ab, cd! ef gh", "ab cd ef gh") == (0.0, 0.5, 0.5)  # \\w+ tokens, case kept


def test_scores_average_over_pages_with_a_prediction_and_with_a_truth() -> None:
    rows = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.5, 0.5, 0.0)]
    result = scores(rows)
    assert result["precision"] == pytest.approx((1.0 + 0.5) / 2)  # the empty prediction is left out
    assert result["recall"] == pytest.approx((1.0 + 0.0 + 1.0) / 3)
    p, r = result["precision"], result["recall"]
    assert result["f1"] == pytest.approx(2 * p * r / (p + r))


def test_body_leaves_the_headline_paragraph_out() -> None:
    text = "Port strike ends\n\nMore than 300 dock workers returned."
    assert body_of(text, 0, 16) == "More than 300 dock workers returned."
    assert body_of(text, None, None) == text


@pytest.fixture()
def three_pages(tmp_path: Path) -> Path:
    """Three benchmark pages in a folder of their own (a copy in tmp, never in the repository)."""
    source = require_path(AEB, f"{AEB} is missing: these tests read the shared data beside the checkout")
    truth = json.loads((source / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:3]
    (tmp_path / "html").mkdir()
    for key in keys:
        shutil.copy(source / "html" / f"{key}.html", tmp_path / "html" / f"{key}.html")
    (tmp_path / "ground-truth.json").write_text(json.dumps({k: truth[k] for k in keys}), encoding="utf-8")
    return tmp_path


@pytest.mark.shared
def test_eval_aeb_command_on_real_pages(three_pages: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "aeb", "--data", str(three_pages), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pages"] == 3 and data["setting"] == "precision"
    assert 0.9 < data["f1"] <= 1.0  # trafilatura finds these three bodies nearly whole
    table = CliRunner().invoke(app, ["eval", "aeb", "--data", str(three_pages)])
    assert table.exit_code == 0 and "F1" in table.stdout


@pytest.mark.shared
def test_cross_validation_reports_held_out_f1_with_spread(three_pages: Path) -> None:
    result = cross_validate(three_pages, ("precision", "recall"), folds=3, repeats=2)
    assert result["folds"] == 3 and sum(result["chosen"].values()) == 6
    assert 0.0 <= result["held_out_f1_std"] < 0.5 and 0.8 < result["held_out_f1_mean"] <= 1.0


def test_a_folder_that_is_not_the_benchmark_is_one_error_line(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="ground-truth.json"):
        load_pages(tmp_path)
    result = CliRunner().invoke(app, ["eval", "aeb", "--data", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.startswith("error:")
