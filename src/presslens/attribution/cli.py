"""``presslens train attribution``: the command shell; the work lives in `presslens_train`, imported
only when the command runs (the runtime never needs the training extra)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer


def train_attribution(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder.")] = Path("../shared/data/polnear"),
    out: Annotated[Path, typer.Option(help="Folder for the new artifact.")] = Path("attribution-model"),
    folds: Annotated[int, typer.Option(min=0, help="Also cross-validate over K train folds (0: no).")] = 0,
    epochs: Annotated[int, typer.Option(min=1)] = 10,
    hidden: Annotated[int, typer.Option(min=8, help="LSTM units per direction.")] = 64,
    seed: Annotated[int, typer.Option()] = 13,
    cache: Annotated[Path | None, typer.Option(help="Cache of spaCy parses.")] = Path(".cache/attribution"),
    tagger_weights: Annotated[
        Path | None,
        typer.Option(
            help="Use these tagger weights (.npz from the GPU grid) instead of training the tagger."
        ),
    ] = None,
    threads: Annotated[
        int, typer.Option(min=1, help="Torch threads (the default suits a shared machine).")
    ] = 1,
) -> None:
    """Train the attribution extractor on PolNeAR train, export it and score it on dev (the train extra)."""
    try:
        from presslens_train.attribution.fitting import Settings
        from presslens_train.attribution.run import run
    except ImportError as exc:  # torch or scikit-learn missing
        raise typer.BadParameter(f"training needs the presslens[train] extra ({exc})") from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    settings = Settings(epochs=epochs, hidden=hidden, seed=seed)
    report = run(data, out, settings, folds, cache, threads, tagger_weights)
    typer.echo(
        json.dumps({k: report[k] for k in report if k != "dev"} | {"dev": report["dev"]["all"]}, indent=1)
    )
