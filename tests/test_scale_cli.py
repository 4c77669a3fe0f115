"""`presslens analyze --format parquet` on a local Dask cluster, and `presslens ingest` of the corpus."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from presslens.cli import app
from presslens.store import connect
from scale_corpus import write_mixed_corpus

runner = CliRunner()


def test_analyze_into_parquet_then_ingest_it(tmp_path: Path) -> None:
    mixed = write_mixed_corpus(tmp_path / "in")
    out = tmp_path / "corpus"
    args = ["analyze", str(tmp_path / "in"), "--workers", "1", "--format", "parquet", "-o", str(out)]
    args += ["--components", "sentences.v1,entities.v1,claims.v1", "--partition-size", "5", "--no-progress"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Dask dashboard: http" in result.output
    assert f"{len(mixed.markers)} article(s) analysed, {len(mixed.bad)} error row(s)" in result.output

    again = runner.invoke(app, args)  # resumed: every partition already written
    assert again.exit_code == 0 and "already written before" in again.output

    other = runner.invoke(app, [*args[:-3], "--partition-size", "7", "--no-progress"])
    assert other.exit_code == 1 and "written with other settings" in other.output

    db = tmp_path / "x.db"
    loaded = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    assert (
        f"stored {len(mixed.markers)}, already stored 0, {len(mixed.bad)} input(s) with errors"
        in loaded.output
    )
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(mixed.markers)
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0


def test_cluster_options_need_the_parquet_output(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Some text about 12 ships.", encoding="utf-8")
    for extra in (["--workers", "2"], ["--scheduler", "tcp://127.0.0.1:8786"]):
        result = runner.invoke(app, ["analyze", str(text), *extra])
        assert result.exit_code == 2 and "add --format parquet -o DIR" in result.output
    result = runner.invoke(app, ["analyze", str(text), "--format", "parquet"])
    assert result.exit_code == 2 and "give -o DIR" in result.output
    result = runner.invoke(
        app, ["analyze", str(text), "--workers", "1", "--scheduler", "tcp://h:1", "-f", "parquet"]
    )
    assert result.exit_code == 2 and "not both" in result.output
