"""Character-level precision/recall of technique spans against the gold spans, on the validation split.

Why: SemEval subtask 3 scores paragraphs, not spans, so the span layer needs its own honest number.
Three span sources are compared for the shipped model: the evidence words it writes (`evidence`), the
token head above its tuned thresholds (`token_head`) and whole predicted paragraphs (`paragraph`).

    python benchmarks/rhetoric_spans.py [--data ../shared/data/semeval2023-en]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import get_model

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023-en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    model = get_model()
    val = model.meta["split"]["validation"]
    gold = D.read_spans(args.data / "labels-subtask-3-spans")
    thr = np.array([model.meta["line_thresholds"][t] for t in D.TECHNIQUES], np.float32)
    totals = {name: [0, 0, 0] for name in ("evidence", "token_head", "paragraph")}  # overlap, pred, gold
    t0 = time.time()
    for aid in val:
        text = D.read_article(args.data / "articles" / f"article{aid}.txt")
        raw = model.raw(text)
        scores = model.line_scores(raw)
        paragraphs = [
            {"label": D.TECHNIQUES[k], "start": s, "end": e}
            for i, (s, e) in enumerate(raw.encoded.lines)
            if raw.has_tokens[i]
            for k in np.flatnonzero(scores[i] >= thr)
        ]
        sources = {
            "evidence": model.evidence_spans(raw, scores, thr),
            "token_head": model.spans(raw),
            "paragraph": paragraphs,
        }
        for name, spans in sources.items():
            for tech in D.TECHNIQUES:
                g = np.zeros(len(text), bool)
                p = np.zeros(len(text), bool)
                for label, s, e in gold.get(aid, []):
                    if label == tech:
                        g[s:e] = True
                for span in spans:
                    if span["label"] == tech:
                        p[span["start"] : span["end"]] = True
                totals[name][0] += int((g & p).sum())
                totals[name][1] += int(p.sum())
                totals[name][2] += int(g.sum())
    for name, (overlap, pred_chars, gold_chars) in totals.items():
        precision = overlap / pred_chars if pred_chars else 0.0
        recall = overlap / gold_chars if gold_chars else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{name:<11} char precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"{len(val)} validation articles in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
