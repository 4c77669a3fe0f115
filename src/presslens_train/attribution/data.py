"""Training examples: per-token BIO tags for source, cue and content, read from PolNeAR's gold.

PolNeAR's attributions are flat (contents never nest or overlap, a cue never lies inside another
attribution's content; checked on train: 0 of 19,832), so one tag per token loses almost nothing.
A token takes the role of the gold span that covers its first character, cue before source before
content (a source may be shared by two attributions: "he said X and added Y").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from spacy.tokens import Doc

from presslens.attribution.features import PARA, Vocab
from presslens.attribution.tags import LABELS
from presslens.evaluation.polnear import Document, Span

ROLE_ORDER = ("cue", "source", "content")


def token_tags(doc: Doc, gold: Document) -> np.ndarray:
    """BIO tag ids (see `presslens.attribution.tags.LABELS`) for every token of ``doc``."""
    n = len(doc)
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = starts + np.array([len(t.text) for t in doc], dtype=np.int64)
    role = np.full(n, -1, dtype=np.int64)  # index into ROLE_ORDER
    span_id = np.full(n, -1, dtype=np.int64)
    spans: dict[tuple[str, Span], int] = {}
    for a in gold.attributions:
        for r, span in enumerate((a.cue, a.source, a.content)):
            if span is None:
                continue
            key = (ROLE_ORDER[r], span)
            sid = spans.setdefault(key, len(spans))
            for s, e in span.parts:
                lo, hi = np.searchsorted(starts, s, side="left"), np.searchsorted(starts, e, side="left")
                # a token whose first character is inside the part (or that starts before and runs into it)
                if lo > 0 and ends[lo - 1] > s:
                    lo -= 1
                for i in range(lo, hi):
                    if doc[i].is_space:
                        continue
                    if role[i] == -1 or r < role[i]:
                        role[i] = r
                        span_id[i] = sid
    tags = np.zeros(n, dtype=np.int64)
    prev_sid = -1
    for i in range(n):
        if role[i] < 0:
            prev_sid = -1 if not doc[i].is_space else prev_sid
            continue
        name = ROLE_ORDER[role[i]]
        begin = span_id[i] != prev_sid
        tags[i] = LABELS.index(("B-" if begin else "I-") + name)
        prev_sid = span_id[i]
    return tags


def build_vocab(docs: Sequence[Doc], min_word: int = 3, max_words: int = 20000) -> Vocab:
    """Vocabularies from the training docs: words seen ``min_word`` times, every tag/label seen."""
    counts: dict[str, Counter[str]] = {v: Counter() for v in ("word", "suffix", "shape", "tag", "dep", "ent")}
    for doc in docs:
        for t in doc:
            counts["word"][PARA if t.is_space and "\n" in t.text else t.lower_] += 1
            counts["suffix"][t.suffix_] += 1
            counts["shape"][t.shape_] += 1
            counts["tag"][t.tag_] += 1
            counts["dep"][t.dep_] += 1
            counts["ent"][t.ent_type_] += 1
    strings: dict[str, list[str]] = {}
    for name, counter in counts.items():
        floor = min_word if name in ("word", "suffix", "shape") else 1
        keep = [s for s, c in counter.most_common(max_words) if c >= floor and s]
        strings[name] = sorted(keep)
    if PARA not in strings["word"]:
        strings["word"].append(PARA)
    return Vocab(strings)
