"""A quote's kind follows its quotation marks (issue 10, user check: seed 002's "direct" quotes with no
mark in them, its "mixed" quote with no mark, and a headline "Name: 'words'" read as indirect).

Our own text (fictional Velmark harbour), in the shape of seed 002: a quotation over two paragraphs in
British marks, then "He said ..., and ..." which the learned extractor glues to the quotation as one
*direct* attribution; and a headline "Name: 'words'". docs/user-check.md, "Added by session 9".
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from presslens import Article
from presslens.components.quotes_marks import scan_quotes
from presslens.components.registry import DEFAULT_PIPELINE
from presslens.layers import CharSpan
from presslens.pipeline import Pipeline

TEXT = (
    "Harbour mayor Dana Pell: 'The quays will reopen'\n\n"
    "The leader of the Velmark dockers' union says the strike is nearing its end.\n\n"
    "In an interview, Tomas Alban said the board had ignored the union's demands for months.\n"
    "Alban added: \u2018There is no doubt about it, I am talking to the board members who keep repeating "
    "that the strike will collapse very soon.\n"
    "\u2018If the dockers are so weak, why do they not open the gates themselves? What they have been doing "
    "is a desperate manoeuvre; they hired guards to watch empty quays.\u2019\n"
    "He said the union will not be broken, and it is even able to close the second port as well.\n"
    "\u2018We have been patient for long enough, and the board knows it,\u2019 Alban said.\n"
)


@pytest.fixture(scope="module")
def quotes() -> list[dict]:
    return Pipeline(list(DEFAULT_PIPELINE), strict=True)(Article(text=TEXT)).to_dict()["quotes"]


def _quote(quotes: list[dict], words: str) -> dict:
    return next(q for q in quotes if words in q["text"])


def test_words_without_a_quotation_mark_are_an_indirect_quote(quotes) -> None:
    said = _quote(quotes, "the union will not be broken")
    assert said["kind"] == "indirect"  # main: "direct", with no mark in it
    assert "and it is even able to close the second port" in said["text"]  # one reported clause, one quote
    assert said["speaker"]["name"] == "Tomas Alban"
    # the quotations around it stay direct
    assert _quote(quotes, "If the dockers are so weak")["kind"] == "direct"
    assert _quote(quotes, "We have been patient")["kind"] == "direct"


def test_a_headline_name_colon_words_in_marks_is_a_direct_quote(quotes) -> None:
    headline = _quote(quotes, "The quays will reopen")
    assert headline["kind"] == "direct"  # main: "indirect" with the cue ":"
    assert TEXT[headline["content"]["start"] : headline["content"]["end"]] == "The quays will reopen"
    assert headline["speaker"]["name"] == "Dana Pell"


def test_pieces_of_one_reported_clause_are_one_quote(nlp) -> None:
    from presslens.components.quotes import _clause_glue, _quote_pieces

    text = (
        "\u2018We will not move,\u2019 she said.\n"
        "He said the union will not be broken, and it is even able to close the second port."
    )
    doc = nlp(text)
    first = "the union will not be broken,"
    second = "it is even able to close the second port"
    quotation = "\u2018We will not move,\u2019"
    parts = tuple(CharSpan(text.index(w), text.index(w) + len(w)) for w in (quotation, first, second))
    record = SimpleNamespace(kind="direct", content=parts)
    marked = scan_quotes(text)

    pieces = _quote_pieces(text, record, marked, [], None, None, (), _clause_glue(doc))
    got = [text[s:e] for s, e, _ in pieces]
    # main: three quotes, the clause cut at its "and"; the quotation stays apart
    assert got == [quotation, "the union will not be broken, and it is even able to close the second port"]
    # a conjunction between two sentences does not glue
    assert not _coordinated_across(nlp)


def test_fragments_around_a_conjunction_stay_apart(nlp) -> None:
    """ "knocked him down, pulled him by [the hair] and [beaten]": the learned extractor's fragments of a
    mixed attribution are no clause; joined they made the quote "the hair and beaten" (sweep, qa10)."""
    from presslens.components.quotes import _clause_glue, _quote_pieces

    text = 'A man hit him, pulled him by the hair and beaten while shouting "Down with the board".'
    doc = nlp(text)
    parts = tuple(CharSpan(text.index(w), text.index(w) + len(w)) for w in ("the hair", "beaten"))
    record = SimpleNamespace(kind="mixed", content=parts)
    assert _quote_pieces(text, record, scan_quotes(text), [], None, None, (), _clause_glue(doc)) == []


def _coordinated_across(nlp) -> bool:
    from presslens.components.quotes import _coordinated

    text = "He said the union will not be broken. And the port will close."
    doc = nlp(text)
    return _coordinated(doc, text.index(". And") + 1, text.index(" the port"))


def test_the_unmarked_clause_of_a_mixed_attribution_is_indirect() -> None:
    from presslens.components.quotes import _marked_kind

    text = "Alban said the board has blocked a settlement and called the offer \u201ca joke\u201d.\n"
    scanned = scan_quotes(text)
    clause = (text.index("the board"), text.index(" and called"))
    assert _marked_kind(text, "mixed", clause, clause, scanned, scanned)[0] == "indirect"
    quotation = (text.index("\u201c"), text.index("\u201d") + 1)
    assert _marked_kind(text, "mixed", quotation, quotation, scanned, scanned)[0] == "mixed"
    # words after an unpaired double mark of their paragraph lie in a quotation sloppy copy left open
    sloppy = "Alban wrote:\u201d. Close the gates, the board has blocked a settlement!\u201d\n"
    words = (sloppy.index("the board"), sloppy.index("!"))
    assert _marked_kind(sloppy, "mixed", words, words, scan_quotes(sloppy), [])[0] == "mixed"
    # an opening single mark the scanner did not pair ("Room Full of \u2018Former Terrorists\u2019 the US")
    title = "Bolton Tells Room Full of \u2018Former Rebels\u2019 the Board Would \u2018Fall\u2019 by May\n"
    words = (title.index("Room"), title.index(" by May"))
    assert _marked_kind(title, "mixed", words, words, [], [])[0] == "mixed"


# seed 002's shape (quo34-quo36 in docs/user-check.md, session 9): a reported clause, then a quotation over
# two paragraphs closed by "Alban said", then one over three paragraphs closed by "he added"
PARAGRAPHS = (
    "Velmark dockers hold out\n\n"
    "In an interview, Tomas Alban said the board had ignored the union's demands for months.\n"
    "The union leader says the long strike is approaching a bright end thanks to the patience of the "
    "families and the town.\n"
    "\u2018The lockout was not something rare. That was part of the struggle of the dockers to keep their "
    "jobs and to live like other workers in the country.\n"
    "\u2018So this has been another stage of the struggle, but this stage has been a big one, as it created "
    "a shock for the board,\u2019 Alban said.\n"
    "\u2018The strike caused surprise and shock and was meant to wake up the board and the town in general.\n"
    "\u2018These people did not stay silent about their rights and can show the town every time what is "
    "going on.\n"
    "\u2018The neglect of the rights of the dockers will affect the whole port,\u2019 he added.\n"
)


@pytest.fixture(scope="module")
def paragraph_quotes() -> list[dict]:
    return Pipeline(list(DEFAULT_PIPELINE), strict=True)(Article(text=PARAGRAPHS)).to_dict()["quotes"]


def test_a_reported_clause_and_the_quotation_after_it_are_two_quotes(paragraph_quotes) -> None:
    said = _quote(paragraph_quotes, "the long strike is approaching a bright end")
    assert said["kind"] == "indirect"  # main: one "mixed" quote over the clause and the next paragraph
    assert "\u2018The lockout" not in said["text"]
    quotation = _quote(paragraph_quotes, "The lockout was not something rare")
    assert quotation["kind"] == "direct"
    assert "as it created a shock for the board" in quotation["text"]  # one quote over its two paragraphs
    assert quotation["cue"]["text"] == "said"


def test_a_quotation_over_paragraphs_takes_the_cue_after_its_closing_mark(paragraph_quotes) -> None:
    quotation = _quote(paragraph_quotes, "The strike caused surprise")
    assert "will affect the whole port" in quotation["text"]
    assert quotation["cue"]["text"] == "added"  # main: "said", the previous quotation's cue
    assert quotation["speaker"]["name"] == "Tomas Alban"
