"""Sentences and named entities, copied from spaCy's parse into the article's span layers."""

from __future__ import annotations

from spacy.tokens import Doc

from presslens.layers import Entity, Sentence
from presslens.model import Article, trim_whitespace
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


@component("sentences.v1", reads=("doc",), writes=("sentences",))
def sentences(article: Article, doc: Doc) -> None:
    """Sentence spans from the dependency parse, with surrounding whitespace trimmed."""
    text = article.text
    for sent in doc.sents:
        start, end = trim_whitespace(text, sent.start_char, sent.end_char)
        if end > start:
            article.add("sentences", Sentence(start=start, end=end, component="sentences.v1"))


@component("entities.v1", reads=("doc",), writes=("entities",))
def entities(article: Article, doc: Doc) -> None:
    """Named entities from spaCy's statistical NER (`en_core_web_sm`)."""
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS and ent.text.strip():
            article.add(
                "entities",
                Entity(
                    start=ent.start_char,
                    end=ent.end_char,
                    label=ent.label_,
                    component="entities.v1",
                    confidence=0.8,
                ),
            )
