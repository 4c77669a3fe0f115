"""The published JSON Schema is generated from the code, current, and describes real output."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from presslens.layers import (
    AsOf,
    Claim,
    ClaimAttribution,
    ClaimEvent,
    ClaimValue,
    CountOf,
    Genre,
    ScoredLabel,
    Sentence,
    Technique,
    Voices,
)
from presslens.model import LAYERS, RESERVED_KEYS, Article, MetaValue
from presslens.schema import build_schema, schema_json, updated_annotations

DOCS_SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "schema.json"
DOCS_ANNOTATIONS = DOCS_SCHEMA.with_name("annotations.md")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = build_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def small_article() -> dict:
    text = "Officials said 12 people were killed on Monday."
    article = Article(text=text, title=MetaValue("Twelve killed", None, None, "input"))
    article.add("sentences", Sentence(start=0, end=len(text), component="sentences.v1"))
    article.add(
        "claims",
        Claim(
            start=15,
            end=33,
            component="claims.v1",
            confidence=0.9,
            value=ClaimValue(12),
            count_of=CountOf("people", "person", 18, 24),
            event=ClaimEvent("killed", 30, 36),
            as_of=AsOf("2026-11-23", "Monday", 40, 46, "relative"),
            attribution=ClaimAttribution("Officials", 0, 9, "said"),
        ),
    )
    article.add(
        "techniques",
        Technique(start=15, end=36, label="Exaggeration-Minimisation", component="techniques.v1"),
    )
    article.results["genre"] = Genre("reporting", {"reporting": 0.9}, "techniques.v1")
    article.results["frames"] = (ScoredLabel("Security_and_defense", 0.7),)
    article.results["voices"] = Voices()
    data = article.to_dict()
    data["claims"][0]["a_later_attribute"] = [1, 2, 3]  # what a newer component might add
    return data


def test_docs_schema_is_the_generated_schema() -> None:
    assert DOCS_SCHEMA.read_text(encoding="utf-8") == schema_json(), (
        "docs/schema.json is stale: run `python scripts/gen_schema_docs.py`"
    )


def test_annotations_doc_is_generated_from_the_records() -> None:
    doc = DOCS_ANNOTATIONS.read_text(encoding="utf-8")
    assert updated_annotations(doc) == doc, (
        "docs/annotations.md is stale: run `python scripts/gen_schema_docs.py`"
    )
    for layer in LAYERS:
        assert f"### `{layer}`" in doc
    assert "| `count_of` | `CountOf` \\| null |" in doc


def test_schema_is_built_from_the_model(validator) -> None:
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for layer in LAYERS:
        # layers added after the first release are optional, so older output stays valid
        assert (layer in schema["required"]) == (layer not in ("mentions", "attributions"))
        assert schema["properties"][layer]["items"] == {"$ref": f"#/$defs/{layer}Item"}
    assert set(schema["$defs"]["span"]["required"]) == RESERVED_KEYS


def test_cli_prints_the_schema() -> None:
    from presslens.cli import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == build_schema()


def test_a_hand_built_article_validates_extra_attributes_allowed(validator) -> None:
    validator.validate(small_article())


def test_output_of_an_earlier_release_still_validates_and_reads_back(validator) -> None:
    """Attributes added later (a technique's ``shown``, the genre's ``uncertain``) are not required."""
    data = copy.deepcopy(small_article())
    assert data["techniques"][0]["shown"] is True and data["genre"]["uncertain"] is False
    del data["techniques"][0]["shown"], data["genre"]["uncertain"]
    validator.validate(data)
    back = Article.from_dict(data)
    assert back.layers["techniques"][0].shown and back.results["genre"].uncertain is False
    assert not back.warnings
    data["techniques"][0]["shown"] = "yes"
    assert not validator.is_valid(data)


@pytest.mark.parametrize(
    ("mutate", "why"),
    [
        (lambda d: d["claims"][0].pop("text"), "a core key is missing"),
        (lambda d: d["claims"][0].update(start=-1), "a negative offset"),
        (lambda d: d["claims"][0].update(confidence=1.5), "a confidence above 1"),
        (lambda d: d["claims"][0].update(label="figure"), "a claim label other than 'claim'"),
        (lambda d: d["claims"][0]["count_of"].pop("start"), "a nested span without start"),
        (lambda d: d["claims"][0]["as_of"].update(kind="someday"), "an unknown as_of kind"),
        (lambda d: d["claims"][0].pop("value"), "a claim without its value"),
        (lambda d: d["claims"][0]["value"].update(low="12"), "a figure that is not a number"),
        (lambda d: d["voices"].update(speakers=[{"name": "X", "direct": -1}]), "a negative count"),
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
        back = Article.from_dict(data)  # what the store and the report read
        assert back.warnings == article.warnings, "every item fits its record type"
        assert back.to_dict() == data
