"""The Python API: `analyze` one article, `analyze_many` a batch (optionally in processes).

Compute stays apart from formatting (as in trafilatura's `bare_extraction` / `extract`): these
functions return `Article` objects; `presslens.output` and `presslens.report` format them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from presslens.errors import InputError
from presslens.ingest import article_from_text, load_inputs
from presslens.model import Article, SourceInfo
from presslens.pipeline import Pipeline
from presslens.threads import limit_blas_threads

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


def analyze_many(
    inputs: Iterable[Article | InputError],
    components: Sequence[str] | None = None,
    jobs: int = 1,
    chunk_size: int = 8,
) -> Iterator[Article | InputError]:
    """Analyse ingested articles in input order, passing `InputError`s through where they occur.

    Articles go to `Pipeline.pipe` in chunks of ``chunk_size`` (spaCy batches them); with
    ``jobs > 1`` the chunks go to a pool of processes, each of which loads the pipeline once.
    """
    key = tuple(components) if components is not None else None
    if jobs <= 1:
        pipeline = get_pipeline(components)
        for item in _runs(inputs, chunk_size):
            if isinstance(item, InputError):
                yield item
            else:
                yield from pipeline.pipe(item)
        return

    with ProcessPoolExecutor(max_workers=jobs, initializer=limit_blas_threads) as pool:
        pending: list[InputError | Future[list[Article]]] = []
        for item in _runs(inputs, chunk_size):
            pending.append(item if isinstance(item, InputError) else pool.submit(_analyze_chunk, (item, key)))
            # keep at most 2 chunks per worker in flight, yielding the oldest first
            while sum(isinstance(p, Future) for p in pending) > 2 * jobs:
                yield from _drain(pending.pop(0))
        for entry in pending:
            yield from _drain(entry)


def _runs(inputs: Iterable[Article | InputError], size: int) -> Iterator[InputError | list[Article]]:
    """Errors one by one, and the articles between them in chunks of at most ``size``."""
    chunk: list[Article] = []
    for item in inputs:
        if isinstance(item, InputError):
            if chunk:
                yield chunk
                chunk = []
            yield item
            continue
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _drain(entry: InputError | Future[list[Article]]) -> Iterator[Article | InputError]:
    if isinstance(entry, InputError):
        yield entry
    else:
        yield from entry.result()
