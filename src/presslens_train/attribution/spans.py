"""Study: the span extent and choice of cues and sources, out of fold on PolNeAR train.

    python -m presslens_train.attribution.spans classify --probs lstm64-pca24.npz [--cache ...]

For every matched pair (scorer's match) of the held folds (0-2; out-of-fold tag probabilities of
the GPU grid, linker fitted on the gold pieces of folds 3-4, the shipped cue gate with counts from
the other four folds, exactly as `encoder.score_oof`), the relation of our cue (source) span to the
gold one: equal, gold inside ours, ours inside gold, overlapping, disjoint in the same sentence
(adjacent: at most `ADJACENT` tokens apart, or farther), in another sentence, none predicted; and
for the spans that differ, the words at the boundary (lemma, POS, dependency label of the tokens
gold adds or we add). The README's scoring counts overlap, so only disjoint and missing spans are
errors: the table shows which of them a change of extent could reach. Dev is never read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from presslens.evaluation.polnear import Span, holds_quote, match, source_right

#: Disjoint spans at most this many tokens apart (same sentence) count as adjacent.
ADJACENT = 3


def oof_found(
    data: Path, cache: Path, probs_path: Path, folds: int = 5
) -> Iterator[tuple[int, Any, list, np.ndarray, list]]:
    """(fold, example, found, tag probabilities, examples of the linker folds) for every article of
    the scored folds, as `encoder.score_oof` scores."""
    from presslens.attribution.lexicon import CueGate, shipped_lexicon
    from presslens_train.attribution import train as T
    from presslens_train.attribution.device import fold_of
    from presslens_train.attribution.encoder import LINKER_FOLDS, _load_train
    from presslens_train.attribution.fitting import Settings
    from presslens_train.attribution.lexicon import counts

    settings = Settings()
    train, _docs, _vocab, items, _key = _load_train(data, cache)
    offsets = np.cumsum([0] + [len(e.doc) for e in items])
    fold = [fold_of(d.name, folds) for d in train]
    gate = shipped_lexicon()["gates"]["cue"]
    with np.load(probs_path) as z:
        cv = z["cv"].astype(np.float32)
        scored = sorted(set(z["cv_folds"].tolist()))
    if set(scored) & set(LINKER_FOLDS):
        raise SystemExit(f"{probs_path}: folds {scored}; folds {LINKER_FOLDS} fit the linker")
    rest = [items[i] for i in range(len(train)) if fold[i] in LINKER_FOLDS]
    linker = T.fit_linker(rest)
    for f in scored:
        table = counts((items[i].doc, items[i].gold) for i in range(len(train)) if fold[i] != f)
        extractor = T.ProbsExtractor(linker, settings)
        extractor.cue_gate = CueGate(
            table["cues"], gate["min_rate"], gate["min_confidence"], gate["quoted_stay"]
        )
        for i in range(len(train)):
            if fold[i] == f:
                ex = items[i]
                probs = cv[offsets[i] : offsets[i + 1]]
                yield f, ex, extractor.found(ex.doc, ex.feats, probs, ex.skip), probs, rest


def tokens_of(doc: Doc, span: Span) -> list[int]:
    """Indices of the tokens a (possibly discontinuous) character span touches, spaces left out."""
    out = []
    for s, e in span.parts:
        cs = doc.char_span(s, e, alignment_mode="expand")
        if cs is not None:
            out.extend(t.i for t in cs if not t.is_space)
    return sorted(set(out))


def relation(doc: Doc, gold: Span, pred: Span | None) -> str:
    """How ``pred`` relates to ``gold`` (token sets; see the module docstring)."""
    if pred is None:
        return "none predicted"
    g, p = set(tokens_of(doc, gold)), set(tokens_of(doc, pred))
    if not g or not p:
        return "other"
    if g == p:
        return "equal"
    if g < p:
        return "ours contains gold"
    if p < g:
        return "gold contains ours"
    if g & p:
        return "overlap"
    if doc[min(g)].sent.start != doc[min(p)].sent.start:
        return "other sentence"
    gap = min(p) - max(g) - 1 if min(p) > max(g) else min(g) - max(p) - 1
    return f"disjoint, same sentence, {'adjacent' if gap < ADJACENT else 'apart'}"


def _describe(doc: Doc, toks: list[int]) -> str:
    from presslens.attribution.lexicon import word_key

    return " ".join(f"{word_key(doc[i])}/{doc[i].pos_}/{doc[i].dep_}" for i in toks)


def path(doc: Doc, gold: Span, pred: Span, limit: int = 3) -> str | None:
    """The shortest parse path (at most ``limit`` arcs) from a token of ``pred`` to one of ``gold``,
    as arcs ("up:dep" to the head, "down:dep" to a child); None when farther or in another sentence."""
    g, p = set(tokens_of(doc, gold)), set(tokens_of(doc, pred))
    frontier = {i: "" for i in p}
    seen = set(p)
    for _ in range(limit):
        nxt = {}
        for i, route in frontier.items():
            tok = doc[i]
            steps = [(tok.head.i, f"up:{tok.dep_}")] if tok.head.i != i else []
            steps += [(c.i, f"down:{c.dep_}") for c in tok.children]
            for j, arc in steps:
                if j in seen:
                    continue
                r = f"{route} {arc}".strip()
                if j in g:
                    return r
                seen.add(j)
                nxt[j] = r
        frontier = nxt
    return None


def link(doc: Doc, gold: Span, pred: Span) -> str:
    """The parse path between the two spans' roots, in words ("gold head of ours", ...)."""

    def root(toks: list[int]) -> int:
        ts = set(toks)
        return next((i for i in toks if doc[i].head.i not in ts or doc[i].head.i == i), toks[0])

    g, p = tokens_of(doc, gold), tokens_of(doc, pred)
    if not g or not p:
        return "?"
    rg, rp = doc[root(g)], doc[root(p)]
    if rp.head.i == rg.i:
        return f"ours hangs from gold ({rp.dep_})"
    if rg.head.i == rp.i:
        return f"gold hangs from ours ({rg.dep_})"
    if rg.head.i == rp.head.i:
        return f"siblings (gold {rg.dep_}, ours {rp.dep_})"
    if rp.is_ancestor(rg):
        return "ours above gold"
    if rg.is_ancestor(rp):
        return "gold above ours"
    return "no short path"


def _swapped(gold: Any, pred: Any, role: str) -> bool:
    """Whether our span of ``role`` overlaps the gold span of the *other* role (source for cue)."""
    other = "source" if role == "cue" else "cue"
    ours, theirs = getattr(pred, role), getattr(gold, other)
    return ours is not None and theirs is not None and ours.overlap(theirs) > 0


def records(data: Path, cache: Path, probs: Path) -> Iterator[dict[str, Any]]:
    """One record per matched pair and role (cue, source), with the relation and boundary words."""
    from presslens_train.attribution.train import to_attributions

    for f, ex, found, _probs, _rest in oof_found(data, cache, probs):
        doc, text, gold = ex.doc, ex.doc.text, ex.gold.attributions
        pred = to_attributions(found)
        for gi, pi, _ in match(gold, pred):
            g, p = gold[gi], pred[pi]
            for role in ("cue", "source"):
                gs, ps = getattr(g, role), getattr(p, role)
                if gs is None or (role == "cue" and ps is None):
                    continue  # scored only with a gold source / a predicted cue
                right = (
                    source_right(text, gs, ps) if role == "source" else ps is not None and gs.overlap(ps) > 0
                )
                rec: dict[str, Any] = {
                    "fold": f, "doc": ex.name, "pair": pi, "role": role, "right": right,
                    "swapped": _swapped(g, p, role),
                    "gold_in_our_content": gs.overlap(p.content) > 0,
                    "relation": relation(doc, gs, ps), "gold": gs.text(text),
                    "ours": ps.text(text) if ps else None,
                    "gold_tokens": _describe(doc, tokens_of(doc, gs)),
                }  # fmt: skip
                if ps is not None:
                    gt, pt = set(tokens_of(doc, gs)), set(tokens_of(doc, ps))
                    rec["gold_adds"] = _describe(doc, sorted(gt - pt))
                    rec["we_add"] = _describe(doc, sorted(pt - gt))
                    rec["link"] = link(doc, gs, ps)
                    rec["ours_tokens"] = _describe(doc, sorted(pt))
                    rec["path"] = path(doc, gs, ps) if not gt & pt else None
                    rec["token_f1"] = 2 * len(gt & pt) / (len(gt) + len(pt)) if gt and pt else 0.0
                    rec["quoted"] = holds_quote(text, g.content)
                    content_start = min(tokens_of(doc, p.content))
                    rec["cross_sentence"] = doc[min(pt)].sent.start != doc[content_start].sent.start
                yield rec


# ---- the cue-extent variant (docs/attribution-model-card.md, "Cue extent along the phrase") ------
#: Arcs inside a phrase along which a cue may grow: to a child ("down") or from its root to the head ("up").
DOWN_ARCS = (
    "prep", "pobj", "pcomp", "dobj", "dative", "prt", "agent", "compound", "acomp", "attr", "neg",
    "aux", "auxpass", "det", "amod", "poss", "case", "advmod", "npadvmod", "nummod",
)  # fmt: skip
UP_ARCS = ("dobj", "pobj", "pcomp", "prep", "compound", "prt", "amod", "poss", "attr", "acomp", "agent")
#: The longest unit a cue may take in one step.
MAX_UNIT = 6
_POS = ("VERB", "AUX", "NOUN", "PROPN", "ADP", "DET", "ADJ", "ADV", "PART", "PRON", "NUM")
_ROOT_POS = ("VERB", "AUX", "NOUN", "ADP")
UNIT_FEATURES = (
    "bias", *(f"down:{d}" for d in DOWN_ARCS), *(f"up:{d}" for d in UP_ARCS), "right_of_cue",
    *(f"pos={p}" for p in _POS), "pos=other", *(f"root_pos={p}" for p in _ROOT_POS), "root_pos=other",
    "head_inside_rate", "max_inside_rate", "head_cue_rate", "cue_mass_mean", "cue_mass_max",
    "content_mass_mean", "source_mass_mean", "len=1", "len=2", "len>=3", "gap=0", "gap<=2",
    "punct", "quote_mark",
)  # fmt: skip


def units(doc: Doc, cue: list[int], blocked: set[int]) -> list[tuple[int, int, str, int]]:
    """Where a cue (token indices) may grow: (first, last, arc, unit head) for each parse neighbour
    by a phrase-internal arc whose hull with the cue stays in the cue's sentence and paragraph and
    touches no token of ``blocked`` (the attribution's content and source)."""
    inside = set(cue)
    lo, hi = min(cue), max(cue)
    sent = doc[lo].sent
    found: list[tuple[int, int, str, int]] = []
    for t in cue:
        for ch in doc[t].children:
            if ch.i in inside or ch.dep_ not in DOWN_ARCS or ch.is_space:
                continue
            if ch.i > hi:
                last = ch.i
                if ch.dep_ == "prep":
                    obj = next((c for c in ch.children if c.dep_ in ("pobj", "pcomp")), None)
                    last = obj.i if obj is not None else ch.i
                start = ch.left_edge.i if ch.left_edge.i > hi else ch.i
                found.append((start, last, f"down:{ch.dep_}", ch.i))
            elif ch.i < lo:
                found.append((ch.i, min(ch.right_edge.i, lo - 1), f"down:{ch.dep_}", ch.i))
    root = next((i for i in cue if doc[i].head.i not in inside or doc[i].head.i == i), lo)
    head = doc[root].head
    if head.i != root and head.i not in inside and doc[root].dep_ in UP_ARCS:
        found.append((head.i, head.i, f"up:{doc[root].dep_}", head.i))
    out = []
    for first, last, arc, h in found:
        a, b = min(lo, first), max(hi, last)
        if last - first + 1 > MAX_UNIT or a < sent.start or b >= sent.end:
            continue
        hull = range(a, b + 1)
        if any(i in blocked or "\n" in doc[i].text for i in hull):
            continue
        out.append((first, last + 1, arc, h))
    return out


def unit_features(
    doc: Doc, cue: list[int], unit: tuple[int, int, str, int], probs: np.ndarray,
    inside_rate: dict[str, float], cue_counts: dict,
) -> list[float]:  # fmt: skip
    """The features of one unit (names: `UNIT_FEATURES`)."""
    from presslens.attribution.lexicon import rate, word_key

    first, last, arc, h = unit
    toks = [i for i in range(first, last) if not doc[i].is_space] or [h]
    inside = set(cue)
    root = next((i for i in cue if doc[i].head.i not in inside or doc[i].head.i == i), min(cue))
    pos, root_pos = doc[h].pos_, doc[root].pos_
    cue_mass = probs[toks, 1] + probs[toks, 2]
    gap = first - max(cue) - 1 if first > max(cue) else min(cue) - last
    n = len(toks)
    return [
        1.0,
        *(float(arc == f"down:{d}") for d in DOWN_ARCS),
        *(float(arc == f"up:{d}") for d in UP_ARCS),
        float(first > max(cue)),
        *(float(pos == p) for p in _POS),
        float(pos not in _POS),
        *(float(root_pos == p) for p in _ROOT_POS),
        float(root_pos not in _ROOT_POS),
        inside_rate.get(word_key(doc[h]), 0.0),
        max(inside_rate.get(word_key(doc[i]), 0.0) for i in toks),
        rate(cue_counts, doc[h]),
        float(cue_mass.mean()),
        float(cue_mass.max()),
        float((probs[toks, 5] + probs[toks, 6]).mean()),
        float((probs[toks, 3] + probs[toks, 4]).mean()),
        float(n == 1),
        float(n == 2),
        float(n >= 3),
        float(gap <= 0),
        float(gap <= 2),
        float(any(doc[i].is_punct for i in toks)),
        float(any(doc[i].text in QUOTE_MARKS for i in toks)),
    ]


QUOTE_MARKS = frozenset('"“”‘’«»„')


def inside_rates(examples: list[Any]) -> dict[str, float]:
    """For each word key: tokens inside a gold cue / (occurrences + 1), over ``examples``' gold."""
    from presslens.attribution.lexicon import word_key

    seen: Counter = Counter()
    hits: Counter = Counter()
    for ex in examples:
        keys = [word_key(t) if not t.is_space else "" for t in ex.doc]
        seen.update(k for k in keys if k)
        in_cue: set[int] = set()
        for a in ex.gold.attributions:
            if a.cue is not None:
                in_cue.update(tokens_of(ex.doc, a.cue))
        hits.update(keys[i] for i in in_cue if keys[i])
    return {k: hits[k] / (seen[k] + 1) for k in hits}


def _cue_extent(doc: Doc, gold: Span | None, pred: Span | None) -> tuple[float, bool] | None:
    """(token F1, exact) of a predicted cue against the gold one; None unless both exist."""
    if gold is None or pred is None:
        return None
    g, p = set(tokens_of(doc, gold)), set(tokens_of(doc, pred))
    if not g or not p:
        return None
    return 2 * len(g & p) / (len(g) + len(p)), g == p


def extent_cv(data: Path, cache: Path, probs_path: Path, threshold: float = 0.5) -> dict[str, Any]:
    """Rows "shipped", "learned" (units with p > ``threshold``), "oracle" (the units overlapping the
    matched gold cue: the ceiling of this candidate set) and "all units" (every candidate taken:
    what growing blindly does to the README's score and to the extent); mean ± sd over folds."""
    from sklearn.linear_model import LogisticRegression

    from presslens.attribution.kinds import kind_of
    from presslens.attribution.runtime import char_span
    from presslens.evaluation.polnear import headline, score
    from presslens_train.attribution.lexicon import counts
    from presslens_train.attribution.nesting import fold_summary
    from presslens_train.attribution.train import to_attributions

    arts: list[dict[str, Any]] = []
    rates: dict[str, float] | None = None
    cue_counts: dict = {}
    for f, ex, found, probs, rest in oof_found(data, cache, probs_path):
        if rates is None:
            rates = inside_rates(rest)
            cue_counts = counts((e.doc, e.gold) for e in rest)["cues"]
        doc = ex.doc
        pred = to_attributions(found)
        matched = {pi: ex.gold.attributions[gi] for gi, pi, _ in match(ex.gold.attributions, pred)}
        per: list[list[tuple[tuple[int, int, str, int], list[float], int | None]]] = []
        for k, fd in enumerate(found):
            if fd.cue is None:
                per.append([])
                continue
            cue = tokens_of(doc, Span.of(fd.cue))
            blocked = set(tokens_of(doc, Span.of(*fd.content)))
            if fd.source is not None:
                blocked |= set(tokens_of(doc, Span.of(fd.source)))
            g = matched.get(k)
            gold_cue = set(tokens_of(doc, g.cue)) if g is not None and g.cue is not None else None
            rows = []
            for u in units(doc, cue, blocked):
                label = None if gold_cue is None else int(any(i in gold_cue for i in range(u[0], u[1])))
                rows.append((u, unit_features(doc, cue, u, probs, rates, cue_counts), label))
            per.append(rows)
        arts.append({"fold": f, "ex": ex, "found": found, "units": per})
    folds = sorted({a["fold"] for a in arts})
    names = ("shipped", "learned", "oracle", "all units")
    rows_out: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    report: dict[str, Any] = {"units (n, in gold)": {}, "weights": {}}
    for f in folds:
        train_rows = [(x, y) for a in arts if a["fold"] != f for per in a["units"]
                      for _u, x, y in per if y is not None]  # fmt: skip
        model = LogisticRegression(C=1.0, max_iter=3000).fit(
            np.array([x for x, _ in train_rows]), np.array([y for _, y in train_rows])
        )
        report["weights"][f] = dict(zip(UNIT_FEATURES, np.round(model.coef_[0], 2).tolist(), strict=True))
        held = [a for a in arts if a["fold"] == f]
        labelled = [y for a in held for per in a["units"] for _u, _x, y in per if y is not None]
        report["units (n, in gold)"][f] = [len(labelled), int(sum(labelled))]
        for name in rows_out:
            predictions, extent = {}, []
            for a in held:
                ex, doc, text = a["ex"], a["ex"].doc, a["ex"].doc.text
                out = []
                for fd, per in zip(a["found"], a["units"], strict=True):
                    if per and name != "shipped":
                        if name == "learned":
                            keep = model.predict_proba(np.array([x for _u, x, _y in per]))[:, 1] > threshold
                        elif name == "oracle":
                            keep = [y == 1 for _u, _x, y in per]
                        else:
                            keep = [True] * len(per)
                        cue = tokens_of(doc, Span.of(fd.cue))
                        first, last = min(cue), max(cue) + 1
                        for (u, _x, _y), k in zip(per, keep, strict=True):
                            if k:
                                first, last = min(first, u[0]), max(last, u[1])
                        new_cue = char_span(doc, first, last)
                        source = [fd.source] if fd.source else None
                        kind = kind_of(text, fd.content, source, [new_cue])
                        fd = type(fd)(
                            fd.content, fd.source, new_cue, kind, fd.confidence, fd.source_confidence
                        )
                    out.append(fd)
                pred = to_attributions(out)
                predictions[ex.name] = pred
                for gi, pi, _ in match(ex.gold.attributions, pred):
                    e = _cue_extent(doc, ex.gold.attributions[gi].cue, pred[pi].cue)
                    if e is not None:
                        extent.append(e)
            result = score([a["ex"].gold for a in held], predictions)
            rows_out[name].append({
                "f1": result["all"]["f1"], **headline(result),
                "cue_token_f1": sum(e[0] for e in extent) / len(extent),
                "cue_exact": sum(e[1] for e in extent) / len(extent),
            })  # fmt: skip
    for name, per_fold in rows_out.items():
        report[name] = fold_summary(
            per_fold, ("f1", "quoted_recall", "source_accuracy", "cue_accuracy", "cue_token_f1", "cue_exact")
        )
    return report


def source_ceiling(data: Path, cache: Path, probs_path: Path) -> dict[str, Any]:
    """How far a re-choice of the source *given our cue* could go: over matched pairs whose gold has
    a source, how many are wrong with the right cue, and in how many of those the gold source is
    one of the candidates such a choice would have (a tagged source piece of the cue's paragraph,
    the cue's grammatical subject in the parse)."""
    from presslens.attribution.runtime import char_span, pieces_of
    from presslens_train.attribution.fitting import Settings
    from presslens_train.attribution.train import to_attributions

    weights = np.asarray(Settings().role_weights, dtype=np.float32)
    tally: Counter = Counter()
    for _f, ex, found, probs, _rest in oof_found(data, cache, probs_path):
        doc, text = ex.doc, ex.doc.text
        pred = to_attributions(found)
        tagged = [
            (doc[p.first].sent.start, p.para, Span.of(char_span(doc, p.first, p.last)))
            for p in pieces_of(ex.feats, probs, ex.skip, weights)
            if p.role == "source"
        ]
        for gi, pi, _ in match(ex.gold.attributions, pred):
            g, p = ex.gold.attributions[gi], pred[pi]
            if g.source is None:
                continue
            tally["pairs"] += 1
            if source_right(text, g.source, p.source):
                continue
            cue_ok = p.cue is not None and g.cue is not None and g.cue.overlap(p.cue) > 0
            if not cue_ok:
                tally["wrong, cue wrong or none"] += 1
                continue
            tally["wrong, cue right"] += 1
            cue = tokens_of(doc, p.cue)
            para = int(ex.feats.para[cue[0]])
            in_tagged = any(pa == para and source_right(text, g.source, sp) for _s, pa, sp in tagged)
            root = next((i for i in cue if doc[i].head.i not in cue or doc[i].head.i == i), cue[0])
            subjects = [c for c in doc[root].children if c.dep_ in ("nsubj", "nsubjpass")]
            in_subject = any(
                source_right(text, g.source, Span.of((c.left_edge.idx, c.right_edge.idx + len(c.right_edge))))
                for c in subjects
            )
            tally[f"  gold among tagged pieces: {in_tagged}, the cue's subject: {in_subject}"] += 1
    return dict(tally)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("classify", "extent", "sources"))
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--probs", type=Path, required=True)
    ap.add_argument("--out", type=Path, help="write every record as JSON lines")
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    if args.command == "extent":
        print(json.dumps(extent_cv(args.data, args.cache, args.probs, args.threshold), indent=1))
        return
    if args.command == "sources":
        print(json.dumps(source_ceiling(args.data, args.cache, args.probs), indent=1))
        return
    table: Counter = Counter()
    sink = args.out.open("w", encoding="utf-8") if args.out else None
    for rec in records(args.data, args.cache, args.probs):
        table[(rec["role"], rec["right"], rec["relation"])] += 1
        if sink:
            sink.write(json.dumps(rec) + "\n")
    if sink:
        sink.close()
    for (role, right, rel), n in sorted(table.items()):
        print(f"{role:7s} {'right' if right else 'WRONG':6s} {rel:40s} {n:6d}")


if __name__ == "__main__":
    main()
