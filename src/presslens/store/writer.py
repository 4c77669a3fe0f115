"""Writing analysed articles into the store, and `ingest`: analyse-and-store in committed batches.

The store accepts exactly what `presslens analyze` prints (the `presslens/1` JSON dict), so tests
and other tools can feed it dicts; the per-type rows are built from the typed records of
`presslens.layers` (the dict read back with `Article.from_dict` when no `Article` is at hand,
which leaves out items that do not fit their type). The full JSON is kept in `articles.json`; the
per-type tables are flattened copies made for filtering, grouping and search.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from presslens.errors import InputError
from presslens.layers import Claim, Quote
from presslens.model import Article
from presslens.store.dedup import DuplicateIndex, signature, to_blob
from presslens.values.dates import iso_date

BATCH_SIZE = 20


def _real(value: Any) -> float | None:
    """A number for a REAL column: ints beyond SQLite's 64 bits ("10**23 people") would overflow."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _claim_row(claim: Claim, text: str) -> tuple:
    value, count_of, event, as_of = claim.value, claim.count_of, claim.event, claim.as_of
    return (
        _real(value.low) if value else None,
        _real(value.high) if value else None,
        int(value.approx) if value else None,
        value.qualifier if value else None,
        (value.unit or None) if value else None,
        count_of.text if count_of else None,
        count_of.head if count_of else None,
        event.label if event else None,
        int(event.negated) if event else None,
        as_of.date if as_of else None,
        as_of.kind if as_of else None,
        as_of.text if as_of else None,
        claim.attribution.label() if claim.attribution else None,
        claim.confidence,
    )


def _quote_row(quote: Quote, text: str) -> tuple:
    speaker = quote.speaker
    return (
        quote.kind,
        speaker.name if speaker else None,
        speaker.actor if speaker else None,
        quote.affiliation,
        text[quote.content.start : quote.content.end],
        quote.cue.text if quote.cue else None,
        int(speaker.resolved) if speaker else None,
        text[speaker.start : speaker.end] if speaker and speaker.start is not None else None,
    )


#: The per-layer tables: layer -> (columns after the span, row from a typed record). The columns
#: are those of store/schema.py's tables; each row reads the record's typed attributes.
_TABLES: dict[str, tuple[tuple[str, ...], Callable[[Any, str], tuple]]] = {
    "claims": (
        (
            "value_low",
            "value_high",
            "approx",
            "qualifier",
            "unit",
            "count_of",
            "count_of_head",
            "event",
            "event_negated",
            "as_of",
            "as_of_kind",
            "as_of_text",
            "attribution",
            "confidence",
        ),
        _claim_row,
    ),
    "quotes": (
        (
            "kind",
            "speaker",
            "speaker_actor",
            "affiliation",
            "content",
            "cue",
            "speaker_resolved",
            "speaker_written",
        ),
        _quote_row,
    ),
    "sources": (("type", "name", "affiliation"), lambda s, text: (s.type, s.name, s.affiliation)),
    "techniques": (("label", "confidence", "shown"), lambda t, text: (t.label, t.confidence, int(t.shown))),
    "labels": (("term", "category", "actor"), lambda lab, text: (lab.term, lab.category, lab.actor)),
    "scare_quotes": ((), lambda item, text: ()),
    "entities": (("label", "actor"), lambda e, text: (e.label, e.actor)),
}


def has_article(conn: sqlite3.Connection, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None


def _genre(data: dict[str, Any]) -> str | None:
    genre = data.get("genre")
    return genre.get("label") if isinstance(genre, dict) else genre if isinstance(genre, str) else None


def _source(data: dict[str, Any]) -> str | None:
    source = data.get("source") or {}
    return source.get("url") or source.get("path") if isinstance(source, dict) else None


def outlet_name(data: dict[str, Any]) -> str:
    """The outlet to group by: the stated outlet, else "(outlet not stated)" with the article's title
    or file name, so unlabelled inputs stay apart and are shown, not hidden, in the per-outlet views."""
    outlet = (data.get("outlet") or "").strip()
    if outlet:
        return outlet
    title = (data.get("title") or "").strip()
    source = _source(data)
    label = title or (Path(source).name or source if source else "")
    return f"(outlet not stated) {label}".strip()


#: Columns of each annotation table after ``article_id`` (the span first, then the table's own).
ANNOTATION_COLUMNS: dict[str, tuple[str, ...]] = {
    table: ("ann_id", "start", "end", "text", *columns) for table, (columns, _) in _TABLES.items()
}
#: Columns of the `actors` table after ``article_id``.
ACTOR_COLUMNS = ("actor_id", "name", "label", "mentions")
#: Columns of the `articles` table that come from the article itself (not the store's own
#: ``pk``, ``ingested_at`` and ``minhash``).
ARTICLE_COLUMNS = (
    "id",
    "source",
    "outlet",
    "outlet_name",
    "title",
    "published",
    "author",
    "text",
    "json",
    "genre",
)


def article_row(data: dict[str, Any]) -> tuple:
    """The `articles` row of an article dict, in `ARTICLE_COLUMNS` order.

    The SQLite store and the Parquet corpus (`presslens.scale`) both write these rows, so the two
    hold the same columns with the same values.
    """
    return (
        data["id"],
        _source(data),
        data.get("outlet"),
        outlet_name(data),
        data.get("title"),
        iso_date(data.get("published")),
        data.get("author"),
        data["text"],
        json.dumps({k: v for k, v in data.items() if k != "text"}, ensure_ascii=False),  # text: own column
        _genre(data),
    )


def annotation_rows(data: dict[str, Any], article: Article | None = None) -> dict[str, list[tuple]]:
    """Rows of each annotation table (in `ANNOTATION_COLUMNS` order, without ``article_id``), from
    the typed records (``article``, else ``data`` read back with `Article.from_dict`)."""
    typed = article if article is not None else Article.from_dict(data)
    text = typed.text
    return {
        table: [
            (r.id, r.start, r.end, text[r.start : r.end], *row(r, text)) for r in typed.layers.get(table, [])
        ]
        for table, (_, row) in _TABLES.items()
    }


def actor_rows(data: dict[str, Any], article: Article | None = None) -> list[tuple]:
    """Rows of the `actors` table (in `ACTOR_COLUMNS` order, without ``article_id``)."""
    typed = article if article is not None else Article.from_dict(data)
    return [(a.id, a.name, a.label, len(a.mentions)) for a in typed.results.get("actors") or ()]


def _insert(table: str, columns: tuple[str, ...], verb: str = "INSERT") -> str:
    names = ", ".join(f'"{c}"' for c in ("article_id", *columns))
    return f"{verb} INTO {table} ({names}) VALUES ({', '.join('?' * (len(columns) + 1))})"


def store_article(
    conn: sqlite3.Connection,
    data: dict[str, Any],
    index: DuplicateIndex | None = None,
    article: Article | None = None,
) -> list[tuple[str, float]]:
    """Insert one article dict and its annotations (the caller owns the transaction).

    The per-type rows come from typed records: ``article`` when the caller has it (ingest does),
    else ``data`` read back once with `Article.from_dict`. Returns the near-duplicate found (the
    earliest stored copy, linked in `duplicates`), if any. An article already stored (same content
    id) is left as it is: call `delete_article` first to replace it.
    """
    article_id, text = data["id"], data["text"]
    if has_article(conn, article_id):
        return []
    typed = article if article is not None else Article.from_dict(data)
    sig = signature(text)
    columns = (*ARTICLE_COLUMNS, "ingested_at", "minhash")
    conn.execute(
        f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        (*article_row(data), datetime.now(UTC).isoformat(timespec="seconds"), to_blob(sig)),
    )
    for table, rows in annotation_rows(data, typed).items():
        conn.executemany(_insert(table, ANNOTATION_COLUMNS[table]), [(article_id, *row) for row in rows])
    actors = [(article_id, *row) for row in actor_rows(data, typed)]
    conn.executemany(_insert("actors", ACTOR_COLUMNS, "INSERT OR IGNORE"), actors)
    found: list[tuple[str, float]] = []
    if index is not None:
        match = index.original(article_id, sig)
        found = [match] if match else []
        conn.executemany(
            "INSERT OR IGNORE INTO duplicates (article_id, duplicate_of, similarity) VALUES (?, ?, ?)",
            [(article_id, other, sim) for other, sim in found],
        )
        index.add(article_id, sig)
    return found


def delete_article(conn: sqlite3.Connection, article_id: str) -> None:
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def store_dicts(conn: sqlite3.Connection, articles: Iterable[dict[str, Any]]) -> int:
    """Store article dicts in one transaction (used by tests and by the web app's ingest form)."""
    index = DuplicateIndex.from_db(conn)
    count = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for data in articles:
            if not has_article(conn, data["id"]):
                store_article(conn, data, index)
                count += 1
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return count


@dataclass
class IngestStats:
    stored: int = 0
    skipped: int = 0  # already in the store (same content id), never re-analysed
    replaced: int = 0  # re-analysed and replaced (``replace=True``), counted in ``stored`` too
    errors: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    batches: int = 0


def _new_only(
    items: Iterable[Article | InputError], conn: sqlite3.Connection, stats: IngestStats, replace: bool
) -> Iterator[Article | InputError]:
    """Drop articles already stored, BEFORE analysis: the content id is known from the cleaned text.

    With ``replace``, stored articles go through again (to be re-analysed); repeats within one run
    are still dropped.
    """
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Article):
            if item.id in seen or (not replace and has_article(conn, item.id)):
                stats.skipped += 1
                continue
            seen.add(item.id)
        yield item


def ingest(
    conn: sqlite3.Connection,
    inputs: Sequence[str | Path],
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    components: Sequence[str] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_batch: Callable[[IngestStats], None] | None = None,
    replace: bool = False,
) -> IngestStats:
    """Load, analyse and store ``inputs``, committing every ``batch_size`` articles.

    A crash or kill loses at most the batch in flight; a rerun skips what was committed without
    analysing it again, so ingest can simply be restarted. ``replace`` re-analyses articles already
    stored and replaces them (after new analysers are installed, say).
    """
    from presslens.api import analyze_many
    from presslens.ingest import load_inputs

    stats = IngestStats()
    index = DuplicateIndex.from_db(conn)
    loaded = _new_only(load_inputs([str(p) for p in inputs]), conn, stats, replace)
    analysed = analyze_many(loaded, components, jobs=jobs)
    articles = _errors_aside(analysed, stats, on_error)
    while batch := list(islice(articles, batch_size)):
        conn.execute("BEGIN IMMEDIATE")
        stored = 0
        try:
            for article in batch:
                # one article whose data the store cannot take is rolled back alone and reported;
                # database failures (disk, locks) still abort the batch below
                if not replace and has_article(conn, article.id):
                    stats.skipped += 1  # another process stored it since we checked: not ours to count
                    continue
                conn.execute("SAVEPOINT article")
                try:
                    data = article.to_dict()
                    replaced = replace and has_article(conn, data["id"])
                    if replaced:
                        delete_article(conn, data["id"])
                    found = store_article(conn, data, index, article)
                except _DATA_ERRORS as exc:
                    conn.execute("ROLLBACK TO article")
                    conn.execute("RELEASE article")
                    error = InputError(_article_name(article), f"not stored: {type(exc).__name__}: {exc}")
                    stats.errors.append(str(error))
                    if on_error:
                        on_error(error)
                    continue
                conn.execute("RELEASE article")
                stats.replaced += int(replaced)
                stats.duplicates.extend((data["id"], other, sim) for other, sim in found)
                stored += 1
        except BaseException:
            conn.execute("ROLLBACK")
            # the in-memory LSH index may now hold ids that were rolled back: rebuild it
            index = DuplicateIndex.from_db(conn)
            raise
        conn.execute("COMMIT")
        stats.stored += stored
        stats.batches += 1
        if on_batch:
            on_batch(stats)
    return stats


#: Errors that come from one article's data, not from the database: that article alone is skipped.
_DATA_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    OverflowError,
    sqlite3.IntegrityError,
    sqlite3.InterfaceError,
    sqlite3.ProgrammingError,
    sqlite3.DataError,
)


def _article_name(article: Article) -> str:
    source = article.source
    if source.line is not None:
        return f"{source.path or source.url or '-'}:{source.line}"
    return source.path or source.url or article.id


def _errors_aside(
    items: Iterable[Article | InputError], stats: IngestStats, on_error: Callable[[InputError], None] | None
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, InputError):
            stats.errors.append(str(item))
            if on_error:
                on_error(item)
            continue
        yield item
