"""Number-phrase reading on sentences written for these tests."""

from __future__ import annotations

import pytest

from presslens.values.numbers import find_figures, words_to_number


def only(text: str):
    figures = find_figures(text)
    assert len(figures) == 1, [text[f.start : f.end] for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier", "approx"),
    [
        ("Troops detained more than 1,100 people.", 1100, None, "more than", False),
        ("It recruited between 10,000 and 15,000 members.", 10000, 15000, "between", False),
        ("They estimate close to 600 soldiers died.", 600, None, "close to", True),
        ("The city has 1.2 million residents.", 1_200_000, None, None, False),
        ("Its 2.4-million population fled.", 2_400_000, None, None, False),
        ("Half a million settlers left.", 500_000, None, None, False),
        ("Some 28,600 were infected.", 28600, None, "some", True),
        ("About 30 to 40 captives remain.", 30, 40, "about", True),
        ("There are three-and-a-half thousand doctors.", 3500, None, None, False),
    ],
)
def test_values_and_qualifiers(
    text: str, low: float, high: float | None, qualifier: str | None, approx: bool
) -> None:
    fig = only(text)
    assert (fig.low, fig.high, fig.qualifier, fig.approx) == (low, high, qualifier, approx)


def test_vague_amounts_are_ranges_with_their_words() -> None:
    # low: the guideline's floor (docs/evaluation.md), never shown; vague_range: the order of magnitude
    fig = only("Police said tens of thousands of people marched.")
    assert (fig.low, fig.high, fig.approx, fig.vague, fig.as_written, fig.vague_range) == (
        10_000,
        None,
        True,
        True,
        "tens of thousands",
        (10_000, 99_999),
    )
    fig = only("Hundreds of houses burned.")
    assert (fig.low, fig.vague, fig.as_written, fig.vague_range) == (100, True, "Hundreds", (100, 999))
    assert only("Several thousand people joined.").vague_range == (2000, 9999)
    assert only("A handful of lawmakers objected.").as_written == "A handful"
    assert only("Hundreds of thousands fled.").vague_range == (100_000, 999_999)
    assert only("Dozens were hurt.").low == 24
    assert not only("Three thousand people fled.").vague  # a number in words is not vague


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "scale", "qualifier"),
    [
        ("The agency released about $45 million in aid.", 45_000_000, None, "USD", "million", "about"),
        ("It released $1m from its fund.", 1_000_000, None, "USD", "million", None),
        ("Puerto Rico gets $16 bln in aid.", 16_000_000_000, None, "USD", "billion", None),
        ("The fund holds €840,000.", 840_000, None, "EUR", None, None),
        ("The budget is ₹5 crore.", 50_000_000, None, "INR", "crore", None),
        ("Donors gave Rs 3 lakh.", 300_000, None, "INR", "lakh", None),
        ("It cost USD 2.5 billion.", 2_500_000_000, None, "USD", "billion", None),
        ("It cost 300 million USD.", 300_000_000, None, "USD", "million", None),
        ("Exports fell 40% of the total.", 40, None, "percent", None, None),
        ("It ran at more than 5% of its capacity.", 5, None, "percent", None, "more than"),
        ("Clinton held a 20-point lead.", 20, None, "points", None, None),
        ("Sanders trails by 4 percentage points.", 4, None, "points", None, None),
        ("She leads by about 6 points.", 6, None, "points", None, "about"),
        ("Between 7 and 10 million people voted.", 7_000_000, 10_000_000, "count", "million", "between"),
    ],
)
def test_units_and_scales(
    text: str, low: float, high: float | None, unit: str, scale: str | None, qualifier: str | None
) -> None:
    fig = only(text)
    assert (fig.low, fig.high, fig.unit, fig.scale, fig.qualifier) == (low, high, unit, scale, qualifier)


def test_n_in_m_is_a_fraction() -> None:
    fig = only("Four in 10 voters said so.")
    assert (fig.unit, fig.low, fig.as_written) == ("fraction", 0.4, "Four in 10")
    assert only("1 in 4 residents lived there.").low == 0.25
    assert find_figures("They won 3 in 2016.")[0].unit == "count"  # a year is no denominator


def test_percent_money_and_fractions() -> None:
    assert only("Turnout fell by 5% this year.").unit == "percent"
    assert only("Prices rose 12 per cent.").unit == "percent"
    fig = only("The fund holds $4.5 million.")
    assert (fig.low, fig.unit) == (4_500_000, "USD")
    frac = only("A third of these captives died.")
    assert frac.unit == "fraction" and abs(frac.low - 1 / 3) < 1e-3


def test_hyphenated_durations_and_ordinals_are_not_numbers() -> None:
    assert find_figures("A 60-day deadline and a two-month ceasefire.") == []
    assert find_figures("On the 4th anniversary of the raid.") == []


def test_dozens_and_compounds() -> None:
    assert only("A team of three dozen lawyers.").low == 36
    assert find_figures("A 43,000-barrel tank and 10-round packages.") == []


def test_words_to_number() -> None:
    assert words_to_number("twenty-one") == 21
    assert words_to_number("four") == 4
    assert words_to_number("banana") is None


def test_exponent_notation_is_not_read_as_its_exponent() -> None:
    # issue 14: "1.0e+309 hostages" became 309 hostages
    assert find_figures("Gunmen took 1.0e+309 hostages.") == []
    assert find_figures("It grew by 3e-5 percent.") == []


def test_huge_figures_stay_finite_floats_beyond_exact_integers() -> None:
    # issue 14: 10**23 came out as a Python int too large for SQLite's 64-bit integers
    fig = only("More than 99999999999999999999999 people fled.")
    assert isinstance(fig.low, float) and fig.low == pytest.approx(1e23)
    fig = only("They spent 5 trillion trillion dollars.")
    assert isinstance(fig.low, float) and fig.low == pytest.approx(5e24)
    assert find_figures("1" + "0" * 400 + " people fled.") == []  # float('inf'): not a value
    assert only("It holds 9,007,199,254,740,991 grains.").low == 2**53 - 1  # exact, kept as an int


def test_a_downward_range_is_a_score_of_two_figures() -> None:
    text = "Clinton leads Sanders 1,428 to 1,153, and won the state 66% to 30%."
    figures = find_figures(text)
    assert [(text[f.start : f.end], f.low, f.unit, f.paired) for f in figures] == [
        ("1,428", 1428, "count", True),
        ("1,153", 1153, "count", True),
        ("66%", 66, "percent", True),
        ("30%", 30, "percent", True),
    ]
    # an upward range stays one figure; a season or a page span is no score
    assert [(f.low, f.high, f.paired) for f in find_figures("between 30 to 40 captives")] == [(30, 40, False)]
    assert [f.paired for f in find_figures("in the 1995-96 season, see pages 104-5")] == []


def test_figure_pattern_is_the_same_under_every_hash_seed() -> None:
    """The compiled pattern must not depend on PYTHONHASHSEED (set order), so runs are reproducible."""
    import os
    import subprocess
    import sys

    code = "from presslens.values.numbers import patterns; print(patterns().figure.pattern)"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(seen) == 1
