"""Bounded load test of the web app on 127.0.0.1: N concurrent clients for T seconds, then stop.

Starts `uvicorn presslens.web.app:app_from_env` in a subprocess on a free local port over a corpus
database (by default one built from the synthetic fixture corpus in tests/fixtures/corpus), runs
``--clients`` asyncio clients (httpx.AsyncClient) that request the main pages and JSON endpoints in
turn for ``--duration`` seconds (or until ``--max-requests``), and prints p50/p90/p99 latency and
error counts per endpoint. It never talks to anything but 127.0.0.1 and always stops the server.

    python benchmarks/load_test.py --clients 50 --duration 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
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


async def run_clients(base: str, paths: list[str], clients: int, duration: float, max_requests: int) -> dict:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = defaultdict(int)
    sent = 0
    stop_at = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker(offset: int) -> None:
            nonlocal sent
            i = offset
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
                    response = await client.get(path)
                    ok = response.status_code == 200
                    status = str(response.status_code)
                except httpx.HTTPError as exc:
                    ok, status = False, type(exc).__name__
                if not ok:
                    statuses[status] += 1
                latencies[key].append((time.perf_counter() - t0) * 1000)
                if not ok:
                    errors[key] += 1

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
    args = parser.parse_args()
    duration = min(args.duration, 120.0)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or fixture_db(Path(tmp), args.copies)
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
            result = asyncio.run(run_clients(base, endpoints(db), args.clients, duration, args.max_requests))
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
                "p99_ms": round(percentile(values, 99), 1),
                "mean_ms": round(statistics.fmean(values), 1) if values else None,
            }
        )
    summary = {
        "clients": args.clients,
        "duration_s": round(result["elapsed"], 1),
        "requests_per_s": round(len(all_latencies) / result["elapsed"], 1),
        "rows": rows,
    }
    print(
        f"{args.clients} clients, {summary['duration_s']} s, {len(all_latencies)} requests, "
        f"{summary['requests_per_s']} req/s"
    )
    print(f"{'endpoint':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}")
    for row in rows:
        print(
            f"{row['endpoint']:<22}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>9}{row['p90_ms']:>9}"
            f"{row['p99_ms']:>9}"
        )
    if result["error_kinds"]:
        print("errors by kind:", result["error_kinds"])
    summary["error_kinds"] = result["error_kinds"]
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if rows[-1]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
