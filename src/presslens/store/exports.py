"""Exports that a spreadsheet can rebuild the figures view from: `/export/claims.{csv,json,parquet}`.

The claims export keeps every column the store's ``claims`` table has always exported (users'
scripts read them by name) and adds what the side-by-side view shows, from the stored article
JSON and the same figure rows the `/quantities` page groups (`presslens.corpus.figures`):

- ``figure``: the value as the text means it ("about $45 million", "40%", "hundreds"), printed by
  `presslens.values.display`, the formatter of every view;
- ``value_scale``, ``vague``, ``as_written``: the multiplier as written ("million"), whether the
  amount is a vague one ("dozens": ``value_low``/``value_high`` are then its order-of-magnitude
  range, never a point) and its words;
- ``vague_low``, ``vague_high``: a vague amount's order-of-magnitude range ("hundreds": 100, 999);
- ``since``: for a running total ("since February 24"), the start of the count (the layer's
  ``as_of`` column); ``held_on``: the date the figure holds for (the publication date for a running
  total); ``as_of_label`` prints both, or "not stated";
- ``quantity``, ``quantity_event``, ``quantity_group``: the group the figure is in on `/quantities`
  (its name, its event, and its number there: ``#q<N>``; two groups may share a name), with the
  user's stored merges and splits applied, so that a spreadsheet rebuilds that page (empty when the
  figure is not grouped: a negated event, or nothing counted);
- ``sentence``: the sentence the figure is in.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from typing import Any

from presslens.corpus.figures import claim_entries
from presslens.store.queries import EXPORT_TABLES, iter_article_dicts, rows
from presslens.values.dates import iso_date
from presslens.values.display import as_of_label, format_value, held_on, since_of

#: Columns the claims export adds after the store's own (in this order).
CLAIM_EXTRA_COLUMNS = (
    "figure",
    "value_scale",
    "vague",
    "as_written",
    "vague_low",
    "vague_high",
    "since",
    "held_on",
    "as_of_label",
    "quantity",
    "quantity_event",
    "quantity_group",
    "sentence",
)


def _sentence_of(article: dict[str, Any]):
    """A function from a character offset to the text of the sentence holding it ("" when none)."""
    sentences = sorted(
        (s for s in article.get("sentences") or [] if isinstance(s, dict) and "start" in s),
        key=lambda s: s["start"],
    )
    starts = [s["start"] for s in sentences]
    text = article.get("text") or ""

    def find(offset: int) -> str:
        i = bisect_right(starts, offset) - 1
        if i < 0 or offset >= sentences[i]["end"]:
            return ""
        return text[sentences[i]["start"] : sentences[i]["end"]]

    return find


def _own_keys(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each figure's own quantity key as one-figure groups, for a caller without `/quantities`' groups.

    The store writes and reads one article at a time: grouping many articles is the corpus layer's
    job (tests/test_layering.py), so the caller that has those groups (the web app) passes them."""
    return [
        {"quantity": e["quantity"], "event": e["event"], "entries": [e], "own_key": True}
        for e in claim_entries(articles)
    ]


def _extras(
    articles: list[dict[str, Any]], groups: list[dict[str, Any]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """(article id, claim id) -> the added columns of that claim (``groups``: as `/quantities` has them)."""
    keys = {
        (e["article_id"], e["claim_id"]): (
            group["quantity"],
            group["event"],
            None if group.get("own_key") else number,
        )
        for number, group in enumerate(groups, 1)
        for e in group["entries"]
    }
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for article in articles:
        sentence = _sentence_of(article)
        for claim in article.get("claims") or []:
            if not isinstance(claim, dict):
                continue
            value = claim.get("value") if isinstance(claim.get("value"), dict) else None
            as_of = claim.get("as_of") if isinstance(claim.get("as_of"), dict) else None
            quantity, event, number = keys.get((article["id"], claim.get("id")), (None, None, None))
            span = (value or {}).get("vague_range") or [None, None]
            published = iso_date(article.get("published"))
            out[(article["id"], str(claim.get("id")))] = {
                "figure": format_value(value) or claim.get("text"),
                "value_scale": value.get("scale") if value else None,
                "vague": int(bool(value.get("vague"))) if value else None,
                "as_written": value.get("as_written") if value else None,
                "vague_low": span[0],
                "vague_high": span[1],
                "since": since_of(as_of),
                "held_on": held_on(as_of, published),
                "as_of_label": as_of_label(as_of, published),
                "quantity": quantity,
                "quantity_event": event,
                "quantity_group": number,
                "sentence": sentence(int(claim.get("start") or 0)),
            }
    return out


def claim_rows(conn: sqlite3.Connection, groups: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every stored claim: the store's columns, then `CLAIM_EXTRA_COLUMNS`.

    ``groups`` are the figure groups `/quantities` shows (the web app passes those it has), with
    every figure listed (the page's ``limit`` does not apply); without them each figure is named by
    its own quantity key and ``quantity_group`` stays empty."""
    articles = iter_article_dicts(conn)
    extras = _extras(articles, _own_keys(articles) if groups is None else groups)
    empty = dict.fromkeys(CLAIM_EXTRA_COLUMNS)
    out = []
    for row in rows(conn, EXPORT_TABLES["claims"]):
        row = {**row, **extras.get((row["article_id"], row["ann_id"]), empty)}
        if row["vague"] and row["vague_high"] is not None:
            # the store keeps the guideline's floor alone in value_low; a spreadsheet sorting or
            # charting value_low/value_high must see the range, never a point ("hundreds": 100-999)
            row["value_low"], row["value_high"] = float(row["vague_low"]), float(row["vague_high"])
        out.append(row)
    return out


def export_rows(
    conn: sqlite3.Connection, table: str, groups: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The rows of one export table (``articles``, ``claims`` or ``quotes``; ``groups``: `claim_rows`)."""
    if table == "claims":
        return claim_rows(conn, groups)
    return rows(conn, EXPORT_TABLES[table])


def extra_columns(table: str) -> tuple[str, ...]:
    """Columns an export adds after its SQL query's (for the header of an empty export)."""
    return CLAIM_EXTRA_COLUMNS if table == "claims" else ()
