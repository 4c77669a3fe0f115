"""Analysis off the event loop: a bounded pool of worker processes with a queue limit and a deadline.

Why processes: an analysis is seconds of CPU in spaCy and onnxruntime. Run on the event loop it froze
every other user (82 s for a 0.96 MB text); run in a thread it would still hold the GIL against the
threads that serve pages, and a thread cannot be stopped when it overruns. A worker process holds its
own loaded pipeline, is killed (and later restarted) when an analysis passes its deadline, and keeps
the memory of a huge text out of the server process.

Admission, so that load turns into clear answers instead of a growing backlog:
- at most ``workers`` analyses run at once, and at most ``queue`` more wait; a request beyond that
  is refused at once with 429 (`AnalysisRefused`, with a Retry-After hint);
- a request waits for a free worker for at most ``timeout`` seconds (then 503), and its analysis gets
  ``timeout`` seconds of its own (then 503, and the worker is killed). Starting a worker (loading the
  models, a few seconds) is not counted against the analysis.

The event loop only awaits: checking out a worker and waiting on its pipe happen in a small thread
pool sized to the admitted requests, so nothing here can block another request.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import multiprocessing
import os
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

#: Seconds a new worker may take to load the pipeline before the request fails (first use only).
STARTUP_TIMEOUT = 600.0


class AnalysisRefused(Exception):
    """The request is not analysed: ``status`` (413, 429, 503, 4xx from the analysis) and a message."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _serve(conn, target: str, warm_up: str | None) -> None:  # runs in the worker process
    """Worker main loop: load once, then answer ``args`` tuples with ("ok", result) or ("error", ...)."""
    from presslens.errors import PressLensError
    from presslens.threads import limit_blas_threads

    _exit_with_parent()
    try:
        limit_blas_threads()
        func = _resolve(target)
        if warm_up:
            _resolve(warm_up)()
    except Exception as exc:  # noqa: BLE001 - reported to the request that started the worker
        conn.send(("error", (500, f"the analysis worker could not start: {type(exc).__name__}: {exc}")))
        return
    conn.send(("ready", None))
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):  # the server went away: so do we
            return
        try:
            conn.send(("ok", func(*args)))
        except PressLensError as exc:
            conn.send(("error", (getattr(exc, "status", 400), str(exc))))
        except Exception as exc:  # noqa: BLE001 - one request fails, the worker lives on
            conn.send(("error", (500, f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0][:300])))


def _exit_with_parent() -> None:
    """End this worker within a second of its server's death (even a kill -9, even while it loads)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class _Worker:
    """One worker process and the parent's end of its pipe; restarted after it is killed."""

    def __init__(self, context, target: str, warm_up: str | None) -> None:
        self.context = context
        self.target = target
        self.warm_up = warm_up
        self.process = None
        self.conn = None

    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def start(self) -> None:
        parent, child = self.context.Pipe()
        self.process = self.context.Process(
            target=_serve, args=(child, self.target, self.warm_up), daemon=True, name="presslens-analysis"
        )
        self.process.start()
        child.close()
        self.conn = parent
        if not parent.poll(STARTUP_TIMEOUT):
            self.kill()
            raise AnalysisRefused(503, "the analysis worker did not start in time; try again later")
        kind, value = self._receive()
        if kind != "ready":
            self.kill()
            raise AnalysisRefused(*value)

    def _receive(self) -> tuple[str, Any]:
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise AnalysisRefused(500, "the analysis worker stopped unexpectedly (out of memory?)") from None

    def call(self, args: tuple, timeout: float) -> Any:
        if not self.alive():
            self.start()
        self.conn.send(args)
        if not self.conn.poll(timeout):
            self.kill()
            raise AnalysisRefused(
                503, f"the analysis took longer than {timeout:g} s and was stopped; try a shorter text", 5
            )
        kind, value = self._receive()
        if kind == "ok":
            return value
        raise AnalysisRefused(*value)

    def kill(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None


class AnalysisPool:
    """``workers`` analysis processes, ``queue`` waiting requests at most, ``timeout`` seconds each."""

    def __init__(
        self,
        workers: int = 1,
        queue: int = 8,
        timeout: float = 60.0,
        target: str = "presslens.web.analyse:analyse_submission",
        warm_up: str | None = "presslens.api:get_pipeline",
    ) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.workers = workers
        self.queue = queue
        self.timeout = timeout
        self._free = [_Worker(context, target, warm_up) for _ in range(workers)]
        self._all = list(self._free)
        self._cond = threading.Condition()
        self._admitted = 0
        self._threads = ThreadPoolExecutor(max_workers=workers + queue, thread_name_prefix="analysis")
        # an app dropped without its shutdown (a test client not used as a context) kills its workers too
        weakref.finalize(self, _kill_all, list(self._all))

    @property
    def busy(self) -> int:
        """Requests admitted and not finished (running or waiting)."""
        return self._admitted

    async def run(self, *args: Any) -> Any:
        """The target's result for ``args``, or `AnalysisRefused` (429 full, 503 late, or the target's)."""
        with self._cond:
            if self._admitted >= self.workers + self.queue:
                raise AnalysisRefused(
                    429,
                    f"too many analyses at once ({self.workers} running, {self.queue} waiting); "
                    "try again in a moment",
                    5,
                )
            self._admitted += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._threads, self._run_blocking, args)
        finally:
            with self._cond:
                self._admitted -= 1

    def _run_blocking(self, args: tuple) -> Any:
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while not self._free:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AnalysisRefused(
                        503, f"no analysis worker became free within {self.timeout:g} s; try again later", 10
                    )
                self._cond.wait(left)
            worker = self._free.pop()
        try:
            if not worker.alive():
                worker.start()  # loading the models is not counted against the analysis
            return worker.call(args, self.timeout)
        finally:
            with self._cond:
                self._free.append(worker)
                self._cond.notify()

    def start(self) -> None:
        """Start every worker now, in the background (so the first request does not wait for the models)."""

        def start_free() -> None:
            with self._cond:
                idle = [w for w in self._free if not w.alive()]
                for worker in idle:
                    self._free.remove(worker)
            try:
                for worker in idle:
                    with contextlib.suppress(AnalysisRefused):  # the first request retries and reports it
                        worker.start()
            finally:
                with self._cond:
                    self._free.extend(idle)
                    self._cond.notify_all()

        threading.Thread(target=start_free, name="analysis-start", daemon=True).start()

    def close(self) -> None:
        """Kill the workers (the server is stopping)."""
        _kill_all(self._all)
        self._threads.shutdown(wait=False, cancel_futures=True)


def _kill_all(workers: list[_Worker]) -> None:
    for worker in workers:
        worker.kill()
