"""Several processes on one corpus database: schema creation and ingest counts stay right (real processes)."""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from pathlib import Path

from corpus_world import load_articles
from presslens.store import connect


def _open_new(path: str, barrier, results) -> None:
    barrier.wait()  # every process opens the new database at the same moment
    try:
        connect(path).close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(f"{type(exc).__name__}: {exc}")


def test_ten_processes_creating_one_new_database_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(5):
        path = tmp_path / f"new{round_}.db"
        barrier, results = context.Barrier(10), context.Queue()
        processes = [context.Process(target=_open_new, args=(str(path), barrier, results)) for _ in range(10)]
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(30)
        assert outcomes == ["ok"] * 10, outcomes
        conn = connect(path, readonly=True)
        names = [row[0] for row in conn.execute("SELECT name FROM migrations")]
        conn.close()
        assert len(names) == len(set(names))  # each migration applied once


def test_two_concurrent_ingests_of_the_same_files_report_true_counts(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in load_articles().items():
        (folder / f"{name}.txt").write_text(data["text"], encoding="utf-8")
    total = len(load_articles())
    db = tmp_path / "shared.db"
    command = [sys.executable, "-m", "presslens.cli", "ingest", str(folder), "--db", str(db), "--batch", "2"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"
    ]
    outputs = [run.communicate(timeout=900) for run in runs]
    counts = []
    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        found = re.search(r"stored (\d+), already stored (\d+), skipped (\d+)", stdout)
        assert found, stdout
        counts.append(tuple(int(x) for x in found.groups()))
    assert sum(stored for stored, _, _ in counts) == total, counts
    assert all(stored + already == total and skipped == 0 for stored, already, skipped in counts), counts
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == total
    conn.close()
