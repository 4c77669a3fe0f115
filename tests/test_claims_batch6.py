"""Claims on sentences shaped like this session's issue-11 work (tests/gold/SPLIT.md, sixth batch):
a phrasal verb's particle ("handed over", "turned over", "took over") is no qualifier of the number
after it, read from the parse; "over" in front of a number stays a lower bound."""

from __future__ import annotations

import math

import pytest

from presslens.values.numbers import interval, vocabulary


@pytest.mark.parametrize(
    ("text", "figure", "low"),
    [
        ("Hamas handed over 13 hostages to the Red Cross on Sunday.", "13 hostages", 13),
        (
            "Israel turned over 200 Palestinian prisoners to the Red Cross in Ramallah.",
            "200 Palestinian prisoners",
            200,
        ),
        ("The rebels took over 40 towns in the north last year.", "40 towns", 40),
    ],
)
def test_a_verb_particle_is_no_qualifier(found, text: str, figure: str, low: int) -> None:
    claims = found(text)
    assert figure in claims, claims
    fig = claims[figure].figure
    assert (fig.low, fig.qualifier, fig.approx) == (low, None, False)
    assert interval(fig.low, fig.high, fig.qualifier) == (low, low)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Over 13 hostages were freed on Sunday.", "Over 13 hostages"),
        ("The strikes have killed over 19,600 Palestinians since October.", "over 19,600 Palestinians"),
        ("Hamas freed just over 13 hostages on Sunday.", "just over 13 hostages"),
    ],
)
def test_over_before_a_number_stays_a_lower_bound(found, text: str, figure: str) -> None:
    claims = found(text)
    assert figure in claims, claims
    fig = claims[figure].figure
    assert fig.qualifier in vocabulary().lower_bounds
    assert interval(fig.low, fig.high, fig.qualifier)[1] == math.inf
