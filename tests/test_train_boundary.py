"""Analysing never loads training code: no torch, scikit-learn, transformers or presslens_train.rhetoric.

(`presslens.cli` finds the ``train`` command group through an entry point, so `presslens_train.cli`,
which imports Typer only, may be loaded; the training modules behind it must not be.)
"""

from __future__ import annotations

import subprocess
import sys


def test_analysing_imports_no_training_code() -> None:
    code = (
        "import sys, presslens, presslens.cli, presslens.rhetoric.runtime, presslens.rhetoric.semeval\n"
        "from presslens.components import techniques\n"
        "from presslens.rhetoric.runtime import get_model\n"
        "get_model().predict('The minister said the plan was a disgrace.')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'sklearn', 'transformers')\n"
        "             or m.startswith('presslens_train.rhetoric'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
