"""Planning and reading partitions (no analysis): every input article is read exactly once, lazily."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from presslens.errors import InputError
from presslens.model import Article
from presslens.scale.partitions import PlanError, plan
from presslens.scale.readers import read_partition
from scale_corpus import write_mixed_corpus


def _read_all(partitions) -> tuple[list[Article], list[InputError]]:
    articles, errors = [], []
    for partition in partitions:
        for item in read_partition(partition):
            (errors if isinstance(item, InputError) else articles).append(item)
    return articles, errors


def _markers(articles: list[Article]) -> list[str]:
    return [re.search(r"Story \d+", a.text).group(0) for a in articles]


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_every_article_is_read_exactly_once_whatever_the_partition_size(tmp_path: Path, size: int) -> None:
    corpus = write_mixed_corpus(tmp_path)
    partitions = list(plan([tmp_path], size))
    articles, errors = _read_all(partitions)
    assert sorted(_markers(articles)) == sorted(corpus.markers)
    assert len({a.id for a in articles}) == len(articles)
    for bad in corpus.bad:
        assert sum(bad in str(e) for e in errors) == 1, (bad, [str(e) for e in errors])
    assert len(errors) == len(corpus.bad)
    # ids name what a partition covers: the same plan twice gives the same ids, all distinct
    assert [p.id for p in plan([tmp_path], size)] == [p.id for p in partitions]
    assert len({p.id for p in partitions}) == len(partitions)
    for p in partitions:
        assert p.kind == "files" or p.count <= size


def test_sources_say_where_each_article_came_from(tmp_path: Path) -> None:
    write_mixed_corpus(tmp_path)
    articles, _ = _read_all(plan([tmp_path], 2))
    by_format: dict[str, list[Article]] = {}
    for a in articles:
        by_format.setdefault(a.source.format, []).append(a)
    assert set(by_format) == {"text", "html", "jsonl", "parquet", "warc"}
    warc = by_format["warc"]
    assert [a.source.line for a in warc] == [1, 2, 3]  # article records only: redirect and image skipped
    assert all(a.source.url.startswith("https://news.example/") for a in warc)
    assert all(a.title.value.startswith("Story ") for a in warc)  # HTML metadata, as for pages
    assert "Home | World" not in warc[0].text  # boilerplate removed as for any page
    gz = [a for a in by_format["jsonl"] if a.source.path.endswith(".gz")]
    assert [a.source.line for a in gz] == [1, 2, 3, 5]  # line numbers of the whole file
    assert gz[0].outlet.value == "Harbor Times" and gz[0].published.value == "2024-01-15"
    parquet = by_format["parquet"]
    assert [a.source.line for a in parquet] == [1, 2, 3]  # row numbers
    assert [a.outlet.value for a in parquet] == ["Harbor Times", "Valley Post", "Harbor Times"]
    assert "café" in next(a.text for a in by_format["text"] if a.source.path.endswith("c.txt"))


def test_plain_jsonl_partitions_seek_to_their_slice(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        "".join(
            f'{{"text": "Line {i} of a long file, with a figure of {i} people."}}\n' for i in range(1, 26)
        ),
        encoding="utf-8",
    )
    partitions = list(plan([path], 10))
    assert [(p.start, p.count) for p in partitions] == [(0, 10), (10, 10), (20, 5)]
    assert partitions[1].offset == sum(len(line) for line in path.read_bytes().splitlines(keepends=True)[:10])
    texts = [a.text for a in read_partition(partitions[2])]
    assert texts[0].startswith("Line 21 ") and len(texts) == 5
    assert [a.source.line for a in read_partition(partitions[1])] == list(range(11, 21))


def test_warc_slice_found_without_its_offset(tmp_path: Path) -> None:
    """A partition whose planned offset does not hold its first record (the file was rewritten as
    one gzip stream, say) is read from the start, skipping to its records: same articles."""
    write_mixed_corpus(tmp_path)
    warc = tmp_path / "crawl.warc.gz"
    [first, second] = list(plan([warc], 2))
    expected = [a.text for a in read_partition(second)]
    moved = dataclasses.replace(second, offset=0)
    assert [a.text for a in read_partition(moved)] == expected
    assert len(expected) == 1 and "Story" in expected[0]


def test_parquet_text_column_is_named(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "body.parquet"
    pq.write_table(pa.table({"body": ["One text about 12 ships.", "Another about 40 ships."]}), path)
    [bad] = list(plan([path], 10))
    [error] = list(read_partition(bad))
    assert "no 'text' or 'html' column" in str(error)
    [good] = list(plan([path], 10, text_column="body"))
    assert [a.text for a in read_partition(good)] == ["One text about 12 ships.", "Another about 40 ships."]


def test_bad_containers_are_errors_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 nope")
    (tmp_path / "broken.warc.gz").write_bytes(b"WARC/1.0\r\nnonsense")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    articles, errors = _read_all(plan([tmp_path], 5))
    assert articles == []
    assert sorted(Path(e.source).name for e in errors) == [
        "broken.jsonl.gz",
        "broken.parquet",
        "broken.warc.gz",
        "empty.jsonl",
    ]


def test_stdin_cannot_be_planned() -> None:
    with pytest.raises(PlanError, match="standard input"):
        list(plan(["-"]))


@pytest.mark.parametrize("size", [1, 2, 5])
def test_large_warc_gz_is_cut_by_bytes_and_each_record_read_once(
    tmp_path: Path, monkeypatch, size: int
) -> None:
    """A per-record-gzip WARC longer than the sample is planned from its size alone: each worker
    finds the first gzip member of its byte range. Same articles as the exact, record-scanning plan."""
    from presslens.scale import partitions

    write_mixed_corpus(tmp_path)
    warc = tmp_path / "crawl.warc.gz"
    exact = sorted(a.text for p in plan([warc], size) for a in read_partition(p))
    assert {p.kind for p in plan([warc], size)} == {"warc"}  # small: scanned record by record
    monkeypatch.setattr(partitions, "WARC_SAMPLE_RECORDS", 2)
    ranges = list(plan([warc], size))
    assert {p.kind for p in ranges} == {"warc.gz"} and ranges[-1].end == warc.stat().st_size
    assert all(a.end == b.offset for a, b in zip(ranges, ranges[1:], strict=False))  # no gap, no overlap
    assert sorted(a.text for p in ranges for a in read_partition(p)) == exact
    assert len(exact) == 3
