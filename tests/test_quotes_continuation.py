"""Cue-less, unmarked words the continuation rule would hand the previous speaker are no quote.

Our own text (fictional Velmark and Ostra), the shape a user found in a seed article: after a
quoted speaker, a paragraph of the outlet's own words with a name in marks, which the model reads
as mixed speech without a cue; the continuation rule then gave its unmarked words ("its main arms
backer and bankroller") to the envoy. A paragraph that opens with a quotation still continues.
"""

from __future__ import annotations

import pytest

from presslens import Article
from presslens.components.registry import DEFAULT_PIPELINE
from presslens.pipeline import Pipeline

TEXT = (
    "The Republic of Ostra has urged restraint for months. Its envoy said the talks were "
    "\u201cthe last chance\u201d.\n\n"
    "\u201cVelmark\u201d did not notify its main arms backer and bankroller, after months of the Republic "
    "of Ostra urging calm.\n\n"
    "\u201cWe will rebuild it stone by stone,\u201d Clara Voss said.\n\n"
    "\u201cAnd we will do it before the winter comes, whatever the cost to the town.\u201d\n"
)


@pytest.fixture(scope="module")
def data() -> dict:
    return Pipeline(list(DEFAULT_PIPELINE), strict=True)(Article(text=TEXT)).to_dict()


def test_unmarked_words_without_cue_are_no_continued_quote(data: dict) -> None:
    assert not [q for q in data["quotes"] if "backer and bankroller" in q["text"]]
    # nor an attribution (quote12, session 11 user check, seed 004: a "Who says what" row with no source and
    # no cue; the only marks wrap a name). PolNeAR dev has no such attribution: its figures are unchanged
    assert not [a for a in data["attributions"] if "backer and bankroller" in a["text"]]


def test_marked_quotation_still_continues(data: dict) -> None:
    marked = [q for q in data["quotes"] if "before the winter comes" in q["text"]]
    assert len(marked) == 1
    assert marked[0]["speaker"]["name"] == "Clara Voss"
    assert marked[0]["speaker"]["resolved_from"] == "continuation"
    assert any(q["speaker"] and q["speaker"]["name"] == "Its envoy" for q in data["quotes"])
