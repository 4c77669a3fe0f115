"""Bounded load test of the web app on 127.0.0.1: N concurrent clients for T seconds, then stop.

Starts `uvicorn presslens.web.app:app_from_env` in a subprocess on a free local port over a corpus
database (by default one built from the synthetic fixture corpus in tests/fixtures/corpus), runs
``--clients`` asyncio clients (httpx.AsyncClient) that request the main pages and JSON endpoints in
turn for ``--duration`` seconds (or until ``--max-requests``), and prints p50/p90/p99 latency and
error counts per endpoint. It never talks to anything but 127.0.0.1 and always stops the server.

    python benchmarks/load_test.py --clients 50 --duration 30
    python benchmarks/load_test.py --db semeval.db --clients 50 --duration 30 --ingest ../shared/data/seeds

With ``--ingest PATH``, a `presslens ingest PATH --batch 5` process writes into (a copy of) the
database while the clients run, as a corpus being extended while people read it: the clients start
once it has committed its first batch, and the number of commits during the run is printed with the
figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fixture_db(folder: Path, copies: int = 1) -> Path:
    """A database of the fixture corpus; with ``copies`` > 1, that many variants of each article
    (a line appended, so a new content id; spread over 7 outlets per fixture outlet), which also
    exercises near-duplicate linking and figure groups with hundreds of entries."""
    sys.path.insert(0, str(ROOT / "src"))
    import hashlib

    from presslens.store import connect, store_dicts

    base = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))]
    articles = base if copies <= 1 else []
    for n in range(copies if copies > 1 else 0):
        for article in base:
            text = article["text"] + f"\n\nCopy {n}."
            articles.append(
                {
                    **article,
                    "text": text,
                    "id": hashlib.sha1(text.encode()).hexdigest()[:16],
                    "outlet": f"{article['outlet']} {n % 7}",
                }
            )
    db = folder / "load.db"
    conn = connect(db)
    store_dicts(conn, articles)
    conn.close()
    return db


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux /proc): the server's own cost, which the
    machine's other load does not inflate the way it inflates latencies."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare(db: Path) -> None:
    """Bring the database's schema up to date once (the server opens it read-only)."""
    sys.path.insert(0, str(ROOT / "src"))
    from presslens.store import connect

    connect(db).close()


class Ingest:
    """A `presslens ingest` process writing into the database, and the commits it reports."""

    def __init__(self, db: Path, inputs: list[str], jobs: int, batch: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "presslens.cli", "ingest", *inputs, "--db", str(db)]
        command += ["--jobs", str(jobs), "--batch", str(batch)]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.commits: list[float] = []
        self.summary = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            if line.startswith("committed"):
                self.commits.append(time.monotonic())

    def wait_first_commit(self, timeout: float = 600) -> bool:
        """Wait for the first commit (model loaded, writing), so that the clients run while it writes."""
        deadline = time.monotonic() + timeout
        while not self.commits and self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        return bool(self.commits)

    def stop(self, since: float) -> str:
        during = sum(1 for t in self.commits if t >= since)
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
            return f"{during} commit(s) during the run; still writing at the end (stopped)"
        out = self.process.stdout.read().strip()
        return f"{during} commit(s) during the run; finished: {out}"


def endpoints(db: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id LIMIT 3")]
    conn.close()
    paths = [
        "/",
        "/index.json",
        "/quantities",
        "/quantities.json",
        "/compare.json",
        "/search?q=soldiers",
        "/search.json?q=Gaza",
        "/articles.json",
    ]
    for article_id in ids:
        paths += [f"/articles/{article_id}", f"/articles/{article_id}.json"]
    return paths


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class RawConnection:
    """One kept-alive HTTP/1.1 connection that sends GETs and reads Content-Length bodies.

    Why not httpx: with 50 clients reading pages of 100-700 KB, httpx spent about 11 ms of CPU per
    request against the server's 3, so the figures measured the load generator. This costs a small
    fraction of that, so the latencies are the server's (and the machine's load). ``--client httpx``
    keeps the earlier method.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nConnection: keep-alive\r\n\r\n"
        self.writer.write(request.encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:  # no length: the body ends with the connection
            await self.reader.read()
            self.close()
        else:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_clients(
    base: str, paths: list[str], clients: int, duration: float, max_requests: int, kind: str = "raw"
) -> dict:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = defaultdict(int)
    sent = 0
    stop_at = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    host, port = base.removeprefix("http://").rsplit(":", 1)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker(offset: int) -> None:
            nonlocal sent
            i = offset
            connection = RawConnection(host, int(port))
            while time.monotonic() < stop_at and sent < max_requests:
                sent += 1
                path = paths[i % len(paths)]
                i += 1
                key = (
                    path.split("?")[0]
                    if not path.startswith("/articles/")
                    else ("/articles/{id}.json" if path.endswith(".json") else "/articles/{id}")
                )
                t0 = time.perf_counter()
                try:
                    if kind == "httpx":
                        code = (await client.get(path)).status_code
                    else:
                        code = await asyncio.wait_for(connection.get(path), 30)
                    ok, status = code == 200, str(code)
                except (
                    httpx.HTTPError,
                    OSError,
                    asyncio.IncompleteReadError,
                    TimeoutError,
                    ValueError,
                ) as exc:
                    ok, status = False, type(exc).__name__
                    connection.close()
                if not ok:
                    statuses[status] += 1
                latencies[key].append((time.perf_counter() - t0) * 1000)
                if not ok:
                    errors[key] += 1
            connection.close()

        t0 = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.monotonic() - t0
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed, "error_kinds": dict(statuses)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="corpus database (default: built from the fixture corpus)")
    parser.add_argument("--copies", type=int, default=1, help="variants of each fixture article (scale test)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds (capped at 120)")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--ingest",
        nargs="+",
        metavar="PATH",
        help="ingest these inputs into (a copy of) the database meanwhile",
    )
    parser.add_argument("--ingest-jobs", type=int, default=1, help="--jobs of that ingest")
    parser.add_argument(
        "--ingest-batch", type=int, default=5, help="--batch of that ingest (articles per commit)"
    )
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator (raw: cheap, measures the server)",
    )
    args = parser.parse_args()
    duration = min(args.duration, 120.0)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or fixture_db(Path(tmp), args.copies)
        if args.ingest and args.db:  # never write into the user's database
            copy = Path(tmp) / "load.db"
            shutil.copy(db, copy)
            db = copy
        prepare(db)
        port = free_port()
        env = {**os.environ, "PRESSLENS_DB": str(db), "PYTHONPATH": str(ROOT / "src")}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "presslens.web.app:app_from_env",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                # longer than any queueing delay here, so the server never closes a kept-alive
                # connection just as a client reuses it (httpx would report a ReadError)
                "--timeout-keep-alive",
                "60",
                "--no-access-log",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/index.json", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            writer = Ingest(db, args.ingest, args.ingest_jobs, args.ingest_batch) if args.ingest else None
            if writer and not writer.wait_first_commit():
                print("the ingest never committed", file=sys.stderr)
                return 1
            started = time.monotonic()
            load_before = os.getloadavg()
            cpu_before, client_before = cpu_seconds(server.pid), cpu_seconds(os.getpid())
            result = asyncio.run(
                run_clients(base, endpoints(db), args.clients, duration, args.max_requests, args.client)
            )
            server_cpu = cpu_seconds(server.pid) - cpu_before
            client_cpu = cpu_seconds(os.getpid()) - client_before
            load_after = os.getloadavg()
            ingest_report = writer.stop(started) if writer else None
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    rows = []
    all_latencies = [v for values in result["latencies"].values() for v in values]
    for key in [*sorted(result["latencies"]), "ALL"]:
        values = all_latencies if key == "ALL" else result["latencies"][key]
        errors = sum(result["errors"].values()) if key == "ALL" else result["errors"].get(key, 0)
        rows.append(
            {
                "endpoint": key,
                "requests": len(values),
                "errors": errors,
                "p50_ms": round(percentile(values, 50), 1),
                "p90_ms": round(percentile(values, 90), 1),
                "p95_ms": round(percentile(values, 95), 1),
                "p99_ms": round(percentile(values, 99), 1),
                "mean_ms": round(statistics.fmean(values), 1) if values else None,
            }
        )
    summary = {
        "clients": args.clients,
        "duration_s": round(result["elapsed"], 1),
        "requests_per_s": round(len(all_latencies) / result["elapsed"], 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, len(all_latencies)), 2),
        "client_cpu_s": round(client_cpu, 2),
        "client": args.client,
        "ingest": ingest_report,
        "rows": rows,
    }
    print(
        f"{args.clients} clients, {summary['duration_s']} s, {len(all_latencies)} requests, "
        f"{summary['requests_per_s']} req/s; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after"
    )
    per_request = summary["server_cpu_ms_per_request"]
    print(
        f"server CPU {summary['server_cpu_s']} s, {per_request} ms per request "
        f"(on one free core it would top out near {1000 / max(0.01, per_request):.0f} req/s); "
        f"the clients' own CPU {summary['client_cpu_s']} s"
    )
    if ingest_report:
        print(f"ingest meanwhile: {ingest_report}")
    print(f"{'endpoint':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p90 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for row in rows:
        print(
            f"{row['endpoint']:<22}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>9}{row['p90_ms']:>9}"
            f"{row['p95_ms']:>9}{row['p99_ms']:>9}"
        )
    if result["error_kinds"]:
        print("errors by kind:", result["error_kinds"])
    summary["error_kinds"] = result["error_kinds"]
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if rows[-1]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
