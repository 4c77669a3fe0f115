"""Optional dependencies: imported where they are used, with one line saying which extra installs them.

The runtime (`presslens analyze`, the HTML report) installs none of them; `pip install 'presslens[web]'`
adds the corpus store's near-duplicate detection, the web app and Parquet export; `[scale]` Dask,
DuckDB and WARC input; `[train]` the training code's dependencies (see pyproject.toml).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from presslens.errors import PressLensError


class MissingExtra(PressLensError):
    """An optional package is not installed; the message names the extra that installs it."""

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        super().__init__(f"{purpose} needs the {module} package: pip install 'presslens[{extra}]'")
        self.module = module
        self.extra = extra


def need(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise `MissingExtra` (``purpose`` says what it is for, e.g. "Parquet export")."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(module.split(".")[0], extra, purpose) from None
