"""Cross-article analysis on the synthetic fixture corpus: quantities, flags, names, voices, techniques."""

from __future__ import annotations

import math
import re

import pytest

from corpus_world import load_articles
from presslens.corpus import actor_names, canonical_actor, normalise_quantity, speakers, techniques, timelines
from presslens.corpus.figures import claim_entries, interval
from presslens.corpus.quantities import relative_gap, same_period


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    data = load_articles()
    for item in data.values():  # as the store gives them
        item["outlet_name"] = item["outlet"]
    return list(data.values())


def _group(groups: list[dict], label: str) -> dict:
    return next(g for g in groups if g["label"] == label)


@pytest.mark.parametrize(
    ("head", "count_of", "event", "expected"),
    [
        # word forms and the synonym resource: the dead are people killed, however they are named
        ("fatality", "fatalities", None, ("person", "fatality", "killed")),
        ("death", "deaths", "died", ("person", "death", "killed")),
        ("martyr", "martyrs", None, ("person", "martyr", "killed")),
        ("people", "people", "killed", ("person", "person", "killed")),
        (None, None, "died", ("person", "", "killed")),  # "four died"
        (None, None, "destroyed", ("", "", "destroyed")),  # no noun, and no event only people suffer
        ("troops", "Israeli officers and troops", "injured", ("soldier", "troop", "wounded")),
        ("hostage", "hostages", "taken captive", ("captive", "hostage", "taken captive")),
        ("abductee", "abductees", "held", ("captive", "abductee", "held")),
        # a people-only event on a known thing that is no person is not that event
        ("delegate", "delegates", "taken captive", ("delegate", "delegate", "")),
        ("sample", "samples", "taken captive", ("sample", "sample", "")),
        ("other", "others", "injured", ("person", "", "wounded")),  # anaphoric head: people by the event
        (None, None, None, ("", "", "")),
    ],
)
def test_counted_and_event_fold_word_forms(head, count_of, event, expected) -> None:
    from presslens.corpus.quantity_key import counted_and_event

    assert counted_and_event(head, count_of, event) == expected


def test_normalise_quantity_keeps_its_old_shape() -> None:
    assert normalise_quantity("Israeli soldiers", "soldier", "killed") == ("soldier", "killed")
    assert normalise_quantity(None, None, None) == ("", "")


def _with(groups: list[dict], text: str) -> dict:
    """The group holding the figure written ``text``."""
    return next(g for g in groups if any(e["text"] == text for e in g["entries"]))


def test_intervals_follow_qualifiers() -> None:
    assert interval({"low": 900, "qualifier": "more than"}) == (900, math.inf)
    assert interval({"low": 900, "qualifier": "nearly"}) == (0, 900)
    assert interval({"low": 900, "high": 1000, "qualifier": "between"}) == (900, 1000)
    assert relative_gap({"low": 43000, "qualifier": "more than"}, {"low": 43300}) == 0
    assert relative_gap({"low": 890}, {"low": 1200}) == pytest.approx(310 / 1200)
    assert same_period({"date": None}, {"date": None}, 14)
    assert not same_period({"date": "2024-11-01"}, {"date": None}, 14)
    assert same_period({"date": "2024-11"}, {"date": "2024-11-10"}, 14)


def test_soldiers_timeline_side_by_side_with_discrepancy(articles) -> None:
    # "890 Israeli soldiers" and "1,200 soldiers and officers" of another outlet are one quantity
    group = _with(timelines(articles), "890 Israeli soldiers have been killed")
    assert group["label"] == "soldier killed" and group["known"]
    rows = [
        (e["outlet"], e["low"], e["date"], e["date_is_publication"], e["source"]) for e in group["entries"]
    ]
    assert rows == [
        ("Harbor Times", 890, "2024-11-02", True, "The Israeli military"),
        ("Northern Post", 890, "2024-11-02", True, "The Israeli military"),
        ("Crescent Wire", 1200, "2024-11-03", False, "the Qassam Brigades"),
    ]
    flagged = {tuple(d["outlets"]) for d in group["discrepancies"]}
    assert flagged == {("Harbor Times", "Crescent Wire"), ("Northern Post", "Crescent Wire")}
    assert all(d["relative_gap"] == pytest.approx(0.258, abs=1e-3) for d in group["discrepancies"])


def test_tolerance_and_period_are_configurable(articles) -> None:
    soldiers = "890 Israeli soldiers have been killed"
    assert not _with(timelines(articles, tolerance=0.3), soldiers)["discrepancies"]
    assert not _with(timelines(articles, period_days=0), soldiers)["discrepancies"]


def test_death_toll_agrees_within_period_and_flags_stale_figure(articles) -> None:
    # "43,300 people had been killed" joins "more than 43,000 Palestinians have been killed": a
    # generic person noun stands for a group of people, with the same event, in the same period
    toll = "40,000 Palestinians killed in Gaza"
    group = _with(timelines(articles), toll)
    assert [(e["outlet"], e["low"], e["qualifier"]) for e in group["entries"]] == [
        ("Daily Ledger", 40000, None),
        ("Harbor Times", 43000, "more than"),
        ("Northern Post", 43000, "more than"),
        ("Crescent Wire", 43300, None),
    ]
    assert group["discrepancies"] == []  # "more than 43,000" and 43,300 agree; 40,000 is another period
    assert group["latest"] == "2024-11-04"
    stale = [e for e in group["entries"] if e["stale"]]
    assert [(e["outlet"], e["days_behind_latest"]) for e in stale] == [("Daily Ledger", 81)]
    assert not _with(timelines(articles, stale_days=90), toll)["stale"]


def test_captives_within_tolerance_and_unknown_quantities_kept_apart(articles) -> None:
    groups = timelines(articles)
    # "captives remain" names no event: captives are held (resources/quantities.json)
    captives = _with(groups, "Some 101 captives remain in Gaza")
    assert [e["low"] for e in captives["entries"]] == [100, 100, 101] and not captives["discrepancies"]
    assert captives["event"] == "held"
    assert [g["known"] for g in groups][:4] == [True] * 4  # groups reported by several articles first
    assert len(groups) == 5 and sum(len(g["entries"]) for g in groups) == 13
    drone = _group(groups, "drone")
    assert not drone["known"] and drone["entries"][0]["count_of"] == "<b>drones</b>"


def test_names_each_outlet_uses_for_each_actor(articles) -> None:
    names = actor_names(articles)["actors"]

    def used(actor: str, outlet: str, kind: str) -> set[str]:
        return {n["name"] for n in names[actor].get(outlet, []) if n["kind"] == kind}

    assert used("Israel", "Crescent Wire", "label") == {"Zionist entity", "occupation forces"}
    assert used("Israel", "Harbor Times", "mention") == {"Israeli military"}
    assert used("Hamas", "Daily Ledger", "label") == {"Hamas terrorists"}
    assert used("Hamas", "Crescent Wire", "label") == {"the resistance"}
    assert used("Iran", "Crescent Wire", "label") == {"Islamic Republic of Iran"}  # actor given as an id
    assert used("Iran", "Daily Ledger", "label") == {"Iranian regime"}
    assert "Avi Mizrahi" not in names  # people are voices, not named actors
    assert actor_names(articles)["scare_quotes"]["Harbor Times"] == [{"name": '"self-defence"', "count": 1}]


def test_canonical_actor_table() -> None:
    assert [
        canonical_actor(n) for n in ("IDF", "Israeli", "Zionist regime", "Tehran", "al-Qassam Brigades", "UN")
    ] == [
        "Israel",
        "Israel",
        "Israel",
        "Iran",
        "Hamas",
        None,
    ]


def test_who_each_outlet_quotes(articles) -> None:
    voices = speakers(articles)
    assert [(r["speaker"], r["direct"], r["affiliation"]) for r in voices["by_outlet"]["Crescent Wire"]] == [
        ("Khaled Nasser", 1, "Hamas"),
    ]
    assert voices["by_outlet"]["Daily Ledger"][0]["speaker"] == "Ruth Adler"
    per_article = {a["outlet"]: [s["speaker"] for s in a["speakers"]] for a in voices["by_article"]}
    assert per_article["Harbor Times"] == ["Avi Mizrahi"]


def test_techniques_by_outlet_and_month(articles) -> None:
    result = techniques(articles)
    assert result["by_outlet"]["Daily Ledger"] == {
        "Appeal_to_Fear-Prejudice": 1,
        "Name_Calling-Labeling": 1,
        "Flag_Waving": 1,
    }
    assert result["by_month"]["2024-10"] == {"Loaded_Language": 1}
    assert sum(result["by_month"]["2024-11"].values()) == 7


def test_written_out_dates_are_read() -> None:
    from presslens.values.dates import iso_date, parse_date

    assert iso_date("Mar 16, 2024, 10:17 AM") == "2024-03-16"
    assert iso_date("2024-11") == "2024-11" and iso_date("no date here") == "no date here"
    assert parse_date("March 3") is None  # no year: unusable rather than guessed
    assert parse_date("2024-02-30") is None


def _article(article_id: str, published: str | None, claims: list[dict], outlet: str = "Outlet") -> dict:
    """A minimal contract-shaped article whose text is the claims' phrases, one per sentence."""
    text, items = "", []
    for n, claim in enumerate(claims, 1):
        phrase = claim["phrase"]
        start = len(text)
        text += phrase + ". "
        count = claim["count_of"]
        c0 = start + phrase.index(count)
        items.append(
            {
                "id": f"cla{n}",
                "start": start,
                "end": start + len(phrase),
                "text": phrase,
                "label": "claim",
                "value": claim["value"],
                "unit": claim.get("unit"),
                "count_of": {"text": count, "head": claim.get("head"), "start": c0, "end": c0 + len(count)},
                "event": {"label": claim["event"], "negated": False, "start": start, "end": start}
                if claim.get("event")
                else None,
                "as_of": {"date": claim["as_of"], "kind": "explicit", "start": start, "end": start}
                if claim.get("as_of")
                else None,
                "attribution": None,
            }
        )
    return {"id": article_id, "outlet": outlet, "published": published, "text": text, "claims": items}


def test_palestinian_captives_anaphora_and_units_are_kept_apart() -> None:
    article = _article(
        "a1",
        "2024-01-10",
        [
            {
                "phrase": "240 Palestinian abductees are held",
                "count_of": "Palestinian abductees",
                "head": "abductee",
                "event": "held",
                "value": {"low": 240},
            },
            {
                "phrase": "52,586 others were injured in Gaza",
                "count_of": "others",
                "head": "other",
                "event": "injured",
                "value": {"low": 52586},
            },
            {
                "phrase": "a third of these captives died",
                "count_of": "captives",
                "head": "captive",
                "event": "died",
                "value": {"low": 0.3333, "unit": "fraction"},
            },
        ],
    )
    groups = timelines([article])
    # the share is of another unit and the injured are another event: three groups
    assert sorted(g["label"] for g in groups) == [
        "abductee held",
        "person wounded",
        "share of captive killed",
    ]


def test_stale_needs_a_newer_figure_known_at_publication_and_not_given_by_the_article() -> None:
    old = {
        "phrase": "250 Israeli troops were killed",
        "count_of": "Israeli troops",
        "head": "troop",
        "event": "killed",
        "value": {"low": 250},
        "as_of": "2023-10-27",
    }
    new = {
        "phrase": "600 Israeli soldiers were killed",
        "count_of": "Israeli soldiers",
        "head": "soldier",
        "event": "killed",
        "value": {"low": 600},
        "as_of": "2024-03-10",
    }
    history = _article("h", "2024-03-16", [old, new], "History Desk")  # recalls the old figure beside the new
    assert _with(timelines([history]), "250 Israeli troops were killed")["stale"] == []
    early = _article("e", "2023-11-01", [old], "Early Bird")  # published before the newer figure existed
    late = _article("l", "2024-04-01", [old], "Late Sheet")  # published after it: stale
    group = _with(timelines([history, early, late]), "250 Israeli troops were killed")
    assert {(e["outlet"], e["stale"]) for e in group["entries"]} == {
        ("History Desk", False),
        ("Early Bird", False),
        ("Late Sheet", True),
    }


def test_sparse_and_odd_shapes_never_crash(tmp_path) -> None:
    """Contract-allowed nulls and shapes other producers write: stored and compared without errors."""
    from presslens.store import connect, store_dicts
    from presslens.store.queries import iter_article_dicts

    text = "Some 40 people were killed in Gaza, officials said. Nobody else spoke."
    odd = {
        "id": "00000000000000aa",
        "text": text,
        "title": None,
        "outlet": None,
        "published": "March 2024",
        "source": None,
        "genre": "opinion",
        "sentences": [],
        "entities": [{"start": 0, "end": 4, "text": "Some"}],
        "claims": [
            {
                "id": "c1",
                "start": 0,
                "end": 14,
                "text": "Some 40 people",
                "value": {"low": 40, "unit": "count"},
                "count_of": {"text": "people", "head": None, "start": 8, "end": 14},
                "event": {"label": "killed"},
                "as_of": None,
                "attribution": None,
            },
            {"id": "c2", "start": 0, "end": 4, "text": "Some", "value": None, "count_of": None},
        ],
        "quotes": [{"id": "q1", "start": 52, "end": 70, "text": text[52:70], "speaker": None, "kind": None}],
        "labels": [{"id": "l1", "start": 0, "end": 4, "text": "Some", "actor": None}],
        "techniques": [{"id": "t1", "start": 0, "end": 4, "text": "Some", "label": "Doubt"}],
    }
    conn = connect(tmp_path / "odd.db")
    store_dicts(conn, [odd])
    articles = iter_article_dicts(conn)
    assert articles[0]["outlet_name"] == "(outlet not stated)"
    row = conn.execute("SELECT published, genre FROM articles").fetchone()
    assert tuple(row) == ("2024-03-01", "opinion")
    groups = timelines(articles)
    assert [(g["label"], g["entries"][0]["date"]) for g in groups] == [("person killed", "2024-03-01")]
    # items that do not fit their record type (a quote with no kind or content, a technique with no
    # component) are left out of the views as the store's own tables leave them out
    stored = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("quotes", "techniques")}
    assert stored == {"quotes": 0, "techniques": 0}
    assert speakers(articles)["by_outlet"] == {} and techniques(articles)["by_month"] == {}
    fitting = {**odd["techniques"][0], "component": "techniques.v1"}
    assert techniques([{**articles[0], "techniques": [fitting]}])["by_month"] == {"2024-03": {"Doubt": 1}}
    assert actor_names(articles)["actors"] == {}
    conn.close()
    from fastapi.testclient import TestClient

    from presslens.web.app import create_app

    client = TestClient(create_app(tmp_path / "odd.db"), base_url="http://localhost")
    for path in ("/", "/quantities", "/compare", "/articles", "/search?q=people", f"/articles/{odd['id']}"):
        assert client.get(path).status_code == 200, path
    assert "genre: <b>opinion</b>" in client.get(f"/articles/{odd['id']}").text


def _bare(text: str, figure: str, count_of: str | None = None, event: str | None = None) -> dict:
    """One claim on ``figure`` inside ``text`` (synthetic wording), as the claims layer writes it."""
    start = text.index(figure)
    c0 = text.index(count_of, start) if count_of else None
    return {
        "id": "cla1",
        "start": start,
        "end": start + len(figure),
        "text": figure,
        "value": {"low": 1, "high": None, "qualifier": None},
        "count_of": {"text": count_of, "head": None, "start": c0, "end": c0 + len(count_of)}
        if count_of
        else None,
        "event": {"label": event, "negated": False} if event else None,
        "as_of": None,
        "attribution": None,
    }


@pytest.mark.parametrize(
    ("text", "figure", "count_of", "event", "expected"),
    [
        # a bare figure after "<owner> death toll ... stands at": the owner's dead, soldiers if an army
        (
            "The army is bleeding: Israeli death toll figures stand at over 700, with many wounded.",
            "over 700",
            None,
            None,
            ("soldier killed", "killed", "Israeli soldiers", {"israeli"}, ""),
        ),
        (
            "In Gaza the death toll rose to 4,000 on Monday.",
            "4,000",
            None,
            None,
            ("person killed", "killed", "people", set(), "gaza"),
        ),
        # deaths counted among a group name the group, and the label says whose they are
        (
            "Officials reported some 9,000 deaths among Hamas fighters in Gaza.",
            "some 9,000 deaths",
            "deaths",
            "died",
            ("fighter (Hamas) killed", "killed", "Hamas fighters", {"hamas"}, ""),
        ),
        # the owner named in the figure's own clause, not in the counted words
        (
            "Analysts put Hamas's fighting force at 30,000 fighters.",
            "30,000 fighters",
            "fighters",
            None,
            ("fighter", "", "fighters", set(), "hamas"),
        ),
        (  # ...but not from another clause of the sentence
            "Hamas spoke first, but the report counted 300 fighters.",
            "300 fighters",
            "fighters",
            None,
            ("fighter", "", "fighters", set(), ""),
        ),
        (
            "During the raid about 240 were taken captive.",
            "about 240",
            None,
            "taken captive",
            ("captive taken", "taken captive", "captives", set(), ""),
        ),
        (
            "Israel has killed and injured tens of thousands of people in Gaza.",
            "tens of thousands of people",
            "people",
            "killed and injured",
            ("person killed or wounded", "killed or wounded", "people", set(), "israel"),
        ),
    ],
)
def test_what_is_counted_is_read_beside_the_figure(text, figure, count_of, event, expected) -> None:
    article = {"id": "a1", "outlet": "O", "published": "2024-01-01", "text": text}
    article["claims"] = [_bare(text, figure, count_of, event)]
    article["entities"] = [  # as the entity recogniser tags these sentences
        {"start": m.start(), "end": m.end(), "label": "ORG" if m.group() == "Hamas" else "GPE"}
        for m in re.finditer(r"Hamas|Gaza|Israel\b", text)
    ]
    [entry] = claim_entries([article])
    key = entry["key"]
    assert (entry["quantity"], entry["event"], entry["count_of"], set(key.modifiers), key.nearest) == expected
