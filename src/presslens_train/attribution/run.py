"""The reproducible training run behind ``presslens train attribution``.

1. read PolNeAR train (and dev), parse with the runtime's spaCy (cached under ``--cache``);
2. optionally cross-validate: k folds over train articles (by article), each fold trained from
   scratch and scored on its held-out articles with the runtime code -> mean and spread;
3. fit on all of train, export the artifact (ONNX tagger, vocabularies, linker weights, metadata
   with the sha256 of every file), score dev with the runtime code, write the figures beside it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import statistics
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from presslens.evaluation.polnear import headline, load_split
from presslens_train.attribution.corpus import parsed
from presslens_train.attribution.fitting import Settings
from presslens_train.attribution.train import evaluate, examples, fit

log = logging.getLogger("presslens.train.attribution")


def data_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for split in ("train", "dev"):
        for path in sorted((root / split).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cross_validate(root: Path, settings: Settings, folds: int, cache: Path | None) -> dict[str, Any]:
    train = load_split(root, "train")
    docs = parsed(train, cache)
    order = sorted(range(len(train)), key=lambda i: hashlib.sha1(train[i].name.encode()).hexdigest())
    results = []
    for k in range(folds):
        held = set(order[k::folds])
        tr = [i for i in range(len(train)) if i not in held]
        te = sorted(held)
        with tempfile.TemporaryDirectory() as tmp:
            vocab, _ = fit([train[i] for i in tr], [docs[i] for i in tr], settings, Path(tmp), {})
            result = evaluate(Path(tmp), examples([train[i] for i in te], [docs[i] for i in te], vocab))
        results.append(headline(result))
        log.info("fold %d/%d: %s", k + 1, folds, results[-1])
    summary: dict[str, Any] = {"folds": folds, "per_fold": results}
    for key in results[0]:
        values = [r[key] for r in results if r[key] is not None]
        summary[key] = {"mean": round(statistics.mean(values), 4), "sd": round(statistics.stdev(values), 4)}
    return summary


def run(
    root: Path,
    out: Path,
    settings: Settings,
    folds: int = 0,
    cache: Path | None = None,
    threads: int = 1,
    weights: Path | None = None,
) -> dict[str, Any]:
    import torch

    torch.set_num_threads(threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    report: dict[str, Any] = {"settings": asdict(settings), "data_sha256": data_digest(root)}
    if folds:
        report["cross_validation"] = cross_validate(root, settings, folds, cache)
    train = load_split(root, "train")
    dev = load_split(root, "dev")
    info = {
        "trained_on": f"PolNeAR train ({len(train)} articles)",
        "data_sha256": report["data_sha256"],
    }
    if "cross_validation" in report:
        info["cross_validation"] = report["cross_validation"]
    vocab, _ = fit(train, parsed(train, cache), settings, out, info, weights)
    dev_result = evaluate(out, examples(dev, parsed(dev, cache), vocab))
    report["dev"] = dev_result
    (out.parent / f"{out.name}-report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    log.info("dev: %s", headline(dev_result))
    return report
