"""Words attributed to a thing that cannot speak are no quote (issue 10, user check: seed 000's "This
recruitment suggests that Hamas remains a formidable force" and "the ongoing presence of resistance fighters
... indicates that ..." were indirect quotes with an unresolved speaker, listed among the voices' quotes).

attribution.v1 keeps such an attribution, its speaker unresolved and its source as written (PolNeAR
annotates sources like these, docs/attribution.md); quotes.v1 no longer makes it a quote. Our own text
(fictional Velmark)."""

from __future__ import annotations

import pytest

from presslens import Article

TEXT = (
    "Velmark clinic to close\n\n"
    "The council voted on Tuesday to close the clinic it had promised to expand.\n\n"
    "This recruitment suggests that the council cares little for the farmers, and the ongoing presence of "
    "guards at the clinic indicates that the vote was decided long ago.\n\n"
    "The bishop said the vote was a mistake. In the union's poll, 73 percent said the clinic should stay "
    "open.\n"
)


@pytest.fixture(scope="module")
def article(pipeline) -> Article:
    return pipeline(Article(text=TEXT))


def test_no_quote_is_a_thing_speaking(article) -> None:
    quotes = article.layers["quotes"]
    said = {TEXT[q.content.start : q.content.end]: q for q in quotes}
    assert not [
        q for q in quotes if "cares little for the farmers" in TEXT[q.start : q.end]
    ]  # main: 2 quotes
    assert said["the vote was a mistake"].speaker.name == "The bishop"
    assert "the clinic should stay open" in said  # a number of people polled speaks


def test_the_attribution_stays_with_its_speaker_unresolved(article) -> None:
    [record] = [
        r
        for r in article.layers["attributions"]
        if r.source is not None and r.source.text == "This recruitment"
    ]
    assert record.speaker is not None and not record.speaker.resolved
    assert record.speaker.resolved_from == "unresolved"
