"""The corpus store: migrations, storing, near-duplicates, search, batched and resumable ingest."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_world import FIXTURES, build_db, load_articles
from presslens.store import Filters, SearchError, StoreError, connect, search, store_dicts
from presslens.store.schema import MIGRATIONS, applied
from presslens.store.search import fts_query

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "corpus.db")


def test_fixture_spans_match_text_and_files_are_current() -> None:
    spec = importlib.util.spec_from_file_location("fixture_build", FIXTURES / "build.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    fresh = {doc.name: doc.to_dict() for doc in builder.build()}
    assert fresh == load_articles(), "run python tests/fixtures/corpus/build.py"
    for data in fresh.values():
        for layer in ("entities", "claims", "quotes", "sources", "scare_quotes", "labels", "techniques"):
            for item in data[layer]:
                assert data["text"][item["start"] : item["end"]] == item["text"]
        for claim in data["claims"]:
            for key in ("count_of", "as_of"):
                nested = claim[key]
                if nested:
                    assert data["text"][nested["start"] : nested["end"]] == nested["text"]


def test_migrations_run_once_in_order(tmp_path: Path) -> None:
    conn = connect(tmp_path / "m.db")
    assert applied(conn) == [name for name, _ in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()
    again = connect(tmp_path / "m.db")
    assert again.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    again.close()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a PressLens database"):
        connect(bogus)
    with pytest.raises(StoreError, match="no such database"):
        connect(tmp_path / "missing.db", readonly=True)


def test_store_flattens_annotations_and_stores_each_article_once(db: Path) -> None:
    articles = load_articles()
    conn = connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(articles)
    total_claims = sum(len(a["claims"]) for a in articles.values())
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == total_claims
    row = conn.execute(
        "SELECT value_low, qualifier, count_of, count_of_head, event, as_of, attribution FROM claims "
        "WHERE article_id = ? AND value_low = 43000",
        (articles["harbor"]["id"],),
    ).fetchone()
    assert tuple(row) == (
        43000,
        "more than",
        "Palestinians",
        "Palestinian",
        "killed",
        "2024-11-01",
        "the Gaza Health Ministry",
    )
    quote = conn.execute(
        "SELECT speaker, affiliation, kind, content FROM quotes WHERE article_id = ?",
        (articles["crescent"]["id"],),
    ).fetchone()
    assert tuple(quote) == ("Khaled Nasser", "Hamas", "direct", "The resistance will not bow,")
    assert store_dicts(conn, articles.values()) == 0  # same content ids: nothing added
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(articles)
    conn.close()


def test_syndicated_copy_is_linked_as_near_duplicate(db: Path) -> None:
    articles = load_articles()
    conn = connect(db)
    pairs = {(r[0], r[1]) for r in conn.execute("SELECT article_id, duplicate_of FROM duplicates")}
    assert pairs == {(articles["northern"]["id"], articles["harbor"]["id"])}
    conn.close()


def test_delete_cascades_to_annotations_and_search_index(db: Path) -> None:
    harbor = load_articles()["harbor"]["id"]
    conn = connect(db)
    assert search(conn, "hostages")["claims"]
    conn.execute("DELETE FROM articles WHERE id = ?", (harbor,))
    assert conn.execute("SELECT count(*) FROM claims WHERE article_id = ?", (harbor,)).fetchone()[0] == 0
    remaining = {c["article_id"] for c in search(conn, "hostages")["claims"]}
    assert harbor not in remaining and remaining  # the syndicated copy still mentions hostages
    conn.close()


def test_search_finds_articles_quotes_and_claims_with_filters(db: Path) -> None:
    articles = load_articles()
    conn = connect(db, readonly=True)
    found = search(conn, "octopus")
    assert [a["id"] for a in found["articles"]] == [articles["ledger"]["id"]]
    parts = found["articles"][0]["snippet_parts"]
    assert [text for text, hit in parts if hit] == ["octopus"]
    assert "".join(text for text, _ in parts) == found["articles"][0]["snippet"]
    assert found["quotes"][0]["speaker"] == "Ruth Adler"
    soldiers = search(conn, "soldiers")
    assert {c["outlet"] for c in soldiers["claims"]} == {"Harbor Times", "Northern Post", "Crescent Wire"}
    only = search(conn, "soldiers", Filters(outlet="Crescent Wire"))
    assert {a["outlet"] for a in only["articles"]} == {"Crescent Wire"}
    by_technique = search(conn, "", Filters(technique="Flag_Waving"))
    assert [a["id"] for a in by_technique["articles"]] == [articles["ledger"]["id"]]
    by_speaker = search(conn, "", Filters(speaker="mizrahi"))
    assert {a["outlet"] for a in by_speaker["articles"]} == {"Harbor Times", "Northern Post"}
    dated = search(conn, "", Filters(since="2024-11-03", until="2024-11"))
    assert {a["outlet"] for a in dated["articles"]} == {"Crescent Wire", "Daily Ledger"}
    conn.close()


@pytest.mark.parametrize(
    "query",
    ['"', "NEAR(", "soldiers OR", "* AND NOT", "col:umn", "'); DROP TABLE articles;--", "a" * 5000, ""],
)
def test_hostile_queries_never_raise(db: Path, query: str) -> None:
    conn = connect(db, readonly=True)
    result = search(conn, query)
    assert set(result) >= {"articles", "quotes", "claims"}
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    conn.close()


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('soldiers "NEAR( x') == '"soldiers" AND "near" AND "x"'
    assert fts_query("Café", lambda w: [w + "s", 'x"y']) == '("cafe" OR "cafes" OR "x""y")'
    assert fts_query("of us", lambda w: ["never"]) == '"of" AND "us"'  # short words are not prefixes


def _articles_with_word(start: str) -> set[str]:
    """Ids of fixture articles whose title or text has a word beginning with ``start`` (any case)."""
    pattern = re.compile(rf"\b{re.escape(start)}", re.I)
    return {a["id"] for a in load_articles().values() if pattern.search(f"{a.get('title')} {a['text']}")}


@pytest.mark.parametrize(
    ("query", "forms"),
    [
        ("soldier", ["soldier"]),  # singular finds plural
        ("kill", ["kill"]),  # stem finds "killed"
        ("hostage", ["hostage"]),
        ("killing", ["kill"]),  # another form finds "killed" (both stem to "kill")
        ("governme", ["governme"]),  # a prefix whose stem ("governm") is not the word's ("govern")
        ("delegatio", ["delegatio"]),
        ("Palest", ["palest"]),
    ],
)
def test_search_matches_word_forms_and_prefixes(db: Path, query: str, forms: list[str]) -> None:
    expected = set().union(*(_articles_with_word(f) for f in forms))
    assert expected, "the fixture corpus has these words"
    conn = connect(db, readonly=True)
    assert {a["id"] for a in search(conn, query)["articles"]} == expected
    conn.close()


def test_search_needs_every_word(db: Path) -> None:
    conn = connect(db, readonly=True)
    both = {a["id"] for a in search(conn, "soldier hostage")["articles"]}
    assert both == _articles_with_word("soldier") & _articles_with_word("hostage") != set()
    assert search(conn, "soldier octopus")["articles"] == []  # no article has both
    conn.close()


def test_an_old_database_gets_the_word_form_index_of_what_it_holds(tmp_path: Path, monkeypatch) -> None:
    from presslens.store import db as store_db
    from presslens.store import schema, writer

    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:2])
    monkeypatch.setattr(store_db, "MIGRATIONS", MIGRATIONS[:2])
    # and the writer of that time: techniques had no `shown` column before 005_techniques_shown
    old_columns = tuple(c for c in writer.ANNOTATION_COLUMNS["techniques"] if c != "shown")
    monkeypatch.setitem(writer.ANNOTATION_COLUMNS, "techniques", old_columns)
    old_row = (("label", "confidence"), lambda t, _: (t.label, t.confidence))
    monkeypatch.setitem(writer._TABLES, "techniques", old_row)
    # nor the quotes' speaker_resolved/speaker_written columns (006_quote_speaker_resolved)
    quote_columns, quote_row = writer._TABLES["quotes"]
    monkeypatch.setitem(writer.ANNOTATION_COLUMNS, "quotes", writer.ANNOTATION_COLUMNS["quotes"][:-2])
    monkeypatch.setitem(writer._TABLES, "quotes", (quote_columns[:-2], lambda q, t: quote_row(q, t)[:-2]))
    path = build_db(tmp_path / "old.db")
    monkeypatch.undo()
    conn = connect(path)
    assert applied(conn)[-1] == MIGRATIONS[-1][0]
    assert {a["id"] for a in search(conn, "soldier")["articles"]} == _articles_with_word("soldier")
    conn.close()
    with pytest.raises(SearchError, match="since must be a date"):
        Filters(since="yesterday").where()


def test_readonly_connection_cannot_write(db: Path) -> None:
    conn = connect(db, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM articles")
    conn.close()


def _write_inputs(folder: Path) -> list[Path]:
    """Plain-text inputs made from the fixture articles' (synthetic) text."""
    folder.mkdir()
    paths = []
    for name, data in load_articles().items():
        path = folder / f"{name}.txt"
        path.write_text(data["text"], encoding="utf-8")
        paths.append(path)
    return paths


def test_ingest_failure_midway_keeps_committed_batches_and_resumes(tmp_path: Path, monkeypatch) -> None:
    import presslens.api
    from presslens.store import ingest, writer

    paths = _write_inputs(tmp_path / "in")
    conn = connect(tmp_path / "c.db")
    real_store = writer.store_article
    calls = {"n": 0}

    def failing_store(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # first article of the second batch
            raise RuntimeError("disk on fire")
        return real_store(*args, **kwargs)

    monkeypatch.setattr(writer, "store_article", failing_store)
    with pytest.raises(RuntimeError, match="disk on fire"):
        ingest(conn, paths, batch_size=2)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    monkeypatch.setattr(writer, "store_article", real_store)

    analysed: list[str] = []
    real_many = presslens.api.analyze_many

    def spy(inputs, *args, **kwargs):
        def tap(items):
            for item in items:
                analysed.append(getattr(item, "id", None))
                yield item

        return real_many(tap(inputs), *args, **kwargs)

    monkeypatch.setattr(presslens.api, "analyze_many", spy)
    stats = ingest(conn, paths, batch_size=2)
    assert (stats.stored, stats.skipped) == (3, 2)
    assert len(analysed) == 3  # the two committed articles were skipped before analysis
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    dup = conn.execute("SELECT count(*) FROM duplicates").fetchone()[0]
    assert dup == 1  # harbor and its syndicated copy, linked once whatever the batch order
    conn.close()


def test_ingest_killed_by_sigkill_after_first_commit_resumes(tmp_path: Path) -> None:
    paths = _write_inputs(tmp_path / "in")
    db = tmp_path / "k.db"
    script = (
        "import os, signal, sys\n"
        "from presslens.store import connect, ingest\n"
        "conn = connect(sys.argv[1])\n"
        "ingest(conn, sys.argv[2:], batch_size=2,"
        " on_batch=lambda stats: os.kill(os.getpid(), signal.SIGKILL))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", script, str(db), *map(str, paths)], env=env, timeout=300)
    assert proc.returncode == -signal.SIGKILL
    conn = connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    from presslens.store import ingest

    stats = ingest(conn, paths, batch_size=2)
    assert (stats.stored, stats.skipped) == (3, 2)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    conn.close()


@pytest.mark.shared
def test_ingest_real_seeds_end_to_end(tmp_path: Path, seed_paths: list[Path]) -> None:
    from presslens.store import ingest
    from presslens.store.queries import get_article

    conn = connect(tmp_path / "seeds.db")
    stats = ingest(conn, seed_paths)
    assert stats.stored == len(seed_paths) == 5 and not stats.errors
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    for article_id in ids:
        data = get_article(conn, article_id)
        assert data["text"] and data["sentences"]
        stored_entities = conn.execute(
            "SELECT count(*) FROM entities WHERE article_id = ?", (article_id,)
        ).fetchone()
        assert stored_entities[0] == len(data["entities"])
    assert search(conn, "Hamas")["articles"]  # every seed is about the war; the index covers them
    from presslens.corpus import actor_names
    from presslens.store.queries import iter_article_dicts

    names = actor_names(iter_article_dicts(conn))["actors"]
    assert {"Israel", "Hamas", "Iran"} <= set(names)  # from entity mentions until the labels layer lands
    assert all(len(names[actor]) >= 3 for actor in ("Israel", "Hamas", "Iran"))
    again = ingest(conn, seed_paths)
    assert (again.stored, again.skipped) == (0, 5)
    conn.close()


def test_ingest_and_serve_commands(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from presslens.cli import app

    paths = _write_inputs(tmp_path / "in")
    db = tmp_path / "cli.db"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", *map(str, paths[:2]), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "stored 2, already stored 0" in first.stdout
    second = runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db), "--batch", "2"])
    assert second.exit_code == 0 and "stored 3, already stored 2" in second.stdout
    conn = connect(db)
    before = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    pks = {r[0] for r in conn.execute("SELECT pk FROM articles")}
    again = runner.invoke(app, ["ingest", *map(str, paths[:2]), "--db", str(db), "--replace"])
    assert again.exit_code == 0 and "stored 2 (2 replaced), already stored 0" in again.stdout
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    assert len({r[0] for r in conn.execute("SELECT pk FROM articles")} - pks) == 2  # two rows rewritten
    assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == before
    conn.close()
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nothing.txt"), "--db", str(db)])
    assert missing.exit_code == 1 and "no article could be analysed" in missing.output
    serve = runner.invoke(app, ["serve", "--db", str(tmp_path / "absent.db")])
    assert serve.exit_code == 1 and "run `presslens ingest` first" in serve.output


def test_every_copy_links_to_the_earliest_stored_one(tmp_path: Path) -> None:
    harbor = load_articles()["harbor"]
    copies = []
    for n in range(4):
        text = harbor["text"] + f"\n\nRepublished by outlet number {n}."
        copies.append({**harbor, "id": f"{n:016x}", "text": text, "outlet": f"Outlet {n}"})
    conn = connect(tmp_path / "d.db")
    store_dicts(conn, copies)
    links = {r[0]: r[1] for r in conn.execute("SELECT article_id, duplicate_of FROM duplicates")}
    assert links == {copies[n]["id"]: copies[0]["id"] for n in (1, 2, 3)}  # a star, not all 6 pairs
    conn.close()


def test_stored_article_round_trips_and_text_is_kept_once(db: Path) -> None:
    from presslens.store.queries import get_article

    conn = connect(db, readonly=True)
    for original in load_articles().values():
        stored = get_article(conn, original["id"])
        stored.pop("outlet_name"), stored.pop("duplicates")
        assert stored == original
    assert (
        conn.execute('SELECT count(*) FROM articles WHERE json LIKE \'%"text": "Army confirms%\'').fetchone()[
            0
        ]
        == 0
    )
    conn.close()


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path, monkeypatch) -> None:
    from presslens.store import schema

    conn = connect(tmp_path / "mig.db")
    broken = ("003_broken", "CREATE TABLE half_done (x INTEGER);\nCREATE TABLE articles (dup INTEGER);")
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        schema.migrate(conn)
    assert "003_broken" not in applied(conn)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    fixed = ("003_broken", "CREATE TABLE half_done (x INTEGER);")
    monkeypatch.setattr(schema, "MIGRATIONS", (*MIGRATIONS, fixed))
    assert schema.migrate(conn) == ["003_broken"] and schema.migrate(conn) == []
    conn.close()


def test_figures_beyond_64_bit_integers_are_stored_as_reals(tmp_path: Path) -> None:
    # issue 14: "More than 99999999999999999999999 people" raised OverflowError in the writer
    from presslens.ingest import article_from_text
    from presslens.model import Annotation

    text = "More than 99999999999999999999999 people fled."
    article = article_from_text(text)
    value = {"low": 99999999999999999999999, "high": 10**30, "approx": False, "unit": "count"}
    article.add("claims", Annotation(0, 40, "figure", "test", attrs={"value": value}))
    conn = connect(tmp_path / "big.db")
    assert store_dicts(conn, [article.to_dict()]) == 1
    low, high = conn.execute("SELECT value_low, value_high FROM claims").fetchone()
    assert (low, high) == (pytest.approx(1e23), pytest.approx(1e30))
    conn.close()


def test_ingest_skips_an_article_the_store_cannot_take(tmp_path: Path, monkeypatch) -> None:
    """One article whose annotations SQLite cannot bind is reported; the rest of its batch is stored."""
    import presslens.pipeline
    from presslens.layers import CharSpan, Quote
    from presslens.store import ingest

    def odd_quote(article, doc) -> None:  # a plugin writing a string SQLite cannot bind (a lone surrogate)
        if "POISON" in article.text:
            content = CharSpan(0, 6)
            quote = Quote(start=0, end=6, component="test.odd_quote.v1", kind="direct", content=content)
            article.add("quotes", dataclasses.replace(quote, affiliation="\ud800"))

    info = presslens.pipeline.ComponentInfo("test.odd_quote.v1", odd_quote, ("doc",), ("quotes",))
    monkeypatch.setitem(presslens.pipeline._REGISTRY, info.name, info)

    paths = _write_inputs(tmp_path / "in")
    poison = tmp_path / "in" / "b-poison.txt"
    poison.write_text("POISON text that a plugin annotates oddly.\n", encoding="utf-8")
    conn = connect(tmp_path / "p.db")
    errors: list[str] = []
    names = ["test.odd_quote.v1"]
    stats = ingest(conn, [tmp_path / "in"], batch_size=3, components=names, on_error=errors.append)
    assert stats.stored == len(paths)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(paths)
    assert [str(e) for e in errors] == stats.errors
    assert len(stats.errors) == 1 and str(poison) in stats.errors[0] and "not stored" in stats.errors[0]
    assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 0  # nothing half-written
    stats = ingest(conn, [tmp_path / "in"], batch_size=3, components=names)
    assert (stats.stored, stats.skipped, len(stats.errors)) == (0, len(paths), 1)  # a re-run moves past it
    conn.close()
