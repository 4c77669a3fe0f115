"""Cleaning and metadata on text written for these tests (tests/fixtures/ingest and inline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.ingest import article_from_text
from presslens.ingest.clean import clean_text
from presslens.ingest.meta import text_metadata
from presslens.model import SourceInfo
from presslens.values.dates import exact_date

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _assert_offsets(original: str, cleaned_text: str, segments: list[tuple[int, int, int]]) -> None:
    for clean_start, orig_start, length in segments:
        assert cleaned_text[clean_start : clean_start + length] == original[orig_start : orig_start + length]
    assert sum(length for *_, length in segments) == len(cleaned_text)


def test_fixture_furniture_is_removed_and_recorded() -> None:
    original = (FIXTURES / "council_furniture.txt").read_text(encoding="utf-8")
    article = article_from_text(original, SourceInfo(format="text"))
    _assert_offsets(original, article.text, article.offsets.segments)
    labels = [a.label for a in article.layers["furniture"]]
    assert labels == (
        ["repeated_headline"] + ["share_widget"] * 4 + ["news_id"] + ["comment_widget"] * 3 + ["mobile_link"]
    )
    assert article.text.count("Library hours cut as council trims budget") == 1
    # NBSP / narrow-NBSP lines count as blank and collapse: paragraphs are separated by one empty line
    paragraphs = article.text.split("\n\n")
    assert all(p.strip() == p and p for p in paragraphs)
    assert paragraphs[-1] == "First published by The Lakeside Courier"
    # where each piece went: the share widget sat right after the first paragraph
    share = article.layers["furniture"][1]
    assert article.text[: share.start].endswith("18,000 euros a year.\n\n")


def test_fixture_metadata() -> None:
    text = (FIXTURES / "council_furniture.txt").read_text(encoding="utf-8")
    article = article_from_text(text)
    assert article.title.value == "Library hours cut as council trims budget"
    assert article.published.value == "2025-02-03"
    assert article.author.value == "Jane Okafor"
    assert article.text[article.author.start : article.author.end] == "Jane Okafor"
    # the explicit "First published by" wins over the dateline agency code (LCN)
    assert article.outlet.value == "The Lakeside Courier"


def test_body_lines_that_start_like_widgets_are_kept() -> None:
    text = (
        "Bridge tolls to rise in spring\n\n"
        "Share the cost of the new bridge fairly, the mayor told the council on Monday.\n"
        "Print media revenue in the region fell by a third, the report said.\n"
        "Email this week from the ministry confirmed the grant.\n"
        "Comments from residents will be read at the next meeting."
    )
    cleaned = clean_text(text)
    assert cleaned.text == text
    assert cleaned.furniture == []


def test_repeated_line_deep_in_the_body_is_kept() -> None:
    refrain = "We will not leave our homes, the residents said."
    lines = ["Residents protest eviction plan"] + [
        f"Paragraph {i} of the report on the vote." for i in range(8)
    ]
    text = "\n".join([*lines, refrain, "More reporting follows here.", refrain])
    cleaned = clean_text(text)
    assert cleaned.text.count(refrain) == 2


def test_crlf_and_whitespace_ends() -> None:
    original = (
        "\r\n \u00a0\r\nHeadline of the day\r\n\r\n\r\n\r\nFirst paragraph.\r\nSecond paragraph.  \r\n\r\n"
    )
    cleaned = clean_text(original)
    assert cleaned.text == "Headline of the day\n\nFirst paragraph.\nSecond paragraph."
    _assert_offsets(original, cleaned.text, cleaned.offsets.segments)
    assert cleaned.offsets.to_original(cleaned.text.index("First")) == original.index("First")


def test_only_furniture_leaves_nothing() -> None:
    cleaned = clean_text("Your Comment\n\nShare | Tweet | Email this\n")
    assert cleaned.text == ""
    assert [f.kind for f in cleaned.furniture] == ["comment_widget", "share_widget"]


@pytest.mark.parametrize(
    ("header", "field", "value", "span_text"),
    [
        ("Published: 3 February 2025\n", "published", "2025-02-03", "3 February 2025"),
        ("Monday, March 4, 2024\n", "published", "2024-03-04", "March 4, 2024"),
        ("2023-11-30T09:15:00Z\n", "published", "2023-11-30", "2023-11-30T09:15:00Z"),
        ("Author: Lena Fischer\n", "author", "Lena Fischer", "Lena Fischer"),
        (
            "By Sam Hale and Ana Ruiz, Staff Writers\n",
            "author",
            "Sam Hale and Ana Ruiz",
            "Sam Hale and Ana Ruiz",
        ),
    ],
)
def test_header_lines(header: str, field: str, value: str, span_text: str) -> None:
    text = header + "Ferry fares frozen for another year\n\nThe harbour board froze fares on Monday."
    found = text_metadata(text)
    assert found[field].value == value
    assert text[found[field].start : found[field].end] == span_text
    assert found["title"].value == "Ferry fares frozen for another year"


def test_glued_byline_splits_title_and_author() -> None:
    text = "Harbour fees rise againBy Sam Hale\nThe harbour board raised mooring fees by 4% on Monday."
    found = text_metadata(text)
    assert found["title"].value == "Harbour fees rise again"
    assert found["author"].value == "Sam Hale"
    assert text[found["author"].start : found["author"].end] == "Sam Hale"


def test_dateline_agency_without_year_gives_outlet_but_no_date() -> None:
    text = "Talks resume in the capital\nTEHRAN, Mar. 16 (MNA) – Officials met again on Saturday."
    found = text_metadata(text)
    assert found["outlet"].value == "MNA"
    assert text[found["outlet"].start : found["outlet"].end] == "MNA"
    assert found["published"].value is None  # month and day, but no stated year: never guessed


def test_place_dateline_is_not_an_outlet() -> None:
    text = "Talks resume in the capital\nTehran, Iran – Officials met again on Saturday, a spokesman said."
    assert text_metadata(text)["outlet"].value is None


def test_no_title_for_single_line_or_sentence_first_line() -> None:
    assert text_metadata("Just one line of text without a body")["title"].value is None
    body = "The council met on Monday and approved the plan.\nIt will take effect in May."
    assert text_metadata(body)["title"].value is None


def test_impossible_dates_are_not_reported() -> None:
    assert exact_date("Feb 30, 2025") is None
    assert exact_date("Published: Sat, 16 March 2024, 10:17 GMT") == "2024-03-16"
    assert text_metadata("Feb 30, 2025\nHeadline here today\nBody text.")["published"].value is None


def test_given_metadata_wins_and_keeps_origin() -> None:
    text = "Ferry fares frozen for another year\n\nThe harbour board froze fares on Monday."
    article = article_from_text(
        text,
        meta={"title": "Ferry fares frozen for another year", "published": "2025-02-03T08:00:00Z"},
        meta_origin="jsonl",
    )
    assert article.title.origin == "jsonl"
    assert (article.title.start, article.title.end) == (0, 35)
    assert article.published.value == "2025-02-03" and article.published.start is None
    assert article.outlet.value is None and article.outlet.origin == "text"


def test_section_label_is_not_an_outlet() -> None:
    found = text_metadata("Opinion\nWhy the bridge vote matters\nThe council votes on Monday.")
    assert found["outlet"].value is None
    assert found["title"].value == "Why the bridge vote matters"


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    text = "Bridge vote delayed again\nBy Monday, the council had not voted.\nMembers asked for more time."
    assert text_metadata(text)["author"].value is None


def test_metadata_dates_with_fractions_and_plain_dates() -> None:
    assert exact_date("2025-02-03T08:00:00.123Z") == "2025-02-03"
    assert exact_date("2025-02-03") == "2025-02-03"
    assert exact_date("3 Feb 2025") == "2025-02-03"
    assert exact_date("last Tuesday") is None


def test_repeated_paragraph_at_the_top_is_body_not_headline() -> None:
    paragraph = "The school board voted to keep the village school open for two more years."
    text = f"School stays open\n{paragraph}\n{paragraph}\nParents welcomed the vote."
    assert clean_text(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "How Ferry Fares Rose\n\nThose were the days…\nFares doubled in ten years.",
        "Mayor Answers Critics\n\nQ: Why did the council cut the ferry subsidy?\nA: The budget was short.",
    ],
)
def test_short_title_case_headline_is_not_a_masthead(text: str) -> None:
    found = text_metadata(text)
    assert found["outlet"].value is None
    assert found["title"].value == text.split("\n", 1)[0]


def test_dateline_without_place() -> None:
    text = (
        "Island gets storm aid\nBy Ana Ruiz\nFeb 9 (Reuters) - The island will receive aid, officials said."
    )
    found = text_metadata(text)
    assert (found["outlet"].value, found["author"].value, found["published"].value) == (
        "Reuters",
        "Ana Ruiz",
        None,
    )
