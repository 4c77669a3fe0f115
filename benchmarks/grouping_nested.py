"""Nested leave-one-cluster-out CV of the grouping model, and the vague-floor candidate (issue 11, group14).

    OMP_NUM_THREADS=1 python benchmarks/grouping_nested.py CACHE.json [--floor 0.6 0.4] [--bare-share]
        [--answers] [--same-thresholds]

``CACHE.json`` comes from ``python benchmarks/grouping_errors.py cache CACHE.json`` (every dev cluster
analysed once). Plain LOCO (``grouping_errors.py cv``) picks one threshold from the pooled out-of-fold
curve of all clusters, so a threshold step moves every cluster at once. Here the threshold of each outer
fold is chosen without the left-out cluster: for outer cluster k, each other cluster m is scored by
weights fitted without {k, m} (l2 1.0), the smoothed rule of ``presslens_train.grouping`` picks the
threshold on that inner curve, and cluster k is grouped by weights fitted without k at that threshold.
Pairwise counts are pooled over the outer folds; the candidate is compared with the baseline by the
pooled gain, the paired cluster bootstrap of the gain (``T.paired_bootstrap``: 5,000 resamples, seed 0)
and each cluster's change.

The candidate (group13's rows 16-17 of ``grouping_candidates.py``): where one figure is vague and the
other exact, the exact value lies inside the vague amount's range and both keys name one counted thing
and one event, the pair score is at least ``floor``. Held-out clusters are refused
(``grouping_errors.load_items``).

``--bare-share`` (group15, session 10): candidate S, two figures never link when one is a share (percent,
points, fraction) whose key names nothing counted and the two name no actor in common (``cannot_link``
patched; the weights are fitted as before, since ``pair_data`` learns from every pair).

``--answers`` (group16, session 10): candidate Q, two shares whose answers were both read and share no
word never link (``share_answers.answers_differ``, patched into ``cannot_link``; the cache must first be
annotated: ``python benchmarks/share_answers.py annotate CACHE OUT``). Q only forbids links, so its
deciding row is the **forbid-only protocol**: each outer fold at the baseline's weights (``pair_data``
ignores ``cannot_link``, so a refit gives the same weights) AND the baseline's inner-LOCO threshold. Also
printed: Q with its own re-tuned inner thresholds, S alone and Q+S at the baseline's thresholds (reported
only). Q failed its rule (gain +0.0000) and is not in the runtime (docs/evaluation-grouping.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import grouping_candidates as C  # noqa: E402
import grouping_errors  # noqa: E402
import share_answers as SA  # noqa: E402

import presslens.corpus.grouping as G  # noqa: E402
import presslens_train.grouping as T  # noqa: E402
from presslens.evaluation.grouping import PairCounts, prf  # noqa: E402


def fit(data: list, skip: set[int]) -> np.ndarray:
    rest = [d for j, d in enumerate(data) if j not in skip]
    return T.fit_logistic(np.vstack([d[0] for d in rest]), np.concatenate([d[1] for d in rest]), 1.0)


def nested(items: list[dict[str, Any]], fixed: list[float] | None = None) -> list[T.Fold]:
    """Outer LOCO with the threshold chosen by an inner LOCO on the other clusters.

    ``fixed``: use these per-fold thresholds instead (a diagnostic: the candidate at the baseline's
    thresholds, so that its own effect is told from a threshold step)."""
    data = [T.pair_data(item) for item in items]
    rows = []
    for k, item in enumerate(items):
        if fixed is not None:
            scores = G.pair_scores(item["entries"], fit(data, {k}))
            labels = G.average_linkage(len(item["entries"]), scores, fixed[k])
            row = T.Fold(item["cluster"], T.pairwise(item, labels), 0.0, 0.0, 1)
            row.t = fixed[k]  # type: ignore[attr-defined]
            rows.append(row)
            continue
        curve = {t: PairCounts() for t in T.THRESHOLDS}
        for m in range(len(items)):
            if m == k:
                continue
            scores = G.pair_scores(items[m]["entries"], fit(data, {k, m}))
            for t in T.THRESHOLDS:
                curve[t].add(T.pairwise(items[m], G.average_linkage(len(items[m]["entries"]), scores, t)))
        cv = {t: {"f1": prf(c.tp, c.fp, c.fn)["f1"]} for t, c in curve.items()}
        best = max(cv, key=lambda t: (T.smoothed(cv, t), -abs(t - 0.5)))
        scores = G.pair_scores(item["entries"], fit(data, {k}))
        labels = G.average_linkage(len(item["entries"]), scores, best)
        row = T.Fold(item["cluster"], T.pairwise(item, labels), 0.0, 0.0, 1)
        row.t = best  # type: ignore[attr-defined]
        rows.append(row)
    return rows


def bare_share_apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Candidate S: a share that names nothing counted ("62 percent") never links to a figure with
    which it shares no actor."""
    ka, kb = a["key"], b["key"]
    bare = any(k.unit == "share" and not k.counted for k in (ka, kb))
    return bare and not G.shares_actor(ka, kb)


def with_bare_share(original: Any) -> Any:
    def cannot_link(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return original(a, b) or bare_share_apart(a, b)

    return cannot_link


def pooled_f1(rows: list[T.Fold]) -> dict[str, float]:
    total = PairCounts()
    for row in rows:
        total.add(row.pairs)
    return {**prf(total.tp, total.fp, total.fn), "tp": total.tp, "fp": total.fp, "fn": total.fn}


def show(name: str, rows: list[T.Fold], base: list[T.Fold] | None = None) -> dict[str, Any]:
    f = pooled_f1(rows)
    out: dict[str, Any] = {"name": name, **f, "thresholds": [r.t for r in rows]}  # type: ignore[attr-defined]
    line = (
        f"{name}: nested P/R/F1 {f['precision']:.3f}/{f['recall']:.3f}/{f['f1']:.4f} "
        f"(tp {f['tp']} fp {f['fp']} fn {f['fn']}) thresholds {out['thresholds']}"
    )
    if base is not None:
        gain = f["f1"] - pooled_f1(base)["f1"]
        boot = T.paired_bootstrap(base, rows)
        new, old = C.per_cluster(rows), C.per_cluster(base)
        changes = {c: round(new[c] - old[c], 4) for c in new}
        worst = min(changes.values())
        passed = gain > 0 and boot["low_5"] > 0 and worst >= -0.05
        out.update(gain=gain, bootstrap=boot, changes=changes, worst=worst, passes=passed)
        line += (
            f"\n  gain {gain:+.4f}, bootstrap 5-95% {boot['low_5']:+.4f}..{boot['high_95']:+.4f}"
            f" (share <= 0: {boot['at_or_below_zero']}), worst cluster {worst:+.4f}"
            f" -> {'passes' if passed else 'fails'} (CV rules 1-2)\n  per cluster: {changes}"
        )
    else:
        line += f"\n  per cluster F1: { {c: round(v, 4) for c, v in C.per_cluster(rows).items()} }"
    print(line, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cache", type=Path)
    parser.add_argument("--floor", type=float, nargs="*", default=[0.6, 0.4])
    parser.add_argument(
        "--same-thresholds",
        action="store_true",
        help="also score each floor at the baseline's fold thresholds",
    )
    parser.add_argument("--only", nargs="*", help="cluster names to keep (default: every dev cluster)")
    parser.add_argument("--bare-share", action="store_true", help="candidate S (group15): bare shares apart")
    parser.add_argument("--answers", action="store_true", help="candidate Q (group16): answers that differ")
    args = parser.parse_args()
    items, _ = grouping_errors.load_items(args.cache)
    if args.only:
        items = [it for it in items if it["cluster"] in set(args.only)]
    print(f"{len(items)} dev clusters: {[it['cluster'] for it in items]}")
    if args.answers:
        SA.add_answers(items)
    base = nested(items)
    show("baseline", base)
    fixed = [row.t for row in base]  # type: ignore[attr-defined]
    for floor in args.floor:
        with C.patched(G, "pair_scores", C.vague_floor(floor)):
            show(f"vague floor {floor}", nested(items), base)
            if args.same_thresholds:
                show(f"vague floor {floor}, baseline's thresholds (diagnostic)", nested(items, fixed), base)
    if args.bare_share:
        with C.patched(G, "cannot_link", with_bare_share(G.cannot_link)):
            show("bare share apart (candidate S)", nested(items), base)
            if args.same_thresholds or args.answers:
                show("bare share apart, baseline's thresholds (diagnostic)", nested(items, fixed), base)
    if args.answers:
        with C.patched(G, "cannot_link", SA.with_answers(G.cannot_link)):
            show("Q: answers differ, baseline's fold weights and thresholds (forbid-only protocol)",
                 nested(items, fixed), base)  # fmt: skip
            show("Q: answers differ, its own inner-LOCO thresholds (reported)", nested(items), base)
        if args.bare_share:
            both = SA.with_answers(with_bare_share(G.cannot_link))
            with C.patched(G, "cannot_link", both):
                show("Q+S, baseline's thresholds (reported only)", nested(items, fixed), base)
                show("Q+S, own inner-LOCO thresholds (reported only)", nested(items), base)


if __name__ == "__main__":
    main()
