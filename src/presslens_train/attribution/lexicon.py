"""Count how often words attribute in PolNeAR train, and choose the gates' thresholds by CV.

    python -m presslens_train.attribution.lexicon cv --probs lstm64-pca24.npz   # choose thresholds
    python -m presslens_train.attribution.lexicon write --cue-rate R --cue-confidence C \
        [--quoted-stay] --source-rate S

``write`` counts on all of PolNeAR train and writes ``presslens/attribution/lexicon.json`` (what the
runtime reads, `presslens.attribution.lexicon`). ``cv`` scores the cue gate on **out-of-fold**
tag probabilities over train folds 0-2 (``cv`` in an .npz of the GPU grid, as
`presslens_train.attribution.errors` reads them; linker fitted on folds 3-4's gold pieces), each
held fold with counts made on the other four folds only, for a grid of thresholds; and reports,
for the speaker gate, which share of the held folds' gold sources headed by a common noun it would
leave unresolved. Dev is never read.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from presslens.attribution import assemble as A
from presslens.attribution.lexicon import LEXICON_FILE, MIN_SEEN, CueGate, SpeakerGate, word_key
from presslens.evaluation.polnear import Document, headline, load_split, match, score
from presslens_train.attribution.train import _token_range

CUE_RATES = (0.0, 0.005, 0.01, 0.02, 0.05)
CUE_CONFIDENCES = (0.3, 0.5, 0.7, 1.01)
SOURCE_GATES = tuple((r, n) for r in (0.001, 0.01, 0.02) for n in (5, 10, 20, 40))


def gold_heads(doc: Doc, gold: Document, role: str) -> list[int]:
    """The head token of each gold ``role`` span ("cue" or "source"; its first part) in ``doc``."""
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    heads = np.array([t.head.i for t in doc], dtype=np.int64)
    out = []
    for a in gold.attributions:
        span = a.cue if role == "cue" else a.source
        if span is None or not span.parts:
            continue
        rng = _token_range(doc, starts, *span.parts[0])
        if rng is not None:
            out.append(A.span_root(heads, *rng))
    return out


def counts(pairs: Iterable[tuple[Doc, Document]]) -> dict[str, dict[str, list[int]]]:
    """For cues and sources: word key -> [times it heads a gold span, times it occurs]; the words
    that head some gold span, and for sources also the common nouns seen `MIN_SEEN` times."""
    seen: Counter[str] = Counter()
    nouns: Counter[str] = Counter()
    hits: dict[str, Counter[str]] = {"cues": Counter(), "sources": Counter()}
    for doc, gold in pairs:
        for t in doc:
            if not t.is_space:
                key = word_key(t)
                seen[key] += 1
                nouns[key] += t.pos_ == "NOUN"
        for role, name in (("cue", "cues"), ("source", "sources")):
            hits[name].update(word_key(doc[i]) for i in set(gold_heads(doc, gold, role)))
    keys = {
        "cues": set(hits["cues"]),
        "sources": set(hits["sources"]) | {k for k, n in nouns.items() if n >= MIN_SEEN},
    }
    return {name: {k: [hits[name][k], seen[k]] for k in sorted(keys[name])} for name in hits}


def write(path: Path, table: dict[str, Any], gates: dict[str, dict[str, Any]]) -> None:
    about = (
        "Counts from PolNeAR train (840 articles), made by python -m presslens_train.attribution.lexicon "
        "write: for each word key (presslens.attribution.lexicon.word_key), [gold cues (sources) it heads, "
        "times it occurs]. gates: thresholds chosen by cross-validation on train folds (docs/attribution.md)."
    )
    out = {
        "_about": about,
        "gates": gates,
        **table,
    }
    path.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def _mean_sd(values: list[float]) -> str:
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values) if len(values) > 1 else 0.0:.3f}"


def cross_validate(
    data: Path, probs_path: Path, cache: Path, folds: int = 5, cue_grid: bool = True
) -> list[dict[str, Any]]:
    """The cue gate's grid scored per held fold (counts from the other folds); for the speaker gate,
    the share of held gold sources it would leave unresolved, and what the sources of the (ungated)
    predictions it leaves unresolved are: right (overlapping the gold source of a matched pair),
    wrong, or of an attribution that matches no gold one."""
    from presslens_train.attribution import train as T
    from presslens_train.attribution.corpus import parsed
    from presslens_train.attribution.data import build_vocab
    from presslens_train.attribution.device import fold_of
    from presslens_train.attribution.fitting import Settings

    settings = Settings()
    train = load_split(data, "train")
    docs = parsed(train, cache)
    items = T.examples(train, docs, build_vocab(docs, settings.min_word))
    offsets = np.cumsum([0] + [len(e.doc) for e in items])
    fold = [fold_of(d.name, folds) for d in train]
    with np.load(probs_path) as z:
        cv = z["cv"].astype(np.float32)
        scored = sorted(set(z["cv_folds"].tolist()))
    rest = [i for i in range(len(train)) if fold[i] not in scored]
    linker = T.fit_linker([items[i] for i in rest])
    grid = [(0.0, 1.01, False)]
    if cue_grid:
        grid += [(r, c, q) for r in CUE_RATES if r > 0 for c in CUE_CONFIDENCES for q in (False, True)]
    rows: dict[tuple[float, float, bool], list[dict[str, Any]]] = {g: [] for g in grid}
    speakers: dict[tuple[float, int], list[Counter[str]]] = {g: [] for g in SOURCE_GATES}
    for f in scored:
        held = [i for i in range(len(train)) if fold[i] == f]
        table = counts((items[i].doc, items[i].gold) for i in range(len(train)) if fold[i] != f)
        for r, c, q in grid:
            extractor = T.ProbsExtractor(linker, settings)
            extractor.cue_gate = CueGate(table["cues"], r, c, q) if r > 0 else None
            found = {}
            for i in held:
                ex, probs = items[i], cv[offsets[i] : offsets[i + 1]]
                found[i] = extractor.found(ex.doc, ex.feats, probs, ex.skip)
            predictions = {items[i].name: T.to_attributions(found[i]) for i in held}
            figures = headline(score([items[i].gold for i in held], predictions))
            figures["predicted"] = sum(len(p) for p in predictions.values())
            rows[(r, c, q)].append(figures)
            if r == 0:
                for s, n in SOURCE_GATES:
                    gate = SpeakerGate(table["sources"], s, n)
                    speakers[(s, n)].append(_speaker_gate_outcomes(items, held, found, gate))
    out = []
    for (r, c, q), per_fold in rows.items():
        row: dict[str, Any] = {"cue_rate": r, "cue_confidence": c, "quoted_stay": q}
        for name in per_fold[0]:
            row[name] = _mean_sd([float(x[name]) for x in per_fold])
        out.append(row)
    for (s, n), per_fold in speakers.items():
        row = {"source_rate": s, "min_seen": n}
        for name in ("gold unresolved", "gated right", "gated wrong", "gated unmatched"):
            row[name] = _mean_sd([float(x[name]) for x in per_fold])
        out.append(row)
    return out


def _speaker_gate_outcomes(
    items: list, held: list[int], found: dict[int, list], gate: SpeakerGate
) -> Counter[str]:
    """For one fold: the share of gold sources the gate leaves unresolved, and how many predicted
    sources it leaves unresolved that were right, wrong, or of an unmatched attribution."""
    from presslens_train.attribution import train as T

    out: Counter[str] = Counter()
    gold_total = gold_gated = 0
    for i in held:
        ex = items[i]
        heads = gold_heads(ex.doc, ex.gold, "source")
        gold_total += len(heads)
        gold_gated += sum(not gate.can_speak(ex.doc[h]) for h in heads)
        pred = T.to_attributions(found[i])
        matched = {pi: gi for gi, pi, _ in match(ex.gold.attributions, pred)}
        for pi, f in enumerate(found[i]):
            if f.source is None:
                continue
            span = ex.doc.char_span(*f.source, alignment_mode="expand")
            if span is None or not len(span) or gate.can_speak(span.root):
                continue
            gold = ex.gold.attributions[matched[pi]] if pi in matched else None
            if gold is None:
                out["gated unmatched"] += 1
            elif gold.source is not None and gold.source.overlap(pred[pi].source) > 0:
                out["gated right"] += 1
            else:
                out["gated wrong"] += 1
    out["gold unresolved"] = gold_gated / max(1, gold_total)  # type: ignore[assignment]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("cv", "write"))
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--probs", type=Path, help="cv: .npz with out-of-fold 'cv' and 'cv_folds'")
    ap.add_argument("--out", type=Path, default=LEXICON_FILE)
    ap.add_argument("--speakers-only", action="store_true", help="cv: the speaker gate's grid only")
    ap.add_argument("--cue-rate", type=float, default=0.0)
    ap.add_argument("--cue-confidence", type=float, default=1.01)
    ap.add_argument("--quoted-stay", action="store_true", help="a gated quoted content stays, uncued")
    ap.add_argument("--source-rate", type=float, default=0.0)
    ap.add_argument("--source-seen", type=int, default=MIN_SEEN)
    args = ap.parse_args()
    if args.command == "cv":
        if args.probs is None:
            ap.error("cv needs --probs")
        for row in cross_validate(args.data, args.probs, args.cache, cue_grid=not args.speakers_only):
            print(json.dumps(row, ensure_ascii=False))
        return
    from presslens_train.attribution.corpus import parsed

    train = load_split(args.data, "train")
    table = counts(zip(parsed(train, args.cache), train, strict=True))
    gates = {
        "cue": {
            "min_rate": args.cue_rate,
            "min_confidence": args.cue_confidence,
            "quoted_stay": args.quoted_stay,
        },
        "source": {"min_rate": args.source_rate, "min_seen": args.source_seen},
    }
    if args.out.is_file():  # what presslens_train.attribution.speaker_prior fitted stays
        kept = json.loads(args.out.read_text(encoding="utf-8"))["gates"]
        if "reflexive_frames" in kept.get("cue", {}):
            gates["cue"]["reflexive_frames"] = kept["cue"]["reflexive_frames"]
        for name in ("prior", "deverbal"):
            if name in kept.get("source", {}):
                gates["source"][name] = kept["source"][name]
    write(args.out, table, gates)
    print(f"wrote {args.out}: {len(table['cues'])} cue keys, {len(table['sources'])} source keys")


if __name__ == "__main__":
    main()
