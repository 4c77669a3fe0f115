"""One function per page, each returning the one dict that both the HTML page and its JSON twin show.

Datasette's rule: the HTML is a view of the JSON, never a different computation. Templates may add
presentation (charts, highlights) but take their data only from these dicts.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from presslens import corpus
from presslens.store import queries
from presslens.store.search import Filters, search

#: Rows listed per table before "and N more" (duplicate pairs, figures per quantity).
MAX_LISTED = 200


def overview(
    conn: sqlite3.Connection, articles: list[dict[str, Any]], groups: list[dict[str, Any]]
) -> dict[str, Any]:
    """Counts, per-outlet charts, techniques, a summary of the figure timelines ``groups``."""
    techniques = corpus.techniques(articles)
    duplicates = queries.duplicate_pairs(conn)
    return {
        "counts": queries.counts(conn),
        "outlets": queries.per_outlet(conn),
        "techniques": techniques,
        "quantities": [
            {
                "label": g["label"],
                "entries": len(g["entries"]),
                "outlets": len(g["outlets"]),
                "discrepancies": g["discrepancy_total"],
                "stale": len(g["stale"]),
            }
            for g in groups
        ],
        "duplicates": duplicates[:MAX_LISTED],
        "duplicates_total": len(duplicates),
        "recent": queries.list_articles(conn, limit=10),
    }


def articles_list(conn: sqlite3.Connection, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """One page of articles, newest first, with the total for paging."""
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {
        "articles": queries.list_articles(conn, limit, offset),
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": offset + limit if offset + limit < total else None,
        "previous": max(0, offset - limit) if offset else None,
    }


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    data = queries.get_article(conn, article_id)
    if data is None:
        return None
    return {"article": data, "duplicates": data.pop("duplicates", []), "stored": True}


def quantities(
    groups: list[dict[str, Any]], tolerance: float, period_days: int, stale_days: int, limit: int = MAX_LISTED
) -> dict[str, Any]:
    """The figure timelines; each group lists at most ``limit`` figures (0: all).

    Figures named by a discrepancy or flagged stale are always kept, then the most recent others;
    ``entries_total`` says how many the group has (the claims export has every one).
    """
    shown = []
    for group in groups:
        entries = group["entries"]
        if limit and len(entries) > limit:
            flagged = {n for d in group["discrepancies"] for n in (d["a"], d["b"])} | set(group["stale"])
            keep = {e["n"] for e in entries if e["n"] in flagged}
            for entry in reversed(entries):
                if len(keep) >= max(limit, len(flagged)):
                    break
                keep.add(entry["n"])
            entries = [e for e in entries if e["n"] in keep]
        shown.append({**group, "entries": entries, "entries_total": len(group["entries"])})
    return {
        "settings": {
            "tolerance": tolerance,
            "period_days": period_days,
            "stale_days": stale_days,
            "limit": limit,
        },
        "quantities": shown,
    }


def compare(articles: list[dict[str, Any]]) -> dict[str, Any]:
    names = corpus.actor_names(articles)
    return {
        "actors": names["actors"],
        "scare_quotes": names["scare_quotes"],
        "speakers": corpus.speakers(articles),
        "techniques": corpus.techniques(articles),
    }


def search_page(conn: sqlite3.Connection, q: str, filters: Filters) -> dict[str, Any]:
    result = search(conn, q, filters)
    result["filters"] = {k: v for k, v in vars(filters).items()}
    result["outlets"] = queries.outlets(conn)
    result["technique_names"] = queries.technique_names(conn)
    return result
