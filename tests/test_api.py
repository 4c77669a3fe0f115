"""The Python API on real text: one article, a file path, a batch in two processes."""

from __future__ import annotations

from pathlib import Path

import presslens
from presslens.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "fictional-port-strike.txt"


def test_analyze_text_finds_people_and_places() -> None:
    article = presslens.analyze("Transport Minister Tomas Ekwall spoke in Vellmore on Friday.\nHe left.")
    data = article.to_dict()
    people = [e["text"] for e in data["entities"] if e["label"] == "PERSON"]
    assert "Tomas Ekwall" in people
    assert len(data["sentences"]) == 2


def test_analyze_path_reads_the_file() -> None:
    article = presslens.analyze(EXAMPLE)
    assert "Vellmore" in article.text
    assert article.source.path == str(EXAMPLE)


def test_analyze_many_in_two_processes_keeps_order_and_reports_errors(tmp_path) -> None:
    from presslens.api import analyze_many
    from presslens.ingest import load_inputs

    texts = [f"Article number {i} mentions Vellmore and Ilse Varga." for i in range(5)]
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    paths.insert(2, str(tmp_path / "missing.txt"))
    for jobs in (1, 2):
        results = list(analyze_many(load_inputs(paths), jobs=jobs, chunk_size=2))
        assert [isinstance(r, InputError) for r in results] == [False, False, True, False, False, False]
    errors = [r for r in results if isinstance(r, InputError)]
    articles = [r for r in results if not isinstance(r, InputError)]
    assert len(errors) == 1 and "missing.txt" in str(errors[0])
    assert [a.text.strip() for a in articles] == texts
    assert all("entities.v1" in a.components for a in articles)
