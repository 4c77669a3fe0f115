"""Cross-article analysis over stored (or any) `presslens/1` article dicts (see docs/corpus.md)."""

from __future__ import annotations

from presslens.corpus.compare import actor_names, canonical_actor, speakers, techniques
from presslens.corpus.figures import claim_entries
from presslens.corpus.quantities import normalise_quantity, timelines

__all__ = [
    "actor_names",
    "canonical_actor",
    "claim_entries",
    "normalise_quantity",
    "speakers",
    "techniques",
    "timelines",
]
