"""Two articles that share no word of a name tell two stories: their figures never group
(corpus/grouping.cannot_link, QuantityKey.story), on an invented corpus.

The grouping gold cannot show this, since each of its clusters is one story; on the nine dev clusters
grouped as one corpus the gate stops 117 of 191 gold pairs joined across stories
(docs/evaluation-grouping.md, session 9). On main the two tolls below, of two disasters in two places,
were one group: same count of people killed, same value.
"""

from __future__ import annotations

import pytest

from presslens.corpus.grouping import cannot_link
from presslens.corpus.quantities import timelines
from presslens.corpus.quantity_key import QuantityKey, capitalised_words, story_names

FLOOD = (
    "Floods in the Velora valley have killed at least 212 people, the Velora Red Cross said on Monday. "
    "Rescue teams from Karsk are searching the villages."
)
FLOOD_AGAIN = "Floods in Velora have killed at least 212 people, the regional governor said on Tuesday."
FERRY = (
    "A ferry sank off the coast of Dalmar on Tuesday, and at least 212 people were killed, the Dalmar "
    "coast guard said."
)


@pytest.fixture(scope="module")
def groups(pipeline) -> list[dict]:
    from presslens.model import Article

    return timelines([pipeline(Article(text=text)).to_dict() for text in (FLOOD, FLOOD_AGAIN, FERRY)])


def test_one_toll_of_two_stories_is_two_groups_and_one_story_stays_one(groups: list[dict]) -> None:
    tolls = [g for g in groups if any(e["text"] == "at least 212 people" for e in g["entries"])]
    by_size = sorted(len(g["entries"]) for g in tolls)
    assert by_size == [1, 2], [[e["text"] for e in g["entries"]] for g in tolls]
    pair = next(g for g in tolls if len(g["entries"]) == 2)
    assert len({e["article_id"] for e in pair["entries"]}) == 2  # the flood's two reports, not the ferry


def _entry(article: str, story: set[str]) -> dict:
    key = QuantityKey(
        unit="count", currency="", counted="person", head="people", event="killed", modifiers=frozenset(),
        entities=frozenset(), nearest="", context=frozenset(), around=frozenset(), date=None,
        story=frozenset(story),
    )  # fmt: skip
    return {"key": key, "article_id": article, "low": 212, "high": None, "vague": False}


def test_the_gate_reads_name_words_of_two_articles() -> None:
    flood = _entry("a", {"velora", "red", "cross", "karsk"})
    assert cannot_link(flood, _entry("b", {"dalmar"}))
    assert not cannot_link(flood, _entry("b", {"velora"}))  # "the Velora Red Cross" and "Velora": one story
    assert not cannot_link(flood, _entry("a", {"dalmar"}))  # one article is one story
    assert not cannot_link(flood, _entry("b", set()))  # an article read without entities says nothing


# The user check of session 9 (docs/user-check.md, qa9) found two joins across stories; rebuilt here on
# invented articles: a crane collapse at a port, reported twice, and a militia's losses in a second,
# fictional story. On integ44 "at least 12 people" killed in the collapse joined "12 of its members"
# killed in an air strike, and the port's "5% below its capacity" joined the depot's "5% of its capacity".
CRANE = (
    "At least 12 people were killed when a crane collapsed at the Tarnholm container port on Friday, "
    "the coroner said. The port had been running more than 5% below its capacity since the spring, "
    "harbour officials said."
)
CRANE_AGAIN = (
    "A crane collapse at the port of Tarnholm killed at least 12 people last week, police said on Sunday."
)
FRONT = (
    "The Ostrel Liberation Front said 12 of its members were killed in an air strike in Varnek province "
    "on Thursday. A spokesman said the group's fuel depot near Varnek was working at 5% of its capacity."
)


@pytest.fixture(scope="module")
def qa9_groups(pipeline) -> list[list[tuple[int, str]]]:
    from presslens.model import Article

    articles = []
    for n, text in enumerate((CRANE, CRANE_AGAIN, FRONT)):
        article = pipeline(Article(text=text)).to_dict()
        article["id"] = str(n)
        articles.append(article)
    return [[(int(e["article_id"]), e["text"]) for e in g["entries"]] for g in timelines(articles)]


def test_a_crane_collapse_toll_never_joins_a_militia_s_losses(qa9_groups: list) -> None:
    toll = next(g for g in qa9_groups if (0, "At least 12 people") in g)
    assert (1, "at least 12 people") in toll  # the collapse's two reports stay one group
    assert all(article != 2 for article, _ in toll), toll


def test_a_port_s_share_of_capacity_never_joins_a_depot_s(qa9_groups: list) -> None:
    port = next(g for g in qa9_groups if (0, "more than 5%") in g)
    assert port == [(0, "more than 5%")], port


def test_story_words_read_capitals_the_ner_did_not_tag() -> None:
    # one outlet's "Gaza" that the NER left untagged still counts, so its story is not split off
    text = "Rockets were fired from Gaza overnight, the army said in March. Adler spoke."
    assert story_names({"text": text, "entities": []}) == {"gaza"}  # "Adler" begins a sentence


def test_capitals_at_a_sentence_start_or_in_a_title_case_line_are_no_names() -> None:
    text = (
        "Harbour Mayor Vows To Reopen Quays\n"
        "Workers met on Monday. Then the Velora union's chief spoke: 'Nobody left.'"
    )
    assert capitalised_words(text) == {"velora", "monday"}  # "Monday" goes in story_names (not_story_names)
    assert story_names({"text": text, "entities": []}) == {"velora"}
