"""Sentences and named entities, copied from spaCy's parse into the article's span layers."""

from __future__ import annotations

from spacy.tokens import Doc

from presslens.model import Annotation, Article
from presslens.pipeline import component

#: Entity labels kept in the output; the rest (CARDINAL, ORDINAL, QUANTITY...) are handled by the
#: figures analyser, which knows what a number counts.
ENTITY_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "NORP",
        "LOC",
        "FAC",
        "EVENT",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "LAW",
        "WORK_OF_ART",
    }
)


@component("sentences.v1", requires=("doc",), assigns=("sentences",))
def sentences(article: Article, doc: Doc) -> None:
    """Sentence spans from the dependency parse, with surrounding whitespace trimmed."""
    text = article.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            article.add("sentences", Annotation(start, end, "SENT", "sentences.v1"))


@component("entities.v1", requires=("doc",), assigns=("entities",))
def entities(article: Article, doc: Doc) -> None:
    """Named entities from spaCy's statistical NER (`en_core_web_sm`)."""
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS and ent.text.strip():
            article.add("entities", Annotation(ent.start_char, ent.end_char, ent.label_, "entities.v1", 0.8))
