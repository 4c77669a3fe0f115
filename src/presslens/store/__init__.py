"""The corpus store: analysed articles and their annotations in one SQLite file (see docs/corpus.md)."""

from __future__ import annotations

from presslens.store.db import StoreError, connect
from presslens.store.search import Filters, SearchError, search
from presslens.store.writer import IngestStats, ingest, store_article, store_dicts

__all__ = [
    "Filters",
    "IngestStats",
    "SearchError",
    "StoreError",
    "connect",
    "ingest",
    "search",
    "store_article",
    "store_dicts",
]
