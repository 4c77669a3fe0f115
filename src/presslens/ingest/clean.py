"""Stripping page furniture from scraped article text, keeping a map back to the input.

Scrapers save more than the article: comment forms ("Your Comment", "You are replying to: .",
"• captcha"), site ids ("News ID 213066"), links ("Exit mobile version"), share and print widgets,
the headline a second time, and runs of blank lines. Left in, they become "sentences" that the
analysers count, quote and classify. Cleaning only ever REMOVES characters, and only whole furniture
lines or whitespace, never a word of the article body, so the cleaned text is a concatenation of
verbatim slices of the input and an `OffsetMap` maps every cleaned offset back exactly. Each removed
piece of furniture is kept (kind, original span, removed text) for the ``furniture`` layer.

Lines that are metadata rather than furniture ("First published by Tehran Times", bylines, date
lines) are kept: they are part of what the article says about itself, and `meta` points into them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presslens.model import OffsetMap, merge_overlapping

#: Whole-line furniture patterns, matched against the line without surrounding whitespace.
_SHARE_TOKEN = (
    r"(?:share(?:\s+this(?:\s+(?:article|story|page|post))?|\s+on\s+(?:facebook|twitter|x|whatsapp|telegram"
    r"|linkedin|reddit))?|print(?:\s+this(?:\s+(?:article|story|page))?)?|tweet(?:\s+this)?"
    r"|e-?mail(?:\s+this(?:\s+(?:article|story|page))?)?|whatsapp|facebook|twitter|telegram|linkedin|reddit"
    r"|pinterest|google\+|copy(?:\s+the)?\s+link)"
)
FURNITURE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "comment_widget",
        re.compile(
            r"(?:your\s+comments?|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|add\s+(?:a\s+|your\s+)?comment"
            r"|you\s+are\s+replying\s+to\s*:?\s*\.?|[•·*▪-]?\s*captcha|cancel\s+reply)",
            re.I,
        ),
    ),
    ("news_id", re.compile(r"news\s*(?:id|code)\s*:?\s*#?\d{2,}", re.I)),
    (
        "mobile_link",
        re.compile(
            r"(?:exit\s+mobile\s+version|view\s+(?:desktop|mobile)\s+version|switch\s+to\s+(?:desktop|mobile)"
            r"(?:\s+(?:version|site))?)",
            re.I,
        ),
    ),
    ("share_widget", re.compile(rf"(?:{_SHARE_TOKEN}\s*:?\s*[|•·,/]?\s*)+", re.I)),
)

#: How many non-blank lines from the top form the "header" where a headline may be repeated.
HEADER_LINES = 6
_MIN_HEADLINE = 10
_MAX_HEADLINE = 250  # a longer repeated line, or one ending in a full stop, is body text: never removed
_BLANK_EXTRA = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters scrapers leave on empty lines


@dataclass(slots=True)
class Removed:
    """One piece of furniture taken out: its kind, where it was in the input and in the cleaned text."""

    kind: str
    original_start: int
    original_end: int
    text: str
    clean_offset: int = 0


@dataclass(slots=True)
class Cleaned:
    text: str
    offsets: OffsetMap
    furniture: list[Removed] = field(default_factory=list)


def is_blank(line: str) -> bool:
    """Whitespace-only, counting non-breaking and zero-width spaces as whitespace."""
    return not line.strip().strip(_BLANK_EXTRA).strip()


def furniture_kind(line: str) -> str | None:
    """The furniture kind of a whole line, or None for article text."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return None
    for kind, pattern in FURNITURE_PATTERNS:
        if pattern.fullmatch(stripped):
            return kind
    return None


def _split_lines(text: str) -> list[tuple[int, int, int]]:
    """(start, content_end, end) per line: content excludes the line break, end includes it."""
    lines = []
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        content = line.rstrip("\r\n")
        lines.append((pos, pos + len(content), end))
        pos = end
    return lines


def clean_text(original: str) -> Cleaned:
    """Remove furniture lines, repeated headlines, CRs of CRLF, and surplus blank lines."""
    lines = _split_lines(original)
    removals: list[tuple[int, int]] = []
    furniture: list[Removed] = []
    kept: list[int] = []  # indexes of lines still in play
    seen_header: set[str] = set()
    header_seen = 0
    for index, (start, content_end, end) in enumerate(lines):
        content = original[start:content_end]
        if is_blank(content):
            kept.append(index)
            continue
        kind = furniture_kind(content)
        key = content.strip()
        if kind is None and header_seen < HEADER_LINES:
            header_seen += 1
            if key in seen_header and _MIN_HEADLINE <= len(key) <= _MAX_HEADLINE and not key.endswith("."):
                kind = "repeated_headline"
            seen_header.add(key)
        if kind is not None:
            lead = len(content) - len(content.lstrip())
            furniture.append(Removed(kind, start + lead, start + lead + len(key), key))
            removals.append((start, end))
            continue
        kept.append(index)

    # blank lines: drop them at both ends, collapse runs to one bare line break
    nonblank = [i for i in kept if not is_blank(original[lines[i][0] : lines[i][1]])]
    if not nonblank:
        removals.append((0, len(original)))
        return _build(original, removals, furniture)
    first, last = nonblank[0], nonblank[-1]
    previous_blank = False
    for i in kept:
        start, content_end, end = lines[i]
        if i < first or i > last:
            removals.append((start, end))
            continue
        blank = is_blank(original[start:content_end])
        if blank and previous_blank:
            removals.append((start, end))
        elif blank:
            removals.append((start, content_end))  # keep only the line break
            if original[content_end:end] == "\r\n":
                removals.append((content_end, content_end + 1))
        elif original[content_end:end] == "\r\n":
            removals.append((content_end, content_end + 1))
        previous_blank = blank

    # the ends: leading whitespace of the first line, trailing whitespace and break of the last
    first_start, first_end, _ = lines[first]
    lead = len(original[first_start:first_end]) - len(original[first_start:first_end].lstrip())
    if lead:
        removals.append((first_start, first_start + lead))
    last_start, last_content_end, last_end = lines[last]
    tail = original[last_start:last_content_end]
    trimmed = len(tail.rstrip())
    removals.append((last_start + trimmed, last_end))
    return _build(original, removals, furniture)


def _build(original: str, removals: list[tuple[int, int]], furniture: list[Removed]) -> Cleaned:
    """Assemble the cleaned text and offset segments from the removed ranges."""
    merged = merge_overlapping(r for r in removals if r[1] > r[0])
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    clean_pos = 0
    orig_pos = 0
    for start, end in [*merged, (len(original), len(original))]:
        if start > orig_pos:
            pieces.append(original[orig_pos:start])
            segments.append((clean_pos, orig_pos, start - orig_pos))
            clean_pos += start - orig_pos
        orig_pos = max(orig_pos, end)
    text = "".join(pieces)
    for item in furniture:
        item.clean_offset = _clean_offset(segments, item.original_start, len(text))
    return Cleaned(text, OffsetMap(segments), furniture)


def _clean_offset(segments: list[tuple[int, int, int]], original_offset: int, length: int) -> int:
    """Where a removed original offset lands in the cleaned text (the start of what follows it)."""
    for clean_start, orig_start, size in segments:
        if original_offset < orig_start:
            return clean_start
        if original_offset < orig_start + size:
            return clean_start + original_offset - orig_start
    return length
