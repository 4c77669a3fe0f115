"""The tagger network (PyTorch, training only; shipped as ONNX).

Embeddings of the categorical token features and spaCy's own contextual vectors go through one
dense layer and a small bidirectional LSTM, which carries what a token-local model cannot see:
the ", he said" forty tokens after the quotation it attributes. Sizes are small on purpose: the
whole tagger must cost a few milliseconds per article on one core.
"""

from __future__ import annotations

import torch
from torch import nn

from presslens.attribution.features import FIELDS
from presslens.attribution.tags import LABELS

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


def embed_dim(field: str) -> int:
    from presslens.attribution.features import vocab_of

    return EMBED_DIMS[vocab_of(field)] if vocab_of(field) in EMBED_DIMS else EMBED_DIMS[field]


class Tagger(nn.Module):
    def __init__(
        self, sizes: list[int], n_nums: int, hidden: int = 64, proj: int = 128, dropout: float = 0.2
    ):
        super().__init__()
        from presslens.attribution.features import vocab_of

        # fields that share a vocabulary share an embedding table
        self.tables = nn.ModuleDict()
        self.table_of: list[str] = []
        for field, size in zip(FIELDS, sizes, strict=True):
            key = vocab_of(field)
            if key not in self.tables:
                self.tables[key] = nn.Embedding(size, embed_dim(field), padding_idx=0)
            self.table_of.append(key)
        in_dim = sum(embed_dim(f) for f in FIELDS) + n_nums
        self.drop = nn.Dropout(dropout)
        self.proj = nn.Linear(in_dim, proj)
        self.lstm = nn.LSTM(proj, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(LABELS))

    def forward(
        self, ids: torch.Tensor, nums: torch.Tensor, lengths: torch.Tensor | None = None
    ) -> torch.Tensor:
        """ids [B, N, F] int64, nums [B, N, D] float -> logits [B, N, len(LABELS)].

        ``lengths`` (training) packs the batch so that padding never reaches the backward LSTM; the
        exported graph runs one unpadded window at a time.
        """
        parts = [self.tables[key](ids[..., k]) for k, key in enumerate(self.table_of)]
        x = torch.cat([*parts, nums], dim=-1)
        x = torch.relu(self.proj(self.drop(x)))
        x = self.drop(x)
        if lengths is not None:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            out, _ = self.lstm(packed)
            x, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        else:
            x, _ = self.lstm(x)
        return self.out(self.drop(x))
