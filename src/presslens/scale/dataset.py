"""The Parquet corpus on disk: one directory per partition, each written all at once or not at all.

Layout of a corpus directory ``DIR``::

    DIR/_corpus.json                 what wrote it: layout version, schema, components, partition size
    DIR/parts/<partition id>/        one finished partition:
        articles.parquet claims.parquet quotes.parquet ... errors.parquet   (every table, even empty)
        _summary.json                its counts and timing
    DIR/_tmp/                        partitions being written (never read)

A worker writes a partition's files into a fresh directory under ``_tmp`` and then renames that
directory to ``parts/<id>``: one atomic step on a POSIX file system, so a partition is either
complete or absent, whatever moment a worker is killed at. A partition whose directory exists is
done: a re-run skips it, and when two attempts race (a worker presumed dead that was not), the
second rename fails and its copy is dropped. That is how a run can be interrupted at any point and
resumed without losing or duplicating an article.

Readers (`presslens.scale.views`, pyarrow, DuckDB, pandas) read ``DIR/parts/*/<table>.parquet``.
One run at a time per directory: a run clears ``_tmp`` when it ends.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presslens.errors import PressLensError
from presslens.model import SCHEMA_VERSION

if TYPE_CHECKING:  # pyarrow is imported where files are written: checking a path must not need it
    import pyarrow as pa

#: Version of the on-disk layout (tables, columns, file names); bumped on any incompatible change.
FORMAT = "presslens-parquet/1"
MANIFEST = "_corpus.json"
PARTS = "parts"
TMP = "_tmp"
SUMMARY = "_summary.json"


class DatasetError(PressLensError):
    """The output directory is not a Parquet corpus, or was written with other settings."""


@dataclass(frozen=True)
class Settings:
    """What decides the content of a corpus: a re-run must use the same, or partitions differ."""

    components: tuple[str, ...] | None
    partition_size: int
    text_column: str = "text"


def is_corpus(path: str | Path) -> bool:
    return (Path(path) / MANIFEST).is_file()


def open_output(root: str | Path, settings: Settings) -> Path:
    """Create ``root`` as a corpus, or check that an existing one was written with ``settings``."""
    root = Path(root)
    manifest = root / MANIFEST
    if manifest.is_file():
        found = read_manifest(root)
        mine = _settings_dict(settings)
        theirs = {key: found.get(key) for key in mine}
        if theirs != mine:
            diff = ", ".join(
                f"{k}: {theirs[k]!r} there, {mine[k]!r} now" for k in mine if theirs[k] != mine[k]
            )
            raise DatasetError(
                f"{root} was written with other settings ({diff}); use those or a new directory"
            )
        return root
    if root.exists() and any(root.iterdir()):
        raise DatasetError(
            f"{root} exists and is not a PressLens Parquet corpus; choose an empty or new directory"
        )
    from presslens.scale.tables import TABLES

    (root / PARTS).mkdir(parents=True, exist_ok=True)
    (root / TMP).mkdir(exist_ok=True)
    data = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        **_settings_dict(settings),
        "tables": list(TABLES),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    _atomic_write_text(manifest, json.dumps(data, indent=2) + "\n")
    return root


def _settings_dict(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data["components"] = list(settings.components) if settings.components is not None else None
    return data


def read_manifest(root: str | Path) -> dict[str, Any]:
    root = Path(root)
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{root}: not a PressLens Parquet corpus (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{root}/{MANIFEST}: unreadable ({exc})") from None
    if data.get("format") != FORMAT:
        raise DatasetError(f"{root}: corpus format {data.get('format')!r}, this PressLens reads {FORMAT!r}")
    return data


def part_dir(root: str | Path, partition_id: str) -> Path:
    return Path(root) / PARTS / partition_id


def is_done(root: str | Path, partition_id: str) -> bool:
    return part_dir(root, partition_id).is_dir()


def done_partitions(root: str | Path) -> list[str]:
    """Ids of the finished partitions, sorted."""
    parts = Path(root) / PARTS
    return sorted(p.name for p in parts.iterdir() if p.is_dir()) if parts.is_dir() else []


def read_summary(root: str | Path, partition_id: str) -> dict[str, Any]:
    return json.loads((part_dir(root, partition_id) / SUMMARY).read_text(encoding="utf-8"))


def write_partition(
    root: str | Path, partition_id: str, tables: dict[str, pa.Table], summary: dict[str, Any]
) -> bool:
    """Write a partition's tables atomically; False when another attempt had already written it."""
    import pyarrow.parquet as pq

    root = Path(root)
    final = part_dir(root, partition_id)
    if final.is_dir():
        return False
    tmp = root / TMP / f"{partition_id}.{uuid.uuid4().hex}"
    tmp.mkdir(parents=True)
    try:
        for name, table in tables.items():
            pq.write_table(table, tmp / f"{name}.parquet", compression="zstd")
        (tmp / SUMMARY).write_text(json.dumps(summary) + "\n", encoding="utf-8")
        for entry in tmp.iterdir():  # on disk before the rename makes the partition visible
            _fsync(entry)
        _fsync(tmp)
        try:
            os.rename(tmp, final)
        except OSError:
            if final.is_dir():  # the race is lost: the other copy is complete, drop ours
                return False
            raise
        _fsync(final.parent)
        return True
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def clear_tmp(root: str | Path) -> int:
    """Remove what killed attempts left under ``_tmp`` (call it when no worker is writing)."""
    tmp = Path(root) / TMP
    removed = 0
    for entry in tmp.iterdir() if tmp.is_dir() else []:
        shutil.rmtree(entry, ignore_errors=True)
        removed += 1
    return removed


def table_files(root: str | Path, table: str) -> list[str]:
    """The files of ``table`` in the finished partitions."""
    return [str(part_dir(root, pid) / f"{table}.parquet") for pid in done_partitions(root)]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
