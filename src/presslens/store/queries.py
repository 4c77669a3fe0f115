"""Read-side queries over the store: plain functions returning plain dicts and lists.

The web app, the exports and the cross-article analysis all read through these, so a page and
its JSON twin can never disagree about what is in the database.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

#: Content ids are 16 lower-case hex digits (`Article.id`); anything else is rejected before SQL.
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")

EXPORT_TABLES = {
    "articles": "SELECT id, outlet_name AS outlet, title, published, author, source, genre, ingested_at, "
    "length(text) AS chars FROM articles ORDER BY published, id",
    "claims": "SELECT c.article_id, a.outlet_name AS outlet, a.published, c.ann_id, c.start, "
    'c."end", c.text, '
    "c.value_low, c.value_high, c.approx, c.qualifier, c.unit, c.count_of, c.count_of_head, c.event, "
    "c.event_negated, c.as_of, c.as_of_kind, c.attribution FROM claims c JOIN articles a ON a.id = "
    "c.article_id "
    "ORDER BY a.published, c.article_id, c.start",
    "quotes": "SELECT q.article_id, a.outlet_name AS outlet, a.published, q.ann_id, q.start, "
    'q."end", q.text, '
    "q.kind, q.speaker, q.affiliation, q.content, q.cue, q.speaker_resolved, q.speaker_written "
    "FROM quotes q JOIN articles a ON a.id = q.article_id "
    "ORDER BY a.published, q.article_id, q.start",
}


def rows(conn: sqlite3.Connection, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(sql, params)]


def list_articles(conn: sqlite3.Connection, limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:
    return rows(
        conn,
        """
        SELECT a.id, a.title, a.outlet_name AS outlet, a.published, a.author, a.genre,
          coalesce(json_extract(a.json, '$.genre.uncertain'), 0) AS genre_uncertain,
          length(a.text) AS chars,
          (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims,
          (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,
          (SELECT count(*) FROM techniques t WHERE t.article_id = a.id AND t.shown) AS techniques
        FROM articles a ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?""",
        (limit, offset),
    )


def get_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """The stored `presslens/1` dict, with ``outlet_name`` and the near-duplicates it has."""
    if not ARTICLE_ID.match(article_id):
        return None
    row = conn.execute("SELECT json, text, outlet_name FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    data = _article(row)
    data["outlet_name"] = row["outlet_name"]
    data["duplicates"] = rows(
        conn,
        """
        SELECT d.duplicate_of AS id, d.similarity, a.outlet_name AS outlet, a.title FROM duplicates d
        JOIN articles a ON a.id = d.duplicate_of WHERE d.article_id = ?
        UNION SELECT d.article_id, d.similarity, a.outlet_name, a.title FROM duplicates d
        JOIN articles a ON a.id = d.article_id WHERE d.duplicate_of = ?""",
        (article_id, article_id),
    )
    return data


def iter_article_dicts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stored article dict (with ``outlet_name``); the corpus analyses read these."""
    out = []
    for row in conn.execute("SELECT json, text, outlet_name FROM articles ORDER BY published, id"):
        data = _article(row)
        data["outlet_name"] = row["outlet_name"]
        out.append(data)
    return out


def _article(row: sqlite3.Row) -> dict[str, Any]:
    """The stored `presslens/1` dict; its text is kept once, in `articles.text` (the FTS source)."""
    data = json.loads(row["json"])
    data["text"] = row["text"]
    return data


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table; ``techniques`` counts those shown (at or above the model's display threshold),
    ``techniques_below_threshold`` the rest (kept, offered on request, never counted as shown)."""
    tables = ("articles", "claims", "quotes", "sources", "techniques", "labels", "scare_quotes", "duplicates")
    out = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    below = conn.execute("SELECT count(*) FROM techniques WHERE NOT shown").fetchone()[0]
    out["techniques"] -= below
    out["techniques_below_threshold"] = below
    return out


def per_outlet(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return rows(
        conn,
        """
        SELECT a.outlet_name AS outlet, count(*) AS articles,
          (SELECT count(*) FROM claims c JOIN articles b ON b.id = c.article_id
            WHERE b.outlet_name = a.outlet_name)
            AS claims,
          (SELECT count(*) FROM quotes q JOIN articles b ON b.id = q.article_id
            WHERE b.outlet_name = a.outlet_name)
            AS quotes,
          min(a.published) AS first, max(a.published) AS last
        FROM articles a GROUP BY a.outlet_name ORDER BY articles DESC, outlet""",
    )


def outlets(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT outlet_name FROM articles ORDER BY outlet_name")]


def technique_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT label FROM techniques WHERE shown ORDER BY label")]


def duplicate_pairs(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return rows(
        conn,
        """
        SELECT d.article_id, a.outlet_name AS outlet, a.title, d.duplicate_of,
               b.outlet_name AS duplicate_outlet,
               b.title AS duplicate_title, d.similarity
        FROM duplicates d JOIN articles a ON a.id = d.article_id JOIN articles b ON b.id = d.duplicate_of
        ORDER BY d.similarity DESC""",
    )
