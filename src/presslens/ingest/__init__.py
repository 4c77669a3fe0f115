"""Ingest: turn files, directories, stdin, JSONL lines and URLs into clean `Article`s.

`load_inputs` is the one entry point: it yields an `Article` (cleaned text, metadata with the
spans it came from, the offset map back to the input) or an `InputError` for each input, so one
bad file in a batch is reported and skipped while the rest are analysed.
"""

from __future__ import annotations

from presslens.ingest.loader import (
    article_from_html,
    article_from_record,
    article_from_text,
    articles_from_bytes,
    count_inputs,
    load_inputs,
)

__all__ = [
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "articles_from_bytes",
    "count_inputs",
    "load_inputs",
]
