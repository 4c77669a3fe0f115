"""The training package imports without its optional extra.

Why: training code is not run by the suite (it needs torch and minutes of CPU), so a runtime refactor
can break its imports unnoticed (a helper moved ``sha256_file`` to ``presslens.artifacts`` and
``presslens train attribution`` stopped importing). Every module must import; only torch may be
missing, since it is the training extra's own dependency.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import presslens_train

MODULES = sorted(m.name for m in pkgutil.walk_packages(presslens_train.__path__, "presslens_train."))


def test_the_package_has_modules() -> None:
    assert "presslens_train.attribution.train" in MODULES
    assert "presslens_train.grouping" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_training_module_imports(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != "torch":
            raise
        pytest.skip(f"{name} needs torch (the training extra)")
