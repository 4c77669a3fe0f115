"""Run-time cost of attribution taggers of other shapes (BiLSTM width, dense width, clause columns),
measured through the runtime (ONNX Runtime via `AttributionModel`), before any is trained.

    python benchmarks/attribution_shape_speed.py [--limit 100] [--shape 64,128,0 --shape 128,192,1 ...]

Each shape HIDDEN,PROJ,CLAUSES becomes an artifact with random weights (seed 13), the shipped
vocabulary and linker, in a temporary folder: an LSTM's cost does not depend on its weights, so the
tagger milliseconds are those of a trained model of that shape (the decoding and linking after it are
not: they depend on what is tagged, so they are not reported). The shipped model is measured beside
them; rounds are interleaved and the minimum of three is printed (process time, one thread; absolute
figures scale with the machine's load). Needs torch (the training extra) to build the graphs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from presslens.attribution.runtime import MODEL_DIR, AttributionModel  # noqa: E402
from presslens.datasets import shared_dir  # noqa: E402
from presslens.nlp import load_spacy  # noqa: E402
from presslens.threads import limit_blas_threads  # noqa: E402


def random_artifact(folder: Path, hidden: int, proj: int, clauses: bool) -> Path:
    import numpy as np
    import torch

    from presslens.attribution.clauses import CLAUSE_WIDTH, counts_sha256
    from presslens.attribution.features import Vocab
    from presslens.attribution.lexicon import shipped_lexicon
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.fitting import Settings, build

    torch.manual_seed(13)
    vocab = Vocab(json.loads((MODEL_DIR / "vocab.json").read_text(encoding="utf-8")))
    settings = replace(Settings(), hidden=hidden, proj=proj, clause_features=CLAUSE_WIDTH if clauses else 0)
    model = build(T.field_vocab(), T.vocab_sizes(vocab), len(LABELS), settings).eval()
    with np.load(MODEL_DIR / "linker.npz") as z:
        linker = {"content": z["content"], "source": z["source"]}
    info: dict[str, object] = {"trained_on": "nothing: random weights, for a speed measure only"}
    if clauses:
        counts = counts_sha256(shipped_lexicon()["cues"])
        info["clause_features"] = {"width": CLAUSE_WIDTH, "counts_sha256": counts}
    T.write_artifact(folder, model, vocab, linker, settings, (None, None), info)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument(
        "--shape", action="append", default=None, help="HIDDEN,PROJ,CLAUSES (0/1); repeatable"
    )
    args = parser.parse_args()
    shapes = args.shape or ["64,128,0", "64,128,1", "128,192,1"]
    limit_blas_threads()
    files = sorted((shared_dir() / "data" / "semeval2023-en" / "articles").glob("*.txt"))[: args.limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    nlp = load_spacy()
    docs = list(nlp.pipe(texts))
    models = {"shipped": AttributionModel.load()}
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            hidden, proj, clauses = (int(x) for x in shape.split(","))
            folder = random_artifact(Path(tmp) / shape.replace(",", "-"), hidden, proj, bool(clauses))
            models[f"{hidden}x2 dense {proj}{' +clauses' if clauses else ''}"] = AttributionModel.load(
                folder, metadata_sha256=None
            )
        times: dict[str, dict[str, list[float]]] = {n: {"features": [], "tagger": []} for n in models}
        for model in models.values():
            model.tag_probs(model.features(docs[0], texts[0]))
        for _round in range(3):
            for name, model in models.items():
                t0 = time.process_time()
                feats = [model.features(doc, text) for doc, text in zip(docs, texts, strict=True)]
                t1 = time.process_time()
                for f in feats:
                    model.tag_probs(f)
                t2 = time.process_time()
                times[name]["features"].append(1000 * (t1 - t0) / len(docs))
                times[name]["tagger"].append(1000 * (t2 - t1) / len(docs))
    tokens = sum(len(d) for d in docs)
    print(f"{len(docs)} articles, {tokens} tokens; process ms/article, min of 3 interleaved rounds")
    for name, t in times.items():
        print(f"{name:28} tagger (ONNX) {min(t['tagger']):6.2f}   features {min(t['features']):6.2f}")


if __name__ == "__main__":
    main()
