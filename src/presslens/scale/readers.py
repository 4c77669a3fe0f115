"""Reading one partition on a worker: its articles (or `InputError`s), lazily, in input order.

Each reader streams its slice (a line, a row batch, a record at a time), so a worker's memory
does not grow with the size of the input file. Decoding, HTML extraction, cleaning and metadata
precedence are those of `presslens.ingest`; this module only finds the bytes or records.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator
from typing import IO, Any

from presslens.errors import InputError
from presslens.ingest import article_from_record, articles_from_bytes, load_inputs
from presslens.ingest.read import JsonRecord, Limits, iter_jsonl_stream
from presslens.model import Article
from presslens.scale.partitions import PARQUET_FIELDS, Partition

Item = Article | InputError
#: WARC/HTTP content types read as articles (anything else in an archive is not an article).
ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_partition(partition: Partition) -> Iterator[Item]:
    """The articles and errors of ``partition``, in input order."""
    reader = {
        "files": _read_files,
        "jsonl": _read_jsonl,
        "jsonl.gz": _read_jsonl_gz,
        "parquet": _read_parquet,
        "warc": _read_warc,
        "warc.gz": _read_warc_range,
    }[partition.kind]
    yield from reader(partition)


def _read_files(partition: Partition) -> Iterator[Item]:
    for item in partition.items:
        if isinstance(item, tuple):
            yield InputError(*item)
        else:
            yield from load_inputs([item])


class _Lines:
    """A binary handle that ends after ``count`` lines (what `iter_jsonl_stream` reads)."""

    def __init__(self, handle: IO[bytes], count: int) -> None:
        self.handle, self.left = handle, count

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        line = self.handle.readline(size)
        if line.endswith(b"\n") or not line:
            self.left -= 1
        return line


def _records(handle: IO[bytes], partition: Partition) -> Iterator[Item]:
    lines = _Lines(handle, partition.count)
    for record in iter_jsonl_stream(lines, partition.path, Limits(), first_line=partition.start + 1):
        if isinstance(record, JsonRecord):
            yield article_from_record(record.record, record.path, record.line)
        else:
            yield record


def _read_jsonl(partition: Partition) -> Iterator[Item]:
    try:
        handle = open(partition.path, "rb")  # noqa: SIM115 - closed below, after a seek
    except OSError as exc:
        yield InputError(partition.label, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        handle.seek(partition.offset)
        yield from _records(handle, partition)


def _read_jsonl_gz(partition: Partition) -> Iterator[Item]:
    try:
        with gzip.open(partition.path, "rb") as handle:
            for _ in range(partition.start):  # gzip cannot seek: decompress up to the slice
                while (line := handle.readline(1 << 20)) and not line.endswith(b"\n"):
                    pass
            yield from _records(handle, partition)
    except (OSError, EOFError) as exc:
        yield InputError(partition.label, f"gzip read failed: {exc}")


def _plain(value: Any) -> Any:
    """A Parquet cell as a JSONL value would be: dates and timestamps as ISO text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _read_parquet(partition: Partition) -> Iterator[Item]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(partition.path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
        yield InputError(partition.label, f"cannot read Parquet: {str(exc).splitlines()[0][:200]}")
        return
    names = set(handle.schema_arrow.names)
    columns = [c for c in (partition.column, *PARQUET_FIELDS) if c in names]
    end = partition.start + partition.count
    groups, first_row, row = [], None, 0
    for index in range(handle.metadata.num_row_groups):
        size = handle.metadata.row_group(index).num_rows
        if row < end and row + size > partition.start:
            groups.append(index)
            first_row = row if first_row is None else first_row
        row += size
    row = first_row or 0
    for batch in handle.iter_batches(batch_size=64, row_groups=groups, columns=columns):
        for values in batch.to_pylist():
            row += 1  # 1-based number of this row in the file
            if row <= partition.start:
                continue
            if row > end:
                return
            record = {key: _plain(value) for key, value in values.items() if value is not None}
            if partition.column != "text":
                record["text"] = record.pop(partition.column, None)
            item = article_from_record(record, partition.path, row)
            if isinstance(item, Article):
                item.source.format = "parquet"
            yield item


def warc_iterator(handle: IO[bytes]) -> Any:
    """warcio's iterator over the records of a WARC (plain or per-record gzip) file."""
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator(handle, arc2warc=True)


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";")[0].strip().lower()


def is_article_record(record: Any) -> bool:
    """A response (or resource) record holding an HTML or text page with a 2xx status."""
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response":
        if record.http_headers is None:
            return False
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False
    return _content_type(record) in ARTICLE_TYPES


def _charset(record: Any) -> str | None:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers is not None else None) or ""
    for part in value.split(";")[1:]:
        key, _, charset = part.partition("=")
        if key.strip().lower() == "charset" and charset.strip():
            return charset.strip().strip("\"'")
    return None


def _read_warc(partition: Partition) -> Iterator[Item]:
    try:
        with open(partition.path, "rb") as handle:
            records = _warc_slice(handle, partition)
            numbered = (
                (number, record, record.content_stream().read())
                for number, record in zip(
                    range(partition.start + 1, partition.start + partition.count + 1), records, strict=False
                )
            )
            yield from _warc_articles(partition, numbered)
    except Exception as exc:  # noqa: BLE001 - a damaged archive: the rest of the slice is one error
        yield _warc_error(partition.path, f"after record {partition.start}", exc)


def _read_warc_range(partition: Partition) -> Iterator[Item]:
    """The article records whose gzip member starts in the partition's byte range."""
    try:
        with open(partition.path, "rb") as handle:
            first = _member_start(handle, partition.offset, partition.end)
            if first is None:
                return
            handle.seek(first)
            records = warc_iterator(handle)

            def in_range() -> Iterator[tuple[int | None, Any, bytes]]:
                for record in records:
                    article = is_article_record(record)
                    data = record.content_stream().read() if article else b""
                    # (warcio knows a record's offset only once its content is read)
                    if records.get_record_offset() >= partition.end:
                        return
                    if article:
                        yield None, record, data

            yield from _warc_articles(partition, in_range())
    except Exception as exc:  # noqa: BLE001 - a damaged archive: the rest of the range is one error
        yield _warc_error(partition.path, f"in bytes {partition.offset}-{partition.end}", exc)


def _warc_error(path: str, where: str, exc: Exception) -> InputError:
    reason = f"WARC read failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    return InputError(f"{path} {where}", reason)


def _warc_articles(partition: Partition, records: Iterator[tuple[int | None, Any, bytes]]) -> Iterator[Item]:
    """Articles from (record number or None, record, its content) triples."""
    for number, record, data in records:
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        where = f"record {number}" if number is not None else record.rec_headers.get_header("WARC-Record-ID")
        name = f"{partition.path} {where}" + (f" ({uri})" if uri else "")
        for item in articles_from_bytes(
            data, name, url=uri or None, charset=_charset(record), content_type=_content_type(record)
        ):
            if isinstance(item, Article):
                item.source.path, item.source.format, item.source.line = partition.path, "warc", number
            yield item


#: The first bytes of a gzip member (magic, deflate) and what a WARC record's text starts with.
_GZIP_MAGIC = b"\x1f\x8b\x08"


def _member_start(handle: IO[bytes], start: int, end: int) -> int | None:
    """Offset of the first gzip member in [start, end) whose text begins a WARC record, or None."""
    import zlib

    if start == 0:
        return 0
    position = start
    while position < end:
        handle.seek(position)
        window = handle.read(min(1 << 20, end - position + 2))
        if not window:
            return None
        found = window.find(_GZIP_MAGIC)
        while found != -1 and position + found < end:
            handle.seek(position + found)
            head = handle.read(4096)
            try:
                text = zlib.decompressobj(wbits=31).decompress(head, 16)
            except zlib.error:
                text = b""
            if text.startswith(b"WARC/"):
                return position + found
            found = window.find(_GZIP_MAGIC, found + 1)
        position += max(1, len(window) - 2)  # a magic number may straddle two windows
    return None


def _warc_slice(handle: IO[bytes], partition: Partition) -> Iterator[Any]:
    """The slice's article records: from its planned offset when the record there is the one
    planned (per-record gzip or plain WARC), else by reading from the start and skipping."""
    handle.seek(partition.offset)
    records = (r for r in warc_iterator(handle) if is_article_record(r))
    try:
        first = next(records, None)
    except Exception:  # noqa: BLE001 - not a record boundary (one gzip stream for the whole file)
        first = None
    if first is not None and first.rec_headers.get_header("WARC-Record-ID") == partition.column:
        yield first
        yield from records
        return
    handle.seek(0)
    skipped = 0
    for record in warc_iterator(handle):
        if not is_article_record(record):
            continue
        if skipped < partition.start:
            skipped += 1
            continue
        yield record
