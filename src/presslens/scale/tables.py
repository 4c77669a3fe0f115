"""The tables of a Parquet corpus: their Arrow schemas, and the rows one analysed article gives.

Two kinds of table, both written per partition by the workers:

* **Store tables** (``articles``, ``claims``, ``quotes``, ``sources``, ``techniques``, ``labels``,
  ``scare_quotes``, ``entities``, ``actors``): the SQLite store's tables, column for column. Rows
  come from the store's own mapping (`presslens.store.writer.article_row` and friends) and column
  types from the store's schema (read from a migrated in-memory database), so the two stores can
  never describe an article differently. Each row also carries its ``partition``.
* **View tables** (``figures``, ``names``, ``voices``): the per-article half of the cross-article
  views, computed by the same functions the in-memory views use (`claim_entries`, `name_counts`,
  `speaker_rows`), so that DuckDB only has to add up (`presslens.scale.views`).

Plus ``errors``: one row per input or article that could not be analysed.
"""

from __future__ import annotations

import math
import sqlite3
from functools import cache
from typing import Any

import pyarrow as pa

from presslens.corpus.compare import name_counts, speaker_rows
from presslens.corpus.figures import claim_entries
from presslens.store.schema import migrate
from presslens.store.writer import (
    ACTOR_COLUMNS,
    ANNOTATION_COLUMNS,
    ARTICLE_COLUMNS,
    actor_rows,
    annotation_rows,
    article_row,
    outlet_name,
)

_SQLITE_TO_ARROW = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64(), "BLOB": pa.binary()}

#: Columns every table starts with: the partition that wrote the row (see `presslens.scale.dataset`).
_PARTITION = pa.field("partition", pa.string(), nullable=False)

#: One row per figure: the keys of `presslens.corpus.figures.claim_entries`, in its order (a
#: test checks they match), then ``idx``, the figure's position among its article's figures.
FIGURES = pa.schema(
    [
        ("quantity", pa.string()),
        ("event", pa.string()),
        ("article_id", pa.string()),
        ("claim_id", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("count_of", pa.string()),
        ("unit", pa.string()),
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("qualifier", pa.string()),
        ("approx", pa.bool_()),
        ("scale", pa.string()),
        ("vague", pa.bool_()),
        ("as_written", pa.string()),
        ("figure", pa.string()),
        ("date", pa.string()),
        ("date_is_publication", pa.bool_()),
        ("since", pa.string()),
        ("as_of_text", pa.string()),
        ("source", pa.string()),
        ("idx", pa.int64()),
    ]
)
#: The figure entry's keys (FIGURES without ``idx``).
FIGURE_KEYS = tuple(FIGURES.names[:-1])
NAMES = pa.schema(
    [
        ("article_id", pa.string()),
        ("actor", pa.string()),
        ("kind", pa.string()),
        ("name", pa.string()),
        ("count", pa.int64()),
    ]
)
VOICES = pa.schema(
    [
        ("article_id", pa.string()),
        ("idx", pa.int64()),
        ("speaker", pa.string()),
        ("affiliation", pa.string()),
        ("kind", pa.string()),
    ]
)
ERRORS = pa.schema(
    [
        ("seq", pa.int64()),  # position in the partition's input order
        ("source", pa.string()),  # the input, as error messages name it (path, path:line, URL)
        ("reason", pa.string()),
        ("stage", pa.string()),  # "input" (could not be read) or "analysis" (the pipeline failed)
        ("article_id", pa.string()),  # set when the text was read but its analysis failed
    ]
)

STORE_TABLES = ("articles", *ANNOTATION_COLUMNS, "actors")
VIEW_TABLES = ("figures", "names", "voices")
TABLES = (*STORE_TABLES, *VIEW_TABLES, "errors")


@cache
def _sqlite_types() -> dict[str, dict[str, pa.DataType]]:
    """Column types of the store's tables, read from the store's own (migrated) schema."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        return {
            table: {
                row[1]: _SQLITE_TO_ARROW[row[2].upper()]
                for row in conn.execute(f"PRAGMA table_info({table})")  # noqa: S608 - our own names
            }
            for table in STORE_TABLES
        }
    finally:
        conn.close()


def _store_schema(table: str, columns: tuple[str, ...], *extra: pa.Field) -> pa.Schema:
    types = _sqlite_types()[table]
    return pa.schema([_PARTITION, *extra, *(pa.field(name, types[name]) for name in columns)])


@cache
def schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every table, by name."""
    # `seq`: the article's position in its partition's input order (which copy of a repeated text is kept)
    out = {"articles": _store_schema("articles", ARTICLE_COLUMNS, pa.field("seq", pa.int64()))}
    for table, columns in ANNOTATION_COLUMNS.items():
        out[table] = _store_schema(table, ("article_id", *columns))
    out["actors"] = _store_schema("actors", ("article_id", *ACTOR_COLUMNS))
    for table, schema in (("figures", FIGURES), ("names", NAMES), ("voices", VOICES), ("errors", ERRORS)):
        out[table] = pa.schema([_PARTITION, *schema])
    return out


class PartitionRows:
    """Rows of every table for one partition, added article by article, then made Arrow tables."""

    def __init__(self, partition: str) -> None:
        self.partition = partition
        self.rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
        self.articles = 0
        self.errors = 0

    def add_article(self, seq: int, data: dict[str, Any]) -> None:
        """All rows of one analysed article (its `presslens/1` dict): all of them, or none if one fails."""
        article_id = data["id"]
        new: dict[str, list[tuple]] = {"articles": [(seq, *article_row(data))]}
        for table, rows in annotation_rows(data).items():
            new[table] = [(article_id, *row) for row in rows]
        new["actors"] = [(article_id, *row) for row in actor_rows(data)]
        view = {**data, "outlet_name": outlet_name(data)}  # as the store reads articles back
        new["figures"] = [
            (*(entry[name] for name in FIGURE_KEYS), idx) for idx, entry in enumerate(claim_entries([view]))
        ]
        new["names"] = [
            (article_id, actor, kind, name, count) for (actor, kind, name), count in name_counts(view).items()
        ]
        new["voices"] = [
            (article_id, idx, row["speaker"], row["affiliation"], row["kind"])
            for idx, row in enumerate(speaker_rows(view))
        ]
        for table, rows in new.items():
            self.rows[table].extend(rows)
        self.articles += 1

    def add_error(
        self, seq: int, source: str, reason: str, stage: str, article_id: str | None = None
    ) -> None:
        self.rows["errors"].append((seq, source, reason, stage, article_id))
        self.errors += 1

    def tables(self) -> dict[str, pa.Table]:
        out = {}
        for table, schema in schemas().items():
            rows = self.rows[table]
            columns = [[self.partition] * len(rows)]
            for i, field in enumerate(list(schema)[1:]):
                columns.append(_column([row[i] for row in rows], field.type))
            out[table] = pa.Table.from_arrays(columns, schema=schema)
        return out


def _column(values: list[Any], kind: pa.DataType) -> pa.Array:
    """An Arrow column; numbers too large for int64 (a "99999999999999999999999" figure) become floats."""
    if pa.types.is_floating(kind):
        values = [None if v is None else _float(v) for v in values]
    elif pa.types.is_string(kind):
        values = [None if v is None else str(v) for v in values]
    return pa.array(values, type=kind)


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if not math.isnan(number) else None
