"""The published JSON Schema is generated from the code, current, and describes real output."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from presslens.model import LAYERS, RESERVED_KEYS, Annotation, Article, MetaValue
from presslens.schema import build_schema, schema_json

DOCS_SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = build_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def small_article() -> dict:
    text = "Officials said 12 people were killed on Monday."
    article = Article(text=text, title=MetaValue("Twelve killed", None, None, "input"))
    article.add("sentences", Annotation(0, len(text), "SENT", "sentences.v1"))
    article.add(
        "claims",
        Annotation(
            15,
            33,
            "claim",
            "claims.v1",
            0.9,
            {
                "value": {"low": 12, "high": None, "approx": False, "qualifier": None},
                "unit": "count",
                "count_of": {"text": "people", "head": "people", "start": 18, "end": 24},
                "event": {"label": "killed", "start": 30, "end": 36, "negated": False},
                "as_of": {"date": "2026-11-23", "text": "Monday", "start": 40, "end": 46, "kind": "relative"},
                "attribution": {"source": "Officials", "start": 0, "end": 9, "cue": "said"},
                "a_later_attribute": [1, 2, 3],
            },
        ),
    )
    article.add("techniques", Annotation(15, 36, "Exaggeration-Minimisation", "techniques.v1", 0.4))
    article.results["genre"] = {"label": "reporting", "scores": {"reporting": 0.9}, "component": "genre.v1"}
    article.results["frames"] = [{"label": "Security_and_defense", "score": 0.7}]
    article.results["voices"] = {"speakers": [], "by_affiliation": {}}
    return article.to_dict()


def test_docs_schema_is_the_generated_schema() -> None:
    assert DOCS_SCHEMA.read_text(encoding="utf-8") == schema_json(), (
        "docs/schema.json is stale: run `presslens schema > docs/schema.json`"
    )


def test_schema_is_built_from_the_model(validator) -> None:
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for layer in LAYERS:
        assert layer in schema["required"]
        assert schema["properties"][layer]["items"] == {"$ref": f"#/$defs/{layer}Item"}
    assert set(schema["$defs"]["span"]["required"]) == RESERVED_KEYS


def test_cli_prints_the_schema() -> None:
    from presslens.cli import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == build_schema()


def test_a_hand_built_article_validates_extra_attributes_allowed(validator) -> None:
    validator.validate(small_article())


@pytest.mark.parametrize(
    ("mutate", "why"),
    [
        (lambda d: d["claims"][0].pop("text"), "a core key is missing"),
        (lambda d: d["claims"][0].update(start=-1), "a negative offset"),
        (lambda d: d["claims"][0].update(confidence=1.5), "a confidence above 1"),
        (lambda d: d["claims"][0].update(label="figure"), "a claim label other than 'claim'"),
        (lambda d: d["claims"][0]["count_of"].pop("start"), "a nested span without start"),
        (lambda d: d["claims"][0]["as_of"].update(kind="someday"), "an unknown as_of kind"),
        (lambda d: d["techniques"][0].update(label="Propaganda"), "a label outside the 23 techniques"),
        (lambda d: d.pop("warnings"), "a required top-level key is missing"),
        (lambda d: d.update(schema="presslens/0"), "another schema version"),
        (lambda d: d["metadata"]["title"].update(start="0"), "a metadata offset that is not an integer"),
    ],
)
def test_the_schema_rejects_broken_output(validator, mutate, why) -> None:
    data = copy.deepcopy(small_article())
    mutate(data)
    assert not validator.is_valid(data), why


def test_analysing_a_real_seed_validates(validator, pipeline, seed_paths) -> None:
    from presslens.ingest import load_inputs

    articles = list(
        pipeline.pipe([a for a in load_inputs([str(p) for p in seed_paths]) if isinstance(a, Article)])
    )
    assert len(articles) == len(seed_paths)
    for article in articles:
        data = json.loads(json.dumps(article.to_dict()))  # exactly what `presslens analyze` prints
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
