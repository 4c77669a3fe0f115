"""What a share answers (components/claims_answers.py) and the grouping rule on it (corpus/grouping.py,
`answers_differ`), on invented sentences.

A poll reports many shares of one population; two of them share a value as often as not. Before the
answer was read, "62 percent said the mayor should resign" and "62 percent of voters said the bridge was
too expensive" were one group beside another outlet's "62 percent of residents want her to resign"
(group15's probe, docs/evaluation-grouping.md, session 10).
"""

from __future__ import annotations

import pytest

from presslens.corpus.grouping import answers_differ, cannot_link
from presslens.corpus.quantities import timelines
from presslens.corpus.quantity_key import QuantityKey

POLL = (
    "A Harlow Institute poll of Velora voters released on Monday found that 62 percent said the mayor, "
    "Anna Brekke, should resign over the bridge contracts. Asked about the new harbour bridge itself, "
    "62 percent of voters said it was too expensive, and 30 percent said it was worth the cost."
)
POLL_AGAIN = (
    "The mayor of Velora, Anna Brekke, faces growing pressure: 62 percent of residents want her to resign, "
    "according to a Harlow Institute poll. The city council will vote on the bridge contracts next week."
)
RACE = (
    "Tomas Ekwall had 49.9 percent to Lena Marsh's 49.6 percent in the Velora mayoral count. "
    "A Harlow Institute poll found that 45 percent of likely voters backed Mr. Ekwall, while 42 percent "
    "favored Ms. Marsh. Now, 52 percent said Mr. Ekwall would be better for the harbour, compared with "
    "41 percent for Ms. Marsh."
)


@pytest.fixture(scope="module")
def articles(pipeline) -> list[dict]:
    from presslens.model import Article

    return [pipeline(Article(text=text)).to_dict() for text in (POLL, POLL_AGAIN, RACE)]


def _answer(article: dict, figure: str) -> list[str] | None:
    claim = next(c for c in article["claims"] if c["text"] == figure)
    answers = claim.get("answers")
    return answers["words"] if answers else None


def test_the_answer_of_a_share_is_read_from_the_parse(articles: list[dict]) -> None:
    poll, again, race = articles
    assert _answer(poll, "62 percent") == ["bridge", "contract", "mayor", "resign"]
    assert _answer(poll, "62 percent of voters") == ["expensive"]
    assert _answer(again, "62 percent of residents") == ["resign"]  # "want" frames it, "her" says nothing
    # a share held or won by a name: the name (by surname)
    assert _answer(race, "49.9 percent") == ["ekwall"]
    assert _answer(race, "49.6 percent") == ["marsh"]
    assert _answer(race, "41 percent") == ["marsh"]
    # a frame verb's complement stops at the next clause and at another figure
    assert _answer(race, "52 percent") == ["better", "ekwall", "harbour"]
    claim = next(c for c in poll["claims"] if c["text"] == "62 percent of voters")
    start, end = claim["answers"]["start"], claim["answers"]["end"]
    assert POLL[start:end] == claim["answers"]["text"] == "it was too expensive"


def test_an_answer_that_points_elsewhere_or_a_margin_is_not_read(pipeline) -> None:
    from presslens.model import Article

    text = (
        "Asked if the contracts were legal, 46 percent of voters said yes. Sixty-two percent of "
        "Velora residents agreed. Mr. Ekwall leads Ms. Marsh by 6 points, with 95 percent of precincts "
        "reporting."
    )
    article = pipeline(Article(text=text)).to_dict()
    assert _answer(article, "46 percent of voters") is None
    assert _answer(article, "Sixty-two percent of Velora residents") is None
    assert _answer(article, "6 points") is None  # a margin has two sides: not read
    assert _answer(article, "95 percent of precincts") is None  # not Mr. Ekwall's share
    shares = ("percent", "fraction")
    assert all("answers" not in c for c in article["claims"] if c["value"]["unit"] not in shares)


def test_two_shares_of_one_poll_that_answer_different_questions_are_two_groups(articles: list[dict]) -> None:
    poll, again, _race = articles
    groups = timelines([poll, again])
    of = {e["text"]: i for i, g in enumerate(groups) for e in g["entries"]}
    assert of["62 percent"] == of["62 percent of residents"]  # one question, two outlets: one group
    assert of["62 percent of voters"] != of["62 percent of residents"]  # another question of the same poll


def test_two_candidates_shares_never_join(articles: list[dict]) -> None:
    groups = timelines([articles[2]])
    of = {e["text"]: i for i, g in enumerate(groups) for e in g["entries"]}
    assert of["49.9 percent"] != of["49.6 percent"]
    assert of["52 percent"] != of["41 percent"]


def _share(answer: set[str]) -> dict:
    key = QuantityKey(unit="share", currency="", counted="", head="", event="", modifiers=frozenset(),
                      entities=frozenset(), nearest="", context=frozenset(), around=frozenset(), date=None,
                      answer=frozenset(answer))  # fmt: skip
    return {"key": key, "vague": False, "low": 62, "high": None, "article_id": "a", "start": 0}


def test_only_two_read_answers_with_no_word_in_common_hold_shares_apart() -> None:
    resign, bridge = _share({"mayor", "resign"}), _share({"expensive"})
    assert cannot_link(resign, bridge) and answers_differ(resign["key"], bridge["key"])
    assert not cannot_link(resign, _share({"resign"}))  # a word in common: the model decides
    assert not cannot_link(resign, _share(set()))  # an unread answer: as before
    count = dict(resign, key=QuantityKey(**{**resign["key"].__dict__, "unit": "count"}))
    assert not answers_differ(count["key"], bridge["key"])  # only shares
