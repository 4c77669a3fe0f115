"""Number-phrase reading on sentences written for these tests."""

from __future__ import annotations

import pytest

from presslens.components.claims_numbers import find_figures, words_to_number


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


def test_vague_quantities_are_approximate() -> None:
    fig = only("Police said tens of thousands of people marched.")
    assert (fig.low, fig.approx) == (10_000, True)
    assert only("Hundreds of houses burned.").low == 100


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
