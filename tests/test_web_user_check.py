"""What a user sees, checked page by page (docs/user-check.md): the FAILs of the session-7 check.

One invented article (the text says so), stored with the layers the pipeline would give it, so
that every case is there by construction: a technique above the display threshold overlapped by a
weaker one, an uncertain genre, attributions of each kind (one unresolved), a vague amount and a
running total whose start could not be dated. The pages are read through FastAPI's TestClient.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presslens.ingest import article_from_text
from presslens.model import SourceInfo
from presslens.report import article_view
from presslens.report.html import render_dicts
from presslens.store import connect, store_dicts
from presslens.values.display import as_of_label
from presslens.web.app import create_app

TEXT = (
    "Dredging plan splits Tallow Bay\n"
    "\n"
    '"These greedy dredging barons will ruin the bay," said Oren Pask, a ferry captain. '
    "Hundreds of boats have been idle since the storm began, the board said. "
    "It believes the plan is sound. A survey by the Tallow Bay Ferry Guild found that most crews oppose it.\n"
    "\n"
    "Editor's note: this article is invented for a PressLens test."
)


def at(needle: str) -> dict[str, int]:
    start = TEXT.index(needle)
    return {"start": start, "end": start + len(needle)}


def item(prefix: str, n: int, needle: str, **fields: Any) -> dict[str, Any]:
    return {"id": f"{prefix}{n}", **at(needle), "text": needle, **fields}


def technique(n: int, needle: str, label: str, confidence: float, shown: bool) -> dict[str, Any]:
    return item(
        "tec",
        n,
        needle,
        label=label,
        component="techniques.v1",
        confidence=confidence,
        shown=shown,
        in_quote=True,
        speaker="Oren Pask",
    )


def attribution(n: int, kind: str, content: str, source: str, cue: str, name: str, resolved: bool) -> dict:
    return item(
        "att",
        n,
        content,
        label="attribution",
        component="attribution.v1",
        confidence=0.9,
        kind=kind,
        content=[at(content)],
        source={"text": source, **at(source)},
        speaker={"name": name, "actor": None, **at(source), "resolved_from": "phrase", "resolved": resolved},
        cue={"text": cue, **at(cue)},
        found_by="model",
    )


def build() -> dict[str, Any]:
    data = article_from_text(TEXT, SourceInfo(path="tallow-bay.txt")).to_dict()
    data["techniques"] = [
        technique(1, "greedy dredging barons", "Name_Calling-Labeling", 0.62, True),
        technique(2, "greedy dredging barons will ruin the bay", "Appeal_to_Fear-Prejudice", 0.21, False),
    ]
    data["genre"] = {
        "label": "reporting",
        "scores": {"opinion": 0.44, "reporting": 0.46, "satire": 0.1},
        "component": "techniques.v1",
        "uncertain": True,
    }
    data["attributions"] = [
        attribution(
            1,
            "direct",
            "These greedy dredging barons will ruin the bay,",
            "Oren Pask",
            "said",
            "Oren Pask",
            True,
        ),
        attribution(2, "indirect", "Hundreds of boats have been idle", "the board", "said", "", False),
        attribution(3, "belief", "the plan is sound", "It", "believes", "", False),
        attribution(
            4,
            "document",
            "most crews oppose it",
            "A survey by the Tallow Bay Ferry Guild",
            "found",
            "Tallow Bay Ferry Guild",
            True,
        ),
    ]
    quote = "These greedy dredging barons will ruin the bay,"
    data["quotes"] = [
        item(
            "quo",
            1,
            f'"{quote}" said Oren Pask',
            label="quote",
            component="quotes.v1",
            confidence=0.9,
            kind="direct",
            content=at(quote),
            speaker={"name": "Oren Pask", "actor": None, "resolved_from": None, **at("Oren Pask")},
            cue={"text": "said", **at("said")},
            affiliation="a ferry captain",
        )
    ]
    data["claims"] = [
        item(
            "cla",
            1,
            "Hundreds of boats",
            label="claim",
            component="claims.v1",
            confidence=0.9,
            value={
                "low": 100,
                "high": None,
                "approx": True,
                "qualifier": None,
                "unit": "count",
                "vague": True,
                "vague_range": [100, 999],
                "as_written": "Hundreds",
            },
            count_of={"text": "boats", "head": "boat", **at("boats")},
            event=None,
            as_of={
                "date": None,
                "text": "since the storm began",
                "kind": "since",
                **at("since the storm began"),
            },
            attribution={"source": "the board", **at("the board"), "cue": "said"},
        )
    ]
    return data


def served(db: Path, *articles: dict[str, Any]) -> TestClient:
    """A test client of a new corpus at ``db`` that holds ``articles``."""
    conn = connect(db)
    try:
        store_dicts(conn, list(articles))
    finally:
        conn.close()
    return TestClient(create_app(db), base_url="http://localhost")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, Any]]:
    data = build()
    return served(tmp_path_factory.mktemp("usercheck") / "corpus.db", data), data


def _segment_classes(html: str, text: str) -> list[str]:
    """The classes of the highlight segments whose text is exactly ``text``."""
    return re.findall(r'<span class="seg ([^"]*)"[^>]*>' + re.escape(text) + "</span>", html)


def test_a_shown_technique_stays_drawn_where_a_weaker_one_overlaps_it(stored) -> None:
    # before: the segment took "t-low" from the weaker technique, and CSS hid the shown one with it
    _, data = stored
    segments = {s["text"]: s["classes"].split() for s in article_view(data)["segments"]}
    assert "t-technique" in segments["greedy dredging barons"]
    assert "t-low" not in segments["greedy dredging barons"]
    assert "t-low" in segments[" will ruin the bay"], "the weaker one alone stays below the threshold"
    drawn = _segment_classes(render_dicts([data]), "greedy dredging barons")
    assert drawn and all("t-low" not in c.split() for c in drawn)


def test_the_article_page_counts_only_techniques_it_shows(stored) -> None:
    client, data = stored
    page = client.get(f"/articles/{data['id']}").text
    assert "Techniques (1)</label>" in page, "the legend counted the technique below the threshold too"
    assert "more techniques (1)</label>" in page
    drawn = _segment_classes(page, "greedy dredging barons")
    assert drawn and all("t-low" not in c.split() for c in drawn)


def test_the_article_page_says_when_the_genre_is_uncertain(stored) -> None:
    client, data = stored
    page = client.get(f"/articles/{data['id']}").text
    assert re.search(r"genre: <b>reporting</b> <span[^>]*>\(uncertain\)</span>", page)
    assert "date not stated" in page and "undated" not in page
    (listed,) = client.get("/articles.json").json()["articles"]
    assert (listed["genre"], listed["genre_uncertain"]) == ("reporting", 1)
    assert re.search(r"<td>reporting <span[^>]*>\(uncertain\)</span></td>", client.get("/articles").text)


def test_each_attribution_shows_its_kind_by_name_and_its_cue(stored) -> None:
    client, data = stored
    page = client.get(f"/articles/{data['id']}").text
    items = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", page, re.S)]
    said = next(li for li in items if li.startswith("“Oren Pask”"))
    assert "cue “said”" in said and "direct quote" in said
    board = next(li for li in items if li.startswith("“the board”"))
    assert "→ unresolved" in board and "indirect speech" in board
    belief = next(li for li in items if li.startswith("“It”"))
    assert "cue “believes”" in belief and "belief or intention" in belief


def test_an_undated_start_is_not_printed_as_since_since(stored) -> None:
    _, data = stored
    label = as_of_label(data["claims"][0]["as_of"], None)
    assert label == "publication date not stated (since: the storm began)"
    client = stored[0]
    assert "since: since" not in client.get(f"/articles/{data['id']}").text


def test_the_claims_export_gives_a_vague_amount_as_its_range(stored) -> None:
    client, _ = stored
    row = next(csv.DictReader(io.StringIO(client.get("/export/claims.csv").text)))
    assert (row["figure"], row["vague"]) == ("Hundreds", "1")
    assert (float(row["value_low"]), float(row["value_high"])) == (100, 999), "never a point value"
    assert row["since"] == "the storm began"
    data = client.get("/export/claims.json").json()[0]
    assert (data["value_low"], data["value_high"]) == (100, 999)


@pytest.fixture(scope="module")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from corpus_world import build_db

    db = build_db(tmp_path_factory.mktemp("qa7") / "c.db")
    return TestClient(create_app(db), base_url="http://localhost")


def test_quantities_reported_once_are_listed_apart(fixture_corpus: TestClient) -> None:
    # issue 11: one-figure groups cluttered the page, each a section with a chart and a table
    groups = fixture_corpus.get("/quantities.json").json()["quantities"]
    once = [(i, g) for i, g in enumerate(groups, 1) if g["entries_total"] == 1]
    several = [(i, g) for i, g in enumerate(groups, 1) if g["entries_total"] > 1]
    assert once and several
    page = fixture_corpus.get("/quantities").text
    folded = page[page.index('<details class="once"') : page.index("</details>")]
    assert re.search(rf"<summary>{len(once)} quantit(y|ies) reported by one figure only", folded)
    for i, group in once:
        assert f'<section class="quantity" id="q{i}">' not in page
        row = folded[folded.index(f'<tr id="q{i}">') :]
        assert row.startswith(f'<tr id="q{i}"><th scope="row">{group["label"]}</th>')
        assert f">{group['entries'][0]['figure']}</td>" in row[: row.index("</tr>")]
    for i, _ in several:
        assert f'<section class="quantity" id="q{i}">' in page
    overview = fixture_corpus.get("/").text
    start = overview.index("<h2>Figures across outlets</h2>")
    table = overview[start : overview.index("reported by one figure only")]
    assert all(f'href="/quantities#q{i}"' not in table for i, _ in once)
    assert all(f'href="/quantities#q{i}"' in table for i, _ in several)


def test_counts_and_filters_read_only_the_techniques_shown(stored) -> None:
    # issue 12: the overview, the article list, the heat table and the months counted every
    # technique, also those below the display threshold that the article page keeps folded
    client, _ = stored
    overview = client.get("/index.json").json()
    assert (overview["counts"]["techniques"], overview["counts"]["techniques_below_threshold"]) == (1, 1)
    assert list(overview["techniques"]["by_outlet"].values()) == [{"Name_Calling-Labeling": 1}]
    assert client.get("/articles.json").json()["articles"][0]["techniques"] == 1
    by_month = client.get("/compare.json").json()["techniques"]["by_month"]
    assert by_month == {"undated": {"Name_Calling-Labeling": 1}}
    assert "(and 1 below the display threshold)" in client.get("/").text
    found = client.get("/search.json", params={"technique": "Appeal_to_Fear-Prejudice"}).json()
    assert not found["articles"], "a technique below the threshold does not make an article match"
    assert client.get("/search.json", params={"technique": "Name_Calling-Labeling"}).json()["articles"]


def test_the_migration_marks_stored_techniques_below_the_threshold(tmp_path) -> None:
    import json
    import sqlite3

    from presslens.store.schema import MIGRATIONS, _split, migrate

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, script in MIGRATIONS[:4]:  # a store written before 005_techniques_shown
        for statement in _split(script):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
    data = build()
    conn.execute(
        "INSERT INTO articles (id, outlet_name, text, json, ingested_at) VALUES (?, 'x', ?, ?, 'then')",
        (data["id"], data["text"], json.dumps(data)),
    )
    for t in data["techniques"]:
        conn.execute(
            'INSERT INTO techniques (article_id, ann_id, start, "end", text, label, confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (data["id"], t["id"], t["start"], t["end"], t["text"], t["label"], t["confidence"]),
        )
    assert migrate(conn)[:1] == ["005_techniques_shown"]
    assert dict(conn.execute("SELECT ann_id, shown FROM techniques")) == {"tec1": 1, "tec2": 0}


def test_names_that_differ_only_in_case_are_one_name() -> None:
    # issue 11: seed 004's "the occupation" x7, "The occupation" and "the Occupation" were three rows
    from collections import Counter

    from presslens.corpus.compare import shape_actor_names

    counts = Counter({("label", "the junta"): 7, ("label", "The junta"): 1, ("label", "the Junta"): 1})
    counts[("mention", "Norvale")] = 3
    counts[("quoted", "junta (quoting Oren Pask)")] = 1
    actors = shape_actor_names({"Norvale": {"The Tallow Post": counts}}, {})["actors"]
    names = actors["Norvale"]["The Tallow Post"]
    assert names == [
        {"name": "the junta", "kind": "label", "count": 9},
        {"name": "Norvale", "kind": "mention", "count": 3},
        {"name": "junta (quoting Oren Pask)", "kind": "quoted", "count": 1},
    ]


def test_an_untitled_article_is_named_alike_on_every_page(tmp_path) -> None:
    data = build()
    data["title"] = None
    data["metadata"]["title"] = {"value": None, "start": None, "end": None, "origin": "text"}
    client = served(tmp_path / "untitled.db", data)
    name = f"(untitled {data['id']})"
    assert name in client.get("/articles").text
    assert f'<a href="/articles/{data["id"]}">{name}</a>' in client.get("/compare").text


def test_voices_per_outlet_count_documents_and_keep_beliefs_apart(stored) -> None:
    # issue 10: the per-outlet table counted quotes only (a cited report was no voice), folded
    # partly quoted speech into "indirect", and had no place for beliefs
    client, _ = stored
    speakers = client.get("/compare.json").json()["speakers"]
    (rows,) = speakers["by_outlet"].values()
    by_name = {r["speaker"]: r for r in rows}
    guild = by_name["Tallow Bay Ferry Guild"]
    assert (guild["cited"], guild["total"], guild["beliefs"]) == (1, 1, 0)
    belief = by_name["It (unresolved)"]
    assert (belief["beliefs"], belief["total"]) == (1, 0), "a belief is shown apart, never a voice"
    assert (by_name["Oren Pask"]["direct"], by_name["Oren Pask"]["total"]) == (1, 1)
    (article,) = speakers["by_article"]
    assert {s["speaker"] for s in article["speakers"]} == {"Oren Pask", "Tallow Bay Ferry Guild"}
    page = client.get("/compare").text
    assert "<th>Documents cited</th><th>Beliefs (apart)</th>" in page


def test_the_claims_export_names_the_group_the_figures_page_shows(tmp_path) -> None:
    # issue 11: the export's quantity was each figure's own key ("troop (Israeli) killed") while
    # /quantities showed it in the group "soldier (Israeli) killed": a spreadsheet could not rebuild it
    from corpus_world import build_db, load_articles
    from presslens.store.overrides import add_override

    articles = load_articles()

    def ref(stem: str, text: str) -> str:
        claim = next(c for c in articles[stem]["claims"] if c["text"] == text)
        return f"{articles[stem]['id']}:{claim['id']}"

    db = build_db(tmp_path / "c.db")
    conn = connect(db)
    try:  # a user's merge: the merged figure keeps its own key, the page shows it in the group
        soldiers = ref("harbor", "890 Israeli soldiers have been killed")
        add_override(conn, "merge", ref("hostile", "12 <b>drones</b>"), soldiers)
    finally:
        conn.close()
    client = TestClient(create_app(db), base_url="http://localhost")
    groups = client.get("/quantities.json", params={"limit": 0}).json()["quantities"]
    rows = {(r["article_id"], r["ann_id"]): r for r in client.get("/export/claims.json").json()}
    for number, group in enumerate(groups, 1):
        for entry in group["entries"]:
            row = rows[(entry["article_id"], entry["claim_id"])]
            assert (row["quantity"], row["quantity_event"], row["quantity_group"]) == (
                group["quantity"],
                group["event"],
                number,
            ), entry["text"]
    by_text = {r["text"]: r for r in rows.values()}
    drones, soldiers = by_text["12 <b>drones</b>"], by_text["890 Israeli soldiers have been killed"]
    same = ("quantity_group", "quantity")
    assert [drones[k] for k in same] == [soldiers[k] for k in same]


def test_pages_name_their_icon_so_the_browser_asks_for_no_missing_file(fixture_corpus: TestClient) -> None:
    # Chromium logged "Failed to load resource: 404" on every page: it asked for /favicon.ico
    for path in ("/", "/quantities", "/compare", "/analyze"):
        response = fixture_corpus.get(path)
        assert '<link rel="icon" href="data:,">' in response.text, path
        assert "img-src 'self' data:" in response.headers["content-security-policy"]


# -- session 8 (docs/user-check.md, "Session 8"): what the second check found ---------------------


def test_search_sets_a_quote_in_one_pair_of_marks_and_names_an_undated_untitled_article(tmp_path) -> None:
    # /search printed "““kill us – our nation will become more awakened.””" (a direct quote's span
    # keeps its own marks and the page added its own), "undated" where every other page says "date
    # not stated", and a bare id for an untitled article where /articles says "(untitled <id>)"
    data = build()
    quote = '"These greedy dredging barons will ruin the bay,"'
    data["quotes"][0].update(at(quote), text=quote)
    data["title"] = None
    data["metadata"]["title"] = {"value": None, "start": None, "end": None, "origin": "text"}
    page = served(tmp_path / "search.db", data).get("/search?q=greedy").text
    assert "“These greedy dredging barons will ruin the bay,” — <b>Oren Pask</b>" in page
    assert "&#34;" not in page.split("<h2>Quotes")[1]
    assert f'<a href="/articles/{data["id"]}">(untitled {data["id"]})</a>' in page
    assert "date not stated" in page and "undated" not in page


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "“kill us – our nation will become more awakened.”",
            "kill us – our nation will become more awakened.",
        ),
        ("‘We said it very clearly’.", "We said it very clearly."),
        ("that 12 of its members were killed", "that 12 of its members were killed"),
        ("“kill us", "“kill us"),  # a mark the span does not close stays
        ("'Tis the season", "'Tis the season"),
        ("the Palestinians’", "the Palestinians’"),
    ],
)
def test_a_quote_loses_only_the_marks_that_enclose_it(text: str, words: str) -> None:
    from presslens.web.app import unquoted

    assert unquoted(text) == words


def test_a_range_in_a_figures_chart_is_labelled_as_the_range() -> None:
    # /quantities' "worker" chart labelled "between 3,000 and 3,500 workers" as "3,000", a point,
    # and printed its one date at both ends with the figures on the axis
    from presslens.web.charts import timeline_chart

    entries = [
        {
            "n": 1,
            "date": "2025-03-14",
            "outlet": "The Vellmore Ledger",
            "low": 3000,
            "high": 3500,
            "qualifier": "between",
            "unit": "count",
            "figure": "between 3,000 and 3,500",
        },
        {
            "n": 2,
            "date": "2025-03-14",
            "outlet": "The Vellmore Ledger",
            "low": 2000,
            "high": None,
            "qualifier": "nearly",
            "unit": "count",
            "figure": "nearly 2,000",
        },
    ]
    svg = str(timeline_chart(entries))
    labels = re.findall(r'class="val">([^<]*)</text>', svg)
    assert labels == ["3,000–3,500", "2,000"]
    # both on one day: that date once, the figures above it, not on the axis with the date at both ends
    assert re.findall(r'class="tick">(\d{4}-\d\d-\d\d)<', svg) == ["2025-03-14"]
    xs = {float(x) for x in re.findall(r'<circle cx="([\d.]+)"[^>]*class="pt"', svg)}
    axis = float(re.search(r'<line x1="([\d.]+)"', svg).group(1))
    assert xs and min(xs) > axis + 100


def test_a_voice_named_in_two_cases_is_one_row(tmp_path) -> None:
    # /compare listed seed 004's "the US" (partly quoted ×3) and "The US" (a belief, sentence-initial)
    # as two voices of one outlet
    data = build()
    belief = data["attributions"][2]
    belief["speaker"].update(name="oren pask", resolved=True)
    speakers = served(tmp_path / "case.db", data).get("/compare.json").json()["speakers"]
    (rows,) = speakers["by_outlet"].values()
    pask = [r for r in rows if r["speaker"].casefold() == "oren pask"]
    assert [(r["speaker"], r["direct"], r["beliefs"], r["total"]) for r in pask] == [("Oren Pask", 1, 1, 1)]


def test_a_figure_that_points_back_says_what_it_counts(tmp_path) -> None:
    # the example's "port officials put the number at nearly 2,000" is filed under "worker" on
    # /quantities, while its article page and the report said only "number"
    from presslens.values.display import counted_label

    data = build()
    claim = data["claims"][0]
    claim["count_of"] = {
        "text": "boats",
        "head": "ferry",
        **at("boats"),
        "refers_to": {**at("Hundreds of boats"), "text": "Hundreds of boats"},
    }
    assert counted_label(claim["count_of"]) == "boats → ferry"
    assert counted_label({"text": "workers", "head": "worker", "start": 0, "end": 7}) == "workers"
    assert counted_label({"text": "them", "head": "captive", "refers_to": {"text": "x"}}) == "them → captive"
    assert counted_label(None) == ""
    page = served(tmp_path / "points-back.db", data).get(f"/articles/{data['id']}").text
    assert "<td>boats → ferry</td>" in page
    (row,) = article_view(data)["figures"]
    assert row["what"] == "boats → ferry"


# -- session 9 (docs/user-check.md, "Session 9") ---------------------------------------------------

BRITISH = (
    "Quay fees row\n"
    "\n"
    "Ilse Varga said: \u2018We never asked for the new fees. The board set them alone.\n"
    "\u2018Nobody from the quays was in the room when it happened,\u2019 she said.\n"
    "\n"
    "Editor's note: this article is invented for a PressLens test."
)


def test_a_quotation_over_paragraphs_is_listed_once_as_who_says_what(tmp_path) -> None:
    # seed 002: attribution.v1 keeps Arouri's two-paragraph quotation whole and, beside it, the two
    # paragraphs the rules found (same speaker, same cue "said"); the quote layer makes them one quote
    # and the voices count one, but the article page listed "“he” → Saleh al-Arouri · cue “said” ·
    # direct quote" three times (and the report three rows)
    data = article_from_text(BRITISH, SourceInfo(path="quay-fees.txt")).to_dict()
    first = BRITISH.index("\u2018We never")
    second = BRITISH.index("\u2018Nobody")
    end = BRITISH.index("\u2019 she") + 1
    name = {"start": BRITISH.index("Ilse Varga"), "end": BRITISH.index("Ilse Varga") + len("Ilse Varga")}
    cue_at = {"start": BRITISH.index("said:"), "end": BRITISH.index("said:") + len("said:")}

    def att(n: int, start: int, stop: int, found_by: str) -> dict[str, Any]:
        return {
            "id": f"att{n}",
            "start": start,
            "end": stop,
            "text": BRITISH[start:stop],
            "label": "attribution",
            "component": "attribution.v1",
            "confidence": 0.8,
            "kind": "direct",
            "content": [{"start": start, "end": stop}],
            "source": {"text": "Ilse Varga", **name},
            "speaker": {
                "name": "Ilse Varga",
                "actor": None,
                **name,
                "resolved_from": "name",
                "resolved": True,
            },
            "cue": {"text": "said:", **cue_at},
            "found_by": found_by,
        }

    data["attributions"] = [
        att(1, first, end, "both"),
        att(2, first, second - 1, "rules"),
        att(3, second, end, "rules"),
    ]
    page = served(tmp_path / "british.db", data).get(f"/articles/{data['id']}").text
    who = page[page.index("<h2>Who says what</h2>") :]
    who = who[: who.index("</ul>")]
    assert who.count("<li>") == 1
    assert "Ilse Varga" in who and "said:" in who and "direct quote" in who
    rows = article_view(data)["attributions"]
    assert [(r["written"], r["cue"], r["content"][:15]) for r in rows] == [
        ("Ilse Varga", "said:", "\u2018We never asked")
    ]
    # parts of different speakers or cues stay listed
    data["attributions"][2]["cue"] = {"text": "she said", "start": end + 1, "end": end + 9}
    assert len(article_view(data)["attributions"]) == 2


HARBOUR = (
    "Harbour levy row\n"
    "\n"
    "Mira Okafor, the harbour master, said: 'The levy pays for the dredging. It was agreed in June.\n"
    "'We will publish the accounts, and the fee will fall next year,' she said. "
    "The pilots believe the levy is too high. Okafor told reporters the board would meet in May.\n"
    "\n"
    "Editor's note: this article is invented for a PressLens test."
)


def harbour_article() -> dict[str, Any]:
    """The quote layer has one direct quote over two paragraphs; the attribution layer cut it into two
    indirect pieces with different cues ("said:", "said"), found a belief, and speech no quote took."""
    text = HARBOUR
    data = article_from_text(text, SourceInfo(path="harbour-levy.txt")).to_dict()

    def span(needle: str, after: int = 0) -> dict[str, int]:
        start = text.index(needle, after)
        return {"start": start, "end": start + len(needle)}

    first = text.index("'The levy")
    second = text.index("'We will")
    end = text.index("year,'") + len("year,'")

    def phrase(words: str, after: int = 0) -> dict[str, Any]:
        return {"text": words, **span(words, after)}

    def who(words: str, name: str, how: str, after: int = 0) -> dict[str, Any]:
        return {"name": name, "actor": None, **span(words, after), "resolved_from": how, "resolved": True}

    def att(n: int, words: str, kind: str, source: dict, speaker: dict, cue: dict) -> dict[str, Any]:
        start, stop = span(words).values()
        return {
            "id": f"att{n}",
            "start": start,
            "end": stop,
            "text": words,
            "label": "attribution",
            "component": "attribution.v1",
            "confidence": 0.8,
            "kind": kind,
            "content": [{"start": start, "end": stop}],
            "source": source,
            "speaker": speaker,
            "cue": cue,
            "found_by": "model",
        }

    okafor = who("Mira Okafor", "Mira Okafor", "name")
    said_colon = phrase("said:")
    told_at = text.index("Okafor told")
    data["attributions"] = [
        att(
            1,
            text[first : second - 1],
            "indirect",
            phrase("Mira Okafor, the harbour master"),
            okafor,
            said_colon,
        ),
        att(
            2,
            text[second:end],
            "indirect",
            phrase("she", end),
            who("she", "Mira Okafor", "pronoun", end),
            phrase("said", end),
        ),
        att(
            3,
            "the levy is too high",
            "belief",
            phrase("The pilots"),
            who("The pilots", "The pilots", "phrase"),
            phrase("believe"),
        ),
        att(
            4,
            "the board would meet in May",
            "indirect",
            phrase("Okafor", told_at),
            who("Okafor", "Mira Okafor", "name", told_at),
            phrase("told"),
        ),
    ]
    data["quotes"] = [
        {
            "id": "quo1",
            "start": first,
            "end": end,
            "text": text[first:end],
            "label": "quote",
            "component": "quotes.v1",
            "confidence": 0.5,
            "kind": "direct",
            "content": {"start": first, "end": end},
            "speaker": okafor,
            "cue": said_colon,
            "affiliation": None,
            "attribution": "att1",
        }
    ]
    return data


def test_who_says_what_lists_each_quote_once_as_the_quote_layer_has_it(tmp_path) -> None:
    # session9.txt: the two-paragraph direct quote of Dana Pell was two "indirect speech" rows in
    # "Who says what" (attribution.v1 cut it in two with the cues "said:" and "said"), while the text
    # highlights one direct quote and the voices count one
    data = harbour_article()
    page = served(tmp_path / "harbour.db", data).get(f"/articles/{data['id']}").text
    who = page[page.index("<h2>Who says what</h2>") :]
    who = who[: who.index("</ul>")]
    rows = re.findall(r"<li>(.*?)</li>", who, re.S)
    assert len(rows) == 2, rows
    assert "Mira Okafor, the harbour master" in rows[0] and "said:" in rows[0] and "direct quote" in rows[0]
    assert "indirect speech" not in rows[0]
    # speech no quote took stays listed, and so does the belief, in its own list
    assert "“Okafor”" in rows[1] and "told" in rows[1] and "indirect speech" in rows[1]
    beliefs = page[page.index("Beliefs and intentions") :]
    assert "The pilots" in beliefs[: beliefs.index("</ul>")]
    # the report's "Who says, believes or shows what" agrees
    listed = [(r["kind_name"], r["written"], r["cue"]) for r in article_view(data)["attributions"]]
    assert listed == [
        ("direct quote", "Mira Okafor, the harbour master", "said:"),
        ("belief or intention", "The pilots", "believe"),
        ("indirect speech", "Okafor", "told"),
    ]
    assert (
        article_view(data)["attributions"][0]["content"].startswith("'The levy")
        and "next year," in (article_view(data)["attributions"][0]["content"])
    )


def test_the_quotes_of_one_utterance_around_its_cue_share_a_row() -> None:
    # "'…,' she said, '…'": the quote layer makes one quote of each side of the cue (the voices
    # count both), the attribution layer one attribution with two content pieces; the list keeps
    # its one row, and a quote another attribution cut with another cue is still one row
    from presslens.report.view import who_says_what

    text = "'The levy stays,' Okafor said, 'until the dredging is paid.' The pilots said it was too high."
    first, second = text.index("'The levy"), text.index("'until")
    first_end, second_end = text.index("stays,'") + 7, text.index("paid.'") + 6
    okafor = {
        "name": "Okafor",
        "start": text.index("Okafor"),
        "end": text.index("Okafor") + 6,
        "resolved": True,
    }
    said = {"text": "said", "start": text.index("said"), "end": text.index("said") + 4}

    def quote(n: int, start: int, end: int) -> dict[str, Any]:
        return {
            "id": f"quo{n}",
            "start": start,
            "end": end,
            "kind": "direct",
            "content": {"start": start + 1, "end": end - 1},
            "speaker": okafor,
            "cue": said,
            "attribution": "att1",
        }

    pilots = text.index("it was too high")
    article = {
        "text": text,
        "quotes": [quote(1, first, first_end), quote(2, second, second_end)],
        "attributions": [
            {
                "id": "att1",
                "start": first,
                "end": second_end,
                "kind": "direct",
                "content": [{"start": first, "end": first_end}, {"start": second, "end": second_end}],
                "source": {"text": "Okafor", "start": okafor["start"], "end": okafor["end"]},
                "speaker": okafor,
                "cue": said,
            },
            {
                "id": "att2",
                "start": pilots,
                "end": pilots + len("it was too high"),
                "kind": "indirect",
                "content": [{"start": pilots, "end": pilots + len("it was too high")}],
                "source": {"text": "The pilots", "start": text.index("The pilots"), "end": pilots - 6},
                "speaker": {"name": "The pilots", "resolved": True},
                "cue": {"text": "said", "start": pilots - 5, "end": pilots - 1},
            },
        ],
    }
    speech = who_says_what(article)["speech"]
    assert [(t["kind"], t["speaker"]["name"], t["source"]["text"]) for t in speech] == [
        ("direct", "Okafor", "Okafor"),
        ("indirect", "The pilots", "The pilots"),
    ]
    assert speech[0]["content"] == article["attributions"][0]["content"]


def test_a_quote_whose_speaker_is_unresolved_is_credited_to_nobody_on_compare(tmp_path) -> None:
    # session 10 (seed 000): "... according to Israeli officials. They estimate that ..." - the quote's
    # speaker "They" carries the name "Israeli officials" but resolved false; the article page says
    # "They → unresolved" (voices.v1 counts no voice) while /compare credited Israeli officials with it
    data = build()
    data["quotes"][0]["speaker"].update(name="Oren Pask", resolved=False)
    client = served(tmp_path / "unresolved.db", data)
    assert "→ <i>unresolved</i>" in client.get(f"/articles/{data['id']}").text
    speakers = client.get("/compare.json").json()["speakers"]
    (rows,) = speakers["by_outlet"].values()
    by_name = {r["speaker"]: r for r in rows}
    assert "Oren Pask" not in by_name, "an unresolved speaker is credited to no one"
    assert by_name["Oren Pask (unresolved)"]["direct"] == 1
    assert "Oren Pask (unresolved)" in client.get("/compare").text


def test_a_quote_whose_speaker_is_unresolved_says_so_when_hovered(tmp_path) -> None:
    # session 10 (seed 000): the hover of "They estimate that ..." said "quote by Israeli officials"
    # while "Who says what" beside it said "They → unresolved"
    data = build()
    data["quotes"][0]["speaker"].update(name="Oren Pask", resolved=False)
    page = served(tmp_path / "hover.db", data).get(f"/articles/{data['id']}").text
    assert 'title="quote by Oren Pask (unresolved) (quotes.v1' in page
    assert 'title="quote by Oren Pask (quotes.v1' not in page
    report = render_dicts([data])
    assert "quote by Oren Pask (unresolved) (quotes.v1" in report
    resolved = served(tmp_path / "resolved.db", build()).get(f"/articles/{data['id']}").text
    assert 'title="quote by Oren Pask (quotes.v1' in resolved


def test_the_reports_quotes_table_names_kinds_and_unresolved_speakers_as_who_says_what_does() -> None:
    # session 10: the report's Quotes table printed the raw kind ("mixed") where every other table says
    # "partly quoted", and the name an unresolved speaker was not tied to ("Israeli officials" for
    # seed 000's "They estimate ...") where "Who says, believes or shows what" says "unresolved"
    data = build()
    data["quotes"][0]["speaker"].update(name="Oren Pask", resolved=False)
    report = render_dicts([data])
    table = report[report.index('quotes">Quotes</h3>') :]
    row = table[: table.index("</tr>", table.index("<tbody>"))]
    assert "<td>direct quote</td>" in row and "<td>direct</td>" not in row
    assert "Oren Pask (unresolved)" in row
    resolved = render_dicts([build()])
    table = resolved[resolved.index('quotes">Quotes</h3>') :]
    row = table[: table.index("</tr>", table.index("<tbody>"))]
    assert ">Oren Pask</a>" in row and "(unresolved)" not in row


LEVY = (
    "Port levy vote delayed\n"
    "\n"
    "The harbour council met the Tallow Bay Ferry Guild on Monday. "
    "They estimate that the levy would cost each crew a month's pay.\n"
    "\n"
    "Editor's note: this article is invented for a PressLens test."
)


def levy_article() -> dict[str, Any]:
    """An invented article whose one quote's speaker ("They") could not be tied to who speaks: the
    analysis keeps a name ("Tallow Bay Ferry Guild") with ``resolved`` false, as seed 000's "They
    estimate that a third of these captives have died" keeps "Israeli officials"."""
    data = article_from_text(LEVY, SourceInfo(path="port-levy.txt")).to_dict()

    def span(needle: str) -> dict[str, int]:
        start = LEVY.index(needle)
        return {"start": start, "end": start + len(needle)}

    content = "the levy would cost each crew a month's pay"
    data["quotes"] = [
        {
            "id": "quo1",
            **span(f"They estimate that {content}"),
            "text": f"They estimate that {content}",
            "label": "quote",
            "component": "quotes.v1",
            "confidence": 0.9,
            "kind": "indirect",
            "content": span(content),
            "speaker": {
                "name": "Tallow Bay Ferry Guild",
                "actor": None,
                **span("They"),
                "resolved_from": "pronoun",
                "resolved": False,
            },
            "cue": {"text": "estimate", **span("estimate")},
            "affiliation": None,
        }
    ]
    return data


def test_search_names_a_quote_whose_speaker_is_unresolved_as_compare_does(tmp_path) -> None:
    # session 10 (qa11, "Left"): /search named seed 000's "They estimate ..." as Israeli officials'
    # quote: the store kept the quote's speaker name without the unresolved flag
    data = levy_article()
    client = served(tmp_path / "levy.db", data, build())
    (quote,) = client.get("/search.json", params={"q": "levy"}).json()["quotes"]
    assert quote["speaker_shown"] == "They (unresolved)"
    assert quote["speaker_resolved"] is False
    assert quote["speaker"] == "Tallow Bay Ferry Guild", "the existing field keeps the analysis' name"
    page = client.get("/search", params={"q": "levy"}).text
    assert "<b>They (unresolved)</b>" in page and "<b>Tallow Bay Ferry Guild</b>" not in page
    # a resolved speaker is named as before
    (pask,) = client.get("/search.json", params={"q": "dredging barons"}).json()["quotes"]
    assert (pask["speaker_shown"], pask["speaker_resolved"]) == ("Oren Pask", True)
    assert "<b>Oren Pask</b>" in client.get("/search", params={"q": "dredging barons"}).text
    # the speaker filter finds articles quoting that speaker, not one whose quote it could not tie to it
    found = client.get("/search.json", params={"speaker": "Ferry Guild"}).json()["articles"]
    assert data["id"] not in {a["id"] for a in found}
    assert client.get("/search.json", params={"speaker": "Oren Pask"}).json()["articles"]
    # the quotes export gives the flag beside the name
    rows = list(csv.DictReader(io.StringIO(client.get("/export/quotes.csv").text)))
    levy = [r for r in rows if r["article_id"] == data["id"]]
    assert [(r["speaker"], r["speaker_resolved"], r["speaker_written"]) for r in levy] == [
        ("Tallow Bay Ferry Guild", "0", "They")
    ]


def test_the_migration_flags_stored_quotes_whose_speaker_is_unresolved(tmp_path) -> None:
    import json
    import sqlite3

    from presslens.store.schema import MIGRATIONS, _split, migrate

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, script in MIGRATIONS[:5]:  # a store written before 006_quote_speaker_resolved
        for statement in _split(script):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
    unresolved, resolved = levy_article(), build()
    no_speaker = json.loads(json.dumps(resolved))
    no_speaker["quotes"][0]["speaker"] = None
    no_speaker["id"], no_speaker["text"] = "0" * 16, resolved["text"]
    for data in (unresolved, resolved, no_speaker):
        conn.execute(
            "INSERT INTO articles (id, outlet_name, text, json, ingested_at) VALUES (?, 'x', ?, ?, 'then')",
            (data["id"], data["text"], json.dumps({k: v for k, v in data.items() if k != "text"})),
        )
        for q in data["quotes"]:
            conn.execute(
                'INSERT INTO quotes (article_id, ann_id, start, "end", text, kind, speaker) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    data["id"],
                    q["id"],
                    q["start"],
                    q["end"],
                    q["text"],
                    q["kind"],
                    (q["speaker"] or {}).get("name"),
                ),
            )
    assert migrate(conn)[:1] == ["006_quote_speaker_resolved"]
    got = {
        row[0]: row[1:]
        for row in conn.execute("SELECT article_id, speaker, speaker_resolved, speaker_written FROM quotes")
    }
    assert got == {
        unresolved["id"]: ("Tallow Bay Ferry Guild", 0, "They"),
        resolved["id"]: ("Oren Pask", 1, "Oren Pask"),  # no `resolved` key in its JSON: resolved
        "0" * 16: (None, None, None),
    }
    from presslens.store.search import search

    conn.row_factory = sqlite3.Row
    (quote,) = search(conn, "levy")["quotes"]
    assert quote["speaker_shown"] == "They (unresolved)"


# -- session 10 (lead): an article with no stated outlet, listed beside its title ------------------


def test_an_article_with_no_outlet_is_not_named_twice_beside_its_title(tmp_path) -> None:
    # /search printed "Dredging plan … (outlet not stated) Dredging plan … · date not stated": the
    # grouping name of an unlabelled input carries its title, and the row already shows the title
    data = build()
    title = data["title"]
    assert title and not data.get("outlet")
    client = served(tmp_path / "outlet.db", data)
    rows = {
        "/search?q=greedy": '<span class="muted">(outlet not stated) · date not stated</span>',
        "/articles": "<td>(outlet not stated)</td>",
        f"/articles/{data['id']}": '<p class="meta">(outlet not stated) · date not stated',
    }
    for path, row in rows.items():
        page = client.get(path).text
        assert row in page, path
    # a quote found by /search names its article and that article's outlet the same way
    quotes = client.get("/search?q=greedy").text.split("<h2>Quotes")[1]
    assert f"{title}</a> (outlet not stated)</span>" in quotes
    # where the outlet names a group (the outlet filter, /compare's rows), it keeps the title: two
    # unlabelled articles stay two groups
    assert f"<option >(outlet not stated) {title}</option>" in client.get("/search?q=greedy").text
    assert f"(outlet not stated) {title}" in client.get("/compare").text
