"""The Python API: `analyze` one article, `analyze_many` a batch (optionally in processes).

Compute stays apart from formatting (as in trafilatura's `bare_extraction` / `extract`): these
functions return `Article` objects; `presslens.output` and `presslens.report` format them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from presslens.errors import InputError
from presslens.ingest import article_from_text, load_inputs
from presslens.model import Article, SourceInfo
from presslens.pipeline import Pipeline

_PIPELINES: dict[tuple[str, ...] | None, Pipeline] = {}


def get_pipeline(components: Sequence[str] | None = None) -> Pipeline:
    """A pipeline per component list, built once per process (model loading is the slow part)."""
    key = tuple(components) if components is not None else None
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(components)
    return _PIPELINES[key]


def analyze(text_or_path: str | os.PathLike[str], components: Sequence[str] | None = None) -> Article:
    """Analyse one article given as text, or as a path to a file (text, HTML or the first JSONL line).

    A string is treated as a path only when it names an existing file; anything else is text.
    """
    candidate = str(text_or_path)
    is_path = isinstance(text_or_path, os.PathLike) or (
        len(candidate) < 4096 and "\n" not in candidate and Path(candidate).is_file()
    )
    if is_path:
        for item in load_inputs([candidate]):
            if isinstance(item, InputError):
                raise item
            return get_pipeline(components)(item)
        raise InputError(candidate, "no article found")
    article = article_from_text(candidate, SourceInfo(format="text"))
    return get_pipeline(components)(article)


def _analyze_chunk(args: tuple[list[Article], tuple[str, ...] | None]) -> list[Article]:
    articles, components = args
    return list(get_pipeline(components).pipe(articles))


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyze_many(
    inputs: Iterable[Article | InputError],
    components: Sequence[str] | None = None,
    jobs: int = 1,
    chunk_size: int = 8,
) -> Iterator[Article | InputError]:
    """Analyse ingested articles, passing `InputError`s through in input order.

    With ``jobs > 1`` the articles go in chunks to a pool of processes, each of which loads the
    pipeline once; results come back in input order.
    """
    key = tuple(components) if components is not None else None
    if jobs <= 1:
        pipeline = get_pipeline(components)
        for item in inputs:
            yield item if isinstance(item, InputError) else pipeline(item)
        return

    def tagged() -> Iterator[tuple[list[InputError], list[Article]]]:
        errors: list[InputError] = []
        batch: list[Article] = []
        for item in inputs:
            if isinstance(item, InputError):
                errors.append(item)
                continue
            batch.append(item)
            if len(batch) == chunk_size:
                yield errors, batch
                errors, batch = [], []
        if errors or batch:
            yield errors, batch

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = []
        for errors, batch in tagged():
            future = pool.submit(_analyze_chunk, (batch, key)) if batch else None
            pending.append((errors, future))
            # keep at most 2 chunks per worker in flight, yielding the oldest first
            while len(pending) > 2 * jobs:
                yield from _drain(pending.pop(0))
        for entry in pending:
            yield from _drain(entry)


def _drain(entry: tuple[list[InputError], object]) -> Iterator[Article | InputError]:
    errors, future = entry
    yield from errors
    if future is not None:
        yield from future.result()  # type: ignore[attr-defined]
