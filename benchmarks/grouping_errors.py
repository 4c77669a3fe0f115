"""Dev grouping errors counted by cause, weighted by figure pairs (issue 11; dev clusters only).

``python benchmarks/grouping_errors.py cache CACHE.json`` analyses the dev clusters of the grouping
gold once with the default pipeline and stores the article dicts (text, layers, offsets): the
quantity keys are recomputed from them on every later run, so a change to the key, the vocabularies
or the pair model is measured without parsing again.

``python benchmarks/grouping_errors.py errors CACHE.json [--oof]`` puts every missed pair (same gold
group, different predicted group) and every wrong join (different gold groups, one predicted group)
in the first cause that fits (the order of ``MISSED`` / ``WRONG``) and prints the counts per cause and
per cluster, with examples. Without ``--oof`` the grouping is the shipped one, as
``presslens eval grouping --split dev`` makes it (restatement merges included); with ``--oof`` each
cluster is grouped by weights fitted on the other eight (leave-one-cluster-out, the doc's CV).

``python benchmarks/grouping_errors.py cv CACHE.json [--save-folds F] [--against F]`` prints the
leave-one-cluster-out CV of the current code over the cached parses (the same functions as
``python -m presslens_train.grouping --dry-run``), per cluster, and compares with saved folds
(pooled gain, paired cluster bootstrap, per-cluster changes).

``python benchmarks/grouping_errors.py pooled CACHE.json`` groups the nine dev clusters as one corpus, as
a user's store of many stories is grouped, and scores it pairwise (gold groups qualified by cluster).

Held-out clusters are refused: their errors are never read (tests/gold/groupings/SPLIT.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

GOLD = Path("tests/gold/groupings")


def cache(out: Path, data_dir: Path) -> None:
    """Analyse every dev cluster and write {cluster: {gold, docs: {doc: article dict}}}."""
    from presslens.api import get_pipeline
    from presslens.evaluation.extraction import data_path
    from presslens.evaluation.grouping import load_article, load_clusters

    pipeline = get_pipeline()
    result: dict[str, Any] = {}
    for cluster in load_clusters(GOLD, "dev"):
        docs = {}
        for doc in cluster["docs"]:
            article = load_article(data_path(data_dir, doc["doc"]), doc)
            if not isinstance(article, str):
                docs[doc["doc"]] = pipeline(article).to_dict()
        result[cluster["cluster"]] = {"gold": cluster, "docs": docs}
    out.write_text(json.dumps(result), encoding="utf-8")


def load_items(path: Path) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """`presslens_train.grouping.cluster_items` of each cached cluster, and its article dicts."""
    from presslens.model import OffsetMap
    from presslens_train.grouping import cluster_items

    data = json.loads(path.read_text(encoding="utf-8"))
    items, articles = [], {}
    for name, entry in sorted(data.items()):
        if entry["gold"].get("split") != "dev":
            sys.exit(f"{name} is not a dev cluster: refused")
        docs = entry["docs"]
        maps = {k: OffsetMap([tuple(s) for s in d["offsets"]]) for k, d in docs.items()}

        def raw_spans(key: str, start: int, end: int, maps: dict[str, OffsetMap] = maps) -> tuple[int, int]:
            return maps[key].span_to_original(start, end)

        item = cluster_items(entry["gold"], docs, raw_spans)
        item["docs"] = [docs[d["doc"]] for d in entry["gold"]["docs"] if d["doc"] in docs]
        item["gold_sizes"] = Counter(
            f["group"] for d in entry["gold"]["docs"] if d["doc"] in docs for f in d["figures"]
        )
        items.append(item)
        articles[name] = item["docs"]
    return items, articles


# --- causes -------------------------------------------------------------------------------------

MISSED = (
    "stopped by a constraint (whose / agent / event-vs-none / quoted vague)",
    "never scored (no shared word or value bucket)",
    "a side names nothing counted: vague amount",
    "a side names nothing counted: share",
    "a side names nothing counted: bare count or list entry",
    "counted thing read differently (both named)",
    "generic 'people' beside a kind of person ('migrants', 'residents')",
    "event differs (killed / died / none...)",
    "values apart, dated differently (a running total)",
    "values apart, same or no date (a restatement)",
    "dates apart (different as-of dates)",
    "no shared actor or place",
    "same counted thing and event, scored below the threshold / linkage",
)
WRONG = (
    "a side names nothing counted",
    "values apart (range gap > 0): a part, another moment or another population",
    "same counted thing, other population / side (entities differ)",
    "same counted thing, other period / date",
    "same counted thing and value, other quantity (part/whole, goal, other event)",
    "different counted things joined",
)


def _gap(a: dict[str, Any], b: dict[str, Any]) -> float:
    from presslens.corpus.grouping import range_gap

    return range_gap(a, b)


def missed_cause(a: dict[str, Any], b: dict[str, Any], scored: set[tuple[int, int]], i: int, j: int) -> str:
    from presslens.corpus.grouping import cannot_link, is_vague, shares_actor

    ka, kb = a["key"], b["key"]
    if cannot_link(a, b):
        return MISSED[0]
    if (min(i, j), max(i, j)) not in scored:
        return MISSED[1]
    if not ka.counted or not kb.counted:
        bare = a if not ka.counted else b
        if is_vague(bare):
            return MISSED[2]
        return MISSED[3] if bare["key"].unit == "share" else MISSED[4]
    if ka.counted != kb.counted:
        generic = (ka.is_generic and kb.is_people) or (kb.is_generic and ka.is_people)
        return MISSED[6] if generic else MISSED[5]
    if ka.event != kb.event:
        return MISSED[7]
    dated_apart = bool(a.get("date") and b.get("date") and a["date"] != b["date"])
    if _gap(a, b) > 0:
        return MISSED[8] if dated_apart else MISSED[9]
    if dated_apart:
        return MISSED[10]
    if not shares_actor(ka, kb):
        return MISSED[11]
    return MISSED[12]


def wrong_cause(a: dict[str, Any], b: dict[str, Any]) -> str:
    ka, kb = a["key"], b["key"]
    if not ka.counted or not kb.counted:
        return WRONG[0]
    if _gap(a, b) > 0:
        return WRONG[1]
    if ka.counted == kb.counted or ka.is_generic or kb.is_generic:
        if (ka.entities and kb.entities and not (ka.entities & kb.entities)) or (
            ka.nearest and kb.nearest and ka.nearest != kb.nearest
        ):
            return WRONG[2]
        if (a.get("date") or "") != (b.get("date") or ""):
            return WRONG[3]
        return WRONG[4]
    return WRONG[5]


def grouped(items: list[dict[str, Any]], oof: bool) -> list[list[int]]:
    """Predicted labels per cluster: the shipped model (with restatements), or out of fold."""
    import numpy as np

    from presslens.corpus.grouping import cluster, model
    from presslens.corpus.quantities import restatements
    from presslens_train.grouping import average_linkage, fit_logistic, pair_data, pair_scores

    if not oof:
        return [cluster(it["entries"], model(), restatements(it["docs"])) for it in items]
    data = [pair_data(it) for it in items]
    out = []
    threshold = model().threshold
    for k, it in enumerate(items):
        x = np.vstack([d[0] for n, d in enumerate(data) if n != k])
        y = np.concatenate([d[1] for n, d in enumerate(data) if n != k])
        scores = pair_scores(it["entries"], fit_logistic(x, y, 1.0))
        out.append(average_linkage(len(it["entries"]), scores, threshold))
    return out


def errors(path: Path, oof: bool, examples: int) -> None:
    from presslens.corpus.grouping import candidate_pairs

    items, _ = load_items(path)
    labels_all = grouped(items, oof)
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    missed_by: dict[str, Counter[str]] = defaultdict(Counter)
    wrong_by: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, list[str]] = defaultdict(list)
    undetected = 0
    tp = 0
    for it, labels in zip(items, labels_all, strict=True):
        entries, gold = it["entries"], it["gold"]
        scored = candidate_pairs(entries)
        idx = [i for i, g in enumerate(gold) if g is not None]
        # gold figures no claim matched: every pair with them is missed (detection)
        sizes = Counter(gold[i] for i in idx)
        all_sizes = it["gold_sizes"]
        for group, n in all_sizes.items():
            found = sizes.get(group, 0)
            lost = n * (n - 1) // 2 - found * (found - 1) // 2
            undetected += lost
            missed_by[it["cluster"]]["missed detection (figure not found)"] += lost
        for i, j in combinations(idx, 2):
            same_gold, same_pred = gold[i] == gold[j], labels[i] == labels[j]
            a, b = entries[i], entries[j]
            if same_gold and same_pred:
                tp += 1
            elif same_gold:
                cause = missed_cause(a, b, scored, i, j)
                missed[cause] += 1
                missed_by[it["cluster"]][cause] += 1
                if len(shown["m" + cause]) < examples:
                    shown["m" + cause].append(f"{it['cluster']}: {_show(a)} | {_show(b)}")
            elif same_pred:
                cause = wrong_cause(a, b)
                wrong[cause] += 1
                wrong_by[it["cluster"]][cause] += 1
                if len(shown["w" + cause]) < examples:
                    shown["w" + cause].append(f"{it['cluster']}: {_show(a)} | {_show(b)}")
    where = "out of fold (LOCO)" if oof else "shipped model (in-sample)"
    total_missed = sum(missed.values()) + undetected
    wrong_total = sum(wrong.values())
    print(f"# dev grouping errors, {where}: pairs tp {tp}, missed {total_missed}, wrong {wrong_total}")
    print(f"missed pairs: {total_missed}")
    print(f"  {undetected:4d}  missed detection (figure not found)")
    for cause in MISSED:
        print(f"  {missed[cause]:4d}  {cause}")
        for line in shown["m" + cause]:
            print(f"          {line}")
    print(f"wrong joins: {sum(wrong.values())}")
    for cause in WRONG:
        print(f"  {wrong[cause]:4d}  {cause}")
        for line in shown["w" + cause]:
            print(f"          {line}")
    print("per cluster (missed | wrong):")
    for name in sorted(missed_by):
        m = ", ".join(f"{c.split(' (')[0]} {n}" for c, n in missed_by[name].most_common() if n)
        w = ", ".join(f"{c.split(' (')[0]} {n}" for c, n in wrong_by[name].most_common() if n)
        print(f"  {name}: {m} | {w}")


def _show(entry: dict[str, Any]) -> str:
    key = entry["key"]
    text = " ".join(str(entry.get("text") or "").split())
    who = "/".join(sorted(key.whose)) if key.whose else ""
    return f"'{text}' [{key.counted or '-'}|{key.event or '-'}|{who}|{entry.get('low')}]"


# --- the dev clusters as one corpus -------------------------------------------------------------


def pooled_corpus(path: Path) -> None:
    """The nine dev clusters grouped as ONE corpus (as a user's store of many stories is), scored
    pairwise over cluster-qualified gold groups (a gold figure no claim found stands alone); also how
    many gold pairs of two different clusters (two stories) were joined."""
    from presslens.corpus.grouping import cluster, model
    from presslens.corpus.quantities import restatements
    from presslens.evaluation.grouping import pair_counts, prf

    items, _ = load_items(path)
    entries, gold, docs, story = [], [], [], []
    for it in items:
        entries += it["entries"]
        gold += [None if g is None else f"{it['cluster']}:{g}" for g in it["gold"]]
        docs += it["docs"]
        story += [it["cluster"]] * len(it["entries"])
    labels = cluster(entries, model(), restatements(docs))
    gold_labels, predicted = [], []
    for g, label in zip(gold, labels, strict=True):
        if g is not None:
            gold_labels.append(g)
            predicted.append(str(label))
    for it in items:  # undetected gold figures: each alone
        found = Counter(g for g in it["gold"] if g is not None)
        for group, n in it["gold_sizes"].items():
            for k in range(n - found.get(group, 0)):
                gold_labels.append(f"{it['cluster']}:{group}")
                predicted.append(f"missed:{it['cluster']}:{group}:{k}")
    counts = pair_counts(gold_labels, predicted)
    idx = [i for i, g in enumerate(gold) if g is not None]
    across = sum(1 for i, j in combinations(idx, 2) if labels[i] == labels[j] and story[i] != story[j])
    scores = prf(counts.tp, counts.fp, counts.fn)
    print(f"dev clusters as one corpus: pairwise {scores} (tp {counts.tp}, fp {counts.fp}, fn {counts.fn}); "
          f"gold pairs joined across clusters: {across}")  # fmt: skip


# --- CV -----------------------------------------------------------------------------------------


def cv(path: Path, save: Path | None, against: Path | None, l2: float) -> None:
    from presslens.evaluation.grouping import prf
    from presslens_train.grouping import Fold, folds, paired_bootstrap, pooled, smoothed

    items, _ = load_items(path)
    by_t = folds(items, l2)
    table = {t: pooled(rows) for t, rows in by_t.items()}
    curve = {t: {k: row[k] for k in ("precision", "recall", "f1")} for t, row in table.items()}
    best = max(curve, key=lambda t: (smoothed(curve, t), -abs(t - 0.5)))
    rows = by_t[best]
    print(f"threshold {best}: LOCO CV {curve[best]}, smoothed {smoothed(curve, best):.4f}, "
          f"B-cubed {table[best]['bcubed']}")  # fmt: skip
    per = {r.cluster: prf(r.pairs.tp, r.pairs.fp, r.pairs.fn)["f1"] for r in rows}
    print("per cluster F1: " + ", ".join(f"{k} {v:.3f}" for k, v in per.items()))
    if save is not None:
        save.write_text(json.dumps({"threshold": best, "folds": [r.to_dict() for r in rows]}, indent=1))
    if against is not None:
        saved = json.loads(against.read_text(encoding="utf-8"))
        before = [Fold.from_dict(r) for r in saved["folds"]]
        gain = pooled(rows)["f1"] - pooled(before)["f1"]
        b3 = pooled(rows)["bcubed"]["f1"] - pooled(before)["bcubed"]["f1"]
        print(f"against {against} (threshold {saved['threshold']}): pooled F1 gain {gain:+.4f}, "
              f"bootstrap {paired_bootstrap(before, rows)}, B-cubed change {b3:+.4f}")  # fmt: skip
        old = {r.cluster: prf(r.pairs.tp, r.pairs.fp, r.pairs.fn)["f1"] for r in before}
        print("per cluster change: " + ", ".join(f"{k} {per[k] - old[k]:+.3f}" for k in per))
        worst = min(per[k] - old[k] for k in per)
        print(f"largest per-cluster fall: {worst:+.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["cache", "errors", "cv", "pooled"])
    parser.add_argument("cache_file", type=Path)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--oof", action="store_true")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--save-folds", type=Path, default=None)
    parser.add_argument("--against", type=Path, default=None)
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    if args.command == "cache":
        from presslens.datasets import shared_data_dir

        cache(args.cache_file, args.data or shared_data_dir())
    elif args.command == "errors":
        errors(args.cache_file, args.oof, args.examples)
    elif args.command == "pooled":
        pooled_corpus(args.cache_file)
    else:
        cv(args.cache_file, args.save_folds, args.against, args.l2)


if __name__ == "__main__":
    main()
