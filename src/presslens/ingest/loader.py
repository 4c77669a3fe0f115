"""Tying ingest together: spec -> bytes -> text -> (HTML extraction) -> cleaned `Article`.

`load_inputs` never raises for a single bad input: each one becomes an `InputError` with a one-line
reason, yielded in input order between the good articles, so a batch of a thousand files with one
broken PDF in it is analysed in full and the PDF reported.

Metadata precedence: values the input declares (JSONL fields, then HTML metadata) win over values
read from the text, and keep their origin ("jsonl", "html"); they get a span only when the value
appears verbatim near the top of the cleaned text.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from presslens.errors import InputError
from presslens.ingest.clean import clean_text, is_blank
from presslens.ingest.decode import DecodeError, declared_charset, decode_bytes
from presslens.ingest.html import (
    DEFAULT_EXTRACTION,
    HTML_SUFFIXES,
    ExtractError,
    HtmlExtract,
    extract_html,
    has_markup,
    looks_like_html,
)
from presslens.ingest.meta import FIELDS, locate, text_metadata
from presslens.ingest.read import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_TIMEOUT,
    JSONL_SUFFIXES,
    JsonRecord,
    Limits,
    RawInput,
    fetch_url,
    is_url,
    iter_files,
    iter_jsonl,
    iter_jsonl_stream,
    read_file,
    read_stdin,
    shown,
    too_large,
)
from presslens.model import Annotation, Article, MetaValue, OffsetMap, SourceInfo
from presslens.values.dates import exact_date

COMPONENT = "ingest.v1"
#: JSONL keys read as metadata, by article field.
JSONL_META = {"title": "title", "outlet": "outlet", "published": "published", "author": "author"}


def article_from_text(
    text: str,
    source: SourceInfo | None = None,
    meta: Mapping[str, str | MetaValue | None] | None = None,
    *,
    meta_origin: str = "input",
    warnings: Iterable[str] = (),
    clean: bool = True,
) -> Article:
    """An `Article` from raw ``text``: furniture removed (with offset map), metadata filled in.

    ``meta`` holds values the caller knows (from HTML, JSONL, a form); they win over what the text
    states and are marked with ``meta_origin``. Values the text states carry their span.
    """
    text, replaced = scrub_surrogates(text)
    warnings = list(warnings)
    if replaced:
        warnings.append(f"{replaced} lone surrogate code point(s) replaced with U+FFFD (not valid Unicode)")
    if meta:
        meta = {k: scrub_surrogates(v)[0] if isinstance(v, str) else v for k, v in meta.items()}
    if clean:
        cleaned = clean_text(text)
        body, offsets, furniture = cleaned.text, cleaned.offsets, cleaned.furniture
    else:
        body, offsets, furniture = text, OffsetMap.identity(len(text)), []
    article = Article(text=body, source=source or SourceInfo(), offsets=offsets)
    article.warnings.extend(warnings)
    for item in furniture:
        article.add(
            "furniture",
            Annotation(
                item.clean_offset,
                item.clean_offset,
                item.kind,
                COMPONENT,
                attrs={
                    "original_start": item.original_start,
                    "original_end": item.original_end,
                    "removed": item.text,
                },
            ),
        )
    from_text = text_metadata(body)
    for name in FIELDS:
        given = (meta or {}).get(name)
        if isinstance(given, MetaValue) and given.value:
            setattr(article, name, given)
        elif isinstance(given, str) and given.strip():
            setattr(article, name, _declared(body, name, given, meta_origin))
            _warn_unreadable_date(article, name, given)
        else:
            setattr(article, name, from_text[name])
    return article


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> tuple[str, int]:
    """``text`` with lone surrogates (JSON's "\\ud800", not valid Unicode) replaced by U+FFFD, and how many.

    One code point for one, so offsets do not move; spaCy, SQLite and every UTF-8 writer reject them.
    """
    if text.isascii():
        return text, 0
    found = _SURROGATE.findall(text)
    return (_SURROGATE.sub("\ufffd", text), len(found)) if found else (text, 0)


def _warn_unreadable_date(article: Article, name: str, given: str) -> None:
    if name == "published" and not exact_date(given):
        article.warnings.append(
            f"declared publication date {given.strip()[:40]!r} is not a readable date;"
            " kept as written, figures are not dated from it"
        )


def _declared(text: str, name: str, value: str, origin: str) -> MetaValue:
    """A value the input declares, with its span when the text shows it; dates normalised to ISO."""
    found = locate(text, value, origin)
    if name == "published":
        found.value = exact_date(value) or value.strip()
    return found


def load_inputs(
    specs: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    timeout: float = DEFAULT_TIMEOUT,
    public_only: bool = False,
) -> Iterator[Article | InputError]:
    """Articles (or one-line `InputError`s) for files, directories, ``-`` (stdin), URLs and JSONL.

    Directories are read recursively in sorted order, skipping hidden entries. Files over
    ``max_bytes`` are refused from their size, articles over ``max_chars`` characters (after
    cleaning) from their length; URLs are fetched with ``timeout`` seconds, and with
    ``public_only`` only when their host (and every redirect's) is a public address.
    """
    limits = Limits(max_bytes=max_bytes, timeout=timeout, public_only=public_only, max_chars=max_chars)
    if isinstance(specs, str | Path):  # one spec, not the characters of a path
        specs = [specs]
    for spec in specs:
        name = shown(spec)
        if name == "-":
            yield from _guard(name, _from_raw_or_error(partial(read_stdin, limits), limits))
        elif is_url(name):
            yield from _guard(name, _from_raw_or_error(partial(fetch_url, name, limits), limits))
        else:
            path = Path(spec)
            if path.is_dir():
                found = False
                for item in iter_files(path):
                    found = True
                    if isinstance(item, InputError):
                        yield item
                    else:
                        yield from _guard(shown(item), _load_path(item, limits))
                if not found:
                    yield InputError(name, "no files in this folder (hidden files and folders are skipped)")
            else:
                yield from _guard(name, _load_path(path, limits))


def articles_from_bytes(
    data: bytes,
    name: str,
    *,
    url: str | None = None,
    path: str | None = None,
    charset: str | None = None,
    content_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | InputError]:
    """Articles from bytes read elsewhere (a web-archive record, a database cell), decoded, extracted
    and cleaned exactly as a fetched page (with ``url``) or a file (with ``path``) would be."""
    if len(data) > max_bytes:
        yield InputError(name, too_large(len(data), max_bytes, "record"))
        return
    raw = RawInput(
        data,
        name,
        "url" if url and not path else "file",
        path=path,
        url=url,
        charset=charset,
        content_type=content_type,
    )
    yield from _guard(name, _from_raw(raw, Limits(max_bytes=max_bytes)))


def apply_overrides(article: Article, overrides: Mapping[str, str | None]) -> Article:
    """Set the metadata a user typed (title, outlet, published, author) over what the input states."""
    for name in FIELDS:
        value = overrides.get(name)
        if value and value.strip():
            setattr(article, name, _declared(article.text, name, value, "input"))
    return article


def article_from_record(record: dict[str, Any], path: str, line: int) -> Article | InputError:
    """One record (``text`` or ``html``, optional ``url``, ``title``, ``outlet``, ``published``,
    ``author``) read as a JSONL line is: the same fields, precedence and errors (``path:line``)."""

    def read() -> Iterator[Article | InputError]:
        yield _checked(f"{path}:{line}", _from_record(JsonRecord(record, path, line), "jsonl"), Limits())

    return next(_guard(f"{path}:{line}", read()))


def count_inputs(specs: Iterable[str | Path]) -> int:
    """How many items `load_inputs` will yield, near enough for a progress bar: files, JSONL lines, URLs.

    Folders are walked as `load_inputs` walks them; a JSONL file counts its non-blank lines.
    """
    total = 0
    for spec in [specs] if isinstance(specs, str | Path) else specs:
        path = Path(spec)
        files = list(iter_files(path)) if not is_url(str(spec)) and path.is_dir() else [path]
        for item in files or [path]:
            if isinstance(item, Path) and item.suffix.lower() in JSONL_SUFFIXES and item.is_file():
                total += max(1, _jsonl_lines(item))
            else:
                total += 1
    return total


def _jsonl_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 1


def _guard(name: str, items: Iterator[Article | InputError]) -> Iterator[Article | InputError]:
    """Last line of defence: an unexpected failure on one input becomes its error, not a traceback."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - reported to the user as one line, batch goes on
        yield InputError(name, unexpected(exc))


def unexpected(exc: BaseException) -> str:
    """The one-line reason for a failure nobody planned for (a bug: the fuzz benchmark counts these)."""
    return f"unexpected {type(exc).__name__}: {exc}".splitlines()[0][:300]


def _load_path(path: Path, limits: Limits) -> Iterator[Article | InputError]:
    if path.suffix.lower() in JSONL_SUFFIXES and not path.is_dir():
        yield from _records(iter_jsonl(path, limits), "jsonl", limits)
        return
    yield from _from_raw_or_error(lambda: read_file(path, limits), limits)


def _records(
    records: Iterator[JsonRecord | InputError], channel: str, limits: Limits
) -> Iterator[Article | InputError]:
    """Articles of JSONL records; an unexpected failure on one line costs that line only."""
    for record in records:
        if isinstance(record, InputError):
            yield record
            continue
        where = f"{record.path}:{record.line}"
        try:
            yield _checked(where, _from_record(record, channel), limits)
        except Exception as exc:  # noqa: BLE001 - reported, the next line goes on
            yield InputError(where, unexpected(exc))


def _from_raw_or_error(
    read: Callable[[], RawInput | InputError], limits: Limits
) -> Iterator[Article | InputError]:
    """Reads (inside the caller's guard: a fetch that raises is that input's error) and converts."""
    raw = read()
    if isinstance(raw, InputError):
        yield raw
        return
    yield from _from_raw(raw, limits)


def _from_raw(raw: RawInput, limits: Limits) -> Iterator[Article | InputError]:
    suffix = Path(raw.path).suffix.lower() if raw.path else ""
    declared = raw.charset or declared_charset(raw.data)
    try:
        decoded = decode_bytes(raw.data, declared)
    except DecodeError as exc:
        yield InputError(
            raw.name, "empty input" if raw.kind == "stdin" and str(exc) == "empty file" else str(exc)
        )
        return
    text = decoded.text
    if is_blank(text):
        yield InputError(
            raw.name, "whitespace-only file (no text)" if raw.kind == "file" else "no text (whitespace only)"
        )
        return
    source = SourceInfo(path=raw.path, url=raw.url, format="text", encoding=decoded.encoding)
    if raw.kind == "stdin":
        source.format = "stdin"
        if _looks_like_jsonl(text):
            data = text.encode("utf-8", "surrogatepass")
            yield from _records(iter_jsonl_stream(io.BytesIO(data), "-", limits), "stdin", limits)
            return
    elif raw.kind == "url":
        source.format = "url"
    named_html = suffix in HTML_SUFFIXES or (raw.content_type or "").endswith("html")
    if named_html and not has_markup(text):
        decoded.warnings.append("named HTML but holds no markup: read as plain text")
    elif named_html or looks_like_html(text):
        if raw.kind == "file":
            source.format = "html"
        yield _checked(raw.name, _html_article(raw.name, text, raw.url, source, decoded.warnings), limits)
        return
    yield _checked(raw.name, article_from_text(text, source, warnings=decoded.warnings), limits)


def article_from_html(
    html: bytes | str,
    url: str | None = None,
    source: SourceInfo | None = None,
    *,
    setting: str = DEFAULT_EXTRACTION,
) -> Article | InputError:
    """An `Article` from one web page (bytes are decoded as `presslens analyze page.html` does).

    The headline comes first, as its own paragraph, then the body trafilatura found; ``setting`` names
    one of `EXTRACTION_SETTINGS` (`presslens eval aeb` compares them).
    """
    name = url or (source.path if source else None) or "html"
    source = source or SourceInfo(url=url, format="html")
    warnings: list[str] = []
    if isinstance(html, bytes):
        try:
            decoded = decode_bytes(html, declared_charset(html))
        except DecodeError as exc:
            return InputError(name, str(exc))
        html, warnings = decoded.text, decoded.warnings
        source.encoding = decoded.encoding
    return _html_article(name, html, url, source, warnings, setting)


def _html_article(
    name: str,
    html: str,
    url: str | None,
    source: SourceInfo,
    warnings: Iterable[str],
    setting: str = DEFAULT_EXTRACTION,
    overrides: Mapping[str, str] | None = None,
) -> Article | InputError:
    try:
        extract = extract_html(html, url=url, setting=setting)
    except ExtractError as exc:
        return InputError(name, str(exc))
    return _article_from_html(extract, source, overrides or {}, warnings)


def _article_from_html(
    extract: HtmlExtract, source: SourceInfo, overrides: Mapping[str, str], warnings: Iterable[str]
) -> Article:
    """Article from trafilatura's extract: the headline, a blank line, then the body.

    The headline is its own paragraph (the sentence splitter ends a sentence at a blank line), whether
    the page's body repeated it on its first line or not; a first line that repeats it is dropped.
    """
    text = extract.text
    if extract.title:
        text = f"{extract.title}\n\n{_without_headline(text, extract.title)}"
    html_meta = {
        "title": extract.title,
        "author": extract.author,
        "published": extract.date,
        "outlet": extract.sitename,
    }
    meta: dict[str, str | MetaValue | None] = {}
    for name in FIELDS:
        if overrides.get(name):
            meta[name] = overrides[name]
    article = article_from_text(text, source, meta, meta_origin="jsonl", warnings=warnings)
    for name in FIELDS:
        value = html_meta[name]
        if not overrides.get(name) and value:
            setattr(article, name, _declared(article.text, name, value, "html"))
            _warn_unreadable_date(article, name, value)
    return article


_PUNCTUATION = re.compile(r"[\W_]+")


def _without_headline(text: str, title: str) -> str:
    """``text`` without its first line when that line is the headline again (as pages often print it)."""
    first, _, rest = text.partition("\n")
    key, line = _words(title), _words(first)
    if line and len(line) <= 1.5 * len(key) + 20 and (line == key or line in key or key in line):
        return rest.lstrip("\n")
    return text


def _words(value: str) -> str:
    return _PUNCTUATION.sub(" ", value).strip().casefold()


def _from_record(item: JsonRecord, channel: str) -> Article | InputError:
    """One JSONL record: `text` or `html`; optional `url`, `title`, `outlet`, `published`, `author`.

    JSONL values win over HTML metadata, which wins over what the text states.
    """
    record = item.record
    where = f"{item.path}:{item.line}"
    url = scrub_surrogates(record["url"])[0] if isinstance(record.get("url"), str) else None
    source = SourceInfo(
        path=None if item.path == "-" else item.path,
        url=url,
        format="jsonl",
        encoding="utf-8",
        line=item.line,
    )
    if channel == "stdin":
        source.format = "stdin"
    overrides = {name: _meta_string(record.get(key)) for name, key in JSONL_META.items()}
    overrides = {k: v for k, v in overrides.items() if v}
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return article_from_text(text, source, overrides, meta_origin="jsonl")
    if isinstance(html, str) and html.strip():
        return _html_article(where, scrub_surrogates(html)[0], url, source, (), overrides=overrides)
    if text is not None or html is not None:
        return InputError(where, "'text'/'html' field is empty or not a string")
    return InputError(where, "no 'text' or 'html' field")


def _meta_string(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _checked(name: str, article: Article | InputError, limits: Limits) -> Article | InputError:
    if isinstance(article, InputError):
        return article
    if not article.text.strip():
        return InputError(name, "no article text (only page furniture)")
    reason = too_long(article.text, limits.max_chars)
    return InputError(name, reason) if reason else article


_TOKENS = re.compile(r"\w+|[^\w\s]")


def too_long(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str | None:
    """Why ``text`` is refused for its length, or None (docs/ingest.md: the longest news is far below).

    Analysis time follows the number of words and marks more than characters: prose has about one per
    five characters, so a text is also refused above ``max_chars * 0.3`` of them ('<!--' written 20,000
    times is 80,000 characters and 80,000 marks).
    """
    if len(text) > max_chars:
        return f"text too long: {len(text):,} characters > {max_chars:,} limit (split it into articles)"
    max_tokens = max_chars * 3 // 10
    if len(text) > max_tokens:
        tokens = sum(1 for _ in _TOKENS.finditer(text))
        if tokens > max_tokens:
            return f"text too long: {tokens:,} words and marks > {max_tokens:,} limit (split it)"
    return None


def _looks_like_jsonl(text: str) -> bool:
    """Stdin holding JSONL: the first line is a JSON object with a 'text' or 'html' key."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and ("text" in record or "html" in record)
