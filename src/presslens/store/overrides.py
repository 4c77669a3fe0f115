"""A user's corrections to the figure groups: merge two figures' groups, or split figures apart.

Grouping is a model's guess (`presslens.corpus.grouping`); a journalist who knows better says so
once and the store keeps it (table ``grouping_overrides``, docs/evaluation-grouping.md):

* ``merge A B``: the groups of figures A and B are one quantity;
* ``split A B``: figures A and B never share a group; ``split A``: figure A stands alone.

A figure is named ``ARTICLE_ID:CLAIM_ID`` (as the ``/quantities.json`` entries give them); the
override keeps the claim's span and text, so it still applies after the article is analysed again,
as long as the figure is found at the same characters. Overrides whose figures are gone are kept
and listed as such, never silently dropped.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from presslens.errors import PressLensError
from presslens.store.queries import ARTICLE_ID

ACTIONS = ("merge", "split")
#: A figure's keys and the column suffixes that hold them (``a_start``, ``b_text``...).
FIGURE_COLUMNS = (("article_id", "article"), ("start", "start"), ("end", "end"), ("text", "text"))


class OverrideError(PressLensError):
    """A figure that cannot be found, or an override that makes no sense."""


def figure_ref(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """The stored claim named ``ARTICLE_ID:CLAIM_ID``: its article, span and text."""
    article, _, claim = ref.partition(":")
    if not ARTICLE_ID.match(article) or not claim:
        raise OverrideError(f"{ref!r}: name a figure as ARTICLE_ID:CLAIM_ID (e.g. 0123456789abcdef:cla3)")
    row = conn.execute(
        'SELECT article_id, start, "end", text FROM claims WHERE article_id = ? AND ann_id = ?',
        (article, claim),
    ).fetchone()
    if row is None:
        raise OverrideError(f"{ref}: no such figure in this database")
    return {"article_id": row[0], "start": row[1], "end": row[2], "text": row[3]}


def add_override(
    conn: sqlite3.Connection, action: str, a: str, b: str | None = None, note: str | None = None
) -> int:
    """Store one override; return its id."""
    if action not in ACTIONS:
        raise OverrideError(f"unknown action {action!r} (merge or split)")
    if action == "merge" and b is None:
        raise OverrideError("merge needs two figures")
    fa = figure_ref(conn, a)
    fb = figure_ref(conn, b) if b is not None else None
    if fb is not None and (fa["article_id"], fa["start"]) == (fb["article_id"], fb["start"]):
        raise OverrideError("the two figures are the same figure")
    cur = conn.execute(
        "INSERT INTO grouping_overrides (action, a_article, a_start, a_end, a_text, "
        "b_article, b_start, b_end, b_text, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            action,
            fa["article_id"],
            fa["start"],
            fa["end"],
            fa["text"],
            fb and fb["article_id"],
            fb and fb["start"],
            fb and fb["end"],
            fb and fb["text"],
            note,
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )
    return int(cur.lastrowid or 0)


def list_overrides(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every override, oldest first, each with ``a`` and ``b`` (null for a lone split) figures."""
    out = []
    for row in conn.execute("SELECT * FROM grouping_overrides ORDER BY id"):
        r = dict(row)

        def figure(side: str, r: dict[str, Any] = r) -> dict[str, Any] | None:
            if r[f"{side}_article"] is None:
                return None
            return {k: r[f"{side}_{c}"] for k, c in FIGURE_COLUMNS}

        out.append(
            {
                "id": r["id"],
                "action": r["action"],
                "a": figure("a"),
                "b": figure("b"),
                "note": r["note"],
                "created_at": r["created_at"],
            }
        )
    return out


def remove_override(conn: sqlite3.Connection, override_id: int) -> bool:
    """Delete one override; False when there was none with that id."""
    return conn.execute("DELETE FROM grouping_overrides WHERE id = ?", (override_id,)).rowcount > 0
