"""The tag set of the attribution tagger and its constrained (BIO-valid) Viterbi decoding."""

from __future__ import annotations

import numpy as np

LABELS = ("O", "B-cue", "I-cue", "B-source", "I-source", "B-content", "I-content")
ROLES = ("cue", "source", "content")


def decode(
    probs: np.ndarray, skip: np.ndarray | None = None, weights: np.ndarray | None = None
) -> np.ndarray:
    """BIO-valid tags from per-token probabilities [N, len(LABELS)], without a Viterbi loop.

    Each token takes the role (O, cue, source, content) with the largest B+I mass; a role run
    starts a new span where the token's B outweighs its I. Whitespace tokens (``skip``) are "O"
    but do not break a span. ``weights`` scale the role masses (O, cue, source, content) before the
    argmax: above 1 a role is marked more readily (its spans are only candidates for the linker,
    which can still leave them out). Vectorised: a Python loop over 1,000 tokens would cost more than
    the tagger itself.
    """
    n = probs.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    mass = np.stack(
        [probs[:, 0], probs[:, 1] + probs[:, 2], probs[:, 3] + probs[:, 4], probs[:, 5] + probs[:, 6]], 1
    )
    if weights is not None:
        mass = mass * weights
    role = mass.argmax(axis=1)  # 0 = O, 1 cue, 2 source, 3 content
    if skip is not None:
        role[skip] = 0
    keep = np.flatnonzero(role > 0) if skip is None else np.flatnonzero(~skip)
    prev_role = np.zeros(n, dtype=np.int64)
    if len(keep) > 1:
        prev_role[keep[1:]] = role[keep[:-1]]
    b_prob = probs[np.arange(n), np.maximum(2 * role - 1, 0)]
    i_prob = probs[np.arange(n), 2 * role]
    begin = (prev_role != role) | (b_prob > i_prob)
    tags = np.where(role == 0, 0, np.where(begin, 2 * role - 1, 2 * role))
    return tags.astype(np.int64)


def spans_of(tags: np.ndarray, skip: np.ndarray | None = None) -> list[tuple[str, int, int]]:
    """(role, first token, last token + 1) for each tagged span; skipped tokens never end one."""
    spans: list[tuple[str, int, int]] = []
    current: list = []
    for i, tag in enumerate(tags.tolist()):
        if skip is not None and skip[i]:
            continue
        label = LABELS[tag]
        if label == "O" or label.startswith("B-"):
            if current:
                spans.append(tuple(current))  # type: ignore[arg-type]
                current = []
            if label.startswith("B-"):
                current = [label[2:], i, i + 1]
        elif current:
            current[2] = i + 1
    if current:
        spans.append(tuple(current))  # type: ignore[arg-type]
    return spans
