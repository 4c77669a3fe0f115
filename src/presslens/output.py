"""Serialising articles: JSON (one array) or JSONL (one object a line), to a stream or atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from presslens.model import Article

FORMATS = ("json", "jsonl")


def dumps(article: Article | dict[str, Any], indent: int | None = None) -> str:
    """One article as JSON text that any UTF-8 writer can encode.

    Strings are written as UTF-8 characters; should one hold a lone surrogate (not valid Unicode,
    say from a file name that is not UTF-8), that article is written with ``\\u`` escapes instead.
    """
    data = article.to_dict() if isinstance(article, Article) else article
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=indent)
    return text


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


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text stream whose content replaces ``path`` only when the block ends without an error.

    It writes to a temporary file beside ``path`` and renames it over ``path`` at the end (a rename
    is atomic on one file system), so a crash, a kill or a full disk never leaves a cut-off file:
    ``path`` holds the old content or the whole new one.
    """
    target = Path(path)
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(articles: Iterable[Article], path: str | os.PathLike[str], fmt: str = "json") -> int:
    """`write` to ``path`` atomically (see `atomic_file`); returns how many articles were written."""
    with atomic_file(path) as stream:
        return write(articles, stream, fmt)
