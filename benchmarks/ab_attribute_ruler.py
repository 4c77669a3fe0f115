"""A/B: what does excluding spaCy's ``attribute_ruler`` cost in output, and save in CPU?

    python benchmarks/ab_attribute_ruler.py [--limit 60]

Loads ``en_core_web_sm`` twice (lemmatizer excluded in both, as PressLens does; attribute_ruler
also excluded in B), runs both twice in alternation over the first N benchmark articles, and
prints CPU seconds per run and whether entities, sentences and Penn tags are identical; then how
often a plain Penn-tag -> POS lookup would agree with the ruler's ``pos_`` (claims and quotes read it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
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
    tag_map_agreement(pipelines["A (current)"], texts)


def tag_map_agreement(nlp: spacy.language.Language, texts: list[str]) -> None:
    """How far a plain Penn tag -> POS lookup (the ruler's single-tag patterns) matches the ruler."""
    tag_map = {}
    for entry in nlp.get_pipe("attribute_ruler").patterns:
        pattern = entry["patterns"][0]
        single_tag = len(entry["patterns"]) == 1 and len(pattern) == 1 and set(pattern[0]) == {"TAG"}
        if single_tag and isinstance(pattern[0]["TAG"], str) and "POS" in entry["attrs"]:
            tag_map[pattern[0]["TAG"]] = entry["attrs"]["POS"]
    misses: Counter[tuple[str, str, str]] = Counter()
    total = 0
    for doc in nlp.pipe(texts):
        for token in doc:
            total += 1
            guess = tag_map.get(token.tag_, "X")
            if guess != token.pos_:
                misses[(token.tag_, token.pos_, guess)] += 1
    n_patterns = len(nlp.get_pipe("attribute_ruler").patterns)
    agreement = 1 - sum(misses.values()) / total
    print(f"tag->POS lookup ({len(tag_map)} of {n_patterns} patterns) agrees on {agreement:.1%}")
    print(f"of {total} tokens; commonest misses (tag, ruler POS, lookup POS): {misses.most_common(6)}")


if __name__ == "__main__":
    main()
