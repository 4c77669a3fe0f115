"""One rule for tests that need something outside the repo: fail under CI, skip elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def require_path(path: Path, message: str) -> Path:
    """Return ``path`` if it exists; otherwise fail under CI (CI=true) and skip elsewhere."""
    if path.exists():
        return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)
