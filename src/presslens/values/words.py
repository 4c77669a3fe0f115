"""Word forms, in one place: the singular of a counted noun and the event a word names.

The default spaCy pipeline has no lemmatizer (it costs more than everything else PressLens does
with a parse), so a counted noun's singular comes from a few English suffix rules and a table of
exceptions. The event words and the exceptions are data (``resources/events.json``, extensible with
``PRESSLENS_RESOURCES``), so another story's vocabulary needs no code.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from presslens.vocab import load


@cache
def _events() -> dict[str, Any]:
    return load("events.json")


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """The singular of a counted noun, lower-cased ("fatalities" -> "fatality", "people" -> "person")."""
    w = word.lower().strip()
    fixed = _events().get("singulars", {})
    if w in fixed and w != "about":
        return fixed[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "sis")) and len(w) > 3:
        return w[:-1]
    return w


@cache
def event_words() -> dict[str, str]:
    """Every word form that names an event, lower-cased -> the claims layer's event label.

    ``{"killed": "killed", "kills": "killed", "deaths": "died", "dead": "died", ...}``; the first
    label that lists a form keeps it.
    """
    out: dict[str, str] = {}
    for label, words in _events()["events"].items():
        for word in words:
            out.setdefault(word.lower(), label)
    return out
