"""The Python API: `analyze` one article, `analyze_many` a batch (optionally in processes).

Compute stays apart from formatting (as in trafilatura's `bare_extraction` / `extract`): these
functions return `Article` objects; `presslens.output` and `presslens.report` format them.

Every input comes out either analysed or reported. `analyze_many` turns a failure while analysing one
article into an `AnalysisError` at that article's place (the chunk it was batched with is analysed
again one article at a time), and a worker process that dies (killed for memory, a crash in native
code) costs only the article it was working on. Worker processes watch their parent and exit when it
is gone, so a ``kill -9`` of ``presslens analyze --jobs 2`` leaves no orphan behind.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from presslens.errors import AnalysisError, InputError
from presslens.ingest import article_from_text, load_inputs
from presslens.model import Article, SourceInfo
from presslens.pipeline import Pipeline
from presslens.threads import limit_blas_threads

_PIPELINES: dict[tuple[str, ...] | None, Pipeline] = {}

#: How often a worker checks that its parent process is still alive (seconds).
PARENT_CHECK_SECONDS = 1.0
#: A pool that keeps dying is given up after this many restarts in one batch.
MAX_POOL_RESTARTS = 20
#: With a pool, the last articles go out in chunks this small (`_even_end`).
TAIL_CHUNK = 2


def get_pipeline(components: Sequence[str] | None = None) -> Pipeline:
    """A pipeline per component list, built once per process (model loading is the slow part)."""
    key = tuple(components) if components is not None else None
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(components)
    return _PIPELINES[key]


def analyze(text_or_path: str | os.PathLike[str], components: Sequence[str] | None = None) -> Article:
    """Analyse one article given as text, or as a path to a file (text, HTML or the first JSONL line).

    A string is treated as a path only when it names an existing file; anything else is text.
    Raises `InputError` for an input that cannot be read and `AnalysisError` when analysis fails.
    """
    candidate = str(text_or_path)
    is_path = isinstance(text_or_path, os.PathLike) or (
        len(candidate) < 4096 and "\n" not in candidate and Path(candidate).is_file()
    )
    if is_path:
        for item in load_inputs([candidate]):
            if isinstance(item, InputError):
                raise item
            return _analyse_one(item, components)
        raise InputError(candidate, "no article found")
    article = article_from_text(candidate, SourceInfo(format="text"))
    return _analyse_one(article, components)


def _analyse_one(article: Article, components: Sequence[str] | None) -> Article:
    [result] = analyse_chunk(get_pipeline(components), [article])
    if isinstance(result, InputError):
        raise result
    return result


def article_name(article: Article) -> str:
    """How messages name an article: its file (and JSONL line), its URL, else its content id."""
    source = article.source
    where = source.path or source.url or ("-" if source.format == "stdin" else None)
    if where and source.line is not None:
        return f"{where}:{source.line}"
    return where or f"article {article.id}"


def analyse_chunk(pipeline: Pipeline, articles: list[Article]) -> list[Article | AnalysisError]:
    """Analyse ``articles`` in one spaCy batch; on a failure, each not yet done is tried alone.

    Components already guard themselves (`Pipeline.apply`); what is caught here fails in spaCy or
    in the pipeline itself, for one article, and must not take its neighbours down with it.
    """
    done: list[Article | AnalysisError] = []
    try:
        for article in pipeline.pipe(articles):
            done.append(checked_spans(article))
        return done
    except Exception:  # noqa: BLE001 - retried one by one below, each failure reported
        pass
    for article in articles[len(done) :]:
        try:
            done.extend(checked_spans(a) for a in pipeline.pipe([article]))
        except Exception as exc:  # noqa: BLE001 - the one article is reported, the batch goes on
            done.append(AnalysisError(article_name(article), _reason(exc)))
    return done


def _reason(exc: BaseException) -> str:
    return f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]


def checked_spans(article: Article) -> Article:
    """Drop any annotation whose nested span (an event, a speaker...) does not index the text.

    The contract is that every span satisfies ``0 <= start <= end <= len(text)``; an annotation that
    breaks it is removed with a warning naming its component, never passed on to the report or store.
    """
    size = len(article.text)
    for layer, items in article.layers.items():
        bad = [a for a in items if not _spans_ok(a.attributes(), size)]
        for annotation in bad:
            items.remove(annotation)
            article.warnings.append(
                f"invalid span dropped: {layer} {annotation.id} from {annotation.component}"
                f" [{annotation.start}, {annotation.end})"
            )
    return article


def _spans_ok(value: Any, size: int, depth: int = 0) -> bool:
    if depth > 20:
        return True
    if isinstance(value, dict):
        start, end = value.get("start"), value.get("end")
        if isinstance(start, int) and isinstance(end, int) and not 0 <= start <= end <= size:
            return False
        return all(_spans_ok(v, size, depth + 1) for v in value.values() if isinstance(v, dict | list))
    if isinstance(value, list):
        return all(_spans_ok(v, size, depth + 1) for v in value if isinstance(v, dict | list))
    return True


def _worker_init() -> None:
    """Pool worker start-up: one BLAS thread, and exit as soon as the parent process is gone."""
    limit_blas_threads()
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:  # re-parented: our parent died (kill -9 leaves no cleanup)
                os._exit(1)

    threading.Thread(target=watch, name="presslens-parent-watch", daemon=True).start()


#: Applied to each analysed article where it was analysed; its result comes out in the article's place.
Finish = Callable[[Article], Any]


def _finished(results: list[Article | AnalysisError], finish: Finish | None) -> list[Any]:
    if finish is None:
        return results
    return [r if isinstance(r, InputError) else finish(r) for r in results]


def _analyze_chunk(args: tuple[list[Article], tuple[str, ...] | None, Finish | None]) -> list[Any]:
    articles, components, finish = args
    return _finished(analyse_chunk(get_pipeline(components), articles), finish)


def analyze_many(
    inputs: Iterable[Article | InputError],
    components: Sequence[str] | None = None,
    jobs: int = 1,
    chunk_size: int = 8,
    finish: Finish | None = None,
) -> Iterator[Any]:
    """Analyse ingested articles in input order, passing `InputError`s through where they occur.

    Articles go to `Pipeline.pipe` in chunks of ``chunk_size`` (spaCy batches them); with
    ``jobs > 1`` the chunks go to a pool of processes, each of which loads the pipeline once. An
    article whose analysis fails comes back as an `AnalysisError` in its place.

    ``finish`` (a picklable function of an `Article`) runs on each analysed article in the process
    that analysed it, and what it returns comes out instead of the article. Why: the main process
    shares the cores with the workers; `presslens analyze --format json` passes
    `presslens.output.serialiser`, so a worker sends the finished JSON text, not an `Article` to
    unpickle and serialise in the main process.
    """
    key = tuple(components) if components is not None else None
    if jobs <= 1:
        pipeline = get_pipeline(components)
        for item in _runs(inputs, chunk_size):
            if isinstance(item, InputError):
                yield item
            else:
                yield from _finished(analyse_chunk(pipeline, item), finish)
        return
    runs = _even_end(_runs(inputs, chunk_size), hold=jobs, size=max(1, min(chunk_size, TAIL_CHUNK)))
    yield from _Pool(jobs, key, finish).run(runs)


class _Pool:
    """A process pool that survives its workers dying: the chunk in flight is retried alone."""

    def __init__(self, jobs: int, components: tuple[str, ...] | None, finish: Finish | None = None) -> None:
        self.jobs = jobs
        self.components = components
        self.finish = finish
        self.restarts = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_init)

    def run(self, runs: Iterator[InputError | list[Article]]) -> Iterator[Article | InputError]:
        pending: deque[tuple[InputError | list[Article], Future | None]] = deque()
        try:
            for item in runs:
                pending.append((item, None if isinstance(item, InputError) else self._submit(item)))
                # keep at most 2 chunks per worker in flight, yielding the oldest first
                while sum(f is not None for _, f in pending) > 2 * self.jobs:
                    yield from self._next(pending)
            while pending:
                yield from self._next(pending)
        finally:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def _submit(self, chunk: list[Article]) -> Future:
        try:
            return self.executor.submit(_analyze_chunk, (chunk, self.components, self.finish))
        except BrokenProcessPool as exc:  # a worker died since: handled like a lost chunk, in order
            lost: Future = Future()
            lost.set_exception(exc)
            return lost

    def _next(self, pending: deque) -> Iterator[Article | InputError]:
        item, future = pending.popleft()
        if future is None:
            yield item
            return
        try:
            yield from future.result()
        except BrokenProcessPool:
            yield from self._recover(item, pending)

    def _recover(self, chunk: list[Article], pending: deque) -> Iterator[Article | InputError]:
        """A worker died: restart the pool, retry this chunk one article at a time, resubmit the rest."""
        self._restart()
        for article in chunk:
            try:
                yield from self._submit([article]).result()
            except BrokenProcessPool:
                self._restart()
                yield AnalysisError(
                    article_name(article), "analysis failed: the worker process died (out of memory?)"
                )
        for i, (item, future) in enumerate(pending):
            if future is not None and _lost(future):
                pending[i] = (item, self._submit(item))

    def _restart(self) -> None:
        self.restarts += 1
        self.executor.shutdown(wait=True, cancel_futures=True)
        if self.restarts > MAX_POOL_RESTARTS:
            raise AnalysisError("worker pool", f"worker processes died {self.restarts} times; giving up")
        self.executor = self._start()


def _lost(future: Future) -> bool:
    """Whether a chunk's future ended without its result (cancelled or failed with the pool)."""
    return future.cancelled() or (future.done() and future.exception() is not None) or not future.done()


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


def _even_end(
    runs: Iterator[InputError | list[Article]], hold: int, size: int
) -> Iterator[InputError | list[Article]]:
    """``runs`` as they come, except that the last ``hold`` chunks of articles are cut into chunks
    of ``size``.

    Why: a worker that finishes its last chunk while the other is still on a whole one leaves a core
    idle until the end: with chunks of 8 that idle tail averages half a chunk, about 0.8 s of a
    200-article ``-j 2`` run of ≈ 23 s. Cut small, the last chunks are shared out as the workers
    come free. spaCy's results do not depend on the batch (blis computes every row alone; a test
    checks it), so the output is the same; the small batches cost a little spaCy batching.
    """
    held: deque[InputError | list[Article]] = deque()
    chunks = 0
    for item in runs:
        held.append(item)
        chunks += not isinstance(item, InputError)
        while chunks > hold:
            first = held.popleft()
            chunks -= not isinstance(first, InputError)
            yield first
    for item in held:
        if isinstance(item, InputError):
            yield item
        else:
            yield from (item[i : i + size] for i in range(0, len(item), size))
