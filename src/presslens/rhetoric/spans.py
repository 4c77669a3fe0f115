"""Technique spans a person can read, and the lines that are not the article's own voice.

Why: the span head marks wordpieces, and a run of marked pieces can start or end inside a word, be a
lone "the" or "of", or come in three pieces a word apart. A highlight is read by a person, so it is
cut to whole words, loses the function words and punctuation at its edges, keeps only runs with a
content word, and pieces of one technique separated by nothing but a few function words become one.
Editorial notes ("Editor's note: this article is fictional") speak about the article, not in it: no
technique is looked for there. Their openings are data (`resources/editorial_notes.json`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

#: a word, hyphenated compounds ("so-called", "decades-long") and apostrophes ("don't") included
_WORD = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*", re.UNICODE)
#: characters that join two word parts into one word
_JOINERS = "'’-‐"
#: a gap holding any of these separates two phrases: pieces on either side stay apart
_BREAK = re.compile(r"[\n.,;:!?()\[\]]")
#: words between two pieces of one technique that still let them merge into one highlight
MERGE_GAP_WORDS = 2
RESOURCES = Path(__file__).resolve().parents[1] / "resources"


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """English function words (`resources/function_words.json`, spaCy's stop-word list)."""
    data = json.loads((RESOURCES / "function_words.json").read_text(encoding="utf-8"))
    return frozenset(data["words"])


def is_content_word(word: str) -> bool:
    """A word that can carry a technique on its own: not a function word, not a lone letter or number."""
    low = word.lower().replace("’", "'")
    stop = function_words()
    return len(low) > 1 and not low.isdigit() and low not in stop and low.split("'")[0] not in stop


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span cut inside a word (a run starting or ending on a ``##`` piece, or on one part of
    a hyphenated compound: "called" of "so-called") to whole words."""

    def joined(left: int, right: int) -> bool:
        """Whether the characters at ``left`` and ``right`` belong to one word (or one compound)."""
        if text[left].isalnum() and text[right].isalnum():
            return True
        return (
            text[left] in _JOINERS and left > 0 and text[left - 1].isalnum() and text[right].isalnum()
        ) or (
            text[right] in _JOINERS
            and right + 1 < len(text)
            and text[right + 1].isalnum()
            and text[left].isalnum()
        )

    while start > 0 and start < len(text) and joined(start - 1, start):
        start -= 1
    while end < len(text) and end > 0 and joined(end - 1, end):
        end += 1
    return start, end


def readable(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Turn raw ``(start, end)`` pieces of one technique in one paragraph into readable spans.

    Whole words; pieces whose gap holds at most `MERGE_GAP_WORDS` words, all of them function words,
    are merged; edge function words and punctuation are trimmed; a span left without a content word
    is dropped. The result is sorted and never overlaps.
    """
    spans = sorted(whole_words(text, s, e) for s, e in pieces if e > s)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged:
            gap = text[merged[-1][1] : start] if start > merged[-1][1] else ""
            words = _WORD.findall(gap)
            if start <= merged[-1][1] or (
                not _BREAK.search(gap)
                and len(words) <= MERGE_GAP_WORDS
                and not any(map(is_content_word, words))
            ):
                merged[-1][1] = max(merged[-1][1], end)
                continue
        merged.append([start, end])
    out = []
    for start, end in merged:
        words = [m for m in _WORD.finditer(text, start, end)]
        while words and not is_content_word(words[0].group(0)):
            words.pop(0)
        while words and not is_content_word(words[-1].group(0)):
            words.pop()
        if words:
            out.append(_balanced_quotes(text, words[0].start(), words[-1].end()))
    return out


_QUOTE_MARKS = '"“”«»'


def _balanced_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """A span holding an opening quotation mark but not its closing one takes in the closing mark
    when it follows within two characters (`called "saboteurs"`), else starts after the mark."""
    inside = sum(text[start:end].count(q) for q in _QUOTE_MARKS)
    if inside % 2 == 0:
        return start, end
    for step in (1, 2):
        if end + step <= len(text) and text[end + step - 1] in _QUOTE_MARKS:
            return start, end + step
    mark = max(text.rfind(q, start, end) for q in _QUOTE_MARKS)
    after = [m for m in _WORD.finditer(text, mark + 1, end)]
    return (after[0].start(), end) if after else (start, end)


@lru_cache(maxsize=1)
def _editorial_pattern() -> re.Pattern[str]:
    data = json.loads((RESOURCES / "editorial_notes.json").read_text(encoding="utf-8"))

    def alternatives(phrases: list[str]) -> str:
        escaped = (re.escape(p).replace("'", "['’]").replace(r"\ ", r"\s+") for p in phrases)
        return "|".join(sorted(escaped, key=len, reverse=True))

    labels, statements = alternatives(data["labels"]), alternatives(data["statements"])
    return re.compile(
        rf"^[\s*_#>\[(]*(?:(?:{labels})\b[^:\n]{{0,40}}?\s*[:—–-]|(?:{statements})\b)", re.IGNORECASE
    )


def editorial_lines(text: str) -> set[int]:
    """0-based indices of the lines that open as an editorial note (correction, disclaimer...)."""
    pattern = _editorial_pattern()
    return {i for i, line in enumerate(text.split("\n")) if pattern.match(line)}
