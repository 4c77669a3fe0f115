"""`presslens train ...`: the training commands, plugged into the `presslens` CLI by an entry point.

``presslens`` never imports this package (a test checks it); it finds the ``train`` group through the
``presslens.cli`` entry-point group declared in pyproject.toml, as it would find any plugin's commands.
This module imports only Typer at load time, so ``presslens train --help`` works without the
``[train]`` extra; each command imports the training code (torch, transformers) when it runs.

To add one (e.g. ``presslens train attribution``): a function here decorated with
``@train_app.command("name")`` whose options mirror the training function's keyword arguments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

train_app = typer.Typer(
    help="Train PressLens models (needs the presslens\\[train] extra).", no_args_is_help=True
)


@train_app.command("rhetoric")
def rhetoric(
    data: Annotated[Path, typer.Option(help="The semeval2023-en folder.")],
    out: Annotated[Path, typer.Option(help="Output folder for features, figures and the artifact.")],
    polnear: Annotated[
        Path | None, typer.Option(help="The polnear folder: news reports for the genre head.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for folds, the hold-out slice and the span head.")] = 13,
    jobs: Annotated[int, typer.Option(help="Processes for features and model fits.")] = 2,
    windows: Annotated[str, typer.Option(help="Window sizes to compare, comma-separated.")] = "256,128",
    variants: Annotated[
        str, typer.Option(help="Encoder variants to compare: hidden<LAYERS>-w<WINDOW>, comma-separated.")
    ] = "hidden6-w256,hidden4-w256,hidden3-w256,hidden4-w128",
    install: Annotated[
        Path | None,
        typer.Option(help="Also copy the finished artifact here (e.g. src/presslens/rhetoric/model)."),
    ] = None,
) -> None:
    """Choose the rhetoric model by grouped 5-fold cross-validation, fit it and write the artifact."""
    options = dict(locals())  # exactly the parameters above, which are train_rhetoric's keyword arguments
    from presslens_train.rhetoric.train import train_rhetoric

    train_rhetoric(**options)


@train_app.command("attribution")
def attribution(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder (train/, dev/).")] = Path(
        "../shared/data/polnear"
    ),
    out: Annotated[Path, typer.Option(help="Folder for the new artifact.")] = Path("attribution-model"),
    folds: Annotated[int, typer.Option(min=0, help="Also cross-validate over K train folds (0: no).")] = 0,
    epochs: Annotated[int, typer.Option(min=1, help="Tagger epochs.")] = 10,
    hidden: Annotated[int, typer.Option(min=8, help="LSTM units per direction.")] = 64,
    seed: Annotated[int, typer.Option(help="Seed for initialisation and shuffling.")] = 13,
    cache: Annotated[Path | None, typer.Option(help="Cache of spaCy parses.")] = Path(".cache/attribution"),
    tagger_weights: Annotated[
        Path | None,
        typer.Option(
            help="Tagger weights (.npz from the GPU grid) to use instead of training the tagger here."
        ),
    ] = None,
    threads: Annotated[int, typer.Option(min=1, help="torch threads.")] = 1,
    install: Annotated[
        Path | None,
        typer.Option(help="Also copy the finished artifact here (e.g. src/presslens/attribution/model)."),
    ] = None,
) -> None:
    """Train the attribution extractor on PolNeAR train, export it and score it on dev."""
    import json
    import logging
    import shutil

    from presslens_train.attribution.fitting import Settings
    from presslens_train.attribution.run import run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    report = run(
        data, out, Settings(epochs=epochs, hidden=hidden, seed=seed), folds, cache, threads, tagger_weights
    )
    if install is not None:
        shutil.copytree(out, install, dirs_exist_ok=True)
    summary = {k: v for k, v in report.items() if k != "dev"} | {"dev": report["dev"]["all"]}
    typer.echo(json.dumps(summary, indent=1))
