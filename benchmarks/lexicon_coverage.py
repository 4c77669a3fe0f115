"""How much of what annotators call labelling the loaded-label lexicon finds (docs/rhetoric.md).

Reference: the ``Name_Calling-Labeling`` spans of the SemEval-2023 Task 3 English training data
(annotated by others, for another purpose, on news from many topics). Two figures per split:

- **coverage**: the share of Name_Calling-Labeling spans that hold at least one lexicon label;
- **inside**: the share of lexicon labels that fall inside such a span (a label outside one is not
  necessarily wrong: annotators mark a phrase once, and a neutral use of "militants" is no name
  calling; this is a floor on precision, not precision).

Articles are split by a hash of their id: ``tune`` (about 80%) is where words to add may be looked
for (``--uncovered`` lists its most frequent uncovered span words); ``heldout`` is reported, never
looked into. The seeds from ../shared are counted too (labels found, and how many are inside quotes).

    python benchmarks/lexicon_coverage.py [--data ../shared/data] [--uncovered 40]
"""

from __future__ import annotations

import argparse
import hashlib
import re
from collections import Counter
from pathlib import Path

from presslens.components.lexicon import get_lexicon
from presslens.rhetoric import data as D

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TECHNIQUE = "Name_Calling-Labeling"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def split_of(article_id: str) -> str:
    """``heldout`` for about one article in five (by a hash of the id), else ``tune``."""
    return "heldout" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 5 == 0 else "tune"


def measure(semeval: Path) -> tuple[dict[str, Counter], Counter]:
    lexicon = get_lexicon()
    spans = D.read_spans(semeval / "labels-subtask-3-spans")
    stats = {"tune": Counter(), "heldout": Counter()}
    uncovered: Counter = Counter()
    for article_id, path in D.article_paths(semeval / "articles").items():
        split = split_of(article_id)
        text = D.read_article(path)
        found = [(s, e) for s, e, entry, _ in lexicon.find(text) if entry.kind == "label"]
        gold = [(s, e) for name, s, e in spans.get(article_id, []) if name == TECHNIQUE]
        c = stats[split]
        c["articles"] += 1
        c["spans"] += len(gold)
        c["labels"] += len(found)
        for s, e in gold:
            if any(s <= fs and fe <= e for fs, fe in found):
                c["covered"] += 1
            elif split == "tune":
                uncovered.update(w.lower() for w in _WORD.findall(text[s:e]))
        c["inside"] += sum(1 for fs, fe in found if any(s <= fs and fe <= e for s, e in gold))
    return stats, uncovered


def seeds(seeds_dir: Path) -> list[tuple[str, int, int, list[tuple[str, int]]]]:
    """Per seed: labels found, how many inside quotes, the most frequent terms (full pipeline)."""
    from presslens.api import get_pipeline
    from presslens.ingest import load_inputs

    paths = sorted(seeds_dir.glob("*.txt"))
    out = []
    for path, article in zip(
        paths, get_pipeline().pipe(list(load_inputs([str(p) for p in paths]))), strict=True
    ):
        labels = article.layers.get("labels", [])
        quoted = sum(1 for lab in labels if getattr(lab, "in_quote", False))
        terms = Counter(article.text[lab.start : lab.end].lower() for lab in labels).most_common(4)
        out.append((path.name[:3], len(labels), quoted, terms))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--uncovered", type=int, default=0, help="list the N most frequent uncovered words (tune)"
    )
    parser.add_argument("--no-seeds", action="store_true")
    args = parser.parse_args()
    stats, uncovered = measure(args.data / "semeval2023-en")
    print(f"{'split':8} {'articles':>8} {'spans':>6} {'coverage':>9} {'labels':>7} {'inside':>7}")
    for split, c in stats.items():
        coverage = c["covered"] / c["spans"] if c["spans"] else 0.0
        inside = c["inside"] / c["labels"] if c["labels"] else 0.0
        print(f"{split:8} {c['articles']:8d} {c['spans']:6d} {coverage:9.3f} {c['labels']:7d} {inside:7.3f}")
    if args.uncovered:
        print("most frequent words of uncovered spans (tune):")
        print(", ".join(f"{w} {n}" for w, n in uncovered.most_common(args.uncovered)))
    if not args.no_seeds:
        for name, found, quoted, terms in seeds(args.data / "seeds"):
            print(f"seed {name}: {found} labels, {quoted} inside quotes; top: {terms}")


if __name__ == "__main__":
    main()
