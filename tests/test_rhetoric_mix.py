"""The techniques-under-the-dev-mix study (`presslens_train.rhetoric.mix`): its corrections and its
figures on small synthetic rows (numpy only; the study itself needs scikit-learn and the cached OOF
scores, see docs/model-card.md)."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.rhetoric import data as D
from presslens_train.rhetoric import cv
from presslens_train.rhetoric import mix as M


def test_a_zero_offset_leaves_scores_alone_and_a_negative_one_lowers_only_reports() -> None:
    s = np.array([[0.2, 0.7], [0.4, 0.9]], np.float32)
    q = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # an opinion row, a reporting row
    assert np.allclose(M.offset_scores(s, q, (0.0, 0.0)), s, atol=1e-6)
    shifted = M.offset_scores(s, q, (-1.0, 0.0))
    assert np.allclose(shifted[0], s[0], atol=1e-6)
    assert (shifted[1] < s[1]).all()
    # order inside a row is kept: a prior shift moves every technique of the article alike
    assert shifted[1, 0] < shifted[1, 1]


def test_genre_log_ratio_is_positive_where_a_genre_uses_a_technique_more() -> None:
    # technique 0 in every opinion paragraph and no reporting one; technique 1 equally in both
    y = np.array([[1, 1], [1, 0], [0, 1], [0, 0]] * 10, np.float32)
    q = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]] * 10, np.float64)
    lr = M.genre_log_ratio(y, np.ones(len(y)), q)
    assert lr.shape == (3, 2)
    assert lr[0, 0] > 0.5 and lr[1, 0] < -0.5
    assert abs(lr[0, 1]) < 0.05 and abs(lr[1, 1]) < 0.05
    # lambda 0 is the identity; lambda 1 lowers technique 0 in the reporting rows
    s = np.full((4, 2), 0.5, np.float32)
    assert np.allclose(M.ratio_scores(s, q[:4], lr, 0.0), s, atol=1e-6)
    assert (M.ratio_scores(s, q[:4], lr, 1.0)[2:, 0] < 0.5).all()


def _rows(n_articles: int = 40, lines: int = 5, techniques: int = len(D.TECHNIQUES)) -> dict[str, np.ndarray]:
    rng = np.random.RandomState(0)
    n = n_articles * lines
    aid = np.repeat(np.array([f"a{i}" for i in range(n_articles)]), lines)
    gold = np.repeat(np.arange(n_articles) % 2, lines)  # alternate opinion, reporting
    y = (rng.rand(n, techniques) < np.where(gold[:, None] == 0, 0.3, 0.1)).astype(np.float32)
    s = np.clip(0.5 * y + 0.5 * rng.rand(*y.shape), 0, 1).astype(np.float32)
    return {
        "aid": aid,
        "gold": gold,
        "y": y,
        "s": s,
        "w": np.where(gold == 1, 2.0, 0.5),
        "fold": np.repeat(np.arange(n_articles) % cv.N_FOLDS, lines),
    }


def test_figures_break_decisions_down_by_gold_genre() -> None:
    rows = _rows()
    pred = (rows["s"] >= 0.5).astype(np.float32)
    shown = (rows["s"] >= 0.8).astype(np.float32)
    fig = M.figures(rows, pred, shown)
    assert set(fig["by_genre"]) == {"opinion", "reporting"}  # no satire rows: no satire entry
    rep = fig["by_genre"]["reporting"]
    m = rows["gold"] == 1
    assert rep["articles"] == 20 and rep["paragraphs"] == int(m.sum())
    assert rep["pairs_predicted"] == int(pred[m].sum()) and rep["pairs_gold"] == int(rows["y"][m].sum())
    assert rep["micro_f1_pooled"] == pytest.approx(cv.micro(cv.counts(rows["y"][m], pred[m])), abs=1e-4)
    # the dev-mix figure weights reporting rows 4x opinion ones: it lies between the two genres'
    f_op = fig["by_genre"]["opinion"]["micro_f1_pooled"]
    assert (
        min(f_op, rep["micro_f1_pooled"]) - 0.05
        <= fig["micro_devmix"]["mean"]
        <= max(f_op, rep["micro_f1_pooled"]) + 0.05
    )
    assert len(fig["micro"]["folds"]) == cv.N_FOLDS


def test_f1_decisions_of_a_fold_ignore_that_fold() -> None:
    rows = _rows(techniques=3)
    y, s, w, fold = rows["y"], rows["s"], rows["w"], rows["fold"]
    before = M.f1_decisions(y, s, w, fold)
    y2 = y.copy()
    y2[fold == 0] = 1 - y2[fold == 0]  # relabel fold 0 only: its own decisions must not move
    after = M.f1_decisions(y2, s, w, fold)
    assert np.array_equal(before[fold == 0], after[fold == 0])
    assert not np.array_equal(before[fold != 0], after[fold != 0])


def test_split_thresholds_use_the_predicted_genre_not_the_gold_one() -> None:
    rows = _rows(techniques=3)
    q_gold = np.eye(3)[rows["gold"]]
    q_flipped = np.eye(3)[1 - rows["gold"]]  # every article called the other genre
    a = M.split_decisions(rows, q_gold)
    b = M.split_decisions(rows, q_flipped)
    assert np.array_equal(a, b)  # the same two groups, named the other way round
    q_one = np.eye(3)[np.zeros_like(rows["gold"])]  # one group only: the plain nested thresholds
    assert np.array_equal(
        M.split_decisions(rows, q_one), M.f1_decisions(rows["y"], rows["s"], rows["w"], rows["fold"])
    )


def test_verdict_needs_a_gain_beyond_the_fold_spread_and_no_training_mix_loss() -> None:
    def fig(dev, plain, shown):
        return {
            "micro_devmix": cv.mean_sd(dev),
            "micro": cv.mean_sd(plain),
            "shown_p_devmix": cv.mean_sd(shown),
        }

    base = fig([0.34, 0.30, 0.38, 0.36, 0.36], [0.38] * 5, [0.45, 0.56, 0.52, 0.65, 0.63])
    small = fig([0.35, 0.31, 0.39, 0.37, 0.37], [0.38] * 5, [0.56] * 5)
    big = fig([0.40, 0.36, 0.44, 0.42, 0.42], [0.38] * 5, [0.56] * 5)
    costly = fig([0.40, 0.36, 0.44, 0.42, 0.42], [0.36] * 5, [0.56] * 5)
    untrusted = fig([0.40, 0.36, 0.44, 0.42, 0.42], [0.38] * 5, [0.40, 0.45, 0.6, 0.6, 0.6])
    assert not M.verdict(base, small)["ships"]
    assert M.verdict(base, big)["ships"]
    assert M.verdict(base, big)["paired_gain"]["mean"] == pytest.approx(0.06, abs=1e-4)
    assert not M.verdict(base, costly)["ships"]
    assert not M.verdict(base, untrusted)["ships"]
