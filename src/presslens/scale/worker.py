"""What runs on a Dask worker: the model-loading plugin, and the analysis of one partition.

`analyse_partition` is the one task: read the partition's slice, analyse it with the process's
pipeline (loaded once per worker process, by `PipelinePlugin` or on first use), and write all its
tables at once (`presslens.scale.dataset.write_partition`). It is idempotent (a finished
partition is skipped) and never fails because of an article: an input that cannot be read, or an
article the pipeline cannot analyse, becomes a row of the ``errors`` table and the partition goes
on. Only infrastructure failures (the output file system, a killed worker) fail the task, and
Dask retries it elsewhere.
"""

from __future__ import annotations

import copy
import os
import resource
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from presslens.errors import InputError
from presslens.model import Article
from presslens.scale.dataset import is_done, read_summary, write_partition
from presslens.scale.partitions import Partition
from presslens.scale.readers import read_partition
from presslens.scale.tables import PartitionRows

#: Articles handed to `Pipeline.pipe` at once (spaCy batches them).
CHUNK = 8
#: One pipeline per process; a worker running several threads analyses one chunk at a time
#: (run workers with one thread each and several processes to use several cores).
_LOCK = threading.Lock()

try:  # the plugin is a Dask class; the rest of this module does not need Dask
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - `presslens[scale]` not installed
    WorkerPlugin = object  # type: ignore[assignment,misc]


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the models once in each worker process (and in every worker that joins later)."""

    name = "presslens-pipeline"

    def __init__(self, components: tuple[str, ...] | None = None) -> None:
        self.components = components

    def setup(self, worker: Any = None) -> None:
        from presslens.bench import _warm_worker

        _warm_worker(self.components)  # one BLAS thread, pipeline loaded and run once


def analyse_partition(
    partition: Partition, root: str, components: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """Analyse ``partition`` into the corpus at ``root``; returns its summary (see `_summary`)."""
    if is_done(root, partition.id):
        return {**read_summary(root, partition.id), "skipped": True}
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = PartitionRows(partition.id)
    pending: list[tuple[int, Article]] = []
    for seq, item in enumerate(_guarded(partition)):
        if isinstance(item, InputError):
            rows.add_error(seq, item.source, item.reason, "input")
            continue
        pending.append((seq, item))
        if len(pending) == CHUNK:
            _analyse(pending, components, rows)
            pending = []
    if pending:
        _analyse(pending, components, rows)
    seconds = time.perf_counter() - started
    summary = {
        "partition": partition.id,
        "label": partition.label,
        "articles": rows.articles,
        "errors": rows.errors,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu_started, 3),  # this worker process, all its threads
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    written = write_partition(root, partition.id, rows.tables(), summary)
    if not written:  # another attempt finished it first: report what is on disk
        return {**read_summary(root, partition.id), "skipped": True}
    return {**summary, "skipped": False}


def _guarded(partition: Partition) -> Iterator[Article | InputError]:
    """The partition's items; a reader that breaks down ends its slice with one error, not a crash."""
    try:
        yield from read_partition(partition)
    except Exception as exc:  # noqa: BLE001 - reported as an error row, the partition is written
        yield InputError(
            partition.label, f"reading stopped: {type(exc).__name__}: {exc}".splitlines()[0][:300]
        )


def _analyse(
    chunk: list[tuple[int, Article]], components: tuple[str, ...] | None, rows: PartitionRows
) -> None:
    """Analyse a chunk together; if that fails, each article alone, so only the bad one is an error."""
    from presslens.api import get_pipeline

    with _LOCK:
        pipeline = get_pipeline(components)
        fresh = [copy.deepcopy(article) for _, article in chunk]  # a failed batch may leave them half done
        try:
            done = list(pipeline.pipe([article for _, article in chunk]))
        except Exception:  # noqa: BLE001 - find the article that broke it, below
            done = []
            for article in fresh:
                try:
                    done.append(pipeline(article))
                except Exception as exc:  # noqa: BLE001 - one error row, the partition goes on
                    done.append(_failure(article, exc))
    for (seq, original), article in zip(chunk, done, strict=True):
        if isinstance(article, InputError):
            rows.add_error(seq, _name(original), article.reason, "analysis", original.id)
            continue
        try:
            rows.add_article(seq, article.to_dict())
        except Exception as exc:  # noqa: BLE001 - e.g. a value the tables cannot hold
            rows.add_error(seq, _name(original), _reason(exc), "analysis", original.id)


def _failure(article: Article, exc: Exception) -> InputError:
    return InputError(_name(article), _reason(exc))


def _reason(exc: Exception) -> str:
    return f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]


def _name(article: Article) -> str:
    source = article.source
    name = source.path or source.url or article.id
    return f"{name}:{source.line}" if source.line else name
