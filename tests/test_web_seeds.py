"""Issue 5's acceptance on the real seeds: `presslens ingest` the five articles, then the web app's JSON
twins show their figures side by side (with dates and sources), who each article quotes, and the names
each outlet uses; seeds with no stated outlet are shown, not hidden."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from presslens.cli import app
from presslens.web.app import create_app

#: Speakers the quotes layer attributes in each seed (by file-name prefix); they must reach the web app.
SEED_SPEAKERS = {
    "000": {"Seyyed Ali Khamenei", "Antony Blinken"},
    "001": {"Dennis Ross", "Chuck Schumer"},
    "002": {"Ismail Haniyeh", "Issac Herzog"},
    "003": {"Ali Khamenei", "Fatemeh Mohajerani"},
    "004": {"Saleh al-Arouri", "Yitzhak Barik"},
}


@pytest.fixture(scope="module")
def client(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("seeds") / "corpus.db"
    result = CliRunner().invoke(app, ["ingest", str(seeds_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 5" in result.output
    return TestClient(create_app(db), base_url="http://localhost")


def _group(client: TestClient, figure: str) -> dict:
    """The group of the figure whose text starts with ``figure``."""
    groups = client.get("/quantities.json", params={"limit": 0}).json()["quantities"]
    return next(g for g in groups if any(e["text"].startswith(figure) for e in g["entries"]))


@pytest.mark.parametrize(
    "figures",
    [
        {"close to 600", "nearly 250", "over 500"},  # Israeli soldiers killed
        {"more than 31,000", "over 19,600", "at least 19,667"},  # Palestinians killed in Gaza
        {"over 1,100 fatalities", "more than 1,100 people"},  # the 7 October toll
        {"around 250", "roughly 250"},  # captives taken on 7 October
    ],
)
def test_figures_side_by_side_with_dates_and_sources(client: TestClient, figures: set) -> None:
    # one group per quantity, found by any of its figures: the grouping is learned, not named by rules
    group = _group(client, sorted(figures)[0])
    entries = group["entries"]
    assert len({e["article_id"] for e in entries}) >= 2, entries  # from different articles
    texts = " | ".join(e["text"] for e in entries)
    for figure in figures:
        assert figure in texts
    for entry in entries:  # every figure carries its as-of and attribution fields, filled or not
        fields = {"date", "since", "as_of_text", "date_is_publication", "source", "outlet", "title", "key"}
        assert fields <= set(entry)
    assert any(e["date"] or e["as_of_text"] for e in entries)  # the seeds date only some figures
    page = client.get("/quantities").text
    for figure in figures:
        assert html.escape(figure) in page


def test_attributed_and_dated_figures(client: TestClient) -> None:
    soldiers = {e["text"]: e for e in _group(client, "close to 600")["entries"]}
    near_250 = next(e for t, e in soldiers.items() if t.startswith("nearly 250"))
    assert (near_250["date"], near_250["source"]) == ("2024-03-16", "the Israeli military")
    # a running total "since October 27" holds at publication; the start of the count is kept apart
    assert near_250["date_is_publication"] and near_250["since"] == "2023-10-27"
    over_500 = soldiers["over 500"]
    assert over_500["date"] == "2024-01-11" and over_500["date_is_publication"]
    figure = "approximately 20,000 deaths"
    deaths = next(e for e in _group(client, figure)["entries"] if e["text"].startswith(figure))
    assert deaths["source"] == "Israeli sources" and deaths["key"]["counted"] == "fighter"


def test_each_seed_shows_who_it_quotes(client: TestClient) -> None:
    articles = client.get("/articles.json").json()["articles"]
    assert len(articles) == 5
    by_article = {a["article_id"]: a for a in client.get("/compare.json").json()["speakers"]["by_article"]}
    compare_page = client.get("/compare").text
    for summary in articles:
        article = client.get(f"/articles/{summary['id']}.json").json()["article"]
        prefix = Path(article["source"]["path"]).name[:3]
        shown = {s["speaker"] for s in by_article[summary["id"]]["speakers"]}
        assert SEED_SPEAKERS[prefix] <= shown, (prefix, shown)
        article_page = client.get(f"/articles/{summary['id']}").text
        for name in SEED_SPEAKERS[prefix]:
            assert html.escape(name) in compare_page and html.escape(name) in article_page


def test_unstated_outlets_are_shown_by_title_or_file(client: TestClient) -> None:
    outlets = {a["outlet"] for a in client.get("/articles.json").json()["articles"]}
    assert {"Tehran Times", "Workers Revolutionary Party"} <= outlets
    unstated = sorted(o for o in outlets if o.startswith("(outlet not stated)"))
    assert len(unstated) == 3
    assert "(outlet not stated) 004_4c753a3199b01689.txt" in unstated  # untitled: its file name
    legend = client.get("/quantities").text  # chart legends keep the file name, the full name on hover
    assert "(no outlet) 004_4c…</text>" in legend
    assert "<title>(outlet not stated) 004_4c753a3199b01689.txt</title>" in legend
    untitled = next(a for a in client.get("/articles.json").json()["articles"] if not a["title"])
    assert "<h1>(untitled) 004_4c753a3199b01689.txt</h1>" in client.get(f"/articles/{untitled['id']}").text


def test_names_and_scare_quotes_by_outlet(client: TestClient) -> None:
    data = client.get("/compare.json").json()
    assert {"Israel", "Hamas", "Iran"} <= set(data["actors"])
    seed4 = "(outlet not stated) 004_4c753a3199b01689.txt"
    assert "Zionist" in {n["name"] for n in data["actors"]["Israel"][seed4]}
    assert "“Israel”" in {n["name"] for n in data["scare_quotes"][seed4]}
