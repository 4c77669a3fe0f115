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


def overview(conn: sqlite3.Connection, articles: list[dict[str, Any]]) -> dict[str, Any]:
    techniques = corpus.techniques(articles)
    groups = corpus.timelines(articles)
    return {
        "counts": queries.counts(conn),
        "outlets": queries.per_outlet(conn),
        "techniques": techniques,
        "quantities": [
            {
                "label": g["label"],
                "entries": len(g["entries"]),
                "outlets": len(g["outlets"]),
                "discrepancies": len(g["discrepancies"]),
                "stale": len(g["stale"]),
            }
            for g in groups
        ],
        "duplicates": queries.duplicate_pairs(conn),
        "recent": queries.list_articles(conn, limit=10),
    }


def articles_list(conn: sqlite3.Connection) -> dict[str, Any]:
    return {"articles": queries.list_articles(conn)}


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    data = queries.get_article(conn, article_id)
    if data is None:
        return None
    return {"article": data, "duplicates": data.pop("duplicates", []), "stored": True}


def quantities(
    articles: list[dict[str, Any]], tolerance: float, period_days: int, stale_days: int
) -> dict[str, Any]:
    return {
        "settings": {"tolerance": tolerance, "period_days": period_days, "stale_days": stale_days},
        "quantities": corpus.timelines(articles, tolerance, period_days, stale_days),
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
