"""A figure's source is the reporting verb's subject as named, never cut inside a clause that describes
it (user check, session 8, docs/user-check.md): "said Ilse Varga, who runs a shipping firm" gave the
source "Ilse Varga, who runs a shipping" (the compound "shipping" inside the relative clause was kept)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "figure", "source"),
    [
        # the pasted text of the user check
        (
            '"We have lost 30 or so contracts because of this madness,"'
            " said Ilse Varga, who runs a shipping firm.",
            "30 or so contracts",
            "Ilse Varga",
        ),
        # ours: the same construction, a "whose" clause with a compound noun in it
        (
            '"Orders fell by 40 percent in a month," said Tomas Brell, whose family owns a fishing company.',
            "40 percent",
            "Tomas Brell",
        ),
    ],
)
def test_a_source_never_ends_inside_a_relative_clause(
    analysed_claims, text: str, figure: str, source: str
) -> None:
    claim = analysed_claims(text)[figure]
    assert claim.attribution is not None
    assert claim.attribution.source == source
    assert text[claim.attribution.start : claim.attribution.end] == source
