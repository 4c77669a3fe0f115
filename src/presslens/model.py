"""The document model: one `Article` with its text, metadata and span annotations.

Everything PressLens finds is an `Annotation`: a half-open character span ``[start, end)`` into
``Article.text`` (the cleaned text), a label, the component that produced it, a confidence, and
type-specific attributes. Keeping a single shape for every finding is what lets the report, the
store and the web app treat claims, quotes and techniques alike, and lets a test check the one
invariant that matters most: ``annotation.text == article.text[start:end]``.

Serialised, an annotation's attributes are flattened into its JSON object (so a claim carries
``value``, ``count_of``, ``event``... beside ``start``/``end``); the reserved keys below can never
be overwritten by an attribute.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "presslens/1"

#: Keys every serialised annotation has; attributes may not reuse them.
RESERVED_KEYS = frozenset({"id", "start", "end", "text", "label", "component", "confidence"})

#: Article-level annotation layers, in output order. Components append to these by name.
LAYERS = (
    "sentences",
    "entities",
    "claims",
    "quotes",
    "sources",
    "scare_quotes",
    "labels",
    "hedges",
    "techniques",
    "furniture",
)


@dataclass(slots=True)
class Annotation:
    """A labelled character span ``[start, end)`` into the article text."""

    start: int
    end: int
    label: str
    component: str
    confidence: float = 1.0
    attrs: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        clash = RESERVED_KEYS.intersection(self.attrs)
        if clash:
            raise ValueError(f"attribute names {sorted(clash)} are reserved")

    def to_dict(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "label": self.label,
            "component": self.component,
            "confidence": round(float(self.confidence), 4),
        }
        out.update(self.attrs)
        return out


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
    """One analysed article. All spans index ``text``; ``offsets`` maps them to the input."""

    text: str
    source: SourceInfo = field(default_factory=SourceInfo)
    title: MetaValue = field(default_factory=lambda: MetaValue(None))
    outlet: MetaValue = field(default_factory=lambda: MetaValue(None))
    published: MetaValue = field(default_factory=lambda: MetaValue(None))
    author: MetaValue = field(default_factory=lambda: MetaValue(None))
    offsets: OffsetMap | None = None
    layers: dict[str, list[Annotation]] = field(default_factory=lambda: {k: [] for k in LAYERS})
    #: Article-level results that are not spans of their own: genre, frames, voices, actors...
    results: dict[str, Any] = field(default_factory=dict)
    #: Names of the components that ran, in order, with their versions.
    components: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """A stable content id: the same cleaned text always gets the same id."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]

    def add(self, layer: str, annotation: Annotation) -> Annotation:
        """Append ``annotation`` to ``layer``, giving it an id unique within the article."""
        if not 0 <= annotation.start <= annotation.end <= len(self.text):
            raise ValueError(f"span [{annotation.start}, {annotation.end}) outside text of {len(self.text)}")
        items = self.layers.setdefault(layer, [])
        if not annotation.id:
            annotation.id = f"{layer[:3]}{len(items) + 1}"
        items.append(annotation)
        return annotation

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
            out[layer] = [a.to_dict(self.text) for a in self.layers.get(layer, [])]
        out["genre"] = self.results.get("genre")
        out["frames"] = self.results.get("frames", [])
        for key, value in self.results.items():
            if key not in out:
                out[key] = value
        out["components"] = list(self.components)
        out["warnings"] = list(self.warnings)
        return out
