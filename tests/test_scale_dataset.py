"""The Parquet corpus on disk: partitions written all at once, skipped on re-runs, errors as rows.

These run the partition task in this process (no cluster; tests/test_scale_cluster.py runs it on
Dask workers) with a short component list, so that they are quick.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from presslens.scale import dataset
from presslens.scale.dataset import DatasetError, Settings, open_output
from presslens.scale.partitions import plan
from presslens.scale.tables import FIGURE_KEYS, TABLES
from presslens.scale.views import connect
from presslens.scale.worker import analyse_partition
from scale_corpus import write_mixed_corpus

FAST = ("sentences.v1", "entities.v1", "claims.v1")


def _analyse_all(inputs: Path, out: Path, size: int = 3) -> list[dict]:
    open_output(out, Settings(FAST, size))
    return [analyse_partition(p, str(out), FAST) for p in plan([inputs], size)]


def _article_texts(out: Path) -> list[str]:
    return [t for f in dataset.table_files(out, "articles") for t in pq.read_table(f)["text"].to_pylist()]


def test_each_article_once_errors_as_rows_every_table_in_every_partition(tmp_path: Path) -> None:
    corpus = write_mixed_corpus(tmp_path / "in")
    out = tmp_path / "out"
    summaries = _analyse_all(tmp_path / "in", out)
    texts = _article_texts(out)
    assert sorted(m for t in texts for m in corpus.markers if f"{m}:" in t or f"{m}\n" in t) == sorted(
        corpus.markers
    )
    assert len(texts) == len(corpus.markers) == sum(s["articles"] for s in summaries)
    con = connect(out)
    errors = con.execute("SELECT source, reason, stage FROM errors").fetchall()
    assert len(errors) == len(corpus.bad) == sum(s["errors"] for s in summaries)
    assert all(stage == "input" for _, _, stage in errors)
    for part in dataset.done_partitions(out):
        assert sorted(p.stem for p in (out / "parts" / part).glob("*.parquet")) == sorted(TABLES)
    # the figures table is the corpus layer's claim entries, column for column
    assert con.execute("SELECT count(*) FROM figures").fetchone()[0] > 0
    assert [c[0] for c in con.execute("DESCRIBE figures").fetchall()][1:-1] == list(FIGURE_KEYS)


def test_rerun_skips_written_partitions_and_writes_nothing_twice(tmp_path: Path) -> None:
    write_mixed_corpus(tmp_path / "in")
    out = tmp_path / "out"
    first = _analyse_all(tmp_path / "in", out)
    before = {f: Path(f).stat().st_mtime_ns for f in dataset.table_files(out, "articles")}
    again = _analyse_all(tmp_path / "in", out)
    assert all(s["skipped"] for s in again) and not any(s["skipped"] for s in first)
    assert {f: Path(f).stat().st_mtime_ns for f in dataset.table_files(out, "articles")} == before
    assert sum(s["articles"] for s in again) == sum(s["articles"] for s in first)


def test_interrupted_write_leaves_no_partial_partition(tmp_path: Path, monkeypatch) -> None:
    """A worker killed half-way through writing a partition's files: nothing of it is visible,
    and the next attempt writes it whole."""
    write_mixed_corpus(tmp_path / "in")
    out = tmp_path / "out"
    open_output(out, Settings(FAST, 3))
    partition = next(iter(plan([tmp_path / "in"], 3)))
    real_write = pq.write_table
    written = []

    def dies_after_three(table, where, **kwargs):
        if len(written) == 3:
            raise KeyboardInterrupt("killed")  # not an Exception: nothing may catch it
        written.append(where)
        real_write(table, where, **kwargs)

    monkeypatch.setattr(pq, "write_table", dies_after_three)
    with pytest.raises(KeyboardInterrupt):
        analyse_partition(partition, str(out), FAST)
    assert dataset.done_partitions(out) == []
    assert connect(out).execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    monkeypatch.setattr(pq, "write_table", real_write)
    summary = analyse_partition(partition, str(out), FAST)
    assert not summary["skipped"] and dataset.done_partitions(out) == [partition.id]
    assert len(_article_texts(out)) == summary["articles"] > 0


def test_two_attempts_at_one_partition_keep_one_copy(tmp_path: Path) -> None:
    """A worker presumed dead that was not: both attempts finish, the second rename loses."""
    write_mixed_corpus(tmp_path / "in")
    out = tmp_path / "out"
    open_output(out, Settings(FAST, 3))
    partition = next(iter(plan([tmp_path / "in"], 3)))
    summary = analyse_partition(partition, str(out), FAST)
    from presslens.scale.tables import PartitionRows

    assert dataset.write_partition(out, partition.id, PartitionRows(partition.id).tables(), {}) is False
    assert len(_article_texts(out)) == summary["articles"]


def test_an_article_that_breaks_the_pipeline_is_an_error_row(tmp_path: Path, monkeypatch) -> None:
    """The batch it was in is re-run article by article: only the bad one is lost, as a row."""
    import presslens.api

    real = presslens.api.get_pipeline

    class Poisoned:
        def __init__(self, pipeline) -> None:
            self.pipeline = pipeline

        def pipe(self, articles):
            for article in articles:
                yield self(article)

        def __call__(self, article):
            if "Story 2" in article.text:
                raise RuntimeError("E088: text too long")
            return self.pipeline(article)

    monkeypatch.setattr(presslens.api, "get_pipeline", lambda components=None: Poisoned(real(components)))
    corpus = write_mixed_corpus(tmp_path / "in")
    out = tmp_path / "out"
    summaries = _analyse_all(tmp_path / "in", out, size=8)
    con = connect(out)
    [(source, reason, stage, article_id)] = con.execute(
        "SELECT source, reason, stage, article_id FROM errors WHERE stage = 'analysis'"
    ).fetchall()
    assert source.endswith("b.html") and "E088" in reason and len(article_id) == 16
    assert sum(s["articles"] for s in summaries) == len(corpus.markers) - 1
    # the articles analysed in the same batch as the bad one are whole: one copy of each annotation
    rows = con.execute("SELECT article_id, ann_id, count(*) FROM claims GROUP BY ALL HAVING count(*) > 1")
    assert rows.fetchall() == []


def test_a_corpus_refuses_other_settings(tmp_path: Path) -> None:
    open_output(tmp_path / "out", Settings(FAST, 3))
    with pytest.raises(DatasetError, match="partition_size: 3 there, 5 now"):
        open_output(tmp_path / "out", Settings(FAST, 5))
    with pytest.raises(DatasetError, match="components"):
        open_output(tmp_path / "out", Settings(None, 3))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(DatasetError, match="not a PressLens Parquet corpus"):
        open_output(tmp_path / "other", Settings(FAST, 3))
