"""A quote's speaker is read from the name, never from the description after it (user check, session 8,
docs/user-check.md): '"...," said Anna Holm, a theatre manager who runs a drama school.' gave the speaker
span (the words the speaker is resolved from) the whole "Anna Holm, a theatre manager who runs a drama
school". The attribution's source as written keeps the description: PolNeAR's gold sources do
("Douglas Brinkley, a historian who attended the session")."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "name", "written"),
    [
        # the pasted text of the user check
        (
            '"The building is falling apart," said Anna Holm, a theatre manager who runs a drama school.',
            "Anna Holm",
            "Anna Holm, a theatre manager who runs a drama school",
        ),
        # ours: the same class, an apposition with a relative clause under it
        (
            '"Orders fell sharply," said Piet Olsen, a farmer who grows barley near the river.',
            "Piet Olsen",
            "Piet Olsen, a farmer who grows barley near the river",
        ),
    ],
)
def test_a_speaker_is_the_name_not_its_description(pipeline, text: str, name: str, written: str) -> None:
    from presslens.ingest import article_from_text

    article = pipeline(article_from_text(text))
    (quote,) = article.layers["quotes"]
    speaker = quote.speaker
    assert speaker is not None and speaker.resolved
    assert speaker.name == name
    assert text[speaker.start : speaker.end] == name
    (attribution,) = article.layers["attributions"]
    assert attribution.source is not None and attribution.source.text == written


def test_a_belief_the_model_finds_alone_is_read_from_the_name(pipeline) -> None:
    """The same on the model's path (a belief, which no quote rule finds): the speaker's words are the
    name, the source as written keeps the description."""
    from presslens.ingest import article_from_text

    text = "Mark Pell, a lawyer who represents the tenants, thinks the council will lose the case."
    article = pipeline(article_from_text(text))
    (attribution,) = article.layers["attributions"]
    assert attribution.found_by == "model" and attribution.kind == "belief"
    assert attribution.speaker is not None and attribution.speaker.name == "Mark Pell"
    assert text[attribution.speaker.start : attribution.speaker.end] == "Mark Pell"
    assert (
        attribution.source is not None
        and attribution.source.text == "Mark Pell, a lawyer who represents the tenants"
    )


def test_two_names_the_parser_reads_as_an_apposition_stay_joint(pipeline) -> None:
    """No comma, no description: the parser hangs "Chuck Schumer" on "Nancy Pelosi" as an apposition
    here (it did in a dev article, where a first version of the rule lost him); both still speak."""
    from presslens.ingest import article_from_text

    text = (
        "House Speaker Nancy Pelosi and Senate Democratic Leader Chuck Schumer"
        " said the report must be public."
    )
    assert any(t.text == "Schumer" and t.dep_ == "appos" for t in pipeline.nlp(text))
    article = pipeline(article_from_text(text))
    (quote,) = article.layers["quotes"]
    assert quote.speaker is not None and len(quote.speaker.actors) == 2
    assert text[quote.speaker.start : quote.speaker.end] == text[: text.index(" said")]
