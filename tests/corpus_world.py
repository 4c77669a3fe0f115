"""The synthetic fixture corpus (tests/fixtures/corpus) shared by the store, corpus and web tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"


def load_articles() -> dict[str, dict[str, Any]]:
    """Fixture article dicts by file stem (harbor, northern, crescent, ledger, hostile)."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))}


def build_db(path: Path) -> Path:
    from presslens.store import connect, store_dicts

    conn = connect(path)
    try:
        store_dicts(conn, load_articles().values())
    finally:
        conn.close()
    return path
