"""Full-text search over articles, quotes and claims (SQLite FTS5), with filters.

Words match their other forms and what they begin: "soldier" finds "soldiers", "killed" finds
"killing", "Palest" finds "Palestinians". Two FTS5 indexes per table make that work (schema
migration 003): ``<table>_stem`` (Porter stems: ranks the results and marks the snippets) and
``<table>_fts`` (the words as written), whose vocabulary (``<table>_vocab``) turns a word into the
indexed words it begins ("negotiat" -> "negotiations", "negotiating"), each then stemmed by the
query against the stem index. A typed prefix would not do that alone: Porter stems a partial word
differently from the whole one ("negotiat" stays "negotiat", "negotiations" becomes "negoti").

User input never reaches FTS5's query language as is: every word becomes a quoted string token, so
a stray ``"``, ``NEAR(``, ``AND`` or ``*`` is searched for literally instead of raising a syntax
error; any error SQLite still raises is reported as a `SearchError` with a one-line message.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from presslens.errors import PressLensError

_TOKEN = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_TERMS = 16
#: Words shorter than this match only their own forms, not every word they begin ("a", "of", "us").
MIN_PREFIX = 3
#: Indexed words a prefix may stand for (the most frequent first).
MAX_EXPANSIONS = 24
_MARKS = re.compile("[\x02\x03]")


class SearchError(PressLensError):
    """A search could not run (bad filter, or an FTS error): the message says why."""


def query_words(text: str) -> list[str]:
    """The words of a query, lower-cased and without diacritics (as the index folds them), at most 16."""
    words = []
    for word in _TOKEN.findall(text)[:MAX_TERMS]:
        folded = unicodedata.normalize("NFKD", word.lower())
        words.append("".join(c for c in folded if not unicodedata.combining(c)))
    return words


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_query(text: str, expand: Callable[[str], list[str]] | None = None) -> str:
    """Free text as a safe FTS5 query: every word required (AND), each an OR of its forms.

    ``expand(word)`` gives the indexed words a word begins (the vocabulary lookup); without it, each
    word stands for itself.
    """
    groups = []
    for word in query_words(text):
        forms = dict.fromkeys([word, *(expand(word) if expand and len(word) >= MIN_PREFIX else [])])
        quoted = [_quote(form) for form in forms]
        groups.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(groups)


def _expander(conn: sqlite3.Connection, table: str) -> Callable[[str], list[str]]:
    """The vocabulary lookup of ``table``'s word index: the most frequent indexed words a prefix begins."""

    def expand(prefix: str) -> list[str]:
        rows = conn.execute(
            f"SELECT term FROM {table}_vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_EXPANSIONS),
        )
        return [row[0] for row in rows]

    return expand


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
                f"EXISTS (SELECT 1 FROM techniques t WHERE t.article_id = {alias}.id"
                " AND t.label = ? AND t.shown)"
            )
            params.append(self.technique)
        if self.speaker:
            clauses.append(
                f"EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = {alias}.id"
                " AND q.speaker LIKE ? ESCAPE '\\' AND coalesce(q.speaker_resolved, 1))"
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
    out: dict[str, Any] = {"query": text or "", "fts": "", "articles": [], "quotes": [], "claims": []}
    try:
        if not query_words(text or ""):
            if filters.active():
                out["articles"] = _rows(
                    conn,
                    f"""
                    SELECT a.id, a.title, a.outlet_name AS outlet, a.published, NULL AS snippet
                    FROM articles a WHERE {where} ORDER BY a.published DESC LIMIT ?""",
                    [*params, limit],
                )
            return out
        queries = {t: fts_query(text, _expander(conn, t)) for t in ("articles", "quotes", "claims")}
        out["fts"] = queries["articles"]
        out["articles"] = _rows(
            conn,
            f"""
            SELECT a.id, a.title, a.outlet_name AS outlet, a.published,
                   snippet(articles_stem, 1, char(2), char(3), ' … ', 12) AS snippet
            FROM articles_stem JOIN articles a ON a.pk = articles_stem.rowid
            WHERE articles_stem MATCH ? AND {where} ORDER BY rank LIMIT ?""",
            [queries["articles"], *params, limit],
        )
        out["quotes"] = _rows(
            conn,
            f"""
            SELECT q.article_id, q.ann_id, q.text, q.speaker, q.affiliation, a.outlet_name AS outlet, a.title,
                   q.speaker_resolved, q.speaker_written
            FROM quotes_stem JOIN quotes q ON q.pk = quotes_stem.rowid JOIN articles a ON a.id = q.article_id
            WHERE quotes_stem MATCH ? AND {where} ORDER BY rank LIMIT ?""",
            [queries["quotes"], *params, limit],
        )
        out["claims"] = _rows(
            conn,
            f"""
            SELECT c.article_id, c.ann_id, c.text, c.count_of, c.value_low, c.as_of, c.attribution,
                   a.outlet_name AS outlet, a.title
            FROM claims_stem JOIN claims c ON c.pk = claims_stem.rowid JOIN articles a ON a.id = c.article_id
            WHERE claims_stem MATCH ? AND {where} ORDER BY rank LIMIT ?""",
            [queries["claims"], *params, limit],
        )
    except sqlite3.OperationalError as exc:
        raise SearchError(f"search failed: {exc}") from None
    for row in out["quotes"]:
        row["speaker_resolved"] = None if row["speaker_resolved"] is None else bool(row["speaker_resolved"])
        row["speaker_shown"] = speaker_shown(
            row["speaker"], row["affiliation"], row["speaker_resolved"], row["speaker_written"]
        )
    for row in out["articles"]:
        row["snippet_parts"] = _snippet_parts(row.get("snippet"))
        row["snippet"] = row["snippet"].replace("\x02", "").replace("\x03", "") if row["snippet"] else None
    return out


def speaker_shown(name: str | None, affiliation: str | None, resolved: Any, written: str | None) -> str:
    """Who a stored quote is by, as /compare names it (`presslens.corpus.compare.speaker_name`): a
    speaker left unresolved (``resolved`` false) is the speaker as written marked "(unresolved)",
    never the name the analysis kept ("They (unresolved)", not "Israeli officials"); else the name,
    else the affiliation the article gives, else "(unattributed)"."""
    if resolved is not None and not resolved:
        written = " ".join((written or "").split())
        return f"{written} (unresolved)" if written else "(unattributed)"
    return name or affiliation or "(unattributed)"


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
