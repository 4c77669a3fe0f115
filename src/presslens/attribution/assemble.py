"""From tagged spans to attributions: which content and which source belong to which cue.

The tagger marks cue, source and content spans; an attribution is one cue with the content
span(s) it introduces (two when the cue interrupts a quotation) and its source. Links are chosen
by two small logistic models over pair features (direction, distance, syntax, what lies between),
trained on PolNeAR's gold links; every content goes to its best-scoring cue in reach, every cue
takes its best-scoring source when that beats "none". A content with no cue in reach stays an
attribution of its own, without cue or source (PolNeAR has a few; unsure stays unsaid).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc

#: Token-gap buckets (upper bounds) for pair features.
GAP_BUCKETS = (0, 1, 2, 5, 10, 20, 40)
#: How many paragraphs apart a content or source may be from its cue.
PARAGRAPH_REACH = 1


@dataclass(slots=True)
class Piece:
    """A tagged span: its role, tokens [first, last), root token and paragraph."""

    role: str
    first: int
    last: int
    root: int
    para: int
    confidence: float = 1.0


@dataclass(slots=True)
class Assembled:
    """One attribution in token terms."""

    cue: Piece | None
    contents: list[Piece] = field(default_factory=list)
    source: Piece | None = None
    link_confidence: float = 1.0


def span_root(heads: np.ndarray, first: int, last: int) -> int:
    """The token of ``[first, last)`` whose head lies outside it (the first one found)."""
    for i in range(first, last):
        h = int(heads[i])
        if h == i or h < first or h >= last:
            return i
    return first


def _ancestor(heads: np.ndarray, anc: int, tok: int, limit: int = 12) -> bool:
    """Whether ``anc`` dominates ``tok`` (or is it)."""
    for _ in range(limit):
        if tok == anc:
            return True
        h = int(heads[tok])
        if h == tok:
            return False
        tok = h
    return False


def _gap(a: Piece, b: Piece) -> tuple[int, int]:
    """(direction, tokens between): direction -1 when ``b`` lies before ``a``, 1 after."""
    if b.last <= a.first:
        return -1, a.first - b.last
    if b.first >= a.last:
        return 1, b.first - a.last
    return 0, 0


def _bucket(gap: int) -> list[float]:
    out = [0.0] * (len(GAP_BUCKETS) + 1)
    for k, bound in enumerate(GAP_BUCKETS):
        if gap <= bound:
            out[k] = 1.0
            return out
    out[-1] = 1.0
    return out


def _between(pieces: list[Piece], a: Piece, b: Piece, role: str) -> int:
    lo, hi = min(a.last, b.last), max(a.first, b.first)
    return sum(
        1 for p in pieces if p.role == role and p is not a and p is not b and p.first >= lo and p.last <= hi
    )


@dataclass(slots=True)
class PairContext:
    """What pair features read from the parse."""

    heads: np.ndarray
    sent: np.ndarray  # sentence number of each token
    deps: list[str]
    words: list[str]  # lower-cased token texts
    text: str
    starts: np.ndarray


def context_of(doc: Doc, heads: np.ndarray) -> PairContext:
    sent = np.zeros(len(doc), dtype=np.int64)
    for k, s in enumerate(doc.sents):
        sent[s.start : s.end] = k
    return PairContext(
        heads,
        sent,
        [t.dep_ for t in doc],
        [t.lower_ for t in doc],
        doc.text,
        np.array([t.idx for t in doc], dtype=np.int64),
    )


def content_pair_features(ctx: PairContext, pieces: list[Piece], cue: Piece, content: Piece) -> list[float]:
    direction, gap = _gap(cue, content)
    h = ctx.heads
    governs = _ancestor(h, cue.root, content.root)
    governed = _ancestor(h, content.root, cue.root)
    first_char = ctx.text[int(ctx.starts[content.first])] if content.first < len(ctx.starts) else ""
    colon = any(
        ctx.words[i] == ":" for i in range(min(cue.last, content.first), max(cue.first, content.last))
    )
    cues_between = _between(pieces, cue, content, "cue")
    contents_between = _between(pieces, cue, content, "content")
    return [
        1.0,
        float(direction == 1),
        float(direction == -1),
        *_bucket(gap),
        float(ctx.sent[cue.root] == ctx.sent[content.root]),
        float(cue.para == content.para),
        float(governs),
        float(governed),
        float(int(h[content.root]) == cue.root),
        float(first_char in '"“‘'),
        float(colon),
        float(cues_between == 0),
        float(cues_between >= 2),
        float(contents_between == 0),
        float(ctx.deps[content.root] in ("ccomp", "xcomp", "dobj", "pobj")),
        float(ctx.deps[cue.root] in ("parataxis", "advcl", "relcl", "acl")),
    ]


def source_pair_features(ctx: PairContext, pieces: list[Piece], cue: Piece, source: Piece) -> list[float]:
    direction, gap = _gap(cue, source)
    h = ctx.heads
    dep = ctx.deps[source.root]
    subject_of_cue = int(h[source.root]) == cue.root and dep in ("nsubj", "nsubjpass", "agent")
    governs = _ancestor(h, cue.root, source.root)
    # "X, who said", "saying" (advcl) or "according to X": the source hangs off the cue's head
    near_head = int(h[source.root]) == int(h[cue.root]) and source.root != cue.root
    relative = ctx.words[source.root] in ("who", "which", "that")
    return [
        1.0,
        float(direction == 1),
        float(direction == -1),
        *_bucket(gap),
        float(ctx.sent[cue.root] == ctx.sent[source.root]),
        float(cue.para == source.para),
        float(subject_of_cue),
        float(governs),
        float(near_head),
        float(dep in ("nsubj", "nsubjpass")),
        float(dep == "pobj"),
        float(relative),
        float(_between(pieces, cue, source, "cue") == 0),
        float(_between(pieces, cue, source, "content") == 0),
        float(ctx.words[cue.first] == "according"),
    ]


_GAPS = tuple(f"gap<={b}" for b in GAP_BUCKETS) + (f"gap>{GAP_BUCKETS[-1]}",)
#: Names of the pair features, in order (the linker weights in the artifact follow them).
CONTENT_FEATURES = (
    "bias", "after", "before", *_GAPS, "same_sentence", "same_paragraph", "cue_governs", "content_governs",
    "content_root_child_of_cue", "content_opens_quote", "colon_between", "no_cue_between",
    "cues_between>=2", "no_content_between", "content_root_complement", "cue_root_subordinate",
)  # fmt: skip
SOURCE_FEATURES = (
    "bias", "after", "before", *_GAPS, "same_sentence", "same_paragraph", "subject_of_cue", "cue_governs",
    "same_head", "source_is_subject", "source_is_pobj", "relative_pronoun", "no_cue_between",
    "no_content_between", "according_to",
)  # fmt: skip
N_CONTENT_FEATURES = len(CONTENT_FEATURES)
N_SOURCE_FEATURES = len(SOURCE_FEATURES)


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def assemble(
    ctx: PairContext,
    pieces: list[Piece],
    content_weights: np.ndarray,
    source_weights: np.ndarray,
    source_threshold: float = 0.5,
) -> list[Assembled]:
    """Attributions from tagged pieces: contents to cues, then a source per cue."""
    cues = [p for p in pieces if p.role == "cue"]
    contents = [p for p in pieces if p.role == "content"]
    sources = [p for p in pieces if p.role == "source"]
    by_cue: dict[int, Assembled] = {id(c): Assembled(c) for c in cues}
    alone: list[Assembled] = []
    for content in contents:
        best, best_score = None, -np.inf
        for cue in cues:
            if abs(cue.para - content.para) > PARAGRAPH_REACH:
                continue
            s = float(np.dot(content_weights, content_pair_features(ctx, pieces, cue, content)))
            if s > best_score:
                best, best_score = cue, s
        if best is None or best_score < 0:
            alone.append(Assembled(None, [content], None, 1.0 - _sigmoid(best_score) if best else 1.0))
        else:
            item = by_cue[id(best)]
            item.contents.append(content)
            item.link_confidence = min(item.link_confidence, _sigmoid(best_score))
    out = [a for a in by_cue.values() if a.contents]
    for item in out:
        cue = item.cue
        assert cue is not None
        best, best_p = None, source_threshold
        for source in sources:
            if abs(cue.para - source.para) > PARAGRAPH_REACH:
                continue
            p = _sigmoid(float(np.dot(source_weights, source_pair_features(ctx, pieces, cue, source))))
            if p > best_p:
                best, best_p = source, p
        item.source = best
    out.extend(alone)
    out.sort(key=lambda a: min(c.first for c in a.contents))
    return out
