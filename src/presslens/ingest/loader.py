"""Placeholder loader (plain UTF-8 text files only); replaced by the full ingest layer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from presslens.errors import InputError
from presslens.model import Article, OffsetMap, SourceInfo


def article_from_text(text: str, source: SourceInfo | None = None) -> Article:
    return Article(text=text, source=source or SourceInfo(), offsets=OffsetMap.identity(len(text)))


def load_inputs(specs: Sequence[str]) -> Iterator[Article | InputError]:
    for spec in specs:
        path = Path(spec)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield InputError(spec, str(exc))
            continue
        yield article_from_text(text, SourceInfo(path=spec, encoding="utf-8"))
