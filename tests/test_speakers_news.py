"""Speakers on sentences shaped like the fourth gold batch's errors (dev4q, tests/gold/SPLIT.md), written
for these tests (people and places invented): a cue after the closing mark names its own speaker, even
when the parser hangs the titles elsewhere or the model ran one content over two quotations; "she" is
never a man named Patrick; a name keeps "Jr."; a place after a preposition is not who speaks. The last
four are shaped like the fifth batch's (dev5q): a participle with its own subject is that subject's
speech, not the speech of the thing that shows it; a cue after the closing mark with no subject takes
the words after it; a thing that cannot speak gives its speech to the one it belongs to; a name
governed by a preposition at the end of a speaker phrase is not who speaks."""

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


def test_a_cue_after_the_closing_mark_is_not_a_continuation(speakers) -> None:
    text = (
        "The retailer earned $2.8 billion, or $2.53 per diluted share. Wall Street analysts surveyed by "
        "Refinitiv were expecting $2.52 a share on revenue of $27.53 billion.\n\n"
        "“Our third quarter results reflected broad growth across our business, yet sales were below our "
        "expectations driven by the timing of certain benefits associated with our One Harbor strategic "
        'investments," chairman, CEO and president Dana Whitlow '
        "said in the earnings release.\n"
    )
    got = speakers(text)
    quote = next(k for k in got if k.startswith("Our third quarter"))
    assert got[quote] == "Dana Whitlow"


def test_a_second_quotation_keeps_the_speaker_named_after_it(speakers) -> None:
    text = (
        "The inquiry into the port contracts has ended, several outlets reported.\n"
        "A senior ministry official told the Coastal Gazette that the inquiry “has not recommended any "
        "further charges.” “The investigation is complete,” ministry spokeswoman Kerri Vance told the "
        "newspaper.\n"
    )
    got = speakers(text)
    assert got["The investigation is complete"] == "Kerri Vance"
    assert got["has not recommended any further charges"] == "A senior ministry official"


def test_she_is_not_a_man_and_a_name_keeps_its_suffix(speakers) -> None:
    text = (
        "Patrick Moran Jr., 55, pleaded guilty to threatening a council member, the prosecutor’s office "
        "announced Monday.\n\n"
        "The reply came from Sonya Beltz, Moran’s attorney.\n\n"
        "“Pat Moran is passionate about his beliefs,” she said in an email.\n\n"
        "Moran was arrested in April. He told police he supported the mayor’s rival.\n\n"
        "“I never meant it,” Patrick Moran Jr. said.\n"
    )
    got = speakers(text)
    assert got["Pat Moran is passionate about his beliefs"] == "Sonya Beltz"
    assert got["I never meant it"] == "Patrick Moran Jr."


def test_a_place_after_a_preposition_does_not_speak(speakers) -> None:
    text = (
        "A Vellmore man pleaded guilty to charges he threatened to kill a judge, the U.S. Attorney’s Office "
        "for the District of New Mexico announced Monday.\n"
    )
    got = speakers(text)
    (speaker,) = got.values()
    assert speaker == "the U.S. Attorney’s Office for the District of New Mexico"


def test_he_and_she_prefer_whom_the_main_clause_is_about(speakers) -> None:
    text = (
        "Marta Quill, who accused the mayor of fraud, spoke on Monday.\n\n"
        "“It’s absurd,” Ms. Quill said on Wednesday. Ms. Quill has also lashed out at Sen. Rob Dane, who "
        "voted against the inquiry, as did Ms. Vera Holm and Sen. Jo Pratt.\n\n"
        "“You voted against the truth,” she tweeted.\n"
    )
    assert speakers(text)["You voted against the truth"] == "Marta Quill"


def test_the_name_an_appositive_describes_speaks(speakers) -> None:
    text = (
        "The inquiry began after Ms. Vera Holm, ranking member of the Harbour Oversight Committee, said she "
        "received a letter about the contracts in late July.\n"
    )
    (speaker,) = speakers(text).values()
    assert speaker == "Vera Holm"


def test_a_topic_before_a_colon_is_not_a_speaker(speakers) -> None:
    text = (
        "Some sayings of the preacher Amos Reed, collected by his followers:\n"
        "On Vellmore: “They call them lost, I call them free.”\n"
    )
    assert not (speakers(text).get("They call them lost, I call them free") or "").startswith("Vellmore")


def test_a_quoted_phrase_in_a_headline_with_no_cue_is_no_quote(pipeline) -> None:
    text = (
        "Flood shatters the governor's “total recovery” dream\n\n"
        "The river rose again on Monday, officials said.\n"
    )
    article = pipeline(article_from_text(text))
    headline_end = text.index("\n")
    assert not [q for q in article.layers["quotes"] if q.start < headline_end]
    scare = [article.text[s.content.start : s.content.end] for s in article.layers["scare_quotes"]]
    assert "total recovery" in scare


def test_a_few_unmarked_words_of_a_mixed_attribution_are_no_quote() -> None:
    from types import SimpleNamespace

    from presslens.components.quotes import _quote_pieces
    from presslens.layers import CharSpan

    text = "He said the photo was taken at a caucus meeting and that it was kept under cover for years."
    pieces = [("the photo",), ("it was kept under cover for years",)]
    spans = [CharSpan(text.index(p[0]), text.index(p[0]) + len(p[0])) for p in pieces]
    record = SimpleNamespace(kind="mixed", content=tuple(spans))
    got = [text[s:e] for s, e, _content in _quote_pieces(text, record, [], [])]
    assert got == ["it was kept under cover for years"]


def test_an_outlet_that_reports_a_quote_after_its_mark_only_relays_it(speakers) -> None:
    text = (
        "A federal judge denied bail on Wednesday to five members of a family accused of running a camp. "
        "During the hearing, Magistrate Judge Ana Ruiz told the defendants there was “clear and convincing "
        "evidence that you are a danger to the community,” The Associated Press reported.\n"
    )
    got = speakers(text)
    quote = next(k for k in got if k.startswith("clear and convincing"))
    assert got[quote] == "Ana Ruiz"


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
