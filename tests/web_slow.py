"""Stand-in analyses for the web tests, run inside the app's worker processes (``analysis_target``).

They replace only the slow part (the pipeline) so that tests can hold an analysis in flight for as
long as they need, deterministically, and check what the server does meanwhile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any


def wait_for_file(fields: dict[str, Any], upload: bytes | None, name: str | None, limits: dict) -> dict:
    """Block until the file named by the submitted ``text`` exists (the test creates it), then answer."""
    flag = Path(fields["text"])
    deadline = time.monotonic() + 120
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return {"id": "0" * 16, "text": fields["text"], "released": flag.exists()}


def echo_or_hang(fields: dict[str, Any], upload: bytes | None, name: str | None, limits: dict) -> dict:
    """Answer at once, unless the text is "hang": then never (the server must stop it)."""
    if fields["text"] == "hang":
        time.sleep(3600)
    return {"id": "1" * 16, "text": fields["text"]}
