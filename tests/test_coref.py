"""coref.v1 and the resolver: one answer to "who is this mention?", shared by every reader."""

from __future__ import annotations

import pytest

from presslens.components.resolver import Resolver
from presslens.ingest import article_from_text
from presslens.model import SourceInfo

TEXT = (
    "Harbour master Freya Lind met union leader Tomas Ekwall in Vellmore on Monday.\n\n"
    "Ekwall, who chairs the dockers' union, said 300 dockers had walked out. "
    "“We will not be blackmailed,” he told reporters.\n\n"
    "Lind disagreed. She said the strike had cost 12 ships their slots, and the union leader should listen.\n"
)


@pytest.fixture(scope="module")
def article(pipeline):
    return pipeline(article_from_text(TEXT, SourceInfo(format="text")))


def mentions(article, label):
    found = [m for m in article.layers["mentions"] if m.label == label]
    return [(article.text[m.start : m.end], m.name, m) for m in found]


def test_pronouns_are_linked_with_their_evidence(article) -> None:
    pronouns = {text: (name, m) for text, name, m in mentions(article, "pronoun")}
    assert pronouns["he"][0] == "Tomas Ekwall"
    she_name, she = pronouns["She"]
    assert she_name == "Freya Lind"
    assert she.antecedent is not None and article.text[she.antecedent.start : she.antecedent.end] == "Lind"


def test_relative_who_points_to_its_antecedent(article) -> None:
    (who,) = mentions(article, "relative")
    assert who[0] == "who" and who[1] == "Tomas Ekwall"
    assert article.text[who[2].antecedent.start : who[2].antecedent.end] == "Ekwall"


def test_links_agree_with_quote_speakers_and_figure_sources(article) -> None:
    by_start = {m.start: m for m in article.layers["mentions"]}
    for quote in article.layers["quotes"]:
        speaker = quote.speaker
        if speaker is not None and speaker.resolved_from == "pronoun":
            assert by_start[speaker.start].actor == speaker.actor
    sourced = [c.attribution for c in article.layers["claims"] if c.attribution and c.attribution.resolved]
    assert {a.source: a.resolved.name for a in sourced} == {"She": "Freya Lind"}
    for attribution in sourced:
        assert by_start[attribution.start].actor == attribution.resolved.actor


def test_a_pronoun_with_no_candidate_stays_unresolved(pipeline) -> None:
    text = "He said the harbour would reopen on Friday."
    article = pipeline(article_from_text(text, SourceInfo(format="text")))
    (he,) = [m for m in article.layers["mentions"] if m.label == "pronoun"]
    assert he.actor is None and he.name is None
    assert article.layers["quotes"][0].speaker.actor is None


def test_any_finder_can_ask_the_resolver(article, pipeline) -> None:
    """The API an attribution extractor uses: which actor does [start, end) refer to, and why."""
    resolver = Resolver(article.text, pipeline.nlp(article.text), article.results["actors"])
    start = TEXT.index("the union leader")
    answer = resolver.resolve(start, start + len("the union leader"))
    assert (answer.name, answer.how) == ("Tomas Ekwall", "description")
    start = TEXT.index("She")
    answer = resolver.resolve(start, start + 3)
    assert (answer.name, answer.how) == ("Freya Lind", "pronoun")
    assert answer.antecedent is not None
