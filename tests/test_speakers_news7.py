"""Speakers on the seventh quotes batch's dev half (dev7q, tests/gold/SPLIT.md), each rule also on sentences
of our own (people, places and outlets invented): a headline's "person" is no antecedent of a pronoun in the
body; a title written as its initials ("the AG") is the person with that title; a newspaper's short name
("The Times") is the newspaper named in full before; a quotation before the sentence of a cue ("But according
to X, ...") continues the previous speaker; a name NER ran on into a title-case headline is the name the body
uses ("Trump Vows" -> Trump, "Kick CNN" -> CNN)."""

from __future__ import annotations

import pytest

from presslens.components.actors import trim_headline_names
from presslens.components.resolver import Resolver
from presslens.ingest import article_from_text

MONAHAN = "article788626289.txt"


@pytest.fixture(scope="module")
def speakers(pipeline):
    def run(text: str) -> list[tuple[str, str | None]]:
        article = pipeline(article_from_text(text))
        return [
            (article.text[q.content.start : q.content.end], q.speaker.name if q.speaker is not None else None)
            for q in article.layers["quotes"]
        ]

    return run


def test_a_headline_person_is_no_antecedent_in_the_body(pipeline) -> None:
    """A person NER finds on a title-case headline, even one the finder settled as a speaker there, is not
    who a "she" of the body means; the person named in the body's own sentence is."""
    text = (
        "Mayor Vell Accuser Posts Doctor’s Letter\n\n"
        "There is plenty of evidence that Dana Whitcombe is telling the truth when she says that the union "
        "official bullied her for two years."
    )
    article = pipeline(article_from_text(text))
    resolver = Resolver(article.text, pipeline.nlp(article.text), article.results["actors"])
    headline = next(a for a in resolver.index.actors.values() if a.mentions[0][0] < text.index("\n"))
    assert (headline.name, headline.label) == ("Vell Accuser", "PERSON")  # NER ran the name on
    start, end = headline.mentions[0]
    resolver.settle(start, end, headline)  # the finder took it for the speaker of a headline quote
    answer = resolver.resolve(text.index("she says"), text.index("she says") + 3)
    assert answer.name == "Dana Whitcombe"


def test_a_headline_accuser_does_not_take_the_body_pronoun(speakers, semeval_dir) -> None:
    quotes = speakers((semeval_dir / "articles" / MONAHAN).read_text(encoding="utf-8"))
    said = [speaker for words, speaker in quotes if "abused her" in words]
    assert said == ["Karen Monahan"]


def test_a_title_written_as_its_initials_is_the_titled_person(speakers) -> None:
    """ "the AG said" is the attorney general in focus (people.json `title_abbreviations`), not a body
    called "AG"."""
    text = (
        "Attorney General Marta Ilves has a message for Oskar Tamm.\n\n"
        "Tamm has blasted Ilves for months. About seven hours later, Ilves fired back.\n\n"
        "“I took control of the ministry the day I was sworn in,” the AG said in a statement.\n"
    )
    assert speakers(text) == [("I took control of the ministry the day I was sworn in,", "Marta Ilves")]


def test_a_newspaper_s_short_name_is_the_newspaper(speakers) -> None:
    """ "The Gazette" after "The Vellmore Gazette" is that newspaper; with two "Times" it stays as written,
    "The" kept (sources.json `outlets_with_the`)."""
    text = (
        "Dockers in Vellmore returned to work on Monday, according to The Vellmore Gazette, a local "
        "newspaper.\n\nThe Gazette said the port would reopen fully by Friday.\n"
    )
    assert speakers(text)[-1] == ("the port would reopen fully by Friday", "Vellmore Gazette")
    two = (
        "Dockers in Vellmore returned to work on Monday, according to The Vellmore Times, while the strike "
        "went on in Ostby, reported The Ostby Times.\n\n"
        "The Times said the port would reopen fully by Friday.\n"
    )
    assert speakers(two)[-1] == ("the port would reopen fully by Friday", "The Times")


def test_a_quotation_before_the_cue_s_sentence_continues_its_speaker(speakers) -> None:
    """A quotation that follows another and ends its sentence before "But according to X, ..." is the
    previous speaker's, not X's; X keeps the words of its own sentence."""
    text = (
        "Dockers are calling the union in droves.\n\n“Our phones exploded when the strike began,” said union "
        "organiser Dana Whitcombe. “In the last two months the calls have doubled. We get 300 a week now.” "
        "But according to The Vellmore Gazette, it is not only the strike that worries the dockers.\n"
    )
    assert [speaker for _words, speaker in speakers(text)] == [
        "Dana Whitcombe",
        "Dana Whitcombe",
        "Vellmore Gazette",
    ]


def test_a_headline_name_run_on_is_cut_to_the_body_s_name(speakers) -> None:
    """NER runs names on into a title-case headline: "Kick CNN" is the organisation the body calls CNN, and
    a person "Tamm Vows" the one-word name the body uses (`trim_headline_names`)."""
    text = (
        "Tamm Vows to Kick CNN’s Ilves Out Again\n\nMayor Tamm took CNN’s court victory restoring CNN "
        "correspondent Marta Ilves’s pass in stride.\n\n“I think one of the things we’ll do is maybe turn "
        "the camera off,” Tamm said. CNN said in a statement that the mayor was wrong.\n"
    )
    assert speakers(text)[-1] == ("that the mayor was wrong", "CNN")
    items = [(0, 9, "Tamm Vows", frozenset(), None, None), (47, 51, "Tamm", frozenset(), None, None)]
    trimmed = trim_headline_names(text, items)
    assert [(text[s:e], name) for s, e, name, *_rest in trimmed] == [("Tamm", "Tamm"), ("Tamm", "Tamm")]


def test_the_prime_minister_alone_describes_the_person_in_focus(speakers) -> None:
    """ "the prime minister" is as specific as "the president" (people.json `bare_heads`)."""
    text = (
        "Vellmore Prime Minister Ines Baptiste does not mince words about the port strike.\n\n"
        "Baptiste says the dockers are being used by rival parties. “They are not striking for their pay,” "
        "Baptiste concluded.\n\n"
        "Going further, the prime minister noted that no docker had lost wages this year.\n"
    )
    assert speakers(text)[-1] == ("that no docker had lost wages this year", "Ines Baptiste")


def test_names_after_a_preposition_or_before_era_are_no_speaker(speakers) -> None:
    """ "The Ilves-era whistleblower, a protégé of Marta Ilves and Oskar Tamm, said": neither the people the
    phrase is a protégé of nor the era's namesake speak; the phrase is who does."""
    text = (
        "Marta Ilves and Oskar Tamm ran the harbour board for a decade.\n\nThe Ilves-era whistleblower, a "
        "protégé of Marta Ilves and Oskar Tamm, said the board had hidden the losses.\n"
    )
    assert speakers(text) == [
        (
            "the board had hidden the losses",
            "The Ilves-era whistleblower, a protégé of Marta Ilves and Oskar Tamm",
        )
    ]
