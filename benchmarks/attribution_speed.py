"""CPU cost of the attribution extractor per article, beside the spaCy parse it reads.

    python benchmarks/attribution_speed.py [--limit 100] [--model FOLDER]

Process time (one thread), so the ratio to the parse stays meaningful on a busy machine; the
absolute milliseconds scale with the load (say it when you quote them, see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from presslens.attribution.runtime import AttributionModel  # noqa: E402
from presslens.datasets import shared_dir  # noqa: E402
from presslens.nlp import load_spacy  # noqa: E402
from presslens.threads import limit_blas_threads  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--model", type=Path, default=None, help="artifact folder (default: the shipped one)")
    args = parser.parse_args()
    limit_blas_threads()
    files = sorted((shared_dir() / "data" / "semeval2023-en" / "articles").glob("*.txt"))[: args.limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    nlp = load_spacy()
    model = AttributionModel.load(args.model, metadata_sha256=None) if args.model else AttributionModel.load()
    list(nlp.pipe(texts[:5]))
    t0 = time.process_time()
    docs = list(nlp.pipe(texts))
    parse = time.process_time() - t0
    model(docs[0], texts[0])
    t0 = time.process_time()
    found = sum(len(model(doc, text)) for doc, text in zip(docs, texts, strict=True))
    total = time.process_time() - t0
    t0 = time.process_time()
    feats = [model.features(doc, text) for doc, text in zip(docs, texts, strict=True)]
    features = time.process_time() - t0
    t0 = time.process_time()
    for f in feats:
        model.tag_probs(f)
    tagger = time.process_time() - t0
    n = len(docs)
    print(f"{n} articles, {sum(len(d) for d in docs)} tokens, {found} attributions")
    print(f"spaCy parse        {1000 * parse / n:7.1f} ms/article")
    print(f"attribution total  {1000 * total / n:7.1f} ms/article ({100 * total / parse:.1f}% of the parse)")
    label = "features+clauses" if model.clause_counts is not None else "features"
    print(f"  {label:16} {1000 * features / n:7.1f} ms/article")
    print(f"  tagger (ONNX)    {1000 * tagger / n:7.1f} ms/article")
    print(f"  decode and link  {1000 * (total - features - tagger) / n:7.1f} ms/article")


if __name__ == "__main__":
    main()
