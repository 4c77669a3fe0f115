"""`presslens bench`: measure pipeline throughput and peak memory on a fixed corpus.

Speed targets belong in a benchmark, not in timed tests (a shared CI machine makes timings flaky).
The benchmark loads the articles first (ingest is not timed), warms the pipeline up in every
process that will do work (spaCy model loading is a one-off cost, reported apart as start-up),
then times the full pipeline over all articles. Workers run `Pipeline.pipe` on chunks as
`presslens.api.analyze_many` does, so the figure is what a batch run sees once started.

Peak memory comes from ``getrusage``: ``RUSAGE_SELF`` for the main process, ``RUSAGE_CHILDREN``
for the largest worker once the pool is joined (Linux reports kilobytes). No extra dependency.
CPU seconds (user + system, all processes) are reported too: on a shared machine wall-clock
throughput falls with the load, while articles per CPU-second stays comparable between runs.
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice

from presslens.model import Article

#: Articles each worker gets at a time: the same default as `analyze_many`.
CHUNK_SIZE = 8


def default_inputs() -> list[str]:
    """The five seed articles and every SemEval-2023 English training article, sorted."""
    from presslens.datasets import shared_data_dir

    data = shared_data_dir()
    seeds = sorted((data / "seeds").glob("*.txt"))
    semeval = sorted((data / "semeval2023-en" / "articles").glob("*.txt"))
    return [str(p) for p in seeds + semeval]


def load_articles(inputs: Sequence[str], limit: int | None = None) -> tuple[list[Article], int]:
    """Ingest ``inputs``; returns the articles and how many inputs were skipped as unreadable."""
    from presslens.errors import InputError
    from presslens.ingest import load_inputs

    articles: list[Article] = []
    skipped = 0
    for item in load_inputs(list(inputs)):
        if isinstance(item, InputError):
            skipped += 1
            continue
        articles.append(item)
        if limit is not None and len(articles) >= limit:
            break
    return articles, skipped


def _warm(components: tuple[str, ...] | None) -> None:
    """Pool initializer: load the pipeline and run it once, so timing starts warm."""
    from presslens.api import get_pipeline
    from presslens.ingest import article_from_text

    warm_text = "The minister said on Monday that 12 people were killed in the city, according to officials."
    list(get_pipeline(components).pipe([article_from_text(warm_text)]))


def _warm_worker(components: tuple[str, ...] | None) -> None:
    """Pool initializer of a worker process: one BLAS thread (see `presslens.threads`), then warm up."""
    from presslens.threads import limit_blas_threads

    limit_blas_threads()
    _warm(components)


def _run_chunk(args: tuple[list[Article], tuple[str, ...] | None]) -> int:
    """Analyse one chunk; returns the count only, so result pickling does not skew the timing."""
    from presslens.api import get_pipeline

    articles, components = args
    return sum(1 for _ in get_pipeline(components).pipe(articles))


def _chunks(articles: list[Article], size: int) -> list[list[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def _cpu_s() -> float:
    """User + system CPU seconds of this process and its joined children so far."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _maxrss_mb(who: int) -> float:
    rss = resource.getrusage(who).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


@dataclass(slots=True)
class BenchResult:
    articles: int
    skipped: int
    tokens: int
    chars: int
    jobs: int
    components: list[str]
    startup_s: float
    total_s: float
    cpu_s: float
    articles_per_s: float
    articles_per_cpu_s: float
    tokens_per_s: float
    mean_chars: float
    peak_rss_main_mb: float
    peak_rss_worker_mb: float | None
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    cpus: int | None
    python: str
    date: str
    #: With ``--end-to-end``: wall time of `analyze_many(load_inputs(...))` from cold (ingest, worker
    #: start-up and model loading included), i.e. what `presslens analyze --jobs N` costs.
    e2e_total_s: float | None = None
    e2e_articles_per_s: float | None = None


def run_end_to_end(
    inputs: Sequence[str], jobs: int, components: Sequence[str] | None, limit: int | None
) -> tuple[int, float]:
    """Time `analyze_many` over ``inputs`` as the CLI runs it; returns (articles, seconds)."""
    from presslens.api import analyze_many
    from presslens.ingest import load_inputs

    started = time.perf_counter()
    stream = load_inputs(list(inputs))
    if limit is not None:
        stream = islice(stream, limit)
    done = sum(1 for item in analyze_many(stream, components, jobs=jobs) if isinstance(item, Article))
    return done, time.perf_counter() - started


def run_bench(
    inputs: Sequence[str] | None = None,
    jobs: int = 2,
    components: Sequence[str] | None = None,
    limit: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    end_to_end: bool = False,
) -> BenchResult:
    """Load, warm up, then time the pipeline over every article with ``jobs`` processes.

    With ``end_to_end`` the cold `analyze_many` run comes first, before this process has loaded
    the model, so its workers pay for loading as a real `presslens analyze` does.
    """
    from presslens.api import get_pipeline

    inputs = list(inputs or default_inputs())
    e2e = run_end_to_end(inputs, jobs, components, limit) if end_to_end else None
    articles, skipped = load_articles(inputs, limit)
    if not articles:
        from presslens.errors import PressLensError

        raise PressLensError(f"no readable article to benchmark ({skipped} input(s) skipped)")
    key = tuple(components) if components is not None else None
    load_before = os.getloadavg()
    chunks = _chunks(articles, chunk_size)

    t0 = time.perf_counter()
    # loads (and validates) the pipeline in the main process; forked workers inherit it loaded
    names = get_pipeline(key).names
    if jobs <= 1:
        _warm(key)
        started, cpu_started = time.perf_counter(), _cpu_s()
        done = sum(_run_chunk((chunk, key)) for chunk in chunks)
        finished, cpu = time.perf_counter(), _cpu_s() - cpu_started
        worker_rss = None
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker, initargs=(key,)) as pool:
            # one tiny task per worker forces every initializer to finish before timing starts
            list(pool.map(_run_chunk, [([], key)] * jobs))
            started, cpu_started = time.perf_counter(), _cpu_s()
            done = sum(pool.map(_run_chunk, [(chunk, key) for chunk in chunks]))
            finished = time.perf_counter()
        # children's CPU is only counted once they are joined, so this includes their warm-up
        cpu = _cpu_s() - cpu_started
        worker_rss = _maxrss_mb(resource.RUSAGE_CHILDREN)
    load_after = os.getloadavg()
    assert done == len(articles)

    tokenizer = get_pipeline(key).nlp.tokenizer  # counts the tokens the parser saw, untimed
    tokens = sum(len(tokenizer(a.text)) for a in articles)
    chars = sum(len(a.text) for a in articles)
    total = finished - started
    return BenchResult(
        articles=len(articles),
        skipped=skipped,
        tokens=tokens,
        chars=chars,
        jobs=jobs,
        components=names,
        startup_s=round(started - t0, 2),
        total_s=round(total, 2),
        cpu_s=round(cpu, 2),
        articles_per_s=round(len(articles) / total, 2),
        articles_per_cpu_s=round(len(articles) / cpu, 2) if cpu > 0 else 0.0,
        tokens_per_s=round(tokens / total, 1),
        mean_chars=round(chars / len(articles), 1),
        peak_rss_main_mb=_maxrss_mb(resource.RUSAGE_SELF),
        peak_rss_worker_mb=worker_rss,
        load_before=tuple(round(x, 2) for x in load_before),
        load_after=tuple(round(x, 2) for x in load_after),
        cpus=os.cpu_count(),
        python=platform.python_version(),
        date=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        e2e_total_s=round(e2e[1], 2) if e2e else None,
        e2e_articles_per_s=round(e2e[0] / e2e[1], 2) if e2e else None,
    )


def result_table(result: BenchResult):
    """The figures as a Rich table, for people (``--json`` prints them for scripts)."""
    from rich.table import Table

    table = Table(title="PressLens benchmark", show_header=True)
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("articles (skipped)", f"{result.articles} ({result.skipped})"),
        ("jobs", str(result.jobs)),
        ("components", ", ".join(result.components)),
        ("start-up (model load + warm-up), s", f"{result.startup_s:.2f}"),
        ("total, s", f"{result.total_s:.2f}"),
        ("articles/s", f"{result.articles_per_s:.2f}"),
        (
            "CPU s (all processes) / articles per CPU s",
            f"{result.cpu_s:.1f} / {result.articles_per_cpu_s:.2f}",
        ),
        ("tokens/s", f"{result.tokens_per_s:,.0f}"),
        ("mean chars per article", f"{result.mean_chars:,.0f}"),
        ("peak RSS main, MB", f"{result.peak_rss_main_mb:.0f}"),
        (
            "peak RSS worker, MB",
            "-" if result.peak_rss_worker_mb is None else f"{result.peak_rss_worker_mb:.0f}",
        ),
        ("load average before / after", f"{result.load_before[0]:.2f} / {result.load_after[0]:.2f}"),
        ("CPUs", str(result.cpus)),
    ]
    if result.e2e_total_s is not None:
        rows.append(("end to end (analyze_many, cold), s", f"{result.e2e_total_s:.2f}"))
        rows.append(("end to end articles/s", f"{result.e2e_articles_per_s:.2f}"))
    for name, value in rows:
        table.add_row(name, value)
    return table
