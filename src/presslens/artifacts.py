"""Shared loading of the model artifacts that ship in the package (rhetoric, attribution).

Why one module: every artifact is checked by sha256 before use and opened with the same ONNX Runtime
settings (one inter-op thread, full graph optimisation, CPU only), so the two analysers must not drift
apart in how they verify or run their models.
"""

from __future__ import annotations

import hashlib
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
