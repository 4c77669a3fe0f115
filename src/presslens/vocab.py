"""Domain vocabularies as data: the JSON files in ``presslens/resources``, extended by the user's own.

What PressLens knows about a story's world (who is an actor, which demonym names which place, which
side a place belongs to, which names are outlets or agencies, which words report speech, which
titles and first names tell a person's gender) lives in resource files, not in Python, so that a
user can teach it another story without touching the code. The built-in files are listed in
docs/resources.md.

``PRESSLENS_RESOURCES`` names one or more directories (separated by `os.pathsep`); a file there
with the name of a built-in file (``affiliations.json``, ``sources.json``...) extends it: objects
are merged key by key (the user's value wins) and lists are extended with the user's entries
first (so their rules are tried first). The loaded data is cached per process.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from presslens.errors import InputError

ENV_VAR = "PRESSLENS_RESOURCES"


def _read(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(source, "a resource file holds one JSON object")
    return data


def merge(base: Any, extra: Any) -> Any:
    """``extra`` laid over ``base``: objects merged by key, lists extended (``extra`` first)."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return [*extra, *(item for item in base if item not in extra)]
    return extra


def user_dirs() -> list[Path]:
    """The directories named by ``PRESSLENS_RESOURCES`` (missing ones are an error, not ignored)."""
    out = []
    for part in os.environ.get(ENV_VAR, "").split(os.pathsep):
        if not part.strip():
            continue
        path = Path(part).expanduser()
        if not path.is_dir():
            raise InputError(str(path), f"{ENV_VAR} names a directory that does not exist")
        out.append(path)
    return out


@cache
def _load(name: str, dirs: tuple[Path, ...]) -> dict[str, Any]:
    builtin = resources.files("presslens.resources").joinpath(name)
    data = _read(builtin.read_text(encoding="utf-8"), f"presslens/resources/{name}")
    for folder in dirs:
        path = folder / name
        if path.is_file():
            data = merge(data, _read(path.read_text(encoding="utf-8"), str(path)))
    return data


def load(name: str) -> dict[str, Any]:
    """The resource ``name`` (e.g. ``"sources.json"``), with the user's extensions applied."""
    return _load(name, tuple(user_dirs()))
