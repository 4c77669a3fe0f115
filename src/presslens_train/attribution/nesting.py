"""Study: a second pass that decides, for nested attributions, whether the outer cue carries the content.

    python -m presslens_train.attribution.nesting cv --probs lstm64-pca24.npz [--cache .cache/attribution]

Out of fold on PolNeAR train, half of the cue errors are *nested*: our cue lies inside the gold
content (the model attributes "he said had sent ..." inside "Trump included the Philippines on a
list of countries he said had sent ..."), and PolNeAR's contents never nest: its annotator keeps one
attribution, most often the outer one. A fixed rule "the outer cue wins" lost (docs/attribution.md,
"Tried"), so this pass learns the choice case by case.

Candidates: a linked attribution whose cue root is governed in the parse (same sentence, at most
`MAX_STEPS` steps) by another tagged cue that lies outside its contents and source. The decider (a
logistic model over `FEATURES`) says whether the outer cue carries the content; if so the inner
attribution's contents, cue and source become one content piece of the outer cue's attribution
(created when that cue had no content: it takes its source from the linker like any other).

``cv``: out-of-fold tag probabilities of folds 0-2 (``cv``/``cv_folds`` of the GPU grid's .npz),
linker fitted on the gold pieces of folds 3-4 and cue rates counted there (no scored fold's gold),
the decider for each held fold fitted on the candidates of the other two, the shipped cue gate
with counts from the other four folds, as `encoder.score_oof` scores. Dev is never read.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from presslens.attribution import assemble as A
from presslens.attribution.features import key
from presslens.attribution.kinds import holds_quote
from presslens.attribution.lexicon import rate

log = logging.getLogger("presslens.train.attribution.nesting")

#: How many parse steps above the inner cue's root the outer cue's root may be.
MAX_STEPS = 4
_DEPS = {
    "ccomp": ("ccomp",),
    "xcomp": ("xcomp",),
    "clause": ("relcl", "acl"),
    "advcl": ("advcl",),
    "conj": ("conj",),
    "prep": ("pcomp", "pobj", "prep"),
    "object": ("dobj", "nsubj", "nsubjpass", "attr"),
}
_DEP_KEYS = {key(d): name for name, deps in _DEPS.items() for d in deps}
_RELATIVE = frozenset(key(w) for w in ("who", "which", "that"))
FEATURES = (
    "bias", "outer_rate", "inner_rate", "outer_confidence", "inner_confidence",
    "steps=1", "steps=2", "steps>=3", *(f"inner_dep={d}" for d in _DEPS), "inner_dep=other",
    "outer_has_content", "inner_has_source", "inner_source_relative", "inner_source_between",
    "inner_quoted", "inner_verb", "outer_verb", "outer_noun", "inner_link_confidence",
    "outer_before", "gap<=2", "gap<=6", "outer_content_next",
    "inner_root_content_p", "outer_root_cue_p", "inner_root_cue_p", "inner_content_is_complement",
    "inner_source_fallback", "inner_content_log_tokens",
)  # fmt: skip


@dataclass(slots=True)
class Candidate:
    inner: A.Assembled
    outer: A.Piece
    features: list[float]


def _steps(heads: list[int], anc: int, tok: int) -> int:
    """Parse steps from ``tok`` up to ``anc`` (0 when equal; -1 when not within `MAX_STEPS`)."""
    for n in range(MAX_STEPS + 1):
        if tok == anc:
            return n
        h = heads[tok]
        if h == tok:
            return -1
        tok = h
    return -1


def _overlaps(a: A.Piece, b: A.Piece) -> bool:
    return a.first < b.last and b.first < a.last


def _quoted(ctx: A.PairContext, pieces: list[A.Piece]) -> bool:
    return holds_quote(ctx.text, [A.piece_span(ctx, p) for p in pieces])


def candidates(
    ctx: A.PairContext,
    doc: Doc,
    pieces: list[A.Piece],
    items: list[A.Assembled],
    cue_counts: dict,
    probs: np.ndarray,
    lemmas: tuple[str, ...] = (),
) -> list[Candidate]:
    """For each cued attribution, its nearest governing tagged cue outside it, with the features."""
    heads = ctx.heads
    cues = [p for p in pieces if p.role == "cue"]
    owner = {id(it.cue): it for it in items if it.cue is not None}
    out = []
    for it in items:
        inner = it.cue
        if inner is None:
            continue
        own = [*it.contents, inner] + ([it.source] if it.source else [])
        best = None
        for c in cues:
            if c is inner or ctx.sent[c.root] != ctx.sent[inner.root] or any(_overlaps(c, p) for p in own):
                continue
            n = _steps(heads, c.root, inner.root)
            if n > 0 and (best is None or n < best[0]):
                best = (n, c)
        if best is None:
            continue
        n, outer = best
        dep = _DEP_KEYS.get(ctx.dep[inner.root], "other")
        source = it.source
        lo, hi = (
            sorted((outer.last, inner.first))
            if outer.first < inner.first
            else sorted((inner.last, outer.first))
        )
        outer_item = owner.get(id(outer))
        first = min(p.first for p in it.contents + [inner])
        out.append(
            Candidate(
                it,
                outer,
                [
                    1.0,
                    rate(cue_counts, doc[outer.root]),
                    rate(cue_counts, doc[inner.root]),
                    outer.confidence,
                    inner.confidence,
                    float(n == 1),
                    float(n == 2),
                    float(n >= 3),
                    *(float(dep == d) for d in _DEPS),
                    float(dep == "other"),
                    float(outer_item is not None),
                    float(source is not None),
                    float(source is not None and ctx.lower[source.root] in _RELATIVE),
                    float(source is not None and lo <= source.first < hi),
                    float(_quoted(ctx, it.contents)),
                    float(doc[inner.root].pos_ in ("VERB", "AUX")),
                    float(doc[outer.root].pos_ in ("VERB", "AUX")),
                    float(doc[outer.root].pos_ in ("NOUN", "PROPN")),
                    it.link_confidence,
                    float(outer.first < inner.first),
                    float(hi - lo <= 2),
                    float(hi - lo <= 6),
                    float(
                        outer_item is not None
                        and any(
                            abs(c.last - first) <= 2 or abs(c.first - first) <= 2 for c in outer_item.contents
                        )
                    ),
                    float(probs[inner.root, 5] + probs[inner.root, 6]),
                    float(probs[outer.root, 1] + probs[outer.root, 2]),
                    float(probs[inner.root, 1] + probs[inner.root, 2]),
                    float(any(heads[c.root] == inner.root for c in it.contents)),
                    float(source is not None and source.confidence == 0.3),
                    float(np.log1p(sum(c.last - c.first for c in it.contents)) / 5),
                    *_one_hot(doc[inner.root], lemmas),
                    *_one_hot(doc[outer.root], lemmas),
                ],
            )
        )
    return out


def _one_hot(token: Any, lemmas: tuple[str, ...]) -> list[float]:
    from presslens.attribution.lexicon import word_key

    if not lemmas:
        return []
    k = word_key(token)
    return [float(k == lemma) for lemma in lemmas]


def absorb(
    ctx: A.PairContext,
    pieces: list[A.Piece],
    items: list[A.Assembled],
    chosen: list[Candidate],
    source_weights: np.ndarray,
    source_threshold: float,
    parse_fallback: bool,
) -> list[A.Assembled]:
    """``items`` with each chosen inner attribution made content of its outer cue (inner first)."""
    by_cue = {id(it.cue): it for it in items if it.cue is not None}
    gone: set[int] = set()
    new: list[A.Assembled] = []
    # deepest inner cues first, so that a chain folds outwards
    for cand in sorted(chosen, key=lambda c: -c.inner.cue.first if c.inner.cue else 0):  # type: ignore[union-attr]
        inner = cand.inner
        if id(inner) in gone:
            continue
        parts = [*inner.contents, inner.cue] + ([inner.source] if inner.source else [])
        first, last = min(p.first for p in parts), max(p.last for p in parts)
        if cand.outer.first < last and first < cand.outer.last:
            parts_pieces = [A.Piece("content", p.first, p.last, p.root, p.para, p.confidence) for p in parts]
        else:
            root = A.span_root(np.asarray(ctx.heads), first, last)
            conf = min(p.confidence for p in inner.contents)
            parts_pieces = [A.Piece("content", first, last, root, ctx.para[root], conf)]
        target = by_cue.get(id(cand.outer))
        if target is None:
            target = A.Assembled(cand.outer, [], None, inner.link_confidence)
            by_cue[id(cand.outer)] = target
            new.append(target)
        target.contents.extend(parts_pieces)
        target.link_confidence = min(target.link_confidence, inner.link_confidence)
        gone.add(id(inner))
        by_cue.pop(id(inner.cue), None)
        # what the inner one owned moves with it, if it had become an outer itself
        if inner in new:
            new.remove(inner)
    if new:
        taken = [p for it in items if id(it) not in gone for p in it.contents] + [
            p for it in new for p in it.contents
        ]
        sources = sorted(
            (p for p in pieces if p.role == "source" and not any(_overlaps(p, c) for c in taken)),
            key=lambda p: p.first,
        )
        A.attach_sources(ctx, pieces, sources, new, source_weights, source_threshold, parse_fallback)
    out = [it for it in items if id(it) not in gone] + new
    for it in out:
        it.contents.sort(key=lambda p: p.first)
    out.sort(key=lambda a: min(c.first for c in a.contents))
    return out


# ---- the study -----------------------------------------------------------------------------------
def _matched_gold(items: list[A.Assembled], ex: Any, doc: Doc) -> dict[int, Any]:
    """For each linked attribution (by id) the gold one the scorer matches it with (one-to-one)."""
    from presslens.attribution.runtime import char_span
    from presslens.evaluation.polnear import Attribution, Span, match

    def spans(p: A.Piece | None) -> Span | None:
        return Span.of(char_span(doc, p.first, p.last)) if p is not None else None

    pred = [Attribution(Span.of(*(char_span(doc, p.first, p.last) for p in it.contents)), spans(it.source),
                        spans(it.cue)) for it in items]  # fmt: skip
    return {id(items[pi]): ex.gold.attributions[gi] for gi, pi, _ in match(ex.gold.attributions, pred)}


def _label(cand: Candidate, ex: Any, doc: Doc, matched: dict[int, Any] | None = None) -> int | None:
    """1 when the gold attribution of the inner contents has the outer cue, 0 when it has the inner
    cue, None otherwise (no evidence). The gold attribution is the one the scorer matches the inner
    attribution with when ``matched`` is given, else the one holding most of its contents."""
    from presslens.attribution.runtime import char_span
    from presslens.evaluation.polnear import Span

    content = Span.of(*(char_span(doc, p.first, p.last) for p in cand.inner.contents))
    if matched is not None:
        best = matched.get(id(cand.inner))
        if best is None or best.cue is None:
            return None
    else:
        best = max(ex.gold.attributions, key=lambda a: a.content.overlap(content), default=None)
        if (
            best is None
            or best.cue is None
            or 2 * best.content.overlap(content) < min(len(best.content), len(content))
        ):
            return None
    if best.cue.overlap(Span.of(char_span(doc, cand.outer.first, cand.outer.last))):
        return 1
    if best.cue.overlap(Span.of(char_span(doc, cand.inner.cue.first, cand.inner.cue.last))):  # type: ignore[union-attr]
        return 0
    return None


def _tally(gold: list[Any], pred: list[Any], out: dict[str, int]) -> None:
    """Add the matched pairs, and those with a predicted cue (right or not), to ``out``."""
    from presslens.evaluation.polnear import match

    out["predicted"] = out.get("predicted", 0) + len(pred)
    for gi, pi, _ in match(gold, pred):
        out["matched"] = out.get("matched", 0) + 1
        if pred[pi].cue is not None:
            right = gold[gi].cue is not None and gold[gi].cue.overlap(pred[pi].cue) > 0
            out["cue_total"] = out.get("cue_total", 0) + 1
            out["cue_right"] = out.get("cue_right", 0) + int(right)


def cross_validate(
    data: Path,
    cache: Path,
    probs_path: Path,
    folds: int = 5,
    thresholds: tuple[float, ...] = (0.5,),
    gbm: bool = False,
    label_by_match: bool = False,
    n_lemmas: int = 0,
) -> dict[str, Any]:
    """Rows "shipped" (no second pass), "oracle" (the candidates whose gold says outer, absorbed:
    the ceiling of this candidate set) and one per decider and threshold; mean ± sd over the
    scored folds, per fold; what each row absorbed, by the label the scorer's match gives (1: the
    gold cue is the outer one, 0: the inner one, None: neither or unmatched), and its matched-pair
    tallies (cue accuracy is right / total over matched pairs with a predicted cue)."""
    from sklearn.linear_model import LogisticRegression

    from presslens.attribution.lexicon import CueGate, shipped_lexicon
    from presslens.evaluation.polnear import headline, score
    from presslens_train.attribution import train as T
    from presslens_train.attribution.device import fold_of
    from presslens_train.attribution.encoder import LINKER_FOLDS, _load_train
    from presslens_train.attribution.fitting import Settings
    from presslens_train.attribution.lexicon import counts

    settings = Settings()
    train, _docs, _vocab, items, _key = _load_train(data, cache)
    offsets = np.cumsum([0] + [len(e.doc) for e in items])
    fold = [fold_of(d.name, folds) for d in train]
    with np.load(probs_path) as z:
        cv = z["cv"].astype(np.float32)
        scored = sorted(set(z["cv_folds"].tolist()))
    rest = [i for i in range(len(train)) if fold[i] in LINKER_FOLDS]
    linker = T.fit_linker([items[i] for i in rest])
    rates = counts((items[i].doc, items[i].gold) for i in rest)["cues"]
    lemmas = tuple(sorted(rates, key=lambda k: -rates[k][0])[:n_lemmas])
    gate = shipped_lexicon()["gates"]["cue"]
    extractor = T.ProbsExtractor(linker, settings)
    # linked attributions, candidates and labels of every scored article, once
    linked: dict[int, tuple] = {}
    X: dict[int, list[list[float]]] = {f: [] for f in scored}
    Y: dict[int, list[int]] = {f: [] for f in scored}
    for i, ex in enumerate(items):
        if fold[i] not in scored:
            continue
        probs = cv[offsets[i] : offsets[i + 1]]
        ctx, pieces, its = extractor.linked(ex.doc, ex.feats, probs, ex.skip, ex.doc.text)
        cands = candidates(ctx, ex.doc, pieces, its, rates, probs, lemmas)
        matched = _matched_gold(its, ex, ex.doc)
        labels = [_label(c, ex, ex.doc, matched if label_by_match else None) for c in cands]
        by_match = [_label(c, ex, ex.doc, matched) for c in cands]
        linked[i] = (ctx, pieces, its, cands, labels, by_match)
        for c, y in zip(cands, labels, strict=True):
            if y is not None:
                X[fold[i]].append(c.features)
                Y[fold[i]].append(y)
    names = [*FEATURES, *(f"inner={k}" for k in lemmas), *(f"outer={k}" for k in lemmas)]
    report: dict[str, Any] = {
        "candidates": {f: sum(len(linked[i][3]) for i in linked if fold[i] == f) for f in scored},
        "labelled (n, outer)": {f: [len(Y[f]), int(sum(Y[f]))] for f in scored},
        "held_auc": {},
        "chosen": {},
        "tally": {},
        "weights": {},
    }
    rows: dict[str, list[dict[str, float]]] = {"shipped": [], "oracle": []}
    rows.update({f"decider>{t}": [] for t in thresholds})
    if gbm:
        rows.update({f"gbm>{t}": [] for t in thresholds})
    for f in scored:
        others = [g for g in scored if g != f]
        x = np.array([r for g in others for r in X[g]])
        y = np.array([v for g in others for v in Y[g]])
        deciders = {"decider": LogisticRegression(C=1.0, max_iter=2000).fit(x, y)}
        if gbm:
            from sklearn.ensemble import HistGradientBoostingClassifier

            deciders["gbm"] = HistGradientBoostingClassifier(
                max_iter=150, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=20, random_state=13
            ).fit(x, y)
        report["weights"][f] = dict(
            zip(names, np.round(deciders["decider"].coef_[0], 2).tolist(), strict=True)
        )
        report["held_auc"][f] = {
            k: round(_auc(m.predict_proba(np.array(X[f]))[:, 1], np.array(Y[f])), 3)
            for k, m in deciders.items()
        }
        table = counts((items[i].doc, items[i].gold) for i in range(len(train)) if fold[i] != f)
        extractor.cue_gate = CueGate(
            table["cues"], gate["min_rate"], gate["min_confidence"], gate["quoted_stay"]
        )
        held = [i for i in linked if fold[i] == f]
        for name in rows:
            predictions = {}
            chosen_labels = report["chosen"].setdefault(name, {})
            for i in held:
                ex = items[i]
                ctx, pieces, its0, cands0, labels, by_match = linked[i]
                # fresh copies: finish() and absorb() change the attributions they are given
                its = [A.Assembled(a.cue, list(a.contents), a.source, a.link_confidence) for a in its0]
                remap = {id(a): b for a, b in zip(its0, its, strict=True)}
                cands = [Candidate(remap[id(c.inner)], c.outer, c.features) for c in cands0]
                if name == "oracle":
                    pick = [lab == 1 for lab in _oracle_labels(cands0, ex)]
                elif name == "shipped" or not cands:
                    pick = [False] * len(cands)
                else:
                    kind, t = name.split(">")
                    p = deciders[kind].predict_proba(np.array([c.features for c in cands]))[:, 1]
                    pick = [q > float(t) for q in p]
                chosen = [c for c, k in zip(cands, pick, strict=True) if k]
                for lab, k in zip(by_match, pick, strict=True):
                    if k:
                        chosen_labels[str(lab)] = chosen_labels.get(str(lab), 0) + 1
                if chosen:
                    its = absorb(ctx, pieces, its, chosen, extractor.source_weights,
                                 extractor.source_threshold, extractor.parse_fallback)  # fmt: skip
                predictions[ex.name] = T.to_attributions(extractor.finish(ex.doc, ex.doc.text, its))
                _tally(ex.gold.attributions, predictions[ex.name], report["tally"].setdefault(name, {}))
            result = score([items[i].gold for i in held], predictions)
            rows[name].append({"precision": result["all"]["precision"], "recall": result["all"]["recall"],
                               **headline(result)})  # fmt: skip
    for name, per_fold in rows.items():
        report[name] = fold_summary(
            per_fold, ("precision", "recall", "f1", "quoted_recall", "source_accuracy", "cue_accuracy")
        )
    return report


def fold_summary(per_fold: list[dict[str, float]], measures: tuple[str, ...]) -> dict[str, Any]:
    """Mean ± sd over folds of each measure, and its value per fold."""
    summary: dict[str, Any] = {}
    for m in measures:
        values = [float(r[m]) for r in per_fold]
        summary[m] = f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}"
        summary[m + "_per_fold"] = [round(v, 4) for v in values]
    return summary


def _oracle_labels(cands: list[Candidate], ex: Any) -> list[int | None]:
    """The majority-content labels (`_label` without a match): what a perfect decider would follow."""
    return [_label(c, ex, ex.doc) for c in cands]


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve (rank statistic)."""
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    return (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / max(1, pos.sum() * (~pos).sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("cv",))
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--probs", type=Path, required=True)
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.5])
    ap.add_argument("--gbm", action="store_true", help="also a gradient-boosted decider")
    ap.add_argument("--label-by-match", action="store_true", help="label by the scorer's match")
    ap.add_argument("--lemmas", type=int, default=0, help="one-hot features for the N commonest cue lemmas")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    report = cross_validate(
        args.data, args.cache, args.probs, thresholds=tuple(args.thresholds), gbm=args.gbm,
        label_by_match=args.label_by_match, n_lemmas=args.lemmas,
    )  # fmt: skip
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
