"""The document model: typed records, spans, reserved keys, offset maps, serialisation."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest

from presslens.layers import Claim, ClaimValue, CountOf, Quote, Sentence
from presslens.model import SCHEMA_VERSION, Annotation, Article, OffsetMap


def test_annotation_text_is_always_the_slice_of_the_article_text() -> None:
    article = Article(text="Officials said 40 trucks entered.")
    article.add("claims", Claim(start=15, end=24, component="test.v1", value=ClaimValue(40)))
    item = article.to_dict()["claims"][0]
    assert item["text"] == "40 trucks"
    assert item["value"] == {"low": 40, "high": None, "approx": False, "qualifier": None, "unit": "count"}
    assert item["id"] == "cla1"


def test_an_untyped_annotation_is_converted_to_the_layer_record_and_checked() -> None:
    article = Article(text="Officials said 40 trucks entered.")
    claim = article.add("claims", Annotation(15, 24, "claim", "test.v1", attrs={"value": {"low": 40}}))
    assert isinstance(claim, Claim) and claim.value == ClaimValue(40)
    with pytest.raises(ValueError):  # a count_of without its span is not a claim's count_of
        article.add(
            "claims", Annotation(15, 24, "claim", "test.v1", attrs={"value": None, "count_of": {"x": 1}})
        )
    with pytest.raises(TypeError, match="holds Claim records"):
        article.add("claims", Sentence(start=0, end=5, component="test.v1"))


def test_records_are_frozen_so_no_component_edits_another_s() -> None:
    article = Article(text="Officials said 40 trucks entered.")
    claim = article.add("claims", Claim(start=15, end=24, component="test.v1", value=ClaimValue(40)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.confidence = 0.1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.value.low = 41  # type: ignore[misc,union-attr]


def test_json_reads_back_into_the_same_records() -> None:
    text = "Officials said 40 trucks entered. “Enough,” she said."
    article = Article(text=text)
    article.add("sentences", Sentence(start=0, end=33, component="sentences.v1"))
    article.add(
        "claims",
        Claim(
            start=15,
            end=24,
            component="claims.v1",
            value=ClaimValue(40),
            count_of=CountOf("trucks", "truck", 18, 24),
        ),
    )
    article.add(
        "quotes",
        Annotation(
            34, 44, "quote", "quotes.v1", 0.9, {"kind": "direct", "content": {"start": 35, "end": 41}}
        ),
    )
    data = json.loads(json.dumps(article.to_dict()))
    back = Article.from_dict(data)
    assert back.layers["claims"] == article.layers["claims"]
    assert isinstance(back.layers["quotes"][0], Quote)
    assert back.to_dict() == data
    assert pickle.loads(pickle.dumps(article)).to_dict() == data, "articles cross process boundaries"


def test_spans_outside_the_text_are_refused() -> None:
    article = Article(text="short")
    with pytest.raises(ValueError):
        article.add("entities", Annotation(2, 9, "ORG", "test.v1"))
    with pytest.raises(ValueError):
        Annotation(5, 2, "ORG", "test.v1")


def test_attributes_cannot_overwrite_core_keys() -> None:
    with pytest.raises(ValueError, match="reserved"):
        Annotation(0, 1, "claim", "test.v1", attrs={"start": 3})
    with pytest.raises(ValueError, match="bad span"):
        Claim(start=5, end=2, component="test.v1", value=None)


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


def test_trim_whitespace_keeps_the_words_and_nothing_around_them() -> None:
    from presslens.model import trim_whitespace

    text = "  He said:\n\n“We stay.” \n"
    start, end = trim_whitespace(text, 0, len(text))
    assert text[start:end] == "He said:\n\n“We stay.”"
    assert trim_whitespace(text, 10, 12) == (12, 12)  # only line breaks: empty, at the end of the run


def test_trim_to_alnum_keeps_a_name_without_the_marks_around_it() -> None:
    from presslens.model import trim_to_alnum

    text = "said the ministry, “Hamas’s own” — "
    start, end = trim_to_alnum(text, 4, len(text))
    assert text[start:end] == "the ministry, “Hamas’s own"
    assert trim_to_alnum(text, 17, 20) == (17, 17)  # ", “": no letter, empty


def test_merge_overlapping_joins_pieces_that_overlap_or_touch() -> None:
    from presslens.model import merge_overlapping

    assert merge_overlapping([(10, 14), (0, 3), (2, 5), (5, 8), (20, 20)]) == [(0, 8), (10, 14), (20, 20)]
    assert merge_overlapping([]) == []
