"""The JSON Schema (draft 2020-12) of the `presslens/1` article object, built from the code.

The schema is generated, never hand-edited: the layer names come from `model.LAYERS`, the core
keys of every span item from `model.RESERVED_KEYS`, the technique names from the report's
definitions, and the per-layer attributes follow docs/annotations.md. `docs/schema.json` is this
function's output; a test regenerates it and compares, so the published schema cannot go stale.

Layer items and article-level results allow additional properties on purpose: a component may
add an attribute (the contract says "add keys, don't rename"), and that must not break every
consumer's validation. The core keys, and the types of the documented attributes, are enforced.
"""

from __future__ import annotations

import json
from typing import Any

from presslens.model import LAYERS, RESERVED_KEYS, SCHEMA_VERSION

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_INT = {"type": "integer", "minimum": 0}
_PROB = {"type": "number", "minimum": 0, "maximum": 1}
_STR_OR_NULL = {"type": ["string", "null"]}
#: For attributes whose shape docs/annotations.md leaves open (a name, an id or a span).
_ANY = {"description": "shape not fixed by the contract"}

#: The JSON type of each core key of a span item (every key in `RESERVED_KEYS`).
_CORE_TYPES: dict[str, dict[str, Any]] = {
    "id": {"type": "string", "minLength": 1},
    "start": _INT,
    "end": _INT,
    "text": {"type": "string"},
    "label": {"type": "string"},
    "component": {"type": "string"},
    "confidence": _PROB,
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = list(required)
    return out


def _nested_span(**extra: Any) -> dict[str, Any]:
    """A span nested inside an item (`count_of`, `speaker`...): start/end into `text`, plus ``extra``."""
    return _obj({"start": _INT, "end": _INT, **extra}, ("start", "end"))


def _technique_names() -> list[str]:
    from presslens.report.techniques import TECHNIQUES

    return list(TECHNIQUES)


def layer_attributes() -> dict[str, dict[str, Any]]:
    """Per-layer attribute schemas, as documented in docs/annotations.md."""
    return {
        "sentences": {"label": {"const": "SENT"}, "checkworthiness": _PROB},
        "entities": {"actor": _ANY},
        "claims": {
            "label": {"const": "claim"},
            "value": _nullable(
                _obj(
                    {
                        "low": {"type": ["number", "null"]},
                        "high": {"type": ["number", "null"]},
                        "approx": {"type": "boolean"},
                        "qualifier": _STR_OR_NULL,
                    },
                    ("low", "high"),
                )
            ),
            "unit": _STR_OR_NULL,
            "count_of": _nullable(_nested_span(text={"type": "string"}, head=_STR_OR_NULL)),
            "event": _nullable(_nested_span(label={"type": "string"}, negated={"type": "boolean"})),
            "as_of": _nullable(
                _nested_span(
                    date=_STR_OR_NULL,
                    text={"type": "string"},
                    kind={"enum": ["explicit", "relative", "since", "publication"]},
                )
            ),
            "attribution": _nullable(
                _nested_span(
                    source=_STR_OR_NULL,
                    cue=_ANY,
                    inherited={"type": "boolean"},
                    resolved=_obj({"name": {"type": "string"}, "actor": _STR_OR_NULL}, ("name",)),
                )
            ),
        },
        "quotes": {
            "label": {"const": "quote"},
            "kind": {"enum": ["direct", "indirect"]},
            "content": _nullable(_nested_span()),
            "speaker": _nullable(_nested_span(name=_STR_OR_NULL, actor=_ANY, resolved_from=_ANY)),
            "cue": _nullable(_nested_span(text={"type": "string"})),
            "affiliation": _STR_OR_NULL,
        },
        "sources": {
            "label": {"const": "source"},
            "type": {
                "enum": [
                    "agency",
                    "outlet",
                    "government",
                    "military",
                    "intelligence",
                    "official",
                    "ngo",
                    "un",
                    "report",
                    "social_media",
                    "person",
                ]
            },
            "name": _STR_OR_NULL,
            "affiliation": _STR_OR_NULL,
        },
        "scare_quotes": {"label": {"const": "scare_quote"}},
        "labels": {
            "label": {"const": "loaded_label"},
            "term": {"type": "string"},
            "category": _STR_OR_NULL,
            "actor": _ANY,
        },
        "hedges": {"label": {"const": "hedge"}, "term": {"type": "string"}},
        "techniques": {
            "label": {"enum": _technique_names()},
            "shown": {"type": "boolean", "description": "confidence reaches the model's display threshold"},
            "in_quote": {
                "type": "boolean",
                "description": "inside a quote's words (the speaker's, not the outlet's)",
            },
            "speaker": _STR_OR_NULL,
        },
        "furniture": {"original_start": _INT, "original_end": _INT},
    }


def span_item() -> dict[str, Any]:
    """The core every span-layer item shares; extra attributes are allowed beside it."""
    missing = RESERVED_KEYS.difference(_CORE_TYPES)
    if missing:  # a new reserved key must get a type here before the schema can be built
        raise RuntimeError(f"no schema type for reserved key(s) {sorted(missing)}")
    return _obj({k: _CORE_TYPES[k] for k in sorted(RESERVED_KEYS)}, tuple(sorted(RESERVED_KEYS)))


def _meta_value() -> dict[str, Any]:
    return _obj(
        {
            "value": _STR_OR_NULL,
            "start": {"type": ["integer", "null"], "minimum": 0},
            "end": {"type": ["integer", "null"], "minimum": 0},
            "origin": {"type": "string", "description": "text, html, jsonl or input"},
        },
        ("value", "start", "end", "origin"),
    )


def _results() -> dict[str, dict[str, Any]]:
    """Article-level results (not spans) documented in docs/annotations.md."""
    scored = _obj({"label": {"type": "string"}, "score": {"type": "number"}}, ("label", "score"))
    return {
        "genre": _nullable(
            _obj(
                {
                    "label": {"type": "string"},
                    "scores": {"type": "object", "additionalProperties": {"type": "number"}},
                    "uncertain": {"type": "boolean", "description": "the label's probability is under 0.5"},
                    "component": {"type": "string"},
                },
                ("label",),
            )
        ),
        "frames": {"type": "array", "items": scored},
        "actors": {
            "type": "array",
            "items": _obj(
                {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "label": {"type": "string"},
                    "mentions": {
                        "type": "array",
                        "items": {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2},
                    },
                    "titles": {"type": "array", "items": {"type": "string"}},
                },
                ("id", "name", "mentions"),
            ),
        },
        "voices": _obj(
            {
                "speakers": {
                    "type": "array",
                    "items": _obj(
                        {
                            "name": _STR_OR_NULL,
                            "affiliation": _STR_OR_NULL,
                            "direct": _INT,
                            "indirect": _INT,
                            "cited": _INT,
                        },
                        ("name",),
                    ),
                },
                "by_affiliation": {"type": "object", "additionalProperties": _INT},
            }
        ),
        "paragraphs": {
            "type": "array",
            "items": _obj(
                {
                    "line": _INT,
                    "start": _INT,
                    "end": _INT,
                    "techniques": {
                        "type": "array",
                        "items": _obj(
                            {
                                "label": {"type": "string"},
                                "score": {"type": "number"},
                                "confidence": {"type": "number", "description": "calibrated probability"},
                                "shown": {"type": "boolean"},
                            },
                            ("label", "score"),
                        ),
                    },
                },
                ("start", "end"),
            ),
        },
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema of one `presslens/1` article object."""
    defs: dict[str, Any] = {"span": span_item(), "metaValue": _meta_value()}
    properties: dict[str, Any] = {
        "schema": {"const": SCHEMA_VERSION},
        "id": {"type": "string"},
        "source": _obj(
            {
                "path": _STR_OR_NULL,
                "url": _STR_OR_NULL,
                "format": {"type": "string"},
                "encoding": _STR_OR_NULL,
                "line": {"type": ["integer", "null"], "minimum": 1},
            },
            ("path", "url", "format"),
        ),
        **{name: _STR_OR_NULL for name in ("title", "outlet", "published", "author")},
        "metadata": _obj(
            {name: {"$ref": "#/$defs/metaValue"} for name in ("title", "outlet", "published", "author")},
            ("title", "outlet", "published", "author"),
        ),
        "text": {"type": "string"},
        "offsets": {
            "type": "array",
            "items": {"type": "array", "items": _INT, "minItems": 3, "maxItems": 3},
        },
    }
    attributes = layer_attributes()
    for layer in LAYERS:
        item_name = f"{layer}Item"
        defs[item_name] = {
            "allOf": [{"$ref": "#/$defs/span"}, _obj(attributes.get(layer, {}))],
        }
        properties[layer] = {"type": "array", "items": {"$ref": f"#/$defs/{item_name}"}}
    properties.update(_results())
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
        *LAYERS,
        "genre",
        "frames",
        "components",
        "warnings",
    ]
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
