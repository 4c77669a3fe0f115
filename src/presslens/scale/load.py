"""Loading a Parquet corpus into the SQLite store, for `presslens serve` and its search.

The web app reads one SQLite file; a corpus analysed on a cluster is loaded into it here without
analysing anything again: each article's stored `presslens/1` JSON (and text) goes through the
store's own writer, in committed batches, so a load can be interrupted and re-run (articles
already in the database are skipped by content id) and near-duplicates are linked as by ingest.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from presslens.scale.views import connect as connect_corpus
from presslens.store.dedup import DuplicateIndex
from presslens.store.writer import has_article, store_article


@dataclass
class LoadStats:
    stored: int = 0
    skipped: int = 0  # already in the database (same content id)
    errors: int = 0  # error rows of the corpus (inputs that were never analysed), not loaded
    refused: list[str] = field(default_factory=list)  # articles the store could not take, with why


def load_corpus(
    root: str | Path,
    conn: sqlite3.Connection,
    batch_size: int = 200,
    on_batch: Callable[[LoadStats], None] | None = None,
) -> LoadStats:
    """Store every article of the corpus at ``root`` (one copy per content id) into ``conn``."""
    stats = LoadStats()
    corpus = connect_corpus(root)
    try:
        stats.errors = corpus.execute("SELECT count(*) FROM errors").fetchone()[0]
        index = DuplicateIndex.from_db(conn)
        cursor = corpus.execute("SELECT json, text FROM articles ORDER BY partition, seq")
        while rows := cursor.fetchmany(batch_size):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for stored_json, text in rows:
                    data = json.loads(stored_json)
                    data["text"] = text
                    if has_article(conn, data["id"]):
                        stats.skipped += 1
                        continue
                    conn.execute("SAVEPOINT article")  # one article the store refuses is skipped alone
                    try:
                        store_article(conn, data, index)
                    except sqlite3.OperationalError:  # the database itself (disk, lock): stop
                        raise
                    except Exception as exc:  # noqa: BLE001 - this article's data: reported, load goes on
                        conn.execute("ROLLBACK TO article")
                        stats.refused.append(f"{data['id']}: {type(exc).__name__}: {exc}")
                    else:
                        stats.stored += 1
                    conn.execute("RELEASE article")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            if on_batch:
                on_batch(stats)
    finally:
        corpus.close()
    return stats
