"""Who a figure comes from when a claim noun names its author (docs/evaluation.md, "Claim nouns and
their authors"), and two shapes of bare counts: sentences written for these tests (fictional names).

A claim noun's possessor or "by"/"from" agent is the figure's source when it can speak ("Mr.
Halvorsen's claim that ...", "a tally by Reuters", "figures from the UN"); a date, an event or a
pronoun possessor names none, and a person's tally ("Mr. Ambler's delegate count") is what is counted,
not who counted it."""

from __future__ import annotations

import pytest


def source_of(claims: dict, figure: str) -> str | None:
    assert figure in claims, claims
    attribution = claims[figure].attribution
    if attribution is None:
        return None
    return attribution.source


@pytest.mark.parametrize(
    ("text", "figure", "source"),
    [
        (
            "Mr. Halvorsen's claim that 3 million people voted illegally has been debunked.",
            "3 million people",
            "Mr. Halvorsen",
        ),
        (
            "The ministry's estimate of 40,000 deaths was disputed by observers.",
            "40,000 deaths",
            "The ministry",
        ),
        ("Figures from the UN show that 40,000 people have fled the valley.", "40,000 people", "the UN"),
        ("Some 40,000 people have died, according to a tally by Reuters.", "Some 40,000 people", "Reuters"),
        ("A tally by Reuters puts the number of dead at 40,000.", "40,000", "Reuters"),
        ("Data from the agency showed 1,200 new cases in March.", "1,200 new cases", "the agency"),
        (
            "By the Kestrel Press Agency's tally, she now has 739 delegates.",
            "739 delegates",
            "the Kestrel Press Agency",
        ),
        ("In the ministry's estimate, 40,000 people have fled.", "40,000 people", "the ministry"),
        (
            "A number of readers have asked questions about Clinton's assertion that 90 to 95 percent of "
            "the e-mails were in the State Department system.",
            "90 to 95 percent of the e-mails",
            "Clinton",
        ),
        (
            "Some 300 homes were lost in the floods, according to the agency\u2019s figures.",
            "Some 300 homes",
            "the agency",
        ),
        ("The company's forecast of 5 percent growth was cut.", "5 percent growth", "The company"),
        (
            "Some 40 people died, figures released by the regional agency on Monday showed.",
            "Some 40 people",
            "the regional agency",
        ),
        (
            "Some 40 people died, according to figures compiled by the Vellmore Harbour Office.",
            "Some 40 people",
            "the Vellmore Harbour Office",
        ),
    ],
)
def test_a_claim_nouns_author_is_the_source(analysed_claims, text: str, figure: str, source: str) -> None:
    assert source_of(analysed_claims(text), figure) == source


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Last year's estimate of 40,000 deaths was too low.", "40,000 deaths"),  # a date
        ("The flood's estimate of 300 homes lost came from nowhere.", "300 homes"),  # an event
        ("Mr. Ambler's delegate count stands at 1,204.", "1,204"),  # a person's tally: what is counted
    ],
)
def test_a_possessor_that_cannot_speak_names_no_source(found, text: str, figure: str) -> None:
    assert source_of(found(text), figure) is None


def test_a_pronoun_possessor_is_left_to_the_other_cues(analysed_claims) -> None:
    claims = analysed_claims("The senator repeated his claim that 12,000 jobs were lost in the county.")
    assert source_of(claims, "12,000 jobs") != "his"


def test_a_report_stays_the_source_as_written(analysed_claims) -> None:
    """Documents are sources themselves: "a report by X" is no claim noun."""
    claims = analysed_claims(
        "A report by the Vellmore Chamber of Commerce estimated that 1,200 jobs were lost."
    )
    assert source_of(claims, "1,200 jobs") == "A report by the Vellmore Chamber of Commerce"


def test_an_inner_reporting_verb_is_nearer_than_the_claim_noun(found) -> None:
    claims = found("The ministry's claim that officials said 40 people died was repeated on Monday.")
    assert source_of(claims, "40 people") == "officials"


def test_a_claim_noun_as_the_subject_of_any_verb_states_nothing(found) -> None:
    """Only a reporting verb or "be" with a claim noun as its subject states the figure."""
    assert (
        source_of(found("Mr. Halvorsen's claims drew 40 complaints from viewers."), "40 complaints") is None
    )


def test_a_figure_beside_a_claim_noun_is_not_its_content(found) -> None:
    """Through "of" a figure must lie in the noun's own phrase, not in a clause further down."""
    claims = found(
        "The group's claim of credit for the attack by a gunman who killed 49 people was dismissed on Monday."
    )
    assert source_of(claims, "49 people") != "The group"


@pytest.mark.parametrize(
    ("text", "figure", "low"),
    [
        ("Officials put the death toll at 310.", "310", 310),
        ("The ministry raised the number of dead to 312 on Monday.", "312", 312),
    ],
)
def test_the_level_a_tally_is_put_at_is_a_figure(found, text: str, figure: str, low: int) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].figure.low == low


def test_a_put_without_a_tally_is_no_figure(found) -> None:
    assert "4" not in found("She put the book at 4 on the list of shelves.")


def test_answers_read_out_are_counts(found) -> None:
    claims = found("Do you back the plan?\u201d Forty-three, yes; forty-four, no.")
    assert [(c.figure.low, c.figure.high) for c in claims.values()] == [(43, None), (44, None)]


def test_a_number_before_yes_inside_a_clause_is_no_answer(found) -> None:
    assert "12" not in found("We counted 12, yes, twelve boats.")


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        (
            "According to Mr. Varga, who sits on the boards of two harbour groups, the plan makes sense.",
            "two harbour groups",
        ),
        (
            "Support fell, according to a poll of 400 registered voters released by Kestrel Research.",
            "400 registered voters",
        ),
    ],
)
def test_a_figure_that_describes_its_source_is_not_what_the_source_says(
    found, text: str, figure: str
) -> None:
    assert source_of(found(text), figure) is None


def test_a_figure_the_source_reports_in_its_own_clause_keeps_it(found) -> None:
    claims = found("Some 40 people died, according to the ministry, which counted 12 more on Monday.")
    assert source_of(claims, "12 more") == "the ministry"


def test_a_dash_ends_a_source(found) -> None:
    claims = found(
        "Most residents - 63 percent in 2014, according to the Vellmore Survey Office - back the bridge."
    )
    assert source_of(claims, "63 percent") == "the Vellmore Survey Office"
