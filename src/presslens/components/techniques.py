"""`techniques.v1`: SemEval-2023 persuasion techniques (spans + per paragraph), genre and frames.

Why one component for three results: all three come from one pass of the same small ONNX encoder
over the article (see `presslens.rhetoric.runtime`), so running it once and filling the
`techniques` layer, ``results["paragraphs"]``, ``results["genre"]`` and ``results["frames"]``
together costs a third of three separate passes. Scores are the model's; they describe how the
text persuades, never whether it is true.

What a reader sees is decided here too:
- ``shown``: a technique is highlighted by default only when its calibrated confidence reaches the
  model's display threshold (precision >= 0.5 out of fold); the rest stay in the output, marked;
- a span made only of names (a person, a party) is not a technique: it is dropped;
- a span inside a quote is the quoted speaker's words: it carries ``speaker`` (as the quotes layer
  resolved it) and ``in_quote``, so the report does not pin it on the outlet. Hence the quotes layer
  is read (declared in ``reads``);
- editorial notes ("Editor's note: ...") get no technique.
"""

from __future__ import annotations

from spacy.tokens import Doc

from presslens.layers import Genre, Paragraph, ParagraphTechnique, Quote, ScoredLabel, Technique
from presslens.model import Article
from presslens.pipeline import component

NAME = "techniques.v1"
_NAME_ONLY = {"PROPN", "PUNCT", "DET", "ADP", "CCONJ", "PART", "SPACE"}


@component(NAME, reads=("doc", "quotes"), writes=("techniques", "paragraphs", "genre", "frames"))
def techniques(article: Article, doc: Doc) -> None:
    """Persuasion-technique spans, per-paragraph techniques, genre and frames (SemEval-2023 Task 3)."""
    from presslens.rhetoric.runtime import get_model
    from presslens.rhetoric.spans import editorial_lines

    pred = get_model().predict(article.text, skip_lines=editorial_lines(article.text))
    pred.spans = [s for s in pred.spans if not _names_only(doc, s["start"], s["end"])]
    fill(article, pred)


def _names_only(doc: Doc, start: int, end: int) -> bool:
    """True when the span's words are all proper nouns (a name is not loaded language by itself)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return any(t.pos_ == "PROPN" for t in span) and all(t.pos_ in _NAME_ONLY for t in span)


def _quote_at(article: Article, start: int, end: int) -> Quote | None:
    """The quote whose quoted words contain [start, end), if any."""
    quote: Quote
    for quote in article.layers.get("quotes", []):
        if quote.content.start <= start and end <= quote.content.end:
            return quote
    return None


def fill(article: Article, pred) -> None:
    """Write a `Prediction` into the article's layers and results."""
    for span in pred.spans:
        quote = _quote_at(article, span["start"], span["end"])
        article.add(
            "techniques",
            Technique(
                start=span["start"],
                end=span["end"],
                label=span["label"],
                component=NAME,
                confidence=span["confidence"],
                shown=bool(span.get("shown", True)),
                in_quote=quote is not None,
                speaker=quote.speaker.name if quote is not None and quote.speaker is not None else None,
            ),
        )
    article.results["paragraphs"] = tuple(
        Paragraph(
            line["line"],
            line["start"],
            line["end"],
            tuple(
                ParagraphTechnique(t["label"], t["score"], t.get("confidence"), bool(t.get("shown", True)))
                for t in line["techniques"]
            ),
        )
        for line in pred.lines
    )
    if pred.genre is not None:
        article.results["genre"] = Genre(
            pred.genre["label"], dict(pred.genre["scores"]), NAME, bool(pred.genre.get("uncertain"))
        )
    article.results["frames"] = tuple(ScoredLabel(f["label"], f["score"]) for f in pred.frames)
