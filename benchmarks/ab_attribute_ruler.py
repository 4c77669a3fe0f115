"""A/B: what does excluding spaCy's ``attribute_ruler`` cost in output, and save in CPU?

    python benchmarks/ab_attribute_ruler.py [--limit 60]

Loads ``en_core_web_sm`` twice (lemmatizer excluded in both, as PressLens does; attribute_ruler
also excluded in B), runs both twice in alternation over the first N benchmark articles, and
prints CPU seconds per run and whether entities, sentences and Penn tags are identical.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import spacy  # noqa: E402

from presslens.bench import default_inputs, load_articles  # noqa: E402
from presslens.nlp import find_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    texts = [a.text for a in load_articles(default_inputs(), args.limit)[0]]
    _, folder = find_model()
    pipelines = {
        "A (current)": spacy.load(folder, exclude=["lemmatizer"]),
        "B (no attribute_ruler)": spacy.load(folder, exclude=["lemmatizer", "attribute_ruler"]),
    }
    outputs = {}
    for round_ in (1, 2):
        for name, nlp in pipelines.items():
            cpu = time.process_time()
            docs = list(nlp.pipe(texts))
            print(f"round {round_} {name:<24} {time.process_time() - cpu:6.2f} CPU s")
            outputs[name] = [
                (
                    [(e.start_char, e.end_char, e.label_) for e in d.ents],
                    [s.start_char for s in d.sents],
                    [t.tag_ for t in d],
                )
                for d in docs
            ]
    a, b = outputs.values()
    for i, what in enumerate(("entities", "sentences", "tags")):
        print(f"{what} identical: {[x[i] for x in a] == [x[i] for x in b]}")


if __name__ == "__main__":
    main()
