"""Full-text search over articles, quotes and claims (SQLite FTS5), with filters.

User input never reaches FTS5's query language as is: every word becomes a quoted string token, so
a stray ``"``, ``NEAR(``, ``AND`` or ``*`` is searched for literally instead of raising a syntax
error; any error SQLite still raises is reported as a `SearchError` with a one-line message.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from presslens.errors import PressLensError

_TOKEN = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_TERMS = 16
_MARKS = re.compile("[\x02\x03]")


class SearchError(PressLensError):
    """A search could not run (bad filter, or an FTS error): the message says why."""


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: each word quoted, all words required (AND)."""
    words = _TOKEN.findall(text)[:MAX_TERMS]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


@dataclass(frozen=True)
class Filters:
    outlet: str | None = None
    since: str | None = None  # published on or after (YYYY, YYYY-MM or YYYY-MM-DD)
    until: str | None = None  # published on or before
    technique: str | None = None
    speaker: str | None = None

    def validate(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise SearchError(f"{name} must be a date like 2024-01-31, 2024-01 or 2024 (got {value!r})")

    def where(self, alias: str = "a") -> tuple[str, list[Any]]:
        """SQL conditions on the article (aliased ``alias``) and their parameters."""
        self.validate()
        clauses: list[str] = []
        params: list[Any] = []
        if self.outlet:
            clauses.append(f"{alias}.outlet_name = ?")
            params.append(self.outlet)
        if self.since:
            clauses.append(f"{alias}.published >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"substr({alias}.published, 1, {len(self.until)}) <= ?")
            params.append(self.until)
        if self.technique:
            clauses.append(
                f"EXISTS (SELECT 1 FROM techniques t WHERE t.article_id = {alias}.id AND t.label = ?)"
            )
            params.append(self.technique)
        if self.speaker:
            clauses.append(
                f"EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = {alias}.id"
                " AND q.speaker LIKE ? ESCAPE '\\')"
            )
            params.append(
                "%" + self.speaker.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
        return " AND ".join(clauses) or "1", params

    def active(self) -> bool:
        return any((self.outlet, self.since, self.until, self.technique, self.speaker))


def search(
    conn: sqlite3.Connection, text: str, filters: Filters | None = None, limit: int = 50
) -> dict[str, Any]:
    """Articles, quotes and claims matching ``text`` (or, with no text, articles matching the filters)."""
    filters = filters or Filters()
    where, params = filters.where("a")
    query = fts_query(text or "")
    out: dict[str, Any] = {"query": text or "", "fts": query, "articles": [], "quotes": [], "claims": []}
    try:
        if not query:
            if filters.active():
                out["articles"] = _rows(
                    conn,
                    f"""
                    SELECT a.id, a.title, a.outlet_name AS outlet, a.published, NULL AS snippet
                    FROM articles a WHERE {where} ORDER BY a.published DESC LIMIT ?""",
                    [*params, limit],
                )
            return out
        out["articles"] = _rows(
            conn,
            f"""
            SELECT a.id, a.title, a.outlet_name AS outlet, a.published,
                   snippet(articles_fts, 1, char(2), char(3), ' … ', 12) AS snippet
            FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
            WHERE articles_fts MATCH ? AND {where} ORDER BY rank LIMIT ?""",
            [query, *params, limit],
        )
        out["quotes"] = _rows(
            conn,
            f"""
            SELECT q.article_id, q.ann_id, q.text, q.speaker, q.affiliation, a.outlet_name AS outlet, a.title
            FROM quotes_fts JOIN quotes q ON q.pk = quotes_fts.rowid JOIN articles a ON a.id = q.article_id
            WHERE quotes_fts MATCH ? AND {where} ORDER BY rank LIMIT ?""",
            [query, *params, limit],
        )
        out["claims"] = _rows(
            conn,
            f"""
            SELECT c.article_id, c.ann_id, c.text, c.count_of, c.value_low, c.as_of, c.attribution,
                   a.outlet_name AS outlet, a.title
            FROM claims_fts JOIN claims c ON c.pk = claims_fts.rowid JOIN articles a ON a.id = c.article_id
            WHERE claims_fts MATCH ? AND {where} ORDER BY rank LIMIT ?""",
            [query, *params, limit],
        )
    except sqlite3.OperationalError as exc:
        raise SearchError(f"search failed: {exc}") from None
    for row in out["articles"]:
        row["snippet_parts"] = _snippet_parts(row.get("snippet"))
        row["snippet"] = row["snippet"].replace("\x02", "").replace("\x03", "") if row["snippet"] else None
    return out


def _snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """FTS5's snippet, marked with control characters, as (text, is_match) pieces for any renderer."""
    if not snippet:
        return []
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(_MARKS.split(snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(sql, params)]
