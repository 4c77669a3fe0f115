"""Where the CPU of `presslens analyze -j N` goes: the parent process against the workers, start-up
against per-article work, result pickling, JSON writing and the idle tail at the end.

    python benchmarks/cpu_split.py DIR [--jobs 2] [--repeats 3] [--out OUT.json] [--format json]

Runs the real command (``presslens analyze DIR -j N --out OUT``) in this process, with timers wrapped
around its parts (the workers are forked, so they inherit the wrappers):

* parent, main thread: ingest (`load_inputs`), serialising (`output.dumps`: ``to_dict`` and
  ``json.dumps``), the rest (imports, CLI, pool bookkeeping, writing the file);
* parent, other threads: the pool's manager thread (unpickling results) and queue feeder
  (pickling chunks) = the process's CPU less its main thread's;
* each worker: start-up (``_worker_init``; then the pipeline load done by the first chunk), the first
  chunk (lazy tables), the other chunks, the pickling of each chunk's results
  (``_sendback_result``), and what ``RUSAGE_CHILDREN`` has beyond the last chunk (exit);
* the idle tail: from the first worker's last result to the last worker's.

CPU seconds are user + system (``getrusage``), per process, so the split stays meaningful on a
shared machine where wall time is noise. Each repeat is a fresh interpreter (start-up included);
the table gives the median of the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _one_run(args: argparse.Namespace, log_dir: Path) -> None:
    """The instrumented run (in a child interpreter): writes parent.json and worker-PID.json."""
    started_wall = time.time()
    sys.path.insert(0, str(ROOT / "src"))
    import concurrent.futures.process as cfp
    import threading

    import presslens.api as api
    import presslens.ingest as ingest
    import presslens.output as output
    from presslens.cli import app

    main_ident = threading.get_ident()
    spent = {"ingest": 0.0, "dumps": 0.0}
    imported_cpu = _cpu()

    load_inputs = ingest.load_inputs

    def timed_inputs(*a, **k):
        items = load_inputs(*a, **k)
        while True:
            t = time.thread_time()
            try:
                item = next(items)
            except StopIteration:
                spent["ingest"] += time.thread_time() - t
                return
            spent["ingest"] += time.thread_time() - t
            yield item

    ingest.load_inputs = timed_inputs
    dumps = output.dumps

    def timed_dumps(*a, **k):
        t = time.thread_time()
        try:
            return dumps(*a, **k)
        finally:
            if threading.get_ident() == main_ident:
                spent["dumps"] += time.thread_time() - t

    output.dumps = timed_dumps

    worker: dict = {}
    init = api._worker_init

    def timed_init():
        worker.update(pid=os.getpid(), init_start=_cpu(), chunks=[], sendback=0.0)
        init()
        worker["init_end"] = _cpu()

    api._worker_init = timed_init
    analyze_chunk = api._analyze_chunk
    get_pipeline = api.get_pipeline

    def timed_chunk(job):
        if not worker.get("loaded"):
            before = _cpu()
            get_pipeline(job[1])
            worker["load"] = _cpu() - before
            worker["loaded"] = True
        before = _cpu()
        result = analyze_chunk(job)
        worker["chunks"].append((len(job[0]), _cpu() - before))
        return result

    # pickled by name: the forked workers find the same wrapper under the same name
    timed_chunk.__qualname__, timed_chunk.__module__ = "_analyze_chunk", "presslens.api"
    api._analyze_chunk = timed_chunk
    sendback = cfp._sendback_result

    def timed_sendback(*a, **k):
        before = _cpu()
        sendback(*a, **k)
        worker["sendback"] += _cpu() - before
        worker["total"] = _cpu()
        worker["last_wall"] = time.time()
        (log_dir / f"worker-{os.getpid()}.json").write_text(json.dumps(worker))

    cfp._sendback_result = timed_sendback

    argv = ["analyze", args.dir, "-j", str(args.jobs), "--out", args.out, "--format", args.format]
    try:
        app(argv, standalone_mode=False)
    finally:
        main_thread = time.thread_time()
        (log_dir / "parent.json").write_text(
            json.dumps(
                {
                    "self": _cpu(),
                    "children": _cpu(resource.RUSAGE_CHILDREN),
                    "imports": imported_cpu,
                    "main_thread": main_thread,
                    "ingest": spent["ingest"],
                    "dumps": spent["dumps"],
                    "wall": time.time() - started_wall,
                    "end_wall": time.time(),
                    "maxrss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                    "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                }
            )
        )


def _summarise(log_dir: Path) -> dict[str, float]:
    parent = json.loads((log_dir / "parent.json").read_text())
    workers = [json.loads(p.read_text()) for p in sorted(log_dir.glob("worker-*.json"))]
    row: dict[str, float] = {}
    row["parent total"] = parent["self"]
    row["  imports before the run"] = parent["imports"]
    row["  ingest"] = parent["ingest"]
    row["  to_dict + json.dumps"] = parent["dumps"]
    accounted = parent["imports"] + parent["ingest"] + parent["dumps"]
    row["  main thread, rest"] = parent["main_thread"] - accounted
    row["  other threads (unpickle results, pickle chunks)"] = parent["self"] - parent["main_thread"]
    row["workers total (RUSAGE_CHILDREN)"] = parent["children"]
    row["  worker init (BLAS cap, watcher)"] = sum(w["init_end"] - w["init_start"] for w in workers)
    row["  pipeline load (spaCy + hash, models)"] = sum(w.get("load", 0.0) for w in workers)
    row["  first chunk of each worker"] = sum(w["chunks"][0][1] for w in workers if w["chunks"])
    row["  other chunks"] = sum(c for w in workers for _, c in w["chunks"][1:])
    row["  pickling results (sendback)"] = sum(w["sendback"] for w in workers)
    row["  receiving chunks, between chunks"] = sum(
        w["total"] - w["init_end"] - w.get("load", 0.0) - sum(c for _, c in w["chunks"]) - w["sendback"]
        for w in workers
    )
    row["  fork to init"] = sum(w["init_start"] for w in workers)
    row["  after the last result (exit)"] = parent["children"] - sum(w["total"] for w in workers)
    row["all processes"] = parent["self"] + parent["children"]
    lasts = sorted(w["last_wall"] for w in workers)
    row["wall s (noise on a shared machine)"] = parent["wall"]
    row["idle tail s (first worker done -> last)"] = lasts[-1] - lasts[0] if len(lasts) > 1 else 0.0
    row["chunks per worker"] = statistics.mean(len(w["chunks"]) for w in workers)
    row["max RSS worker MB"] = parent["maxrss_children_mb"]
    row["max RSS parent MB"] = parent["maxrss_self_mb"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--format", default="json")
    parser.add_argument("--out", default=None)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _one_run(args, Path(args.child))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or str(Path(tmp) / "out.json")
        for i in range(args.repeats):
            log_dir = Path(tmp) / f"run{i}"
            log_dir.mkdir()
            cmd = [sys.executable, __file__, args.dir, "--jobs", str(args.jobs), "--format", args.format]
            subprocess.run([*cmd, "--out", out, "--child", str(log_dir)], check=True)
            rows.append(_summarise(log_dir))
            print(f"run {i + 1}: all processes {rows[-1]['all processes']:.2f} CPU-s", file=sys.stderr)
    n_articles = sum(1 for p in Path(args.dir).iterdir())
    print(f"{args.dir}: {n_articles} inputs, -j {args.jobs}, median of {len(rows)} runs (CPU-s unless said)")
    for key in rows[0]:
        values = [r[key] for r in rows]
        print(f"{key:<52}{statistics.median(values):>9.2f}   ({', '.join(f'{v:.2f}' for v in values)})")
    total = statistics.median(r["all processes"] for r in rows)
    ceiling = 2 * n_articles / total
    print(f"=> {1000 * total / n_articles:.0f} ms CPU per article; 2 cores at most {ceiling:.2f} art/s")


if __name__ == "__main__":
    main()
