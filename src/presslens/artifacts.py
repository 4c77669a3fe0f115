"""Shared loading of the model artifacts that ship in the package (rhetoric, attribution).

Why one module: every artifact is checked by sha256 before use (`verify_artifact`: a pinned
``metadata.json`` that pins every other file) and opened with the same ONNX Runtime settings (one
inter-op thread, full graph optimisation, CPU only), so the two analysers must not drift apart in how
they verify or run their models.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from presslens.errors import ModelError


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def onnx_session(path: Path, threads: int = 1) -> Any:
    """A CPU ONNX Runtime session for ``path`` (``threads`` intra-op threads); `ModelError` if it fails."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = max(1, threads)
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelError(f"cannot load {path}: {exc}") from None


def verify_artifact(
    folder: Path,
    files: Sequence[str],
    what: str,
    metadata_sha256: str | None,
    version: str | None = None,
) -> dict[str, Any]:
    """Check a shipped model folder and return its ``metadata.json``; `ModelError` on any mismatch.

    ``metadata.json`` is checked against ``metadata_sha256`` (the pin in the code; None skips it, for
    a model the user trained), and it pins every file in ``files`` by sha256. With ``version``, the
    metadata must name that version. ``what`` ("attribution model") names the model in the messages.
    """
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        raise ModelError(f"{what} metadata missing: {meta_path}")
    if metadata_sha256 is not None:
        got = sha256_file(meta_path)
        if got != metadata_sha256:
            raise ModelError(
                f"{meta_path} has sha256 {got[:12]}..., expected {metadata_sha256[:12] or '(none)'}...: "
                f"the {what} was modified or is incomplete"
            )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{meta_path} is not valid JSON: {exc}") from None
    pinned = meta.get("files", {}) if isinstance(meta, dict) else {}
    for name in files:
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{what} file missing: {path}")
        if name not in pinned:
            raise ModelError(f"{meta_path} does not list the sha256 of {name}")
        got = sha256_file(path)
        if got != pinned[name]:
            raise ModelError(
                f"{path} has sha256 {got[:12]}..., expected {str(pinned[name])[:12]}...: "
                f"the {what} was modified or is incomplete"
            )
    if version is not None and meta.get("version") != version:
        raise ModelError(f"{folder} holds {what} {meta.get('version')!r}, expected {version!r}")
    return meta
