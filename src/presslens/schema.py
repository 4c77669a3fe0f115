"""The JSON Schema (draft 2020-12) of the `presslens/1` article object, and the attribute tables of
docs/annotations.md, both generated from the record types in `presslens.layers`.

Nothing here is written by hand per layer: each layer item is the shared span core plus the
attributes of its record class; each nested value (a speaker, a figure's value...) is a ``$defs``
entry built from its dataclass; results come from the typed results in `layers.FIELDS`. Field
documentation (``attr(doc=...)``) becomes the ``description``. `docs/schema.json` is this module's
output (``presslens schema``); tests regenerate it and docs/annotations.md's tables and compare,
so neither can go stale (``python scripts/gen_schema_docs.py`` rewrites both).

Layer items and objects allow additional properties on purpose: a newer component may add an
attribute ("add, don't rename"), and that must not break every consumer's validation. The core
keys, the required attributes and their types are enforced.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields, is_dataclass
from typing import Annotated, Any, Literal, Union

from presslens.layers import CORE_FIELDS, FIELDS, LAYERS, RESERVED_KEYS, Schema, Span
from presslens.model import SCHEMA_VERSION, MetaValue, SourceInfo

DRAFT = "https://json-schema.org/draft/2020-12/schema"
GENERATED_START = "<!-- generated:start (python scripts/gen_schema_docs.py) -->"
GENERATED_END = "<!-- generated:end -->"

_INT = {"type": "integer", "minimum": 0}
_STR_OR_NULL = {"type": ["string", "null"]}


def _technique_names() -> list[str]:
    from presslens.rhetoric.data import TECHNIQUES

    return list(TECHNIQUES)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _is_optional(tp: Any) -> tuple[bool, Any]:
    """(True, X) for ``X | None``, else (False, tp)."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) < len(typing.get_args(tp)):
            return True, args[0] if len(args) == 1 else Union[tuple(args)]  # noqa: UP007
    return False, tp


class _Builder:
    """Turns type hints into JSON Schema, collecting nested records under ``$defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        optional, inner = _is_optional(tp)
        if optional:
            schema = self.type_schema(inner)
            if set(schema) <= {"type", "minimum", "maximum"} and isinstance(schema.get("type"), str):
                return {**schema, "type": [schema["type"], "null"]}
            return {"anyOf": [schema, {"type": "null"}]}
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is Annotated:
            schema = self.type_schema(args[0])
            for extra in args[1:]:
                if isinstance(extra, Schema):
                    schema.update(extra.keywords())
            return schema
        if origin in (Union, types.UnionType):
            if set(args) == {int, float}:
                return {"type": "number"}
            return {"anyOf": [self.type_schema(a) for a in args]}
        if origin is Literal:
            return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
        if origin in (tuple, list):
            fixed = origin is tuple and not (len(args) == 2 and args[1] is Ellipsis)
            if fixed:  # tuple[int, int]: an array of exactly that many items
                items = [self.type_schema(a) for a in args]
                shape = {"minItems": len(args), "maxItems": len(args)}
                if all(item == items[0] for item in items):
                    return {"type": "array", "items": items[0], **shape}
                return {"type": "array", "prefixItems": items, **shape}
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if is_dataclass(tp):
            return self.record(tp)
        simple = {int: "integer", float: "number", str: "string", bool: "boolean", type(None): "null"}
        if tp in simple:
            return {"type": simple[tp]}
        if tp is Any:
            return {}
        raise TypeError(f"no JSON Schema for {tp!r}")

    def record(self, cls: type) -> dict[str, Any]:
        """A ``$ref`` to the object schema of dataclass ``cls`` (built once)."""
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
        hints = _hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for f in fields(cls):
            if f.name in skip or f.name.startswith("_"):
                continue
            schema = self.type_schema(hints[f.name])
            doc = f.metadata.get("doc")
            if doc:
                schema = {**schema, "description": doc}
            properties[f.name] = schema
            if not f.metadata.get("omit") and not f.metadata.get("added"):
                required.append(f.name)
        out: dict[str, Any] = {"type": "object"}
        if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
            out["description"] = " ".join(cls.__doc__.split())
        out["properties"] = properties
        if required:
            out["required"] = required
        return out


def span_item() -> dict[str, Any]:
    """The core every span-layer item shares: `Span`'s fields and the covered ``text``."""
    hints = _hints(Span)
    props = {name: _Builder().type_schema(hints[name]) for name in sorted(CORE_FIELDS)}
    props["id"] = {"type": "string", "minLength": 1}
    props["text"] = {"type": "string"}
    missing = RESERVED_KEYS.difference(props)
    if missing:  # a new reserved key must get a type here before the schema can be built
        raise RuntimeError(f"no schema type for reserved key(s) {sorted(missing)}")
    return {"type": "object", "properties": dict(sorted(props.items())), "required": sorted(RESERVED_KEYS)}


def _layer_item(builder: _Builder, layer: str) -> dict[str, Any]:
    record = FIELDS[layer].type
    attributes = builder.object_schema(record, skip=frozenset(CORE_FIELDS))
    label: dict[str, Any] | None = None
    labels = record.LABELS
    if layer == "techniques":
        labels = tuple(_technique_names())
    if labels:
        label = {"const": labels[0]} if len(labels) == 1 else {"enum": list(labels)}
    if label is not None:
        attributes["properties"] = {"label": label, **attributes["properties"]}
    return {"allOf": [{"$ref": "#/$defs/span"}, attributes]}


def build_schema() -> dict[str, Any]:
    """The JSON Schema of one `presslens/1` article object."""
    builder = _Builder()
    defs: dict[str, Any] = {"span": span_item()}
    properties: dict[str, Any] = {
        "schema": {"const": SCHEMA_VERSION},
        "id": {"type": "string"},
        "source": builder.record(SourceInfo),
        **{name: _STR_OR_NULL for name in ("title", "outlet", "published", "author")},
        "metadata": {
            "type": "object",
            "properties": {
                name: builder.record(MetaValue) for name in ("title", "outlet", "published", "author")
            },
            "required": ["title", "outlet", "published", "author"],
        },
        "text": {"type": "string"},
        "offsets": {
            "type": "array",
            "items": {"type": "array", "items": _INT, "minItems": 3, "maxItems": 3},
        },
    }
    for layer in LAYERS:
        item_name = f"{layer}Item"
        defs[item_name] = _layer_item(builder, layer)
        properties[layer] = {"type": "array", "items": {"$ref": f"#/$defs/{item_name}"}}
    for name, spec in FIELDS.items():
        if spec.kind == "result" and spec.emit:
            properties[name] = {**builder.type_schema(spec.type), "description": spec.doc}
    properties["components"] = {"type": "array", "items": {"type": "string"}}
    properties["warnings"] = {"type": "array", "items": {"type": "string"}}
    required = [
        "schema",
        "id",
        "source",
        "title",
        "outlet",
        "published",
        "author",
        "metadata",
        "text",
        "offsets",
        *(layer for layer in LAYERS if FIELDS[layer].required),
        "genre",
        "frames",
        "components",
        "warnings",
    ]
    defs.update(dict(sorted(builder.defs.items())))
    return {
        "$schema": DRAFT,
        "title": "PressLens article (presslens/1)",
        "description": (
            "One analysed article. Every span (start/end) indexes `text`, half-open; "
            "see docs/annotations.md for the meaning of each layer."
        ),
        "type": "object",
        "properties": properties,
        "required": required,
        "$defs": defs,
    }


def schema_json() -> str:
    """The schema as the text of docs/schema.json (stable key order, trailing newline)."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


# ---- docs/annotations.md ----------------------------------------------------------------------------


def type_name(tp: Any) -> str:
    """A reader's name for a type hint: ``int ≥ 0``, ``str | null``, ``list[Speaker]``."""
    optional, inner = _is_optional(tp)
    if optional:
        return f"{type_name(inner)} \\| null"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Annotated:
        base = type_name(args[0])
        for extra in args[1:]:
            if isinstance(extra, Schema) and extra.minimum is not None:
                return f"{base} 0..1" if extra.maximum == 1 else f"{base} ≥ {extra.minimum:g}"
        return base
    if origin in (Union, types.UnionType):
        return "number" if set(args) == {int, float} else " \\| ".join(type_name(a) for a in args)
    if origin is Literal:
        return " \\| ".join(f'"{a}"' for a in args)
    if origin in (tuple, list):
        if origin is tuple and len(args) == 2 and args[1] is not Ellipsis:
            return f"[{type_name(args[0])}, {type_name(args[1])}]"
        return f"list[{type_name(args[0])}]"
    if origin is dict:
        return f"{{{type_name(args[0])}: {type_name(args[1])}}}"
    if is_dataclass(tp):
        return f"`{tp.__name__}`"
    return {int: "int", float: "number", str: "str", bool: "bool", type(None): "null"}.get(tp, str(tp))


def _nested(tp: Any, found: list[type]) -> None:
    if isinstance(tp, type) and is_dataclass(tp) and tp not in found:
        found.append(tp)
        for hint in _hints(tp).values():
            _nested(hint, found)
        return
    for arg in typing.get_args(tp):
        _nested(arg, found)


def _table(cls: type, skip: frozenset[str] = frozenset()) -> list[str]:
    hints = _hints(cls)
    rows = ["| attribute | type | meaning |", "| --- | --- | --- |"]
    for f in fields(cls):
        if f.name in skip or f.name.startswith("_"):
            continue
        doc = str(f.metadata.get("doc", ""))
        if f.metadata.get("omit"):
            doc = f"{doc} *(only when set)*".strip()
        elif f.metadata.get("added"):
            doc = f"{doc} *(added in a later release: older output lacks it)*".strip()
        rows.append(f"| `{f.name}` | {type_name(hints[f.name])} | {doc} |")
    return rows if len(rows) > 2 else []


def _writers() -> dict[str, list[str]]:
    from presslens.pipeline import registered

    out: dict[str, list[str]] = {}
    for name, info in registered().items():
        for written in info.writes:
            out.setdefault(written, []).append(name)
    return out


def annotations_markdown() -> str:
    """The generated part of docs/annotations.md: every layer's and result's attributes."""
    writers = _writers()
    nested: list[type] = []
    lines = ["## Layers", ""]
    for layer in LAYERS:
        spec = FIELDS[layer]
        record = spec.type
        by = ", ".join(f"`{w}`" for w in writers.get(layer, [])) or "ingest (`presslens.ingest`)"
        lines.append(f"### `{layer}`")
        lines.append("")
        lines.append(
            f"`{record.__name__}` records, written by {by}: {' '.join((record.__doc__ or '').split())}"
        )
        labels = record.LABELS or (
            ("one of the 23 SemEval-2023 technique names",) if layer == "techniques" else None
        )
        if labels:
            lines.append(f"`label`: {', '.join(f'`{x}`' if ' ' not in x else x for x in labels)}.")
        lines.append("")
        table = _table(record, frozenset(CORE_FIELDS))
        if table:
            lines.extend([*table, ""])
        for hint in _hints(record).values():
            _nested(hint, nested)
    lines.extend(["## Article-level results", ""])
    for name, spec in FIELDS.items():
        if spec.kind != "result" or not spec.emit:
            continue
        by = ", ".join(f"`{w}`" for w in writers.get(name, [])) or "-"
        lines.append(f"- `{name}` ({type_name(spec.type)}; written by {by}): {spec.doc}.")
        _nested(spec.type, nested)
    lines.append("")
    lines.extend(["## Nested values", ""])
    for cls in nested:
        lines.append(f"### `{cls.__name__}`")
        lines.append("")
        if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
            lines.extend([" ".join(cls.__doc__.split()), ""])
        table = _table(cls)
        if table:
            lines.extend([*table, ""])
    return "\n".join(lines).rstrip() + "\n"


def updated_annotations(markdown: str) -> str:
    """``markdown`` (docs/annotations.md) with its generated block replaced by the current one."""
    head, sep, rest = markdown.partition(GENERATED_START)
    if not sep:
        raise ValueError("docs/annotations.md has no generated block")
    _, sep, tail = rest.partition(GENERATED_END)
    if not sep:
        raise ValueError("docs/annotations.md's generated block is not closed")
    return f"{head}{GENERATED_START}\n\n{annotations_markdown()}\n{GENERATED_END}{tail}"
