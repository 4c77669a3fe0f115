"""The component registry and pipeline checks (spaCy-style guards)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.components.registry import DEFAULT_PIPELINE
from presslens.errors import PipelineError
from presslens.model import Annotation, Article
from presslens.pipeline import ComponentInfo, Pipeline, check_order, component, registered

REGISTERED = Path(__file__).parent / "data" / "components.json"


def test_registered_components_match_the_checked_in_list() -> None:
    """A component that disappears or is renamed breaks users' --components options."""
    expected = json.loads(REGISTERED.read_text())
    assert sorted(registered()) == sorted(expected)
    assert list(DEFAULT_PIPELINE) == [name for name in expected if name in DEFAULT_PIPELINE]


def test_default_pipeline_is_in_a_valid_order() -> None:
    infos = [registered()[name] for name in DEFAULT_PIPELINE]
    check_order(infos)  # raises if a requirement comes after its user


def test_a_component_needing_something_unassigned_is_refused() -> None:
    def noop(article, doc):  # pragma: no cover - never run
        pass

    early = ComponentInfo("needs.v1", noop, ("claims",), ())
    late = ComponentInfo("gives.v1", noop, ("doc",), ("claims",))
    with pytest.raises(PipelineError, match="reads claims, which no earlier component writes"):
        check_order([early, late])
    check_order([late, early])


def test_unknown_component_names_are_a_clear_error() -> None:
    with pytest.raises(PipelineError, match="unknown component"):
        Pipeline(["sentences.v1", "no-such-thing.v9"])


def test_a_failing_component_becomes_a_warning_not_a_crash(pipeline) -> None:
    @component("test-explodes.v1", requires=("doc",), assigns=())
    def explode(article: Article, doc) -> None:
        raise RuntimeError("boom")

    try:
        custom = Pipeline(["sentences.v1", "test-explodes.v1", "entities.v1"])
        article = custom(Article(text="Ilse Varga spoke in Vellmore on Friday."))
        assert any("test-explodes.v1 failed" in w for w in article.warnings)
        assert article.components == ["sentences.v1", "entities.v1"]
        assert article.layers["sentences"], "components after the failing one still ran"
    finally:
        from presslens import pipeline as module

        module._REGISTRY.pop("test-explodes.v1", None)


def test_a_plugin_component_runs_like_a_built_in() -> None:
    @component("test-shouting.v1", requires=("sentences",), assigns=("shouting",))
    def shouting(article: Article, doc) -> None:
        for token in doc:
            if token.is_upper and len(token) > 3:
                article.add(
                    "shouting", Annotation(token.idx, token.idx + len(token), "SHOUT", "test-shouting.v1")
                )

    try:
        custom = Pipeline(["sentences.v1", "test-shouting.v1"])
        data = custom(Article(text="The minister said it was OUTRAGEOUS and wrong.")).to_dict()
        assert [s["text"] for s in data["shouting"]] == ["OUTRAGEOUS"]
    finally:
        from presslens import pipeline as module

        module._REGISTRY.pop("test-shouting.v1", None)
