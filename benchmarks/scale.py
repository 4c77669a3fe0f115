"""Scale-out benchmark: the Dask path with 1 then 2 workers against `presslens analyze -j 2`.

    python benchmarks/scale.py [--limit N] [--partition-size 25] [--json FILE]

Articles: the seeds, the SemEval-2023 English training articles and the PolNeAR train and dev
articles from ../shared (1,382 files). Three end-to-end runs of the command line, each timed from
start to exit (interpreter start, model loading, cluster start and output writing included):

1. ``presslens analyze FILES -j 2 --format jsonl -o F``: the single-machine baseline;
2. ``presslens analyze FILES --workers 1 --format parquet -o DIR``: one Dask worker, one thread;
3. ``presslens analyze FILES --workers 2 --format parquet -o DIR``: two workers, one thread each.

Reported: articles/s end to end and in the steady state (the Dask run's own clock, from the first
partition sent, models already loaded), the speed-up from 1 to 2 workers (goal ≥ 1.8), the
overhead of the Dask path against ``-j 2`` (goal ≤ 10 %), the peak memory of each worker process,
and the load average before and after each run (the figures mean little on a busy machine: see
docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared")) / "data"
PRESSLENS = Path(sys.executable).parent / "presslens"


def corpus_files(limit: int | None) -> list[str]:
    groups = [
        sorted((SHARED / "seeds").glob("*.txt")),
        sorted((SHARED / "semeval2023-en" / "articles").glob("*.txt")),
        sorted((SHARED / "polnear" / "train" / "text").glob("*.txt")),
        sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt")),
    ]
    files = [str(p) for group in groups for p in group]
    if not files:
        sys.exit(f"no articles under {SHARED}")
    return files[:limit] if limit else files


def load() -> float:
    return os.getloadavg()[0]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> dict:
    """Wall time, and CPU time of the command and every process it started (waited for)."""
    before = load()
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:4])}... failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "load_before": round(before, 2),
        "load_after": round(load(), 2),
        "stderr": done.stderr,
    }


def dask_run(files: list[str], workers: int, size: int, scratch: Path, env: dict[str, str]) -> dict:
    out = scratch / f"corpus-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    result = timed(
        [
            str(PRESSLENS),
            "analyze",
            *files,
            "--workers",
            str(workers),
            "--format",
            "parquet",
            "-o",
            str(out),
            "--partition-size",
            str(size),
            "--no-progress",
        ],
        env,
    )
    summaries = [json.loads(p.read_text()) for p in (out / "parts").glob("*/_summary.json")]
    analysed = sum(s["articles"] for s in summaries)
    errors = sum(s["errors"] for s in summaries)
    per_worker: dict[str, float] = {}
    busy: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for s in summaries:
        per_worker[s["worker"]] = max(per_worker.get(s["worker"], 0.0), s["peak_rss_mb"])
        busy[s["worker"]] = busy.get(s["worker"], 0.0) + s["seconds"]
        cpu[s["worker"]] = cpu.get(s["worker"], 0.0) + s.get("cpu_seconds", 0.0)
    size = sum(p.stat().st_size for p in (out / "parts").rglob("*.parquet"))
    steady = re.search(r"in ([\d.]+) s \(([\d.]+) inputs/s", result["stderr"])
    return {
        "workers": workers,
        "articles": analysed,
        "errors": errors,
        "partitions": len(summaries),
        "seconds": result["seconds"],
        "articles_per_s": round(analysed / result["seconds"], 2),
        "steady_seconds": float(steady.group(1)) if steady else None,
        "steady_articles_per_s": float(steady.group(2)) if steady else None,
        "peak_rss_mb_per_worker": sorted(per_worker.values()),
        "busy_seconds_per_worker": sorted(round(v, 1) for v in busy.values()),
        "partition_cpu_seconds_per_worker": sorted(round(v, 1) for v in cpu.values()),
        "cpu_seconds": result["cpu_seconds"],
        "corpus_bytes_per_article": round(size / max(analysed, 1)),
        "load_before": result["load_before"],
        "load_after": result["load_after"],
    }


def baseline(files: list[str], scratch: Path, env: dict[str, str]) -> dict:
    out = scratch / "baseline.jsonl"
    result = timed(
        [str(PRESSLENS), "analyze", *files, "-j", "2", "--format", "jsonl", "-o", str(out), "--no-progress"],
        env,
    )
    with out.open(encoding="utf-8") as handle:
        analysed = sum(1 for line in handle if line.strip())
    return {
        "articles": analysed,
        "jsonl_bytes_per_article": round(out.stat().st_size / max(analysed, 1)),
        "seconds": result["seconds"],
        "articles_per_s": round(analysed / result["seconds"], 2),
        "cpu_seconds": result["cpu_seconds"],
        "load_before": result["load_before"],
        "load_after": result["load_after"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles (a quick check)")
    parser.add_argument("--partition-size", type=int, default=25)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    files = corpus_files(args.limit)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    report: dict = {"articles_in": len(files), "partition_size": args.partition_size, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="presslens-scale-") as tmp:
        scratch = Path(tmp)
        if not args.skip_baseline:
            report["baseline_j2"] = baseline(files, scratch, env)
            print("presslens analyze -j 2:", report["baseline_j2"], flush=True)
        for workers in (1, 2):
            report[f"dask_{workers}"] = dask_run(files, workers, args.partition_size, scratch, env)
            print(f"dask, {workers} worker(s):", report[f"dask_{workers}"], flush=True)
    one, two = report["dask_1"], report["dask_2"]
    report["speedup_end_to_end"] = round(one["seconds"] / two["seconds"], 2)
    if one["steady_seconds"] and two["steady_seconds"]:
        report["speedup_steady"] = round(one["steady_seconds"] / two["steady_seconds"], 2)
    # CPU-based figures hold on a busy machine, where wall time measures the neighbours: the
    # analysis phase's speed-up is the CPU the partitions took on one worker over what the busiest
    # of two workers took (load balance and per-partition costs count; idle neighbours do not)
    report["speedup_from_cpu"] = round(
        sum(one["partition_cpu_seconds_per_worker"]) / max(two["partition_cpu_seconds_per_worker"]), 2
    )
    if "baseline_j2" in report:
        base = report["baseline_j2"]
        report["overhead_vs_j2"] = round(two["seconds"] / base["seconds"] - 1, 3)
        report["cpu_overhead_vs_j2"] = round(two["cpu_seconds"] / base["cpu_seconds"] - 1, 3)
    print(json.dumps({k: v for k, v in report.items() if not isinstance(v, dict)}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
