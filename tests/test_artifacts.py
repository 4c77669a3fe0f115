"""One check for every shipped model (presslens.artifacts.verify_artifact), on a folder made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.artifacts import sha256_file, verify_artifact
from presslens.errors import ModelError


def _model(folder: Path, version: str = "demo.v1") -> str:
    """A model folder with two files pinned by its metadata; returns the metadata's sha256."""
    folder.mkdir()
    (folder / "weights.bin").write_bytes(b"\x00\x01weights")
    (folder / "vocab.json").write_text('{"word": ["a"]}', encoding="utf-8")
    files = {name: sha256_file(folder / name) for name in ("weights.bin", "vocab.json")}
    (folder / "metadata.json").write_text(json.dumps({"version": version, "files": files}), encoding="utf-8")
    return sha256_file(folder / "metadata.json")


def test_a_complete_model_verifies_and_each_fault_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    pin = _model(folder)
    files = ("weights.bin", "vocab.json")
    assert verify_artifact(folder, files, "demo model", pin, "demo.v1")["version"] == "demo.v1"
    with pytest.raises(ModelError, match="holds demo model 'demo.v1', expected 'demo.v2'"):
        verify_artifact(folder, files, "demo model", pin, "demo.v2")
    with pytest.raises(ModelError, match="does not list the sha256 of extra.bin"):
        (folder / "extra.bin").write_bytes(b"x")
        verify_artifact(folder, (*files, "extra.bin"), "demo model", pin)
    (folder / "weights.bin").write_bytes(b"\x00\x01weightz")
    with pytest.raises(ModelError, match="weights.bin has sha256 .*the demo model was modified"):
        verify_artifact(folder, files, "demo model", pin)
    (folder / "weights.bin").unlink()
    with pytest.raises(ModelError, match="demo model file missing"):
        verify_artifact(folder, files, "demo model", pin)
    with pytest.raises(ModelError, match="metadata.json has sha256"):
        verify_artifact(folder, files, "demo model", "0" * 64)
