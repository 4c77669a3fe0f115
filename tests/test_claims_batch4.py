"""Claims on sentences shaped like the fourth gold batch's errors (dev4, tests/gold/SPLIT.md), written for
these tests: a number inside a name, a year after a month and day, a schedule and abstract units are no
figures; who hears a figure, or an adjunct's description, is not its source."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "The agency kept troops in the region after the March 11, 2004 bombings.",
        "The station airs the programme on 125 weekdays from noon.",
        "Scientists say energy is two of three requirements for life.",
        "The orbiter will study the moon up close on dozens of flybys.",
        "The picture was taken years after the Voyager 1 space probe left.",
    ],
)
def test_names_dates_schedules_and_abstract_units_are_no_figures(found, text: str) -> None:
    assert found(text) == {}


def test_the_number_of_a_name_is_skipped_inside_a_counted_phrase(found) -> None:
    claims = found("The study notes that 58 Fortune 500 companies would owe more in taxes.")
    assert list(claims) == ["58 Fortune 500 companies"]
    claim = claims["58 Fortune 500 companies"]
    assert claim.figure.low == 58 and claim.count_of["head"] == "company"


def test_a_headline_figure_after_a_capitalised_verb_still_counts(found) -> None:
    claims = found("Rebels Kill 20 Soldiers In Border Raid")
    assert [c.figure.low for c in claims.values()] == [20]


def test_who_has_heard_a_figure_is_not_its_source(analysed_claims) -> None:
    claims = analysed_claims("Many voters have heard by now that 12 miners died in the collapse.")
    assert claims["12 miners"].attribution is None


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Both candidates cited the figure at a forum viewed by 14.7 million people.", "14.7 million people"),
        ("The governor mentioned the plan at a town hall watched by 2,000 residents.", "2,000 residents"),
    ],
)
def test_a_figure_describing_an_adjunct_of_the_cue_is_not_reported(
    analysed_claims, text: str, figure: str
) -> None:
    assert analysed_claims(text)[figure].attribution is None


def test_a_that_clause_after_an_adjunct_is_still_reported(analysed_claims) -> None:
    text = "The mayor said at a briefing on Friday that 5,000 homes were destroyed."
    claim = analysed_claims(text)["5,000 homes"]
    assert claim.attribution is not None and claim.attribution.source == "The mayor"


@pytest.mark.parametrize(
    ("text", "figure", "low"),
    [
        (
            "The agency has tallied 45 suspected or confirmed infections in the district.",
            "45 suspected or confirmed infections",
            45,
        ),
        ("Turnout beat its 2008 record of 98,412 by noon.", "98,412", 98412),
        ("The incumbent won by a margin of 212.", "212", 212),
        ("Registered voters in the district = 1.4 million.", "1.4 million", 1_400_000),
        ("Officials are reviewing about 60,000 H-2 visas.", "about 60,000 H-2 visas", 60_000),
        ("Officials are reviewing about 60,000 K-1 visas.", "about 60,000 K-1 visas", 60_000),
        (
            "It is far from the 58 percent evangelical share of the electorate.",
            "58 percent evangelical share",
            58,
        ),
    ],
)
def test_figures_of_the_grouping_dev_misses_are_found(found, text: str, figure: str, low: float) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].figure.low == low


def test_a_day_after_an_abbreviated_month_is_a_date(found) -> None:
    assert found("She left a Sept. 11 memorial event early to rest.") == {}


def test_a_description_inside_a_reported_clause_is_still_reported(analysed_claims) -> None:
    text = (
        "Governor Jane Ortiz, chair of the western caucus, today added her name to the \u201cPact on Clean "
        "Water,\u201d bringing the total number of signatories to eleven governors and one mayor, Reuters "
        "has confirmed."
    )
    claim = analysed_claims(text)["eleven governors"]
    assert claim.attribution is not None and claim.attribution.source == "Reuters"


@pytest.mark.parametrize(
    "text",
    [
        "The rule aims to cut emissions by 2035 to 40 percent below 1990 levels.",
        "Most of the pressure came from the region's two biggest exporters.",
        "The coalition includes the state's three largest hospital chains.",
        "Tuition at these schools now runs to six figures.",
    ],
)
def test_reference_years_rank_selections_and_idioms_are_no_figures(found, text: str) -> None:
    figures = {k: c.figure.low for k, c in found(text).items()}
    assert all(low not in (2035, 1990, 2, 3, 6) for low in figures.values()), figures


@pytest.mark.parametrize(
    ("text", "figure", "label"),
    [
        ("Officials say 17 inmates commit suicide each year.", "17 inmates", "died"),
        ("Five soldiers suffered injuries in the blast.", "Five soldiers", "injured"),
    ],
)
def test_a_verb_whose_object_names_the_event(found, text: str, figure: str, label: str) -> None:
    assert found(text)[figure].event["label"] == label
