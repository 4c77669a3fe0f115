"""Character-level precision/recall of technique spans against the gold spans, on the CI hold-out slice.

Why: SemEval subtask 3 scores paragraphs, not spans, so the span layer needs its own honest number.
The cross-validated figure (all 453 articles, out of fold) is in docs/model-card.md; this script
scores the shipped model on the 41 articles it never trained on (`split.ci_holdout`). Span sources,
all limited to the paragraphs the model lists:
- `shipped`: what the model writes (span head, readable spans; the component also drops name-only spans);
- `shown`: only spans whose paragraph technique reaches the display threshold;
- `paragraph`: whole listed paragraphs (the recall ceiling of the gate).

    python benchmarks/rhetoric_spans.py [--data ../shared/data/semeval2023-en]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import get_model
from presslens.rhetoric.semeval import char_overlap, score_char_spans

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023-en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    model = get_model()
    ids = model.meta["split"]["ci_holdout"]
    gold = D.read_spans(args.data / "labels-subtask-3-spans")
    counts: dict[str, list[tuple[int, int, int]]] = {"shipped": [], "shown": [], "paragraph": []}
    t0 = time.time()
    for aid in ids:
        text = D.read_article(args.data / "articles" / f"article{aid}.txt")
        pred = model.predict(text)
        sources = {
            "shipped": [(s["label"], s["start"], s["end"]) for s in pred.spans],
            "shown": [(s["label"], s["start"], s["end"]) for s in pred.spans if s["shown"]],
            "paragraph": [
                (t["label"], row["start"], row["end"]) for row in pred.lines for t in row["techniques"]
            ],
        }
        for name, spans in sources.items():
            counts[name].append(char_overlap(len(text), gold.get(aid, []), spans))
    for name, rows in counts.items():
        s = score_char_spans(rows)
        print(f"{name:<10} char precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
    print(f"{len(ids)} hold-out articles in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
