"""The corpus as the web app keeps it in memory: article dicts loaded incrementally, results per version.

Why: the corpus-wide pages (overview, figures side by side, outlets) combine every article. Clearing
one cache on every commit, as the app first did, made each commit of a running ingest (one every
20 articles) cost a full reload (all JSON parsed again) and a full recomputation while every request
waited: p95 4.6 s with 50 clients during an ingest. Now:

- the articles are loaded once, then only what changed is read: new rows (``pk`` above the last one
  seen), and the ids of deleted ones, found from the cheap ``(count, max(pk))`` of the table; a
  commit that changes no article (a WAL checkpoint) changes nothing here;
- a derived result (a figure timeline, a rendered page) is kept with the corpus version it was
  computed for. When the corpus has moved on, ONE background thread computes the new one; a request
  waits for it at most ``fresh_wait`` seconds (a small corpus is recomputed within that, so a page is
  current), then gets the previous result (stale-while-revalidate). A result is recomputed at most
  once every ``min_refresh`` seconds, so an ingest committing every article cannot keep the server
  busy re-rendering pages. Only the very first request for a result waits until it is computed.
  Under a running ingest a page is therefore a few seconds behind at most, and the overview says
  which version it shows (``corpus_version`` in its JSON).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

#: Results kept (rendered pages and aggregates for the few query variants users ask for).
MAX_RESULTS = 256

_refreshing = threading.local()


def _sort_key(published: str | None, article_id: str) -> tuple:
    """The order of `queries.iter_article_dicts` (SQL ``ORDER BY published, id``: NULL dates first)."""
    return (published is not None, published or "", article_id)


class CorpusCache:
    """Article dicts and derived results of one database, kept current with little work per commit."""

    def __init__(
        self,
        db: Path,
        connect: Callable[[], sqlite3.Connection],
        fresh_wait: float = 0.1,
        min_refresh: float = 2.0,
    ) -> None:
        self.db = db
        self.fresh_wait = fresh_wait
        self.min_refresh = min_refresh
        self._connect = connect
        self._lock = threading.RLock()
        self._stamp: tuple | None = None
        self._table: tuple[int, int] | None = None  # (count, max pk) of articles
        self._overrides: tuple[int, int] | None = None  # (count, max id) of grouping_overrides
        self._by_pk: dict[int, tuple[tuple, dict[str, Any]]] = {}  # pk -> (sort key, article dict)
        self._articles: list[dict[str, Any]] = []
        self.version = 0
        # key -> (corpus version, value, time.monotonic() when computed)
        self._results: OrderedDict[Hashable, tuple[int, Any, float]] = OrderedDict()
        self._computing: dict[Hashable, Future] = {}
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="corpus-refresh")

    # -- articles --------------------------------------------------------------------------------
    def _files_stamp(self) -> tuple:
        out = []
        for path in (self.db, Path(f"{self.db}-wal")):
            try:
                st = path.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def refresh(self) -> int:
        """Bring the articles up to date (cheap when nothing changed); returns the corpus version."""
        stamp = self._files_stamp()
        if stamp == self._stamp:
            return self.version
        with self._lock:
            if stamp == self._stamp:
                return self.version
            conn = self._connect()
            try:
                count, top = conn.execute("SELECT count(*), coalesce(max(pk), 0) FROM articles").fetchone()
                # the user's grouping overrides change the figures page as much as new articles do
                overrides = tuple(
                    conn.execute("SELECT count(*), coalesce(max(id), 0) FROM grouping_overrides").fetchone()
                )
                if (count, top) != self._table:
                    self._load_changes(conn, count, top)
                    self._table = (count, top)
                    self.version += 1
                elif overrides != self._overrides:
                    self.version += 1
                self._overrides = overrides
            finally:
                conn.close()
            self._stamp = stamp
            return self.version

    def _load_changes(self, conn: sqlite3.Connection, count: int, top: int) -> None:
        last = max(self._by_pk, default=0)
        for row in conn.execute(
            "SELECT pk, id, json, text, outlet_name, published FROM articles WHERE pk > ? ORDER BY pk",
            (last,),
        ):
            data = json.loads(row["json"])
            data["text"] = row["text"]
            data["outlet_name"] = row["outlet_name"]
            self._by_pk[row["pk"]] = (_sort_key(row["published"], row["id"]), data)
        if len(self._by_pk) != count:  # some were deleted (or replaced under a lower pk)
            present = {r[0] for r in conn.execute("SELECT pk FROM articles")}
            for pk in set(self._by_pk) - present:
                del self._by_pk[pk]
        self._articles = [data for _, data in sorted(self._by_pk.values(), key=lambda item: item[0])]

    def current_version(self) -> int | None:
        """The corpus version when the files show no change since it was read, else None (two stat
        calls, no query: cheap enough for the event loop)."""
        return self.version if self._stamp is not None and self._files_stamp() == self._stamp else None

    def fresh(self, key: Hashable) -> Any | None:
        """The result for ``key`` if it is computed for the current corpus, else None (no waiting, no I/O
        but two stat calls): lets an async route answer without a thread when nothing changed."""
        version = self.current_version()
        entry = self._results.get(key)
        return entry[1] if entry is not None and version is not None and entry[0] == version else None

    def articles(self) -> list[dict[str, Any]]:
        """Every stored article dict (with ``outlet_name``), ordered as `iter_article_dicts` orders them.

        Callers must not modify them: they are shared by every request.
        """
        self.refresh()
        return self._articles

    # -- derived results ---------------------------------------------------------------------------
    def result(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``'s value for the current corpus, or the previous one while a new one is computed.

        Only a key never computed before makes its caller wait. Inside a background refresh, nested
        results are brought up to date first, so a new page is never built from a stale aggregate.
        """
        version = self.refresh()
        with self._lock:
            entry = self._results.get(key)
            if entry is not None:
                self._results.move_to_end(key)
        if entry is not None and entry[0] == version:
            return entry[1]
        if entry is not None and not getattr(_refreshing, "active", False):
            if time.monotonic() - entry[2] < self.min_refresh:
                return entry[1]  # recomputed moments ago: the corpus is changing fast, keep serving it
            try:
                return self._schedule(key, compute).result(timeout=self.fresh_wait)
            except FutureTimeout:
                return entry[1]  # still computing: the previous result, at once
            except Exception:  # noqa: BLE001 - a failed refresh is retried (and reported) by the next request
                return entry[1]
        return self._compute(key, compute)

    def _compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # one computation per key; the others wait for it and reuse it
            version = self.refresh()
            entry = self._results.get(key)
            if entry is not None and entry[0] == version:
                return entry[1]
            value = compute()
            with self._lock:
                self._results[key] = (version, value, time.monotonic())
                self._results.move_to_end(key)
                while len(self._results) > MAX_RESULTS:
                    old, _ = self._results.popitem(last=False)
                    self._key_locks.pop(old, None)
            return value

    def _schedule(self, key: Hashable, compute: Callable[[], Any]) -> Future:
        """The background computation of ``key`` (started now unless one is already running)."""
        with self._lock:
            running = self._computing.get(key)
            if running is not None:
                return running

            def run() -> Any:
                _refreshing.active = True
                try:
                    return self._compute(key, compute)
                except Exception:
                    with self._lock:
                        self._results.pop(key, None)  # the next request computes it and reports the error
                    raise
                finally:
                    _refreshing.active = False
                    with self._lock:
                        self._computing.pop(key, None)

            future = self._background.submit(run)
            self._computing[key] = future
            return future

    def close(self) -> None:
        self._background.shutdown(wait=False, cancel_futures=True)
