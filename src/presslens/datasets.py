"""Where the shared datasets live when a command is not told (seeds, SemEval-2023, PolNeAR, AEB).

Commands that read them take the folder as an option (``--data``); this is only their default, found
by one rule everywhere: ``$PRESSLENS_SHARED`` when set, else the nearest ``shared/`` folder holding a
``data/`` folder, looking up from the working directory (a checkout with ``../shared`` beside it, as CI
has it). It never looks beside the installed package: a wheel in site-packages has no data near it.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The environment variable that names the shared folder (the one holding ``data/``).
ENV = "PRESSLENS_SHARED"


def shared_dir() -> Path:
    """The shared folder: $PRESSLENS_SHARED, else the nearest ``shared/`` with a ``data/`` above the cwd.

    When none is found, ``../shared`` is returned so that error messages name where it was expected.
    """
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    cwd = Path.cwd().resolve()
    for base in (cwd, *cwd.parents):
        if (base / "shared" / "data").is_dir():
            return base / "shared"
    return cwd.parent / "shared"


def shared_data_dir() -> Path:
    """``data/`` of the shared folder: ``seeds/``, ``semeval2023-en/``, ``polnear/``, ``aeb-dev/``."""
    return shared_dir() / "data"
