"""Captives who change hands: a verb or noun of exchange, swap, release or hand-over is the event of a
count before or after it, and wins over a participle that says where the captives were ("held by"),
so that a grouping of figures does not key exchanged prisoners as still held (quantities.json
`default_event`). Fictional sentences, shaped like the seed article that showed the problem."""

from __future__ import annotations

import pytest

from presslens.corpus.quantity_key import counted_and_event


def test_an_exchange_of_captives_held_by_each_side_is_an_exchange(found) -> None:
    claims = found(
        "The truce saw an exchange of 150 Ruritanian detainees held by Freedonia and 60 war prisoners, "
        "including 45 soldiers and 15 foreigners, held by the militia in the hills."
    )
    events = {figure: claim.event["label"] for figure, claim in claims.items() if claim.event}
    assert events == {
        "150 Ruritanian detainees": "exchanged",
        "60 war prisoners": "exchanged",
        "45 soldiers": "exchanged",
        "15 foreigners": "exchanged",
    }


@pytest.mark.parametrize(
    ("text", "figure", "label"),
    [
        ("The two sides swapped 40 hostages for 120 prisoners on Tuesday.", "40 hostages", "exchanged"),
        ("In all, 75 captives were exchanged during the pause.", "75 captives", "exchanged"),
        ("The deal provides for the release of 30 hostages taken in the raid.", "30 hostages", "released"),
        ("The government freed 39 prisoners held in its jails.", "39 prisoners", "freed"),
        ("Twelve hostages were handed over to the Red Cross on Friday.", "Twelve hostages", "handed over"),
        ("The militia handed 12 hostages over to the Red Cross.", "12 hostages", "handed over"),
    ],
)
def test_a_verb_or_noun_of_exchange_before_or_after_a_count_is_its_event(
    found, text: str, figure: str, label: str
) -> None:
    assert found(text)[figure].event["label"] == label


def test_a_participle_alone_still_says_held(found) -> None:
    claims = found("The militia says 128 hostages held in the tunnels are alive.")
    assert claims["128 hostages"].event["label"] == "held"


@pytest.mark.parametrize("event", ["exchanged", "freed", "handed over"])
def test_captives_who_changed_hands_are_keyed_as_released_not_held(event: str) -> None:
    assert counted_and_event("captive", "captives", event)[2] == "released"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # user check, session 8 (docs/user-check.md): the parser hangs "over" on the number (quantmod),
        # tagged RP: still the verb's particle, so the event is the hand-over (keyed released), never held
        (
            "On Wednesday the strikers handed over 13 hostages to the Red Cross, the union said.",
            "13 hostages",
        ),
        # ours, same construction with another particle of the vocabulary ("handed back")
        ("The army handed back 40 detainees to their families on Sunday.", "40 detainees"),
    ],
)
def test_a_particle_hung_on_the_number_still_makes_the_hand_over(found, text: str, figure: str) -> None:
    claim = found(text)[figure]
    assert claim.event is not None and claim.event["label"] == "handed over"
    assert text[claim.event["start"] : claim.event["end"]] in ("handed over", "handed back")
    assert claim.figure.qualifier is None  # the particle is still no qualifier of the number
    assert (
        counted_and_event(claim.count_of["head"], claim.count_of["text"], claim.event["label"])[2]
        == "released"
    )
