"""Claims that session 9's sweep (benchmarks/uncovered_numerals.py --seed 20261213, docs/evaluation.md
"Session 9") and the grouping dev gold's misses showed dropped, and readings that must not change.

Every sentence is written for these tests (none is copied from an article)."""

from __future__ import annotations

import pytest


def _head(claim) -> str | None:
    return (claim.count_of or {}).get("head")


@pytest.mark.parametrize(
    ("text", "figure", "low", "head"),
    [
        # a collective noun's "of" number is the collective's size
        ("The senator spoke to a crowd of 2,400 in Dayton on Monday.", "2,400", 2400, "crowd"),
        ("At a rally of 6,200 outside the arena, she thanked the volunteers.", "6,200", 6200, "rally"),
        ("The inspector leads a team of 12 at the depot.", "12", 12, "team"),
        ("The mayor drew crowds of hundreds in every village.", "hundreds", 100, "crowd"),
        ("The refugees joined an extended family of nine.", "nine", 9, "family"),
        # a hedged size keeps its figure and now says what it counts
        ("The governor addressed a crowd of about 900 at the fair.", "about 900", 900, "crowd"),
    ],
)
def test_a_collectives_size_is_a_figure(found, text: str, figure: str, low: float, head: str) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].figure.low == low
    assert _head(claims[figure]) == head


@pytest.mark.parametrize(
    ("text", "figure", "head"),
    [
        ("The two parties split about half the vote in the county.", "about half the vote", "vote"),
        ("More than half the mayors surveyed back the plan.", "More than half the mayors", "mayor"),
        ("The port handles nearly half the region's exports.", "nearly half the region's exports", "export"),
        ("The reform would remove half its board members.", "half its board members", "member"),
    ],
)
def test_a_fraction_before_a_determiner_is_a_share(found, text: str, figure: str, head: str) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].figure.unit == "fraction"
    assert claims[figure].figure.low == 0.5
    assert _head(claims[figure]) == head


@pytest.mark.parametrize(
    "text",
    [
        "The bank is about half the size of its rival.",
        "Unemployment is now less than half its 2010 peak.",
        "The farms sold for about half their former value.",
        "A heat pump uses half the energy as a boiler.",
        "The budget is only half the story.",
        "He served seven and a half years in prison.",
        "The league's teams met for the first half the season.",
    ],
)
def test_a_fraction_that_compares_is_no_share(found, text: str) -> None:
    claims = found(text)
    assert not [span for span in claims if "half" in span.lower()], claims


@pytest.mark.parametrize(
    ("text", "figure", "low"),
    [
        ("The firm promised to cut a half-billion dollars in costs.", "a half-billion dollars", 500_000_000),
        ("Police found more than a half-dozen rifles in the van.", "more than a half-dozen rifles", 6),
        ("A half-dozen of the council seats are open.", "A half-dozen of the council seats", 6),
    ],
)
def test_a_hyphenated_half_of_a_scale(found, text: str, figure: str, low: float) -> None:
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].figure.low == low


def test_a_year_before_to_dates_the_first_amount() -> None:
    """ "from $40 million in 2017 to $65 million in 2018": two amounts, not a range "2017 to $65 million"."""
    from presslens.values.numbers import find_figures

    text = "Its revenue grew from $40 million in 2017 to $65 million in 2018."
    found = [(text[f.start : f.end], f.low, f.high) for f in find_figures(text)]
    assert ("$65 million", 65_000_000, None) in found, found
    assert not [f for f in found if f[1] == 2017], found


def test_a_year_range_is_left_alone() -> None:
    from presslens.values.numbers import find_figures

    text = "Sales grew from 2017 to 2019 in every region."
    assert [(f.low, f.high) for f in find_figures(text)] == [(2017, 2019)]


@pytest.mark.parametrize(
    ("text", "figure", "low"),
    [
        ("The mayor has won six of the past seven races in the county.", "six", 6),
        ("The party lost 9 of the last 12 special elections.", "9", 9),
        ("The rebels took four of the previous five towns they attacked.", "four", 4),
    ],
)
def test_a_count_of_the_past_n(found, text: str, figure: str, low: float) -> None:
    """ "won six of the past seven races": the number after "the past" is the set, the first one a count."""
    claims = found(text)
    assert figure in claims, claims
    assert claims[figure].figure.low == low
    assert _head(claims[figure]) is not None


def test_a_word_number_object_of_the_same_verb_repeats_the_noun(found) -> None:
    """ "Ames got 14 votes, Brill got six and Cole got two": the verb repeated, its object's noun left out."""
    claims = found("Ames got 14 votes, Brill got six and Cole got two.")
    assert _head(claims["six"]) == "vote", claims
    assert _head(claims["two"]) == "vote", claims
    assert claims["two"].count_of["refers_to"]["text"] == "14 votes"


def test_a_word_number_object_of_another_verb_stays_no_figure(found) -> None:
    claims = found("Ames got 14 votes and later lost two.")
    assert "two" not in claims, claims


def test_a_count_of_election_cycles_is_no_figure(found) -> None:
    """A cycle is a period ("in five of the past six election cycles"), a count of time units."""
    assert not found("The poll has picked the winner in five of the past six election cycles.")


@pytest.mark.parametrize(
    "text",
    [
        "The leaders met at a Group of 20 meeting in Osaka.",
        "She spoke to the graduating class of 2019.",
        "The past half-dozen days were hard on the campaign.",
    ],
)
def test_no_new_claim(found, text: str) -> None:
    """A name, a year, a duration."""
    assert not found(text), found(text)
