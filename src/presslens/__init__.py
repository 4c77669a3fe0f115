"""PressLens: what news articles claim, who says it, and how they persuade, with exact spans."""

from __future__ import annotations

import logging

from presslens.model import SCHEMA_VERSION, Annotation, Article

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "Annotation", "Article", "__version__", "analyze", "analyze_many"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):  # lazy: importing presslens must not load spaCy
    if name in ("analyze", "analyze_many"):
        from presslens import api

        return getattr(api, name)
    raise AttributeError(name)
