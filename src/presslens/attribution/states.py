"""The rhetoric encoder's contextual states, pooled onto spaCy tokens, as extra tagger input.

Why: the attribution tagger reads the spaCy parse, which sees a token's syntax but little of its
sense ("a poll *shows*", "*according* to"). PressLens already runs a small contextual encoder on
every article (the rhetoric model, `presslens.rhetoric.runtime`: int8 3-layer MiniLM over
windows packed from whole lines). Its last-layer states cost the attribution step nothing when
`techniques.v1` runs too: `RhetoricModel.token_states` computes them once per article and keeps
them for the next reader of the same text.

Pooling: a wordpiece belongs to the spaCy token whose characters hold its first character; a
token's state is the mean of its wordpieces'. A token with none (whitespace, a character the
tokenizer drops) gets zeros, and the tagger's reduction keeps zeros at zero (`reduce_states`).
Training (`presslens_train.attribution.encoder`) and run time both pool here.
"""

from __future__ import annotations

import numpy as np

#: Width of the rhetoric encoder's hidden states (MiniLM).
STATE_WIDTH = 384


def pool(starts: np.ndarray, ends: np.ndarray, offsets: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Mean wordpiece state per token: ``starts``/``ends`` [n] token character bounds (sorted),
    ``offsets`` [P, 2] wordpiece character bounds, ``hidden`` [P, H] -> [n, H] float32."""
    n = len(starts)
    width = hidden.shape[1] if hidden.ndim == 2 else 0
    out = np.zeros((n, width), np.float32)
    if n == 0 or len(offsets) == 0:
        return out
    first = offsets[:, 0]
    tok = np.searchsorted(starts, first, side="right") - 1
    inside = (tok >= 0) & (first < ends[np.maximum(tok, 0)])
    tok = tok[inside]
    np.add.at(out, tok, hidden[inside].astype(np.float32))
    count = np.bincount(tok, minlength=n).astype(np.float32)
    out /= np.maximum(count, 1.0)[:, None]
    return out


def token_bounds(doc) -> tuple[np.ndarray, np.ndarray]:
    """Character start and end of every token of a spaCy ``doc``."""
    starts = np.fromiter((t.idx for t in doc), np.int64, count=len(doc))
    ends = starts + np.fromiter((len(t.text) for t in doc), np.int64, count=len(doc))
    return starts, ends


def doc_states(doc, text: str, encoder=None) -> np.ndarray:
    """[len(doc), H] pooled encoder states of ``doc`` (parsed from ``text``). ``encoder``: a
    `RhetoricModel` (default: the shipped one, shared with techniques.v1 in this process)."""
    if encoder is None:
        from presslens.rhetoric.runtime import get_model

        encoder = get_model()
    offsets, hidden = encoder.token_states(text)
    return pool(*token_bounds(doc), offsets, hidden)


def reduce_states(states: np.ndarray, mean: np.ndarray, components: np.ndarray) -> np.ndarray:
    """Principal components of pooled states; a token without a state (all zeros) stays zeros.
    The exported tagger graph does the same (`presslens_train.attribution.network.Exported`)."""
    has = np.abs(states).sum(axis=1, keepdims=True) > 0
    return (((states - mean) @ components) * has).astype(np.float32)
