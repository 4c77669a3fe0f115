"""Tagger variant study: clause columns (`presslens.attribution.clauses`) as extra tagger input.

    python -m presslens_train.attribution.clauses cv --out runs/clause.npz [--folds-run 0 1 2]
    python -m presslens_train.attribution.encoder score runs/clause.npz runs/base-cpu.npz
    python -m presslens_train.attribution.clauses merge runs/a.npz runs/b.npz --out runs/ab.npz
    python -m presslens_train.attribution.clauses ship --out attribution-model     # if it wins

``cv``: the shipped recipe (`fitting.Settings` defaults: BiLSTM 2x64, 10 epochs, seed 13, one
thread; vocabulary of all train with words unseen in the training folds mapped to unknown, as
`encoder.cross_validate` does) plus the clause columns, trained on four of the five folds by
article-name hash and scored on the fifth. ``--hidden``/``--proj`` widen the network. Out-of-fold
tag probabilities go to an .npz in the layout `encoder.score_oof` reads.

The columns read cue rates, and a cue rate counted on the very articles a tagger trains on would
teach it a lie: every gold cue of training counts itself, so "a word never seen attributing"
would never be a cue in training, while at test time a rare cue word is exactly that. So the
rates are counted out of fold inside training too (target encoding): a training article's columns
use the counts of the training folds other than its own, a held-out article's the counts of all
the training folds. For the shipped model (``ship``), each train article's columns use the counts
of the other four folds; at run time the counts of all train (``lexicon.json``) are used.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("presslens.train.attribution.clauses")
FOLDS = 5
#: Share of lexicon.json's cue keys whose counts may differ from this parse's (`ship`).
MAX_COUNT_DIFFERENCES = 0.01


def fold_counts(items: list[Any], keys: list[list[str]], fold: np.ndarray) -> list[dict[str, Counter[str]]]:
    """Per fold: word key -> gold cues it heads (``hits``) and occurrences (``seen``), the way
    `presslens_train.attribution.lexicon.counts` counts them; tables of folds add up."""
    from presslens_train.attribution.lexicon import gold_heads

    out: list[dict[str, Counter[str]]] = [{"hits": Counter(), "seen": Counter()} for _ in range(FOLDS)]
    for ex, k, f in zip(items, keys, fold, strict=True):
        table = out[int(f)]
        table["seen"].update(w for w, t in zip(k, ex.doc, strict=True) if not t.is_space)
        table["hits"].update(k[i] for i in set(gold_heads(ex.doc, ex.gold, "cue")))
    return out


def table_of(counts: list[dict[str, Counter[str]]], folds: set[int]) -> dict[str, tuple[int, int]]:
    """The cue table (word key -> [hits, seen]) of the sum of ``folds``' counts."""
    hits: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for f in folds:
        hits.update(counts[f]["hits"])
        seen.update(counts[f]["seen"])
    return {k: (h, seen[k]) for k, h in hits.items() if h}


def clause_flags(
    items: list[Any],
    keys: list[list[str]],
    fold: np.ndarray,
    counts: list[dict[str, Counter[str]]],
    train_folds: set[int],
) -> np.ndarray:
    """Clause columns of every token (pack order) for a model trained on ``train_folds``: an
    article of a training fold gets the rates of the other training folds, any other article those
    of all of ``train_folds`` (module docstring)."""
    from presslens.attribution.clauses import columns, cue_rates

    tables: dict[int, dict[str, tuple[int, int]]] = {}
    out = []
    for ex, k, f in zip(items, keys, fold, strict=True):
        f = int(f)
        own = f if f in train_folds else -1
        if own not in tables:
            tables[own] = table_of(counts, train_folds - {own})
        out.append(columns(ex.doc, cue_rates(k, tables[own])))
    return np.concatenate(out).astype(np.float32)


def _prepare(data: Path, cache: Path, limit: int | None = None):
    from presslens.attribution.clauses import word_keys
    from presslens_train.attribution.device import fold_of
    from presslens_train.attribution.encoder import _load_train

    train, _docs, vocab, items, key = _load_train(data, cache, limit)
    t0 = time.process_time()
    keys = [word_keys(ex.doc) for ex in items]
    fold = np.array([fold_of(d.name, FOLDS) for d in train])
    counts = fold_counts(items, keys, fold)
    log.info("word keys and fold counts: %.0f CPU s", time.process_time() - t0)
    return train, vocab, items, keys, fold, counts


def cross_validate(
    data: Path,
    cache: Path,
    out: Path,
    folds_run: list[int],
    hidden: int | None = None,
    proj: int | None = None,
    epochs: int | None = None,
    limit: int | None = None,
    snapshot_epochs: tuple[int, ...] = (),
) -> None:
    """Out-of-fold probabilities of the recipe + clause columns for ``folds_run``; for each of
    ``snapshot_epochs`` also those of the same run's model after that epoch, in ``<out>-e<N>.npz``."""
    import torch

    from presslens.attribution.clauses import CLAUSE_WIDTH
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.device import _unseen_to_unknown
    from presslens_train.attribution.encoder import fit_fold, save_fold
    from presslens_train.attribution.fitting import Settings

    torch.set_num_threads(1)
    _train, vocab, items, keys, fold, counts = _prepare(data, cache, limit)
    changes: dict[str, Any] = {"clause_features": CLAUSE_WIDTH}
    changes |= {k: v for k, v in (("hidden", hidden), ("proj", proj), ("epochs", epochs)) if v is not None}
    settings = replace(Settings(), **changes)
    packed = T.pack(items, settings, None, None)
    base_flags = packed.flags
    doc_fold = fold[packed.doc_of_window]
    cv = np.zeros((len(packed.ids), len(LABELS)), np.float16)
    done: list[int] = []
    meta: dict[str, Any] = {
        "variant": "clauses",
        "settings": settings.__dict__,
        "folds": FOLDS,
        "per_fold": {},
    }
    snaps = {e: np.zeros_like(cv) for e in snapshot_epochs if e < settings.epochs}
    snap_done: dict[int, list[int]] = {e: [] for e in snaps}
    snap_meta = {e: {**meta, "snapshot_epoch": e, "per_fold": {}} for e in snaps}
    for k in folds_run:
        t0 = time.process_time()
        packed.flags = np.concatenate(
            [base_flags, clause_flags(items, keys, fold, counts, set(range(FOLDS)) - {k})], axis=1
        )
        held = doc_fold == k
        tr, te = packed.subset(np.flatnonzero(~held)), packed.subset(np.flatnonzero(held))
        te = _unseen_to_unknown(tr, te)
        fit_fold(tr, te, vocab, settings, cv, snaps)
        save_fold(out, cv, k, t0, done, meta)
        for e, snap in snaps.items():
            save_fold(out.with_name(f"{out.stem}-e{e}{out.suffix}"), snap, k, t0, snap_done[e], snap_meta[e])


def ship(
    data: Path,
    cache: Path,
    out: Path,
    hidden: int | None = None,
    proj: int | None = None,
    epochs: int | None = None,
) -> dict[str, Any]:
    """The variant trained on all of PolNeAR train (each article's columns from the counts of the
    other four folds), linker fitted on the gold pieces, the artifact written to ``out`` as
    `train.fit` writes it; the exported ONNX, fed as the runtime feeds it, checked against the torch
    tagger on the first train articles."""
    import torch

    from presslens.attribution.clauses import CLAUSE_WIDTH, counts_sha256
    from presslens.attribution.features import N_FLAGS, extract
    from presslens.attribution.lexicon import shipped_lexicon
    from presslens.attribution.runtime import AttributionModel
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.encoder import window_rows
    from presslens_train.attribution.fitting import Settings, predict_probs, train_tagger
    from presslens_train.attribution.run import data_digest

    torch.set_num_threads(1)
    train, vocab, items, keys, fold, counts = _prepare(data, cache)
    changes: dict[str, Any] = {"clause_features": CLAUSE_WIDTH}
    changes |= {k: v for k, v in (("hidden", hidden), ("proj", proj), ("epochs", epochs)) if v is not None}
    settings = replace(Settings(), **changes)
    # the run-time counts (lexicon.json) must be those of all train, whose folds the columns come
    # from; lexicon.json was counted on an earlier parse of the same text (10 of its 1,472 keys differ
    # by a count or two on this one: "seem" 126/256 vs 127/257), so a few differences are tolerated
    all_train = table_of(counts, set(range(FOLDS)))
    shipped = {k: tuple(v) for k, v in shipped_lexicon()["cues"].items()}
    differ = sorted(k for k in set(all_train) | set(shipped) if all_train.get(k) != shipped.get(k))
    note = f"{len(differ)} of {len(shipped)} cue keys differ from lexicon.json: {differ[:10]}"
    log.info(note)
    if len(differ) > MAX_COUNT_DIFFERENCES * len(shipped):
        raise SystemExit(note)
    packed = T.pack(items, settings, None, None)
    packed.flags = np.concatenate(
        [packed.flags, clause_flags(items, keys, fold, counts, set(range(FOLDS)))], axis=1
    )
    model = train_tagger(packed, T.field_vocab(), T.vocab_sizes(vocab), len(LABELS), settings)
    linker = T.fit_linker(items)
    info = {
        "trained_on": f"PolNeAR train ({len(train)} articles)",
        "data_sha256": data_digest(data),
        "tagger_variant": "clause columns (python -m presslens_train.attribution.clauses ship)",
        "clause_features": {"width": CLAUSE_WIDTH, "counts_sha256": counts_sha256(shipped_lexicon()["cues"])},
    }
    T.write_artifact(out, model, vocab, linker, settings, (None, None), info)
    # the graph must give the torch tagger's probabilities on the columns it was trained with (each
    # article's from the other folds' counts); the runtime's columns (all train's counts) are reported
    runtime = AttributionModel.load(out, metadata_sha256=None)
    first = packed.subset(np.flatnonzero(packed.doc_of_window < 5))
    rows = window_rows(first.bounds)
    want = predict_probs(model, first, len(LABELS))[rows]
    offsets = np.cumsum([0] + [len(ex.doc) for ex in items[:5]])
    fed, runtime_fed = [], []
    for ex, o in zip(items[:5], offsets, strict=False):
        feats = extract(ex.doc, vocab)
        feats.nums = np.concatenate([feats.nums, packed.flags[o : o + len(ex.doc), N_FLAGS:]], axis=1)
        fed.append(runtime.tag_probs(feats))
        runtime_fed.append(runtime.tag_probs(runtime.features(ex.doc)))
    diff = float(np.abs(want - np.concatenate(fed)[rows]).max())
    moved = float(np.abs(want - np.concatenate(runtime_fed)[rows]).max())
    log.info("ONNX vs torch on 5 train articles: max |dp| %.2e (run-time columns: %.2e)", diff, moved)
    if diff > 1e-3:
        raise SystemExit(f"exported tagger differs from the trained one: {diff}")
    return {"onnx_max_diff": diff, "runtime_columns_max_diff": moved}


def merge(paths: list[Path], out: Path) -> list[int]:
    """One .npz of out-of-fold probabilities from several written by ``cv`` for disjoint folds (each
    fold's model is seeded on its own, so folds run apart equal one sequential run)."""
    cv, folds, meta = None, [], {}
    for path in paths:
        with np.load(path) as z:
            part, done = z["cv"], z["cv_folds"].tolist()
            info = json.loads(bytes(z["meta"]).decode())
        if set(done) & set(folds):
            raise SystemExit(f"{path}: folds {done} already merged")
        rows = np.abs(part).sum(axis=1) > 0  # the tokens of its folds: probabilities sum to 1
        cv = part.copy() if cv is None else np.where(rows[:, None], part, cv)
        folds += done
        meta = {**info, "per_fold": {**meta.get("per_fold", {}), **info["per_fold"]}}
    np.savez_compressed(
        out, cv=cv, cv_folds=np.array(folds), meta=np.frombuffer(json.dumps(meta).encode(), np.uint8)
    )
    return folds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("cv", "ship", "merge"))
    ap.add_argument("parts", nargs="*", type=Path, help="merge: .npz files written by cv")
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument(
        "--out", type=Path, required=True, help="cv: the .npz to write; ship: the artifact folder"
    )
    ap.add_argument("--folds-run", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--hidden", type=int, help="LSTM width per direction (recipe: 64)")
    ap.add_argument("--proj", type=int, help="dense layer before the LSTM (recipe: 128)")
    ap.add_argument("--epochs", type=int, help="override the recipe's 10 (one-cycle lr schedule stretched)")
    ap.add_argument(
        "--snapshot-epochs", type=int, nargs="*", default=[],
        help="cv: also write <out>-e<N>.npz, the same run's model after epoch N",
    )  # fmt: skip
    ap.add_argument("--limit", type=int, help="cv: the first N train articles only (smoke tests only)")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.command == "cv":
        cross_validate(args.data, args.cache, args.out, args.folds_run, args.hidden, args.proj,
                       args.epochs, args.limit, tuple(args.snapshot_epochs))  # fmt: skip
    elif args.command == "merge":
        print(json.dumps({"folds": merge(args.parts, args.out)}))
    else:
        print(json.dumps(ship(args.data, args.cache, args.out, args.hidden, args.proj, args.epochs)))


if __name__ == "__main__":
    main()
