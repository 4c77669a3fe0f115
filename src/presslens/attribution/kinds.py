"""The kinds of attribution PressLens tells apart, from words and quotation marks.

PolNeAR annotates every attribution but not its kind, so the kind is defined here, once, for the
gold (evaluation) and for what the extractor finds (output), from the lexicon in ``kinds.json``
(data, extensible like the other lexicons):

- ``document``: the source names a text or a measurement (poll, report, study, emails...) before
  any preposition, written in lowercase or as the source's first word (the "Post" of "The
  Washington Post" is a name, so a newspaper speaking stays speech);
- ``belief``: otherwise, the cue holds a word of belief, intention or stance ("believes",
  "wants", "plans", "supports", "seems");
- speech otherwise, split by the quotation marks in the content: ``direct`` (it opens with a
  mark and at most three letters or digits lie outside quotation), ``mixed`` (it holds a mark
  otherwise), ``indirect`` (no mark).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

#: ``kinds.json`` is not ``resources/cues.json`` on purpose. cues.json lists the words that *find* an
#: attribution (reporting verbs, "according to"), for the components, and users extend it; these
#: lists *classify* one already found, for the PolNeAR gold as much as for predictions, so the
#: evaluation's classes must not move when a user adds a reporting verb. They also mean other things:
#: ``belief_cues`` are stance words ("believes", "wants", "fears"), not speech verbs (cues.json has
#: "believes" only as a verb that attributes a figure), and ``document_sources`` are nouns of the
#: source, not cues.
KINDS = ("direct", "indirect", "mixed", "belief", "document")
SPEECH_KINDS = ("direct", "indirect", "mixed")
KINDS_FILE = Path(__file__).resolve().parent / "kinds.json"
#: Double quotation marks, straight and typographic, and the opening single mark (a closing single
#: mark doubles as an apostrophe: "Clinton’s").
QUOTE_MARKS = frozenset('"“”„«»‘')

Parts = Sequence[tuple[int, int]]
_WORD = re.compile(r"[\w’'-]+")


@lru_cache(maxsize=1)
def kind_lexicon() -> dict[str, frozenset[str]]:
    """The word lists of ``kinds.json``, lower-cased."""
    raw = json.loads(KINDS_FILE.read_text(encoding="utf-8"))
    return {key: frozenset(w.lower() for w in words) for key, words in raw.items() if not key.startswith("_")}


def _chunk(text: str, parts: Parts) -> str:
    return " ".join(text[s:e] for s, e in parts)


def holds_quote(text: str, parts: Parts) -> bool:
    return any(ch in QUOTE_MARKS for s, e in parts for ch in text[s:e])


def speech_kind(text: str, content: Parts) -> str:
    """direct, mixed or indirect by the quotation marks in the content (see the module)."""
    if not holds_quote(text, content):
        return "indirect"
    chunk = "".join(text[s:e] for s, e in content).strip(" \t\n,.;:—–-")
    return "direct" if chunk[:1] in QUOTE_MARKS and unquoted_letters(chunk) <= 3 else "mixed"


def unquoted_letters(chunk: str) -> int:
    """Letters and digits outside quotation marks. A closing single mark followed by a letter is an
    apostrophe ("Clinton’s"), not the end of a quotation."""
    double = single = False
    outside = 0
    for i, ch in enumerate(chunk):
        if ch == '"':
            double = not double
        elif ch in "“„«":
            double = True
        elif ch in "”»":
            double = False
        elif ch == "‘":
            single = True
        elif ch == "’" and single and not chunk[i + 1 : i + 2].isalpha():
            single = False
        elif not (double or single) and ch.isalnum():
            outside += 1
    return outside


def is_document_source(source: str) -> bool:
    """Whether a source phrase names a document, poll or report (see the module)."""
    lex = kind_lexicon()
    for i, word in enumerate(_WORD.findall(source)):
        low = word.lower()
        if low in lex["stops"]:
            return False
        if low in lex["document_sources"] and (i == 0 or word == low):
            return True
    return False


def is_belief_cue(cue: str) -> bool:
    lex = kind_lexicon()
    return any(w in lex["belief_cues"] for w in _WORD.findall(cue.lower()))


def kind_of(text: str, content: Parts, source: Parts | None, cue: Parts | None) -> str:
    """The kind of an attribution given its spans as ``(start, end)`` parts (see the module)."""
    if source and is_document_source(_chunk(text, source)):
        return "document"
    if cue and is_belief_cue(_chunk(text, cue)):
        return "belief"
    return speech_kind(text, content)
