"""Run the PressLens benchmark from a checkout: ``python benchmarks/run.py [--jobs 2] [--json]``.

Same as ``presslens bench``; it puts this checkout's ``src`` first on the path so the code being
measured is the code beside this file, not whatever copy is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from presslens.cli import app  # noqa: E402

if __name__ == "__main__":
    app(["bench", *sys.argv[1:]], prog_name="presslens bench")
