"""Three quote-precision FAILs users saw in session 10's check (issue 10, docs/user-check.md).

`SESSION10` is the article invented for that check (docs/user-check.md); the other sentences are invented
in the same shapes; seed 004 is read from ../shared through the `seeds_dir` fixture. The tests marked
"failed before" fail on 620f763; the others guard what the rules must leave alone.
"""

from __future__ import annotations

import pytest

from presslens.ingest import article_from_text
from presslens.model import SourceInfo

SESSION10 = """Health agency warns of Norvale fever outbreak

Editor's note: this article is fictional, written to test PressLens.

The World Health Organization sent a team of 40 doctors to Norvale on Monday. Cases have doubled in a week, \
the WHO said in a statement.

"We are seeing new cases in every district," said Dr Anya Brisk, who leads the team. She said the hospitals \
were full.

The Times reported that the city council had ignored three warnings. The Pentagon said it would send field \
hospitals.

According to a report by the Norvale Medical Board, more than 300 people have been treated since the \
outbreak began. The recent rains suggest the outbreak will spread, and the board hopes the rains will stop.

Council leader Tomas Brenn said the figures were "exaggerated".
"""


def analysed(pipeline, text: str):
    return pipeline(article_from_text(text, SourceInfo(format="text")))


def quote_texts(article) -> list[str]:
    return [article.text[q.start : q.end] for q in article.layers["quotes"]]


@pytest.fixture(scope="module")
def session10(pipeline):
    return analysed(pipeline, SESSION10)


def test_a_noun_phrase_after_warns_of_is_no_quote_and_no_voice(session10) -> None:
    # failed before: quo1 "Norvale fever outbreak" (cue "warns of"), speaker and voice "Health agency"
    assert "Norvale fever outbreak" not in quote_texts(session10)
    voices = [v.name for v in session10.results["voices"].speakers]
    assert "Health agency" not in voices
    assert "World Health Organization" in voices  # the quotes that are speech stay voices


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Health agency warns of Velmora fever outbreak\n\nThe first reports came on Monday.\n",
         "Velmora fever outbreak"),
        ("Ministry warns of Norvale fever outbreak\n\nThe first reports came on Monday.\n",
         "Norvale fever outbreak"),
    ],
)  # fmt: skip
def test_the_object_of_a_preposition_of_the_cue_is_a_topic_not_speech(pipeline, text, topic) -> None:
    # failed before: each headline was an indirect quote of its topic (cue "warns" / "warns of")
    article = analysed(pipeline, text)
    assert all(topic not in q for q in quote_texts(article))


def test_a_clause_reported_through_a_preposition_stays_a_quote(pipeline) -> None:
    # guard: "Doctors warned of ..." is itself the reported clause of officials
    article = analysed(pipeline, "Doctors warned of a measles outbreak in Velmora, officials said.")
    assert quote_texts(article) == ["Doctors warned of a measles outbreak in Velmora"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("As the mayor Ilse Varga mentioned in a recent speech, death and the threat of arrest do nothing to "
         "stop the strike.", "do nothing to stop the strike"),
        ("The dockers' union reported to the harbour board as early as 2019 that the cranes were unsafe.",
         "that the cranes were unsafe"),
    ],
)  # fmt: skip
def test_a_reported_clause_after_a_prepositional_object_stays_a_quote(pipeline, text, said) -> None:
    # guard: the tagger may begin the content inside the cue's phrase ("mentioned in [a recent speech, ...");
    # the comma or subordinator closes the object and opens the clause (a first draft dropped both quotes)
    article = analysed(pipeline, text)
    assert any(said in q for q in quote_texts(article))


def test_a_reported_clause_keeps_its_last_word(session10) -> None:
    # failed before: the tagger stopped the content at "a": "Cases have doubled in a"
    quotes = {session10.text[q.start : q.end]: q for q in session10.layers["quotes"]}
    assert "Cases have doubled in a week" in quotes
    assert quotes["Cases have doubled in a week"].speaker.name == "World Health Organization"
    attribution = next(
        a for a in session10.layers["attributions"] if "doubled" in session10.text[a.start : a.end]
    )
    assert session10.text[attribution.content[-1].start : attribution.content[-1].end].endswith("in a week")


@pytest.fixture(scope="module")
def seed004(pipeline, seeds_dir):
    path = next(seeds_dir.glob("004_*.txt"))
    return analysed(pipeline, path.read_text(encoding="utf-8"))


def rows_near(article, phrase: str) -> list:
    """The attributions whose span holds the sentence start ``phrase`` or overlaps it."""
    at = article.text.index(phrase)
    return [a for a in article.layers["attributions"] if a.start < at + len(phrase) and at < a.end]


def test_scare_quotes_around_a_name_make_no_one_speak(seed004) -> None:
    # failed before: the outlet's narration was partly quoted speech of "the US", with no source and no cue
    for opening in ("“Israel” did not notify its main war crimes backer", "“Israel’s” desperation has it"):
        assert rows_near(seed004, opening) == [], opening


def test_an_infinitive_under_the_verbs_object_is_no_cue(seed004) -> None:
    # failed before: "the US has only enabled “Israel” to dig itself a bigger grave": the US's, cue "to dig"
    assert all(a.cue is None or a.cue.text != "to dig" for a in seed004.layers["attributions"])
    assert rows_near(seed004, "itself a bigger grave") == []


def test_a_name_in_scare_quotes_does_not_make_speech_partly_quoted(seed004) -> None:
    # failed before: "pleading “Israel” against war ..." was partly quoted (mixed) for the marks around a name
    pleading = [a for a in rows_near(seed004, "“Israel” against war") if a.cue is not None]
    assert pleading and all(a.kind == "indirect" for a in pleading)


def test_a_speakers_own_word_in_marks_stays_partly_quoted(pipeline) -> None:
    # guard: a lower-case word in marks after a cue is the speaker's (PolNeAR: 'called Clinton a “champion”')
    article = analysed(pipeline, "Council leader Tomas Brenn said the new budget was “reckless” and unfair.")
    kinds = [a.kind for a in article.layers["attributions"] if "reckless" in article.text[a.start : a.end]]
    assert kinds == ["mixed"]
