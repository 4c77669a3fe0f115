"""Post-tagger rules of `presslens.attribution.assemble` (issue 10, cue15), on invented sentences.

Hand-made tagged pieces go through `assemble` with the shipped linker weights, so each test shows
what the rule changes whatever the tagger marks; one test runs the whole shipped model. Why the
rules exist and what they measured: docs/attribution.md, "After the tagger".
"""

from __future__ import annotations

import numpy as np
import pytest

from presslens.attribution import assemble as A
from presslens.attribution.features import extract
from presslens.attribution.runtime import AttributionModel, shipped_model


@pytest.fixture(scope="module")
def model() -> AttributionModel:
    return shipped_model()


def _assembled(nlp, model, text: str, spec: list[tuple[str, str]]) -> list[dict]:
    """``assemble`` over the pieces ``spec`` names ((role, words) in the text), as words."""
    doc = nlp(text)
    heads = np.array([t.head.i for t in doc])
    pieces = []
    for role, words in spec:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), alignment_mode="expand")
        pieces.append(A.Piece(role, span.start, span.end, A.span_root(heads, span.start, span.end), 0, 0.9))
    pieces.sort(key=lambda p: p.first)
    ctx = A.context_of(doc, extract(doc, model.vocab, text), pieces, text)
    items = A.assemble(
        ctx, pieces, model.content_weights, model.source_weights, model.source_threshold,
        model.content_threshold, model.keep_uncued, model.parse_fallback,
    )  # fmt: skip

    def words(p: A.Piece | None) -> str | None:
        return doc[p.first : p.last].text if p is not None else None

    return [
        {"cue": words(a.cue), "source": words(a.source), "content": [words(c) for c in a.contents]}
        for a in items
    ]


def test_a_participle_cue_takes_the_subject_of_the_clause_it_hangs_from(nlp, model):
    text = "Senator Alvarez met the mayor and his deputy on Friday, calling the plan a disgrace."
    spec = [("source", "Senator Alvarez"), ("source", "the mayor"), ("source", "his deputy"),
            ("cue", "calling"), ("content", "the plan a disgrace")]  # fmt: skip
    (found,) = _assembled(nlp, model, text, spec)
    assert found["cue"] == "calling"
    assert found["source"] == "Senator Alvarez"  # the linker alone chose "the mayor"


def test_a_cue_with_its_own_subject_keeps_the_linkers_source(nlp, model):
    text = "Senator Alvarez met the mayor on Friday, and the mayor called the plan a disgrace."
    spec = [("source", "Senator Alvarez"), ("source", "the mayor on"), ("cue", "called"),
            ("content", "the plan a disgrace")]  # fmt: skip
    found = _assembled(nlp, model, text, spec)
    assert [f["source"] for f in found if f["cue"] == "called"] != ["Senator Alvarez"]


def test_according_to_left_without_content_attributes_the_clause_it_modifies(nlp, model):
    text = "Aides said the governor will veto the bill, according to the Tribune."
    spec = [("source", "Aides"), ("cue", "said"), ("content", "the governor will veto the bill"),
            ("cue", "according to"), ("source", "the Tribune")]  # fmt: skip
    found = {f["cue"]: f for f in _assembled(nlp, model, text, spec)}
    assert found["said"]["content"] == ["the governor will veto the bill"]  # the inner one stays
    assert found["according to"]["source"] == "the Tribune"
    assert found["according to"]["content"] == ["Aides said the governor will veto the bill"]


def test_a_cue_that_is_not_according_to_stays_without_attribution(nlp, model):
    text = "Aides said the governor will veto the bill, as reported by the Tribune."
    spec = [("source", "Aides"), ("cue", "said"), ("content", "the governor will veto the bill"),
            ("cue", "reported"), ("source", "the Tribune")]  # fmt: skip
    assert [f["cue"] for f in _assembled(nlp, model, text, spec)] == ["said"]


def test_the_shipped_model_reports_both_attributions_of_said_according_to(pipeline, model):
    text = "Aides said the governor will veto the bill, according to the Tribune."
    found = model(pipeline.nlp(text))
    by_cue = {text[f.cue[0] : f.cue[1]]: f for f in found if f.cue}
    assert set(by_cue) == {"said", "according to"}
    outer = by_cue["according to"]
    assert text[outer.source[0] : outer.source[1]] == "the Tribune"
    assert "Aides said the governor will veto the bill" in " ".join(text[s:e] for s, e in outer.content)


def test_the_outer_according_attribution_is_no_quote_of_its_own():
    """quotes.v1 reads the new outer attribution as relaying the inner one (its content holds the
    inner cue and content whole), so the quote stays the inner speaker's, as before the rule."""
    from presslens.api import analyze

    text = "Aides said the governor will veto the bill, according to the Tribune."
    quotes = analyze(text).layers.get("quotes", [])
    assert [(q.cue.text, q.speaker.name) for q in quotes] == [("said", "Aides")]
    assert text[quotes[0].content.start : quotes[0].content.end].startswith("the governor will veto")
