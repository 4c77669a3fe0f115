"""Candidates C1-C3 (benchmarks/score_sides.py, group17): the two sides of one score, a share of a count
in progress, and a share's holder read through a pronoun, on invented sentences. All three failed their
pre-written rule and are a study, not the runtime (docs/evaluation-grouping.md, session 10): these tests
keep the study's readers and rules honest, since the doc's figures are made by them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from presslens.corpus import grouping as G

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
spec = importlib.util.spec_from_file_location("score_sides", REPO / "benchmarks" / "score_sides.py")
assert spec is not None and spec.loader is not None
score_sides = importlib.util.module_from_spec(spec)
sys.modules["score_sides"] = score_sides
spec.loader.exec_module(score_sides)

RACE = (
    "Tomas Ekwall leads Lena Marsh 52% to 41% among likely voters in Velora, a Harlow Institute poll "
    "found on Monday. Turnout estimates have varied from 25 percent to 60 percent in recent contests. "
    "With 94 percent of precincts reporting, Ekwall had 50.2 percent. In the last count, 61 percent of "
    "the vote in Velora went to the two leading candidates."
)
HOLDER = (
    "Lena Marsh ran second in the mayoral primary in Velora on Tuesday. She had 41 percent, and Mr. "
    "Ekwall took 52 percent of the vote."
)


def _marked(pipeline, nlp, text: str) -> dict[str, dict]:
    """The article's claims, keyed by their text, with the study's marks (as `annotate` writes them)."""
    from presslens.model import Article

    article = pipeline(Article(text=text)).to_dict()
    score_sides.mark_article(nlp, article)
    return {claim["text"]: claim for claim in article["claims"]}


def test_the_two_sides_of_a_score_are_marked_and_a_range_is_not(pipeline, nlp) -> None:
    claims = _marked(pipeline, nlp, RACE)
    sides = {t: c["score_with"] for t, c in claims.items() if "score_with" in c}
    first, second = claims["52%"], claims["41%"]
    assert sides == {"52%": second["start"], "41%": first["start"]}  # only the score "52% to 41%"


def test_a_share_of_precincts_reporting_is_progress_and_a_place_after_in_is_not(pipeline, nlp) -> None:
    claims = _marked(pipeline, nlp, RACE)
    progress = sorted(t for t, c in claims.items() if c.get("progress"))
    assert progress == ["94 percent of precincts"]  # not "61 percent of the vote in Velora"
    text = "with 99% of the vote counted, and half of all ballots have been tallied"
    assert score_sides.is_progress(text, 5, len(text), "percent")
    assert score_sides.is_progress(text, text.index("half"), len(text), "fraction")
    assert not score_sides.is_progress(text, 5, len(text), "count")  # only shares


def test_a_pronoun_holder_is_read_through_the_coreference_layer(pipeline, nlp) -> None:
    claims = _marked(pipeline, nlp, HOLDER)
    share = claims["41 percent"]
    assert "answers" not in share  # Q alone: "She" is no name, the answer is unread
    assert share["answers_c3"]["words"] == ["marsh"]  # C3: "She" -> Lena Marsh
    assert claims["52 percent of the vote"]["answers_c3"]["words"] == ["ekwall"]  # a name: as Q reads it


def _entry(start: int, **marks) -> dict:
    from presslens.corpus.quantity_key import QuantityKey

    empty = frozenset()
    key = QuantityKey(unit="share", currency="", counted="", head="", event="", modifiers=empty,
                      entities=empty, nearest="", context=empty, around=empty, date=None)  # fmt: skip
    return {"key": key, "article_id": "a", "start": start, "low": marks.pop("low", 50), "high": None,
            "vague": False, **marks}  # fmt: skip


def test_the_rules_forbid_only_what_they_name() -> None:
    # C1: the two sides of one score, in either order; a side and another figure are left to the model
    a, b, c = _entry(10, score_with=20), _entry(20, score_with=10), _entry(90)
    assert score_sides.sides_of_one_score(a, b) and score_sides.sides_of_one_score(b, a)
    assert not score_sides.sides_of_one_score(a, c)
    # C2: progress apart from a share that is not one; two progress shares only of one value
    p94, p100 = _entry(1, progress=True, low=94), _entry(2, progress=True, low=100)
    p94b = _entry(3, progress=True, low=94)
    assert score_sides.progress_apart(p94, _entry(4, low=94))
    assert score_sides.progress_apart(p94, p100) and not score_sides.progress_apart(p94, p94b)
    assert not score_sides.progress_apart(_entry(5), _entry(6))
    # C3: Q's rule over the widened answers
    assert score_sides.answers_differ_c3(_entry(1, answer_c3={"marsh"}), _entry(2, answer_c3={"ekwall"}))
    assert not score_sides.answers_differ_c3(_entry(1, answer_c3={"marsh"}), _entry(2, answer_c3=set()))
    patched = score_sides.with_rules(G.cannot_link, ("C1",))
    assert patched(a, b) and not G.cannot_link(a, b)  # the runtime has no such clause
