"""Running an analysis on a Dask cluster: plan, submit partitions, follow progress, report.

`run` is what `presslens analyze --scheduler/--workers --format parquet` calls. It connects to a
scheduler (``tcp://HOST:8786``, started with `dask scheduler`, workers with `dask worker`) or
starts a local cluster of ``workers`` processes, registers `PipelinePlugin` (models loaded once
per worker process), and keeps a bounded number of partitions in flight, so that neither the
client nor the scheduler holds the whole plan of a very large corpus. Partitions already on disk
are skipped without being submitted. A partition whose worker dies is rescheduled by Dask on
another worker (up to ``distributed.scheduler.allowed-failures`` times); one whose task raises
is retried ``retries`` times; what still fails is listed in `RunStats.failed` and is retried by
the next run into the same directory.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.scale.dataset import (
    Settings,
    clear_tmp,
    is_corpus,
    is_done,
    open_output,
    read_manifest,
    read_summary,
)
from presslens.scale.partitions import DEFAULT_PARTITION_SIZE, Partition, plan
from presslens.scale.worker import PipelinePlugin, analyse_partition


@dataclass
class RunStats:
    """Where a run stands; passed to the progress callback after every partition."""

    output: str = ""
    dashboard: str | None = None
    workers: int = 0
    planned: int = 0  # partitions planned so far
    planning_done: bool = False
    expected: int = 0  # inputs (articles or errors) in the partitions planned so far
    total: int | None = None  # inputs in the whole plan, once a census of it is done (for the ETA)
    done: int = 0  # partitions finished (this run, or skipped because already written)
    skipped: int = 0  # partitions already written before this run
    articles: int = 0  # articles written (by this run and, for skipped partitions, before)
    errors: int = 0  # error rows (likewise)
    inputs_this_run: int = 0  # articles + errors analysed by this run (what the rate counts)
    inputs_skipped: int = 0  # articles + errors of partitions written before this run
    failed: list[str] = field(default_factory=list)  # "label: reason" of partitions that failed
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # per worker process

    @property
    def rate(self) -> float:
        """Inputs analysed per second by this run."""
        return self.inputs_this_run / self.seconds if self.seconds > 0 else 0.0

    @property
    def known_total(self) -> int | None:
        """Inputs in the whole plan: counted once planning is over, else the census's count."""
        return self.expected if self.planning_done else self.total

    @property
    def eta(self) -> float | None:
        """Seconds left, from the rate so far (None until there is a rate and a total)."""
        total = self.known_total
        if total is None or self.rate <= 0:
            return None
        return max(0.0, (total - self.inputs_this_run - self.inputs_skipped) / self.rate)

    def line(self) -> str:
        """One progress line: articles done, rate, ETA, partitions."""
        known = self.known_total
        total = f"{known}" if known is not None else f"{self.expected}+ (counting)"
        eta = f"ETA {_duration(self.eta)}" if self.eta is not None else "ETA -"
        return (
            f"{self.articles + self.errors}/{total} inputs ({self.articles} analysed, {self.errors} errors), "
            f"{self.rate:.1f}/s, {eta}, partitions {self.done}/{self.planned}"
            + (f", {len(self.failed)} failed" if self.failed else "")
        )


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"


def run(
    inputs: Iterable[str | Path],
    output: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
    components: Iterable[str] | None = None,
    partition_size: int | None = None,
    text_column: str = "text",
    retries: int = 2,
    on_start: Callable[[RunStats], None] | None = None,
    on_progress: Callable[[RunStats], None] | None = None,
) -> RunStats:
    """Analyse ``inputs`` into the Parquet corpus at ``output``; returns the run's `RunStats`.

    One of ``client`` (a `distributed.Client`), ``scheduler`` (an address) or ``workers`` (the
    number of local worker processes, one thread each; default: one per core) says where to run.
    ``partition_size`` defaults to the one the corpus was written with, else 100.
    """
    output = Path(output)
    comps = tuple(components) if components is not None else None
    size = partition_size
    if size is None:
        size = read_manifest(output).get("partition_size") if is_corpus(output) else DEFAULT_PARTITION_SIZE
    size = int(size or DEFAULT_PARTITION_SIZE)
    root = open_output(output, Settings(comps, size, text_column))
    stats = RunStats(output=str(root))
    with _client(client, scheduler, workers) as dask_client:
        stats.dashboard = dask_client.dashboard_link
        dask_client.register_plugin(PipelinePlugin(comps))
        stats.workers = len(dask_client.scheduler_info(n_workers=-1).get("workers", {}))
        if on_start:
            on_start(stats)
        stats.started = time.perf_counter()
        threads = sum(dask_client.nthreads().values()) or 1
        inputs = list(inputs)
        _start_census(inputs, size, text_column, stats)
        partitions = plan(inputs, size, text_column)
        _submit_all(dask_client, partitions, root, comps, retries, 2 * threads + 2, stats, on_progress)
    clear_tmp(root)
    stats.seconds = time.perf_counter() - stats.started
    return stats


def _submit_all(
    client: Any,
    partitions: Iterator[Partition],
    root: Path,
    components: tuple[str, ...] | None,
    retries: int,
    in_flight: int,
    stats: RunStats,
    on_progress: Callable[[RunStats], None] | None,
) -> None:
    from distributed import as_completed

    pending = as_completed()
    labels: dict[str, str] = {}
    expected: dict[str, int] = {}

    def record(summary: dict[str, Any]) -> None:
        stats.done += 1
        stats.articles += summary["articles"]
        stats.errors += summary["errors"]
        inputs = summary["articles"] + summary["errors"]
        if summary.get("skipped"):
            stats.skipped += 1
            stats.inputs_skipped += inputs
        else:
            stats.inputs_this_run += inputs
            worker = summary.get("worker") or "?"
            stats.peak_rss_mb[worker] = max(
                stats.peak_rss_mb.get(worker, 0.0), summary.get("peak_rss_mb") or 0.0
            )
        # the plan's count was an estimate (blank lines, a file holding several articles): use the real one
        stats.expected += inputs - expected.pop(summary["partition"], inputs)
        tick()

    def tick() -> None:
        stats.seconds = time.perf_counter() - stats.started
        if on_progress:
            on_progress(stats)

    def fill() -> None:
        while pending.count() < in_flight:
            partition = next(partitions, None)
            if partition is None:
                stats.planning_done = True
                return
            stats.planned += 1
            stats.expected += partition.expected
            expected[partition.id] = partition.expected
            if is_done(root, partition.id):  # resumed run: never sent to a worker
                record({**read_summary(root, partition.id), "skipped": True})
                continue
            labels[partition.id] = partition.label
            future = client.submit(
                analyse_partition,
                partition,
                str(root),
                components,
                key=f"presslens-partition-{partition.id}",
                retries=retries,
                pure=False,
            )
            pending.add(future)

    fill()
    while pending.count():
        future = next(pending)
        partition_id = future.key.removeprefix("presslens-partition-")
        try:
            record(future.result())
        except Exception as exc:  # noqa: BLE001 - the run goes on; the partition is listed as failed
            expected.pop(partition_id, None)
            stats.failed.append(f"{labels.get(partition_id, partition_id)}: {type(exc).__name__}: {exc}")
            stats.done += 1
            tick()
        future.release()
        fill()
    stats.planning_done = True
    tick()


def _start_census(inputs: list[str | Path], size: int, text_column: str, stats: RunStats) -> None:
    """Count the whole plan in a background thread, for the ETA: the submitting loop plans lazily
    (a few partitions ahead of the workers), so without this the total is known only at the end.
    It reads the plan once more (directory listings, JSONL line counts, WARC record scans)."""

    def count() -> None:
        try:
            stats.total = sum(p.expected for p in plan(inputs, size, text_column))
        except Exception:  # noqa: BLE001 - the real planner reports the error; this only loses the ETA
            return

    threading.Thread(target=count, name="presslens-census", daemon=True).start()


@contextmanager
def _client(client: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """The client to use: the one given, one connected to ``scheduler``, or a local cluster."""
    if client is not None:
        yield client
        return
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as connected:
            yield connected
        return
    count = workers or os.cpu_count() or 1
    with (
        dask.config.set(local_cluster_config()),  # the nannies pass it on to their workers
        LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":8787"
        ) as cluster,
        Client(cluster) as local,
    ):
        yield local


#: Dask's worker profiler samples the running task's stack every 10 ms for the dashboard's Profile
#: tab. A local cluster runs on the cores that analyse, so that sampling is taken from the analysis:
#: with one worker on the 2-core benchmark, the worker process used 5 % more CPU than its one
#: analysing thread (docs/scale.md). The dashboard's task stream, progress and memory views stay.
LOCAL_CLUSTER_SETTINGS: dict[str, Any] = {"distributed.worker.profile.enabled": False}


def local_cluster_config() -> dict[str, Any]:
    """`LOCAL_CLUSTER_SETTINGS`, less any that the user set in the environment (``DASK_*``), which win."""
    return {
        key: value
        for key, value in LOCAL_CLUSTER_SETTINGS.items()
        if "DASK_" + key.upper().replace(".", "__").replace("-", "_") not in os.environ
    }
