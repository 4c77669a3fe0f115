"""The attribution extractor's parts that need no trained model: features, tag decoding, linking, kinds."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.attribution import assemble as A
from presslens.attribution.features import FIELDS, Vocab, extract, quotation_state, windows
from presslens.attribution.kinds import is_belief_cue, is_document_source, kind_of, speech_kind
from presslens.attribution.tags import LABELS, decode, spans_of


def test_quotation_state_marks_inside_and_closes_at_a_line_break():
    text = 'He said "we win" now.\n“Open quote\nnext'
    starts = np.array([0, 3, 8, 9, 12, 15, 17, 22, 23, 28, 34])
    state, para = quotation_state(text, starts)
    assert text[8] == '"' and state[2] == 2  # the mark itself
    assert state[3] == 1 and state[4] == 1  # "we", "win"
    assert state[6] == 0  # "now" after the closing mark
    assert state[8] == 1  # inside the unclosed “ ...
    assert state[10] == 0  # ... which closes at the line break
    assert para.tolist() == [0] * 7 + [1] * 3 + [2]


def test_windows_keep_paragraphs_whole_when_they_fit():
    para = np.array([0] * 5 + [1] * 3 + [2] * 10 + [3] * 2)
    assert windows(para, 100) == [(0, 20)]
    assert windows(para, 8) == [(0, 8), (8, 16), (16, 20)]
    assert windows(np.array([], dtype=np.int64), 8) == []


def test_decode_gives_valid_bio_and_spans():
    probs = np.full((6, len(LABELS)), 0.01)
    for i, label in enumerate(["B-source", "I-source", "B-cue", "I-content", "I-content", "O"]):
        probs[i, LABELS.index(label)] = 0.9
    tags = decode(probs)
    names = [LABELS[t] for t in tags]
    # an I-content right after a cue cannot continue anything: it opens a content
    assert names == ["B-source", "I-source", "B-cue", "B-content", "I-content", "O"]
    assert spans_of(tags) == [("source", 0, 2), ("cue", 2, 3), ("content", 3, 5)]
    skip = np.array([False, False, False, False, True, False])
    assert spans_of(decode(probs, skip), skip) == [("source", 0, 2), ("cue", 2, 3), ("content", 3, 4)]


def test_span_root_is_the_token_whose_head_is_outside():
    heads = np.array([1, 2, 2, 2])  # "the senator said so": senator <- the; said root
    assert A.span_root(heads, 0, 2) == 1
    assert A.span_root(heads, 2, 4) == 2


@pytest.mark.parametrize(
    ("phrase", "document"),
    [
        ("A Quinnipiac poll released Tuesday", True),
        ("Emails released by WikiLeaks", True),
        ("The Washington Post", False),
        ("the author of the report", False),
        ("Trump", False),
    ],
)
def test_document_sources(phrase, document):
    assert is_document_source(phrase) is document


def test_belief_cues_and_speech_kinds():
    assert is_belief_cue("believes") and is_belief_cue("has long wanted") and not is_belief_cue("said")
    text = "“We will win,” he said. He said it was “rigged”. He said no."
    assert speech_kind(text, [(0, 14)]) == "direct"
    assert speech_kind(text, [(32, 47)]) == "mixed"
    assert speech_kind(text, [(57, 59)]) == "indirect"
    assert kind_of(text, [(0, 14)], [(15, 17)], [(18, 22)]) == "direct"


def test_features_follow_the_parse(pipeline):
    doc = pipeline.nlp("The senator said that the bill would fail.\n\nShe disagreed.")
    vocab = Vocab({"word": ["said", "the", "<para>"], "suffix": [], "shape": [], "tag": [], "dep": ["ccomp"],
                   "ent": []})  # fmt: skip
    feats = extract(doc, vocab)
    assert feats.ids.shape == (len(doc), len(FIELDS))
    assert feats.nums.shape[0] == len(doc)
    word, vword, vpath = (FIELDS.index(f) for f in ("word", "vword", "vpath"))
    said = [t.i for t in doc if t.text == "said"][0]
    bill = [t.i for t in doc if t.text == "bill"][0]
    assert feats.ids[said, word] == vocab.strings["word"].index("said") + 1
    # "bill" sits in the clause "would fail", itself the ccomp of "said"
    assert feats.ids[bill, vword] == 0  # "fail" is not in this tiny vocabulary
    fail = [t.i for t in doc if t.text == "fail"][0]
    assert feats.ids[fail, vpath] == vocab.strings["dep"].index("ccomp") + 1
    she = [t.i for t in doc if t.text == "She"][0]
    assert feats.para[she] > feats.para[said]
    assert feats.nums[she, -4] == 1.0  # paragraph start flag


def test_no_piece_runs_over_a_paragraph_break(pipeline):
    from presslens.attribution.runtime import pieces_of

    doc = pipeline.nlp("A report by the\n\nVellmore Chamber said prices rose.")
    vocab = Vocab({"word": [], "suffix": [], "shape": [], "tag": [], "dep": [], "ent": []})
    feats = extract(doc, vocab)
    probs = np.full((len(doc), len(LABELS)), 0.01)
    probs[:, LABELS.index("I-source")] = 0.9  # one long source over the break, if nothing stopped it
    probs[0, LABELS.index("B-source")] = 0.95
    pieces = pieces_of(feats, probs, feats.space)
    assert len(pieces) == 2
    for p in pieces:
        assert feats.para[p.first] == feats.para[p.last - 1]
        assert "\n" not in doc[p.first : p.last].text


def test_error_classes_follow_the_scoring(pipeline):
    """The out-of-fold error analysis (presslens_train.attribution.errors) sorts a wrong cue, and the
    wrong source that follows it, into the classes docs/attribution.md reports; a right one is right."""
    from presslens.evaluation.polnear import Attribution, Document, Span
    from presslens_train.attribution.data import build_vocab
    from presslens_train.attribution.errors import classify
    from presslens_train.attribution.fitting import Settings
    from presslens_train.attribution.train import examples

    text = "The senator said the plan would fail. Critics argued that it was far too costly."

    def at(words: str) -> Span:
        start = text.index(words)
        return Span.of((start, start + len(words)))

    first = Attribution(at("the plan would fail"), at("The senator"), at("said"))
    second = Attribution(at("that it was far too costly"), at("Critics"), at("argued"))
    gold = Document("t", text, [first, second])
    doc = pipeline.nlp(text)
    (ex,) = examples([gold], [doc], build_vocab([doc], 1))
    probs = np.eye(len(LABELS), dtype=np.float32)[ex.tags]  # a tagger that marks every gold span
    pred = [first, Attribution(second.content, first.source, first.cue)]  # the second takes the first's cue
    classes = classify(ex, probs, pred, Settings())
    assert classes["cue right"] == 1 and classes["source right"] == 1
    assert classes["cue wrong | gold cue tagged | ours another gold attribution's cue"] == 1
    assert classes["source wrong | cue wrong | gold source tagged | other mention | gold is name/phrase"] == 1
    assert sum(classes.values()) == 4


def test_a_content_without_a_word_is_never_an_attribution(pipeline):
    """The tagger once marked the closing mark of a scare-quoted name (“Israel”) as a content of its own;
    kept as an uncued quotation it became a direct quote of one character."""
    text = "The army says “Israel” will win, and “the war is over” was heard."
    doc = pipeline.nlp(text)
    vocab = Vocab({"word": [], "suffix": [], "shape": [], "tag": [], "dep": [], "ent": []})
    feats = extract(doc, vocab)

    def content(words: str) -> A.Piece:
        start = text.index(words)
        toks = doc.char_span(start, start + len(words), alignment_mode="expand")
        return A.Piece("content", toks.start, toks.end, toks.root.i, int(feats.para[toks.start]))

    mark = content("”")
    words = content("“the war is over”")
    assert doc[mark.first : mark.last].text == "”"
    pieces = [mark, words]
    ctx = A.context_of(doc, feats, pieces, text)
    found = A.assemble(
        ctx, pieces, np.zeros(A.N_CONTENT_FEATURES), np.zeros(A.N_SOURCE_FEATURES), keep_uncued="quoted"
    )
    assert [[(p.first, p.last) for p in a.contents] for a in found] == [[(words.first, words.last)]]



def test_only_a_quotation_reaches_a_cue_in_another_paragraph(pipeline):
    """Seed 000 had "Israeli soldiers" (a noun phrase of the next paragraph, wrongly tagged as content)
    linked to the cue "noting" one paragraph up; a quotation may sit beside its cue's paragraph."""
    text = "The minister spoke at length, noting the cost.\nFour soldiers were freed. “We will not stop.”"
    doc = pipeline.nlp(text)
    vocab = Vocab({"word": [], "suffix": [], "shape": [], "tag": [], "dep": [], "ent": []})
    feats = extract(doc, vocab)

    def piece(role: str, words: str) -> A.Piece:
        start = text.index(words)
        toks = doc.char_span(start, start + len(words), alignment_mode="expand")
        return A.Piece(role, toks.start, toks.end, toks.root.i, int(feats.para[toks.start]))

    cue, bare = piece("cue", "noting"), piece("content", "Four soldiers")
    quote = piece("content", "“We will not stop.”")
    assert bare.para == quote.para == cue.para + 1
    pieces = [cue, bare, quote]
    ctx = A.context_of(doc, feats, pieces, text)
    weights = np.ones(A.N_CONTENT_FEATURES)
    found = A.assemble(ctx, pieces, weights, np.zeros(A.N_SOURCE_FEATURES), keep_uncued="quoted")
    linked = [(a.cue.first if a.cue else None, [(p.first, p.last) for p in a.contents]) for a in found]
    assert linked == [(cue.first, [(quote.first, quote.last)])]
