"""The document model: spans, reserved keys, offset maps, serialisation."""

from __future__ import annotations

import pytest

from presslens.model import SCHEMA_VERSION, Annotation, Article, OffsetMap


def test_annotation_text_is_always_the_slice_of_the_article_text() -> None:
    article = Article(text="Officials said 40 trucks entered.")
    article.add("claims", Annotation(15, 24, "claim", "test.v1", attrs={"value": {"low": 40}}))
    item = article.to_dict()["claims"][0]
    assert item["text"] == "40 trucks"
    assert item["value"] == {"low": 40}
    assert item["id"] == "cla1"


def test_spans_outside_the_text_are_refused() -> None:
    article = Article(text="short")
    with pytest.raises(ValueError):
        article.add("entities", Annotation(2, 9, "ORG", "test.v1"))
    with pytest.raises(ValueError):
        Annotation(5, 2, "ORG", "test.v1")


def test_attributes_cannot_overwrite_core_keys() -> None:
    with pytest.raises(ValueError, match="reserved"):
        Annotation(0, 1, "claim", "test.v1", attrs={"start": 3})


def test_offset_map_maps_cleaned_spans_back_to_the_input() -> None:
    original = "NEWS\n\nHello world. Share\nBye."
    # cleaned text keeps "Hello world." (orig 6..18) and "Bye." (orig 25..29)
    cleaned = original[6:18] + original[25:29]
    offsets = OffsetMap([(0, 6, 12), (12, 25, 4)])
    start, end = cleaned.index("Bye."), cleaned.index("Bye.") + 4
    o_start, o_end = offsets.span_to_original(start, end)
    assert original[o_start:o_end] == "Bye."
    o_start, o_end = offsets.span_to_original(0, 5)
    assert original[o_start:o_end] == "Hello"


def test_article_json_has_the_contract_fields() -> None:
    data = Article(text="Text.").to_dict()
    assert data["schema"] == SCHEMA_VERSION
    for key in (
        "source",
        "title",
        "outlet",
        "published",
        "author",
        "text",
        "entities",
        "claims",
        "quotes",
        "sources",
        "techniques",
        "genre",
        "frames",
    ):
        assert key in data
    assert data["title"] is None and data["published"] is None
    assert data["offsets"] == [[0, 0, 5]]
