"""Opening the corpus database: one SQLite file, WAL mode, foreign keys on, schema up to date.

Connections run in autocommit mode (``isolation_level=None``) and every write path opens its own
explicit transaction, so what is committed is exactly what we decided to commit (a batch, a
migration) and nothing rides along implicitly.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from presslens.errors import PressLensError
from presslens.store.schema import MIGRATIONS, applied, migrate

#: The corpus database `presslens ingest` writes and `presslens serve` reads when not told otherwise.
DEFAULT_DB = Path("presslens.db")


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
        _prepare(conn, path, readonly)
    except sqlite3.OperationalError as exc:
        conn.close()
        if _is_busy(exc):
            raise StoreError(f"{path}: the database stayed locked by another process; try again") from None
        raise StoreError(f"{path}: not a PressLens database ({exc})") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a PressLens database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return conn


#: How long a new connection retries when SQLite reports a lock it would not wait for.
LOCK_RETRY_SECONDS = 30.0


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def _prepare(conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
    """Pragmas and migrations. Retried on "database is locked": SQLite returns it at once, without
    waiting, when waiting could deadlock (several processes creating the same new database), and
    every step here is idempotent (each migration is one transaction, checked again under the lock)."""
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    delay = 0.01
    while True:
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
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() + delay > deadline:
                raise
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
