"""Claims on sentences shaped like the third gold batch's errors (dev3, tests/gold/SPLIT.md), written for
these tests: measures, shop widgets, footnotes and addresses are no figures; a time or a clause after the
counted noun does not end the figure; a verb whose object is the figure does not report it."""

from __future__ import annotations

import pytest

from presslens.components.claims_dates import find_dates


@pytest.mark.parametrize(
    "text",
    [
        "Kiloparsecs are equal to 1,000 parsecs, and the disc measures 30 kiloparsecs across.",
        "A search of the vehicle yielded nearly 30 grams of methamphetamine.",
        "Night Sky Atlas Best Price: $15.97 Buy New $18.95 (as of 04:55 EDT - Details)",
        "It is one of the most famous objects that can be seen with the naked eye.[2]",
        "Officers arrested Victor Burton, of 3170 W. County Road 600S, and a man at 2134 Caldwell Place.",
    ],
)
def test_measures_widgets_footnotes_and_addresses_are_no_figures(found, text: str) -> None:
    assert found(text) == {}


def test_a_figure_elsewhere_in_those_sentences_still_counts(found) -> None:
    text = "Officers at 2134 Caldwell Place seized 40 rifles and 3 kilograms of cocaine."
    assert list(found(text)) == ["40 rifles"]


def test_a_time_after_the_counted_noun_is_not_the_counted_noun(found) -> None:
    claims = found("Police arrested six people Monday during a narcotics investigation.", "2019-11-20")
    claim = claims["six people"]
    assert claim.event["label"] == "arrested"
    assert claim.as_of["date"] == "2019-11-18"


def test_designations_before_the_counted_noun_belong_to_it(found) -> None:
    text = "Oliveira said that police seized 60 AK-47, AR-10 and G3 rifles Barbieri had sent to the airport."
    claim = found(text)["60 AK-47, AR-10 and G3 rifles"]
    assert claim.count_of["head"] == "rifle"
    assert claim.attribution.source == "Oliveira"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("The stock added more than 2% to begin the week.", "more than 2%"),
        ("By the end of the year, he had added a total of 38 objects.", "a total of 38 objects"),
        ("He logged 103 objects, 40 of which had been found by Messier himself.", "40 of which"),
        ("The minister told 300 students about the plan.", "300 students"),
    ],
)
def test_a_verb_whose_object_is_the_figure_does_not_report_it(found, text: str, figure: str) -> None:
    assert found(text)[figure].attribution is None


@pytest.mark.parametrize(
    ("text", "figure", "source"),
    [
        ("The ministry reported 50 deaths.", "50 deaths", "The ministry"),
        ("17 deaths were reported by the police.", "17 deaths", "the police"),
        ("He said 20 people were wounded.", "20 people", "He"),
        ("Israeli media reported that 30 to 40 captives were killed.", "30 to 40 captives", "Israeli media"),
    ],
)
def test_reporting_verbs_still_report_their_objects_and_clauses(found, text: str, figure: str, source: str):
    assert found(text)[figure].attribution.source == source


def test_by_and_a_year_before_1900_date_a_figure(found) -> None:
    text = "By 1781, he had logged a total of 103 objects into his catalog."
    assert found(text)["a total of 103 objects"].as_of["date"] == "1781"
    assert [d.text for d in find_dates("By 1781, output fell by 1900 jobs.", 0, None)] == ["By 1781"]


def test_a_that_clause_parsed_on_the_object_of_told_is_still_reported(found) -> None:
    text = (
        "On Tuesday, Representative Jackie Speier told a congressional hearing that she knows of two members."
    )
    assert found(text)["two members"].attribution.source == "Representative Jackie Speier"
