"""Cutting inputs into partitions: small, picklable descriptions of a slice of the corpus.

The client plans; the workers read. A `Partition` names its slice (files, a line range of a
JSONL file, a row range of a Parquet file, a run of WARC records) but holds none of its text, so
planning a corpus of any size keeps memory flat, and every worker reads its own slice from the
shared file system. Planning is a generator: partitions are handed out while the plan goes on.

Partition ids are a hash of what the partition covers (kind, absolute path, range), so planning
the same inputs with the same ``partition_size`` gives the same ids: that is what lets a re-run
skip the partitions already written (`presslens.scale.dataset`).

What is read, by input:

* a directory: walked recursively in name order (hidden entries skipped, as `presslens ingest`
  does); text and HTML files are grouped ``partition_size`` files to a partition, and the
  container files in it (below) are planned as if named on their own;
* ``.jsonl`` / ``.ndjson``: cut every ``partition_size`` lines; the plan records byte offsets, so a
  worker seeks straight to its slice (one pass over the file on the client, counting lines);
* ``.jsonl.gz`` / ``.ndjson.gz``: cut every ``partition_size`` lines; gzip cannot seek, so a worker
  decompresses from the start and skips to its first line (cheap beside analysis: see docs/scale.md);
* ``.parquet``: cut every ``partition_size`` rows; a worker reads only the row groups its rows are
  in, and only the columns PressLens uses (``text`` or the column named, ``html``, ``url``,
  ``title``, ``outlet``, ``published``, ``author``);
* ``.warc`` / ``.warc.gz``: the HTML and plain-text responses (and resources) with a 2xx status,
  cut every ``partition_size`` records; the plan records each partition's first record offset,
  so a worker seeks to it (per-record gzip, as crawlers write it);
* any other file, or an http(s) URL: one article each, through `presslens.ingest.load_inputs`.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from presslens.errors import InputError, PressLensError
from presslens.ingest.read import is_url, iter_files

DEFAULT_PARTITION_SIZE = 100
JSONL = (".jsonl", ".ndjson")
JSONL_GZ = (".jsonl.gz", ".ndjson.gz")
PARQUET = (".parquet",)
WARC = (".warc", ".warc.gz")
#: Columns read from a Parquet dataset besides the text column (the JSONL record's keys).
PARQUET_FIELDS = ("html", "url", "title", "outlet", "published", "author")


class PlanError(PressLensError):
    """The inputs cannot be planned (stdin, a missing scale dependency...)."""


@dataclass(frozen=True, slots=True)
class Partition:
    """One slice of the inputs. ``kind`` says how `presslens.scale.readers` reads it.

    * ``files``: ``items`` are paths or URLs (one article each), or ``(source, reason)`` pairs for
      entries that could not be listed (recorded as error rows);
    * ``jsonl``: lines ``start``... (``count`` lines) of ``path``, from byte ``offset``;
    * ``jsonl.gz``: lines ``start``... (``count`` lines) of ``path``;
    * ``parquet``: rows ``start``... (``count`` rows) of ``path``, text in ``column``;
    * ``warc``: ``count`` article records of ``path`` from the ``start``-th (0-based), the first at
      byte ``offset`` with WARC-Record-ID ``column``;
    * ``warc.gz``: the article records of a per-record-gzip ``path`` whose gzip member starts in
      bytes ``offset`` to ``end`` (about ``count`` of them).
    """

    kind: str
    path: str = ""
    start: int = 0
    count: int = 0
    offset: int = 0
    column: str = ""
    items: tuple[str | tuple[str, str], ...] = field(default=())
    end: int = 0

    @property
    def id(self) -> str:
        """A stable name: the same slice of the same input always gets the same id."""
        key = repr(
            (self.kind, self.path, self.start, self.count, self.offset, self.column, self.items, self.end)
        )
        return f"{self.kind.replace('.', '-')}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"

    @property
    def expected(self) -> int:
        """How many inputs (articles or errors) the partition holds, as far as the plan knows."""
        return len(self.items) if self.kind == "files" else self.count

    @property
    def label(self) -> str:
        """What progress and error messages call it."""
        if self.kind == "files":
            first = self.items[0] if self.items else ""
            name = first if isinstance(first, str) else first[0]
            return f"{name} (+{len(self.items) - 1} more)" if len(self.items) > 1 else name
        if self.kind == "warc.gz":
            return f"{self.path} bytes {self.offset}-{self.end}"
        unit = {"parquet": "rows", "warc": "records"}.get(self.kind, "lines")
        return f"{self.path} {unit} {self.start + 1}-{self.start + self.count}"


def plan(
    specs: Iterable[str | Path], partition_size: int = DEFAULT_PARTITION_SIZE, text_column: str = "text"
) -> Iterator[Partition]:
    """Partitions covering ``specs`` (files, directories, URLs), in input order.

    ``text_column`` names the text column of Parquet inputs (an ``html`` column is used when a row
    has no text).
    """
    if partition_size < 1:
        raise PlanError("partition size must be at least 1")
    loose: list[str | tuple[str, str]] = []  # plain files (and listing errors) waiting for a partition
    for spec in specs:
        name = str(spec)
        if name == "-":
            raise PlanError("standard input cannot be read on a cluster: write it to a file first")
        if is_url(name):
            loose.append(name)
        else:
            path = Path(name)
            entries: Iterable[Path | InputError] = iter_files(path) if path.is_dir() else [path]
            for entry in entries:
                if isinstance(entry, InputError):
                    loose.append((entry.source, entry.reason))
                    continue
                container = _container(entry)
                if container is None:
                    loose.append(str(entry.absolute()))
                else:
                    yield from container(entry.absolute(), partition_size, text_column)
                    continue
                if len(loose) >= partition_size:
                    yield Partition("files", items=tuple(loose))
                    loose = []
        if len(loose) >= partition_size:
            yield Partition("files", items=tuple(loose))
            loose = []
    if loose:
        yield Partition("files", items=tuple(loose))


def _container(path: Path):  # -> planner function or None
    name = path.name.lower()
    if name.endswith(JSONL_GZ):
        return _plan_jsonl_gz
    if name.endswith(JSONL):
        return _plan_jsonl
    if name.endswith(PARQUET):
        return _plan_parquet
    if name.endswith(WARC):
        return _plan_warc
    return None


def _error_partition(path: Path, reason: str) -> Partition:
    return Partition("files", items=((str(path), reason),))


def _plan_jsonl(path: Path, size: int, _column: str = "") -> Iterator[Partition]:
    """Every ``size`` lines of a plain JSONL file, with the byte offset each partition starts at."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _error_partition(path, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        start_line, start_offset, lines, offset = 0, 0, 0, 0
        for line in handle:
            offset += len(line)
            lines += 1
            if lines - start_line == size:
                yield Partition("jsonl", str(path), start_line, size, start_offset)
                start_line, start_offset = lines, offset
        if lines > start_line:
            yield Partition("jsonl", str(path), start_line, lines - start_line, start_offset)
        elif lines == 0:
            yield _error_partition(path, "empty file")


def _plan_jsonl_gz(path: Path, size: int, _column: str = "") -> Iterator[Partition]:
    """Every ``size`` lines of a gzip-compressed JSONL file (counted by decompressing it once)."""
    lines = 0
    try:
        with gzip.open(path, "rb") as handle:
            for _ in handle:
                lines += 1
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        if not lines:
            yield _error_partition(path, f"not a readable gzip file ({exc})")
            return
        # a truncated file: plan what could be read, and let the last partition report the rest
    if lines == 0:
        yield _error_partition(path, "empty file")
    for start in range(0, lines, size):
        yield Partition("jsonl.gz", str(path), start, min(size, lines - start))


def _plan_parquet(path: Path, size: int, column: str = "text") -> Iterator[Partition]:
    """Every ``size`` rows of a Parquet file that has a ``text`` (or ``html``) column."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
        yield _error_partition(path, f"not a readable Parquet file ({str(exc).splitlines()[0][:200]})")
        return
    names = set(meta.schema_arrow.names)
    if column not in names and "html" not in names:
        yield _error_partition(path, f"no {column!r} or 'html' column (columns: {', '.join(sorted(names))})")
        return
    rows = meta.metadata.num_rows
    for start in range(0, rows, size):
        yield Partition("parquet", str(path), start, min(size, rows - start), column=column)


#: Records read at the start of a .warc.gz to measure its bytes per article; a file no longer
#: than this is planned record by record (exactly), a longer one by byte ranges.
WARC_SAMPLE_RECORDS = 400


def _plan_warc(path: Path, size: int, _column: str = "") -> Iterator[Partition]:
    """Every ``size`` article records of a WARC file.

    A per-record-gzip file (what crawlers write) larger than the sample is cut into byte ranges of
    about ``size`` articles, from its size alone: a worker finds the first gzip member of its
    range, so the client never reads the whole archive (see `presslens.scale.readers`). Other
    files are scanned here once, recording each partition's first record.
    """
    from presslens.scale.readers import is_article_record, warc_iterator

    if path.name.lower().endswith(".gz"):
        sample = _warc_sample(path)
        if sample is not None:
            bytes_per_article, total = sample
            block = max(1, int(size * bytes_per_article))
            for offset in range(0, total, block):
                end = min(total, offset + block)
                yield Partition(
                    "warc.gz",
                    str(path),
                    offset // block,
                    round((end - offset) / bytes_per_article),
                    offset,
                    end=end,
                )
            return
    count, start, first_offset, first_id = 0, 0, 0, ""
    try:
        with path.open("rb") as handle:
            records = warc_iterator(handle)
            for record in records:
                if not is_article_record(record):
                    continue
                if count - start == 0:
                    first_offset = records.get_record_offset()
                    first_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                count += 1
                if count - start == size:
                    yield Partition("warc", str(path), start, size, first_offset, first_id)
                    start = count
    except Exception as exc:  # noqa: BLE001 - warcio raises several kinds for a bad archive
        if not count:
            yield _error_partition(path, f"not a readable WARC file ({str(exc).splitlines()[0][:200]})")
            return
    if count > start:
        yield Partition("warc", str(path), start, count - start, first_offset, first_id)
    elif count == 0:
        yield _error_partition(path, "no HTML or text responses in this WARC file")


def _warc_sample(path: Path) -> tuple[float, int] | None:
    """(bytes per article record, file size) of a per-record-gzip WARC longer than the sample, or
    None when it should be scanned record by record (short, one gzip stream, unreadable)."""
    from presslens.scale.readers import is_article_record, warc_iterator

    articles, offsets = 0, []
    try:
        total = path.stat().st_size
        with path.open("rb") as handle:
            records = warc_iterator(handle)
            for record in records:
                offsets.append(records.get_record_offset())
                articles += is_article_record(record)
                if len(offsets) > WARC_SAMPLE_RECORDS:
                    break
            else:
                return None  # the whole file fits in the sample: plan it exactly
    except Exception:  # noqa: BLE001 - the record scan reports it
        return None
    if articles == 0 or len(set(offsets)) < len(offsets):  # offsets that do not move: one gzip stream
        return None
    return offsets[-1] / articles, total
