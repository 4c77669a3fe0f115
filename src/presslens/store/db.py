"""Opening the corpus database: one SQLite file, WAL mode, foreign keys on, schema up to date.

Connections run in autocommit mode (``isolation_level=None``) and every write path opens its own
explicit transaction, so what is committed is exactly what we decided to commit (a batch, a
migration) and nothing rides along implicitly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from presslens.errors import PressLensError
from presslens.store.schema import MIGRATIONS, applied, migrate


class StoreError(PressLensError):
    """The corpus database is missing, unreadable or from an unknown schema."""


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """Open ``path``; read-write opens create and migrate it, read-only opens use ``mode=ro``.

    A read-only connection is opened through SQLite's URI form so that even a bug in a query
    cannot write: the web app uses it unless started with ``--allow-ingest``.
    """
    path = Path(path)
    if readonly:
        if not path.is_file():
            raise StoreError(f"{path}: no such database (run `presslens ingest` first)")
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            missing = [name for name, _ in MIGRATIONS if name not in set(applied(conn))]
            if missing:
                raise StoreError(
                    f"{path}: schema is not up to date (missing {', '.join(missing)}); "
                    "run `presslens ingest` on it once"
                )
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a PressLens database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return conn
