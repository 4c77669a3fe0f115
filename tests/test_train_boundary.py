"""Analysing never loads training libraries: no torch, scikit-learn, transformers or presslens_train."""

from __future__ import annotations

import subprocess
import sys


def test_analysing_imports_no_training_code() -> None:
    code = (
        "import sys, presslens, presslens.cli, presslens.rhetoric.runtime, presslens.rhetoric.semeval\n"
        "from presslens.components import techniques\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('presslens_train', 'torch', 'sklearn',"
        " 'transformers'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
