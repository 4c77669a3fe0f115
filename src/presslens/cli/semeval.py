"""`presslens semeval ...`: SemEval-2023 Task 3 predictions and scores (logic: presslens.rhetoric.semeval)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from presslens.cli.console import info

semeval_app = typer.Typer(
    help="SemEval-2023 Task 3: predict in the official format and score.", no_args_is_help=True
)


@semeval_app.command("predict")
def predict(
    subtask: Annotated[int, typer.Option(min=1, max=3, help="1 genre, 2 frames, 3 techniques per line.")],
    articles: Annotated[Path, typer.Option(help="Folder of article<ID>.txt files.")],
    out: Annotated[Path, typer.Option(help="Prediction file to write.")],
    template: Annotated[
        Path | None, typer.Option(help="Subtask 3: the rows to predict (template or gold).")
    ] = None,
    ids: Annotated[Path | None, typer.Option(help="Only these article ids (one per line).")] = None,
    split: Annotated[
        str | None, typer.Option(help="Only the articles of this recorded split, e.g. ci_holdout.")
    ] = None,
    threads: Annotated[int, typer.Option(min=1, help="onnxruntime threads.")] = 1,
) -> None:
    """Write predictions in the official SemEval-2023 Task 3 format."""
    from presslens.rhetoric.semeval import predict_file

    rows = predict_file(subtask, articles, out, template=template, ids=ids, split=split, threads=threads)
    info(f"wrote {rows} rows to {out}")


@semeval_app.command("score")
def score(
    gold: Annotated[Path, typer.Argument(help="Gold labels file.")],
    pred: Annotated[Path, typer.Argument(help="Predicted labels file.")],
    subtask: Annotated[int, typer.Option(min=1, max=3, help="1, 2 or 3.")] = 3,
    per_label: Annotated[bool, typer.Option(help="Also print the F1 of every label.")] = False,
) -> None:
    """Print the official metrics of a prediction file against a gold file."""
    from presslens.rhetoric.semeval import score_files

    result = score_files(subtask, gold, pred)
    typer.echo(
        f"subtask {subtask}: micro-F1 {result['micro_f1']:.4f}  macro-F1 {result['macro_f1']:.4f}  "
        f"({result['n_items']} gold items)"
    )
    if per_label:
        for label, f1 in sorted(result["per_label_f1"].items()):
            typer.echo(f"  {label:<40} {f1:.4f}")


@semeval_app.command("gold")
def gold(
    data: Annotated[Path, typer.Option(help="The semeval2023-en folder.")],
    out_dir: Annotated[Path, typer.Option(help="Where to write the split's gold files.")],
    split: Annotated[str, typer.Option(help="The recorded split to keep.")] = "ci_holdout",
) -> None:
    """Write the gold files of subtasks 1-3 restricted to one recorded split (held-out evaluation)."""
    from presslens.rhetoric.semeval import write_split_gold

    articles = write_split_gold(data, out_dir, split)
    info(f"wrote {split} gold files ({articles} articles) to {out_dir}")
