"""A quote's speaker is never a thing that cannot speak (issue 10): the speaker prior for nouns the
PolNeAR counts do not know, and the reflexive frames that report no speech.

Texts are our own (fictional Vellmore)."""

from __future__ import annotations

import dataclasses

import numpy as np

from presslens import Article
from presslens.attribution.lexicon import (
    CueGate,
    SpeakerGate,
    cue_gate,
    reflexive_object,
    shipped_lexicon,
    speaker_gate,
    word_key,
)


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


def test_nouns_polnear_rarely_holds_are_judged_by_their_meaning(nlp):
    doc = nlp(
        "This hypocrisy shows the council is weak, and the symptoms include a rash. "
        "The bishop said so, and the paramedics agreed."
    )
    counts = shipped_lexicon()["sources"]
    for word in ("hypocrisy", "symptoms", "bishop", "paramedics"):  # too rare in PolNeAR train to count
        assert counts.get(word_key(_token(doc, word)), [0, 0])[1] < 20
    gate = speaker_gate()
    assert gate.prior is not None
    assert not gate.can_speak(_token(doc, "hypocrisy"))
    assert not gate.can_speak(_token(doc, "symptoms"))
    assert gate.can_speak(_token(doc, "bishop"))
    assert gate.can_speak(_token(doc, "paramedics"))
    # without the prior (the gate before issue 10), a rare noun always passed
    assert SpeakerGate(gate.counts, gate.min_rate, gate.min_seen).can_speak(_token(doc, "hypocrisy"))


def test_counts_outrank_the_prior(nlp):
    prior = speaker_gate().prior
    doc = nlp("This hypocrisy shows the council is weak.")
    hypocrisy = _token(doc, "hypocrisy")
    seen_speaking = SpeakerGate({"hypocrisy": [1, 3]}, 0.001, 20, prior)
    assert seen_speaking.can_speak(hypocrisy)  # a source once in PolNeAR train: it can
    judged = SpeakerGate({"hypocrisy": [5, 40]}, 0.001, 20, prior)
    assert judged.can_speak(hypocrisy)  # seen often enough: the counts alone decide


def test_a_speaker_that_cannot_speak_stays_unresolved(pipeline):
    text = (
        "The council voted on Tuesday to close the clinic it had promised to expand.\n\n"
        "This blatant hypocrisy shows that the council cares little for the farmers.\n\n"
        "The bishop said the vote was a mistake."
    )
    article = pipeline(Article(text=text))
    speakers = {r.attrs["source"]["text"]: r.attrs["speaker"] for r in article.layers["attributions"]}
    assert speakers["This blatant hypocrisy"]["resolved_from"] == "unresolved"
    assert not speakers["This blatant hypocrisy"]["resolved"]
    assert speakers["The bishop"]["resolved"]


def test_reflexive_objects_in_the_parse(nlp):
    doc = nlp(
        "Vellmore finds itself grappling with the flood. The party sees itself as the voice of farmers."
    )
    assert reflexive_object(_token(doc, "finds")).text == "itself"
    assert reflexive_object(_token(doc, "sees")).text == "itself"
    assert reflexive_object(nlp("She finds the plan weak.")[1]) is None


def test_a_reflexive_frame_is_no_attribution(nlp):
    gate = cue_gate()
    assert {"find", "see"} <= gate.reflexive_frames
    doc = nlp("The town finds itself short of doctors. She describes herself as a centrist. He finds it odd.")
    assert gate.non_speech(_token(doc, "finds"))
    assert not gate.keeps(_token(doc, "finds"), 0.99)  # however sure the model is
    assert not gate.non_speech(_token(doc, "describes"))  # PolNeAR annotates "describes herself as"
    assert not gate.non_speech([t for t in doc if t.text == "finds"][1])  # no reflexive object
    assert CueGate({"find": [50, 100]}, 0.02, 0.5).keeps(_token(doc, "finds"), 0.1)  # no frames: kept


def test_the_extractor_drops_a_reflexive_frame_cue(nlp):
    from presslens.attribution.runtime import AttributionModel

    text = (
        "Symptoms include fever and a rash, according to the Vellmore health board.\n\n"
        "The town finds itself short of doctors as the outbreak spreads."
    )
    model = AttributionModel.load()
    doc = nlp(text)

    def cues() -> set[str]:
        return {text[f.cue[0] : f.cue[1]] for f in model(doc) if f.cue}

    assert "finds" not in cues()
    model.cue_gate = dataclasses.replace(model.cue_gate, reflexive_frames=frozenset())
    assert "finds" in cues()  # what the tagger alone finds


def test_prior_fitting_separates_and_scores_out_of_fold():
    from presslens_train.attribution.speaker_prior import auc, cross_validate, fit, labelled_words, predict

    rng = np.random.default_rng(0)
    y = np.array([True] * 40 + [False] * 40)
    x = rng.normal(size=(80, 5)) + np.where(y[:, None], 1.5, -1.5) * np.array([1, 0, 0, 0, 0])
    model = fit(x, y, l2=1.0)
    assert auc(y, predict(model, x)) > 0.95
    score, oof = cross_validate(x, y, l2=1.0)
    assert score > 0.9 and oof.shape == (80,)
    lexicon = {
        "gates": {"source": {"min_seen": 20}},
        "sources": {
            "voter": [40, 100],
            "presence": [0, 40],
            "city": [0, 10],
            "deal": [1, 333],
            "'s": [2, 90],
        },
    }
    words, labels = labelled_words(lexicon)
    assert words == ["presence", "voter"] and labels.tolist() == [False, True]  # "deal": in between


# --- session 7: what a user saw speak (docs/user-check.md, "Analysis FAILs"), by class -----------------


def test_a_noun_formed_from_a_verb_needs_a_surer_prior(nlp):
    from presslens.attribution.lexicon import Deverbal

    gate = speaker_gate()
    assert isinstance(gate.deverbal, Deverbal)
    assert gate.deverbal.verb_of("recruitment") == "recruit"
    assert gate.deverbal.verb_of("creation") == "create"
    assert gate.deverbal.verb_of("withdrawal") == "withdraw"
    assert gate.deverbal.verb_of("deal") is None  # "al" with no stem left
    assert gate.deverbal.verb_of("bishop") is None
    doc = nlp(
        "This recruitment suggests the union is strong. The organisation said so, and the bishop agreed."
    )
    assert not gate.can_speak(_token(doc, "recruitment"))
    assert gate.can_speak(_token(doc, "organisation"))  # a body that acts: the prior is sure of it
    assert gate.can_speak(_token(doc, "bishop"))
    # the prior alone reads "recruitment" as near even, and lets it speak
    assert dataclasses.replace(gate, deverbal=None).can_speak(_token(doc, "recruitment"))


def _attributor(pipeline, text):
    from presslens.components.attributions import Attributor

    article = Article(text=text)
    return Attributor(article, pipeline.nlp(text))


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_measure_speaks_through_what_it_measures(pipeline):
    text = (
        "A significant number of farmers said the plan was unfair. The Republican majority said nothing. "
        "The last two years saw mounting charges against the mayor. "
        "It came after months of the council urging calm, and a number of fires broke out."
    )
    attributor = _attributor(pipeline, text)
    assert not attributor.cannot_speak(*_span(text, "A significant number of farmers"))
    assert not attributor.cannot_speak(*_span(text, "The Republican majority"))  # no "of": judged as is
    assert attributor.cannot_speak(*_span(text, "The last two years"))
    assert attributor.time_alone(_span(text, "The last two years"))
    assert not attributor.cannot_speak(*_span(text, "months of the council"))
    assert not attributor.time_alone(_span(text, "months of the council"))
    source = _span(text, "months of the council")
    assert attributor.measured(attributor.doc.char_span(*source).root, source) == _span(text, "the council")
    assert attributor.cannot_speak(*_span(text, "a number of fires"))


def test_a_time_expression_is_no_source(pipeline):
    text = (
        "The strike at the Vellmore docks entered its third week on Monday.\n\n"
        "The last two years saw mounting corruption charges against the harbour master, and protests "
        "among dockers against a reform that would remove oversight of the port board.\n\n"
        "The union said the port board had ignored its letters."
    )
    article = pipeline(Article(text=text))
    sources = [r.attrs["source"]["text"] for r in article.layers["attributions"] if r.attrs["source"]]
    assert "The union" in sources
    assert not any("two years" in s for s in sources)


def test_a_bare_participle_in_an_editorial_line_is_no_cue(pipeline):
    text = (
        "Editor's note: this article is fictional, written to test the Vellmore tools.\n\n"
        "The union said the port board had ignored its letters, and the harbour master denied it."
    )
    article = pipeline(Article(text=text))
    cues = [r.attrs["cue"]["text"] for r in article.layers["attributions"] if r.attrs["cue"]]
    assert "written" not in cues
    assert "said" in cues


def test_a_measured_source_is_written_as_who_it_measures(pipeline):
    """"months of the US urging ..." (seed 004, user check): the speaker was the US, but the source as
    written stayed "months of the US"; the months say nothing, so the source is the US too (qa10)."""
    from presslens.components.quotes import Found

    text = "It came after months of the council urging against a strike at the docks."
    attributor = _attributor(pipeline, text)
    content = _span(text, "a strike at the docks")
    item = Found("indirect", content[0], content[1], content)
    item.source = _span(text, "months of the council")
    attributor.speaker_from(item, item.source)
    assert item.source == _span(text, "the council")
    assert item.speaker_text == _span(text, "the council")
