"""Fitting the tagger on packed arrays (torch + numpy only: runs where spaCy is not installed).

The corpus is packed as concatenated token arrays plus window bounds (`presslens.attribution.
features.windows`: whole paragraphs, at most ``window_tokens`` long), so the same loop trains on
this machine's CPU (``presslens train attribution``) or on a GPU for the cross-validation grid.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

N_FLAGS = 4
TENSOR_WIDTH = 96


@dataclass
class Settings:
    epochs: int = 10
    hidden: int = 64
    proj: int = 128
    dropout: float = 0.25
    lr: float = 3e-3
    batch_windows: int = 64
    seed: int = 13
    min_word: int = 3
    window_tokens: int = 128
    tensor_dims: int = 0  # 0: spaCy's doc.tensor unused; k: its first k principal components
    #: 0: no encoder states; k: the first k principal components of the rhetoric encoder's states
    #: pooled onto tokens (`presslens.attribution.states`), after the spaCy components in ``tensor``
    encoder_dims: int = 0
    #: 0: no clause columns; k: the `presslens.attribution.clauses` columns (k of them), after the flags
    clause_features: int = 0
    # decoding and linking, chosen on out-of-fold predictions over train folds (model card)
    source_threshold: float = 0.1
    content_threshold: float = -100.0  # a content goes to its best cue in reach, however weak
    keep_uncued: str = "quoted"  # a content with no cue in reach survives only if it holds a quotation
    parse_fallback: bool = True  # a cue with no tagged source takes its grammatical subject
    role_weights: tuple[float, float, float, float] = (1.0, 1.0, 2.0, 1.0)  # O, cue, source, content


@dataclass
class Packed:
    """Token arrays of many articles, concatenated, with window bounds into them."""

    ids: np.ndarray  # [T, F] int64
    tensor: np.ndarray  # [T, k] float32 (already reduced; k may be 0): spaCy's, then the encoder's
    flags: np.ndarray  # [T, N_FLAGS + clause columns] float32
    tags: np.ndarray  # [T] int64, -100 where not scored (whitespace)
    bounds: np.ndarray  # [W, 2] token ranges of the windows
    doc_of_window: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def subset(self, windows: np.ndarray) -> Packed:
        return Packed(
            self.ids, self.tensor, self.flags, self.tags, self.bounds[windows], self.doc_of_window[windows]
        )


def pca(tensor: np.ndarray, dims: int, seed: int = 13) -> tuple[np.ndarray, np.ndarray]:
    """(mean [96], components [96, dims]) of spaCy tensors, from at most 200,000 rows."""
    rng = np.random.default_rng(seed)
    rows = tensor if len(tensor) <= 200_000 else tensor[rng.choice(len(tensor), 200_000, replace=False)]
    mean = rows.mean(axis=0)
    _u, _s, vt = np.linalg.svd(rows - mean, full_matrices=False)
    return mean.astype(np.float32), vt[:dims].T.astype(np.float32)


def build(field_vocab: list[str], sizes: dict[str, int], n_labels: int, settings: Settings):
    from presslens_train.attribution.network import Tagger

    return Tagger(
        field_vocab,
        sizes,
        settings.tensor_dims + settings.encoder_dims + N_FLAGS + settings.clause_features,
        n_labels,
        settings.hidden,
        settings.proj,
        settings.dropout,
    )


def _batch(data: Packed, windows: list[int], device: str):
    import torch

    width = max(int(data.bounds[w, 1] - data.bounds[w, 0]) for w in windows)
    n = len(windows)
    ids = np.zeros((n, width, data.ids.shape[1]), dtype=np.int64)
    nums = np.zeros((n, width, data.tensor.shape[1] + data.flags.shape[1]), dtype=np.float32)
    target = np.full((n, width), -100, dtype=np.int64)
    lengths = []
    for b, w in enumerate(windows):
        s, e = int(data.bounds[w, 0]), int(data.bounds[w, 1])
        ids[b, : e - s] = data.ids[s:e]
        nums[b, : e - s, : data.tensor.shape[1]] = data.tensor[s:e]
        nums[b, : e - s, data.tensor.shape[1] :] = data.flags[s:e]
        target[b, : e - s] = data.tags[s:e]
        lengths.append(e - s)
    as_t = lambda x: torch.from_numpy(x).to(device)  # noqa: E731
    return as_t(ids), as_t(nums), as_t(target), torch.tensor(lengths)


def train_tagger(
    data: Packed,
    field_vocab: list[str],
    sizes: dict[str, int],
    n_labels: int,
    settings: Settings,
    device: str = "cpu",
    after_epoch: Callable[[int, Any], None] | None = None,
):
    """Train a tagger on every window of ``data``; returns it in eval mode (on ``device``).
    ``after_epoch(n, model)`` runs after epoch n (1-based) with the model in eval mode (a snapshot's
    predictions: no gradient and no random draw, so the training that follows is unchanged)."""
    import torch
    from torch import nn

    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    model = build(field_vocab, sizes, n_labels, settings).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=settings.lr)
    order = list(range(len(data.bounds)))
    per_epoch = (len(order) + settings.batch_windows - 1) // settings.batch_windows
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=settings.lr, total_steps=settings.epochs * per_epoch, pct_start=0.1
    )
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    for epoch in range(settings.epochs):
        model.train()
        rng.shuffle(order)
        total, t0 = 0.0, time.time()
        for k in range(0, len(order), settings.batch_windows):
            ids, nums, target, lengths = _batch(data, order[k : k + settings.batch_windows], device)
            logits = model(ids, nums, lengths)
            loss = loss_fn(logits.reshape(-1, n_labels), target.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            total += float(loss.detach())
        log.info("epoch %d: loss %.4f (%.0f s)", epoch + 1, total / per_epoch, time.time() - t0)
        if after_epoch is not None and epoch + 1 < settings.epochs:
            model.eval()
            after_epoch(epoch + 1, model)
    model.eval()
    return model


def predict_probs(model, data: Packed, n_labels: int, device: str = "cpu", batch: int = 256) -> np.ndarray:
    """Tag probabilities [T, n_labels] for the tokens of ``data``'s windows (zeros elsewhere)."""
    import torch

    out = np.zeros((len(data.ids), n_labels), dtype=np.float32)
    order = sorted(range(len(data.bounds)), key=lambda w: int(data.bounds[w, 1] - data.bounds[w, 0]))
    with torch.no_grad():
        for k in range(0, len(order), batch):
            windows = order[k : k + batch]
            ids, nums, _t, lengths = _batch(data, windows, device)
            probs = torch.softmax(model(ids, nums, lengths), dim=-1).cpu().numpy()
            for b, w in enumerate(windows):
                s, e = int(data.bounds[w, 0]), int(data.bounds[w, 1])
                out[s:e] = probs[b, : e - s]
    return out
