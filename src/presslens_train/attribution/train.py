"""Train, export and evaluate the attribution extractor (``presslens train attribution``).

Reproducible: fixed seeds, one thread, the PolNeAR train split only; dev is read for the final
figures (and for picking among the few variants listed in docs/attribution-model-card.md, beside
their cross-validated figures over train folds).
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from presslens.attribution import assemble as A
from presslens.attribution.features import Features, Vocab, extract
from presslens.attribution.features import windows as feature_windows
from presslens.attribution.runtime import ARTIFACT_FILES, VERSION, AttributionModel, sha256_file
from presslens.attribution.tags import LABELS
from presslens.evaluation.polnear import Attribution, Document, Span, headline, score
from presslens_train.attribution.data import build_vocab, field_sizes, token_tags

log = logging.getLogger(__name__)


@dataclass
class Settings:
    epochs: int = 12
    hidden: int = 64
    proj: int = 128
    dropout: float = 0.25
    lr: float = 2e-3
    batch_docs: int = 32
    seed: int = 13
    min_word: int = 3
    max_tokens: int = 128  # windows of whole paragraphs (features.windows), at training and run time
    source_threshold: float = 0.5


@dataclass
class Example:
    name: str
    doc: Doc
    gold: Document
    feats: Features
    tags: np.ndarray
    skip: np.ndarray


def examples(docs: list[Document], parsed: list[Doc], vocab: Vocab) -> list[Example]:
    out = []
    for gold, doc in zip(docs, parsed, strict=True):
        skip = np.array([t.is_space for t in doc], dtype=bool)
        out.append(Example(gold.name, doc, gold, extract(doc, vocab), token_tags(doc, gold), skip))
    return out


# ---- linking -------------------------------------------------------------------------------------
def _token_range(doc: Doc, starts: np.ndarray, s: int, e: int) -> tuple[int, int] | None:
    lo = int(np.searchsorted(starts, s, side="right")) - 1
    lo = max(lo, 0)
    if doc[lo].idx + len(doc[lo]) <= s:
        lo += 1
    hi = int(np.searchsorted(starts, e, side="left"))
    while hi > lo and doc[hi - 1].is_space:
        hi -= 1
    return (lo, hi) if hi > lo else None


def gold_pieces(
    ex: Example,
) -> tuple[list[A.Piece], list[tuple[A.Piece, A.Piece]], list[tuple[A.Piece, A.Piece | None]]]:
    """Gold spans as pieces, with (content, cue) links and (cue, source-or-None) links."""
    doc, heads, para = ex.doc, ex.feats.heads, ex.feats.para
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    made: dict[tuple[str, int, int], A.Piece] = {}

    def piece(role: str, span: Span | None) -> list[A.Piece]:
        if span is None:
            return []
        out = []
        for s, e in span.parts:
            rng = _token_range(doc, starts, s, e)
            if rng is None:
                continue
            key = (role, *rng)
            if key not in made:
                root = A.span_root(heads, *rng)
                made[key] = A.Piece(role, rng[0], rng[1], root, int(para[root]))
            out.append(made[key])
        return out

    content_links, source_links = [], []
    for a in ex.gold.attributions:
        cues = piece("cue", a.cue)
        contents = piece("content", a.content)
        sources = piece("source", a.source)
        if not cues:
            piece("content", a.content)
            continue
        cue = cues[0]
        content_links += [(c, cue) for c in contents]
        source_links.append((cue, sources[0] if sources else None))
    pieces = sorted(made.values(), key=lambda p: (p.first, p.role))
    return pieces, content_links, source_links


def linker_data(items: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    xc, yc, xs, ys = [], [], [], []
    for ex in items:
        pieces, content_links, source_links = gold_pieces(ex)
        ctx = A.context_of(ex.doc, ex.feats.heads)
        cues = [p for p in pieces if p.role == "cue"]
        sources = [p for p in pieces if p.role == "source"]
        truth = {id(c): id(q) for c, q in content_links}
        for content in (p for p in pieces if p.role == "content"):
            for cue in cues:
                if abs(cue.para - content.para) > A.PARAGRAPH_REACH:
                    continue
                xc.append(A.content_pair_features(ctx, pieces, cue, content))
                yc.append(truth.get(id(content)) == id(cue))
        for cue, gold_source in source_links:
            for source in sources:
                if abs(cue.para - source.para) > A.PARAGRAPH_REACH:
                    continue
                xs.append(A.source_pair_features(ctx, pieces, cue, source))
                ys.append(source is gold_source)
    return np.array(xc), np.array(yc), np.array(xs), np.array(ys)


def fit_linker(items: list[Example]) -> dict[str, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    xc, yc, xs, ys = linker_data(items)
    weights = {}
    for name, x, y in (("content", xc, yc), ("source", xs, ys)):
        model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000)
        model.fit(x, y)
        weights[name] = model.coef_[0].astype(np.float32)
        log.info(
            "linker %s: %d pairs, %.1f%% positive, train acc %.3f",
            name,
            len(y),
            100 * y.mean(),
            model.score(x, y),
        )
    return weights


# ---- tagger --------------------------------------------------------------------------------------
def train_tagger(items: list[Example], vocab: Vocab, settings: Settings, dev: list[Example] | None = None):
    import torch
    from torch import nn

    from presslens_train.attribution.network import Tagger

    torch.manual_seed(settings.seed)
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    n_nums = items[0].feats.nums.shape[1]
    model = Tagger(field_sizes(vocab), n_nums, settings.hidden, settings.proj, settings.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=settings.lr)
    windows = [(ex, s, e) for ex in items for s, e in feature_windows(ex.feats.para, settings.max_tokens)]
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    steps = settings.epochs * ((len(windows) + settings.batch_docs - 1) // settings.batch_docs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=settings.lr, total_steps=steps, pct_start=0.1)
    for epoch in range(settings.epochs):
        model.train()
        random.shuffle(windows)
        # similar lengths together, batches shuffled
        batches = [windows[i : i + settings.batch_docs] for i in range(0, len(windows), settings.batch_docs)]
        total, t0 = 0.0, time.time()
        for batch in batches:
            width = max(e - s for _, s, e in batch)
            ids = np.zeros((len(batch), width, items[0].feats.ids.shape[1]), dtype=np.int64)
            nums = np.zeros((len(batch), width, n_nums), dtype=np.float32)
            target = np.full((len(batch), width), -100, dtype=np.int64)
            for b, (ex, s, e) in enumerate(batch):
                ids[b, : e - s] = ex.feats.ids[s:e]
                nums[b, : e - s] = ex.feats.nums[s:e]
                target[b, : e - s] = np.where(ex.skip[s:e], -100, ex.tags[s:e])
            lengths = torch.tensor([e - s for _, s, e in batch])
            logits = model(torch.from_numpy(ids), torch.from_numpy(nums), lengths)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), torch.from_numpy(target).reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            total += float(loss.detach())
        log.info("epoch %d: loss %.4f (%.0f s)", epoch + 1, total / len(batches), time.time() - t0)
    model.eval()
    return model


def export_onnx(model: Any, path: Path, n_fields: int, n_nums: int) -> None:
    import torch

    ids = torch.zeros((1, 7, n_fields), dtype=torch.int64)
    nums = torch.zeros((1, 7, n_nums), dtype=torch.float32)
    torch.onnx.export(
        model,
        (ids, nums),
        str(path),
        input_names=["ids", "nums"],
        output_names=["logits"],
        dynamic_axes={"ids": {1: "tokens"}, "nums": {1: "tokens"}, "logits": {1: "tokens"}},
        opset_version=17,
        dynamo=False,
    )


def write_artifact(
    folder: Path,
    model: Any,
    vocab: Vocab,
    linker: dict[str, np.ndarray],
    settings: Settings,
    info: dict[str, Any],
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    n_fields = len(field_sizes(vocab))
    export_onnx(model, folder / "tagger.onnx", n_fields, model.proj.in_features - _embed_total(model))
    (folder / "vocab.json").write_text(json.dumps(vocab.strings, ensure_ascii=False), encoding="utf-8")
    np.savez(folder / "linker.npz", content=linker["content"], source=linker["source"])
    meta = {
        "version": VERSION,
        "labels": list(LABELS),
        "source_threshold": settings.source_threshold,
        "window_tokens": settings.max_tokens,
        "settings": settings.__dict__,
        **info,
        "files": {name: sha256_file(folder / name) for name in ARTIFACT_FILES},
    }
    (folder / "metadata.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _embed_total(model: Any) -> int:
    from presslens.attribution.features import FIELDS
    from presslens_train.attribution.network import embed_dim

    return sum(embed_dim(f) for f in FIELDS)


# ---- evaluation ----------------------------------------------------------------------------------
def predict(model: AttributionModel, items: list[Example]) -> dict[str, list[Attribution]]:
    out: dict[str, list[Attribution]] = {}
    for ex in items:
        found = model(ex.doc)
        out[ex.name] = [
            Attribution(
                Span.of(*f.content),
                Span.of(f.source) if f.source else None,
                Span.of(f.cue) if f.cue else None,
                f.kind,
            )
            for f in found
        ]
    return out


def evaluate(folder: Path, items: list[Example]) -> dict[str, Any]:
    model = AttributionModel.load(folder, metadata_sha256=None)
    return score([ex.gold for ex in items], predict(model, items))


def fit(
    train: list[Document], train_parsed: list[Doc], settings: Settings, folder: Path, info: dict[str, Any]
) -> tuple[Vocab, list[Example]]:
    """Fit vocab, tagger and linker on ``train`` and write the artifact to ``folder``."""
    vocab = build_vocab(train_parsed, settings.min_word)
    items = examples(train, train_parsed, vocab)
    linker = fit_linker(items)
    model = train_tagger(items, vocab, settings)
    write_artifact(folder, model, vocab, linker, settings, info)
    return vocab, items


def summary(result: dict[str, Any]) -> dict[str, Any]:
    return {"headline": headline(result), "all": result["all"]}
