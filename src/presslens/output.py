"""Serialising articles: JSON (one array) or JSONL (one object a line)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from presslens.model import Article

FORMATS = ("json", "jsonl")


def dumps(article: Article | dict[str, Any], indent: int | None = None) -> str:
    data = article.to_dict() if isinstance(article, Article) else article
    return json.dumps(data, ensure_ascii=False, indent=indent)


def write(articles: Iterable[Article], stream: IO[str], fmt: str = "json") -> int:
    """Write articles as ``fmt`` to ``stream`` as they come; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    count = 0
    if fmt == "jsonl":
        for article in articles:
            stream.write(dumps(article) + "\n")
            count += 1
        return count
    for article in articles:  # "[" only once the first article is ready: an error leaves stdout empty
        stream.write(("," if count else "[") + "\n" + dumps(article, indent=2))
        count += 1
    stream.write("\n]\n" if count else "[]\n")
    return count
