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
from collections.abc import Sequence
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
from presslens.evaluation.grouping import PairCounts, match_spans, pair_counts, prf

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


def cross_validate(items: list[dict[str, Any]], l2: float = 1.0) -> dict[str, Any]:
    """Leave one cluster out: pooled pairwise P/R/F1 per threshold."""
    data = [pair_data(item) for item in items]
    totals = {t: PairCounts() for t in THRESHOLDS}
    for k, item in enumerate(items):
        x = np.vstack([d[0] for n, d in enumerate(data) if n != k])
        y = np.concatenate([d[1] for n, d in enumerate(data) if n != k])
        w = fit_logistic(x, y, l2)
        for t in THRESHOLDS:
            totals[t].add(pairwise(item, group(item, w, t)))
    return {t: prf(c.tp, c.fp, c.fn) for t, c in totals.items()}


def smoothed(cv: dict[float, dict[str, float]], t: float) -> float:
    """Mean F1 at ``t`` and its two neighbours: a threshold on a plateau, not at the edge of a cliff."""
    ts = sorted(cv)
    i = ts.index(t)
    near = ts[max(0, i - 1) : i + 2]
    return sum(cv[x]["f1"] for x in near) / len(near)


def fit(items: list[dict[str, Any]], out: Path | None = None, l2: float = 1.0) -> dict[str, Any]:
    cv = cross_validate(items, l2)
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
    if out is not None:
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


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
    """``python -m presslens_train.grouping [--out FILE] [--dry-run]``: refit resources/grouping.json on dev
    clusters (``--dry-run``: only print the leave-one-cluster-out CV of the current code, as docs cite it)."""
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
    args = parser.parse_args(argv)
    result = fit(dev_items(args.gold, args.data or shared_data_dir()), None if args.dry_run else args.out)
    best = result["threshold"]
    cv = {float(t): row for t, row in result["cv"].items()}
    where = "not written (--dry-run)" if args.dry_run else f"written to {args.out}"
    print(
        f"threshold {best}: leave-one-cluster-out CV {result['cv'][str(best)]}, "
        f"smoothed F1 {smoothed(cv, best):.4f}; {where}"
    )


__all__ = ["Model", "cluster_items", "combinations", "cross_validate", "dev_items", "fit", "main"]

if __name__ == "__main__":
    main()
