"""docs/components.md is a working example: its Python blocks run here, in order, as written."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "components.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def test_the_component_guide_runs_as_written() -> None:
    from presslens import layers, pipeline

    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 4, "the guide shows the record, the function, a run and the contract"
    module = types.ModuleType("components_doc")  # a real module, as a reader's file would be
    sys.modules[module.__name__] = module
    try:
        for block in blocks:
            exec(compile(block, str(DOC), "exec", dont_inherit=True), module.__dict__)  # noqa: S102
        assert module.data["shouting"][0]["component"] == "shouting.v1"
    finally:
        for name in ("shouting.v1", "sneaky.v1"):
            pipeline._REGISTRY.pop(name, None)
        layers.FIELDS.pop("shouting", None)
        del sys.modules[module.__name__]


@pytest.mark.parametrize("term", ["reads", "writes", "strict", "ContractError", "link"])
def test_the_guide_covers_the_contract(term: str) -> None:
    assert term in DOC.read_text(encoding="utf-8")
