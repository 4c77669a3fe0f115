"""The rhetoric encoder's quality/speed frontier: shallower encoders and shorter windows, measured
by the model card's cross-validation and by CPU time per article.

Why a separate command: `select.py` compares encoder variants for the line model only, and then
fits everything else for the chosen one (span head, frames, the final heads), which takes most of an
hour on two cores. Deciding whether a cheaper encoder is good enough needs, per variant, only the
figures the issue's targets name: paragraph-technique micro-F1 (dev mix, thresholds nested), the
precision of the techniques shown at the display threshold (Platt calibration cross-fitted, display
threshold chosen on the other folds), and frames micro-F1; plus what the encoder costs. Same folds,
weights, TF-IDF and heads as `select.py` (its functions are reused), so the rows compare with the
model card's table.

    python -m presslens_train.rhetoric.frontier --features RUN/features \
        --variants hidden3-w256,hidden2-w256,hidden1-w256 --out RUN/frontier.json \
        [--encoders hidden1=RUN/enc-L1,...]

``--features`` holds the pickles of `features.py` (``--lines-only`` is enough here: no token
states); ``--encoders`` maps a variant's layer output to an ONNX graph of that depth, timed over the
same articles as ``benchmarks/profile_pipes.py`` (the 5 seeds and the first SemEval articles).
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import time
from pathlib import Path
from typing import Any

import numpy as np

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import _sigmoid
from presslens_train.rhetoric import cv
from presslens_train.rhetoric.select import (
    FoldTfidf,
    ci_holdout,
    doc_matrix,
    load_labels,
    oof_lines,
    standardise,
)

log = logging.getLogger("presslens.train")
#: the shipped heads' settings (model card): line model C and dense weight, frames parts/weight/C.
LINE_C, LINE_DENSE = 1.0, 0.1
FRAME_PARTS, FRAME_DENSE, FRAME_C = ("tfidf", "dense"), 0.3, 0.3


def frames_figures(raws: dict, corpus: dict, ids: list[str], folds: dict, weights: dict, tf, jobs: int):
    """Nested OOF frames micro-F1 of the shipped frame head's settings on ``raws``' document vectors."""
    from joblib import Parallel, delayed

    f_ids = [a for a in ids if a in corpus["frames"]]
    yf = np.stack([D.multi_hot(corpus["frames"][a], D.FRAMES) for a in f_ids])
    wf = np.array([weights[a] for a in f_ids])
    f_fold = np.array([folds[a] for a in f_ids])
    sf = np.zeros_like(yf)
    items = [(corpus["texts"][a], raws[a].doc_vec) for a in f_ids]
    for k in range(cv.N_FOLDS):
        tr, te = f_fold != k, f_fold == k
        vec = tf.parts[k][0]
        x = doc_matrix(items, FRAME_PARTS, vec.vocabulary_, vec.idf_.astype(np.float32))
        mean, scale, mult = standardise(x[tr], FRAME_PARTS, len(vec.vocabulary_), FRAME_DENSE)
        xz = (x - mean) / scale * mult
        fits = Parallel(n_jobs=jobs, max_nbytes=None)(
            delayed(cv.fit_binary_lr)(xz[tr], yf[tr, j], FRAME_C, False) for j in range(len(D.FRAMES))
        )
        w = np.stack([f[0] for f in fits])
        b = np.array([f[1] for f in fits])
        sf[te] = _sigmoid(xz[te] @ w.T + b)
    figs = cv.nested_line_figures(yf, sf, f_fold, wf)
    return {"micro_f1_devmix": figs["micro_f1_devmix"], "micro_f1": figs["micro_f1"]}


def line_and_shown(
    rows: cv.LineRows, fold_of: np.ndarray, tf, factor: float, jobs: int
) -> tuple[dict[str, Any], np.ndarray]:
    """Nested line-model figures and the shown-technique precision (Platt, display threshold nested);
    and the OOF line scores."""
    s = oof_lines(rows, fold_of, tf, LINE_C, factor, jobs)
    out = cv.nested_line_figures(rows.y, s, fold_of, rows.w)
    p = cv.cross_calibrate(rows.y, s, fold_of, rows.w, "platt")
    _, shown = cv.display_threshold(rows.y, p, rows.w, fold_of)
    out["shown"] = shown
    return out, s


#: the shipped genre head's recipe (model card, genre release 3)
SHIPPED_GENRE = dict(parts=("techniques",), polnear="news", polnear_share=0.5, c=0.1, prior="target")


def genre_figures(
    raws: dict, rows: cv.LineRows, s: np.ndarray, data: Path, polnear: Path, holdout: list[str], jobs: int
) -> dict[str, Any]:
    """The shipped genre recipe on this encoder: its input is the mean line-model score per technique
    (OOF for SemEval articles; for PolNeAR and the SemEval articles without subtask-3 lines, a line
    model fitted on every article but the CI hold-out, as the artifact's would be). Same CV and
    nested rules as `genre.py`."""
    from presslens_train.rhetoric import genre as G

    corpus = G.load_corpus(data, polnear, None)
    train = ~np.isin(rows.aid, holdout)
    h = cv.fit_line_model(
        [t for t, m in zip(rows.text, train, strict=True) if m],
        rows.pooled[train],
        rows.y[train],
        LINE_C,
        LINE_DENSE,
        jobs=jobs,
    )
    means = {a: s[rows.aid == a].mean(0) for a in np.unique(rows.aid).tolist()}
    for key, raw in raws.items():
        if key in means or isinstance(raw, dict) or not raw.has_tokens.any():  # dict: no token at all
            continue
        texts = [raw.encoded.text[a:b] for a, b in raw.encoded.lines]
        scores = cv.apply_line_model(h, texts, raw.line_pooled)
        means[key] = scores[raw.has_tokens].mean(0)
    zero = np.zeros(len(D.TECHNIQUES), np.float32)
    corpus.techniques = {k: means.get(k, zero) for k in corpus.texts}
    result = G.run_variant(corpus, G.Features(corpus), G.Variant(**SHIPPED_GENRE))
    keep = ("devmix", "plain", "rep_sat", "pol_rep", "pol_sat")
    return {k: v for k, v in result["figures"].items() if k in keep}


def encoder_cpu_ms(model_dir: Path, texts: list[str], max_len: int) -> dict[str, float]:
    """CPU ms per article of tokenising + encoding ``texts`` with one onnxruntime thread (as a worker
    of ``presslens analyze -j N`` does), best of two passes after a warm-up."""
    from tokenizers import Tokenizer

    from presslens.artifacts import onnx_session

    session = onnx_session(model_dir / "model.onnx", 1)
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    output = session.get_outputs()[0].name

    def one(text: str) -> None:
        for win in D.encode_article(tok, text, max_len).windows:
            ids = win.ids[None, :]
            session.run([output], {"input_ids": ids, "attention_mask": np.ones_like(ids)})

    for text in texts[:3]:
        one(text)
    best = float("inf")
    for _ in range(2):
        cpu = time.process_time()
        for text in texts:
            one(text)
        best = min(best, time.process_time() - cpu)
    return {"cpu_ms_per_article": round(1000 * best / len(texts), 1), "articles": len(texts)}


def profile_texts(limit: int) -> list[str]:
    """The articles `benchmarks/profile_pipes.py` times: the seeds, then SemEval's, first ``limit``."""
    from presslens.bench import default_inputs, load_articles

    articles, _ = load_articles(default_inputs(), limit)
    return [a.text for a in articles]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/semeval2023-en"))
    ap.add_argument("--features", type=Path, required=True)
    ap.add_argument("--variants", default="hidden3-w256,hidden2-w256,hidden1-w256")
    ap.add_argument("--polnear", type=Path, default=None, help="also genre (features must include PolNeAR)")
    ap.add_argument("--tfidf-only", action="store_true", help="also the line model without the encoder")
    ap.add_argument("--encoders", default="", help="hiddenN=DIR,... ONNX graphs to time")
    ap.add_argument("--time-articles", type=int, default=40)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    report: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {}

    def save() -> None:
        args.out.write_text(json.dumps(report, indent=1) + "\n")

    encoders = dict(kv.split("=", 1) for kv in args.encoders.split(",") if kv)
    if encoders:
        texts = profile_texts(args.time_articles)
        for name, folder in encoders.items():
            for window in sorted({int(v.split("-w")[1]) for v in args.variants.split(",")}):
                key = f"{name}-w{window}"
                report.setdefault(key, {})["speed"] = encoder_cpu_ms(Path(folder), texts, window)
                log.info("speed %s: %s", key, report[key]["speed"])
                save()
    corpus = load_labels(args.data)
    ids = sorted(corpus["texts"])
    folds = cv.make_folds(ids, corpus["genres"], args.seed)
    weights = cv.article_weights(ids, corpus["genres"])
    tf = None
    for variant in args.variants.split(","):
        t0 = time.time()
        raws = pickle.loads((args.features / f"feat-{variant}.pkl").read_bytes())
        rows = cv.line_rows(raws, corpus, ids, weights)
        fold_of = np.array([folds[a] for a in rows.aid])
        if tf is None:
            tf = FoldTfidf(rows.text, fold_of, {})
            if args.tfidf_only:
                figs, _ = line_and_shown(rows, fold_of, tf, 0.0, args.jobs)
                report.setdefault("tfidf-only", {})["lines"] = figs
                log.info("tfidf-only: %s", json.dumps(report["tfidf-only"]["lines"]["micro_f1_devmix"]))
                save()
        entry = report.setdefault(variant, {})
        entry["lines"], s = line_and_shown(rows, fold_of, tf, LINE_DENSE, args.jobs)
        log.info("%s lines: %s", variant, json.dumps(entry["lines"]["micro_f1_devmix"]))
        log.info("%s shown: %s", variant, json.dumps(entry["lines"]["shown"]["precision_devmix"]))
        save()
        entry["frames"] = frames_figures(raws, corpus, ids, folds, weights, tf, args.jobs)
        log.info("%s frames: %s (%.0fs)", variant, json.dumps(entry["frames"]), time.time() - t0)
        save()
        if args.polnear is not None:
            holdout = ci_holdout(ids, corpus["genres"], args.seed)
            entry["genre"] = genre_figures(raws, rows, s, args.data, args.polnear, holdout, args.jobs)
            log.info("%s genre: %s", variant, json.dumps(entry["genre"]["devmix"]))
            save()
        del raws


if __name__ == "__main__":
    main()
