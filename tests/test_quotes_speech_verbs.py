"""Reporting verbs of English grammar keep the indirect quotes the model finds through them (issue 10).

quote13's R1 drops an indirect quote that only the learned extractor found unless its cue holds a word that
reports speech (cues.json). The verbs of speech that were missing there ("contends", "testified",
"reiterated", "disputes") cost true quotes on fresh text; they are now listed with the `speech` use (a list
written from the grammar of reported speech, docs/evaluation-quotes.md "Speech verbs of English grammar").
Our own text (fictional Velmark harbour); a belief ("believes that ...") stays out, as before.
"""

from __future__ import annotations

import pytest

from presslens import Article
from presslens.components.attributions import CUE_WORDS
from presslens.components.cues import verbs
from presslens.components.quotes import SPEECH_CUES
from presslens.components.registry import DEFAULT_PIPELINE
from presslens.pipeline import Pipeline

TEXT = (
    "Velmark crane inquiry hears harbour master\n\n"
    "The harbour master of Velmark contends that the crane was never tested before it was installed.\n\n"
    "At the inquiry on Tuesday, the chief engineer testified that the board had ignored three warnings about "
    "the crane.\n\n"
    "Mayor Clara Voss reiterated that the town would not pay for a new crane.\n\n"
    "The dockers' union disputes that the repairs were finished in March.\n\n"
    "The board believes that the crane can be repaired before the summer.\n"
)


@pytest.fixture(scope="module")
def data() -> dict:
    return Pipeline(list(DEFAULT_PIPELINE), strict=True)(Article(text=TEXT)).to_dict()


@pytest.mark.parametrize(
    ("words", "cue"),
    [
        ("the crane was never tested", "contends"),
        ("the board had ignored three warnings", "testified"),
        ("the town would not pay for a new crane", "reiterated"),
        ("the repairs were finished in March", "disputes"),
    ],
)
def test_a_clause_after_a_speech_verb_is_an_indirect_quote(data: dict, words: str, cue: str) -> None:
    quotes = [q for q in data["quotes"] if words in q["text"]]
    assert len(quotes) == 1 and quotes[0]["kind"] == "indirect"
    assert any(words in a["text"] and cue in (a.get("cue") or {}).get("text", "") for a in data["attributions"])


def test_the_speaker_of_a_reported_clause(data: dict) -> None:
    speakers = {q["text"]: (q.get("speaker") or {}).get("name") for q in data["quotes"]}
    assert speakers["that the town would not pay for a new crane"] == "Clara Voss"


def test_a_belief_is_still_no_quote(data: dict) -> None:
    assert not [q for q in data["quotes"] if "can be repaired before the summer" in q["text"]]


def test_the_speech_use_is_read_by_the_quotes_alone() -> None:
    """Verbs listed only for `speech` count for quotes.v1's R1, not for the figures' cue vocabulary."""
    speech_only = {"contends", "testified", "reiterated", "disputes", "retorted"}
    assert speech_only <= verbs("speech") <= SPEECH_CUES
    assert not speech_only & CUE_WORDS
    assert not {"believe", "believes", "think", "thinks", "feel", "agreed"} & verbs("speech")
