"""The gates learned from PolNeAR train (`presslens.attribution.lexicon`): a cue that never
attributes there, a source that never speaks there, and what they change in the pipeline.

Texts are our own (fictional Vellmore) except the seed headline, read from ../shared."""

from __future__ import annotations

import pytest

from presslens.attribution.kinds import KINDS
from presslens.attribution.lexicon import (
    CueGate,
    SpeakerGate,
    cue_gate,
    rate,
    shipped_lexicon,
    speaker_gate,
    word_key,
)
from presslens.attribution.runtime import AttributionModel
from presslens.evaluation.polnear import Attribution, Document, Span


@pytest.fixture(scope="module")
def nlp():
    from presslens.nlp import load_spacy

    return load_spacy()


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


def test_word_keys_fold_inflections(nlp):
    doc = nlp("She claims it. He claimed it. They kept claiming it, noting and stating that.")
    keys = {t.text: word_key(t) for t in doc if t.is_alpha}
    assert keys["claims"] == keys["claimed"] == keys["claiming"] == "claim"
    assert (keys["noting"], keys["stating"]) == ("note", "state")


def test_shipped_counts_say_which_words_attribute(nlp):
    doc = nlp("Officials said the resistance shatters the dream, and concerns grew.")
    cues, sources = shipped_lexicon()["cues"], shipped_lexicon()["sources"]
    assert rate(cues, _token(doc, "said")) > 0.5
    assert rate(cues, _token(doc, "shatters")) == 0.0  # never a cue in PolNeAR train
    assert rate(sources, _token(doc, "Officials")) > 0.2
    assert sources[word_key(_token(doc, "concerns"))][0] == 0  # seen often, never a source
    gate = cue_gate()
    assert gate.keeps(_token(doc, "said"), 0.01)
    assert not gate.keeps(_token(doc, "shatters"), 0.01)
    assert not speaker_gate().can_speak(_token(doc, "concerns"))
    assert speaker_gate().can_speak(_token(doc, "Officials"))


def test_cue_gate_drops_only_rare_cues_the_model_is_unsure_of(nlp):
    gate = CueGate({"say": [90, 100]}, min_rate=0.01, min_confidence=0.6)
    doc = nlp("He said it shatters hopes.")
    assert gate.keeps(_token(doc, "said"), 0.1)
    assert not gate.keeps(_token(doc, "shatters"), 0.5)
    assert gate.keeps(_token(doc, "shatters"), 0.7)


def test_speaker_gate_judges_common_nouns_it_has_evidence_for(nlp):
    gate = SpeakerGate({"ceasefire": [0, 30], "voter": [40, 100], "paramedic": [0, 2]}, 0.005, 20)
    doc = nlp("The ceasefire said no, voters said yes, paramedics said maybe and the military said nothing.")
    assert not gate.can_speak(_token(doc, "ceasefire"))
    assert gate.can_speak(_token(doc, "voters"))
    assert gate.can_speak(_token(doc, "paramedics"))  # too rare in the counts to judge
    assert gate.can_speak(_token(doc, "military"))  # a speaking source type of sources.json
    assert SpeakerGate({"ceasefire": [0, 10]}, 0.005, 20).can_speak(_token(doc, "ceasefire"))  # too rare


def test_counts_read_the_gold_heads(nlp):
    from presslens_train.attribution.lexicon import counts

    text = "The senator said the plan failed. The plan said nothing, the aide claimed."
    doc = nlp(text)

    def span(words: str) -> Span:
        start = text.index(words)
        return Span.of((start, start + len(words)))

    gold = Document(
        "x",
        text,
        [Attribution(span("the plan failed"), span("The senator"), span("said"))],
    )
    table = counts([(doc, gold)])
    assert table["cues"]["say"] == [1, 2]  # heads one gold cue, occurs twice
    assert table["sources"]["senator"] == [1, 1]
    assert "claim" not in table["cues"]


NARRATION = (
    "Rebels shatter Voss’s “total victory” dream\n\n"
    "The rebels have continued to deal serious blows to the regime.\n\n"
    "Global concerns are growing over a potential flood in Vellmore if the dam breaks."
)


def test_the_cue_gate_drops_verbs_that_never_attribute(nlp):
    model = AttributionModel.load()
    doc = nlp(NARRATION)

    def cues() -> set[str]:
        return {NARRATION[f.cue[0] : f.cue[1]] for f in model(doc) if f.cue}

    assert model.cue_gate is not None
    assert cues() == set()
    assert all(f.kind in KINDS and f.source is None for f in model(doc))  # the quoted words stay
    model.cue_gate = None  # what the tagger alone finds
    assert {"deal", "are growing"} <= cues()


def test_a_source_that_never_speaks_in_polnear_stays_unresolved(pipeline):
    from presslens import Article

    text = (
        "Vellmore mayor Clara Voss said on Monday that the bridge would reopen in May.\n\n"
        "Assessments from the river authority suggested that the dam would hold through the spring.\n\n"
        "The meeting showed that the council was divided over the plan."
    )
    article = pipeline(Article(text=text))
    speakers = {r.attrs["source"]["text"]: r.attrs["speaker"] for r in article.layers["attributions"]}
    assert speakers["Vellmore mayor Clara Voss"]["resolved"]
    for source in ("Assessments from the river authority", "The meeting"):
        assert speakers[source]["resolved_from"] == "unresolved" and not speakers[source]["resolved"]


def test_seed_headline_has_no_speaker_resistance(pipeline, seeds_dir):
    from presslens.ingest import load_inputs

    path = next(seeds_dir.glob("001_*.txt"))
    article = pipeline(next(iter(load_inputs([str(path)]))))
    first_paragraph = article.text.index("\n")
    for record in article.layers["attributions"]:
        if record.start < first_paragraph:
            source = record.attrs["source"]
            assert source is None or source["text"] != "Resistance", record.attrs
