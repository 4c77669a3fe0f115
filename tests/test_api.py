"""The Python API on real text: one article, a file path, a batch in two processes."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_finished_json_from_the_workers_is_the_text_the_main_process_would_write(tmp_path) -> None:
    """`finish` runs where each article is analysed: with -j 2 the workers send `Serialised` text,
    which must be byte for byte what `output.write` makes of the `Article` in this process."""
    import io

    from presslens.api import analyze_many, article_name
    from presslens.ingest import load_inputs
    from presslens.output import Serialised, serialiser, write

    short = tmp_path / "short.txt"
    short.write_text("Ilse Varga said on Monday that 40 dock workers in Vellmore had left.", encoding="utf-8")
    paths = [str(EXAMPLE), str(tmp_path / "missing.txt"), str(short)]
    plain = list(analyze_many(load_inputs(paths), jobs=1))
    articles = [a for a in plain if not isinstance(a, InputError)]
    for fmt in ("json", "jsonl"):
        sent = list(analyze_many(load_inputs(paths), jobs=2, chunk_size=1, finish=serialiser(fmt)))
        assert [type(s) is Serialised for s in sent] == [True, False, True]
        assert isinstance(sent[1], InputError) and "missing.txt" in str(sent[1])
        done = [s for s in sent if isinstance(s, Serialised)]
        assert [s.name for s in done] == [article_name(a) for a in articles]
        assert [s.warnings for s in done] == [tuple(a.warnings) for a in articles]
        expected, got = io.StringIO(), io.StringIO()
        assert write(articles, expected, fmt) == write(done, got, fmt) == 2
        assert got.getvalue() == expected.getvalue()
        assert "Vellmore" in got.getvalue()
    with pytest.raises(ValueError, match="serialised as json"):
        write(done[:0] + [serialiser("json")(articles[1])], io.StringIO(), "jsonl")


def test_line_break_characters_are_escaped_so_a_jsonl_record_is_one_line() -> None:
    """U+0085, U+2028 and U+2029 are line breaks to `str.splitlines` and older JavaScript: `dumps`
    escapes them (and only them: other non-ASCII text stays UTF-8), and the JSON still reads back."""
    import json

    from presslens.output import dumps

    text = "Ilse Varga said\u2028on Monday\x85that 40 dock workers left.\u2029Café owners agreed."
    article = presslens.analyze(text)
    line = dumps(article)
    assert len(line.splitlines()) == 1
    assert "\\u2028" in line and "\\u0085" in line and "\\u2029" in line and "Café" in line
    assert json.loads(line)["text"] == article.text
    assert dumps({"text": "plain é"}) == '{"text": "plain é"}'


def test_a_pool_run_cuts_only_its_last_chunks_small_and_keeps_the_order(tmp_path) -> None:
    """The last ``jobs`` chunks go out in chunks of 2 (no idle core at the end); errors keep their place."""
    from presslens.api import _even_end, _runs
    from presslens.ingest import load_inputs

    paths = []
    for i in range(21):
        path = tmp_path / f"{i:02}.txt"
        path.write_text(f"Article {i} mentions Vellmore.", encoding="utf-8")
        paths.append(str(path))
    paths.insert(9, str(tmp_path / "missing.txt"))
    runs = list(_even_end(_runs(load_inputs(paths), 4), hold=2, size=2))
    sizes = [len(r) if isinstance(r, list) else "error" for r in runs]
    assert sizes == [4, 4, 1, "error", 4, 2, 2, 2, 2]
    flat = [a.text.split()[1] for r in runs if isinstance(r, list) for a in r]
    assert flat == [str(i) for i in range(21)]
