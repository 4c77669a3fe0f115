"""The spaCy model is verified by hash before use, and never downloaded."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from presslens.errors import ModelError
from presslens.nlp import PINNED_MODEL_DIGEST, find_model, model_digest, verify_model


def test_installed_model_matches_the_pinned_digest() -> None:
    _package, folder = find_model()
    assert model_digest(folder) == PINNED_MODEL_DIGEST


def test_a_tampered_model_is_refused(tmp_path) -> None:
    _package, folder = find_model()
    copy = tmp_path / "model"
    shutil.copytree(folder, copy)
    meta = copy / "meta.json"
    meta.write_bytes(meta.read_bytes().replace(b"3.8.0", b"3.8.1", 1))
    with pytest.raises(ModelError, match="does not match"):
        verify_model(copy)


def test_a_blank_line_ends_the_sentence_so_a_headline_is_its_own(pipeline) -> None:
    text = "Port strike ends after 12 days\n\nMore than 300 dock workers returned to work, the union said."
    sents = [s.text.strip() for s in pipeline.nlp(text).sents]
    assert sents == [text.split("\n\n")[0], text.split("\n\n")[1]]
    wrapped = "The minister said the talks\nwould resume on Monday."  # one line break is not a paragraph
    assert len(list(pipeline.nlp(wrapped).sents)) == 1


def test_long_runs_without_spaces_are_cut_not_peeled_one_character_at_a_time(pipeline) -> None:
    """spaCy's affix loop is quadratic in a run's length: 20,000 quotation marks took minutes."""
    from presslens.nlp import LONG_RUN

    text = 'He said "no". ' + '"' * 20_000 + " Then\n\nnothing."
    doc = pipeline.nlp.make_doc(text)
    assert doc.text == text  # spans still index the input
    assert max(len(t.text) for t in doc) == 100 and len(doc) < 300
    short = '"' * (LONG_RUN - 1)
    assert [t.text for t in pipeline.nlp.make_doc(short)] == ['"'] * (LONG_RUN - 1)  # spaCy's own tokens


@pytest.fixture(scope="module")
def whole_document_nlp():
    """The pipeline as spaCy ships it: each token encoder over the whole document at once."""
    from presslens.nlp import build_spacy

    return build_spacy(tok2vec_chunk=None)


def test_token_encoders_in_pieces_give_exactly_the_whole_document_analysis(
    seed_paths, whole_document_nlp
) -> None:
    """`chunk_tok2vec` bounds memory on long texts; a piece read with its receptive field of context
    must give the very vectors (bit for bit), and so the very tags, parse and entities."""
    from presslens.nlp import build_spacy, chunk_tok2vec

    pieces = build_spacy(tok2vec_chunk=37)  # many pieces, odd boundaries
    assert chunk_tok2vec(pieces, 37) == 0  # both encoders already wrapped, never twice
    long = "\n\n".join(p.read_text(encoding="utf-8") for p in seed_paths[:2])
    short = "Ten soldiers were killed in Keldan on Monday, officials said."
    texts = [short, long, short + " The army denied it."]  # a batch mixing short and long documents
    got = list(pieces.pipe(texts))
    expected = list(whole_document_nlp.pipe(texts))
    assert len(got[1]) > 20 * 37
    for doc, ref in zip(got, expected, strict=True):
        assert np.array_equal(doc.tensor, ref.tensor)
        for attr in ("tag_", "pos_", "dep_", "ent_iob_", "ent_type_"):
            assert [getattr(t, attr) for t in doc] == [getattr(t, attr) for t in ref], attr
        assert [t.head.i for t in doc] == [t.head.i for t in ref]
        assert [s.start for s in doc.sents] == [s.start for s in ref.sents]


def test_a_documents_analysis_does_not_depend_on_the_documents_batched_with_it(seed_paths, pipeline) -> None:
    """`analyze_many` batches articles as its chunks fall (8, 2 at the end of a pool run, 1 on a
    retry): the vectors (bit for bit) and so the analysis of a document must be the same alone and
    in any batch. blis computes each row of a product alone; numpy's OpenBLAS does not (see
    docs/benchmarks.md, "Zen 5 machine"), which this test would catch."""
    nlp = pipeline.nlp
    texts = [p.read_text(encoding="utf-8") for p in seed_paths[:3]]
    texts.insert(1, "Ten soldiers were killed in Keldan on Monday, officials said.")
    together = list(nlp.pipe(texts, batch_size=len(texts)))
    for text, doc in zip(texts, together, strict=True):
        alone = nlp(text)
        assert np.array_equal(alone.tensor, doc.tensor)
        assert [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in alone] == [
            (t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc
        ]


def test_both_token_encoders_are_chunked(pipeline) -> None:
    from presslens.nlp import chunk_tok2vec

    assert chunk_tok2vec(pipeline.nlp) == 0  # already done when the pipeline was built
    models = {name: pipe.model for name, pipe in pipeline.nlp.pipeline if hasattr(pipe, "model")}
    wrapped = [name for name, m in models.items() if any(n.attrs.get("presslens_chunked") for n in m.walk())]
    assert wrapped == ["tok2vec", "ner"]
