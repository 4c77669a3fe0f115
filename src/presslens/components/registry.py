"""The one place where built-in components are imported (and so registered) and ordered.

A test compares `DEFAULT_PIPELINE` with the registered names, so a component that disappears or
is renamed is caught (the same guard as spaCy's `test_factory_registrations.py`).
"""

from __future__ import annotations

from presslens.components import (  # noqa: F401
    actors,
    attributions,
    checkworthiness,
    claims,
    coref,
    lexicon,
    linguistic,
    quotes,
    sources,
    techniques,
    voices,
)

#: The components `presslens analyze` runs, in order.
DEFAULT_PIPELINE: tuple[str, ...] = (
    "sentences.v1",
    "entities.v1",
    "claims.v1",
    "actors.v1",
    "attribution.v1",
    "quotes.v1",
    "coref.v1",
    "sources.v1",
    "voices.v1",
    "checkworthiness.v1",
    "lexicon.v1",
    "techniques.v1",
)
