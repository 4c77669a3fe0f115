"""The span-extent study for issue 10 (presslens_train.attribution.spans): how a predicted cue
relates to the gold one, and where a cue may grow along its phrase. Fictional text."""

from __future__ import annotations

import numpy as np

from presslens.evaluation.polnear import Span
from presslens_train.attribution.spans import UNIT_FEATURES, path, relation, unit_features, units

TEXT = "The mayor said in a statement that the budget was balanced."


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of((start, start + len(words)))


def _tokens(doc, words: str) -> list[int]:
    start = doc.text.index(words)
    return [t.i for t in doc.char_span(start, start + len(words))]


def test_relation_sorts_boundaries_from_choices(nlp):
    doc = nlp(TEXT)
    said, phrase = _span(TEXT, "said"), _span(TEXT, "said in a statement")
    assert relation(doc, phrase, said) == "gold contains ours"
    assert relation(doc, said, phrase) == "ours contains gold"
    assert relation(doc, said, said) == "equal"
    assert relation(doc, said, None) == "none predicted"
    # a different word of the same sentence, next to the gold one: wrong by the README's overlap
    assert relation(doc, _span(TEXT, "statement"), said) == "disjoint, same sentence, adjacent"
    two = TEXT + " Critics said nothing."
    doc2 = nlp(two)
    assert relation(doc2, _span(two, "said"), _span(two, "Critics")) == "other sentence"


def test_path_names_the_arcs_between_the_spans(nlp):
    doc = nlp(TEXT)
    route = path(doc, _span(TEXT, "statement"), _span(TEXT, "said"))
    assert route is not None and route.startswith("down:prep")
    assert path(doc, _span(TEXT, "balanced"), _span(TEXT, "The"), limit=1) is None


def test_a_cue_grows_along_its_phrase_but_never_into_its_content(nlp):
    doc = nlp(TEXT)
    cue = _tokens(doc, "said")
    content = set(_tokens(doc, "that the budget was balanced"))
    source = set(_tokens(doc, "The mayor"))
    found = units(doc, cue, content | source)
    covered = {doc[first:last].text for first, last, _arc, _head in found}
    assert "in a statement" in covered
    for first, last, _arc, _head in found:
        hull = range(min(first, cue[0]), max(last, cue[-1] + 1))
        assert not (set(hull) & (content | source))
    # blocking the statement itself (were it content) leaves no way through it
    assert all(
        doc[first:last].text != "in a statement"
        for first, last, _a, _h in units(doc, cue, content | source | set(_tokens(doc, "statement")))
    )


def test_unit_features_read_the_tagger_mass_of_the_unit(nlp):
    doc = nlp(TEXT)
    cue = _tokens(doc, "said")
    unit = next(
        u for u in units(doc, cue, set(_tokens(doc, "that the budget was balanced"))) if u[2] == "down:prep"
    )
    probs = np.zeros((len(doc), 7), dtype=np.float32)
    probs[:, 0] = 1.0
    low = dict(zip(UNIT_FEATURES, unit_features(doc, cue, unit, probs, {}, {}), strict=True))
    probs[unit[0] : unit[1], 0], probs[unit[0] : unit[1], 2] = 0.2, 0.8
    high = dict(zip(UNIT_FEATURES, unit_features(doc, cue, unit, probs, {"statement": 0.5}, {}), strict=True))
    assert low["down:prep"] == 1.0 and low["right_of_cue"] == 1.0 and low["gap=0"] == 1.0
    assert low["cue_mass_mean"] == 0.0 and abs(high["cue_mass_mean"] - 0.8) < 1e-6
    assert high["max_inside_rate"] == 0.5 and low["max_inside_rate"] == 0.0
