"""A user's merges and splits of figure groups: stored in the corpus database, applied by every view."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from corpus_world import build_db, load_articles
from presslens.cli import app
from presslens.corpus import timelines
from presslens.store import connect
from presslens.store.overrides import OverrideError, add_override, list_overrides, remove_override
from presslens.store.queries import iter_article_dicts


def _ref(stem: str, figure: str) -> str:
    """``ARTICLE_ID:CLAIM_ID`` of the fixture figure written ``figure`` in article ``stem``."""
    article = load_articles()[stem]
    claim = next(c for c in article["claims"] if c["text"] == figure)
    return f"{article['id']}:{claim['id']}"


def _group_of(groups: list[dict], figure: str) -> dict:
    return next(g for g in groups if any(e["text"] == figure for e in g["entries"]))


DRONES = "12 <b>drones</b>"
SOLDIERS = "890 Israeli soldiers have been killed"
OTHER_SOLDIERS = "1,200 soldiers and officers"


@pytest.fixture()
def db(tmp_path):
    return build_db(tmp_path / "corpus.db")


def test_merge_split_and_remove_change_the_groups(db) -> None:
    conn = connect(db)
    articles = iter_article_dicts(conn)
    before = timelines(articles)
    assert _group_of(before, DRONES) is not _group_of(before, SOLDIERS)
    assert _group_of(before, OTHER_SOLDIERS) is _group_of(before, SOLDIERS)

    merged = add_override(conn, "merge", _ref("hostile", DRONES), _ref("harbor", SOLDIERS), note="test")
    groups = timelines(articles, overrides=list_overrides(conn))
    assert _group_of(groups, DRONES) is _group_of(groups, SOLDIERS)
    assert len(groups) == len(before) - 1

    # a split wins over a merge that would undo it
    add_override(conn, "split", _ref("hostile", DRONES), _ref("crescent", OTHER_SOLDIERS))
    groups = timelines(articles, overrides=list_overrides(conn))
    assert _group_of(groups, DRONES) is not _group_of(groups, OTHER_SOLDIERS)

    assert remove_override(conn, merged) and not remove_override(conn, merged)
    add_override(conn, "split", _ref("crescent", OTHER_SOLDIERS))  # alone
    groups = timelines(articles, overrides=list_overrides(conn))
    assert [e["text"] for e in _group_of(groups, OTHER_SOLDIERS)["entries"]] == [OTHER_SOLDIERS]
    assert [o["action"] for o in list_overrides(conn)] == ["split", "split"]
    conn.close()


def test_bad_figure_names_are_refused(db) -> None:
    conn = connect(db)
    with pytest.raises(OverrideError, match="ARTICLE_ID:CLAIM_ID"):
        add_override(conn, "merge", "not-a-figure", _ref("harbor", SOLDIERS))
    with pytest.raises(OverrideError, match="no such figure"):
        add_override(conn, "split", load_articles()["harbor"]["id"] + ":cla999")
    with pytest.raises(OverrideError, match="two figures"):
        add_override(conn, "merge", _ref("harbor", SOLDIERS))
    assert list_overrides(conn) == []
    conn.close()


def test_cli_and_web_page_use_the_stored_overrides(db) -> None:
    runner = CliRunner()
    drones, soldiers = _ref("hostile", DRONES), _ref("harbor", SOLDIERS)
    result = runner.invoke(app, ["grouping", "merge", drones, soldiers, "--db", str(db), "--note", "same"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["grouping", "list", "--db", str(db), "--json"]).stdout)
    assert [(o["action"], o["a"]["text"], o["b"]["text"], o["note"]) for o in listed] == [
        ("merge", DRONES, SOLDIERS, "same")
    ]
    bad = runner.invoke(app, ["grouping", "split", "nonsense", "--db", str(db)])
    assert bad.exit_code == 1 and "ARTICLE_ID:CLAIM_ID" in bad.output
    assert runner.invoke(app, ["grouping", "remove", "99", "--db", str(db)]).exit_code == 1

    from fastapi.testclient import TestClient

    from presslens.web.app import create_app

    page = TestClient(create_app(db), base_url="http://localhost").get("/quantities.json").json()
    group = next(g for g in page["quantities"] if any(e["text"] == DRONES for e in g["entries"]))
    assert any(e["text"] == SOLDIERS for e in group["entries"])


def test_a_running_server_shows_a_new_override_without_new_articles(db) -> None:
    from fastapi.testclient import TestClient

    from presslens.web.app import create_app

    client = TestClient(create_app(db), base_url="http://localhost")

    def together() -> bool:
        groups = client.get("/quantities.json").json()["quantities"]
        group = next(g for g in groups if any(e["text"] == DRONES for e in g["entries"]))
        return any(e["text"] == SOLDIERS for e in group["entries"])

    assert not together()  # computed and cached for this corpus version
    conn = connect(db)
    add_override(conn, "merge", _ref("hostile", DRONES), _ref("harbor", SOLDIERS))
    conn.close()
    # the page cache serves the previous result while it recomputes (at most every 2 s, web/cache.py)
    deadline = time.monotonic() + 20
    while not together():
        assert time.monotonic() < deadline, "the override never reached the figures page"
        time.sleep(0.5)
