"""`techniques.v1`: SemEval-2023 persuasion techniques (spans + per paragraph), genre and frames.

Why one component for three results: all three come from one pass of the same small ONNX encoder
over the article (see `presslens.rhetoric.runtime`), so running it once and filling the
`techniques` layer, ``results["paragraphs"]``, ``results["genre"]`` and ``results["frames"]``
together costs a third of three separate passes. Scores are the model's; they describe how the
text persuades, never whether it is true.
"""

from __future__ import annotations

from spacy.tokens import Doc

from presslens.model import Annotation, Article
from presslens.pipeline import component

NAME = "techniques.v1"


@component(NAME, requires=("doc",), assigns=("techniques", "paragraphs", "genre", "frames"))
def techniques(article: Article, doc: Doc) -> None:
    """Persuasion-technique spans, per-paragraph techniques, genre and frames (SemEval-2023 Task 3)."""
    from presslens.rhetoric.runtime import get_model

    fill(article, get_model().predict(article.text))


def fill(article: Article, pred) -> None:
    """Write a `Prediction` into the article's layers and results."""
    for span in pred.spans:
        article.add(
            "techniques", Annotation(span["start"], span["end"], span["label"], NAME, span["confidence"])
        )
    article.results["paragraphs"] = pred.lines
    if pred.genre is not None:
        article.results["genre"] = {**pred.genre, "component": NAME}
    article.results["frames"] = pred.frames
