"""The span invariant, on real text: every span indexes the cleaned text and quotes it exactly.

The check walks the whole `presslens/1` dict generically, so layers and nested spans that later
components add (``count_of``, ``attribution``, ``speaker``, ``content``, paragraph spans...) are
covered without editing this file: any dict holding integer ``start`` and ``end`` is a span.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from presslens.model import LAYERS, Article

#: Top-level keys that are not spans into `text` (or are checked on their own below).
NOT_SPANS = frozenset(
    {"schema", "id", "source", "title", "outlet", "published", "author", "text", "metadata", "offsets"}
)
SEMEVAL_SAMPLE = 50


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def walk_spans(value: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every dict under ``value`` that holds integer ``start`` and ``end``, with its path."""
    if isinstance(value, dict):
        if _is_offset(value.get("start")) and _is_offset(value.get("end")):
            yield path, value
        for key, child in value.items():
            yield from walk_spans(child, f"{path}.{key}")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from walk_spans(child, f"{path}[{i}]")


def span_violations(data: dict[str, Any]) -> list[str]:
    """Every breach of the span contract in one article dict (empty when all is well)."""
    text = data["text"]
    where = data.get("source", {}).get("path") or data.get("id")
    problems: list[str] = []

    def bad(path: str, message: str) -> None:
        problems.append(f"{where} {path}: {message}")

    for key, value in data.items():
        if key in NOT_SPANS:
            continue
        for path, span in walk_spans(value, key):
            start, end = span["start"], span["end"]
            if not 0 <= start <= end <= len(text):
                bad(path, f"[{start}, {end}) outside 0..{len(text)}")
            elif isinstance(span.get("text"), str) and text[start:end] != span["text"]:
                bad(path, f"text {span['text']!r} != text[{start}:{end}] {text[start:end]!r}")
    for layer in LAYERS:
        for i, item in enumerate(data.get(layer) or []):
            if not (_is_offset(item.get("start")) and _is_offset(item.get("end"))):
                bad(f"{layer}[{i}]", "layer item without integer start/end")
    ids = [item.get("id") for layer in LAYERS for item in data.get(layer) or []]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        bad("ids", f"not unique within the article: {duplicates[:5]}")
    for name, meta in (data.get("metadata") or {}).items():
        start, end = meta.get("start"), meta.get("end")
        if (start is None) != (end is None):
            bad(f"metadata.{name}", "start and end must both be set or both null")
        elif start is not None and not (
            _is_offset(start) and _is_offset(end) and 0 <= start <= end <= len(text)
        ):
            bad(f"metadata.{name}", f"[{start}, {end}) outside 0..{len(text)}")
    for i, actor in enumerate(data.get("actors") or []):
        for mention in actor.get("mentions") or []:
            if not (len(mention) == 2 and 0 <= mention[0] <= mention[1] <= len(text)):
                bad(f"actors[{i}].mentions", f"{mention} outside 0..{len(text)}")
    previous_end = 0
    for clean_start, original_start, length in data.get("offsets") or []:
        if clean_start < previous_end or clean_start + length > len(text) or min(original_start, length) < 0:
            bad(
                "offsets", f"segment {[clean_start, original_start, length]} out of order or outside the text"
            )
        previous_end = clean_start + length
    return problems


@pytest.fixture(scope="module")
def analysed(pipeline, seed_paths, semeval_dir) -> list[dict[str, Any]]:
    from presslens.ingest import load_inputs

    semeval = sorted((semeval_dir / "articles").glob("*.txt"))[:SEMEVAL_SAMPLE]
    paths = [str(p) for p in [*seed_paths, *semeval]]
    articles = [a for a in load_inputs(paths) if isinstance(a, Article)]
    assert len(articles) == len(paths) == len(seed_paths) + SEMEVAL_SAMPLE
    return [a.to_dict() for a in pipeline.pipe(articles)]


def test_every_span_indexes_the_text(analysed) -> None:
    problems = [p for data in analysed for p in span_violations(data)]
    assert not problems, f"{len(problems)} span violation(s), first: " + "\n".join(problems[:20])


def test_the_check_covers_the_default_layers(analysed) -> None:
    spans = sum(1 for data in analysed for key in LAYERS for _ in walk_spans(data.get(key), key))
    assert spans > 1000, "the invariant was checked on real annotations"
    assert all(data["sentences"] and data["entities"] for data in analysed[:5]), "every seed is annotated"


def test_the_check_finds_broken_spans() -> None:
    text = "Ten people were killed, officials said."
    data = {
        "text": text,
        "metadata": {"title": {"value": "x", "start": 3, "end": None}},
        "offsets": [[0, 0, len(text) + 5]],
        "claims": [
            {"id": "cla1", "start": 0, "end": 10, "text": "Ten people", "count_of": {"start": 4, "end": 99}},
            {"id": "cla1", "start": 0, "end": 3, "text": "Two"},
        ],
        "quotes": [
            {"id": "quo1", "start": 24, "end": 33, "speaker": {"start": 24, "end": 33, "text": "officers"}}
        ],
        "paragraphs": [{"start": 5, "end": 2}],
        "actors": [{"id": "a1", "mentions": [[30, 300]]}],
    }
    problems = span_violations(data)
    for fragment in (
        "claims[0].count_of: [4, 99)",
        "claims[1]: text 'Two'",
        "quotes[0].speaker: text 'officers'",
        "paragraphs[0]: [5, 2)",
        "ids: not unique",
        "metadata.title: start and end",
        "actors[0].mentions",
        "offsets: segment",
    ):
        assert any(fragment in p for p in problems), (fragment, problems)
    assert not any(p.startswith("None claims[0]:") for p in problems), "a correct span is not flagged"
