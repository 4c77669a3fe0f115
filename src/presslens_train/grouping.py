"""Fit the figure-grouping pair model (`presslens.corpus.grouping`) on the dev clusters of the gold.

The model is a logistic regression over `FEATURES` of figure pairs (numpy, no extra dependency),
trained on pairs of gold figures that the claims layer found, labelled same / different gold group.
The linkage threshold is chosen by leave-one-cluster-out cross-validation: for each dev cluster the
weights are fitted on the other eight, the cluster is grouped at each candidate threshold and scored
with the evaluation's pairwise counts; the threshold with the best pooled F1 wins. The final weights
are then fitted on all dev clusters. Held-out clusters are never read here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from presslens.corpus.figures import claim_entries
from presslens.corpus.grouping import (
    FEATURES,
    Model,
    average_linkage,
    candidate_pairs,
    pair_features,
    pair_scores,
)
from presslens.evaluation.grouping import PairCounts, bcubed, match_spans, pair_counts, prf

THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 17))


def cluster_items(cluster: dict[str, Any], dicts: dict[str, dict[str, Any]], raw_spans) -> dict[str, Any]:
    """Entries of a cluster's analysed articles with their gold group (None: spurious claim).

    ``raw_spans(doc_key, start, end)`` maps an article span back to the raw file's offsets.
    """
    entries, gold = [], []
    figures_total = 0
    for doc in cluster["docs"]:
        key = doc["doc"]
        if key not in dicts:
            continue
        article = dicts[key]
        doc_entries = claim_entries([article])
        spans = [raw_spans(key, e["start"], e["end"]) for e in doc_entries]
        pairs = match_spans([(f["start"], f["end"]) for f in doc["figures"]], spans)
        by_entry = {pi: doc["figures"][gi]["group"] for gi, pi in pairs.items()}
        figures_total += len(doc["figures"])
        for pi, entry in enumerate(doc_entries):
            entries.append(entry)
            gold.append(by_entry.get(pi))
    return {"cluster": cluster["cluster"], "entries": entries, "gold": gold}


def pair_data(item: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the candidate pairs between gold figures of one cluster.

    Pairs that `cannot_link` are learned from too (their features still say how unlike they are);
    grouping gives them `NEVER` on top of the model. Leaving them out was tried: same LOCO CV F1
    (0.7048), lower smoothed F1 (0.6891 against 0.6903), docs/evaluation-grouping.md.
    """
    entries, gold = item["entries"], item["gold"]
    xs, ys = [], []
    for i, j in sorted(candidate_pairs(entries)):
        if gold[i] is None or gold[j] is None:
            continue
        xs.append(pair_features(entries[i], entries[j]))
        ys.append(1.0 if gold[i] == gold[j] else 0.0)
    return np.array(xs, dtype=float).reshape(-1, len(FEATURES)), np.array(ys)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def group(item: dict[str, Any], weights: Sequence[float], threshold: float) -> list[int]:
    return average_linkage(len(item["entries"]), pair_scores(item["entries"], weights), threshold)


def pairwise(item: dict[str, Any], labels: list[int]) -> PairCounts:
    """Pairwise counts over the cluster's matched gold figures (missed figures are not here)."""
    idx = [i for i, g in enumerate(item["gold"]) if g is not None]
    return pair_counts([item["gold"][i] for i in idx], [str(labels[i]) for i in idx])


@dataclass
class Fold:
    """One left-out cluster grouped out of fold at one threshold: its pairwise counts and B-cubed sums."""

    cluster: str
    pairs: PairCounts
    bcubed_p: float  # sums over the cluster's matched gold figures (divide by `figures`)
    bcubed_r: float
    figures: int

    def to_dict(self) -> dict[str, Any]:
        return {"cluster": self.cluster, **self.pairs.as_dict(), "bcubed_p": round(self.bcubed_p, 6),
                "bcubed_r": round(self.bcubed_r, 6), "figures": self.figures}  # fmt: skip

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Fold:
        counts = PairCounts(row["tp"], row["fp"], row["fn"])
        return cls(row["cluster"], counts, row["bcubed_p"], row["bcubed_r"], row["figures"])


def folds(items: list[dict[str, Any]], l2: float = 1.0) -> dict[float, list[Fold]]:
    """Leave one cluster out: each cluster grouped by weights fitted on the others, per threshold."""
    data = [pair_data(item) for item in items]
    out: dict[float, list[Fold]] = {t: [] for t in THRESHOLDS}
    for k, item in enumerate(items):
        x = np.vstack([d[0] for n, d in enumerate(data) if n != k])
        y = np.concatenate([d[1] for n, d in enumerate(data) if n != k])
        scores = pair_scores(item["entries"], fit_logistic(x, y, l2))
        idx = [i for i, g in enumerate(item["gold"]) if g is not None]
        for t in THRESHOLDS:
            labels = average_linkage(len(item["entries"]), scores, t)
            bp, br = bcubed([item["gold"][i] for i in idx], [str(labels[i]) for i in idx])
            out[t].append(Fold(item["cluster"], pairwise(item, labels), bp, br, len(idx)))
    return out


def pooled(rows: Sequence[Fold]) -> dict[str, Any]:
    """Pooled pairwise P/R/F1 and B-cubed P/R/F1 over some folds."""
    total = PairCounts()
    for row in rows:
        total.add(row.pairs)
    n = sum(row.figures for row in rows)
    bp = sum(row.bcubed_p for row in rows) / n if n else 0.0
    br = sum(row.bcubed_r for row in rows) / n if n else 0.0
    return {**prf(total.tp, total.fp, total.fn), "bcubed": prf_of(bp, br)}


def prf_of(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def cross_validate(items: list[dict[str, Any]], l2: float = 1.0) -> dict[float, Any]:
    """Leave one cluster out: pooled pairwise P/R/F1 per threshold."""
    return {t: _pairwise_only(pooled(rows)) for t, rows in folds(items, l2).items()}


def _pairwise_only(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("precision", "recall", "f1")}


def paired_bootstrap(
    before: Sequence[Fold], after: Sequence[Fold], samples: int = 5000, seed: int = 0
) -> dict[str, float]:
    """The pooled pairwise F1 gain of ``after`` over ``before`` when whole clusters are resampled.

    Both variants are scored on the same draw of clusters (paired), so a gain that one cluster makes
    shows as a wide interval; ``at_or_below_zero`` is the share of draws where the gain is not positive.
    """
    names = [row.cluster for row in before]
    if names != [row.cluster for row in after]:
        raise ValueError("the two runs hold different clusters")
    rng = random.Random(seed)
    gains = []
    for _ in range(samples):
        draw = [rng.randrange(len(names)) for _ in names]
        a, b = PairCounts(), PairCounts()
        for i in draw:
            a.add(before[i].pairs)
            b.add(after[i].pairs)
        gains.append(prf(b.tp, b.fp, b.fn)["f1"] - prf(a.tp, a.fp, a.fn)["f1"])
    gains.sort()
    return {
        "low_5": round(gains[int(0.05 * samples)], 4),
        "high_95": round(gains[int(0.95 * samples) - 1], 4),
        "at_or_below_zero": round(sum(g <= 0 for g in gains) / samples, 4),
    }


def smoothed(cv: dict[float, dict[str, float]], t: float) -> float:
    """Mean F1 at ``t`` and its two neighbours: a threshold on a plateau, not at the edge of a cliff."""
    ts = sorted(cv)
    i = ts.index(t)
    near = ts[max(0, i - 1) : i + 2]
    return sum(cv[x]["f1"] for x in near) / len(near)


def fit(items: list[dict[str, Any]], out: Path | None = None, l2: float = 1.0) -> dict[str, Any]:
    by_threshold = folds(items, l2)
    cv = {t: _pairwise_only(pooled(rows)) for t, rows in by_threshold.items()}
    best = max(cv, key=lambda t: (smoothed(cv, t), -abs(t - 0.5)))
    x = np.vstack([pair_data(item)[0] for item in items])
    y = np.concatenate([pair_data(item)[1] for item in items])
    w = fit_logistic(x, y, l2)
    result = {
        "about": (
            "Pair model of presslens.corpus.grouping: logistic weights fitted on the dev clusters of "
            "tests/gold/groupings (presslens_train.grouping); threshold chosen by leave-one-cluster-out CV."
        ),
        "features": list(FEATURES),
        "weights": [round(float(v), 4) for v in w],
        "threshold": best,
        "threshold_rule": "best mean CV F1 over the threshold and its two neighbours",
        "l2": l2,
        "cv": {str(t): cv[t] for t in THRESHOLDS},
        "pairs": int(len(y)),
        "positive_pairs": int(y.sum()),
        "clusters": [item["cluster"] for item in items],
    }
    detail = {"best": pooled(by_threshold[best]), "folds": [row.to_dict() for row in by_threshold[best]]}
    if out is not None:
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return {**result, "detail": detail}


def dev_items(gold_dir: Path, data_dir: Path) -> list[dict[str, Any]]:
    """Each dev cluster's articles analysed with the default pipeline, as `cluster_items` wants them."""
    from presslens.api import get_pipeline
    from presslens.evaluation.extraction import data_path
    from presslens.evaluation.grouping import load_article, load_clusters
    from presslens.model import Article, OffsetMap

    pipeline = get_pipeline()
    items = []
    for cluster in load_clusters(gold_dir, "dev"):
        arts: dict[str, Article] = {}
        for doc in cluster["docs"]:
            article = load_article(data_path(data_dir, doc["doc"]), doc)
            if not isinstance(article, str):
                arts[doc["doc"]] = pipeline(article)

        def raw_spans(key: str, start: int, end: int, arts: dict[str, Article] = arts) -> tuple[int, int]:
            offsets = arts[key].offsets or OffsetMap.identity(len(arts[key].text))
            return offsets.span_to_original(start, end)

        items.append(cluster_items(cluster, {k: a.to_dict() for k, a in arts.items()}, raw_spans))
    return items


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m presslens_train.grouping [--out FILE] [--dry-run] [--save-folds FILE] [--against FILE]``:
    refit resources/grouping.json on dev clusters (``--dry-run``: only print the leave-one-cluster-out CV
    of the current code, as docs cite it). ``--save-folds`` writes each left-out cluster's counts at the
    chosen threshold; ``--against`` reads such a file from another version of the code and prints the
    paired cluster bootstrap of the pairwise F1 gain and the B-cubed F1 change (the ship rule of
    docs/evaluation-grouping.md)."""
    import argparse

    from presslens.datasets import shared_data_dir

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--gold", type=Path, default=Path("tests/gold/groupings"))
    parser.add_argument("--data", type=Path, default=None, help="the shared data/ folder")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent.parent / "presslens" / "resources" / "grouping.json"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the leave-one-cluster-out CV, write nothing"
    )
    parser.add_argument("--save-folds", type=Path, default=None, help="write the out-of-fold counts (JSON)")
    parser.add_argument("--against", type=Path, default=None, help="compare with saved out-of-fold counts")
    args = parser.parse_args(argv)
    result = fit(dev_items(args.gold, args.data or shared_data_dir()), None if args.dry_run else args.out)
    best = result["threshold"]
    cv = {float(t): row for t, row in result["cv"].items()}
    where = "not written (--dry-run)" if args.dry_run else f"written to {args.out}"
    print(
        f"threshold {best}: leave-one-cluster-out CV {result['cv'][str(best)]}, "
        f"smoothed F1 {smoothed(cv, best):.4f}; {where}"
    )
    detail = result["detail"]
    per = [prf(r["tp"], r["fp"], r["fn"])["f1"] for r in detail["folds"] if r["tp"] + r["fn"]]
    mean = sum(per) / len(per)
    sd = (sum((x - mean) ** 2 for x in per) / (len(per) - 1)) ** 0.5 if len(per) > 1 else 0.0
    print(f"B-cubed {detail['best']['bcubed']}; per-cluster pairwise F1 {mean:.4f} +- {sd:.4f} (sd)")
    if args.save_folds is not None:
        saved_text = json.dumps({"threshold": best, **detail}, indent=1) + "\n"
        args.save_folds.write_text(saved_text, encoding="utf-8")
    if args.against is not None:
        saved = json.loads(args.against.read_text(encoding="utf-8"))
        before = [Fold.from_dict(row) for row in saved["folds"]]
        after = [Fold.from_dict(row) for row in detail["folds"]]
        gain = round(pooled(after)["f1"] - pooled(before)["f1"], 4)
        b3 = round(pooled(after)["bcubed"]["f1"] - pooled(before)["bcubed"]["f1"], 4)
        print(
            f"against {args.against} (threshold {saved['threshold']}): pairwise F1 gain {gain:+.4f}, "
            f"paired cluster bootstrap {paired_bootstrap(before, after)}, B-cubed F1 change {b3:+.4f}"
        )


__all__ = [
    "Fold",
    "Model",
    "cluster_items",
    "combinations",
    "cross_validate",
    "dev_items",
    "fit",
    "folds",
    "main",
    "paired_bootstrap",
    "pooled",
]

if __name__ == "__main__":
    main()
