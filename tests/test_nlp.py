"""The spaCy model is verified by hash before use, and never downloaded."""

from __future__ import annotations

import shutil

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
