"""The one place where built-in components are imported (and so registered) and ordered.

A test compares `DEFAULT_PIPELINE` with the registered names, so a component that disappears or
is renamed is caught (the same guard as spaCy's `test_factory_registrations.py`).
"""

from __future__ import annotations

import presslens.components.lexicon  # noqa: F401
import presslens.components.techniques  # noqa: F401
from presslens.components import linguistic  # noqa: F401

#: The components `presslens analyze` runs, in order.
DEFAULT_PIPELINE: tuple[str, ...] = (
    "sentences.v1",
    "entities.v1",
    "lexicon.v1",
    "techniques.v1",
)
