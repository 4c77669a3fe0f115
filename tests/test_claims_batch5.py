"""Claims on sentences shaped like the fifth gold batch's errors (dev5, tests/gold/SPLIT.md), written for
these tests: a tie written as a score is two sides, not a range; "half a percentage point" is a figure; a
forecaster is a figure's source; a level or an agent is no event's patient; a recipient is no content; a
bare object of the same verb as an earlier figure repeats its counted noun."""

from __future__ import annotations

import pytest

from presslens.components.claims import extract


@pytest.mark.parametrize(
    "text",
    [
        "A 4-4 ruling by the court would leave the lower decision in place.",
        "The match ended in a 2-2 draw after extra time.",
    ],
)
def test_a_tie_written_as_a_modifier_is_no_figure(found, text: str) -> None:
    assert found(text) == {}


def test_a_tie_is_two_sides_not_a_range(nlp) -> None:
    claims = extract(nlp("The two candidates are tied 45 to 45 among likely voters."))
    assert [(c.figure.low, c.figure.high) for c in claims] == [(45, None), (45, None)]


@pytest.mark.parametrize(
    ("text", "figure", "low", "unit"),
    [
        (
            "Output grew 1.2 percent, more than half a percentage point less than forecast.",
            "more than half a percentage point",
            0.5,
            "points",
        ),
        (
            "The bank cut its rate by a quarter of a percentage point.",
            "a quarter of a percentage point",
            0.25,
            "points",
        ),
        ("Prices rose by half a percent in May.", "half a percent", 0.5, "percent"),
    ],
)
def test_half_or_a_quarter_of_a_point_is_a_figure(
    found, text: str, figure: str, low: float, unit: str
) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert (claims[figure].figure.low, claims[figure].figure.unit) == (low, unit)


@pytest.mark.parametrize(
    ("text", "figures", "source"),
    [
        ("The bank expects that exports will grow by 2.4 percent.", ["2.4 percent"], "The bank"),
        (
            "Analysts predicted that sales would fall 3 percent, down 0.5 percentage points from May.",
            ["3 percent", "0.5 percentage points"],
            "Analysts",
        ),
        ("The agency forecasts 1.9 million visitors next summer.", ["1.9 million visitors"], "The agency"),
    ],
)
def test_a_forecaster_is_the_source_of_its_figures(found, text: str, figures: list[str], source: str) -> None:
    claims = found(text)
    for figure in figures:
        assert claims[figure].attribution is not None, figure
        assert claims[figure].attribution.source == source


def test_a_level_held_at_is_no_event(found) -> None:
    claims = found("The cut was enough to hold the estimate of growth steady at 3.1 percent.")
    assert claims["3.1 percent"].event is None


def test_the_agent_of_an_event_verb_is_not_its_patient(found) -> None:
    claims = found("Ten people were killed by two gunmen near the station.")
    assert claims["Ten people"].event["label"] == "killed"
    assert claims["two gunmen"].event is None


def test_a_rate_after_by_is_still_what_happened(found) -> None:
    claims = found("People are dying by the hundreds of thousands in the region.")
    assert claims["hundreds of thousands"].event["label"] == "died"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("A judge denied bail to all five members of the family.", "five members"),
        ("A state judge denied bail on Monday to all four owners of the farm.", "four owners"),
    ],
)
def test_a_recipient_of_the_cue_verb_is_no_content(analysed_claims, text: str, figure: str) -> None:
    assert analysed_claims(text)[figure].attribution is None


@pytest.mark.parametrize(
    ("text", "figure", "source"),
    [
        ("The ministry cited 50 deaths in the report.", "50 deaths", "The ministry"),
        ("The ministry pointed to 50 deaths in the report.", "50 deaths", "The ministry"),
        (
            "The senator cited her endorsements from 88 generals and admirals on Tuesday.",
            "88 generals",
            "The senator",
        ),
    ],
)
def test_a_figure_the_cue_verb_names_is_still_its_content(
    analysed_claims, text: str, figure: str, source: str
) -> None:
    claims = {key.split(" and ")[0]: claim for key, claim in analysed_claims(text).items()}
    assert claims[figure].attribution is not None
    assert claims[figure].attribution.source == source


def test_a_forecast_under_a_said_keeps_the_named_speaker(found) -> None:
    claims = found("Mr. Clarke said he expected to sell the coal for at least $50 a ton.")
    assert claims["at least $50"].attribution.source == "Mr. Clarke"


@pytest.mark.parametrize(
    ("text", "figure", "head"),
    [
        ("Clinton had 2,205 delegates, compared with Sanders, who had 1,401.", "1,401", "delegate"),
        ("Labour won 30 seats in the north and the Greens won 12.", "12", "seat"),
    ],
)
def test_a_bare_object_of_the_same_verb_repeats_the_counted_noun(
    found, text: str, figure: str, head: str
) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].count_of["head"] == head


def test_a_bare_object_of_another_verb_stays_no_figure(found) -> None:
    assert list(found("Labour won 30 seats in the north and then lost 12.")) == ["30 seats"]


@pytest.mark.parametrize(
    ("text", "figure", "low", "qualifier"),
    [
        ("Some 10,000-plus people marched downtown.", "Some 10,000-plus people", 10_000, "some"),
        ("The rally drew 5,000+ fans to the stadium.", "5,000+ fans", 5_000, "more than"),
        ("About 100-odd officers were on duty.", "About 100-odd officers", 100, "about"),
        ("Nearly 100-odd officers were on duty.", "Nearly 100-odd officers", 100, "nearly"),
        ("Police sent 100-odd officers to the square.", "100-odd officers", 100, "about"),
    ],
)
def test_a_qualifier_after_the_number(found, text: str, figure: str, low: float, qualifier: str) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert (claims[figure].figure.low, claims[figure].figure.qualifier) == (low, qualifier)


def test_forty_odd_years_is_still_a_duration(found) -> None:
    assert found("He served 40-odd years on the bench.") == {}


@pytest.mark.parametrize(
    ("text", "figure", "low"),
    [
        ("They had accepted 11,491 refugees, 15 percent over the limit of 10,000.", "10,000", 10_000),
        ("Congress set a cap of 85,000 on admissions.", "85,000", 85_000),
    ],
)
def test_the_value_of_a_limit_or_cap_is_a_figure(found, text: str, figure: str, low: float) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].figure.low == low


@pytest.mark.parametrize(
    ("text", "figure", "low"),
    [
        ("Nearly half said they prefer a candidate with experience.", "Nearly half", 0.5),
        ("About three-quarters support the proposal.", "About three-quarters", 0.75),
        ("The economy was the top issue, selected by about a third.", "about a third", 0.3333),
        ("Less than a third agreed with the governor.", "Less than a third", 0.3333),
    ],
)
def test_a_share_standing_alone_as_a_subject_is_a_figure(found, text: str, figure: str, low: float) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert (claims[figure].figure.low, claims[figure].figure.unit) == (low, "fraction")


@pytest.mark.parametrize(
    "text",
    [
        "During his seven and a half years in office, he travelled widely.",
        "It would make her a third Obama term.",
        "The cake was cut in half in the first half.",
        "Sales rose by a third last year.",
    ],
)
def test_other_readings_of_a_fraction_word_are_no_figure(found, text: str) -> None:
    assert found(text) == {}
