"""`presslens analyze` over a folder with good and bad files: bad ones reported in one line each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from presslens.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _run(*args: str):
    return CliRunner().invoke(app, ["analyze", "--no-progress", *args])


def test_analyze_dir_with_good_and_bad_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "council_furniture.txt", tmp_path / "a_good.txt")
    (tmp_path / "b_binary.dat").write_bytes(b"\x00\x01\x02\x03 binary \x00\x00")
    (tmp_path / "c_empty.txt").write_bytes(b"")
    result = _run(str(tmp_path))
    assert result.exit_code == 3, result.output  # some inputs failed, the rest was analysed
    assert "Traceback" not in result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        f"skipped {tmp_path / 'b_binary.dat'}: binary file (not text)",
        f"skipped {tmp_path / 'c_empty.txt'}: empty file",
    ]
    (article,) = json.loads(result.stdout)
    assert article["source"]["path"] == str(tmp_path / "a_good.txt")
    assert article["title"] == "Library hours cut as council trims budget"
    assert [f["label"] for f in article["furniture"]][:2] == ["repeated_headline", "share_widget"]


def test_analyze_only_bad_files_fails_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("  \n\n", encoding="utf-8")
    result = _run(str(tmp_path / "blank.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"skipped {tmp_path / 'missing.txt'}: no such file or directory" in result.stderr
    assert "no article could be analysed (2 input(s) skipped)" in result.stderr
    assert result.stdout.strip() == "[]"


def test_analyze_stdin_reports_decoding_warning() -> None:
    data = b"Caf\xe9 owners protest\x81 rent rise\n\nOwners in the old town said rents rose again."
    result = CliRunner().invoke(app, ["analyze", "--no-progress", "-"], input=data)
    assert result.exit_code == 0, result.output
    (article,) = json.loads(result.stdout)
    assert article["source"]["format"] == "stdin" and article["source"]["encoding"] == "cp1252"
    assert article["text"].startswith("Café owners protest")
    assert "warning -: invalid UTF-8" in result.stderr
