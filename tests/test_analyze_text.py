"""`presslens analyze --format text`: a summary per article for people; the closing line; empty folders."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from presslens import output
from presslens.cli import app
from presslens.ingest import count_inputs

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "fictional-port-strike.txt"


def test_text_summary_names_title_outlet_date_figures_voices_and_techniques(tmp_path: Path) -> None:
    out = tmp_path / "summary.txt"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--format", "text", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Harbour strike enters third week as ministry and union trade figures\n")
    assert "outlet: The Vellmore Ledger" in text and "published: 2025-03-14" in text and "genre: " in text
    figures = text.split("Figures (", 1)[1]
    row = next(line for line in figures.splitlines() if line.startswith("14 protesters"))
    assert "arrested" in row and "2025-03-12" in row and "Police" in row  # what, event, when, who
    assert "Quoted: " in text and "Ilse Varga (2 direct, 1 indirect)" in text
    assert "Techniques: " in text
    assert "\x1b[" not in text  # no colour codes in a file
    assert result.stderr.splitlines()[-1].startswith("analysed 1, failed 0, in ")


def test_summary_prints_article_text_literally_never_as_markup() -> None:
    from rich.console import Console

    data = json.loads(output.dumps(_article("Council votes")))
    injected = {"title": "[bold red]Injected[/] title", "outlet": "[link=http://x]The Daily[/link]"}
    for key, value in injected.items():
        data[key] = value  # the flat key and the metadata entry, as a presslens/1 object carries both
        data["metadata"][key] = {"value": value, "start": None, "end": None, "origin": "input"}
    console = Console(record=True, width=100)
    console.print(output.summary(data))
    shown = console.export_text()
    assert "[bold red]Injected[/] title" in shown and "outlet: [link=http://x]The Daily[/link]" in shown


def _article(title: str) -> dict:
    from presslens.ingest import article_from_text

    return article_from_text(f"{title}\n\nTen soldiers were killed in Keldan, officials said.").to_dict()


def test_json_stays_the_default_when_output_is_not_a_terminal() -> None:
    args = ["analyze", "--no-progress", str(EXAMPLE), "--components", "sentences.v1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["schema"] == "presslens/1"


def test_an_empty_folder_says_why_nothing_was_analysed(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text("Ten soldiers were killed.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", "--no-progress", str(tmp_path)])
    assert result.exit_code == 1
    why = "no files in this folder (hidden files and folders are skipped)"
    assert f"skipped {tmp_path}: {why}" in result.stderr
    assert "no article could be analysed (1 input(s) skipped)" in result.stderr


def test_progress_total_counts_files_and_jsonl_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<p>x</p>", encoding="utf-8")
    assert count_inputs([tmp_path, "http://127.0.0.1:1/"]) == 1 + 3 + 1 + 1


def test_summary_names_the_person_behind_a_pronoun_source(pipeline) -> None:
    """ "She said 12 ships ...": the who-says cell shows the person coref.v1 resolved, as the report does."""
    from rich.console import Console

    from presslens.ingest import article_from_text

    text = (
        "Harbour master Freya Lind met union leader Tomas Ekwall in Vellmore on Monday.\n\n"
        "Lind disagreed. She said the strike had cost 12 ships their slots.\n"
    )
    data = json.loads(output.dumps(pipeline(article_from_text(text))))
    console = Console(record=True, width=200)
    console.print(output.summary(data))
    row = next(line for line in console.export_text().splitlines() if line.lstrip().startswith("12 ships"))
    assert "She (Freya Lind)" in row


def test_summary_counts_only_the_techniques_the_report_highlights() -> None:
    from rich.console import Console

    data = _article("Council votes")
    span = {"start": 0, "end": 7, "text": "Council", "component": "techniques.v1"}
    data["techniques"] = [
        {**span, "id": "tec1", "label": "Loaded_Language", "confidence": 0.2, "shown": False},
        {**span, "id": "tec2", "label": "Doubt", "confidence": 0.8, "shown": True},
    ]
    console = Console(record=True, width=100)
    console.print(output.summary(data))
    line = next(x for x in console.export_text().splitlines() if x.startswith("Techniques"))
    assert "Doubt ×1" in line and "Loaded" not in line
