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
