"""Parts of the grouping's quantity key and candidate pairs (corpus/quantity_key.py, corpus/grouping.py)."""

from __future__ import annotations

from presslens.corpus.grouping import (
    FEATURES,
    NEVER,
    average_linkage,
    cannot_link,
    cluster,
    later_is_smaller,
    model,
    pair_features,
    range_gap,
    score,
    value_buckets,
)
from presslens.corpus.quantity_key import (
    QuantityKey,
    agent_of,
    clause_at,
    entities_in,
    in_quotation,
    names_conflict,
    owner_of,
)


def test_a_vague_amount_is_a_candidate_across_its_whole_range() -> None:
    several_thousand = {"low": 2000, "high": 9999, "vague": True}
    about_4000 = {"low": 4000, "high": None, "vague": False}
    about_40000 = {"low": 40000, "high": None, "vague": False}
    assert set(value_buckets(about_4000)) & set(value_buckets(several_thousand))
    assert not set(value_buckets(about_40000)) & set(value_buckets(several_thousand))
    # an exact range keeps its two buckets: "between 7,000 and 10,000" is no order of magnitude
    assert len(value_buckets({"low": 7000, "high": 10000, "vague": False})) == 2
    assert value_buckets({"low": 5, "high": None}) == ()


def test_a_list_entry_keeps_its_label_in_its_clause() -> None:
    text = "SUPERDELEGATES.\n\nClinton: 547.\n\nSanders: 46."
    start = text.index("547")
    article = {
        "text": text,
        "sentences": [{"start": text.index("Clinton"), "end": start + 4}],
        "entities": [{"start": text.index("Clinton"), "end": text.index("Clinton") + 7, "label": "PERSON"}],
    }
    lo, hi = clause_at(article, start, start + 3)
    assert text[lo:hi].strip(" .") == "Clinton: 547"
    assert entities_in(article, lo, hi) == {"clinton"}
    # a colon inside a sentence still cuts it: "He said: 40 people died"
    text2 = "Officials in Gaza said: 40 people died."
    article2 = {"text": text2, "sentences": [{"start": 0, "end": len(text2)}], "entities": []}
    lo2, _ = clause_at(article2, text2.index("40"), text2.index("40") + 2)
    assert text2[lo2:].strip().startswith("40")


def _article(text: str, entities: list[tuple[str, str]]) -> dict:
    """A one-sentence article dict with the named entities at the first place each text occurs."""
    ents = [{"start": text.index(t), "end": text.index(t) + len(t), "label": label} for t, label in entities]
    return {"text": text, "sentences": [{"start": 0, "end": len(text)}], "entities": ents}


def _claim(text: str, figure: str, counted: str | None = None) -> dict:
    start = text.index(figure)
    claim = {"start": start, "end": start + len(figure)}
    if counted:
        c_start = text.index(counted, start)
        claim["count_of"] = {"start": c_start, "end": c_start + len(counted)}
    return claim


def test_whose_reads_the_counted_phrase_what_it_is_of_and_possessives() -> None:
    text = "It saw 240 Palestinian abductees held by Israel freed."
    article = _article(text, [("Palestinian", "NORP"), ("Israel", "GPE")])
    claim = _claim(text, "240 Palestinian abductees", "Palestinian abductees")
    assert owner_of(article, claim, 0, len(text)) == (frozenset({"palestinian"}), "Palestinian")
    assert agent_of(article, claim, 0, len(text)) == {"israel"}

    text = "Jaish al-Adl killed 10 members of Iranian armed forces last month."
    article = _article(text, [("Jaish al-Adl", "ORG"), ("Iranian", "NORP")])
    claim = _claim(text, "10 members", "members")
    assert owner_of(article, claim, 0, len(text))[0] == {"iranian"}
    assert agent_of(article, claim, 0, len(text)) == {"jaish", "al-adl"}  # the subject of the event verb

    text = "Jaish al-Adl announced on Wednesday that 12 of its members were killed in strikes by Iran."
    article = _article(text, [("Jaish al-Adl", "ORG"), ("Wednesday", "DATE"), ("Iran", "GPE")])
    claim = _claim(text, "12 of its members", "members")
    assert owner_of(article, claim, 0, len(text)) == (frozenset({"jaish", "al-adl"}), "Jaish al-Adl")
    assert agent_of(article, claim, 0, len(text)) == {"iran"}

    # a clause naming sides elsewhere says nothing about whose these are
    text = "Israel and Hamas agreed that 50 captives would be freed."
    article = _article(text, [("Israel", "GPE"), ("Hamas", "ORG")])
    claim = _claim(text, "50 captives", "captives")
    assert owner_of(article, claim, 0, len(text)) == (frozenset(), "")
    assert agent_of(article, claim, 0, len(text)) == frozenset()


def test_agent_looks_past_an_aside_but_not_into_the_next_figure() -> None:
    text = "It freed 105 war prisoners, including 81 Israelis and 24 foreigners, held by Hamas in Gaza."
    article = _article(text, [("Israelis", "NORP"), ("Hamas", "ORG"), ("Gaza", "GPE")])
    assert agent_of(article, _claim(text, "105 war prisoners", "war prisoners"), 0, len(text)) == {"hamas"}
    text = "The attack caused 1,100 fatalities and 250 hostages taken by Hamas."
    article = _article(text, [("Hamas", "ORG")])
    assert agent_of(article, _claim(text, "1,100 fatalities", "fatalities"), 0, len(text)) == frozenset()


def test_names_conflict_only_when_both_name_someone_else() -> None:
    assert names_conflict(frozenset({"israeli"}), frozenset({"palestinian"}))
    assert not names_conflict(frozenset({"israel"}), frozenset({"israeli"}))  # a country and its people
    assert not names_conflict(frozenset(), frozenset({"palestinian"}))
    assert not names_conflict(frozenset({"jaish", "al-adl"}), frozenset({"al-adl"}))


def test_a_figure_inside_a_quotation() -> None:
    text = 'He said “Abu Ali Mustafa and thousands of martyrs.” Later, 1,100 died. "Dozens" fled'
    assert in_quotation(text, text.index("thousands"))
    assert not in_quotation(text, text.index("1,100"))
    assert in_quotation(text, text.index("Dozens"))


def _entry(key: QuantityKey, vague: bool = False, low: float = 1100) -> dict:
    return {"key": key, "vague": vague, "low": low, "high": None, "article_id": "a", "start": 0}


def _key(**parts) -> QuantityKey:
    base = dict(unit="count", currency="", counted="person", head="person", event="killed",
                modifiers=frozenset(), entities=frozenset(), nearest="", context=frozenset(),
                around=frozenset(), date=None)  # fmt: skip
    return QuantityKey(**{**base, **parts})


def test_cannot_link_sides_and_a_quoted_vague_amount() -> None:
    israeli = _entry(_key(whose=frozenset({"israeli"})))
    palestinian = _entry(_key(whose=frozenset({"palestinian"})))
    unnamed = _entry(_key())
    assert cannot_link(israeli, palestinian)
    assert not cannot_link(israeli, unnamed)
    assert cannot_link(_entry(_key(agent=frozenset({"israel"}))), _entry(_key(agent=frozenset({"hamas"}))))
    quoted_vague = _entry(_key(quoted=True), vague=True, low=1000)
    assert cannot_link(quoted_vague, unnamed)
    # the outlet's own "thousands of migrants" may restate "about 4,000"; so may a quote naming the same actor
    assert not cannot_link(_entry(_key(), vague=True, low=1000), unnamed)
    gaza = frozenset({"gaza"})
    assert not cannot_link(_entry(_key(quoted=True, entities=gaza), vague=True), _entry(_key(entities=gaza)))


def test_an_eventless_vague_crowd_stays_apart_from_any_toll_but_two_exact_figures_may_join() -> None:
    """Fictional: "tens of thousands of people marched in Velora" beside "thousands of people killed"
    (vague toll) or "1,100 people killed" (exact toll); "2 officers" beside "two officers killed"."""
    crowd = _entry(_key(event=""), vague=True, low=20000)
    assert cannot_link(crowd, _entry(_key(), vague=True, low=2000))  # a vague toll (36c47a2 let it join)
    assert cannot_link(crowd, _entry(_key()))  # an exact toll
    assert cannot_link(_entry(_key(event=""), low=2000), _entry(_key(), vague=True, low=2000))
    assert not cannot_link(_entry(_key(event=""), low=2), _entry(_key(), low=2))  # two exact figures
    velora = frozenset({"velora"})  # a shared actor still lets them join
    assert not cannot_link(
        _entry(_key(event="", entities=velora), vague=True), _entry(_key(entities=velora), vague=True)
    )


def test_a_cannot_link_pair_keeps_two_groups_apart_whatever_the_rest_scores() -> None:
    # 0 and 1 score high with 2, but 0 and 1 cannot link: 2 joins one of them, never both
    labels = average_linkage(3, {(0, 2): 0.95, (1, 2): 0.9, (0, 1): NEVER}, 0.3)
    assert labels[0] != labels[1] and labels[2] == labels[0]
    # as in cluster(): a user's merge still joins them (the user's word is the last)
    entries = [israeli := _entry(_key(whose=frozenset({"israeli"}))), dict(israeli, start=5)]
    entries[1]["key"] = _key(whose=frozenset({"palestinian"}))
    merged = cluster(entries, overrides=[{"action": "merge", "a": {"article_id": "a", "start": 0},
                                          "b": {"article_id": "a", "start": 5}}])  # fmt: skip
    assert merged[0] == merged[1]


def _dated(low: float, day: str | None, article: str, high: float | None = None) -> dict:
    entry = _entry(_key(), low=low)
    return dict(entry, high=high, date=day, article_id=article)


def test_a_value_gap_weighs_more_when_the_later_figure_is_smaller() -> None:
    may8, may17 = "2018-05-08", "2018-05-17"
    rose = (_dated(17, may8, "a"), _dated(26, may17, "b"))  # a toll that grew: may be one running total
    fell = (_dated(26, may8, "a"), _dated(17, may17, "b"))  # lower at a later date: likely another quantity
    assert not later_is_smaller(*rose) and not later_is_smaller(*reversed(rose))
    assert later_is_smaller(*fell) and later_is_smaller(*reversed(fell))
    # one date, no date, or ranges that overlap say nothing about time
    assert not later_is_smaller(_dated(26, may8, "a"), _dated(17, may8, "b"))
    assert not later_is_smaller(_dated(26, None, "a"), _dated(17, may17, "b"))
    assert not later_is_smaller(_dated(20, may8, "a", high=30), _dated(25, may17, "b"))
    index = FEATURES.index("later_smaller_gap")
    assert pair_features(*fell)[index] == range_gap(*fell) > 0
    assert pair_features(*rose)[index] == 0.0
    # the shipped pair model: the same gap scores lower when time runs against it
    weights = model().weights
    assert score(pair_features(*fell), weights) < score(pair_features(*rose), weights)
