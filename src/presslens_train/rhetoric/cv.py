"""Grouped k-fold cross-validation of every rhetoric head, and the final fit that ships.

Why: the previous model chose its thresholds, mix and C on a 54-article tune split and scored 0.374 at
home against 0.255 on the official dev set. Here every choice is made on out-of-fold (OOF)
predictions over all training articles, split by article (an article's lines never straddle two
folds), and figures are reported as mean +- standard deviation over the folds, each fold scored with
choices made on the other folds only (thresholds included).

Target mix: the official dev set is 65% reporting, 24% opinion, 11% satire; the training data is 88%
opinion. Every threshold, calibration and figure can weight each article by (target share of its
genre) / (training share of its genre) (``TARGET_MIX``); both weighted ("dev mix") and plain figures
are reported, and choices are made on the weighted ones.

Needs numpy + scikit-learn (+ torch for the span head): the ``presslens[train]`` extra.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import _sigmoid, tfidf_rows

log = logging.getLogger("presslens.train")

#: genre shares of the official SemEval-2023 English dev set (54 reporting, 20 opinion, 9 satire of 83
#: labelled articles, as reported in the issue); the training shares come from the data.
TARGET_MIX = {"opinion": 20 / 83, "reporting": 54 / 83, "satire": 9 / 83}
GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
MIN_POSITIVES = 5
N_FOLDS = 5
CALIB_GRID = 201


# -- folds and weights ---------------------------------------------------------------------------
def make_folds(ids: list[str], genres: dict[str, list[str]], seed: int, k: int = N_FOLDS) -> dict[str, int]:
    rng = random.Random(seed)
    strata: dict[str, list[str]] = {}
    for aid in sorted(ids):
        strata.setdefault((genres.get(aid) or ["none"])[0], []).append(aid)
    fold, turn = {}, 0
    for key in sorted(strata):
        group = strata[key][:]
        rng.shuffle(group)
        for aid in group:
            fold[aid] = turn % k
            turn += 1
    return fold


def article_weights(ids: list[str], genres: dict[str, list[str]]) -> dict[str, float]:
    """Importance weight of each article under `TARGET_MIX` (articles without a genre: weight 1)."""
    labelled = [genres[a][0] for a in ids if genres.get(a)]
    share = {g: labelled.count(g) / len(labelled) for g in D.GENRES}
    return {a: (TARGET_MIX[genres[a][0]] / share[genres[a][0]]) if genres.get(a) else 1.0 for a in ids}


# -- thresholds and scores (weighted) --------------------------------------------------------------
def counts(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """[classes, 3] weighted tp, fp, fn of 0/1 arrays [n, classes]."""
    w = np.ones(len(y)) if w is None else w
    w = w[:, None]
    return np.stack([(w * y * p).sum(0), (w * (1 - y) * p).sum(0), (w * y * (1 - p)).sum(0)], 1)


def micro(c: np.ndarray) -> float:
    tp, fp, fn = c.sum(0)
    return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0


def tune_thresholds(y: np.ndarray, s: np.ndarray, w: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Per-class thresholds maximising (weighted) micro-F1: best global one, then two coordinate
    passes over classes with at least `MIN_POSITIVES` positives."""
    best_g, best_f = 0.5, -1.0
    for g in GRID:
        f = micro(counts(y, (s >= g).astype(np.float32), w))
        if f > best_f:
            best_g, best_f = float(g), f
    thr = np.full(y.shape[1], best_g, np.float32)
    cur = counts(y, (s >= thr).astype(np.float32), w)
    for _ in range(2):
        for k in range(y.shape[1]):
            if y[:, k].sum() < MIN_POSITIVES:
                continue
            for g in GRID:
                trial = cur.copy()
                trial[k] = counts(y[:, k : k + 1], (s[:, k : k + 1] >= g).astype(np.float32), w)[0]
                f = micro(trial)
                if f > best_f + 1e-9:
                    best_f, thr[k], cur = f, g, trial
    return thr, best_f


def mean_sd(values: list[float]) -> dict[str, float]:
    return {
        "mean": round(float(np.mean(values)), 4),
        "sd": round(float(np.std(values)), 4),
        "folds": [round(float(v), 4) for v in values],
    }


# -- line rows ---------------------------------------------------------------------------------------
@dataclass
class LineRows:
    """The gold subtask-3 rows: article, text, pooled state, labels, article weight."""

    aid: np.ndarray
    text: list[str]
    pooled: np.ndarray
    y: np.ndarray
    w: np.ndarray


def line_rows(raws: dict, corpus: dict[str, Any], ids: list[str], weights: dict[str, float]) -> LineRows:
    keep = set(ids)
    aids, texts, pooled, ys, ws = [], [], [], [], []
    for (aid, line), labels in corpus["lines"].items():
        if aid not in keep or line - 1 >= len(raws[aid].encoded.lines):
            continue
        raw = raws[aid]
        s, e = raw.encoded.lines[line - 1]
        aids.append(aid)
        texts.append(raw.encoded.text[s:e])
        pooled.append(raw.line_pooled[line - 1])
        ys.append(D.multi_hot(labels, D.TECHNIQUES))
        ws.append(weights[aid])
    return LineRows(np.array(aids), texts, np.array(pooled, np.float32), np.array(ys), np.array(ws))


def fit_line_model(
    texts: list[str],
    pooled: np.ndarray,
    y: np.ndarray,
    c: float,
    dense_factor: float,
    max_features: int = 30000,
    jobs: int = 1,
) -> dict[str, np.ndarray]:
    """Per-technique class-balanced logistic regression over [TF-IDF 1-2grams | standardised pooled
    state x dense_factor]; returns the runtime's head arrays."""
    from joblib import Parallel, delayed
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=max_features, dtype=np.float32
    )
    xt = vec.fit_transform(texts)
    mean, scale = pooled.mean(0), pooled.std(0) + 1e-6
    parts = [xt]
    if dense_factor:
        parts.append(sparse.csr_matrix((pooled - mean) / scale * dense_factor))
    x = sparse.hstack(parts).tocsr()
    x.sort_indices()
    n_t = xt.shape[1]
    fits = Parallel(n_jobs=jobs, max_nbytes=None)(
        delayed(fit_binary_lr)(x, y[:, k], c) for k in range(y.shape[1])
    )
    weights = np.stack([f[0] for f in fits])
    biases = np.array([f[1] for f in fits], np.float32)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    dense_w = weights[:, n_t:] if dense_factor else np.zeros((y.shape[1], pooled.shape[1]), np.float32)
    return {
        "tfidf_vocab": np.array(vocab),
        "tfidf_idf": vec.idf_.astype(np.float32),
        "lines_weight_tfidf": weights[:, :n_t],
        "lines_weight_dense": dense_w,
        "lines_bias": biases,
        "lines_mean": mean.astype(np.float32),
        "lines_scale": scale.astype(np.float32),
        "lines_dense_factor": np.array(dense_factor, np.float32),
    }


def fit_binary_lr(x, y: np.ndarray, c: float, balanced: bool = True) -> tuple[np.ndarray, float]:
    """One logistic regression (liblinear); a class with fewer than 2 positives gets a -20 bias."""
    from sklearn.linear_model import LogisticRegression

    if y.sum() < 2:
        return np.zeros(x.shape[1], np.float32), -20.0
    clf = LogisticRegression(
        C=c, class_weight="balanced" if balanced else None, max_iter=1000, solver="liblinear"
    ).fit(x, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def apply_line_model(h: dict[str, np.ndarray], texts: list[str], pooled: np.ndarray) -> np.ndarray:
    """The runtime's line model (`RhetoricModel.line_model`) on raw rows."""
    vocab = {t: i for i, t in enumerate(h["tfidf_vocab"].tolist())}
    xt = tfidf_rows(texts, vocab, h["tfidf_idf"])
    z = (pooled - h["lines_mean"]) / h["lines_scale"] * float(h["lines_dense_factor"])
    return _sigmoid(xt @ h["lines_weight_tfidf"].T + z @ h["lines_weight_dense"].T + h["lines_bias"])


def oof_line_scores(rows: LineRows, fold_of: np.ndarray, c: float, dense_factor: float) -> np.ndarray:
    """Out-of-fold line-model scores [rows, 23]: each fold scored by a model fitted on the others."""
    out = np.zeros_like(rows.y, dtype=np.float32)
    for k in range(N_FOLDS):
        tr, te = fold_of != k, fold_of == k
        t0 = time.time()
        h = fit_line_model(
            [t for t, m in zip(rows.text, tr, strict=True) if m], rows.pooled[tr], rows.y[tr], c, dense_factor
        )
        out[te] = apply_line_model(h, [t for t, m in zip(rows.text, te, strict=True) if m], rows.pooled[te])
        log.info("  fold %d fitted in %.0fs", k, time.time() - t0)
    return out


def nested_line_figures(y: np.ndarray, s: np.ndarray, fold_of: np.ndarray, w: np.ndarray) -> dict[str, Any]:
    """Per fold: thresholds chosen on the OTHER folds' OOF rows (dev-mix weighted), scored on this
    fold (weighted and plain micro-F1, plain macro-F1 and precision)."""
    from presslens.rhetoric.semeval import score_sets

    fw, fp, macro, prec = [], [], [], []
    for k in range(N_FOLDS):
        tr, te = fold_of != k, fold_of == k
        thr, _ = tune_thresholds(y[tr], s[tr], w[tr])
        p = (s[te] >= thr).astype(np.float32)
        fw.append(micro(counts(y[te], p, w[te])))
        fp.append(micro(counts(y[te], p)))
        gold = {i: [D.TECHNIQUES[j] for j in np.flatnonzero(r)] for i, r in enumerate(y[te])}
        pred = {i: [D.TECHNIQUES[j] for j in np.flatnonzero(r)] for i, r in enumerate(p)}
        sc = score_sets(gold, pred)
        macro.append(sc["macro_f1"])
        prec.append(sc["precision"])
    return {
        "micro_f1_devmix": mean_sd(fw),
        "micro_f1": mean_sd(fp),
        "macro_f1": mean_sd(macro),
        "precision": mean_sd(prec),
    }


# -- calibration -------------------------------------------------------------------------------------
def fit_calibrator(s: np.ndarray, y: np.ndarray, w: np.ndarray, method: str) -> np.ndarray:
    """A calibration map sampled at `CALIB_GRID` scores in [0, 1] (what the runtime interpolates)."""
    grid = np.linspace(0, 1, CALIB_GRID)
    if y.sum() < 2:
        return np.zeros(CALIB_GRID, np.float32)
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(s, y, sample_weight=w)
        return iso.predict(grid).astype(np.float32)
    from sklearn.linear_model import LogisticRegression

    logit = lambda v: np.log(np.clip(v, 1e-6, 1 - 1e-6) / (1 - np.clip(v, 1e-6, 1 - 1e-6)))  # noqa: E731
    clf = LogisticRegression(C=100.0).fit(logit(s)[:, None], y, sample_weight=w)
    return clf.predict_proba(logit(grid)[:, None])[:, 1].astype(np.float32)


def apply_calibration(table: np.ndarray, s: np.ndarray) -> np.ndarray:
    grid = np.linspace(0, 1, table.shape[-1])
    return np.stack([np.interp(s[:, k], grid, table[k]) for k in range(s.shape[1])], 1)


def cross_calibrate(y, s, fold_of, w, method: str) -> np.ndarray:
    """Calibrated OOF probabilities: fold k's scores mapped by calibrators fitted on the other folds."""
    out = np.zeros_like(s)
    for k in range(N_FOLDS):
        tr, te = fold_of != k, fold_of == k
        table = np.stack([fit_calibrator(s[tr, j], y[tr, j], w[tr], method) for j in range(s.shape[1])])
        out[te] = apply_calibration(table, s[te])
    return out


def _pick_display(y, p, w, target: float) -> float:
    for t in np.round(np.arange(0.3, 0.951, 0.01), 2):
        c = counts(y, (p >= t).astype(np.float32), w).sum(0)
        if c[0] + c[1] > 0 and c[0] / (c[0] + c[1]) >= target:
            return float(t)
    return 0.95


def display_threshold(y, p, w, fold_of, target: float = 0.55) -> tuple[float, dict[str, Any]]:
    """Smallest calibrated-confidence threshold whose pooled OOF (dev-mix weighted) precision reaches
    ``target`` (0.5 plus a margin). Reported per fold with the threshold chosen on the other folds."""
    chosen = _pick_display(y, p, w, target)
    per_fold_p, per_fold_plain, recall = [], [], []
    for k in range(N_FOLDS):
        tr, te = fold_of != k, fold_of == k
        shown = (p[te] >= _pick_display(y[tr], p[tr], w[tr], target)).astype(np.float32)
        c = counts(y[te], shown, w[te]).sum(0)
        per_fold_p.append(c[0] / max(c[0] + c[1], 1e-9))
        recall.append(c[0] / max(c[0] + c[2], 1e-9))
        c = counts(y[te], shown).sum(0)
        per_fold_plain.append(c[0] / max(c[0] + c[1], 1e-9))
    return chosen, {
        "threshold": chosen,
        "target_precision": target,
        "precision_devmix": mean_sd(per_fold_p),
        "precision": mean_sd(per_fold_plain),
        "recall_devmix": mean_sd(recall),
        "shown_pairs": int((p >= chosen).sum()),
    }


# -- genre -----------------------------------------------------------------------------------------
def genre_macro(gold: np.ndarray, pred: np.ndarray, w: np.ndarray) -> float:
    """Weighted macro-F1 over the three genres (weights: `article_weights`)."""
    f = []
    for g in range(len(D.GENRES)):
        tp = (w * ((gold == g) & (pred == g))).sum()
        fp = (w * ((gold != g) & (pred == g))).sum()
        fn = (w * ((gold == g) & (pred != g))).sum()
        f.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f))


def decide_genre(p: np.ndarray, satire_threshold: float) -> np.ndarray:
    """The runtime's rule (`RhetoricModel.genre_decision`) on rows of probabilities."""
    pred = np.where(p[:, 0] >= p[:, 1], 0, 1)
    return np.where(p[:, 2] >= satire_threshold, 2, pred)


def fit_softmax(x: np.ndarray, y: np.ndarray, sw: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000).fit(x, y, sample_weight=sw)


def balanced_weights(y: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Sample weights that give each class the same total (after ``extra`` per-sample factors)."""
    w = extra.astype(np.float64).copy()
    for g in np.unique(y):
        w[y == g] *= len(y) / (len(np.unique(y)) * w[y == g].sum())
    return w
