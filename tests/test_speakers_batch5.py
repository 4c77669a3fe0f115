"""Speakers on sentences shaped like the fifth quotes batch's errors (dev5q, tests/gold/SPLIT.md), written
for these tests (people, places and outlets invented): a participle with its own subject is that
subject's speech, not the speech of the thing that shows it; a cue after the closing mark with no
subject takes the words after it; a thing that cannot speak gives its speech to the person it
belongs to; a name governed by a preposition at the end of a speaker phrase is not who speaks."""

from __future__ import annotations

import pytest

from presslens.ingest import article_from_text


@pytest.fixture(scope="module")
def speakers(pipeline):
    def run(text: str) -> dict[str, str | None]:
        article = pipeline(article_from_text(text))
        out = {}
        for quote in article.layers["quotes"]:
            words = article.text[quote.content.start : quote.content.end].strip('“”",. ')
            out[words] = quote.speaker.name if quote.speaker is not None else None
        return out

    return run


def test_a_video_showing_someone_saying_is_not_the_speaker(speakers) -> None:
    text = (
        "Dana Pruitt, a campaign aide to the mayor, was filmed at a bar in Westbrook last month.\n"
        "The recording shows Pruitt saying that the plan is to take “angry” voters and “get them to the "
        "polls whatever it costs.”\n"
        "He adds that “nobody reads the platform anyway.”\n"
    )
    got = speakers(text)
    assert got["get them to the polls whatever it costs"] == "Dana Pruitt"
    assert got["nobody reads the platform anyway"] == "Dana Pruitt"


def test_a_cue_after_the_closing_mark_takes_the_words_after_it(speakers) -> None:
    text = (
        "Several blogs repeated the claim about the lights over the stadium on Friday.\n"
        "“Footage has emerged that may show lights moving above the stands in what looks like a "
        "pattern,” read a report in The Evening Lantern.\n"
    )
    got = speakers(text)
    quote = next(k for k in got if k.startswith("Footage has emerged"))
    assert got[quote] is not None and "Evening Lantern" in got[quote]


def test_a_thing_that_cannot_speak_gives_its_speech_to_its_owner(speakers) -> None:
    text = (
        "Council member Rowan Castell defended the preacher Elias Marrow as a friend on Monday.\n"
        "Marrow’s history of extreme remarks includes blaming bankers for the floods, saying the city "
        "“deserves to drown” and calling his critics “small men.”\n"
    )
    got = speakers(text)
    assert got["deserves to drown"] == "Elias Marrow"


def test_a_name_after_a_preposition_ending_the_speaker_is_not_who_speaks(speakers) -> None:
    text = (
        "Alma Ruiz is the mayor of Westbrook and wants a second term.\n"
        "“We will not raise the tax,” said a campaign aide who went to college with Alma Ruiz.\n"
        "A longtime friend of Alma Ruiz said the plan would never pass the council.\n"
    )
    got = speakers(text)
    quote = next(k for k in got if k.startswith("We will not raise the tax"))
    assert got[quote] == "a campaign aide who went to college with Alma Ruiz"
    assert got["the plan would never pass the council"] == "A longtime friend of Alma Ruiz"
