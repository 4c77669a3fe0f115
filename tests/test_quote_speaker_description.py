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
