"""DuckDB over the Parquet corpus gives the SQLite store's cross-article views on the same articles.

Real articles (the seeds, PolNeAR articles from several outlets and months, SemEval articles), the
full pipeline, two independent paths: `presslens ingest` into SQLite (views computed in Python
over the stored articles, as the web app does) and the partition task into Parquet (views added
up by DuckDB from the per-article rows). One article is given twice, as a repeated input.
"""

from __future__ import annotations

import json

import pytest

from ci_guard import require_path
from presslens.corpus.quantities import timelines_by_key
from presslens.scale import views as duck
from presslens.scale.dataset import Settings, open_output
from presslens.scale.partitions import plan
from presslens.scale.worker import analyse_partition
from presslens.store import connect, ingest
from presslens.store.queries import iter_article_dicts
from presslens.web import views as web_views


@pytest.fixture(scope="module")
def both(tmp_path_factory, seeds_dir, semeval_dir):
    polnear = semeval_dir.parent / "polnear" / "train" / "text"
    require_path(polnear, f"{polnear} is missing: these tests read the shared data beside the checkout")
    tmp = tmp_path_factory.mktemp("views")
    lines = []
    chosen: dict[str, int] = {}
    for path in sorted(polnear.glob("*.txt")):  # one article of each outlet, names say outlet and date
        outlet, published = path.name.split("_")[:2]
        if outlet not in chosen:
            chosen[outlet] = chosen.get(outlet, 0) + 1
            record = {"text": path.read_text(encoding="utf-8"), "outlet": outlet, "published": published}
            lines.append(json.dumps(record))
    lines.append(lines[0])  # the same article twice: stored once, counted once
    (tmp / "polnear.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    semeval = tmp / "semeval"
    semeval.mkdir()
    for path in sorted((semeval_dir / "articles").glob("*.txt"))[:2]:
        (semeval / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    inputs = [seeds_dir, tmp / "polnear.jsonl", semeval]

    conn = connect(tmp / "store.db")
    stats = ingest(conn, inputs)
    assert stats.errors == [] and stats.skipped == 1

    out = tmp / "corpus"
    open_output(out, Settings(None, 4))
    for partition in plan(inputs, 4):
        analyse_partition(partition, str(out), None)
    return conn, duck.connect(out)


def test_the_corpus_holds_each_article_once(both) -> None:
    conn, con = both
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == stored
    assert con.execute("SELECT count(*) FROM articles_all").fetchone()[0] == stored + 1  # the repeat
    for table in ("claims", "quotes", "techniques", "labels", "entities", "sources", "scare_quotes"):
        assert (
            con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            == conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        ), table


def test_outlet_comparison_is_the_same(both) -> None:
    conn, con = both
    sqlite_view = web_views.compare(iter_article_dicts(conn))
    duck_view = duck.compare(con)
    assert (
        sqlite_view["actors"] and sqlite_view["speakers"]["by_outlet"] and sqlite_view["techniques"]["labels"]
    )
    assert (
        len(sqlite_view["techniques"]["by_month"]) >= 2 and len(sqlite_view["techniques"]["by_outlet"]) >= 5
    )
    for key in sqlite_view:
        assert duck_view[key] == sqlite_view[key], key
    assert json.dumps(duck_view) == json.dumps(sqlite_view)  # same order too


@pytest.mark.parametrize("settings", [{}, {"tolerance": 0.5, "period_days": 60, "stale_days": 7}])
def test_figures_side_by_side_are_the_same(both, settings) -> None:
    # the scale path groups by the quantity key's label (no pair model across partitions)
    conn, con = both
    sqlite_groups = timelines_by_key(iter_article_dicts(conn), **settings)
    duck_groups = duck.timelines(con, **settings)
    for group in sqlite_groups:  # the figures table keeps the key's label, not its parts
        for entry in group["entries"]:
            del entry["key"]
    assert len(sqlite_groups) > 5 and any(len(g["outlets"]) > 1 for g in sqlite_groups)
    assert duck_groups == sqlite_groups
    assert json.dumps(duck_groups) == json.dumps(sqlite_groups)
