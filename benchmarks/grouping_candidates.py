"""Session 9 grouping candidates (issue 11), each scored by leave-one-cluster-out CV on the dev gold.

    OMP_NUM_THREADS=1 python benchmarks/grouping_candidates.py CACHE.json [--only NAME]

``CACHE.json`` is written by ``python benchmarks/grouping_errors.py cache CACHE.json`` (the dev clusters
analysed once). Every candidate changes the quantity keys, the pair features, the constraints or the
fit *in this process only* (the shipped code is untouched) and is scored with the functions of
``presslens_train.grouping`` (weights refitted per left-out cluster, threshold by the smoothed rule),
against main's code on the same parses. The ship rule (docs/evaluation-grouping.md, session 9, written
before any of these ran): pooled out-of-fold pairwise F1 gain >= +0.010, paired cluster bootstrap 5th
percentile > 0, no cluster's out-of-fold F1 down by more than 0.02, out-of-fold B-cubed F1 not down.
Columns ``F1@.30`` / ``F1@.35`` give each variant's pooled F1 at two fixed thresholds beside the
baseline's, to show how much of a gain is the threshold moving (not part of the rule).
Held-out clusters are refused (grouping_errors.load_items).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import grouping_errors  # noqa: E402

import presslens.corpus.grouping as G  # noqa: E402
import presslens.corpus.quantity_key as Q  # noqa: E402
import presslens_train.grouping as T  # noqa: E402
from presslens.evaluation.grouping import bcubed, prf  # noqa: E402

Items = list[dict[str, Any]]


# --- scoring ------------------------------------------------------------------------------------


def folds_fit(items: Items, fit: Callable[[list[np.ndarray], list[np.ndarray]], np.ndarray]) -> dict:
    """`presslens_train.grouping.folds` with a pluggable fit (for the cluster-balanced candidate)."""
    data = [T.pair_data(item) for item in items]
    out: dict[float, list[T.Fold]] = {t: [] for t in T.THRESHOLDS}
    for k, item in enumerate(items):
        rest = [d for n, d in enumerate(data) if n != k]
        weights = fit([d[0] for d in rest], [d[1] for d in rest])
        scores = G.pair_scores(item["entries"], weights)
        idx = [i for i, g in enumerate(item["gold"]) if g is not None]
        for t in T.THRESHOLDS:
            labels = G.average_linkage(len(item["entries"]), scores, t)
            bp, br = bcubed([item["gold"][i] for i in idx], [str(labels[i]) for i in idx])
            out[t].append(T.Fold(item["cluster"], T.pairwise(item, labels), bp, br, len(idx)))
    return out


def plain_fit(xs: list[np.ndarray], ys: list[np.ndarray]) -> np.ndarray:
    return T.fit_logistic(np.vstack(xs), np.concatenate(ys), 1.0)


def evaluate(items: Items, fit=plain_fit) -> dict[str, Any]:
    by_t = folds_fit(items, fit)
    table = {t: T.pooled(rows) for t, rows in by_t.items()}
    curve = {t: {k: row[k] for k in ("precision", "recall", "f1")} for t, row in table.items()}
    best = max(curve, key=lambda t: (T.smoothed(curve, t), -abs(t - 0.5)))
    return {"t": best, "curve": curve, "rows": by_t[best], "by_t": by_t, "smoothed": T.smoothed(curve, best)}


def per_cluster(rows: list[T.Fold]) -> dict[str, float]:
    return {r.cluster: prf(r.pairs.tp, r.pairs.fp, r.pairs.fn)["f1"] for r in rows}


def report(name: str, run: dict[str, Any], base: dict[str, Any]) -> None:
    rows, before = run["rows"], base["rows"]
    gain = T.pooled(rows)["f1"] - T.pooled(before)["f1"]
    b3 = T.pooled(rows)["bcubed"]["f1"] - T.pooled(before)["bcubed"]["f1"]
    boot = T.paired_bootstrap(before, rows)
    new, old = per_cluster(rows), per_cluster(before)
    worst = min(new[k] - old[k] for k in new)
    passed = gain >= 0.010 and boot["low_5"] > 0 and worst >= -0.02 and b3 >= 0
    at = {t: (run["curve"][t]["f1"], run["curve"][t]["f1"] - base["curve"][t]["f1"]) for t in (0.3, 0.35)}
    fixed = " ".join(f"{f1:.4f}({change:+.4f})" for f1, change in at.values())
    c = run["curve"][run["t"]]
    print(
        f"| {name} | {run['t']} | {c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.4f} "
        f"| {run['smoothed']:.4f} "
        f"| {gain:+.4f} | {boot['low_5']:+.4f}..{boot['high_95']:+.4f} | {b3:+.4f} | {worst:+.3f} | {fixed} "
        f"| {'passes' if passed else 'fails'} |",
        flush=True,
    )


# --- patching helpers ---------------------------------------------------------------------------


def vague_floor(floor: float) -> Callable[[list[dict], Any], dict]:
    """``G.pair_scores`` (as it is when called) with a floor: where one figure is vague and the other
    exact, the exact value lies inside the vague amount's range and both keys name one counted thing and
    one event, the pair score is at least ``floor`` (row 5 here; ``grouping_nested.py``'s candidate)."""
    inner = G.pair_scores

    def scores(entries: list[dict], weights) -> dict:
        out = inner(entries, weights)
        for (i, j), s in out.items():
            a, b = entries[i], entries[j]
            if s == G.NEVER or G.is_vague(a) == G.is_vague(b):
                continue
            vague, exact = (a, b) if G.is_vague(a) else (b, a)
            (lo, hi), (xl, xh) = G._range(vague), G._range(exact)
            holds = lo is not None and xl is not None and lo <= xl and xh <= hi
            ka, kb = a["key"], b["key"]
            if holds and ka.counted and ka.counted == kb.counted and ka.event == kb.event:
                out[(i, j)] = max(s, floor)
        return out

    return scores


@contextmanager
def patched(module: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


@contextmanager
def features(fn: Callable[[dict, dict], list[float]], extra: tuple[str, ...] = ()) -> Iterator[None]:
    """Replace the pair features everywhere the fit and the grouping read them."""
    names = G.FEATURES + extra
    with (
        patched(G, "pair_features", fn),
        patched(T, "pair_features", fn),
        patched(G, "FEATURES", names),
        patched(T, "FEATURES", names),
    ):
        yield


def rekey(items: Items, fn: Callable[[list[dict], list[dict]], list[dict]]) -> Items:
    return [{**it, "entries": fn([dict(e) for e in it["entries"]], it["docs"])} for it in items]


def recompute(items: Items) -> Items:
    """The entries read again from the cached articles (after a vocabulary change)."""
    from presslens.corpus.figures import claim_entries

    return [{**it, "entries": claim_entries(it["docs"])} for it in items]


# --- candidates ---------------------------------------------------------------------------------


def inherit(
    max_chars: int, overlap: bool = True, vague: bool = True
) -> Callable[[list[dict], list[dict]], list[dict]]:
    """A figure naming nothing counted takes the counted thing of an earlier figure of its article
    (within ``max_chars``) of the same unit class whose range overlaps its own: a restatement.
    ``overlap=False``: any earlier figure's; ``vague=False``: vague amounts keep nothing counted."""

    def fn(entries: list[dict], docs: list[dict]) -> list[dict]:
        by_article: dict[str, list[dict]] = {}
        for e in entries:
            by_article.setdefault(e["article_id"], []).append(e)
        for members in by_article.values():
            members.sort(key=lambda e: e["start"])
            for k, e in enumerate(members):
                key = e["key"]
                if key.counted or (not vague and G.is_vague(e)):
                    continue
                for d in reversed(members[:k]):
                    if e["start"] - d["end"] > max_chars:
                        break
                    dk = d["key"]
                    if dk.counted and dk.unit == key.unit and (not overlap or G.range_gap(e, d) == 0):
                        e["key"] = dataclasses.replace(
                            key, counted=dk.counted, head=dk.head, event=key.event or dk.event,
                            modifiers=key.modifiers | dk.modifiers,
                        )  # fmt: skip
                        break
        return entries

    return fn


_HOLD = (
    r"(?:had|has|have|won|wins|win|got|gets|received|receives|captured|earned|secured|took|takes|leads|led|"
    r"trails|trailed|garnered|picked up|collected|amassed|holds|held|polled|drew|draws|at)"
)
_HOLD_VERB = re.compile(
    rf"({_HOLD})\s+(?:(?:about|around|nearly|almost|roughly|just|only|more than|over|under|less than|"
    r"at least|some|an estimated)\s+)*$",
    re.I,
)


def holder(entries: list[dict], docs: list[dict]) -> list[dict]:
    """"Clinton had 49.9 percent": the subject of a verb of having or winning says whose the figure is."""
    arts = {d["id"]: d for d in docs}
    for e in entries:
        key = e["key"]
        if key.whose:
            continue
        art = arts[e["article_id"]]
        text = art["text"]
        lo, _ = Q.clause_at(art, e["start"], e["end"])
        m = _HOLD_VERB.search(text, lo, e["start"])
        if not m or m.end() != e["start"]:
            continue
        cut = m.start()
        labels = frozenset({"PERSON", "ORG", "NORP"})
        ents = [x for x in Q._entity_spans(art, lo, cut, labels) if x["end"] <= cut]
        if ents and Q._AUXILIARIES.fullmatch(text[ents[-1]["end"] : cut]):
            words = frozenset(Q._name_words(art, ents[-1]))
            shown = text[ents[-1]["start"] : ents[-1]["end"]]
            e["key"] = dataclasses.replace(key, whose=words, whose_text=shown)
    return entries


def minilm_cosines(items: Items) -> dict[tuple[str, int], dict[str, np.ndarray]]:
    """Mean last-layer MiniLM state (the rhetoric encoder) over the claim, its counted phrase, both."""
    from presslens.rhetoric.runtime import get_model

    encoder = get_model(threads=1)
    out: dict[tuple[str, int], dict[str, np.ndarray]] = {}
    for it in items:
        for art in it["docs"]:
            offsets, hidden = encoder.token_states(art["text"])
            first = np.asarray(offsets)[:, 0]
            claims = {c.get("id"): c for c in art.get("claims") or []}
            for e in it["entries"]:
                if e["article_id"] != art["id"]:
                    continue
                count_of = (claims.get(e["claim_id"]) or {}).get("count_of") or {}
                spans = {"claim": (e["start"], e["end"])}
                if count_of.get("start") is not None:
                    spans["counted"] = (count_of["start"], count_of["end"])
                    spans["both"] = (min(e["start"], count_of["start"]), max(e["end"], count_of["end"]))
                else:
                    spans["counted"] = spans["both"] = spans["claim"]
                vectors = {}
                for name, (s, t) in spans.items():
                    inside = (first >= s) & (first < t)
                    empty = np.zeros(hidden.shape[1], np.float32)
                    vectors[name] = hidden[inside].mean(0) if inside.any() else empty
                out[(e["article_id"], e["start"])] = vectors
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cache_file", type=Path)
    parser.add_argument("--only", default=None, help="run only candidates whose name holds this text")
    args = parser.parse_args()
    items, _ = grouping_errors.load_items(args.cache_file)
    base = evaluate(items)
    print("| candidate (dev, LOCO CV) | t | P / R / F1 | smoothed | gain | bootstrap 5-95 % | B-cubed change "
          "| worst cluster | F1@.30 F1@.35 (vs base) | rule |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    report("baseline (main 029c7fd)", base, base)
    orig_features, orig_cannot = G.pair_features, G.cannot_link

    def want(name: str) -> bool:
        return args.only is None or args.only in name

    # 1. nothing counted: borrow from a restated figure of the same article
    for chars in (300, 3000, 100_000):
        name = f"nothing counted takes an earlier overlapping figure's counted thing (within {chars} chars)"
        if want(name):
            report(name, evaluate(rekey(items, inherit(chars))), base)
    for name, fn in (
        ("the same from any earlier figure within 1000 chars (values not compared)",
         inherit(1000, overlap=False)),  # fmt: skip
        ("the same within 3000 chars, vague amounts left out", inherit(3000, vague=False)),
    ):
        if want(name):
            report(name, evaluate(rekey(items, fn)), base)
    # 2. counted things: vocabulary of word forms and synonyms (data)
    name = "vocabulary: forces = soldiers; caucus-goers / viewers / spectators = voters"
    if want(name):
        extra = {"force": "soldier", "goer": "voter", "caucuse": "caucus", "viewer": "voter"}
        extra |= {"spectator": "voter", "concertgoer": "voter", "clubgoer": "voter"}
        counted = {**Q.vocab().counted, **extra}
        vocab = dataclasses.replace(Q.vocab(), counted=counted)
        with patched(Q, "vocab", lambda: vocab):
            report(name, evaluate(recompute(items)), base)
    i_same, i_pf = G.FEATURES.index("same_counted"), G.FEATURES.index("person_for_people")

    def generic(a: dict, b: dict) -> list[float]:
        f = orig_features(a, b)
        if f[i_pf]:
            f[i_same], f[i_pf] = 1.0, 0.0
        return f

    name = "generic 'people' counts as the same counted thing as any kind of person"
    if want(name):
        with features(generic):
            report(name, evaluate(items), base)
    # 3. a learned similarity of counted-thing phrases: the MiniLM encoder the pipeline runs
    if want("MiniLM"):
        vectors = minilm_cosines(items)
        for span in ("counted", "both", "claim"):
            mean = np.mean([v[span] for v in vectors.values()], axis=0)

            def cosine(a: dict, b: dict, span: str = span, mean: np.ndarray = mean) -> float:
                va = vectors[(a["article_id"], a["start"])][span] - mean
                vb = vectors[(b["article_id"], b["start"])][span] - mean
                norm = float(np.linalg.norm(va) * np.linalg.norm(vb))
                return float(va @ vb / norm) if norm else 0.0

            for only_unlike in (False, True):

                def fn(a: dict, b: dict, only_unlike: bool = only_unlike, cosine=cosine) -> list[float]:
                    unlike = a["key"].counted != b["key"].counted or not a["key"].counted
                    return [*orig_features(a, b), cosine(a, b) if (unlike or not only_unlike) else 0.0]

                label = f"MiniLM cosine of the {span} span"
                label += " (only when counted things differ)" if only_unlike else ""
                with features(fn, ("minilm_cosine",)):
                    report(label, evaluate(items), base)
    # 4. constraints relaxed, and one added (whose read from a verb of having)
    names_conflict = Q.names_conflict

    def whose_only(a: dict, b: dict) -> bool:
        ka, kb = a["key"], b["key"]
        return names_conflict(ka.whose, kb.whose) or names_conflict(ka.agent, kb.agent)

    def no_event_rule(a: dict, b: dict) -> bool:
        ka, kb = a["key"], b["key"]
        if whose_only(a, b):
            return True
        vague_a, vague_b = G.is_vague(a), G.is_vague(b)
        if vague_a != vague_b and (ka.quoted if vague_a else kb.quoted):
            return not G.shares_actor(ka, kb)
        return False

    for name, rule in (
        ("constraint relaxed: no event-vs-none rule", no_event_rule),
        ("constraints relaxed: whose / agent only", whose_only),
        ("constraints relaxed: none", lambda a, b: False),
    ):
        if want(name):
            with patched(G, "cannot_link", rule):
                report(name, evaluate(items), base)
    compatible = {frozenset({"killed", "killed or wounded"}), frozenset({"wounded", "killed or wounded"})}

    def events_differ(a: dict, b: dict) -> bool:
        ea, eb = a["key"].event, b["key"].event
        return bool(ea and eb and ea != eb and frozenset({ea, eb}) not in compatible) or orig_cannot(a, b)

    name = "constraint added: two different events never link (killed vs wounded or infected)"
    if want(name):
        with patched(G, "cannot_link", events_differ):
            report(name, evaluate(items), base)
    name = "whose: the subject of a verb of having or winning before the figure ('Clinton had 49.9 percent')"
    if want(name):
        report(name, evaluate(rekey(items, holder)), base)
    # 5. a vague amount whose range holds an exact figure of the same counted thing restates it
    for floor in (0.4, 0.6):
        name = f"vague amount holding an exact figure of one counted thing: pair score at least {floor}"
        if not want(name):
            continue
        with patched(G, "pair_scores", vague_floor(floor)):
            report(name, evaluate(items), base)
    # 6. same round value: weaker evidence for shares and small counts
    i_round = G.FEATURES.index("same_value_round")
    for label, small in (
        ("same round value of a share as its own feature", lambda a: a["key"].unit == "share"),
        ("same round value of a share or a count under 10 as its own feature",
         lambda a: a["key"].unit == "share" or float(a.get("low") or 0) < 10),
    ):  # fmt: skip
        if not want(label):
            continue

        def split(a: dict, b: dict, small=small) -> list[float]:
            f = orig_features(a, b)
            r = f[i_round]
            if small(a):
                f[i_round] = 0.0
                return [*f, r]
            return [*f, 0.0]

        with features(split, ("same_value_round_small",)):
            report(label, evaluate(items), base)
    # 7. every story weighs the same in the fit
    for power in (0.5, 1.0):
        name = f"cluster-balanced fit (pair weights (mean pairs / cluster pairs)^{power})"
        if not want(name):
            continue

        def balanced(xs: list[np.ndarray], ys: list[np.ndarray], power: float = power) -> np.ndarray:
            total = sum(len(y) for y in ys)
            share = [(total / len(ys) / max(len(y), 1)) ** power for y in ys]
            weights = np.concatenate([np.full(len(y), w) for y, w in zip(ys, share, strict=True)])
            return weighted_logistic(np.vstack(xs), np.concatenate(ys), weights)

        report(name, evaluate(items, balanced), base)
    # 7b. pairs of two clusters (two stories: never one quantity) as extra negatives in the fit
    for weight in (1.0, 0.25):
        name = f"cross-story pairs as negatives in the fit (weight {weight})"
        if want(name):
            report(name, evaluate_with_cross_negatives(items, weight), base)
    # 8. diagnostic: each feature left out in turn (how far the CV moves when the model changes a little)
    for k, feature in enumerate(G.FEATURES[1:], start=1):
        name = f"diagnostic: feature {feature} left out"
        if not want(name):
            continue

        def without(a: dict, b: dict, k: int = k) -> list[float]:
            f = orig_features(a, b)
            f[k] = 0.0
            return f

        with features(without):
            report(name, evaluate(items), base)


def evaluate_with_cross_negatives(items: Items, weight: float) -> dict[str, Any]:
    """LOCO where each fold's fit also sees the candidate pairs between its training clusters, label 0."""
    entries, owner = [], []
    for k, it in enumerate(items):
        for e, g in zip(it["entries"], it["gold"], strict=True):
            if g is not None:
                entries.append(e)
                owner.append(k)
    pairs = [
        (i, j)
        for i, j in sorted(G.candidate_pairs(entries))
        if owner[i] != owner[j] and not G.cannot_link(entries[i], entries[j])
    ]
    cross = np.array([G.pair_features(entries[i], entries[j]) for i, j in pairs])
    owners = [(owner[i], owner[j]) for i, j in pairs]
    data = [T.pair_data(it) for it in items]
    by_t: dict[float, list[T.Fold]] = {t: [] for t in T.THRESHOLDS}
    for k, item in enumerate(items):
        keep = [n for n, (a, b) in enumerate(owners) if k not in (a, b)]
        rest = [d for n, d in enumerate(data) if n != k]
        x = np.vstack([*(d[0] for d in rest), cross[keep]])
        y = np.concatenate([*(d[1] for d in rest), np.zeros(len(keep))])
        s = np.concatenate([np.ones(len(y) - len(keep)), np.full(len(keep), weight)])
        scores = G.pair_scores(item["entries"], weighted_logistic(x, y, s))
        idx = [i for i, g in enumerate(item["gold"]) if g is not None]
        for t in T.THRESHOLDS:
            labels = G.average_linkage(len(item["entries"]), scores, t)
            bp, br = bcubed([item["gold"][i] for i in idx], [str(labels[i]) for i in idx])
            by_t[t].append(T.Fold(item["cluster"], T.pairwise(item, labels), bp, br, len(idx)))
    table = {t: T.pooled(rows) for t, rows in by_t.items()}
    curve = {t: {k: row[k] for k in ("precision", "recall", "f1")} for t, row in table.items()}
    best = max(curve, key=lambda t: (T.smoothed(curve, t), -abs(t - 0.5)))
    return {"t": best, "curve": curve, "rows": by_t[best], "by_t": by_t, "smoothed": T.smoothed(curve, best)}


def weighted_logistic(x: np.ndarray, y: np.ndarray, s: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """`presslens_train.grouping.fit_logistic` with per-pair weights ``s``."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (s * (p - y)) + penalty * w
        hess = (x * (s * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


if __name__ == "__main__":
    main()
