"""Worker processes cap numpy's BLAS pool at one thread (see `presslens.threads` for why)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import numpy
from threadpoolctl import threadpool_info
{limit}
print(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))
"""


def _blas_threads(limit: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(limit=limit)], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip())


def test_limit_blas_threads_leaves_one_thread() -> None:
    default = _blas_threads("")
    if default == 1:
        pytest.skip("OpenBLAS already runs one thread here (one core): nothing to cap")
    assert _blas_threads("from presslens.threads import limit_blas_threads; limit_blas_threads()") == 1
