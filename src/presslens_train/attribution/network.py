"""The tagger network (PyTorch, training only; shipped as ONNX).

Embeddings of the categorical token features (and, optionally, spaCy's own contextual vectors)
go through one dense layer and a small bidirectional LSTM, which carries what a token-local model
cannot see: the ", he said" forty tokens after the quotation it attributes. Sizes are small on
purpose: the whole tagger must cost a few milliseconds per article on one core.

Imports only torch, so the same file trains on a machine without spaCy (features packed there as
arrays).
"""

from __future__ import annotations

import torch
from torch import nn

#: Embedding width per vocabulary (fields that share a vocabulary share a table).
EMBED_DIMS = {
    "word": 48,
    "suffix": 16,
    "shape": 8,
    "tag": 16,
    "dep": 16,
    "ent": 8,
    "quote": 4,
    "kids": 8,
}


class Tagger(nn.Module):
    def __init__(
        self,
        field_vocab: list[str],
        sizes: dict[str, int],
        n_nums: int,
        n_labels: int,
        hidden: int = 64,
        proj: int = 128,
        dropout: float = 0.25,
    ) -> None:
        super().__init__()
        self.tables = nn.ModuleDict(
            {v: nn.Embedding(sizes[v], EMBED_DIMS[v], padding_idx=0) for v in dict.fromkeys(field_vocab)}
        )
        self.field_vocab = list(field_vocab)
        in_dim = sum(EMBED_DIMS[v] for v in field_vocab) + n_nums
        self.drop = nn.Dropout(dropout)
        self.proj = nn.Linear(in_dim, proj)
        self.lstm = nn.LSTM(proj, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, n_labels)

    def forward(
        self, ids: torch.Tensor, nums: torch.Tensor, lengths: torch.Tensor | None = None
    ) -> torch.Tensor:
        """ids [B, N, F] int64, nums [B, N, D] float -> logits [B, N, n_labels].

        ``lengths`` (training) packs the batch so that padding never reaches the backward LSTM; the
        exported graph runs one unpadded window at a time.
        """
        parts = [self.tables[v](ids[..., k]) for k, v in enumerate(self.field_vocab)]
        x = torch.cat([*parts, nums], dim=-1)
        x = torch.relu(self.proj(self.drop(x)))
        x = self.drop(x)
        if lengths is not None:
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lengths.cpu(), batch_first=True, enforce_sorted=False
            )
            out, _ = self.lstm(packed)
            x, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        else:
            x, _ = self.lstm(x)
        return self.out(self.drop(x))


class Exported(nn.Module):
    """What ships as ONNX: the tagger behind the runtime's input layout.

    The runtime passes spaCy's full tensor (96 values) and the flags; the principal components the
    tagger was trained on (if any) are applied here, inside the graph. A tagger trained on the
    rhetoric encoder's states also takes ``states`` (pooled per token, 384 values; zeros for a token
    without a state, which stay zeros: `presslens.attribution.states.reduce_states`) and reduces
    them here too.
    """

    def __init__(
        self,
        tagger: Tagger,
        mean: torch.Tensor | None,
        components: torch.Tensor | None,
        states_mean: torch.Tensor | None = None,
        states_components: torch.Tensor | None = None,
    ) -> None:
        super().__init__()
        self.tagger = tagger
        self.width = 96
        self.reduce = components is not None and components.shape[1] > 0
        if self.reduce:
            self.register_buffer("mean", mean)
            self.register_buffer("components", components)
        self.with_states = states_components is not None and states_components.shape[1] > 0
        if self.with_states:
            self.register_buffer("states_mean", states_mean)
            self.register_buffer("states_components", states_components)

    def forward(
        self, ids: torch.Tensor, nums: torch.Tensor, states: torch.Tensor | None = None
    ) -> torch.Tensor:
        flags = nums[..., self.width :]
        parts = []
        if self.reduce:
            parts.append((nums[..., : self.width] - self.mean) @ self.components)
        if self.with_states:
            has = (states.abs().sum(dim=-1, keepdim=True) > 0).to(states.dtype)
            parts.append(((states - self.states_mean) @ self.states_components) * has)
        return self.tagger(ids, torch.cat([*parts, flags], dim=-1) if parts else flags)
