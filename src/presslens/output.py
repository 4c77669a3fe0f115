"""Serialising articles: JSON (one array) or JSONL (one object a line), to a stream or atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

from presslens.layers import Claim, Genre, Technique, Voices
from presslens.model import Article, SourceInfo
from presslens.values.dates import iso_date
from presslens.values.display import as_of_label

FORMATS = ("json", "jsonl")

#: ``json.dumps`` indentation per format: the JSON array is indented, a JSONL record is one line.
INDENT = {"json": 2, "jsonl": None}


@dataclass(frozen=True, slots=True)
class Serialised:
    """An analysed article already written as ``fmt`` text (`dumps`), by the process that analysed it.

    Why: with ``--jobs N`` every article used to be pickled by its worker, unpickled by the main
    process and only then turned into JSON there, on the same cores as the workers. A worker that
    sends the finished text instead makes the same `dumps` call (so the same bytes) and the main
    process only writes it. ``name`` and ``warnings`` are what the command prints beside it.
    """

    name: str
    warnings: tuple[str, ...]
    fmt: str
    text: str


def serialise(article: Article, fmt: str) -> Serialised:
    """``article`` as the `Serialised` text that `write` would write for it in ``fmt``."""
    from presslens.api import article_name

    return Serialised(article_name(article), tuple(article.warnings), fmt, dumps(article, indent=INDENT[fmt]))


def serialiser(fmt: str) -> partial[Serialised]:
    """`serialise` for ``fmt``, picklable: the ``finish`` of `presslens.api.analyze_many`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return partial(serialise, fmt=fmt)


def dumps(article: Article | dict[str, Any], indent: int | None = None) -> str:
    """One article as JSON text that any UTF-8 writer can encode.

    Strings are written as UTF-8 characters, except U+0085, U+2028 and U+2029 (escaped: some readers
    take them for line breaks); should one hold a lone surrogate (not valid Unicode, say from a file
    name that is not UTF-8), that article is written with ``\\u`` escapes instead.
    """
    data = article.to_dict() if isinstance(article, Article) else article
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=indent)
    return _escape_line_breaks(text)


#: Characters JSON leaves raw that many readers take as line breaks (Python's ``splitlines``, older
#: JavaScript): escaped, so that a JSONL record is always exactly one line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _escape_line_breaks(text: str) -> str:
    """``text`` with `_LINE_BREAKS` escaped.

    Why not ``str.translate``: it looks every character of the ~100,000 of an article's JSON up in
    a dict, 3.5 ms an article (a -j 2 run spent 1.6 % of its CPU there), while ``in`` and ``replace``
    scan in C; most articles hold none of the three characters and are returned as they are.
    """
    for char, escaped in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


def write(articles: Iterable[Article | Serialised], stream: IO[str], fmt: str = "json") -> int:
    """Write articles as ``fmt`` to ``stream`` as they come; returns how many were written.

    A `Serialised` article is written as it came (it must be in ``fmt``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    count = 0
    if fmt == "jsonl":
        for article in articles:
            stream.write(_text(article, fmt) + "\n")
            count += 1
        return count
    for article in articles:  # "[" only once the first article is ready: an error leaves stdout empty
        stream.write(("," if count else "[") + "\n" + _text(article, fmt))
        count += 1
    stream.write("\n]\n" if count else "[]\n")
    return count


def _text(article: Article | Serialised, fmt: str) -> str:
    if isinstance(article, Serialised):
        if article.fmt != fmt:
            raise ValueError(f"article serialised as {article.fmt}, written as {fmt}")
        return article.text
    return dumps(article, indent=INDENT[fmt])


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text stream whose content replaces ``path`` only when the block ends without an error.

    It writes to a temporary file beside ``path`` and renames it over ``path`` at the end (a rename
    is atomic on one file system), so a crash, a kill or a full disk never leaves a cut-off file:
    ``path`` holds the old content or the whole new one.
    """
    target = Path(path)
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(articles: Iterable[Article], path: str | os.PathLike[str], fmt: str = "json") -> int:
    """`write` to ``path`` atomically (see `atomic_file`); returns how many articles were written."""
    with atomic_file(path) as stream:
        return write(articles, stream, fmt)


# -- the human summary (`presslens analyze --format text`) ------------------------------------------

#: How many figures, speakers and techniques the summary lists per article (the JSON has them all).
SUMMARY_FIGURES = 12
SUMMARY_SPEAKERS = 8
SUMMARY_TECHNIQUES = 5


def summary(article: Article | dict[str, Any]) -> Any:
    """A terminal summary of one article: title, outlet, date, genre, figures, voices, techniques.

    A `presslens/1` dict is read back into typed records first (`Article.from_dict`, which leaves out
    what does not fit), so the summary reads the same records as the report. Built as Rich objects;
    article text is always plain `Text`, never markup, so "[bold]" in an article prints as written.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    if isinstance(article, Article):
        warned = len(article.warnings)
    else:  # only the warnings the analysis printed, not those of reading the dict back
        warned = len(article.get("warnings") or [])
        article = Article.from_dict(article)
    head = Text(article.title.value or "(no title)", style="bold")
    facts = [
        ("outlet", article.outlet.value),
        ("published", article.published.value),
        ("author", article.author.value),
        ("genre", _genre(article.results.get("genre"))),
        ("source", _source(article.source)),
    ]
    lines: list[Any] = [head, Text("  ".join(f"{k}: {v}" for k, v in facts if v), style="dim")]
    claims: list[Claim] = list(article.layers.get("claims", []))
    if claims:
        table = Table(title=f"Figures ({len(claims)})", title_justify="left", show_edge=False, pad_edge=False)
        for column in ("figure", "what", "event", "when", "who says"):
            table.add_column(column, overflow="fold")
        for claim in claims[:SUMMARY_FIGURES]:
            cells = _claim_cells(claim, article.text, iso_date(article.published.value))
            table.add_row(*(Text(cell) for cell in cells))
        lines.append(table)
        if len(claims) > SUMMARY_FIGURES:
            lines.append(Text(f"  … {len(claims) - SUMMARY_FIGURES} more figures in the JSON", style="dim"))
    else:
        lines.append(Text("Figures: none found", style="dim"))
    lines.append(_voices_line(article.results.get("voices")))
    lines.append(_techniques_line(article.layers.get("techniques", [])))
    if warned:
        lines.append(Text(f"{warned} warning(s), printed on stderr", style="yellow"))
    return Group(*lines, Text(""))


def _genre(genre: Genre | None) -> str | None:
    if genre is None or not genre.label:
        return None
    score = genre.scores.get(genre.label)
    shown = genre.label if score is None else f"{genre.label} ({score:.2f})"
    return f"{shown}, uncertain" if genre.uncertain else shown


def _source(source: SourceInfo) -> str | None:
    where = source.url or source.path
    return f"{where}:{source.line}" if where and source.line else where


def _claim_cells(claim: Claim, text: str, published: str | None) -> tuple[str, str, str, str, str]:
    event = claim.event
    label = event.label if event is not None else ""
    if label and event is not None and event.negated:
        label = f"not {label}"
    when = as_of_label(claim.as_of, published)  # as every view prints it: "not stated" when missing
    who = claim.attribution.label() if claim.attribution is not None else None  # "He (Tomas Ekwall)"
    cells = (
        text[claim.start : claim.end],
        claim.count_of.text if claim.count_of is not None else "",
        label,
        when,
        who or "",
    )
    return tuple(" ".join(cell.split()) for cell in cells)  # type: ignore[return-value]


def _voices_line(voices: Voices | None) -> Any:
    from rich.text import Text

    named = [s for s in (voices.speakers if voices is not None else ()) if s.name]
    if not named:
        return Text("Quoted: nobody", style="dim")
    named.sort(key=lambda s: -(s.direct + s.indirect + s.cited))
    parts = []
    for s in named[:SUMMARY_SPEAKERS]:
        tally = (("direct", s.direct), ("indirect", s.indirect), ("cited", s.cited))
        counts = [f"{n} {k}" for k, n in tally if n]
        parts.append(f"{s.name} ({', '.join(counts)})" if counts else s.name)
    more = f", … {len(named) - SUMMARY_SPEAKERS} more" if len(named) > SUMMARY_SPEAKERS else ""
    return Text.assemble(("Quoted: ", "bold"), "; ".join(parts) + more)


def _techniques_line(techniques: Iterable[Technique]) -> Any:
    """The most frequent techniques the report highlights (``shown``; the rest are in the JSON)."""
    from collections import Counter

    from rich.text import Text

    labels = Counter(t.label for t in techniques if t.shown)
    if not labels:
        return Text("Techniques: none marked", style="dim")
    top = ", ".join(f"{label.replace('_', ' ')} ×{n}" for label, n in labels.most_common(SUMMARY_TECHNIQUES))
    return Text.assemble(("Techniques: ", "bold"), top)


def write_text(articles: Iterable[Article], console: Any) -> int:
    """Print each article's `summary` to a Rich ``console`` as it comes; returns how many."""
    count = 0
    for article in articles:
        console.print(summary(article))
        count += 1
    return count
