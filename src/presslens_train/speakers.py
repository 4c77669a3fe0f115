"""Training and cross-validation of a learned speaker chooser (issue 10).

Candidates and features: `presslens_train.speakers_features`.

Three steps, each a subcommand of ``python -m presslens_train.speakers``:

* ``extract``: analyse every document of the DEV quote gold (``dev``, ``dev4q``, ``dev5q``) with the
  shipped pipeline, build each quote's candidates and features, match the quotes to the gold the way
  ``presslens eval extraction`` does, and cache one row per matched quote with a gold speaker
  (``.cache/speakers/rows.json``). Held-out splits are refused.
* ``cv``: 5 folds grouped by article; a conditional logit (softmax over one quote's candidates, L2 on
  standardised features) against the rules on the same folds, with speaker accuracy and recall as the
  evaluation defines them, and the ceiling of the candidate sets (docs/evaluation-quotes.md).
* ``write``: fit on every dev row and write a weights file (features, standardisation, weights,
  margins) for a plain-Python scorer. None ships: the chooser did not pass its ship rule.

Why a conditional logit: a quote has one right name among a few candidates, so the softmax over them
is the likelihood of the choice actually made; it needs no negative sampling and stays a linear score
that plain Python could evaluate at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from presslens.evaluation.extraction import QUOTE_SPLITS
from presslens_train.speakers_features import FEATURES, FIRST_FEATURES, norm_name, quote_candidates

DEV_SPLITS = ("dev", "dev4q", "dev5q")
#: Quote splits never trained or tuned on: all but the dev ones (``heldout``, ``heldout4q``, ..., ``all``).
HELD_OUT = frozenset(s for s in QUOTE_SPLITS if not s.startswith("dev"))
FOLD_SEED = 20261130
FOLDS = 5
L2 = 1.0
MARGINS = (0.0, 0.25, 0.5, 1.0, 2.0)
#: How much the best candidate must beat the rules' pick by to replace it (variant ``--override``).
OVERRIDES = (0.0, 0.5, 1.0, 2.0, 4.0)
#: Feature sets: ``first`` is the list fixed before the first CV row; ``all`` adds the second one.
FEATURE_SETS = {"first": FIRST_FEATURES, "all": FEATURES}
CACHE = Path(".cache/speakers/rows.json")


# ---- extraction -----------------------------------------------------------------------------------
def analyse_with_doc(key: str, gold_dir: Path, data_dir: Path, pipeline: Any) -> tuple[Any, Any] | None:
    """(article, spaCy doc) of one gold document, read as `presslens eval extraction` reads it."""
    from presslens.evaluation.extraction import ingest_doc, read_doc

    found = read_doc(key, gold_dir, data_dir)
    article = ingest_doc(key, *found) if found is not None else None
    if article is None or isinstance(article, Exception):
        return None
    doc = pipeline.nlp(article.text)
    pipeline.apply(article, doc)
    return article, doc


def rows_of(gold: dict[str, Any], article: Any, doc: Any) -> list[dict[str, Any]]:
    """One row per predicted quote that matches a gold quote with a speaker: its candidates (name, the
    rules' flag, feature vector, right or not) and whether the rules' speaker is right."""
    from presslens.evaluation.quotes import _match, predicted

    quotes = list(article.layers.get("quotes", []))
    actors = [*article.results.get("actors", ()), *article.results.get("speaker_actors", ())]
    cands = quote_candidates(article.text, doc, actors, quotes)
    pred, _sources = predicted(article)
    where = {id(p): k for k, p in enumerate(pred)}
    rows = []
    for g, p in _match(gold["quotes"], pred):
        if not g.get("speaker"):
            continue
        k = where[id(p)]
        want = norm_name(g["speaker"])
        rule_ok = norm_name(p["speaker"]) == want
        rows.append(
            {
                "doc": gold["doc"],
                "split": gold["split"],
                "kind": quotes[k].kind,
                "rule_ok": rule_ok,
                "cands": [
                    {
                        "name": c.name,
                        "rule": c.rule,
                        "ok": rule_ok if c.rule else (c.name is not None and norm_name(c.name) == want),
                        "x": c.vector(),
                    }
                    for c in cands[k]
                ],
            }
        )
    return rows


def extract(data_dir: Path, gold_dir: Path, splits: Sequence[str], out: Path) -> dict[str, Any]:
    """Analyse the gold documents of ``splits`` (dev only) and cache their rows at ``out``."""
    from presslens.api import get_pipeline
    from presslens.evaluation.quotes import load_gold

    if HELD_OUT & set(splits):
        raise SystemExit("the speaker chooser is built on dev splits only")
    pipeline = get_pipeline()
    rows: list[dict[str, Any]] = []
    gold_counts: dict[str, int] = {}
    for split in splits:
        for gold in load_gold(gold_dir, split):
            analysed = analyse_with_doc(gold["doc"], gold_dir, data_dir, pipeline)
            if analysed is None:
                raise SystemExit(f"{gold['doc']}: not found under {data_dir}")
            gold_counts[gold["doc"]] = sum(1 for g in gold["quotes"] if g.get("speaker"))
            rows.extend(rows_of(gold, *analysed))
    payload = {"features": list(FEATURES), "splits": list(splits), "gold_speakers": gold_counts, "rows": rows}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload), encoding="utf-8")
    return payload


# ---- the model ------------------------------------------------------------------------------------
class Groups:
    """Rows as padded arrays: X (quotes, candidates, features), a candidate mask and the right index."""

    def __init__(self, rows: Sequence[dict[str, Any]], features: str = "first") -> None:
        width = max((len(r["cands"]) for r in rows), default=1)
        self.X = np.zeros((len(rows), width, len(FEATURES)))
        self.mask = np.zeros((len(rows), width), dtype=bool)
        self.right = np.full(len(rows), -1)
        self.rule = np.zeros(len(rows), dtype=int)
        self.none = np.zeros(len(rows), dtype=int)
        self.ok = np.zeros((len(rows), width), dtype=bool)
        for i, row in enumerate(rows):
            for j, cand in enumerate(row["cands"]):
                self.X[i, j] = cand["x"]
                self.mask[i, j] = True
                self.ok[i, j] = cand["ok"]
                if cand["ok"] and self.right[i] < 0:
                    self.right[i] = j
                if cand["rule"]:
                    self.rule[i] = j
                if cand["name"] is None:
                    self.none[i] = j
        used = set(FEATURE_SETS[features])
        self.X[..., [k for k, name in enumerate(FEATURES) if name not in used]] = 0.0


def fit(groups: Groups, l2: float = L2) -> dict[str, Any]:
    """Conditional logit on the quotes whose candidates hold the right name; standardised features."""
    from scipy.optimize import minimize

    flat = groups.X[groups.mask]
    means = flat.mean(axis=0)
    scales = flat.std(axis=0)
    scales[scales < 1e-9] = 1.0
    use = groups.right >= 0
    X = (groups.X[use] - means) / scales
    mask, right = groups.mask[use], groups.right[use]
    rows = np.arange(len(right))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = np.where(mask, X @ w, -np.inf)
        top = scores.max(axis=1, keepdims=True)
        p = np.exp(scores - top)
        z = p.sum(axis=1, keepdims=True)
        p /= z
        nll = -(scores[rows, right] - top[:, 0] - np.log(z[:, 0])).sum()
        grad = -(X[rows, right] - np.einsum("qc,qcf->qf", p, np.where(mask[..., None], X, 0.0))).sum(axis=0)
        return nll + 0.5 * l2 * float(w @ w), grad + l2 * w

    result = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B")
    return {"weights": result.x, "means": means, "scales": scales, "margin": 0.0}


def choose(model: dict[str, Any], groups: Groups) -> np.ndarray:
    """The chosen candidate of each quote (the "unresolved" one under the margin)."""
    scores = np.where(
        groups.mask, ((groups.X - model["means"]) / model["scales"]) @ model["weights"], -np.inf
    )
    order = np.argsort(-scores, axis=1)
    best = order[:, 0]
    picked = np.arange(len(best))
    if model.get("override", 0.0) > 0:  # keep the rules' pick unless the best beats it by that much
        lead = scores[picked, best] - scores[picked, groups.rule]
        best = np.where(lead < model["override"], groups.rule, best)
    if scores.shape[1] > 1 and model["margin"] > 0:
        second = np.take_along_axis(scores, order[:, 1:2], axis=1)[:, 0]
        gap = scores[np.arange(len(best)), best] - second
        best = np.where(np.isfinite(second) & (gap < model["margin"]), groups.none, best)
    return best


def correct(groups: Groups, chosen: np.ndarray) -> np.ndarray:
    return groups.ok[np.arange(len(chosen)), chosen]


def folds_of(docs: Sequence[str], k: int = FOLDS, seed: int = FOLD_SEED) -> dict[str, int]:
    """Articles shuffled with a fixed seed and dealt in turn into ``k`` folds."""
    order = sorted(set(docs))
    random.Random(seed).shuffle(order)
    return {doc: i % k for i, doc in enumerate(order)}


def fit_with_margin(
    rows: Sequence[dict[str, Any]], l2: float = L2, features: str = "first", override: bool = False
) -> dict[str, Any]:
    """Fit on ``rows``; the abstention margin (and with ``override`` the override lead) chosen by an
    inner grouped CV over the same rows (ties: no abstention, the most cautious override)."""
    docs = [r["doc"] for r in rows]
    inner = folds_of(docs, k=min(FOLDS, len(set(docs))), seed=FOLD_SEED + 1)
    grid = [(m, o) for m in MARGINS for o in (OVERRIDES if override else (0.0,))]
    hits = dict.fromkeys(grid, 0)
    for fold in set(inner.values()):
        train = [r for r in rows if inner[r["doc"]] != fold]
        test = Groups([r for r in rows if inner[r["doc"]] == fold], features)
        model = fit(Groups(train, features), l2)
        for m, o in grid:
            hits[(m, o)] += int(correct(test, choose({**model, "margin": m, "override": o}, test)).sum())
    margin, lead = max(grid, key=lambda g: (hits[g], -g[0], g[1]))
    model = fit(Groups(rows, features), l2)
    model["margin"], model["override"] = margin, lead
    return model


def cross_validate(
    payload: dict[str, Any], l2: float = L2, features: str = "first", override: bool = False
) -> dict[str, Any]:
    """Out-of-fold figures of the rules and the ranker on the same article folds."""
    rows = payload["rows"]
    gold_counts: dict[str, int] = payload["gold_speakers"]
    folds = folds_of(list(gold_counts))
    per_fold = []
    pooled = {"n": 0, "gold": 0, "rules": 0, "ranker": 0, "ceiling": 0, "changed": 0, "fixed": 0, "broken": 0}
    margins = []
    for fold in range(FOLDS):
        train = [r for r in rows if folds[r["doc"]] != fold]
        held = [r for r in rows if folds[r["doc"]] == fold]
        gold = sum(n for doc, n in gold_counts.items() if folds[doc] == fold)
        model = fit_with_margin(train, l2, features, override)
        margins.append([model["margin"], model["override"]])
        groups = Groups(held, features)
        chosen = choose(model, groups)
        ranker_ok = correct(groups, chosen)
        rules_ok = np.array([r["rule_ok"] for r in held], dtype=bool)
        changed = chosen != groups.rule
        stats = {
            "fold": fold,
            "docs": sorted({r["doc"] for r in held}),
            "n": len(held),
            "gold": gold,
            "rules": int(rules_ok.sum()),
            "ranker": int(ranker_ok.sum()),
            "ceiling": int(groups.ok.any(axis=1).sum()),
            "changed": int(changed.sum()),
            "fixed": int((ranker_ok & ~rules_ok).sum()),
            "broken": int((rules_ok & ~ranker_ok).sum()),
            "margin": model["margin"],
            "override": model["override"],
        }
        for key in pooled:
            pooled[key] += stats[key]
        per_fold.append(stats)

    def rate(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    fold_acc = [rate(f["ranker"], f["n"]) for f in per_fold]
    rules_acc = [rate(f["rules"], f["n"]) for f in per_fold]
    summary = {
        "rules_accuracy": rate(pooled["rules"], pooled["n"]),
        "ranker_accuracy": rate(pooled["ranker"], pooled["n"]),
        "rules_recall": rate(pooled["rules"], pooled["gold"]),
        "ranker_recall": rate(pooled["ranker"], pooled["gold"]),
        "ceiling_accuracy": rate(pooled["ceiling"], pooled["n"]),
        "ranker_fold_sd": round(statistics.stdev(fold_acc), 4),
        "rules_fold_sd": round(statistics.stdev(rules_acc), 4),
        "ranker_fold_accuracy": fold_acc,
        "rules_fold_accuracy": rules_acc,
        **{k: pooled[k] for k in ("n", "gold", "changed", "fixed", "broken")},
        "margins": margins,
    }
    gain = summary["ranker_accuracy"] - summary["rules_accuracy"]
    recall_drop = summary["rules_recall"] - summary["ranker_recall"]
    summary["ships"] = bool(gain > summary["ranker_fold_sd"] and recall_drop <= 0.02)
    return {"summary": summary, "folds": per_fold, "l2": l2, "features": features, "override": override}


def write_weights(
    payload: dict[str, Any], out: Path, l2: float = L2, features: str = "first", override: bool = False
) -> dict[str, Any]:
    """Fit on every dev row and write the weights file (features, means, scales, weights, margins)."""
    model = fit_with_margin(payload["rows"], l2, features, override)
    data = {
        "version": 1,
        "trained_on": payload["splits"],
        "rows": len(payload["rows"]),
        "l2": l2,
        "features": list(FEATURES),
        "means": [round(float(v), 6) for v in model["means"]],
        "scales": [round(float(v), 6) for v in model["scales"]],
        "weights": [round(float(v), 6) for v in model["weights"]],
        "margin": model["margin"],
        "override": model["override"],
    }
    text = json.dumps(data, indent=1) + "\n"
    out.write_text(text, encoding="utf-8")
    return {
        "path": str(out),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "margin": model["margin"],
    }


def main(argv: list[str] | None = None) -> None:
    from presslens.datasets import shared_data_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="analyse the dev quote gold and cache candidate rows")
    ex.add_argument("--data", type=Path, help="the shared data/ folder (default: ../shared/data)")
    ex.add_argument("--gold", type=Path, default=Path("tests/gold/quotes"))
    ex.add_argument("--splits", nargs="+", default=list(DEV_SPLITS))
    for name in ("extract", "cv", "write"):
        target = ex if name == "extract" else sub.add_parser(name)
        target.add_argument("--cache", type=Path, default=CACHE)
        if name != "extract":
            target.add_argument("--l2", type=float, default=L2)
            target.add_argument("--features", choices=sorted(FEATURE_SETS), default="first")
            target.add_argument("--override", action="store_true", help="keep the rules' pick unless beaten")
        if name == "write":
            target.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "extract":
        payload = extract(args.data or shared_data_dir(), args.gold, args.splits, args.cache)
        print(json.dumps({"rows": len(payload["rows"]), "docs": len(payload["gold_speakers"])}))
        return
    payload = json.loads(args.cache.read_text(encoding="utf-8"))
    if payload["features"] != list(FEATURES):
        raise SystemExit("the cached rows were made with other features: run extract again")
    if args.command == "cv":
        print(json.dumps(cross_validate(payload, args.l2, args.features, args.override), indent=1))
    else:
        print(json.dumps(write_weights(payload, args.out, args.l2, args.features, args.override)))


if __name__ == "__main__":
    main()
