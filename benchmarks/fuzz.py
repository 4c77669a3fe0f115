"""Fuzz benchmark: thousands of hostile inputs through `analyze` and `ingest`; crashes, hangs, memory.

    python benchmarks/fuzz.py --cases 10000 --seed 0 --json fuzz.json
    python benchmarks/fuzz.py --summarise FOLDER            # a (partial) run's counts and worst inputs
    python benchmarks/fuzz.py --cases 10000 --only 1174,3638 --workers 1 --keep FOLDER2   # re-run some

Inputs come from tests/hostile.py (known poison first, then random draws from its families). Two phases:

1. **Per input** (`--workers` processes): each input goes through `presslens.store.ingest` (which loads,
   analyses and stores it exactly as `presslens ingest` does) with the analysed articles tapped and checked
   as `presslens analyze` would write them. A worker that uses more than `--timeout` CPU seconds on one
   input (CPU, because wall time depends on how busy the machine is) is killed and the input counted as a
   **hang**; a worker that dies is a **crash**, and so is an error nobody planned for (`unexpected ...`,
   `analysis failed ...`), a component that failed, an invalid span, or JSON that does not survive a round
   trip. Memory, after every input: the input's own peak (``peak_mb``: ``VmHWM``, reset before the input, so
   it holds what the worker kept from earlier inputs plus what this one added; ``rss_before_mb`` is the
   resident size it started from) and the worker's lifetime peak so far (``rss_mb``). Each record also says
   which code ran it (``code``: the commit, ``+dirty`` when src/ had changes), so that a resumed run over
   several commits stays exact about which inputs ran on which code.
2. **Commands** (unless `--no-commands`): `presslens analyze DIR --jobs 2 --out` and `presslens ingest DIR
   --jobs 2` over the first `--command-cases` inputs, as subprocesses: exit code, no traceback, the inputs
   skipped, and the peak memory of the command and its workers.

Goal (issue 14): 0 crashes, 0 hangs, peak memory at most 1.5 GB per process. Results: docs/fuzz.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402  (tests/hostile.py: the generator and the output checks)

# -- the worker: one input at a time ----------------------------------------------------------------


def _status_mb(field: str) -> int:
    """A ``/proc/self/status`` figure (VmRSS, VmHWM) in MB; -1 where there is none."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return -1


def _reset_peak() -> bool:
    """Reset this process's peak resident size (``VmHWM``, and with it ``ru_maxrss``) to its resident
    size now (Linux >= 4.0); False where that is not possible. Nothing is freed: what the worker keeps
    from earlier inputs stays in the next input's peak, as it does in a long-lived worker."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def worker(db: str) -> None:
    """Read ``index<TAB>spec`` lines on stdin; answer one JSON line each on stdout."""
    import presslens.api
    from presslens.errors import AnalysisError, InputError
    from presslens.store import connect, ingest

    real = presslens.api.analyze_many
    tapped: list[Any] = []

    def tap(*args: Any, **kwargs: Any):
        for item in real(*args, **kwargs):
            tapped.append(item)
            yield item

    presslens.api.analyze_many = tap
    conn = connect(db)
    lifetime = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # the reset below clears it
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        index, spec = line.rstrip("\n").split("\t", 1)
        spec = bytes.fromhex(spec).decode("utf-8", "surrogatepass")
        tapped.clear()
        errors: list[Any] = []
        problems: list[str] = []
        reset = _reset_peak()
        rss_before = _status_mb("VmRSS")
        start = time.perf_counter()
        cpu_start = time.process_time()
        try:
            stats = ingest(conn, [spec], batch_size=5, on_error=errors.append)
            stored = stats.stored + stats.skipped
        except Exception as exc:  # noqa: BLE001 - this is what the benchmark counts
            problems.append(f"ingest raised {type(exc).__name__}: {exc}"[:300])
            stored = 0
        analysed = 0
        for item in tapped:
            if isinstance(item, AnalysisError):
                problems.append(f"error: {item}"[:300])
            elif isinstance(item, InputError):
                if hostile.is_bug(item):
                    problems.append(f"error: {item}"[:300])
            else:
                analysed += 1
                try:
                    problems += hostile.output_problems(item)
                except Exception as exc:  # noqa: BLE001
                    problems.append(f"writing raised {type(exc).__name__}: {exc}"[:300])
        problems += [str(e) for e in errors if hostile.is_bug(e)]
        peak = _status_mb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        lifetime = max(lifetime, peak)
        result = {
            "index": int(index),
            "seconds": round(time.perf_counter() - start, 3),
            "cpu": round(time.process_time() - cpu_start, 3),
            "rss_mb": lifetime,
            **({"peak_mb": peak, "rss_before_mb": rss_before} if reset else {}),
            "errors": len(errors),
            "analysed": analysed,
            "stored": stored,
            "problems": problems[:5],
        }
        print(json.dumps(result), flush=True)


class Worker:
    """A worker subprocess with a deadline per input."""

    def __init__(self, db: Path) -> None:
        env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT / "src")}
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.read(600)  # the "ready" line, after the pipeline has loaded

    def read(self, timeout: float) -> dict[str, Any] | None:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        return json.loads(line) if line else {"died": self.proc.wait()}

    def send(self, index: int, spec: str) -> None:
        # surrogatepass, not fsencode: a URL spec may hold a lone surrogate that no file system encoding takes
        self.proc.stdin.write(f"{index}\t{spec.encode('utf-8', 'surrogatepass').hex()}\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def cpu(self) -> float:
        """CPU seconds the worker has used (user + system), from /proc: load does not inflate it."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_inputs(
    specs: dict[int, str], kinds: dict[int, str], workers: int, timeout: float, folder: Path, code: str
) -> dict[str, Any]:
    """Phase 1: every input through ingest in ``workers`` processes, each input under a deadline.

    ``specs`` maps each input's index in the generated sequence to its spec (all of them, or those of
    ``--only``). Each result is also appended to ``folder/results.jsonl`` as it comes (``--summarise``
    reads it back); with ``--keep`` on the folder of an interrupted run, the inputs already recorded
    there are skipped, and the summary covers the whole file (``by_code`` says which code ran which).
    """
    todo = sorted(specs.items())
    busy: dict[int, tuple[int, float, float]] = {}  # worker slot -> (input index, wall and CPU at start)
    results: dict[int, dict[str, Any]] = {}
    started = time.monotonic()
    shown = 0
    results_file = folder / "results.jsonl"
    if results_file.exists():  # a run interrupted before: skip the inputs it already recorded
        done = {r["index"] for r in read_results(folder)}
        todo = [(i, spec) for i, spec in todo if i not in done]
    pool = [Worker(folder / f"worker{i}.db") for i in range(min(workers, len(todo)))]
    log = results_file.open("a", encoding="utf-8")
    total = len(todo)

    def record(index: int, result: dict[str, Any]) -> None:
        result |= {"index": index, "kind": kinds[index], "spec": specs[index][-80:], "code": code}
        results[index] = result
        log.write(json.dumps(result, ensure_ascii=True) + "\n")
        log.flush()

    while todo or busy:
        for slot, w in enumerate(pool):
            if slot not in busy and todo:
                index, spec = todo.pop(0)
                w.send(index, spec)
                busy[slot] = (index, time.monotonic(), w.cpu())
        streams = {pool[slot].proc.stdout.fileno(): slot for slot in busy}
        ready, _, _ = select.select(list(streams), [], [], 1.0)
        for fd in ready:
            slot = streams[fd]
            index, _since, _cpu = busy.pop(slot)
            answer = pool[slot].read(0) or {"died": None}
            if "died" in answer:
                record(index, {"crash": f"worker died (exit {answer['died']})"})
                pool[slot] = Worker(folder / f"worker{slot}-{index}.db")
            else:
                record(index, answer)
        now = time.monotonic()
        for slot, (index, since, cpu) in list(busy.items()):
            used = pool[slot].cpu() - cpu
            if used > timeout or now - since > 10 * timeout:  # CPU time, so that load does not count
                pool[slot].kill()
                record(index, {"hang": round(now - since, 1), "hang_cpu": round(used, 1)})
                busy.pop(slot)
                pool[slot] = Worker(folder / f"worker{slot}-{index}.db")
        if len(results) // 250 > shown:
            shown = len(results) // 250
            rate = len(results) / (time.monotonic() - started)
            print(f"  {len(results)}/{total} inputs, {rate:.2f}/s", file=sys.stderr, flush=True)
    for w in pool:
        w.proc.stdin.close()
        w.proc.wait()
    log.close()
    report = summarise(read_results(folder))
    report["this_run"] = {
        "inputs": len(results),
        "seconds": round(time.monotonic() - started),
        "crashes": sum(bool(r.get("crash") or r.get("problems")) for r in results.values()),
        "hangs": sum(bool(r.get("hang")) for r in results.values()),
        "peak_rss_mb": max((r.get("rss_mb", 0) for r in results.values()), default=0),
    }
    report["seconds"] = report["this_run"]["seconds"]
    return report


def read_results(folder: Path) -> list[dict[str, Any]]:
    """The per-input records of ``folder/results.jsonl``, in the order they were written."""
    lines = (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def index_ranges(indices: list[int]) -> str:
    """``[0, 1, 2, 5, 7, 8]`` -> ``"0-2, 5, 7-8"``: which inputs, compactly."""
    out: list[str] = []
    for i in sorted(indices):
        if out and i == int(out[-1].rsplit("-", 1)[-1]) + 1:
            out[-1] = f"{out[-1].split('-')[0]}-{i}"
        else:
            out.append(str(i))
    return ", ".join(out)


def raised_peak(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records without a per-input peak (runs before ``peak_mb`` was recorded): those that raised their
    worker's lifetime peak (``rss_mb``), found as the first record of each value of it, highest first.

    A worker's lifetime peak only grows, and only while it analyses an input, so the first record that
    shows a new value names the input that made it (two workers reaching the same MB figure would hide
    one of them). Such an input needed at most that much, given what its worker held before."""
    seen: set[int] = set()
    out = []
    for r in results:
        if "peak_mb" in r or "rss_mb" not in r:
            continue
        if r["rss_mb"] not in seen:
            seen.add(r["rss_mb"])
            out.append(r)
    return sorted(out, key=lambda r: -r["rss_mb"])


def _brief(r: dict[str, Any]) -> dict[str, Any]:
    keys = ("index", "kind", "peak_mb", "rss_before_mb", "rss_mb", "cpu", "code", "spec")
    return {k: r[k] for k in keys if k in r}


def summarise(results: list[dict[str, Any]], seconds: float | None = None) -> dict[str, Any]:
    """Counts of crashes and hangs, the memory peaks and the worst inputs, from per-input results."""
    crashes = [r for r in results if r.get("crash") or r.get("problems")]
    hangs = [r for r in results if r.get("hang")]
    timed = [r for r in results if "seconds" in r]
    by_code: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_code.setdefault(r.get("code", "unrecorded"), []).append(r)
    return {
        "inputs": len(results),
        "seconds": seconds,
        "crashes": len(crashes),
        "hangs": len(hangs),
        "peak_rss_mb": max((r["rss_mb"] for r in timed), default=0),
        "cpu_over_60s": sum(r.get("cpu", 0) > 60 for r in timed),
        "slowest": sorted(timed, key=lambda r: -r.get("cpu", r["seconds"]))[:5],
        "analysed": sum(r.get("analysed", 0) for r in timed),
        "reported": sum(r.get("errors", 0) for r in timed),
        "by_code": {
            code: {
                "inputs": len(rs),
                "indices": index_ranges([r["index"] for r in rs]),
                "crashes": sum(bool(r.get("crash") or r.get("problems")) for r in rs),
                "hangs": sum(bool(r.get("hang")) for r in rs),
                "peak_rss_mb": max((r.get("rss_mb", 0) for r in rs), default=0),
            }
            for code, rs in by_code.items()
        },
        # the inputs' own peaks where recorded, else the inputs that raised a worker's lifetime peak
        "worst_memory": [
            _brief(r) for r in sorted(timed, key=lambda r: -r.get("peak_mb", -1))[:10] if "peak_mb" in r
        ],
        "raised_peak": [_brief(r) for r in raised_peak(results)[:15]],
        "crash_cases": crashes[:50],
        "hang_cases": hangs[:50],
    }


def code_version() -> str:
    """The commit this benchmark runs (``+dirty`` when src/ has uncommitted changes)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def run_command(args: list[str], timeout: float, folder: Path) -> dict[str, Any]:
    """Phase 2: one `presslens` command as a subprocess: exit code, stderr lines, peak memory.

    The peak is ``wait4``'s ``ru_maxrss`` for the command: the largest of it and its worker processes.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    log = folder / f"{args[0]}.stderr"
    start = time.monotonic()
    with open(log, "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "presslens.cli", *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                return {
                    "command": args[0],
                    "hang": True,
                    "seconds": round(time.monotonic() - start),
                }
            time.sleep(0.5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    return {
        "command": args[0],
        "exit": proc.returncode,
        "seconds": round(time.monotonic() - start),
        "traceback": "Traceback" in text,
        "skipped": sum(line.startswith("skipped") for line in lines),
        "unplanned_errors": [line[:200] for line in lines if hostile.is_bug(line)][:20],
        "last_lines": lines[-3:],
        "peak_rss_mb": usage.ru_maxrss // 1024,
    }


def command_line_urls(specs: list[str]) -> list[str]:
    """The URL inputs a command line can carry.

    An argument cannot hold a NUL character (the operating system refuses it before the command
    starts, so no user can type one); those URLs stay in phase 1, which passes them in-process.
    """
    return [s for s in specs if "://" in s and "\x00" not in s]


def run_commands(items: list[hostile.Case], folder: Path, phase1_seconds: float) -> dict[str, Any]:
    """Phase 2: `presslens analyze` and `presslens ingest` (2 jobs each) over the first inputs."""
    inputs = folder / "commands"
    specs = hostile.write_cases(items, inputs)
    urls = command_line_urls(specs)
    limit = max(3600.0, 2.0 * phase1_seconds)
    out = folder / "analyze.jsonl"
    args = ["analyze", str(inputs), *urls, "-j", "2", "-f", "jsonl", "--out", str(out), "--no-progress"]
    report = {
        "commands_inputs": len(specs),
        "urls_not_on_a_command_line": sum("://" in s for s in specs) - len(urls),
        "analyze": run_command(args, limit, folder),
    }
    if out.exists():
        lines = out.read_text(encoding="utf-8").splitlines()
        report["analyze"]["articles"] = len(lines)
        report["analyze"]["valid_json"] = all(json.loads(line)["schema"] for line in lines)
    db = folder / "ingest.db"
    report["ingest"] = run_command(
        ["ingest", str(inputs), *urls, "--jobs", "2", "--db", str(db)], limit, folder
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="CPU seconds per input before it is a hang (or 10 times that in wall time)",
    )
    parser.add_argument("--no-commands", action="store_true", help="skip phase 2 (the CLI commands)")
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--keep", type=Path, help="write the inputs here (default: a temporary folder)")
    parser.add_argument(
        "--summarise", type=Path, help="only summarise FOLDER/results.jsonl of a (partial) run"
    )
    parser.add_argument(
        "--command-cases", type=int, default=1000, help="inputs for phase 2, the CLI commands (0: all)"
    )
    parser.add_argument(
        "--only", help="comma-separated indices: run only these inputs of the sequence (their own numbers)"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    if args.summarise:
        print(json.dumps(summarise(read_results(args.summarise)), indent=1))
        return

    folder = args.keep or Path(tempfile.mkdtemp(prefix="presslens-fuzz-"))
    inputs = folder / "inputs"
    items = list(hostile.cases(args.cases, args.seed))
    only = sorted({int(i) for i in args.only.split(",") if i.strip()}) if args.only else range(len(items))
    inputs.mkdir(parents=True, exist_ok=True)
    specs = {i: items[i].write(inputs, i) for i in only}
    kinds = {i: items[i].kind for i in only}
    code = code_version()
    print(f"{len(specs)} inputs in {inputs}, code {code}", file=sys.stderr)
    report: dict[str, Any] = {
        "cases": args.cases,
        "seed": args.seed,
        "code": code,
        "load_before": os.getloadavg(),
    }
    report["per_input"] = run_inputs(specs, kinds, args.workers, args.timeout, folder, code)
    if not args.no_commands and not args.only:
        report.update(
            run_commands(items[: args.command_cases or None], folder, report["per_input"]["seconds"])
        )
    per = report["per_input"]
    summary = (
        f"{per['inputs']} inputs: {per['crashes']} crashes, {per['hangs']} hangs (> {args.timeout:g} CPU s), "
        f"peak {per['peak_rss_mb']} MB per worker, {per['analysed']} articles analysed, "
        f"{per['reported']} inputs reported"
    )
    run = per["this_run"]
    summary += (
        f"\nthis run (code {code}): {run['inputs']} inputs, {run['crashes']} crashes, {run['hangs']} hangs, "
        f"peak {run['peak_rss_mb']} MB per worker, {run['seconds']} s"
    )
    for version, counts in per["by_code"].items():
        summary += (
            f"\n  code {version}: {counts['inputs']} inputs ({counts['indices']}), "
            f"peak {counts['peak_rss_mb']} MB"
        )
    for name in ("analyze", "ingest"):
        if name in report:
            r = report[name]
            summary += (
                f"\n{name}: exit {r.get('exit')}, traceback {r.get('traceback')}, "
                f"articles {r.get('articles', '-')}, skipped {r.get('skipped')}, "
                f"{r.get('seconds')} s, peak {r.get('peak_rss_mb')} MB"
            )
    report["summary"] = summary
    report["load_after"] = os.getloadavg()
    print(summary)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
