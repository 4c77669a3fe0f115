"""Character-level precision/recall of technique spans against the gold spans, on the validation split.

Why: SemEval subtask 3 scores paragraphs, not spans, so the span layer needs its own honest number.
Span sources compared for the shipped model, all limited to the paragraphs the line model marks:
- `shipped`: what `presslens analyze` writes (span head, with the evidence-word fallback when the
  artifact's `span_fallback` is on);
- `span_head`: span head runs only; `evidence`: the line model's top-weighted words;
- `paragraph`: whole predicted paragraphs (the recall ceiling of the gate).

    python benchmarks/rhetoric_spans.py [--data ../shared/data/semeval2023-en]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import get_model
from presslens.rhetoric.semeval import char_overlap, score_char_spans

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023-en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    model = get_model()
    val = model.meta["split"]["validation"]
    gold = D.read_spans(args.data / "labels-subtask-3-spans")
    thr = model.thresholds("line_thresholds")
    counts: dict[str, list[tuple[int, int, int]]] = {
        "shipped": [],
        "span_head": [],
        "evidence": [],
        "paragraph": [],
    }
    t0 = time.time()
    for aid in val:
        text = D.read_article(args.data / "articles" / f"article{aid}.txt")
        raw = model.raw(text)
        scores = model.line_scores(raw)
        sources = {
            "shipped": model.technique_spans(raw, scores, thr),
            "span_head": model.technique_spans(raw, scores, thr, fallback=False),
            "evidence": model.evidence_spans(raw, scores, thr),
            "paragraph": [
                {"label": D.TECHNIQUES[k], "start": s, "end": e}
                for i, (s, e) in enumerate(raw.encoded.lines)
                if raw.has_tokens[i]
                for k in np.flatnonzero(scores[i] >= thr)
            ],
        }
        for name, spans in sources.items():
            pred = [(p["label"], p["start"], p["end"]) for p in spans]
            counts[name].append(char_overlap(len(text), gold.get(aid, []), pred))
    for name, rows in counts.items():
        s = score_char_spans(rows)
        print(f"{name:<10} char precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
    print(f"{len(val)} validation articles in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
