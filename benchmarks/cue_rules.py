"""Study: what a rule AFTER the tagger could fix of the wrong cues and sources (issue 10, cue15).

    python benchmarks/cue_rules.py classify --probs runs/base-cpu.npz [--show 15]
    python benchmarks/cue_rules.py rules --probs runs/base-cpu.npz --rule NAME [--rule NAME ...]

Out of fold on PolNeAR train only (folds in the .npz, e.g. 0-2 of `encoder cv`; linker fitted on the
gold pieces of folds 3-4, cue gate counted on the other four folds: exactly `spans.oof_found` /
`encoder score`). Dev is never read. ``classify`` sorts every wrong cue and wrong source of a
matched pair by what a post-tagger rule could reach (the gold span tagged as a piece of the right
role that the linking did not choose, the gold span tagged as another role, the gold span untagged;
for untagged ones, how it relates to ours in the parse), and counts the boundary-only differences
the README's overlap scoring never counts. ``rules`` scores variants of the assembly (post-tagger
rules, `RULES`) on the same predictions.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from presslens.attribution import assemble as A
from presslens.attribution.kinds import holds_quote
from presslens.attribution.lexicon import CueGate, shipped_lexicon
from presslens.evaluation.polnear import Span, headline, match, score, source_right
from presslens_train.attribution import train as T
from presslens_train.attribution.device import fold_of
from presslens_train.attribution.encoder import LINKER_FOLDS, _load_train
from presslens_train.attribution.fitting import Settings
from presslens_train.attribution.lexicon import counts
from presslens_train.attribution.spans import tokens_of

Rule = Callable[[Any, A.PairContext, list[A.Piece], list[A.Assembled]], list[A.Assembled]]


def _free_cues(pieces: list[A.Piece], items: list[A.Assembled]) -> list[A.Piece]:
    """Cue pieces the linking left without content."""
    used = {id(a.cue) for a in items if a.cue is not None}
    return [p for p in pieces if p.role == "cue" and id(p) not in used]


def _relink(
    extractor: Any,
    ctx: A.PairContext,
    pieces: list[A.Piece],
    items: list[A.Assembled],
    moves: list[tuple[A.Piece, A.Assembled, A.Piece]],
) -> list[A.Assembled]:
    """Move each (content, from item, to cue); new attributions get their source as `assemble` gives."""
    new: dict[int, A.Assembled] = {}
    for content, old, cue in moves:
        old.contents.remove(content)
        new.setdefault(id(cue), A.Assembled(cue)).contents.append(content)
    fresh = list(new.values())
    sources = sorted((p for p in pieces if p.role == "source"), key=lambda p: p.first)
    A.attach_sources(
        ctx,
        pieces,
        sources,
        fresh,
        extractor.source_weights,
        extractor.source_threshold,
        extractor.parse_fallback,
    )
    out = [a for a in items if a.contents] + fresh
    out.sort(key=lambda a: min(c.first for c in a.contents))
    return out


def _cross_sentence(after_only: bool, max_gap: int) -> Rule:
    """A content linked to a cue in another sentence moves to a content-less cue piece of its own
    sentence (the nearest; with ``after_only`` only one right after it, at most ``max_gap`` tokens:
    "''...,'' he said")."""

    def rule(extractor, ctx, pieces, items):
        free = _free_cues(pieces, items)
        moves = []
        for item in items:
            if item.cue is None:
                continue
            for c in item.contents:
                if ctx.sent[c.root] == ctx.sent[item.cue.root]:
                    continue
                cands = [q for q in free if ctx.sent[q.root] == ctx.sent[c.root] and q.para == c.para]
                if after_only:
                    cands = [q for q in cands if 0 <= q.first - c.last <= max_gap]
                if cands:
                    best = min(cands, key=lambda q: min(abs(q.first - c.last), abs(c.first - q.last)))
                    moves.append((c, item, best))
        return _relink(extractor, ctx, pieces, items, moves) if moves else items

    return rule


def _trailing_cue(max_gap: int, quoted_only: bool) -> Rule:
    """A content linked to a cue BEFORE it moves to a content-less cue piece right after it (at most
    ``max_gap`` tokens: "''...,'' he said"; with ``quoted_only`` only a content holding a quotation)."""

    def rule(extractor, ctx, pieces, items):
        free = _free_cues(pieces, items)
        moves = []
        for item in items:
            if item.cue is None:
                continue
            for c in item.contents:
                if item.cue.last > c.first:
                    continue
                if quoted_only and not holds_quote(ctx.text, [A.piece_span(ctx, c)]):
                    continue
                cands = [q for q in free if q.para == c.para and 0 <= q.first - c.last <= max_gap]
                if cands:
                    moves.append((c, item, min(cands, key=lambda q: q.first)))
        return _relink(extractor, ctx, pieces, items, moves) if moves else items

    return rule


_SUBJ = ("nsubj", "nsubjpass")


def _subject_source(only_when: str) -> Rule:
    """A cue whose grammatical subject lies in a tagged source piece of its paragraph takes that
    piece as its source (``only_when``: "always", "none" = only when it has no source)."""

    def rule(extractor, ctx, pieces, items):
        sources = [p for p in pieces if p.role == "source"]
        for item in items:
            if item.cue is None or (only_when == "none" and item.source is not None):
                continue
            subj = [i for i in ctx.children(item.cue.root) if ctx.doc[i].dep_ in _SUBJ]
            hit = [p for p in sources if p.para == item.cue.para and any(p.first <= i < p.last for i in subj)]
            if hit and item.source is not hit[0]:
                item.source = hit[0]
        return items

    return rule


#: Arcs a participle or gerund cue hangs from the clause whose subject says it ("After blasting X,
#: Beck doubled down", "..., calling him", "By voting to delay..., Democrats knocked out").
_CONTROLLED = ("advcl", "pcomp", "xcomp", "conj")


def _controller(ctx: A.PairContext, root: int) -> list[int]:
    """Subject tokens of the verb a subject-less cue verb hangs from (through a preposition)."""
    doc = ctx.doc
    if any(c.dep_ in _SUBJ for c in doc[root].children) or doc[root].dep_ not in _CONTROLLED:
        return []
    head = doc[root].head
    if doc[root].dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    if head.i == root or head.pos_ not in ("VERB", "AUX"):
        return []
    return [c.i for c in head.children if c.dep_ in _SUBJ]


def _controller_source(only_when: str, tagged_only: bool) -> Rule:
    """A subject-less participle/gerund cue takes the subject of the verb it hangs from as its source
    (the tagged source piece holding it; without ``tagged_only`` the subject's subtree otherwise).
    ``only_when``: "always", "none" (it has no source), "not-subject" (its source is no cue's subject)."""

    def rule(extractor, ctx, pieces, items):
        sources = [p for p in pieces if p.role == "source"]
        for item in items:
            if item.cue is None or (only_when == "none" and item.source is not None):
                continue
            subj = _controller(ctx, item.cue.root)
            if not subj:
                continue
            if (
                only_when == "not-subject"
                and item.source is not None
                and ctx.doc[item.source.root].dep_ in _SUBJ
            ):
                continue
            hit = [p for p in sources if p.para == item.cue.para and any(p.first <= i < p.last for i in subj)]
            if hit:
                item.source = hit[0]
            elif not tagged_only:
                tok = ctx.doc[subj[0]]
                first, last = tok.left_edge.i, tok.right_edge.i + 1
                if any(c.first < last and first < c.last for c in item.contents):
                    first, last = tok.i, tok.i + 1
                item.source = A.Piece("source", first, last, tok.i, item.cue.para, 0.3)
        return items

    return rule


def _according(steal: bool) -> Rule:
    """A content-less cue piece "according to X" becomes an attribution: its content the clause it
    modifies (its head's subtree without the "according to" phrase and edge punctuation); with
    ``steal`` the content pieces of another attribution inside that clause move to it instead."""

    def rule(extractor, ctx, pieces, items):
        doc = ctx.doc
        moves, fresh = [], []
        for q in _free_cues(pieces, items):
            if doc[q.first].lower_ != "according":
                continue
            head = doc[q.root].head
            if head.i == q.root:
                continue
            acc = {t.i for t in doc[q.root].subtree} | set(range(q.first, q.last))
            toks = [t.i for t in head.subtree if t.i not in acc and ctx.para[t.i] == q.para]
            while toks and (doc[toks[0]].is_punct or doc[toks[0]].is_space):
                toks.pop(0)
            while toks and (doc[toks[-1]].is_punct or doc[toks[-1]].is_space):
                toks.pop()
            if not toks:
                continue
            lo, hi = toks[0], toks[-1] + 1
            if steal:
                for item in items:
                    if item.cue is None or not (lo <= item.cue.first and item.cue.last <= hi):
                        continue
                    moves += [(c, item, q) for c in item.contents if lo <= c.first and c.last <= hi]
            else:
                fresh.append(A.Assembled(q, [A.Piece("content", lo, hi, head.i, q.para, q.confidence)]))
        if steal:
            return _relink(extractor, ctx, pieces, items, moves) if moves else items
        if fresh:
            sources = sorted((p for p in pieces if p.role == "source"), key=lambda p: p.first)
            A.attach_sources(
                ctx,
                pieces,
                sources,
                fresh,
                extractor.source_weights,
                extractor.source_threshold,
                extractor.parse_fallback,
            )
            items = sorted(items + fresh, key=lambda a: min(c.first for c in a.contents))
        return items

    return rule


RULES: dict[str, Rule] = {
    "according-new": _according(False),
    "according-steal": _according(True),
    "controller-always-tagged": _controller_source("always", True),
    "controller-always": _controller_source("always", False),
    "controller-none": _controller_source("none", False),
    "controller-not-subject": _controller_source("not-subject", False),
    "cross-sentence-any": _cross_sentence(False, 0),
    "cross-sentence-after3": _cross_sentence(True, 3),
    "trailing-cue-3": _trailing_cue(3, False),
    "trailing-cue-3-quoted": _trailing_cue(3, True),
    "trailing-cue-6-quoted": _trailing_cue(6, True),
    "subject-source": _subject_source("always"),
    "subject-source-if-none": _subject_source("none"),
}


def load(data: Path, cache: Path, probs_path: Path, folds: int = 5) -> list[tuple[int, Any, np.ndarray, Any]]:
    """(fold, example, probabilities, gated extractor) per article of the scored folds."""
    settings = Settings()
    train, _docs, _vocab, items, _key = _load_train(data, cache)
    offsets = np.cumsum([0] + [len(e.doc) for e in items])
    fold = [fold_of(d.name, folds) for d in train]
    gate = shipped_lexicon()["gates"]["cue"]
    with np.load(probs_path) as z:
        cv = z["cv"].astype(np.float32)
        scored = sorted(set(z["cv_folds"].tolist()))
    linker = T.fit_linker([items[i] for i in range(len(train)) if fold[i] in LINKER_FOLDS])
    out = []
    for f in scored:
        table = counts((items[i].doc, items[i].gold) for i in range(len(train)) if fold[i] != f)
        ex_ = T.ProbsExtractor(linker, settings)
        ex_.cue_gate = CueGate(table["cues"], gate["min_rate"], gate["min_confidence"], gate["quoted_stay"])
        out += [
            (f, items[i], cv[offsets[i] : offsets[i + 1]], ex_) for i in range(len(train)) if fold[i] == f
        ]
    return out


def run(arts: list, rule: Rule | None) -> tuple[dict, dict]:
    """Predictions (and the token-level linking) of every article, with ``rule`` applied after linking."""
    preds, linked = {}, {}
    for _f, ex, probs, extractor in arts:
        text = ex.doc.text
        ctx, pieces, items = extractor.linked(ex.doc, ex.feats, probs, ex.skip, text)
        if rule is not None:
            items = rule(extractor, ctx, pieces, items)
        linked[ex.name] = (ctx, pieces, items)
        preds[ex.name] = T.to_attributions(extractor.finish(ex.doc, text, items))
    return preds, linked


def figures(arts: list, preds: dict) -> dict[str, Any]:
    per_fold = {}
    for f in sorted({a[0] for a in arts}):
        sub = [a[1] for a in arts if a[0] == f]
        per_fold[f] = headline(score([ex.gold for ex in sub], {ex.name: preds[ex.name] for ex in sub}))
    pooled = headline(score([a[1].gold for a in arts], preds))
    keys = ("f1", "quoted_recall", "source_accuracy", "cue_accuracy")
    mean = {k: round(float(np.mean([v[k] for v in per_fold.values()])), 4) for k in keys}
    return {"pooled": {k: pooled[k] for k in keys}, "fold_mean": mean,
            "per_fold": {f: {k: v[k] for k in keys} for f, v in per_fold.items()}}  # fmt: skip


# ---- classification -------------------------------------------------------------------------------


def _pieces_on(doc: Any, pieces: list[A.Piece], span: Span) -> dict[str, list[A.Piece]]:
    toks = set(tokens_of(doc, span))
    out: dict[str, list[A.Piece]] = {}
    for p in pieces:
        if toks & set(range(p.first, p.last)):
            out.setdefault(p.role, []).append(p)
    return out


def _root(doc: Any, toks: list[int]) -> Any:
    ts = set(toks)
    return doc[next((i for i in toks if doc[i].head.i not in ts or doc[i].head.i == i), toks[0])]


def _parse_relation(doc: Any, gold: Span, ours: Span) -> str:
    g, p = tokens_of(doc, gold), tokens_of(doc, ours)
    if not g or not p:
        return "?"
    rg, rp = _root(doc, g), _root(doc, p)
    if rg.sent.start != rp.sent.start:
        return "other sentence"
    if rg.is_ancestor(rp):
        return "gold governs ours (ours nested inside)"
    if rp.is_ancestor(rg):
        return "ours governs gold"
    return "same sentence, neither governs"


def _cue_shape(doc: Any, gold: Span) -> str:
    toks = tokens_of(doc, gold)
    if not toks:
        return "?"
    words = [doc[i].lower_ for i in toks]
    if words[0] == "according":
        return "according to"
    if all(doc[i].is_punct for i in toks):
        return "punctuation (colon)"
    root = _root(doc, toks)
    if root.pos_ in ("VERB", "AUX"):
        return "verb" if len(toks) == 1 else "verb phrase"
    if root.pos_ in ("NOUN", "PROPN"):
        return "noun phrase"
    return f"other ({root.pos_})"


def _owner(items: list[A.Assembled], piece: A.Piece) -> A.Assembled | None:
    return next((a for a in items if a.cue is piece), None)


def _said(a: Any, text: str) -> str:
    src = a.source.text(text) if a.source else None
    cue = a.cue.text(text) if a.cue else None
    return f"src={src!r} cue={cue!r} content={a.content.text(text)[:80]!r}"


def classify(arts: list, preds: dict, linked: dict, show: int) -> Counter:
    out: Counter = Counter()
    shown: Counter = Counter()
    for _f, ex, _probs, _e in arts:
        doc, text, gold = ex.doc, ex.doc.text, ex.gold.attributions
        pred = preds[ex.name]
        _ctx, pieces, items = linked[ex.name]
        for gi, pi, _ in match(gold, pred):
            g, p = gold[gi], pred[pi]
            cls = None
            if p.cue is not None and g.cue is not None:
                if g.cue.overlap(p.cue) > 0:
                    gt, pt = set(tokens_of(doc, g.cue)), set(tokens_of(doc, p.cue))
                    if gt != pt:
                        out[
                            "cue right, boundary differs | "
                            + ("gold longer" if pt < gt else "ours longer" if gt < pt else "overlap")
                        ] += 1
                        if gt - pt:
                            out[
                                "cue right, gold adds: "
                                + " ".join(doc[i].lower_ for i in sorted(gt - pt))[:30]
                            ] += 0
                else:
                    on = _pieces_on(doc, pieces, g.cue)
                    if "cue" in on:
                        owner = _owner(items, on["cue"][0])
                        if owner is None or not owner.contents:
                            sub = "tagged cue piece, no content of its own (dropped by linking)"
                        else:
                            sub = "tagged cue piece that carries another content"
                    elif on:
                        sub = "tagged as " + "/".join(sorted(on))
                    else:
                        sub = "untagged"
                    rel, shape = _parse_relation(doc, g.cue, p.cue), _cue_shape(doc, g.cue)
                    cls = f"cue wrong | gold cue {sub} | {rel} | gold cue is {shape}"
                    out[cls] += 1
            elif p.cue is not None and g.cue is None:
                out["cue wrong | gold has no cue"] += 1
            if g.source is not None and not source_right(text, g.source, p.source):
                cue_ok = p.cue is not None and g.cue is not None and g.cue.overlap(p.cue) > 0
                if not cue_ok:
                    scls = "source wrong | after a wrong or missing cue"
                else:
                    on = _pieces_on(doc, pieces, g.source)
                    if "source" in on:
                        sub = "gold source tagged as a source piece (linking chose another / none)"
                    elif on:
                        sub = "gold source tagged as " + "/".join(sorted(on))
                    else:
                        sub = "gold source untagged"
                    subj = "?"
                    cue_toks = tokens_of(doc, p.cue)
                    if cue_toks:
                        croot = _root(doc, cue_toks)
                        st = set(tokens_of(doc, g.source))
                        kids = [c for c in croot.children if c.dep_ in ("nsubj", "nsubjpass")]
                        subj = (
                            "gold is the cue's subject"
                            if any(c.i in st for c in kids)
                            else "gold not the cue's subject"
                        )
                    ours = "none predicted" if p.source is None else "ours another mention"
                    scls = f"source wrong | cue right | {sub} | {subj} | {ours}"
                out[scls] += 1
                cls = cls or scls
            if cls and show and shown[cls] < show and ("tagged cue piece" in cls or "cue right |" in cls):
                shown[cls] += 1
                sent = doc[tokens_of(doc, g.content)[0]].sent if tokens_of(doc, g.content) else None

                line = (sent.text[:400] if sent else "").replace("\n", " ")
                print(
                    f"--- {cls}\n    {ex.name}: {line}\n"
                    f"    gold: {_said(g, text)}\n    ours: {_said(p, text)}"
                )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("classify", "rules"))
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--probs", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--rule", action="append", default=[])
    args = ap.parse_args()
    arts = load(args.data, args.cache, args.probs)
    preds, linked = run(arts, None)
    print(json.dumps({"variant": "shipped", "articles": len(arts), **figures(arts, preds)}))
    if args.what == "classify":
        for name, n in sorted(
            classify(arts, preds, linked, args.show).items(), key=lambda kv: (kv[0].split(" |")[0], -kv[1])
        ):
            if n:
                print(f"{n:6d}  {name}")
        return
    for name in args.rule:
        p, _ = run(arts, RULES[name])
        print(json.dumps({"variant": name, **figures(arts, p)}))


if __name__ == "__main__":
    main()
