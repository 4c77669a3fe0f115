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
    out: Annotated[Path, typer.Option(help="Output folder for checkpoints, logs and the artifact.")],
    seed: Annotated[int, typer.Option(help="Seed for split, init and shuffling.")] = 13,
    epochs: Annotated[float, typer.Option(help="Training epochs (fractions allowed).")] = 2.0,
    batch_size: Annotated[int, typer.Option(help="Windows per step.")] = 8,
    lr: Annotated[float, typer.Option(help="AdamW learning rate of the encoder.")] = 5e-5,
    head_lr: Annotated[float, typer.Option(help="AdamW learning rate of the heads.")] = 5e-4,
    max_len: Annotated[
        int, typer.Option(help="Tokens per window in fine-tuning, [CLS] and [SEP] included.")
    ] = 256,
    window_tokens: Annotated[
        int,
        typer.Option(
            help="Tokens per window when the exported model runs (last stage and at run time); "
            "0: the same as --max-len."
        ),
    ] = 0,
    val_frac: Annotated[float, typer.Option(help="Share of articles held out for validation.")] = 0.2,
    tune_frac: Annotated[float, typer.Option(help="Share of training articles kept for thresholds.")] = 0.15,
    threads: Annotated[int, typer.Option(help="torch threads.")] = 2,
    max_minutes: Annotated[float, typer.Option(help="Stop fine-tuning after this many minutes.")] = 45.0,
    max_steps: Annotated[int, typer.Option(help="Stop after this many steps (0: no limit).")] = 0,
    init_from: Annotated[
        Path | None,
        typer.Option(help="Start from this finetune.pt (continue an earlier run) instead of the base."),
    ] = None,
    install: Annotated[
        Path | None,
        typer.Option(help="Also copy the finished artifact here (e.g. src/presslens/rhetoric/model)."),
    ] = None,
) -> None:
    """Fine-tune, export, quantise, tune thresholds and evaluate the techniques/genre/frames model."""
    options = dict(locals())  # exactly the parameters above, which are train_rhetoric's keyword arguments
    from presslens_train.rhetoric.train import train_rhetoric

    train_rhetoric(**options)
