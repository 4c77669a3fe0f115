"""Rates of attributed speech, belief and documents, from PressLens's own attribution layer.

Why: a news report is mostly other people's words, pinned on named sources ("X said", "according
to a report"); an opinion piece is mostly the author's. `presslens.rhetoric.style` counts cue *words*
with a lexicon; these rates count what the attribution extractor (attribution.v1, trained on
PolNeAR) actually found: how many attributions of each kind per sentence, the share of sentences
and of characters that are attributed, how many distinct speakers, how many of them are named.
They describe how a text is written, not what it is about, so they may travel across topics; the
genre study (`presslens_train.rhetoric.genre_attrib`) measures whether they help by grouped CV.

The function reads plain tuples (no pipeline types), so the training side computes exactly what a
component would compute from the same layers. It lives in `presslens_train` because the session-8
study did not ship a head that reads it (docs/model-card.md, Genre, "Session 8 study"): a head that
does must move it to `presslens.rhetoric` and feed it from the techniques component.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

#: speech kinds of `presslens.layers.Attribution`
SPEECH = ("direct", "indirect", "mixed")

ATTRIBUTION_FEATURES: tuple[str, ...] = (
    "speech_per_sentence",
    "direct_per_sentence",
    "indirect_per_sentence",
    "belief_per_sentence",
    "document_per_sentence",
    "attributed_sentence_share",
    "speech_sentence_share",
    "attributed_char_share",
    "direct_char_share",
    "speakers_per_sentence",
    "log_distinct_speakers",
    "resolved_share",
    "named_speaker_share",
    "lede_attributed_share",
)
#: sentences counted as the lede
LEDE_SENTENCES = 5


class Attr(NamedTuple):
    """One attribution as the rates need it."""

    kind: str
    content: tuple[tuple[int, int], ...]
    cue: tuple[int, int] | None
    speaker: str | None  # the resolved name, None when unresolved or absent
    resolved_from: str | None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def attribution_rates(
    n_chars: int, sentences: Sequence[tuple[int, int]], attrs: Sequence[Attr]
) -> np.ndarray:
    """The `ATTRIBUTION_FEATURES` of one article (float32)."""
    n_sent = max(len(sentences), 1)
    speech = [a for a in attrs if a.kind in SPEECH]
    kinds = [a.kind for a in attrs]

    def sentence_hits(items: Sequence[Attr]) -> np.ndarray:
        hit = np.zeros(len(sentences), bool)
        spans = [s for a in items for s in (*a.content, *((a.cue,) if a.cue else ()))]
        for i, sent in enumerate(sentences):
            hit[i] = any(_overlaps(sent, s) for s in spans)
        return hit

    attributed = sentence_hits(attrs)
    covered = np.zeros(max(n_chars, 1), bool)
    direct_cov = np.zeros(max(n_chars, 1), bool)
    for a in attrs:
        for s, e in a.content:
            covered[s:e] = True
            if a.kind == "direct":
                direct_cov[s:e] = True
    speakers = {a.speaker for a in speech if a.speaker}
    resolved = [a for a in attrs if a.speaker]
    named = [a for a in speech if a.resolved_from == "name"]
    lede = attributed[:LEDE_SENTENCES]
    return np.array(
        [
            len(speech) / n_sent,
            kinds.count("direct") / n_sent,
            (kinds.count("indirect") + kinds.count("mixed")) / n_sent,
            kinds.count("belief") / n_sent,
            kinds.count("document") / n_sent,
            attributed.mean() if len(sentences) else 0.0,
            sentence_hits(speech).mean() if len(sentences) else 0.0,
            covered.mean(),
            direct_cov.mean(),
            len(speakers) / n_sent,
            np.log1p(len(speakers)),
            len(resolved) / len(attrs) if attrs else 0.0,
            len(named) / len(speech) if speech else 0.0,
            lede.mean() if len(lede) else 0.0,
        ],
        np.float32,
    )
