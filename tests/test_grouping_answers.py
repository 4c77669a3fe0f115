"""Candidate Q (benchmarks/share_answers.py, group16): what a share answers, read from the parse, and
the rule on it, on invented sentences. Q failed its pre-written rule and is a study, not the runtime
(docs/evaluation-grouping.md, session 10): these tests keep the study's reader and rule honest, since
the doc's figures are made by them.

A poll reports many shares of one population; two of them share a value as often as not: "62 percent
said the mayor should resign" and "62 percent of voters said the bridge was too expensive" were one group
beside another outlet's "62 percent of residents want her to resign" (group15's probe).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from presslens.corpus import grouping as G
from presslens.corpus.quantity_key import QuantityKey

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("share_answers", REPO / "benchmarks" / "share_answers.py")
assert spec is not None and spec.loader is not None
share_answers = importlib.util.module_from_spec(spec)
sys.modules["share_answers"] = share_answers
spec.loader.exec_module(share_answers)

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
OTHERS = (
    "Asked if the contracts were legal, 46 percent of voters said yes. Sixty-two percent of "
    "Velora residents agreed. Mr. Ekwall leads Ms. Marsh by 6 points, with 95 percent of precincts "
    "reporting."
)


def _answers(nlp, text: str) -> dict[str, list[str] | None]:
    """Each claim's text -> the words of what it answers (as `share_answers.annotate` reads them)."""
    from presslens.components.claims import extract

    doc = nlp(text)
    out = {}
    for claim in extract(doc, None, text):
        span = doc.char_span(claim.figure.start, claim.figure.end, alignment_mode="expand")
        found = share_answers.share_answer(doc, text, claim.figure.unit, span)
        out[text[claim.start : claim.end]] = found["words"] if found else None
        if found:
            assert text[found["start"] : found["end"]] == found["text"]
    return out


def test_the_answer_of_a_share_is_read_from_the_parse(nlp) -> None:
    poll, again, race = (_answers(nlp, t) for t in (POLL, POLL_AGAIN, RACE))
    assert poll["62 percent"] == ["bridge", "contract", "mayor", "resign"]
    assert poll["62 percent of voters"] == ["expensive"]
    assert again["62 percent of residents"] == ["resign"]  # "want" frames it; the clause before is not it
    # a share held or won by a name: the name (by surname)
    assert race["49.9 percent"] == ["ekwall"]
    assert race["49.6 percent"] == ["marsh"]
    assert race["41 percent"] == ["marsh"]
    # a frame verb's complement stops at the next clause and at another figure
    assert race["52 percent"] == ["better", "ekwall", "harbour"]


def test_an_answer_that_points_elsewhere_a_margin_or_a_reporting_clause_is_not_read(nlp) -> None:
    others = _answers(nlp, OTHERS)
    assert others["46 percent of voters"] is None  # "said yes"
    assert others["Sixty-two percent of Velora residents"] is None  # "agreed"
    assert others["6 points"] is None  # a margin has two sides: not read
    assert others["95 percent of precincts"] is None  # not Mr. Ekwall's share


def _entries(pipeline, nlp) -> list[dict]:
    """The claim entries of the two poll articles, with Q's answers added as the study adds them."""
    from presslens.corpus.figures import claim_entries
    from presslens.model import Article

    articles = [pipeline(Article(text=text)).to_dict() for text in (POLL, POLL_AGAIN)]
    for article in articles:
        words = _answers(nlp, article["text"])
        for claim in article["claims"]:
            if words.get(claim["text"]):
                claim["answers"] = {"words": words[claim["text"]]}
    item = {"docs": articles, "entries": claim_entries(articles)}
    share_answers.add_answers([item])
    return item["entries"]


def test_with_q_two_shares_of_one_poll_that_answer_different_questions_are_two_groups(pipeline, nlp) -> None:
    entries = _entries(pipeline, nlp)
    by_text = {e["text"]: e for e in entries}
    assert by_text["62 percent of voters"]["answer"] == {"expensive"}
    resign, bridge, again = (
        by_text[t] for t in ("62 percent", "62 percent of voters", "62 percent of residents")
    )
    assert share_answers.answers_differ(resign, bridge) and not share_answers.answers_differ(resign, again)
    labels = G.cluster(entries)  # the runtime: one group of all three
    assert labels[entries.index(resign)] == labels[entries.index(bridge)] == labels[entries.index(again)]
    original = G.cannot_link
    G.cannot_link = share_answers.with_answers(original)
    try:
        labels = G.cluster(entries)
    finally:
        G.cannot_link = original
    assert labels[entries.index(resign)] == labels[entries.index(again)]  # one question, two outlets
    assert labels[entries.index(bridge)] != labels[entries.index(again)]  # another question of the poll


def _share(answer: set[str], unit: str = "share") -> dict:
    empty = frozenset()
    key = QuantityKey(unit=unit, currency="", counted="", head="", event="", modifiers=empty, entities=empty,
                      nearest="", context=empty, around=empty, date=None)  # fmt: skip
    return {
        "key": key,
        "answer": frozenset(answer),
        "vague": False,
        "low": 62,
        "high": None,
        "article_id": "a",
    }


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ({"mayor", "resign"}, {"expensive"}, True),
        ({"mayor", "resign"}, {"resign"}, False),  # a word in common: the model decides
        ({"mayor", "resign"}, set(), False),  # an unread answer: as before
    ],
)
def test_only_two_read_answers_with_no_word_in_common_hold_shares_apart(a, b, apart) -> None:
    assert share_answers.answers_differ(_share(a), _share(b)) is apart
    assert not share_answers.answers_differ(_share(a, "count"), _share(b, "count"))  # only shares
