"""The cross-article views over a Parquet corpus, added up by DuckDB.

The SQLite store computes its views (`presslens.corpus`: figures side by side, the names and
voices of each outlet, technique counts per outlet and month) by reading every article back into
Python. That cannot scale to millions of articles, so the Parquet corpus splits each view in two:
the per-article half (which actor a mention names, who a quote is from, what quantity a figure
counts) was computed on the workers by the very functions the SQLite views use, and stored as
rows (`presslens.scale.tables`); here DuckDB only joins, counts and orders those rows, and the
same shaping functions as the in-memory path (`shape_actor_names`, `shape_speakers`,
`shape_techniques`, `timeline`) build the result. A test checks that both give equal results
on the same articles (tests/test_scale_views.py).

An article stored twice (the same text in two inputs, or in two runs with other inputs) has one
content id: the views see one copy, as the SQLite store keeps one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presslens.corpus.compare import shape_actor_names, shape_speakers, shape_techniques
from presslens.corpus.quantities import sort_timelines, timeline
from presslens.scale.dataset import PARTS, done_partitions, read_manifest
from presslens.scale.tables import FIGURE_KEYS, TABLES, schemas

#: Articles in the order the SQLite store reads them back (`iter_article_dicts`): by publication
#: date, undated first, then by id.
ARTICLE_ORDER = "a.published NULLS FIRST, a.id"


def connect(root: str | Path, threads: int | None = None) -> Any:
    """A DuckDB connection (in memory) with a view per table of the corpus at ``root``.

    ``<table>_all`` has every row written; ``<table>`` (``articles``, ``claims``, ...) keeps one
    copy of each article, the one written first (by partition id, then input order), and the
    annotations of that copy. ``errors`` lists every input or article that could not be analysed.
    """
    import duckdb

    root = Path(root)
    read_manifest(root)  # a clear error when this is not a corpus
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    has_parts = bool(done_partitions(root))
    for table in TABLES:
        if has_parts:
            pattern = str(root / PARTS / "*" / f"{table}.parquet").replace("'", "''")
            # by name: a column added since some partitions were written reads as NULL there
            con.execute(
                f"CREATE VIEW {table}_all AS SELECT * FROM read_parquet('{pattern}', union_by_name = true)"
            )
        else:  # nothing written yet: empty tables of the right shape
            con.register(f"{table}_empty", schemas()[table].empty_table())
            con.execute(f"CREATE VIEW {table}_all AS SELECT * FROM {table}_empty")
    con.execute(
        "CREATE VIEW articles AS SELECT * FROM articles_all "
        "QUALIFY row_number() OVER (PARTITION BY id ORDER BY partition, seq) = 1"
    )
    for table in TABLES:
        if table in ("articles", "errors"):
            continue
        con.execute(
            f"CREATE VIEW {table} AS SELECT t.* FROM {table}_all t "
            "SEMI JOIN articles a ON a.id = t.article_id AND a.partition = t.partition"
        )
    con.execute("CREATE VIEW errors AS SELECT * FROM errors_all")
    return con


def _rows(con: Any, sql: str, params: list[Any] | None = None) -> Iterator[tuple]:
    """Rows of a query, fetched in batches (a result never has to fit in memory at once)."""
    cursor = con.execute(sql, params or [])
    while batch := cursor.fetchmany(10_000):
        yield from batch


def counts(con: Any) -> dict[str, Any]:
    """Articles (distinct), inputs that failed, and annotations per table."""
    out = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    out["articles_written"] = con.execute("SELECT count(*) FROM articles_all").fetchone()[0]
    return out


def actor_names(con: Any) -> dict[str, Any]:
    """As `presslens.corpus.actor_names` on the same articles."""
    table: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for actor, outlet, kind, name, count in _rows(
        con,
        "SELECT n.actor, a.outlet_name, n.kind, n.name, sum(n.count) FROM names n "
        "JOIN articles a ON a.id = n.article_id GROUP BY ALL",
    ):
        table[actor][outlet][(kind, name)] = int(count)
    scare: dict[str, Counter] = defaultdict(Counter)
    for outlet, text, count in _rows(
        con,
        "SELECT a.outlet_name, s.text, count(*) FROM scare_quotes s "
        "JOIN articles a ON a.id = s.article_id GROUP BY ALL",
    ):
        scare[outlet][text] = int(count)
    return shape_actor_names(table, scare)


def speakers(con: Any) -> dict[str, Any]:
    """As `presslens.corpus.speakers`: who each outlet quotes, and who each article quotes."""
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for outlet, speaker, affiliation, direct, indirect, mixed, cited, beliefs, total, articles in _rows(
        con,
        f"""SELECT a.outlet_name, v.speaker,
              first(v.affiliation ORDER BY {ARTICLE_ORDER}, v.idx),
              count(*) FILTER (WHERE v.kind = 'direct'),
              count(*) FILTER (WHERE v.kind IS NULL
                               OR v.kind NOT IN ('direct', 'mixed', 'document', 'belief')),
              count(*) FILTER (WHERE v.kind = 'mixed'),
              count(*) FILTER (WHERE v.kind = 'document'),
              count(*) FILTER (WHERE v.kind = 'belief'),
              count(*) FILTER (WHERE v.kind IS DISTINCT FROM 'belief'), count(DISTINCT v.article_id)
            FROM voices v JOIN articles a ON a.id = v.article_id GROUP BY ALL""",
    ):
        by_outlet[outlet].append(
            {
                "speaker": speaker,
                "affiliation": affiliation,
                "direct": int(direct),
                "indirect": int(indirect),
                "mixed": int(mixed),
                "cited": int(cited),
                "beliefs": int(beliefs),
                "total": int(total),
                "articles": int(articles),
            }
        )
    quoted: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for article_id, speaker, count in _rows(
        con,
        "SELECT article_id, speaker, count(*) AS n FROM voices WHERE kind IS DISTINCT FROM 'belief' "
        "GROUP BY ALL ORDER BY article_id, n DESC, speaker",
    ):
        quoted[article_id].append({"speaker": speaker, "count": int(count)})
    by_article = [
        {"article_id": article_id, "outlet": outlet, "title": title, "speakers": quoted.get(article_id, [])}
        for article_id, outlet, title in _rows(
            con, f"SELECT a.id, a.outlet_name, a.title FROM articles a ORDER BY {ARTICLE_ORDER}"
        )
    ]
    return {"by_outlet": shape_speakers(by_outlet), "by_article": by_article}


#: The publication month of `presslens.corpus.compare.article_month`, from the stored (ISO) date.
_MONTH = "coalesce(nullif(substr(coalesce(a.published, ''), 1, 7), ''), 'undated')"


def techniques(con: Any) -> dict[str, Any]:
    """As `presslens.corpus.techniques`: technique counts by outlet and by publication month."""
    by_outlet: dict[str, Counter] = defaultdict(Counter)
    by_month: dict[str, Counter] = defaultdict(Counter)
    for outlet, month, label, count in _rows(
        con,
        f"SELECT a.outlet_name, {_MONTH}, t.label, count(*) FROM techniques t "
        "JOIN articles a ON a.id = t.article_id WHERE coalesce(t.shown, 1) <> 0 GROUP BY ALL",
    ):
        by_outlet[outlet][label] += int(count)
        by_month[month][label] += int(count)
    per_outlet = Counter(
        {
            outlet: int(n)
            for outlet, n in _rows(con, "SELECT outlet_name, count(*) FROM articles GROUP BY ALL")
        }
    )
    return shape_techniques(by_outlet, by_month, per_outlet)


def compare(con: Any) -> dict[str, Any]:
    """The outlet comparison (`presslens.web.views.compare`): names, scare quotes, voices, techniques."""
    names = actor_names(con)
    return {
        "actors": names["actors"],
        "scare_quotes": names["scare_quotes"],
        "speakers": speakers(con),
        "techniques": techniques(con),
    }


def timelines(
    con: Any, tolerance: float = 0.10, period_days: int = 14, stale_days: int = 30, max_pairs: int = 200
) -> list[dict[str, Any]]:
    """As `presslens.corpus.timelines`: figures grouped by quantity, each group dated and flagged.

    DuckDB sorts the figures by group (then in article order); groups are flagged one at a time,
    so memory holds one group's figures besides the result.
    """
    select = ", ".join(f'f."{name}"' for name in FIGURE_KEYS)
    groups = []
    current: tuple[str, str] | None = None
    entries: list[dict[str, Any]] = []
    for row in _rows(
        con,
        f"SELECT {select} FROM figures f JOIN articles a ON a.id = f.article_id "
        f"ORDER BY f.quantity, f.event, {ARTICLE_ORDER}, f.idx",
    ):
        entry = dict(zip(FIGURE_KEYS, row, strict=True))
        for key in ("low", "high"):
            value = entry[key]
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                entry[key] = int(value)  # figures are counts: 890, not 890.0
        key = (entry["quantity"], entry["event"])
        if key != current:
            if current is not None:
                groups.append(timeline(*current, entries, tolerance, period_days, stale_days, max_pairs))
            current, entries = key, []
        entries.append(entry)
    if current is not None:
        groups.append(timeline(*current, entries, tolerance, period_days, stale_days, max_pairs))
    return sort_timelines(groups)
