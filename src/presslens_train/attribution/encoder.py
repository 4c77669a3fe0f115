"""Tagger variant study: the rhetoric encoder's states as extra tagger input, by cross-validation.

    python -m presslens_train.attribution.encoder states [--split train]      # once, ~0.4 s/article
    python -m presslens_train.attribution.encoder cv --dims 64 --out encoder64.npz [--folds-run 0 1 2]
    python -m presslens_train.attribution.encoder score encoder64.npz lstm64-pca24.npz ...
    python -m presslens_train.attribution.encoder ship --dims 64 --out attribution-model

``states``: the frozen last-layer states of the int8 MiniLM that techniques.v1 runs
(`RhetoricModel.token_states`), pooled onto the spaCy tokens of the cached PolNeAR parse
(`presslens.attribution.states.pool`), written as float16 under ``--states-dir``.

``cv``: the shipped recipe (`fitting.Settings` defaults: BiLSTM 2x64, 10 epochs, seed 13, one
thread) trained on four of the five folds by article-name hash (`device.fold_of`), vocabulary of
all train with words unseen in the training folds mapped to unknown (as the GPU grid did), and
``--dims`` > 0 adds the first principal components of the pooled states, fitted on the training
folds' tokens only. ``--dims 0`` is the shipped recipe itself. Out-of-fold tag probabilities are
written as ``cv``/``cv_folds`` in an .npz (the GPU grid's layout), after every fold.

``score``: each .npz's out-of-fold probabilities decoded, linked and gated as the shipped
extractor does (linker fitted on the gold pieces of the folds not scored, cue gate with the
shipped thresholds and counts from the other four folds): mean and sd over folds of F1, quoted
recall, source and cue accuracy. Dev is never read.

``ship``: the variant trained on all of train, exported like `presslens train attribution` does
(ONNX with a ``states`` input, PCA inside the graph; metadata pins the rhetoric model's hash).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("presslens.train.attribution.encoder")
#: Folds whose gold pieces fit the linker when out-of-fold predictions are scored: the existing CV
#: tools (`lexicon`, `errors`) fit it there, and a scored fold must not hold them.
LINKER_FOLDS = (3, 4)


def states_path(states_dir: Path, parse_key: str) -> Path:
    from presslens.rhetoric.runtime import METADATA_SHA256

    return states_dir / f"states-{parse_key}-{METADATA_SHA256[:12]}.npy"


def compute_states(data: Path, cache: Path, states_dir: Path, split: str = "train") -> Path:
    """Pooled encoder states of every token of the split's parsed articles, concatenated in article
    order (the order of `train.pack`), float16 [T, 384]."""
    from presslens.attribution.states import STATE_WIDTH, doc_states
    from presslens.evaluation.polnear import load_split
    from presslens.rhetoric.runtime import RhetoricModel
    from presslens_train.attribution.corpus import cache_key, parsed

    docs = load_split(data, split)
    path = states_path(states_dir, cache_key(docs))
    if path.is_file():
        return path
    parses = parsed(docs, cache)
    encoder = RhetoricModel.load(threads=1)
    total = sum(len(d) for d in parses)
    out = np.zeros((total, STATE_WIDTH), np.float16)
    offset, t0 = 0, time.process_time()
    for i, (gold, doc) in enumerate(zip(docs, parses, strict=True)):
        out[offset : offset + len(doc)] = doc_states(doc, gold.text, encoder)
        offset += len(doc)
        if i % 100 == 0:
            log.info("states %d/%d (%.2f CPU s/article)", i, len(docs), time.process_time() / (i + 1))
    states_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    log.info("wrote %s: %s, %.1f CPU s", path, out.shape, time.process_time() - t0)
    return path


def _load_train(data: Path, cache: Path, limit: int | None = None):
    from presslens.evaluation.polnear import load_split
    from presslens_train.attribution import train as T
    from presslens_train.attribution.corpus import cache_key, parsed
    from presslens_train.attribution.data import build_vocab
    from presslens_train.attribution.fitting import Settings

    settings = Settings()
    train = load_split(data, "train")
    docs = parsed(train, cache)
    key = cache_key(train)
    if limit:  # a smoke test on the first articles
        train, docs = train[:limit], docs[:limit]
    vocab = build_vocab(docs, settings.min_word)
    return train, docs, vocab, T.examples(train, docs, vocab), key


def window_rows(bounds: np.ndarray) -> np.ndarray:
    return np.concatenate([np.arange(s, e) for s, e in bounds]) if len(bounds) else np.zeros(0, np.int64)


def fit_fold(
    tr: Any,
    te: Any,
    vocab: Any,
    settings: Any,
    cv: np.ndarray,
    snapshots: dict[int, np.ndarray] | None = None,
) -> None:
    """Train a tagger on ``tr`` and write its probabilities for the windows of ``te`` into ``cv``
    (the out-of-fold matrix, one row per packed token); ``snapshots`` (epoch -> matrix like ``cv``)
    also get the probabilities of the model as it stood after those epochs of the same run."""
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.fitting import predict_probs, train_tagger

    rows = window_rows(te.bounds)

    def snapshot(epoch: int, model: Any) -> None:
        if snapshots and epoch in snapshots:
            snapshots[epoch][rows] = predict_probs(model, te, len(LABELS))[rows]
            log.info("snapshot after epoch %d predicted", epoch)

    sizes = T.vocab_sizes(vocab)
    model = train_tagger(tr, T.field_vocab(), sizes, len(LABELS), settings, after_epoch=snapshot)
    probs = predict_probs(model, te, len(LABELS))
    cv[rows] = probs[rows]


def save_fold(out: Path, cv: np.ndarray, k: int, t0: float, done: list[int], meta: dict[str, Any]) -> None:
    """Record fold ``k`` as done (its CPU time since ``t0``) and save the run so far, so that a run
    stopped between folds keeps what it finished."""
    done.append(k)
    meta["per_fold"][str(k)] = {"cpu_s": round(time.process_time() - t0, 1)}
    log.info("fold %d: %.0f CPU s", k, time.process_time() - t0)
    np.savez_compressed(
        out, cv=cv, cv_folds=np.array(done), meta=np.frombuffer(json.dumps(meta).encode(), np.uint8)
    )


def cross_validate(
    data: Path,
    cache: Path,
    states_dir: Path,
    dims: int,
    out: Path,
    folds_run: list[int],
    folds: int = 5,
    epochs: int | None = None,
    limit: int | None = None,
    hidden: int | None = None,
    proj: int | None = None,
) -> None:
    """Out-of-fold probabilities of the recipe (+ ``dims`` state components) for ``folds_run``;
    ``hidden``/``proj`` widen the LSTM and its dense input (the recipe: 64 and 128)."""
    import torch

    from presslens.attribution.states import reduce_states
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.device import _unseen_to_unknown, fold_of
    from presslens_train.attribution.fitting import Settings, pca

    torch.set_num_threads(1)
    train, _docs, vocab, items, key = _load_train(data, cache, limit)
    changes = {k: v for k, v in (("epochs", epochs), ("hidden", hidden), ("proj", proj)) if v is not None}
    base = replace(Settings(), **changes)
    packed = T.pack(items, base, None, None)  # tensor width 0: the shipped recipe
    states = None
    if dims:
        states = np.load(states_path(states_dir, key), mmap_mode="r")
        if limit:
            states = states[: len(packed.ids)]
        if len(states) != len(packed.ids):
            raise SystemExit(f"states {states.shape} do not fit the pack ({len(packed.ids)} tokens)")
    settings = replace(base, encoder_dims=dims)
    fold = np.array([fold_of(d.name, folds) for d in train])
    cv = np.zeros((len(packed.ids), len(LABELS)), np.float16)
    done: list[int] = []
    meta: dict[str, Any] = {"dims": dims, "settings": settings.__dict__, "folds": folds, "per_fold": {}}
    for k in folds_run:
        t0 = time.process_time()
        held = fold[packed.doc_of_window] == k
        tr, te = packed.subset(np.flatnonzero(~held)), packed.subset(np.flatnonzero(held))
        te = _unseen_to_unknown(tr, te)
        if states is not None:
            rows = window_rows(tr.bounds)
            rows = np.sort(
                np.random.default_rng(settings.seed).choice(rows, min(len(rows), 250_000), replace=False)
            )
            sample = np.asarray(states[rows], np.float32)
            mean, comp = pca(sample[np.abs(sample).sum(axis=1) > 0], dims, settings.seed)
            reduced = np.concatenate(
                [reduce_states(np.asarray(states[a : a + 100_000], np.float32), mean, comp)
                 for a in range(0, len(states), 100_000)]
            )  # fmt: skip
            tr.tensor = te.tensor = reduced
        fit_fold(tr, te, vocab, settings, cv)
        save_fold(out, cv, k, t0, done, meta)


def score_oof(
    data: Path, cache: Path, probs_paths: list[Path], folds: int = 5, only: list[int] | None = None
) -> dict[str, dict[str, Any]]:
    """Per .npz: the shipped decoding, linking and cue gate over its out-of-fold probabilities,
    per fold (those of ``only``, when given) and mean ± sd (see the module docstring)."""
    from presslens.attribution.lexicon import CueGate, shipped_lexicon
    from presslens.evaluation.polnear import headline, score
    from presslens_train.attribution import train as T
    from presslens_train.attribution.device import fold_of
    from presslens_train.attribution.fitting import Settings
    from presslens_train.attribution.lexicon import counts

    settings = Settings()
    train, _docs, _vocab, items, _key = _load_train(data, cache)
    offsets = np.cumsum([0] + [len(e.doc) for e in items])
    fold = [fold_of(d.name, folds) for d in train]
    cue = shipped_lexicon()["gates"]["cue"]
    tables: dict[int, Any] = {}
    # one linker for every file, fitted on the gold pieces of the folds no study scores (3 and 4),
    # as the shipped linker is fitted on gold pieces
    linker = T.fit_linker([items[i] for i in range(len(train)) if fold[i] in LINKER_FOLDS])
    report = {}
    for path in probs_paths:
        with np.load(path) as z:
            cv = z["cv"].astype(np.float32)
            scored = sorted(set(z["cv_folds"].tolist()) & set(only or range(folds)))
        if set(scored) & set(LINKER_FOLDS):
            raise SystemExit(f"{path}: folds {scored}; folds {LINKER_FOLDS} fit the linker")
        per_fold = []
        for f in scored:
            if f not in tables:
                tables[f] = counts((items[i].doc, items[i].gold) for i in range(len(train)) if fold[i] != f)
            extractor = T.ProbsExtractor(linker, settings)
            extractor.cue_gate = CueGate(
                tables[f]["cues"], cue["min_rate"], cue["min_confidence"], cue["quoted_stay"]
            )
            held = [i for i in range(len(train)) if fold[i] == f]
            predictions = {
                items[i].name: T.to_attributions(
                    extractor.found(
                        items[i].doc, items[i].feats, cv[offsets[i] : offsets[i + 1]], items[i].skip
                    )
                )
                for i in held
            }
            result = score([items[i].gold for i in held], predictions)
            per_fold.append({"precision": result["all"]["precision"], "recall": result["all"]["recall"],
                             **headline(result)})  # fmt: skip
        summary: dict[str, Any] = {"folds": scored, "per_fold": per_fold}
        for name in ("precision", "recall", "f1", "quoted_recall", "source_accuracy", "cue_accuracy"):
            values = [float(r[name]) for r in per_fold]
            summary[name] = {
                "mean": round(statistics.mean(values), 4),
                "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            }
        report[str(path)] = summary
    return report


def ship(data: Path, cache: Path, states_dir: Path, dims: int, out: Path) -> dict[str, Any]:
    """The variant trained on all of PolNeAR train (PCA of the states on all train tokens), the
    linker fitted on the gold pieces, the artifact written to ``out`` as `train.fit` writes it,
    and the exported ONNX checked against the torch tagger on the first train articles."""
    import torch

    from presslens.attribution.runtime import AttributionModel
    from presslens.attribution.states import reduce_states
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.fitting import Settings, pca, predict_probs, train_tagger
    from presslens_train.attribution.run import data_digest

    torch.set_num_threads(1)
    train, _docs, vocab, items, key = _load_train(data, cache)
    settings = Settings(encoder_dims=dims)
    packed = T.pack(items, settings, None, None)
    path = states_path(states_dir, key)
    states = np.load(path, mmap_mode="r")
    rng = np.random.default_rng(settings.seed)
    sample = np.asarray(states[np.sort(rng.choice(len(states), 250_000, replace=False))], np.float32)
    mean, comp = pca(sample[np.abs(sample).sum(axis=1) > 0], dims, settings.seed)
    packed.tensor = np.concatenate(
        [reduce_states(np.asarray(states[a : a + 100_000], np.float32), mean, comp)
         for a in range(0, len(states), 100_000)]
    )  # fmt: skip
    model = train_tagger(packed, T.field_vocab(), T.vocab_sizes(vocab), len(LABELS), settings)
    linker = T.fit_linker(items)
    info = {
        "trained_on": f"PolNeAR train ({len(train)} articles)",
        "data_sha256": data_digest(data),
        "tagger_variant": f"encoder states, {dims} principal components "
        "(python -m presslens_train.attribution.encoder ship)",
    }
    T.write_artifact(out, model, vocab, linker, settings, (None, None), info, states_reduce=(mean, comp))
    # the ONNX graph must give the torch tagger's probabilities
    runtime = AttributionModel.load(out, metadata_sha256=None)
    n = sum(len(ex.doc) for ex in items[:5])
    first = packed.subset(np.flatnonzero(packed.doc_of_window < 5))
    want = predict_probs(model, first, len(LABELS))[:n]
    got = np.concatenate(
        [runtime.tag_probs(ex.feats, np.asarray(states[o : o + len(ex.doc)], np.float32))
         for ex, o in zip(items[:5], np.cumsum([0] + [len(e.doc) for e in items[:4]]), strict=True)]
    )  # fmt: skip
    rows = window_rows(first.bounds)
    diff = float(np.abs(want[rows] - got[rows]).max())
    log.info("ONNX vs torch on 5 train articles: max |dp| %.2e", diff)
    if diff > 1e-3:
        raise SystemExit(f"exported tagger differs from the trained one: {diff}")
    return {"onnx_max_diff": diff, "states": str(path)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("states", "cv", "score", "ship"))
    ap.add_argument("probs", nargs="*", type=Path, help="score: .npz files with 'cv' and 'cv_folds'")
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--states-dir", type=Path, default=Path(".cache/attribution-states"))
    ap.add_argument("--split", default="train")
    ap.add_argument("--dims", type=int, default=64, help="cv: state components (0: the shipped recipe)")
    ap.add_argument("--out", type=Path, help="cv: the .npz to write; ship: the artifact folder")
    ap.add_argument(
        "--folds-run", type=int, nargs="+", default=[0, 1, 2], help="cv: folds to run; score: to score"
    )
    ap.add_argument("--epochs", type=int, help="cv: override the recipe's epochs (smoke tests only)")
    ap.add_argument("--hidden", type=int, help="cv: LSTM width per direction (recipe: 64)")
    ap.add_argument("--proj", type=int, help="cv: dense layer before the LSTM (recipe: 128)")
    ap.add_argument("--limit", type=int, help="cv: the first N train articles only (smoke tests only)")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.command == "states":
        print(compute_states(args.data, args.cache, args.states_dir, args.split))
    elif args.command == "cv":
        if args.out is None:
            ap.error("cv needs --out")
        cross_validate(
            args.data, args.cache, args.states_dir, args.dims, args.out, args.folds_run,
            epochs=args.epochs, limit=args.limit, hidden=args.hidden, proj=args.proj,
        )  # fmt: skip
    elif args.command == "ship":
        if args.out is None:
            ap.error("ship needs --out")
        print(json.dumps(ship(args.data, args.cache, args.states_dir, args.dims, args.out)))
    else:
        print(json.dumps(score_oof(args.data, args.cache, args.probs, only=args.folds_run), indent=1))


if __name__ == "__main__":
    main()
