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
    data["title"], data["outlet"] = "[bold red]Injected[/] title", "[link=http://x]The Daily[/link]"
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
