"""Run the PressLens benchmark from a checkout: ``python benchmarks/run.py [--jobs 2] [--json]``.

Same as ``presslens bench``; it puts this checkout's ``src`` first on the path so the code being
measured is the code beside this file, not whatever copy is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import typer  # noqa: E402

from presslens.bench import bench_command  # noqa: E402

if __name__ == "__main__":
    typer.run(bench_command)
