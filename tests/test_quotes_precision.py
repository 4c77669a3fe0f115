"""What is not a quote, though the learned extractor reads it as speech (issue 10, quote precision).

Our own text (fictional Velmark harbour), one sentence of each shape counted among the false quotes of the
dev quote splits (docs/evaluation-quotes.md, "Quote precision on fresh text"): a refusal, a finding and an
agreement read as indirect speech without any word that reports speech; a question, a free relative and a
request after a speech verb ("Asked whether ...", "said what many ... had been thinking", "asked to see");
a quotation over two paragraphs (British marks) cut into two quotes; lone words and noun phrases the
model cut out of a sentence ("offers a powerful reminder of the [massive role]", "near [the closing of the
hearing]"); a programme's name in marks after "told", and a label in marks after a naming verb whose
subject is no person ("Critics called the crane the board's "golden goose"": the scare quote convention of
docs/evaluation-quotes.md, which the model's cue had overridden).
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
    "During the hearing, the auditor asked to see the inspection log for March.\n\n"
    "Alban said: \u2018We have waited three years for this crane and the board has given us nothing but "
    "excuses.\n\n"
    "\u2018We will not load a single ship until the board publishes the inspection report in full.\u2019\n\n"
    "Voss said on Wednesday she also wants the full report released.\n"
    "\u201cLet it come out.\n"
    "Let people read it,\u201d she said.\n\n"
    "Clara Voss, the most popular Liberal in Velmark, inserted herself into the harbour race in recent "
    "days by warning candidates against moving too far to the left. Her comments create a challenge for "
    "Alban, who is trying to win over dockers. At the same time, Voss's involvement offers a powerful "
    "reminder of the massive role the dockers will play in the harbour vote next spring.\n\n"
    "After Alban unleashed his own rebuttal of the charges and blasted the board for its attacks on him, "
    "near the closing of the hearing, Voss finally said what everyone had been waiting on and said it with "
    "passion.\n\n"
    "\u201cThe board has lost the trust of every docker in this town,\u201d Alban told "
    "\u201cHarbour Hour.\u201d\n\n"
    'Critics called the crane the board\'s "golden goose" in leaflets handed out on Saturday. Mayor '
    'Clara Voss called the plan "short-sighted" in a speech on Monday.\n'
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


def test_a_quotation_over_paragraphs_is_one_quote(data: dict) -> None:
    """The gold convention (docs/evaluation-quotes.md): one quote from the first word to the last."""
    pieces = [q for q in data["quotes"] if "waited three years" in q["text"] or "single ship" in q["text"]]
    assert len(pieces) == 1
    assert "waited three years" in pieces[0]["text"] and "inspection report in full" in pieces[0]["text"]
    assert pieces[0]["speaker"]["name"] == "Alban"


def test_a_reported_clause_before_the_opening_mark_stays_apart(data: dict) -> None:
    clause = [q for q in data["quotes"] if "also wants the full report" in q["text"]]
    assert len(clause) == 1 and "Let people read it" not in clause[0]["text"]
    assert any("Let people read it" in q["text"] for q in data["quotes"])


@pytest.mark.parametrize("words", ["moving", "massive role", "dockers", "play", "the closing of the hearing"])
def test_a_noun_phrase_or_a_lone_word_is_no_indirect_quote(data: dict, words: str) -> None:
    assert not [q for q in data["quotes"] if q["kind"] == "indirect" and q["text"].strip(" ,.") == words]


def test_a_name_in_marks_is_a_scare_quote_not_a_quote(data: dict) -> None:
    assert not [q for q in data["quotes"] if "Harbour Hour" in q["text"]]
    assert [s for s in data["scare_quotes"] if "Harbour Hour" in s["text"] and s["reason"] == "name"]
    said = [q for q in data["quotes"] if "lost the trust of every docker" in q["text"]]
    assert len(said) == 1 and said[0]["speaker"]["name"] == "Alban"


def test_a_naming_verb_quotes_only_when_a_person_uses_it(data: dict) -> None:
    assert not [q for q in data["quotes"] if "golden goose" in q["text"]]
    assert [s for s in data["scare_quotes"] if "golden goose" in s["text"]]
    person = [q for q in data["quotes"] if "short-sighted" in q["text"]]
    assert len(person) == 1 and person[0]["speaker"]["name"] == "Clara Voss"


# Revisions after reading the rules' output on unannotated news (docs/evaluation-quotes.md): speech the first
# rules dropped. A headline "Name: words" stays no quote.
INTERVIEW = (
    "Clara Voss: Harbour Board Has No Plan For The Crane\n\n"
    "Mayor Clara Voss pointed out that the crane had passed its last inspection in 2019. Dmitri Alban claims "
    "to be the only candidate who has worked on the docks.\n\n"
    "Dennis Alban, who has run the Velmark harbour for twenty years, spoke to the Courier about the crane "
    "dispute.\n\n"
    "Courier: How is the harbour coping with the strike and how are the dockers?\n\n"
    "Dennis Alban: The harbour is just about coping, and the dockers are tired but determined.\n\n"
    "DA: Nothing in my time at the harbour has equalled the anger I have seen this winter.\n"
)


@pytest.fixture(scope="module")
def interview() -> dict:
    return Pipeline(list(DEFAULT_PIPELINE), strict=True)(Article(text=INTERVIEW)).to_dict()


@pytest.mark.parametrize(
    "words",
    [
        "the crane had passed its last inspection",  # "pointed out" (cues.json `as_said`)
        "to be the only candidate",  # a claim: its infinitive is what was said
        "The harbour is just about coping",  # a speaker's label and a colon, in running text
        "Nothing in my time at the harbour",
    ],
)
def test_speech_the_precision_rules_keep(interview: dict, words: str) -> None:
    assert [q for q in interview["quotes"] if words in q["text"]]


def test_a_headline_after_a_name_and_colon_is_no_quote(interview: dict) -> None:
    assert not [q for q in interview["quotes"] if "Has No Plan" in q["text"]]
