"""Keep worker processes from oversubscribing the CPU.

Why: with ``--jobs N`` PressLens runs N processes, one per core, each running onnxruntime on one
thread. numpy's OpenBLAS would also start a pool of one thread per core in every process, and those
threads spin-wait between the small matrix products of the rhetoric heads, taking the core the other
process's onnxruntime needs. Measured on 2 cores, two processes analysing SemEval articles: 197-207
ms per article each with OpenBLAS's default threads, 139-141 ms with one (`docs/benchmarks.md`).
"""

from __future__ import annotations


def limit_blas_threads(threads: int = 1) -> None:
    """Cap the BLAS/OpenMP thread pools of this process (call it in each worker process)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
