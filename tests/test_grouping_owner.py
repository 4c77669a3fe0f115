"""Whose a figure counts when a verb of losing says it (corpus/quantity_key.loser_of), on a fictional corpus.

The story, its places and its sides are invented. It has the shape of a case on the real seeds: a
speaker says a nation "sacrificed" a round number of martyrs, an outlet reports about the same round
number of deaths among an armed group's fighters, and the nation's own toll is reported beside it.
Read alone, the martyrs name nobody and their value equals the fighters' deaths, so they were grouped
with the fighters; the subject of "sacrificing" says whose they are.
"""

from __future__ import annotations

import pytest

from presslens.corpus.quantities import timelines
from presslens.corpus.quantity_key import loser_of, quotation_at

FIGHTING = (
    "Fighting in the valley enters its third month. Health officials say at least 4,870 Velorians have been "
    "killed since March, and over 4,800 Velorians were killed by the end of last week. Military sources have "
    "reported approximately 5,000 deaths among Northern Liberation Army fighters in the valley."
)
SPEECH = (
    "The foreign minister of Marendia spoke in the capital on Tuesday. ‘Nobody doubts that the movement "
    "and the Velorian nation have shown their resolve in the face of the Ostrian army’s assault despite "
    "enduring hardship and sacrificing more than 5,000 martyrs in the past 90 days,’ he said."
)


@pytest.fixture(scope="module")
def groups(pipeline) -> list[dict]:
    from presslens.model import Article

    return timelines([pipeline(Article(text=text)).to_dict() for text in (FIGHTING, SPEECH)])


def _group_of(groups: list[dict], figure: str) -> dict:
    return next(g for g in groups if any(e["text"].startswith(figure) for e in g["entries"]))


def test_martyrs_a_nation_sacrificed_join_its_toll_not_an_armed_groups_deaths(groups: list[dict]) -> None:
    martyrs = _group_of(groups, "more than 5,000 martyrs")
    texts = {e["text"] for e in martyrs["entries"]}
    assert {"at least 4,870 Velorians", "over 4,800 Velorians"} <= texts, texts
    assert not any(t.startswith("approximately 5,000 deaths") for t in texts), texts
    entry = next(e for e in martyrs["entries"] if e["text"].startswith("more than 5,000"))
    assert entry["key"]["whose"] == ["velorian"]  # the subject of "sacrificing", not the Ostrian army
    # the group is named by what most of its figures count, with whose they are
    assert martyrs["label"].startswith("velorian killed")


def _article(text: str, entities: list[tuple[str, str]], quotes: list[tuple[int, int]] = ()) -> dict:
    ents = [{"start": text.index(t), "end": text.index(t) + len(t), "label": label} for t, label in entities]
    quoted = [{"kind": "direct", "content": {"start": lo, "end": hi}} for lo, hi in quotes]
    return {"text": text, "sentences": [{"start": 0, "end": len(text)}], "entities": ents, "quotes": quoted}


def _claim(text: str, figure: str) -> dict:
    return {"start": text.index(figure), "end": text.index(figure) + len(figure)}


def test_the_subject_of_a_verb_of_losing_says_whose() -> None:
    text = "Officials said Marendia has lost 300 soldiers since June."
    article = _article(text, [("Marendia", "GPE"), ("June", "DATE")])
    assert loser_of(article, _claim(text, "300 soldiers")) == (frozenset({"marendia"}), "Marendia")
    # a name governed by a preposition is no subject: "in the face of the Ostrian army"
    text = "In the face of the Ostrian assault, the town buried 40 residents."
    article = _article(text, [("Ostrian", "NORP")])
    assert loser_of(article, _claim(text, "40 residents")) == (frozenset(), "")
    # other verbs say nothing about whose: "Marendia killed 300 soldiers" names who did it
    text = "Marendia killed 300 soldiers."
    assert loser_of(_article(text, [("Marendia", "GPE")]), _claim(text, "300 soldiers")) == (frozenset(), "")


def test_inside_a_quotation_the_subject_is_read_from_the_quoted_words() -> None:
    text = "Velorian officials met an envoy who said: ‘The people have mourned 50 fighters.’ Marendia agreed."
    lo, hi = text.index("‘") + 1, text.index("’")
    article = _article(text, [("Velorian", "NORP"), ("Marendia", "GPE")], [(lo, hi)])
    claim = _claim(text, "50 fighters")
    assert quotation_at(article, claim["start"]) == (lo, hi)
    assert quotation_at(article, text.index("Velorian")) is None
    # the quoted words name no subject; the Velorian officials outside the quote are not it
    assert loser_of(article, claim, (lo, hi)) == (frozenset(), "")
    assert loser_of(article, claim)[0] == {"velorian"}  # (the sentence's subject, without the quote's bounds)


def test_a_place_naming_a_word_of_the_subject_is_not_the_subject() -> None:
    text = "Records showed the Marendia businessman and his companies lost nearly $916 million."
    article = _article(text, [("Marendia", "GPE")])
    assert loser_of(article, _claim(text, "nearly $916 million")) == (frozenset(), "")
