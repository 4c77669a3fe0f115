"""Shared fixtures. Tests that need ../shared fail in CI (CI=true) when it is missing, skip elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ci_guard import require_path

# Every pipeline the tests build runs in strict mode: a component that reads or writes a field it
# did not declare fails the test (see presslens.pipeline). Set before any pipeline is made.
os.environ.setdefault("PRESSLENS_STRICT", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "data" / "seeds"
SEMEVAL = SHARED / "data" / "semeval2023-en"


def require_shared(path: Path = SHARED) -> Path:
    """Return ``path`` or, when it is missing, fail under CI and skip elsewhere."""
    return require_path(path, f"{path} is missing: these tests read the shared data beside the checkout")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require_shared(SEEDS)


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture(scope="session")
def semeval_dir() -> Path:
    return require_shared(SEMEVAL)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data folder (PolNeAR, SemEval, seeds...), for gold files that point into all of it."""
    return require_shared(SHARED / "data")


@pytest.fixture(scope="session")
def pipeline():
    """The default pipeline, loaded once for the whole test run."""
    from presslens.api import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):
    """The default pipeline's spaCy object, for tests that call a component's functions directly."""
    return pipeline.nlp


@pytest.fixture(scope="session")
def found(nlp):
    """``found(text, published=None)``: the claims `extract` finds in ``text``, keyed by their span's text."""
    from presslens.components.claims import extract

    def claims_by_span(text: str, published: str | None = None) -> dict[str, object]:
        return {text[c.start : c.end]: c for c in extract(nlp(text), published)}

    return claims_by_span


@pytest.fixture(scope="session")
def analysed_claims(pipeline):
    """``analysed_claims(text)``: the claims of the whole pipeline (the attribution model's claim links
    included), keyed by the text of their span."""
    from presslens.ingest import article_from_text
    from presslens.model import SourceInfo

    def claims_by_span(text: str) -> dict[str, object]:
        article = pipeline(article_from_text(text, SourceInfo()))
        return {article.text[c.start : c.end]: c for c in article.layers["claims"]}

    return claims_by_span
