"""The nesting second pass studied for issue 10 (presslens_train.attribution.nesting): which nested
attributions are candidates, and what absorbing one into its outer cue gives. Fictional text."""

from __future__ import annotations

import numpy as np

from presslens.attribution import assemble as A
from presslens.attribution.features import Vocab, extract
from presslens.attribution.tags import LABELS
from presslens_train.attribution.nesting import FEATURES, absorb, candidates

EMPTY_VOCAB = {"word": [], "suffix": [], "shape": [], "tag": [], "dep": [], "ent": []}


def _piece(doc, role: str, words: str) -> A.Piece:
    """The piece covering the first occurrence of ``words`` (whole tokens) in ``doc``."""
    tokens = words.split()
    for i in range(len(doc)):
        if [t.text for t in doc[i : i + len(tokens)]] == tokens:
            first, last = i, i + len(tokens)
            heads = np.array([t.head.i for t in doc])
            root = A.span_root(heads, first, last)
            return A.Piece(role, first, last, root, 0, 0.6)
    raise AssertionError(f"{words!r} not in {doc.text!r}")


def _nested(pipeline, text: str):
    doc = pipeline.nlp(text)
    outer = _piece(doc, "cue", "said")
    inner = _piece(doc, "cue", "claimed")
    source = _piece(doc, "source", "the council")
    content = _piece(doc, "content", "the budget was balanced")
    pieces = [outer, source, inner, content]
    feats = extract(doc, Vocab(EMPTY_VOCAB))
    ctx = A.context_of(doc, feats, pieces)
    items = [A.Assembled(inner, [content], source, 0.9)]
    probs = np.full((len(doc), len(LABELS)), 1 / len(LABELS))
    return doc, ctx, pieces, items, probs, outer


def test_a_cue_governed_by_another_cue_is_a_candidate(pipeline):
    doc, ctx, pieces, items, probs, outer = _nested(
        pipeline, "The mayor said the council claimed the budget was balanced."
    )
    found = candidates(ctx, doc, pieces, items, {"say": [9, 10]}, probs)
    assert len(found) == 1
    assert found[0].outer is outer and found[0].inner is items[0]
    features = dict(zip(FEATURES, found[0].features, strict=True))
    assert features["outer_rate"] > 0.8 and features["inner_rate"] == 0.0  # "claim" not counted here
    assert features["outer_has_content"] == 0.0 and features["inner_has_source"] == 1.0
    assert features["outer_before"] == 1.0


def test_no_candidate_across_sentences(pipeline):
    doc = pipeline.nlp("The mayor said nothing. The council claimed the budget was balanced.")
    pieces = [_piece(doc, "cue", "said"), _piece(doc, "cue", "claimed")]
    content = _piece(doc, "content", "the budget was balanced")
    ctx = A.context_of(doc, extract(doc, Vocab(EMPTY_VOCAB)), [*pieces, content])
    items = [A.Assembled(pieces[1], [content], None, 0.9)]
    probs = np.full((len(doc), len(LABELS)), 1 / len(LABELS))
    assert candidates(ctx, doc, [*pieces, content], items, {}, probs) == []


def test_absorbing_makes_the_inner_clause_content_of_the_outer_cue(pipeline):
    doc, ctx, pieces, items, probs, outer = _nested(
        pipeline, "The mayor said the council claimed the budget was balanced."
    )
    (cand,) = candidates(ctx, doc, pieces, items, {}, probs)
    weights = np.zeros(A.N_SOURCE_FEATURES)
    (merged,) = absorb(ctx, pieces, items, [cand], weights, 0.1, parse_fallback=True)
    assert merged.cue is outer
    contents = [doc[p.first : p.last].text for p in merged.contents]
    assert contents == ["the council claimed the budget was balanced"]
    # the inner source is content now, so the outer cue takes its own subject from the parse
    assert merged.source is not None and doc[merged.source.first : merged.source.last].text == "The mayor"
