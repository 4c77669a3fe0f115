"""A/B of two rhetoric encoder graphs under the shipped heads: CPU per article and how much the output moves.

    python benchmarks/rhetoric_encoder_ab.py CANDIDATE_DIR [--limit 40]

CANDIDATE_DIR holds a ``model.onnx`` with the shipped graph's inputs and one output (e.g. made by
``python -m presslens_train.rhetoric.export DIR 3 --fuse``). Both graphs run over the same articles
as ``benchmarks/profile_pipes.py`` (the seeds, then the SemEval articles), one onnxruntime thread,
alternating A and B per article so that a change of machine load hits both; then the shipped heads
read each graph's states and the predictions are compared: hidden-state differences, paragraph
techniques listed and shown, spans, genre and frames. A candidate whose outputs move is a model
change and needs the model card's cross-validation, not this script.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from presslens.artifacts import onnx_session  # noqa: E402
from presslens.bench import default_inputs, load_articles  # noqa: E402
from presslens.rhetoric import data as D  # noqa: E402
from presslens.rhetoric.runtime import RhetoricModel, raw_from_hidden  # noqa: E402
from presslens.threads import limit_blas_threads  # noqa: E402


def keyed(pred) -> dict[str, set]:
    return {
        "listed": {(ln["line"], t["label"]) for ln in pred.lines for t in ln["techniques"]},
        "shown": {(ln["line"], t["label"]) for ln in pred.lines for t in ln["techniques"] if t["shown"]},
        "spans": {(s["label"], s["start"], s["end"]) for s in pred.spans},
        "genre": {pred.genre["label"]} if pred.genre else set(),
        "frames": {f["label"] for f in pred.frames},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("candidate", type=Path)
    ap.add_argument("--limit", type=int, default=40)
    args = ap.parse_args()
    limit_blas_threads()
    texts = [a.text for a in load_articles(default_inputs(), args.limit)[0]]
    model = RhetoricModel.load(threads=1)
    graphs = {"A (shipped)": (model.session, model.output)}
    cand = onnx_session(args.candidate / "model.onnx", 1)
    graphs["B (candidate)"] = (cand, cand.get_outputs()[0].name)
    cpu = dict.fromkeys(graphs, 0.0)
    states: dict[str, list] = {name: [] for name in graphs}
    for i, text in enumerate(texts * 2):  # two passes; the first only warms up
        enc = D.encode_article(model.tokenizer, text, model.max_len)
        for name, (session, output) in graphs.items():
            t0 = time.process_time()
            hid = []
            for win in enc.windows:
                ids = win.ids[None, :]
                feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
                hid.append(session.run([output], feed)[0][0])
            if i >= len(texts):
                cpu[name] += time.process_time() - t0
                states[name].append((enc, hid))
    for name in graphs:
        print(f"{name:<16} encoder CPU {1000 * cpu[name] / len(texts):7.1f} ms per article")
    diffs, agree = [], {k: [0, 0] for k in ("listed", "shown", "spans", "genre", "frames")}
    for (enc, ha), (_, hb) in zip(states["A (shipped)"], states["B (candidate)"], strict=True):
        diffs += [float(np.abs(a - b).max()) for a, b in zip(ha, hb, strict=True)]
        preds = []
        for hid in (ha, hb):
            model._last = (enc.text, raw_from_hidden(enc, iter(hid)))
            preds.append(keyed(model.predict(enc.text)))
        for key, pair in agree.items():
            a, b = preds[0][key], preds[1][key]
            pair[0] += len(a & b)
            pair[1] += len(a | b)
    print(f"hidden states: max |A - B| per window: median {np.median(diffs):.4f}, max {max(diffs):.4f}")
    for key, (same, union) in agree.items():
        print(f"{key:<8} identical {same} of {union} ({100 * same / max(union, 1):.1f}%)")


if __name__ == "__main__":
    main()
