"""Issue 11 on the real seeds: the figures page never puts two sides' counts in one group.

The five seeds are analysed once and grouped as `/quantities` groups them (`corpus.timelines`). The
checks name figures as the seeds write them; what keeps them apart is general (whose the counted
things are, who acted on them, a vague amount quoted from a speaker), never a rule about this war.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.corpus.quantities import timelines
from presslens.corpus.quantity_key import names_conflict


@pytest.fixture(scope="module")
def groups(pipeline, seed_paths: list[Path]) -> list[dict]:
    from presslens.ingest import load_inputs

    articles = pipeline.pipe(list(load_inputs([str(p) for p in seed_paths])))
    return timelines([a.to_dict() for a in articles])


def _group_of(groups: list[dict], figure: str) -> dict:
    return next(g for g in groups if any(e["text"].startswith(figure) for e in g["entries"]))


def _texts(group: dict) -> set[str]:
    return {e["text"] for e in group["entries"]}


def test_israeli_and_palestinian_captives_are_never_one_group(groups: list[dict]) -> None:
    israeli = _group_of(groups, "more than 90 Israeli captives")  # still held in Gaza (seed 000)
    palestinian = _group_of(groups, "240 Palestinian abductees")  # exchanged in November (seed 002)
    assert israeli is not palestinian
    assert "128 still held" in _texts(israeli)  # "the 128 still held in Gaza by the resistance group"
    assert not any(t.startswith("240 Palestinian") for t in _texts(israeli))
    # the Palestinian prisoners of seed 001 ("Palestinian prisoners, 100 of whom ...") stay out too
    assert not any(t.startswith("100 of whom") for t in _texts(israeli)), _texts(israeli)
    # "an exchange of ... 105 war prisoners ... held by Hamas" (seed 002): exchanged, not still held
    assert not any(t.startswith("105 war prisoners") for t in _texts(israeli)), _texts(israeli)
    # the page's name says whose the captives are
    assert "israeli" in israeli["label"].lower() and "palestinian" in palestinian["label"].lower()


def test_no_group_holds_figures_of_two_named_sides(groups: list[dict]) -> None:
    for group in groups:
        owners = {frozenset(e["key"]["whose"]) for e in group["entries"] if e["key"]["whose"]}
        agents = {frozenset(e["key"]["agent"]) for e in group["entries"] if e["key"]["agent"]}
        for names in (owners, agents):
            assert not any(names_conflict(a, b) for a in names for b in names), (group["label"], names)


def test_the_7_october_toll_is_one_clean_group(groups: list[dict]) -> None:
    toll = _group_of(groups, "over 1,100 fatalities")
    assert any(t.startswith("more than 1,100 people") for t in _texts(toll))
    # "Abu Ali Mustafa ... and thousands of martyrs", quoted from a speaker about history: no restatement
    assert not any(e["vague"] for e in toll["entries"]), _texts(toll)


def test_members_of_two_armed_bodies_are_apart(groups: list[dict]) -> None:
    iranian = _group_of(groups, "10 members")  # "10 members of Iranian armed forces"
    assert not any(t.startswith("12 of its members") for t in _texts(iranian))  # Jaish al-Adl's own


def test_the_three_named_quantities_are_each_one_group(groups: list[dict]) -> None:
    """Issue 11: the 7 October toll, the Palestinian death tolls and the Israeli soldier deaths."""
    named = {
        "over 1,100 fatalities": {"more than 1,100 people"},
        "at least 19,667 Palestinians": {"over 19,600 Palestinians", "more than 31,000 Palestinians"},
        "over 500": {"close to 600 Israeli officers and soldiers", "nearly 250 Israeli troops"},
    }
    found = [_group_of(groups, figure) for figure in named]
    assert len({id(g) for g in found}) == 3
    for (figure, others), group in zip(named.items(), found, strict=True):
        assert {figure, *others} <= _texts(group), _texts(group)
        assert len({e["article_id"] for e in group["entries"]}) >= 2


def test_martyrs_palestinians_sacrificed_sit_with_the_palestinian_toll(groups: list[dict]) -> None:
    # "the resistance and the Palestinian nation have proven their power ... despite ... sacrificing more than
    # 20,000 martyrs" (quoted from the Iranian foreign minister): whose is the subject of "sacrificing"
    martyrs = _group_of(groups, "more than 20,000 martyrs")
    assert "at least 19,667 Palestinians" in _texts(martyrs), _texts(martyrs)
    assert not any(t.startswith("approximately 20,000 deaths") for t in _texts(martyrs))  # Hamas fighters'


#: User check, session 8 (docs/user-check.md): a march pasted beside the seeds joined their death tolls.
#: The first paragraph is the pasted text; the second is ours, the same construction in other words.
EVENTLESS_CROWDS = (
    "Tens of thousands of people marched through Norvale on Tuesday, and hundreds of houses along the "
    "river were damaged, the city council said.\n\n"
    "Tens of thousands of residents queued for bread in Karsk on Friday, the mayor said.\n"
)


@pytest.fixture(scope="module")
def groups_with_crowds(pipeline, seed_paths: list[Path], tmp_path_factory) -> list[dict]:
    from presslens.ingest import load_inputs

    pasted = tmp_path_factory.mktemp("paste") / "crowds.txt"
    pasted.write_text(EVENTLESS_CROWDS, encoding="utf-8")
    articles = pipeline.pipe(list(load_inputs([*(str(p) for p in seed_paths), str(pasted)])))
    return timelines([a.to_dict() for a in articles])


def test_an_eventless_crowd_never_joins_a_death_toll(groups_with_crowds: list[dict]) -> None:
    """A figure with no event joins no evented group on its counted class and an overlapping range."""
    tolls = _group_of(groups_with_crowds, "at least 19,667 Palestinians")
    assert tolls["event"] == "killed"
    assert not any(t.startswith("Tens of thousands") for t in _texts(tolls)), _texts(tolls)
    for crowd in ("Tens of thousands of people", "Tens of thousands of residents"):
        group = _group_of(groups_with_crowds, crowd)
        assert all(not e["key"]["event"] for e in group["entries"]), _texts(group)
    # the seeds' named quantities still hold
    assert {"over 19,600 Palestinians", "more than 31,000 Palestinians"} <= _texts(tolls)
