"""How /quantities names a group whose figures name nothing counted (corpus/quantities.group_name).

docs/user-check.md (session 7): an exchange rate ("more than 700,000 to the US dollar") and a figure
whose counted thing could not be told ended in groups both called "figure", a name that says nothing
and that two groups shared. The story below is invented.
"""

from __future__ import annotations

import pytest

from presslens.corpus.quantities import timelines

MARKETS = "The Vellan krona fell to more than 9,000 to the US dollar on Monday, traders in Orsk said."
STRIKE = "Port officials in Orsk put the number at nearly 2,000 on Tuesday, a spokesman said."
TALLY = "By Wednesday, union stewards in Orsk had put the figure at over 90."


@pytest.fixture(scope="module")
def groups(pipeline) -> list[dict]:
    from presslens.model import Article

    return timelines([pipeline(Article(text=text)).to_dict() for text in (MARKETS, STRIKE, TALLY)])


def _group_of(groups: list[dict], figure: str) -> dict:
    return next(g for g in groups if any(e["text"].startswith(figure) for e in g["entries"]))


def test_an_exchange_rate_is_named_as_a_rate_to_its_currency(groups: list[dict]) -> None:
    rate = _group_of(groups, "more than 9,000")
    assert rate["entries"][0]["unit"] == "rate"
    assert rate["quantity"] == "exchange rate to the US dollar"


def test_a_figure_counting_nothing_says_so_and_shows_itself(groups: list[dict]) -> None:
    strike = _group_of(groups, "nearly 2,000")
    assert strike["entries"][0]["count_of"] is None  # nothing before "the number" to point back to
    assert strike["quantity"] == "(nothing counted) nearly 2,000"
    names = [g["quantity"] for g in groups]
    assert "figure" not in names
    assert len(names) == len(set(names)), names  # no two groups share a name


WALKOUT = (
    "Ostra Varga said that between 1,500 and 1,800 nurses had walked out in Orsk, while hospital managers "
    "put the number at nearly 900. Police said 12 protesters were arrested."
)


def test_a_number_a_tally_noun_restates_is_laid_beside_the_figure_it_answers(pipeline) -> None:
    """'put the number at nearly 900' answers the nurses' figure: one quantity, two sources, one group."""
    from presslens.model import Article

    article = pipeline(Article(text=WALKOUT)).to_dict()
    [group] = [g for g in timelines([article]) if any(e["text"] == "nearly 900" for e in g["entries"])]
    assert {e["text"] for e in group["entries"]} == {"between 1,500 and 1,800 nurses", "nearly 900"}
    # a user's split still wins over the link
    nurses = next(c for c in article["claims"] if article["text"][c["start"] : c["end"]].endswith("nurses"))
    split = {"action": "split", "a": {"article_id": article["id"], "start": nurses["start"]}, "b": None}
    groups = timelines([article], overrides=[split])
    [alone] = [g for g in groups if any(e["text"] == "nearly 900" for e in g["entries"])]
    assert [e["text"] for e in alone["entries"]] == ["nearly 900"]
