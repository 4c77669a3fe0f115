"""Where the attribution extractor's source and cue errors come from, out of fold on PolNeAR train.

    python -m presslens_train.attribution.errors --probs lstm64-pca24.npz [--cache .cache/attribution]

Reads out-of-fold tag probabilities over PolNeAR train (``cv`` in an .npz written by the GPU grid,
`presslens_train.attribution.device`; token order as `train.pack`, folds by `device.fold_of`),
fits the linker on the gold pieces of the folds that have none (as the shipped linker is fitted),
decodes and links with the runtime code, and sorts every wrong source and cue of a matched pair
into classes (why: docs/attribution.md, "Error analysis"). Dev is never read.

The README's scoring counts a source or cue right when it *overlaps* the gold span, so boundary
differences (a determiner, a title, an apposition, "told" for "told reporters") never count as
errors: what is wrong is a different mention or a different cue, or none.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from presslens.attribution.runtime import char_span, pieces_of
from presslens.evaluation.polnear import Span, headline, load_split, match, score, source_right
from presslens_train.attribution import train as T
from presslens_train.attribution.corpus import parsed
from presslens_train.attribution.data import build_vocab
from presslens_train.attribution.device import fold_of
from presslens_train.attribution.fitting import Settings

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "their"})
RELATIVE = frozenset({"who", "which", "that"})


def _cue_right(gold: Span | None, pred: Span) -> bool:
    return gold is not None and gold.overlap(pred) > 0


def classify(ex: T.Example, probs: np.ndarray, pred: list, settings: Settings) -> Counter:
    """Classes of the source and cue errors of one article's matched pairs."""
    text = ex.doc.text
    gold = ex.gold.attributions
    tagged = [
        (p.role, Span.of(char_span(ex.doc, p.first, p.last)))
        for p in pieces_of(ex.feats, probs, ex.skip, np.asarray(settings.role_weights, dtype=np.float32))
    ]
    out: Counter = Counter()
    for gi, pi, _ in match(gold, pred):
        g, p = gold[gi], pred[pi]
        cue_ok = p.cue is not None and _cue_right(g.cue, p.cue)
        if g.source is not None:
            if source_right(text, g.source, p.source):
                out["source right"] += 1
            else:
                link = "cue right" if cue_ok else ("no cue" if p.cue is None else "cue wrong")
                marked = any(r == "source" and s.overlap(g.source) for r, s in tagged)
                word = g.source.text(text).strip().lower()
                kind = "relative" if word in RELATIVE else "pronoun" if word in PRONOUNS else "name/phrase"
                out[
                    f"source wrong | {link} | gold source {'tagged' if marked else 'not tagged'} | "
                    f"{'none predicted' if p.source is None else 'other mention'} | gold is {kind}"
                ] += 1
        if p.cue is None:
            out["cue none predicted"] += 1
        elif cue_ok:
            out["cue right"] += 1
        elif g.cue is None:
            out["cue wrong | gold has no cue"] += 1
        else:
            marked = any(r == "cue" and s.overlap(g.cue) for r, s in tagged)
            if g.content.start <= p.cue.start < g.content.end:
                where = "inside the gold content's extent (a nested attribution)"
            elif any(o.cue is not None and o.cue.overlap(p.cue) for o in gold if o is not g):
                where = "another gold attribution's cue"
            elif any(o.content.start <= p.cue.start < o.content.end for o in gold if o is not g):
                where = "inside another gold content"
            else:
                where = "elsewhere"
            out[f"cue wrong | gold cue {'tagged' if marked else 'not tagged'} | ours {where}"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--probs", type=Path, required=True, help=".npz with 'cv' (and 'cv_folds')")
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    settings = Settings()
    train = load_split(args.data, "train")
    docs = parsed(train, args.cache)
    items = T.examples(train, docs, build_vocab(docs, settings.min_word))
    offsets = np.cumsum([0] + [len(e.doc) for e in items])
    with np.load(args.probs) as z:
        cv = z["cv"].astype(np.float32)
        scored = set(z["cv_folds"].tolist()) if "cv_folds" in z.files else set(range(args.folds))
    held = [i for i, d in enumerate(train) if fold_of(d.name, args.folds) in scored]
    rest = [i for i in range(len(train)) if fold_of(train[i].name, args.folds) not in scored]
    extractor = T.ProbsExtractor(T.fit_linker([items[i] for i in rest]), settings)
    predictions, classes = {}, Counter()
    for i in held:
        ex, probs = items[i], cv[offsets[i] : offsets[i + 1]]
        predictions[ex.name] = T.to_attributions(extractor.found(ex.doc, ex.feats, probs, ex.skip))
        classes += classify(ex, probs, predictions[ex.name], settings)
    figures = headline(score([items[i].gold for i in held], predictions))
    print(json.dumps({"articles": len(held), "folds": sorted(scored), **figures}))
    for name, n in sorted(classes.items(), key=lambda kv: -kv[1]):
        print(f"{n:6d}  {name}")


if __name__ == "__main__":
    main()
