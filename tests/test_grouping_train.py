"""The grouping model's out-of-fold bookkeeping (presslens_train.grouping): pooled scores and the paired
cluster bootstrap that docs/evaluation-grouping.md's ship rule reads."""

from __future__ import annotations

import pytest

pytest.importorskip("numpy")

from presslens.evaluation.grouping import PairCounts  # noqa: E402
from presslens_train.grouping import Fold, paired_bootstrap, pooled  # noqa: E402


def _fold(name: str, tp: int, fp: int, fn: int, bp: float = 1.0, br: float = 1.0, n: int = 1) -> Fold:
    return Fold(name, PairCounts(tp, fp, fn), bp, br, n)


def test_pooled_sums_pairs_and_averages_bcubed_over_figures() -> None:
    rows = [_fold("a", 8, 2, 0, bp=9.0, br=6.0, n=10), _fold("b", 0, 0, 8, bp=10.0, br=10.0, n=10)]
    out = pooled(rows)
    assert (out["precision"], out["recall"]) == (0.8, 0.5)  # 8 / 10, 8 / 16
    assert out["bcubed"]["precision"] == 0.95 and out["bcubed"]["recall"] == 0.8
    again = Fold.from_dict(rows[0].to_dict())
    assert again == rows[0]


def test_paired_bootstrap_says_when_a_gain_is_one_clusters() -> None:
    before = [_fold(c, 5, 5, 5) for c in "abcdefgh"]
    same = paired_bootstrap(before, before, samples=500)
    assert same["low_5"] == same["high_95"] == 0.0 and same["at_or_below_zero"] == 1.0
    # every cluster a little better: the whole interval is above zero
    everywhere = [_fold(c, 6, 4, 4) for c in "abcdefgh"]
    assert paired_bootstrap(before, everywhere, samples=500)["low_5"] > 0
    # one cluster much better, one much worse: the interval straddles zero
    mixed = [_fold("a", 20, 0, 0), _fold("b", 0, 10, 10), *before[2:]]
    result = paired_bootstrap(before, mixed, samples=500)
    assert result["low_5"] < 0 < result["high_95"]
    with pytest.raises(ValueError):
        paired_bootstrap(before, before[::-1])
