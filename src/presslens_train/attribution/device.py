"""Cross-validation and the variant grid on a GPU machine (where spaCy is not installed).

``pack`` (here) writes the features of PolNeAR train and dev as compact arrays; ``grid`` (there,
``python -m presslens_train.attribution.device grid PACK OUT``) trains each variant on train and
predicts dev, and trains each fold of a k-fold split of train and predicts its held-out articles.
Only tag probabilities come back; decoding, linking and scoring run here with the runtime code
(`train.score_probs`), so the figures are the ones the shipped extractor would give.

Packing: word and label ids as int16; spaCy's tensor reduced to its first principal components
(fitted on train) and stored as int8 with a scale per component, which keeps the pack small
enough to travel; flags as uint8; tags as int8.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from presslens_train.attribution.fitting import Packed, Settings, predict_probs, train_tagger

log = logging.getLogger("presslens.train.attribution.device")

#: The variants compared on dev (and by cross-validation): name -> changes to `Settings`.
VARIANTS = {
    "lstm64": {},
    "lstm64-pca24": {"tensor_dims": 24},
    "lstm128": {"hidden": 128, "proj": 192},
    "lstm128-pca24": {"hidden": 128, "proj": 192, "tensor_dims": 24},
}


def fold_of(name: str, folds: int) -> int:
    """A stable fold for an article: by the hash of its name (never by position)."""
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % folds


def pack(root: Path, cache: Path | None, out: Path, tensor_dims: int = 32, folds: int = 5) -> None:
    from presslens.evaluation.polnear import load_split
    from presslens_train.attribution.corpus import parsed
    from presslens_train.attribution.data import build_vocab
    from presslens_train.attribution.train import (
        examples,
        field_vocab,
        reduction,
        vocab_sizes,
    )
    from presslens_train.attribution.train import (
        pack as pack_items,
    )

    settings = Settings(tensor_dims=tensor_dims)
    train, dev = load_split(root, "train"), load_split(root, "dev")
    tp, dp = parsed(train, cache), parsed(dev, cache)
    vocab = build_vocab(tp, settings.min_word)
    items, dev_items = examples(train, tp, vocab), examples(dev, dp, vocab)
    mean, comp = reduction(items, settings)
    arrays = {}
    for split, its in (("train", items), ("dev", dev_items)):
        p = pack_items(its, settings, mean, comp)
        scale = np.abs(p.tensor).max(axis=0) / 127 if p.tensor.size else np.ones(0)
        arrays |= {
            f"{split}_ids": p.ids.astype(np.int16),
            f"{split}_tensor": np.round(p.tensor / np.maximum(scale, 1e-9)).astype(np.int8),
            f"{split}_scale": scale.astype(np.float32),
            f"{split}_flags": p.flags.astype(np.uint8),
            f"{split}_tags": p.tags.astype(np.int8),
            f"{split}_bounds": p.bounds.astype(np.int32),
            f"{split}_owner": p.doc_of_window.astype(np.int32),
        }
    arrays["train_fold"] = np.array([fold_of(d.name, folds) for d in train], dtype=np.int8)
    meta = {"field_vocab": field_vocab(), "sizes": vocab_sizes(vocab), "n_labels": 7, "folds": folds,
            "settings": asdict(settings)}  # fmt: skip
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez_compressed(out, **arrays)


def _load(npz, split: str, tensor_dims: int) -> Packed:
    tensor = npz[f"{split}_tensor"].astype(np.float32) * npz[f"{split}_scale"][None, :]
    return Packed(
        npz[f"{split}_ids"].astype(np.int64),
        np.ascontiguousarray(tensor[:, :tensor_dims]),
        npz[f"{split}_flags"].astype(np.float32),
        npz[f"{split}_tags"].astype(np.int64),
        npz[f"{split}_bounds"].astype(np.int64),
        npz[f"{split}_owner"].astype(np.int64),
    )


def _unseen_to_unknown(train: Packed, other: Packed) -> Packed:
    """Ids that never occur in ``train``'s windows become 0 in ``other`` (as a fold's own
    vocabulary would have them), so a held-out fold is not helped by words only it contains."""
    rows = np.concatenate([np.arange(s, e) for s, e in train.bounds])
    ids = other.ids.copy()
    for f in range(ids.shape[1]):
        seen = np.zeros(int(max(ids[:, f].max(), train.ids[:, f].max())) + 1, dtype=bool)
        seen[np.unique(train.ids[rows, f])] = True
        ids[:, f] = np.where(seen[ids[:, f]], ids[:, f], 0)
    return Packed(ids, other.tensor, other.flags, other.tags, other.bounds, other.doc_of_window)


def proxy(probs: np.ndarray, data: Packed) -> float:
    """A quick dev figure computable without spaCy: the mean of cue-span F1 (exact), source-span F1
    (exact) and content-token F1. Used only to order the cross-validation runs on the GPU; the
    reported figures come from the full scorer."""
    from presslens.attribution.tags import decode, spans_of

    rows = np.concatenate([np.arange(s, e) for s, e in data.bounds])
    gold = data.tags[rows]
    skip = gold == -100
    pred_tags = decode(probs[rows], skip)
    gold_tags = np.where(skip, 0, gold)
    out = []
    for role in ("cue", "source"):
        p = {sp for sp in spans_of(pred_tags, skip) if sp[0] == role}
        g = {sp for sp in spans_of(gold_tags, skip) if sp[0] == role}
        tp = len(p & g)
        out.append(2 * tp / (len(p) + len(g)) if p or g else 0.0)
    pc, gc = np.isin(pred_tags, (5, 6)), np.isin(gold_tags, (5, 6))
    out.append(2 * float((pc & gc).sum()) / max(1.0, float(pc.sum() + gc.sum())))
    return float(np.mean(out))


def grid(pack_path: Path, out: Path, budget_s: float = 480.0, names: list[str] | None = None) -> None:
    """Every variant trained on train and scored on dev (model weights kept), then k-fold
    cross-validation of the variants in order of their dev proxy, until the time budget is spent."""
    import torch

    t0 = time.time()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    npz = np.load(pack_path)
    meta = json.loads(bytes(npz["meta"]).decode())
    base = Settings(**{**meta["settings"], "tensor_dims": 0, "batch_windows": 64})
    out.mkdir(parents=True, exist_ok=True)
    folds, fold = meta["folds"], npz["train_fold"]
    rows_log: list[dict] = []

    def note(row: dict) -> None:
        rows_log.append(row)
        print(json.dumps(row), flush=True)
        (out / "grid.json").write_text(json.dumps(rows_log, indent=1))

    def train(settings: Settings, data: Packed):
        return train_tagger(data, meta["field_vocab"], meta["sizes"], meta["n_labels"], settings, device)

    results: dict[str, dict[str, np.ndarray]] = {}

    def save(name: str) -> None:  # one file per variant: the machine returns at most 8 files
        np.savez_compressed(out / f"{name}.npz", **results[name])

    ranked = []
    for name in names or list(VARIANTS):
        settings = replace(base, **VARIANTS[name])
        t = time.time()
        tr, dev = _load(npz, "train", settings.tensor_dims), _load(npz, "dev", settings.tensor_dims)
        model = train(settings, tr)
        probs = predict_probs(model, dev, meta["n_labels"], device)
        results[name] = {"dev": probs.astype(np.float16)}
        results[name] |= {f"w:{k}": v.cpu().numpy() for k, v in model.state_dict().items()}
        save(name)
        score = proxy(probs, dev)
        ranked.append((score, name))
        note({"variant": name, "job": "dev", "proxy": round(score, 4), "seconds": round(time.time() - t, 1),
              "settings": asdict(settings)})  # fmt: skip
    for _score, name in sorted(ranked, reverse=True):
        settings = replace(base, **VARIANTS[name])
        train_all = _load(npz, "train", settings.tensor_dims)
        cv_probs = np.zeros((len(train_all.ids), meta["n_labels"]), dtype=np.float16)
        done = []
        for k in range(folds):
            if time.time() - t0 > budget_s:
                note({"variant": name, "job": "cv", "fold": k, "skipped": "time budget"})
                continue
            t = time.time()
            held = fold[train_all.doc_of_window] == k
            tr, te = train_all.subset(np.flatnonzero(~held)), train_all.subset(np.flatnonzero(held))
            te = _unseen_to_unknown(tr, te)
            probs = predict_probs(train(settings, tr), te, meta["n_labels"], device)
            rows = np.concatenate([np.arange(s, e) for s, e in te.bounds])
            cv_probs[rows] = probs[rows]
            done.append(k)
            note({"variant": name, "job": "cv", "fold": k, "seconds": round(time.time() - t, 1)})
        if done:
            results[name] |= {"cv": cv_probs, "cv_folds": np.array(done)}
            save(name)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if sys.argv[1] == "grid":
        grid(Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]), sys.argv[5:] or None)
    else:
        raise SystemExit(
            "usage: python -m presslens_train.attribution.device grid PACK OUT BUDGET_S [VARIANT...]"
        )
