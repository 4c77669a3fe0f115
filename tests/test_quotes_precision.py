"""What is not a quote, though the learned extractor reads it as speech (issue 10, quote precision).

Our own text (fictional Velmark harbour), one sentence of each shape counted among the false quotes of the
dev quote splits (docs/evaluation-quotes.md, "Quote precision on fresh text"): a refusal, a finding and an
agreement read as indirect speech without any word that reports speech; a question, a free relative and a
request after a speech verb ("Asked whether ...", "said what many ... had been thinking", "asked to see").
Each test also holds a real quote of the same shape's neighbourhood, so that no rule passes by dropping
everything.
"""

from __future__ import annotations

import pytest

from presslens import Article
from presslens.components.registry import DEFAULT_PIPELINE
from presslens.pipeline import Pipeline

TEXT = (
    "Harbour board delays crane vote\n\n"
    "The harbour board of Velmark has refused to publish the tender documents for the new crane.\n\n"
    "The port authority learned that the crane had failed a safety inspection in March.\n\n"
    "Mayor Clara Voss said the crane would be replaced before the summer. Dock workers agreed to end their "
    "strike on Friday.\n\n"
    "Asked whether the board would resign, Voss said, \u201cNobody is resigning over a crane.\u201d\n\n"
    "When the councillors met, Voss said what many in the town had been thinking for months. She said if the "
    "crane failed again, the board would pay for the repairs.\n\n"
    "During the hearing, the auditor asked to see the inspection log for March.\n"
)


@pytest.fixture(scope="module")
def data() -> dict:
    return Pipeline(list(DEFAULT_PIPELINE), strict=True)(Article(text=TEXT)).to_dict()


def quote_texts(data: dict) -> list[str]:
    return [q["text"] for q in data["quotes"]]


@pytest.mark.parametrize(
    "words", ["to publish the tender documents", "the crane had failed a safety", "to end their strike"]
)
def test_no_speech_cue_no_indirect_quote(data: dict, words: str) -> None:
    """A refusal, a finding, an agreement: the model's attribution stays, but it is no quote."""
    assert not [t for t in quote_texts(data) if words in t]
    assert any(words in a["text"] for a in data["attributions"])


def test_a_reported_clause_stays_a_quote(data: dict) -> None:
    said = [q for q in data["quotes"] if "would be replaced before the summer" in q["text"]]
    assert len(said) == 1 and said[0]["speaker"]["name"] == "Clara Voss"


@pytest.mark.parametrize(
    "words", ["whether the board would resign", "what many in the town", "to see the inspection log"]
)
def test_a_question_or_a_plan_is_no_reported_clause(data: dict, words: str) -> None:
    assert not [t for t in quote_texts(data) if words in t]


def test_the_answer_and_a_conditional_clause_stay_quotes(data: dict) -> None:
    answer = [q for q in data["quotes"] if "Nobody is resigning" in q["text"]]
    assert len(answer) == 1 and answer[0]["speaker"]["name"] == "Clara Voss"
    clause = [q for q in data["quotes"] if "the board would pay for the repairs" in q["text"]]
    assert len(clause) == 1 and clause[0]["kind"] == "indirect"
