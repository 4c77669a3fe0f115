"""The document model: one `Article` with its text, metadata, span layers and results.

Everything PressLens finds is either a record in a span *layer* (a half-open character span
``[start, end)`` into ``Article.text`` with typed attributes: a claim, a quote, a source...) or an
article-level *result* (genre, frames, actors, voices...). The record types and the registry of
fields live in `presslens.layers`; this module holds the article that carries them and its
`presslens/1` JSON. The one invariant that matters most: ``record.text == article.text[start:end]``.

Serialised, a record's attributes are flattened into its JSON object (so a claim carries
``value``, ``count_of``, ``event``... beside ``start``/``end``); the reserved core keys can never be
overwritten by an attribute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from presslens.layers import (
    FIELDS,
    LAYERS,
    RESERVED_KEYS,
    Annotation,
    Span,
    check_type,
    from_annotation,
    from_json,
    join_links,
    record_type,
    to_json,
)

SCHEMA_VERSION = "presslens/1"


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the whitespace at either end: a span points at words, never at the
    line breaks or spaces around them (a span of whitespace only comes back empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def trim_to_alnum(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the punctuation and whitespace at either end: a name or a source
    ("the ministry," or "'Hamas'") starts and ends on a letter or digit (an empty span when it holds none)."""
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def merge_overlapping(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` ranges sorted, with those that overlap or touch joined into one: what a span
    made of pieces is, whoever found the pieces (removed furniture, quoted content, gold parts)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


__all__ = [
    "LAYERS",
    "RESERVED_KEYS",
    "SCHEMA_VERSION",
    "Annotation",
    "Article",
    "MetaValue",
    "OffsetMap",
    "SourceInfo",
]


@dataclass(slots=True)
class MetaValue:
    """A metadata value and, when it was read from the text, the span it came from."""

    value: str | None
    start: int | None = None
    end: int | None = None
    origin: str = "text"  # "text", "html", "jsonl", "input"

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "start": self.start, "end": self.end, "origin": self.origin}


@dataclass(slots=True)
class SourceInfo:
    """Where an article came from and how its bytes were decoded."""

    path: str | None = None
    url: str | None = None
    format: str = "text"  # text, html, jsonl, stdin, url
    encoding: str | None = None
    line: int | None = None  # 1-based line for JSONL inputs

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "url": self.url,
            "format": self.format,
            "encoding": self.encoding,
            "line": self.line,
        }


@dataclass(slots=True)
class OffsetMap:
    """Maps offsets in the cleaned text back to offsets in the original input text.

    Stored as sorted, non-overlapping segments ``(clean_start, original_start, length)``: the
    cleaned text is a concatenation of verbatim slices of the original (cleaning only removes
    characters), so a position inside a segment maps back by a constant shift.
    """

    segments: list[tuple[int, int, int]] = field(default_factory=list)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([(0, 0, length)])

    def to_original(self, offset: int) -> int:
        """Original offset of cleaned ``offset`` (an end offset maps to just past its character)."""
        if not self.segments:
            return offset
        lo, hi = 0, len(self.segments) - 1
        while lo < hi:  # last segment whose clean_start <= offset
            mid = (lo + hi + 1) // 2
            if self.segments[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        clean_start, orig_start, length = self.segments[lo]
        return orig_start + min(offset - clean_start, length)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            pos = self.to_original(start)
            return pos, pos
        return self.to_original(start), self.to_original(end - 1) + 1

    def to_list(self) -> list[list[int]]:
        return [list(s) for s in self.segments]


@dataclass(slots=True)
class Article:
    """One analysed article. All spans index ``text``; ``offsets`` maps them to the input.

    ``layers`` maps a layer name to its records (see `presslens.layers.FIELDS`), ``results`` a
    result name to its typed value. Components add records with `add` and set results with
    ``results[name] = value``, and only in the fields they declare (`presslens.pipeline`).
    """

    text: str
    source: SourceInfo = field(default_factory=SourceInfo)
    title: MetaValue = field(default_factory=lambda: MetaValue(None))
    outlet: MetaValue = field(default_factory=lambda: MetaValue(None))
    published: MetaValue = field(default_factory=lambda: MetaValue(None))
    author: MetaValue = field(default_factory=lambda: MetaValue(None))
    offsets: OffsetMap | None = None
    layers: dict[str, list[Span]] = field(default_factory=lambda: {k: [] for k in LAYERS})
    #: Article-level results that are not spans of their own: genre, frames, voices, actors...
    results: dict[str, Any] = field(default_factory=dict)
    #: Names of the components that ran, in order, with their versions.
    components: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """A stable content id: the same cleaned text always gets the same id."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]

    def add(self, layer: str, record: Span) -> Span:
        """Append ``record`` to ``layer``, giving it an id unique within the article; returns it.

        An untyped `Annotation` given for a layer with a record type is converted to that type (its
        attributes are checked); any other record must be of the layer's type.
        """
        if not 0 <= record.start <= record.end <= len(self.text):
            raise ValueError(f"span [{record.start}, {record.end}) outside text of {len(self.text)}")
        wanted = record_type(layer)
        if isinstance(record, Annotation) and wanted is not Annotation:
            record = from_annotation(wanted, record)
        elif not isinstance(record, wanted):
            raise TypeError(f"layer {layer!r} holds {wanted.__name__} records, not {type(record).__name__}")
        items = self.layers.setdefault(layer, [])
        if not record.id:
            record = record.with_id(f"{layer[:3]}{len(items) + 1}")
        items.append(record)
        return record

    def finish(self) -> None:
        """Join the link fields onto the records they describe (see `presslens.layers.join_links`)."""
        join_links(self)

    def check(self) -> None:
        """Raise ``ValueError`` if a record or result does not match its declared type (strict mode)."""
        for layer, items in self.layers.items():
            wanted = record_type(layer)
            for record in items:
                if not isinstance(record, wanted):
                    raise ValueError(f"{layer}: {type(record).__name__} is not a {wanted.__name__}")
                try:
                    check_type(wanted, record)
                except ValueError as exc:
                    raise ValueError(f"{layer} {record.id}: {exc}") from exc
        for name, value in self.results.items():
            spec = FIELDS.get(name)
            if spec is not None and spec.kind == "result":
                try:
                    check_type(spec.type, value)
                except ValueError as exc:
                    raise ValueError(f"result {name}: {exc}") from exc

    def to_dict(self) -> dict[str, Any]:
        """The `presslens/1` JSON object (see docs/schema.json)."""
        meta = {name: getattr(self, name) for name in ("title", "outlet", "published", "author")}
        out: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source.to_dict(),
            **{name: value.value for name, value in meta.items()},
            "metadata": {name: value.to_dict() for name, value in meta.items()},
            "text": self.text,
            "offsets": (self.offsets or OffsetMap.identity(len(self.text))).to_list(),
        }
        for layer in (*LAYERS, *(name for name in self.layers if name not in LAYERS)):
            spec = FIELDS.get(layer)
            if spec is None or spec.emit:
                out[layer] = [a.to_dict(self.text) for a in self.layers.get(layer, [])]
        out["genre"] = to_json(self.results.get("genre"))
        out["frames"] = to_json(self.results.get("frames", []))
        for key, value in self.results.items():
            spec = FIELDS.get(key)
            if key not in out and (spec is None or spec.emit):
                out[key] = to_json(value)
        out["components"] = list(self.components)
        out["warnings"] = list(self.warnings)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], fields: Collection[str] | None = None) -> Article:
        """Read a `presslens/1` object back into typed records (the store and the report do this).

        Untrusted input is expected: a layer item or result that does not fit its type, or whose
        span falls outside the text, is left out with a warning instead of failing the article.
        With ``fields``, only those layers and results are read (the others stay empty): a view
        over a whole corpus reads what it shows, not every record of every article.
        """
        text = data.get("text")
        if not isinstance(text, str):
            raise ValueError("a presslens/1 article needs its text")
        article = cls(text=text)
        metadata = data.get("metadata") if isinstance(data.get("metadata"), Mapping) else {}
        for name in ("title", "outlet", "published", "author"):
            entry = metadata.get(name)
            try:
                value = from_json(MetaValue, entry) if isinstance(entry, Mapping) else None
            except ValueError:
                value = None
            if value is None:
                plain = data.get(name)
                value = MetaValue(plain if isinstance(plain, str) else None, None, None, "input")
            setattr(article, name, value)
        source = data.get("source")
        if isinstance(source, Mapping):
            try:
                article.source = from_json(SourceInfo, source)
            except ValueError:
                article.warnings.append("source: not readable")
        try:
            article.offsets = OffsetMap([tuple(s) for s in data.get("offsets") or []]) or None
        except (TypeError, ValueError):
            article.offsets = None
        for key, value in data.items():
            spec = FIELDS.get(key)
            if fields is not None and key not in fields:
                continue
            if spec is not None and spec.kind == "layer":
                article.layers[key] = _read_layer(key, value, len(text), article.warnings)
            elif spec is not None and spec.kind == "result":
                if value is None and key not in ("genre",):
                    continue
                if key == "genre" and isinstance(value, str):  # written by hand as just the label
                    value = {"label": value}
                try:
                    article.results[key] = from_json(spec.type, value)
                except ValueError:
                    article.warnings.append(f"{key}: not readable as {key}")
        for key in ("components", "warnings"):
            items = data.get(key)
            if isinstance(items, list):
                getattr(article, key).extend(str(i) for i in items)
        return article


def _read_layer(layer: str, items: Any, length: int, warnings: list[str]) -> list[Span]:
    out: list[Span] = []
    wanted = record_type(layer)
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            warnings.append(f"{layer}: an item that is not an object was left out")
            continue
        try:
            if wanted is Annotation:
                core = {k: item[k] for k in ("start", "end", "label", "component")}
                extra = {k: v for k, v in item.items() if k not in RESERVED_KEYS}
                record: Span = Annotation(**core, confidence=item.get("confidence", 1.0), attrs=extra)
                record = record.with_id(str(item.get("id") or ""))
            else:
                record = from_json(wanted, item)
        except (ValueError, KeyError, TypeError):
            warnings.append(f"{layer}: item {item.get('id') or '?'} does not fit its type and was left out")
            continue
        if record.end > length:
            warnings.append(f"{layer}: item {record.id or '?'} lies outside the text and was left out")
            continue
        out.append(record)
    return out
