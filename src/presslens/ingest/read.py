"""Expanding input specs into raw inputs: files, directories, stdin, http(s) URLs, JSONL lines.

Every reader checks sizes before reading (a 50 MB file is refused from its ``stat``, never read
into memory), reads only regular files (a FIFO in a folder would block forever), and turns every
failure into an `InputError` with a one-line reason, so one bad input never stops a batch.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000
#: Longest article text analysed, in characters after cleaning (docs/ingest.md). Long-form features
#: run to 60,000; analysis time grows with length (memory peaks at about 0.45 GB at this limit), and spaCy
#: refuses texts over 1,000,000 characters outright.
DEFAULT_MAX_CHARS = 200_000
DEFAULT_TIMEOUT = 15.0
USER_AGENT = "presslens (+https://github.com/presslens/presslens)"

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_TEXT_TYPES = re.compile(r"^(?:text/|application/(?:xhtml\+xml|xml|json|x-ndjson|jsonl?)\b)", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


@dataclass(slots=True)
class Limits:
    """Resource limits for one ingest run (configurable from the API)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    #: refuse URLs (and redirects) to loopback, private and other non-public addresses
    #: (`presslens.ingest.netguard`); the web app sets it, the CLI fetches what its user typed
    public_only: bool = False
    max_chars: int = DEFAULT_MAX_CHARS


@dataclass(slots=True)
class RawInput:
    """Undecoded bytes and where they came from."""

    data: bytes
    name: str  # what error messages call it: a path, "-" or a URL
    kind: str  # "file", "stdin" or "url"
    path: str | None = None
    url: str | None = None
    charset: str | None = None  # declared by HTTP
    content_type: str | None = None


@dataclass(slots=True)
class JsonRecord:
    """One JSONL line, parsed."""

    record: dict[str, Any]
    path: str
    line: int


def size_text(size: int) -> str:
    """'52.4 MB' style sizes, in decimal megabytes like file managers show."""
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size} bytes"


def limit_text(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 100_000 else f"{limit} bytes"


def too_large(size: int, limit: int, what: str = "file") -> str:
    return f"{what} too large: {size_text(size)} > {limit_text(limit)} limit"


def shown(path: str | os.PathLike[str]) -> str:
    """A path as messages and JSON show it: a file name that is not UTF-8 gets ``\\xe9``-style escapes.

    Python keeps such a name's bytes as lone surrogates, which no UTF-8 output can encode.
    """
    name = os.fspath(path)
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = name.encode("utf-8", "surrogateescape")  # bytes of a file name, as the OS gave them
        except UnicodeEncodeError:
            raw = name.encode("utf-8", "surrogatepass")  # other lone surrogates (typed, or from JSON)
        return raw.decode("utf-8", "backslashreplace")
    return name


def is_url(spec: str) -> bool:
    return bool(_URL.match(spec))


def is_hidden(name: str) -> bool:
    return name.startswith(".")


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or type(exc).__name__).lower()


def iter_files(directory: Path) -> Iterator[Path | InputError]:
    """Regular files under ``directory``, recursively, sorted by name, hidden entries skipped.

    Symbolic links to files are followed; links to directories are not (no loops).
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(shown(directory), f"cannot read directory: {_os_reason(exc)}")
        return
    for entry in entries:
        if is_hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from iter_files(path)
                continue
            if entry.is_symlink() and entry.is_dir():
                yield InputError(shown(path), "link to a directory (not followed)")
                continue
        except OSError as exc:
            yield InputError(shown(path), _os_reason(exc))
            continue
        yield path


def read_file(path: Path, limits: Limits) -> RawInput | InputError:
    """The bytes of a regular file, refusing oversized ones from their size alone."""
    name = shown(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
        return InputError(name, reason)
    except OSError as exc:
        return InputError(name, _os_reason(exc))
    if stat.S_ISDIR(info.st_mode):
        return InputError(name, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        return InputError(name, "not a regular file")
    if info.st_size > limits.max_bytes:
        return InputError(name, too_large(info.st_size, limits.max_bytes))
    if info.st_size == 0:
        return InputError(name, "empty file")
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        return InputError(name, _os_reason(exc))
    if len(data) > limits.max_bytes:  # it grew since the stat
        return InputError(name, too_large(len(data), limits.max_bytes))
    return RawInput(data, name, "file", path=name)


def read_stdin(limits: Limits) -> RawInput | InputError:
    """Standard input, up to the size limit (text streams without a buffer are encoded as UTF-8)."""
    stream = sys.stdin
    if stream is None:
        return InputError("-", "no standard input")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data = buffer.read(limits.max_bytes + 1)
        else:
            data = stream.read(limits.max_bytes + 1).encode("utf-8")
    except (OSError, ValueError, UnicodeError) as exc:
        return InputError("-", f"cannot read standard input: {exc}")
    if len(data) > limits.max_bytes:
        return InputError("-", f"input too large: more than {limit_text(limits.max_bytes)} limit")
    if not data:
        return InputError("-", "empty input")
    return RawInput(data, "-", "stdin")


class _Refused(Exception):
    """A URL (or a redirect) that `Limits.public_only` forbids."""


def fetch_url(url: str, limits: Limits) -> RawInput | InputError:
    """GET ``url`` (http/https only) with a timeout and a size cap checked while streaming."""
    match = _URL.match(url)
    scheme = match.group("scheme").lower() if match else ""
    if scheme not in ("http", "https"):
        return InputError(url, f"unsupported URL scheme {scheme!r} (only http and https)")
    import httpx

    hooks: dict[str, list] = {}
    if limits.public_only:
        from presslens.ingest.netguard import non_public_reason

        def refuse_non_public(request: httpx.Request) -> None:  # runs before every request, redirects too
            reason = non_public_reason(str(request.url))
            if reason:
                raise _Refused(reason)

        hooks["request"] = [refuse_non_public]
    try:
        with (
            httpx.Client(
                timeout=limits.timeout,
                follow_redirects=True,
                max_redirects=5,
                headers={"User-Agent": USER_AGENT},
                event_hooks=hooks,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                return InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            content_type = response.headers.get("content-type", "")
            mime = content_type.split(";")[0].strip()
            if mime and not _TEXT_TYPES.match(mime):
                return InputError(url, f"not a text or HTML page ({mime})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                return InputError(url, too_large(int(declared), limits.max_bytes, "page"))
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > limits.max_bytes:
                    return InputError(url, f"page too large: more than {limit_text(limits.max_bytes)} limit")
                chunks.append(chunk)
            final_url = str(response.url)
    except _Refused as exc:
        return InputError(url, str(exc))
    except httpx.TimeoutException:
        return InputError(url, f"timed out after {limits.timeout:g} s")
    except httpx.TooManyRedirects:
        return InputError(url, "too many redirects")
    except httpx.InvalidURL as exc:  # "http://0177.0.0.1:1/", "http://[::1:1/": not an address
        return InputError(url, f"invalid URL: {exc}".splitlines()[0][:300])
    except (httpx.HTTPError, httpx.StreamError) as exc:
        return InputError(url, f"fetch failed: {type(exc).__name__}: {exc}".splitlines()[0][:300])
    except (ValueError, UnicodeError, OSError) as exc:  # odd hosts can fail below httpx (idna, sockets)
        return InputError(url, f"fetch failed: {type(exc).__name__}: {exc}".splitlines()[0][:300])
    data = b"".join(chunks)
    if not data:
        return InputError(url, "empty page")
    charset = _CHARSET.search(content_type)
    return RawInput(
        data,
        url,
        "url",
        url=final_url,
        charset=charset.group(1) if charset else None,
        content_type=mime or None,
    )


def iter_jsonl(path: Path, limits: Limits) -> Iterator[JsonRecord | InputError]:
    """Records of a JSONL file, streamed line by line (the size limit applies per line)."""
    name = shown(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            yield InputError(name, "not a regular file")
            return
        if info.st_size == 0:
            yield InputError(name, "empty file")
            return
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(name, _os_reason(exc))
        return
    with handle:
        yield from iter_jsonl_stream(handle, name, limits)


def iter_jsonl_stream(
    handle: Any, name: str, limits: Limits, first_line: int = 1
) -> Iterator[JsonRecord | InputError]:
    """Records of JSONL read from a binary ``handle``; each bad line is its own `InputError`.

    ``first_line`` is the line number of the handle's first line (a reader of one slice of a file
    names lines as the whole file does).
    """
    seen = 0
    for number, raw in enumerate(_lines(handle, limits.max_bytes), start=first_line):
        where = f"{name}:{number}"
        if raw is None:
            yield InputError(where, f"line too large: more than {limit_text(limits.max_bytes)} limit")
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            wide = _wide_bom(raw)
            if wide:  # every line would fail on its own, and the halves of each line break again
                yield InputError(name, f"{wide} text (byte-order mark): JSONL must be UTF-8")
                return
        if not raw.strip():
            continue
        seen += 1
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield InputError(where, f"invalid UTF-8 at byte {exc.start} (JSONL must be UTF-8)")
            continue
        except json.JSONDecodeError as exc:
            yield InputError(where, f"line is not JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValueError as exc:  # an integer of more than 4,300 digits
            yield InputError(where, f"line is not usable JSON ({exc})".splitlines()[0][:200])
            continue
        except RecursionError:
            yield InputError(where, "line is JSON nested too deeply")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"line is a JSON {type(record).__name__}, not an object")
            continue
        yield JsonRecord(record, name, number)
    if not seen and first_line == 1:
        yield InputError(name, "no JSON lines (whitespace only)")


#: Byte-order marks of encodings JSONL is never written in, longest first (UTF-32 LE starts like UTF-16 LE).
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_bom(first_line: bytes) -> str | None:
    """The name ("UTF-16", "UTF-32") when the first line starts with that encoding's byte-order mark."""
    return next((name for bom, name in _WIDE_BOMS if first_line.startswith(bom)), None)


def _lines(handle: Any, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line over ``max_bytes`` (skipped, never read whole)."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
            yield None
            continue
        yield line
