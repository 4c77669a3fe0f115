"""An unresolved speaker is nobody's, everywhere, and names are shown as written (issue 10; session 11,
`unres11`, docs/user-check.md).

Seed 000: "... with more than 90 Israeli captives still held in Gaza, according to Israeli officials. They
estimate that a third of these captives have died ...". quotes.v1 keeps the second quote's speaker "They"
with the name "Israeli officials" and ``resolved`` false. Before this, that quote still carried the
affiliation "Israel" (the report's Quotes table, /compare's row "They (unresolved)", the DuckDB voices
rows), /search found it by "Israeli officials", the WHO's quote counted under the side "other" while
`sources` types "the WHO" ``un``, and /compare named "The Times" "Times". Each test fails on 620f763.
"""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presslens.api import analyze
from presslens.corpus.compare import name_counts, speaker_rows
from presslens.report import article_view
from presslens.report.html import render_dicts
from presslens.scale.tables import PartitionRows
from presslens.store import connect, search, store_dicts
from presslens.web.app import create_app

#: The words of seed 000's quote whose speaker ("They") is unresolved, and of the one before it, whose
#: speaker ("Israeli officials", after "according to") is resolved.
UNRESOLVED = "that a third of these captives have died"
RESOLVED = "with more than 90 Israeli captives still held in Gaza"

#: docs/user-check.md, session 10's invented article (the lines this check reads).
SESSION10 = (
    "Health agency warns of Norvale fever outbreak\n"
    "\n"
    "Editor's note: this article is fictional, written to test PressLens.\n"
    "\n"
    "The World Health Organization sent a team of 40 doctors to Norvale on Monday. Cases have doubled in "
    "a week, the WHO said in a statement.\n"
    "\n"
    '"We are seeing new cases in every district," said Dr Anya Brisk, who leads the team. She said the '
    "hospitals were full.\n"
    "\n"
    "The Times reported that the city council had ignored three warnings. The Pentagon said it would send "
    "field hospitals.\n"
)


@pytest.fixture(scope="module")
def seed000(seeds_dir: Path) -> dict[str, Any]:
    """Seed 000 analysed by the whole pipeline, as `presslens analyze` prints it."""
    return analyze(next(seeds_dir.glob("000_*.txt"))).to_dict()


@pytest.fixture(scope="module")
def session10() -> dict[str, Any]:
    return analyze(SESSION10).to_dict()


def _quote(article: dict[str, Any], words: str) -> dict[str, Any]:
    (quote,) = [q for q in article["quotes"] if words in q["text"]]
    return quote


def _as_stored_before(article: dict[str, Any]) -> dict[str, Any]:
    """The article as a store written before this fix holds it: the unresolved quote keeps "Israel"."""
    old = copy.deepcopy(article)
    _quote(old, UNRESOLVED)["affiliation"] = "Israel"
    return old


def test_a_quote_whose_speaker_is_unresolved_has_no_affiliation(seed000) -> None:
    text = seed000["text"]
    quote = _quote(seed000, UNRESOLVED)
    speaker = quote["speaker"]
    assert text[speaker["start"] : speaker["end"]] == "They" and speaker["resolved"] is False
    assert speaker["name"] == "Israeli officials", "the name the analysis kept stays (a contract field)"
    assert quote["affiliation"] is None, "a quote tied to no one is on no side"
    assert _quote(seed000, RESOLVED)["affiliation"] == "Israel", "a resolved speaker keeps its side"
    unresolved = [q for q in seed000["quotes"] if q["speaker"] and q["speaker"].get("resolved") is False]
    assert unresolved and all(q["affiliation"] is None for q in unresolved)


def test_voices_by_outlet_and_in_duckdb_give_an_unresolved_speaker_no_side(seed000) -> None:
    for article in (seed000, _as_stored_before(seed000)):  # analysed now, and stored before the fix
        rows = speaker_rows(article)
        (row,) = [r for r in rows if r["speaker"] == "They (unresolved)"]
        assert row["affiliation"] is None
        assert {"speaker": "Israeli officials", "affiliation": "Israel", "kind": "indirect"} in rows
        partition = PartitionRows("p0")  # the Parquet corpus' voices rows, added up by DuckDB
        partition.add_article(0, article)
        duck = {(r[2], r[3]) for r in partition.rows["voices"]}
        assert ("They (unresolved)", None) in duck and ("They (unresolved)", "Israel") not in duck


def test_compare_shows_no_side_for_an_unresolved_speaker_stored_before(seed000, tmp_path) -> None:
    conn = connect(tmp_path / "old.db")
    try:
        store_dicts(conn, [_as_stored_before(seed000)])
    finally:
        conn.close()
    client = TestClient(create_app(tmp_path / "old.db"), base_url="http://localhost")
    (rows,) = client.get("/compare.json").json()["speakers"]["by_outlet"].values()
    by_name = {r["speaker"]: r for r in rows}
    assert by_name["They (unresolved)"]["affiliation"] is None
    assert by_name["Israeli officials"]["affiliation"] == "Israel"
    page = client.get("/compare").text
    assert "<td>They (unresolved)</td><td>—</td>" in page


def test_the_report_names_no_side_for_an_unresolved_speaker_and_lists_it_apart(seed000) -> None:
    view = article_view(_as_stored_before(seed000))
    (row,) = [q for q in view["quotes"] if q["speaker"] == "They (unresolved)"]
    assert row["affiliation"] == ""
    assert view["voices"]["unresolved"] == [{"name": "They (unresolved)", "count": 1}]
    assert "They (unresolved)" not in {s["name"] for s in view["voices"]["speakers"]}
    html = render_dicts([seed000])
    assert (
        "Quotes whose speaker is unresolved (tied to no one: not counted as a voice or on any side): "
        "They (unresolved)</p>"
    ) in html


def _searched(conn: sqlite3.Connection, words: str) -> set[str]:
    conn.row_factory = sqlite3.Row
    return {row["text"] for row in search(conn, words)["quotes"]}


def test_search_finds_an_unresolved_quote_by_its_speaker_as_written_not_the_guess(seed000, tmp_path) -> None:
    conn = connect(tmp_path / "search.db")
    try:
        store_dicts(conn, [seed000])
        by_guess = _searched(conn, "Israeli officials")
        assert not any(UNRESOLVED in t for t in by_guess), "the index held the name it was never tied to"
        assert any(RESOLVED in t for t in by_guess), "a resolved speaker is found by its name"
        assert any(UNRESOLVED in t for t in _searched(conn, "They captives")), "found by the words as written"
    finally:
        conn.close()


def test_the_migration_reindexes_quotes_stored_before_by_the_speaker_as_written(
    seed000, tmp_path, monkeypatch
) -> None:
    from presslens.store import db as store_db
    from presslens.store import schema

    path = tmp_path / "old.db"
    before = schema.MIGRATIONS[: [n for n, _ in schema.MIGRATIONS].index("006_quote_speaker_resolved") + 1]
    monkeypatch.setattr(schema, "MIGRATIONS", before)
    monkeypatch.setattr(store_db, "MIGRATIONS", before)
    conn = connect(path)
    store_dicts(conn, [seed000])
    assert any(UNRESOLVED in t for t in _searched(conn, "Israeli officials")), "the old index, as stored"
    conn.close()
    monkeypatch.undo()
    conn = connect(path)
    try:
        assert schema.applied(conn)[-1] == "007_quote_speaker_searched"
        by_guess = _searched(conn, "Israeli officials")
        assert not any(UNRESOLVED in t for t in by_guess) and any(RESOLVED in t for t in by_guess)
        assert any(UNRESOLVED in t for t in _searched(conn, "They captives"))
        # the index stays in step with the table after the migration: a deleted article leaves it
        conn.execute("DELETE FROM articles")
        assert _searched(conn, "captives") == set()
        conn.execute("INSERT INTO quotes_stem(quotes_stem) VALUES ('integrity-check')")
        conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_a_quoted_un_body_is_on_the_un_ngo_side_as_when_it_is_cited(session10) -> None:
    (source,) = [s for s in session10["sources"] if s["text"] == "the WHO"]
    assert source["type"] == "un"
    voices = {v["name"]: v for v in session10["voices"]["speakers"]}
    who = voices["World Health Organization"]
    assert who["indirect"] == 1 and who["affiliation"] == "UN/NGO"
    assert session10["voices"]["by_affiliation"].get("UN/NGO") == 1
    assert voices["Pentagon"]["affiliation"] == "other", "a source typed otherwise keeps its side"


def test_what_each_outlet_calls_an_actor_keeps_the_the_of_a_news_outlet(session10) -> None:
    names = {name for (actor, kind, name) in name_counts(session10) if actor == "The Times"}
    assert names == {"The Times"}, "the text writes 'The Times'; NER's span is 'Times'"
    pentagon = {name for (actor, kind, name) in name_counts(session10) if actor == "Pentagon"}
    assert pentagon == {"Pentagon"}, "only outlets that keep their 'The' (sources.json) take it"
