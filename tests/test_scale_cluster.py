"""A real Dask cluster on localhost: `dask scheduler` and two `dask worker` processes (free ports).

The mixed corpus (a folder, gzip and plain JSONL, Parquet, a WARC file) is analysed with the full
pipeline through `presslens.scale.run`: every input article comes out exactly once, bad inputs
are error rows, DuckDB's views equal the SQLite store's on the same articles, and a re-run does
nothing. Then one worker is killed (SIGKILL) while it holds partitions: Dask retries them on the
other, and the run still ends with every article exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from presslens.corpus.quantities import timelines_by_key
from presslens.scale import dataset
from presslens.scale import views as duck
from presslens.scale.load import load_corpus
from presslens.scale.run import run
from presslens.store import connect
from presslens.store.queries import iter_article_dicts
from presslens.web import views as web_views
from scale_corpus import article_text, write_mixed_corpus

DASK = Path(sys.executable).parent / "dask"
FAST = ("sentences.v1", "entities.v1", "claims.v1")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"no scheduler on port {port}")


@contextmanager
def dask_cluster(
    tmp: Path, workers: int = 2, nanny: bool = True
) -> Iterator[tuple[str, dict[str, subprocess.Popen]]]:
    """Start `dask scheduler` and ``workers`` `dask worker`s (one thread each); stop them after."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp / "dask-logs"
    logs.mkdir(exist_ok=True)
    processes: dict[str, subprocess.Popen] = {}

    def start(name: str, *args: str) -> subprocess.Popen:
        log = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [str(DASK), *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        processes[name] = process
        return process

    try:
        scheduler = start(
            "scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"
        )
        _wait_for_port(port, scheduler)
        for i in range(workers):
            start(
                f"w{i}",
                "worker",
                address,
                "--name",
                f"w{i}",
                "--nthreads",
                "1",
                "--nworkers",
                "1",
                "--no-dashboard",
                "--local-directory",
                str(tmp / f"w{i}"),
                "--nanny" if nanny else "--no-nanny",
                "--death-timeout",
                "120",
            )
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=180)
        yield address, processes
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _texts(out: Path) -> list[str]:
    con = duck.connect(out)
    return [row[0] for row in con.execute("SELECT text FROM articles_all").fetchall()]


def _each_once(texts: list[str], markers: list[str]) -> None:
    found = sorted(m for t in texts for m in markers if f"{m}:" in t or f"{m}\n" in t)
    assert found == sorted(markers)
    assert len(texts) == len(markers)


def test_mixed_corpus_on_two_workers(tmp_path: Path) -> None:
    mixed = write_mixed_corpus(tmp_path / "in")
    out = tmp_path / "corpus"
    lines: list[str] = []
    with dask_cluster(tmp_path) as (address, _):
        stats = run(
            [tmp_path / "in"],
            out,
            scheduler=address,
            partition_size=3,
            on_progress=lambda s: lines.append(s.line()),
        )
        assert stats.failed == []
        assert stats.workers == 2 and len(stats.peak_rss_mb) == 2  # both workers analysed partitions
        assert stats.articles == len(mixed.markers) and stats.errors == len(mixed.bad)
        assert lines and lines[-1].startswith(
            f"{stats.articles + stats.errors}/{stats.articles + stats.errors} inputs"
        )
        _each_once(_texts(out), mixed.markers)
        again = run([tmp_path / "in"], out, scheduler=address)  # nothing left to do
        assert again.skipped == again.planned == stats.planned and again.inputs_this_run == 0
    _each_once(_texts(out), mixed.markers)
    con = duck.connect(out)
    errors = [row[0] for row in con.execute("SELECT source FROM errors").fetchall()]
    assert sorted(next(b for b in mixed.bad if b in e) for e in errors) == sorted(mixed.bad)

    conn = connect(tmp_path / "store.db")
    loaded = load_corpus(out, conn)
    assert loaded.stored == len(mixed.markers) and loaded.errors == len(mixed.bad)
    articles = iter_article_dicts(conn)
    assert duck.compare(con) == web_views.compare(articles)
    by_key = timelines_by_key(articles)  # the scale path's grouping (docs/scale.md)
    for group in by_key:
        for entry in group["entries"]:
            del entry["key"]
    assert json.dumps(duck.timelines(con)) == json.dumps(by_key)
    assert load_corpus(out, conn).skipped == len(mixed.markers)  # loading twice stores nothing twice


def test_a_worker_killed_mid_run_has_its_partitions_retried(tmp_path: Path) -> None:
    markers = [f"Story {n}" for n in range(1, 41)]
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        "".join(json.dumps({"text": article_text(n)}) + "\n" for n in range(1, 41)), encoding="utf-8"
    )
    out = tmp_path / "corpus"
    with dask_cluster(tmp_path, nanny=False) as (address, processes):
        from distributed import Client

        killed: dict[str, object] = {}
        with Client(address) as client:

            def kill_a_busy_worker(stats) -> None:
                if killed:
                    return
                workers = client.scheduler_info(n_workers=-1)["workers"]
                busy = {addr: keys for addr, keys in client.processing().items() if keys}
                if not busy:  # between two partitions: try again at the next one
                    return
                addr = next(iter(busy))
                name = workers[addr]["name"]
                killed.update(name=name, keys=list(busy[addr]), left=stats.planned - stats.done)
                os.killpg(processes[name].pid, signal.SIGKILL)

            stats = run(
                [inputs],
                out,
                client=client,
                components=FAST,
                partition_size=2,
                on_progress=kill_a_busy_worker,
            )
        assert killed and killed["keys"] and killed["left"] > 0
        assert processes[killed["name"]].wait(timeout=30) == -signal.SIGKILL
    assert stats.failed == [] and stats.articles == 40 and stats.done == stats.planned == 20
    _each_once(_texts(out), markers)
    for key in killed["keys"]:  # what the dead worker held was finished by the other one
        assert dataset.is_done(out, key.removeprefix("presslens-partition-"))


def test_local_cluster_workers_run_without_the_sampling_profiler(monkeypatch) -> None:
    """The local cluster's workers do not sample stacks every 10 ms (CPU the analysis needs); a
    setting given in the environment wins."""
    import dask

    from presslens.scale.run import _client, local_cluster_config

    monkeypatch.delenv("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", raising=False)
    with _client(None, None, 1) as client:
        seen = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
    assert list(seen.values()) == [False]
    monkeypatch.setenv("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", "True")
    assert local_cluster_config() == {}
