"""Finding quoted passages from quotation marks, in one linear pass over the text.

Quotation marks are ambiguous in real articles: the right single quote ``’`` is also the
apostrophe (``won’t``, ``Iran’s``, ``Hamas’ political bureau``), British-style articles quote with
single marks, a quote running over several paragraphs opens each paragraph with a mark and
closes only the last one, and sloppy copy leaves marks unbalanced. The rules, in order:

* A mark between two letters or digits is an apostrophe (``won’t``, ``people‘s``).
* ``“``/``‘`` open, ``”`` closes; a straight ``"`` or ``'`` opens after a space, bracket or dash
  and before a letter, and closes otherwise.
* A ``’`` with no single quote open is an apostrophe (``Hamas’ political bureau``). With one open,
  a ``’`` after *s* followed by a lower-case word is a possessive when another closing mark
  follows later in the paragraph (``‘... Hamas’ tunnels ...’``), else it closes.
* A quote never runs past the end of its paragraph unless the next paragraph opens with a mark
  of the same kind (a multi-paragraph quote), or the quote is closed (after sentence punctuation)
  within the next two paragraphs before any new quote opens (a continuation whose opening mark was
  lost); otherwise the unclosed mark is dropped, so an odd number of marks never swallows the rest
  of the article. Quotes longer than `MAX_QUOTE_CHARS`
  are dropped too.
* Quotes inside quotes stay part of the outer quote; only outermost quotes are returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The longest quote (in characters, marks included) that is believed; a longer one is a stray mark.
MAX_QUOTE_CHARS = 4000

MARK_RE = re.compile(r"[“”\"‘’'«»\n]")
OPEN_AFTER = " \t\n([{—–-/\u00a0"
DOUBLE_OPENERS = '“"«'
SINGLE_OPENERS = "‘'"
CLOSING_SINGLE_RE = re.compile(r"[’'](?![\w])")


@dataclass(frozen=True, slots=True)
class RawQuote:
    """A quoted passage: ``start``/``end`` include the marks, ``content_*`` exclude them."""

    start: int
    end: int
    content_start: int
    content_end: int
    mark: str  # "double" or "single"
    paragraphs: int


@dataclass(slots=True)
class _Open:
    kind: str
    pos: int
    paragraphs: int = 1


def _is_apostrophe(prev: str, nxt: str) -> bool:
    return prev.isalnum() and nxt.isalnum()


#: The first double or single mark ahead that could open or close a quote; a closing one must follow
#: sentence punctuation (``.”``, ``,’``), so an apostrophe is never taken for it.
NEXT_DOUBLE_RE = re.compile(r"[“”«»]|(?<=[.,!?…])\"|(?<=\s)\"")
NEXT_SINGLE_RE = re.compile(r"(?<=[.,!?…])[’']|(?<![\w])‘")


def _closes_ahead(text: str, pos: int, kind: str) -> bool:
    """Whether a quote left open at a paragraph end is closed within the next two paragraphs
    before any new one opens (a mark lost at the start of a continued paragraph)."""
    end = pos
    for _ in range(2):
        nl = text.find("\n", end + 1)
        end = len(text) if nl < 0 else nl
    regex = NEXT_DOUBLE_RE if kind == "double" else NEXT_SINGLE_RE
    match = regex.search(text, pos, min(end, pos + 1500))
    if not match:
        return False
    mark = match.group()
    if kind == "double":
        return mark in "”»" or (mark == '"' and not text[match.start() - 1].isspace())
    return mark in "’'"


def scan_quotes(text: str) -> list[RawQuote]:
    """Outermost quoted passages of ``text`` in order (see the module docstring for the rules)."""
    quotes: list[RawQuote] = []
    stack: list[_Open] = []
    skip_at = -1
    n = len(text)
    for match in MARK_RE.finditer(text):
        pos = match.start()
        ch = match.group()
        if ch == "\n":
            if not stack:
                continue
            q = pos + 1
            while q < n and text[q] in " \t\n\r\u00a0":
                q += 1
            outer = stack[0]
            nxt_ch = text[q] if q < n else ""
            continues = nxt_ch in (DOUBLE_OPENERS if outer.kind == "double" else SINGLE_OPENERS)
            if continues and q + 1 < n and not text[q + 1].isspace():
                del stack[1:]
                outer.paragraphs += 1
                skip_at = q
            elif _closes_ahead(text, q, outer.kind):  # the next paragraph lost its opening mark
                del stack[1:]
                outer.paragraphs += 1
            else:
                stack.clear()
            continue
        if pos == skip_at:
            continue
        prev = text[pos - 1] if pos > 0 else "\n"
        nxt = text[pos + 1] if pos + 1 < n else "\n"
        if ch in '“”"«»':
            kind = "double"
            if ch in "“«":
                opening = True
            elif ch in "”»":
                opening = False
            else:
                opening = (prev in OPEN_AFTER or pos == 0) and not nxt.isspace()
                if opening and any(o.kind == "double" for o in stack) and not nxt.isalnum():
                    opening = False
            if opening and any(o.kind == "double" for o in stack) and ch == '"':
                opening = False
        else:
            kind = "single"
            if _is_apostrophe(prev, nxt):
                continue
            if ch == "‘":
                if nxt.isspace():
                    continue
                opening = True
            elif ch == "'" and (prev in OPEN_AFTER or pos == 0 or prev in '"“') and nxt.isalnum():
                opening = True
            else:
                if not any(o.kind == "single" for o in stack):
                    continue  # an apostrophe: "Hamas’ political bureau", "the Palestinians' rights"
                if prev in "sS" and nxt == " " and pos + 2 < n and text[pos + 2].islower():
                    para_end = text.find("\n", pos)
                    para_end = n if para_end < 0 else para_end
                    if CLOSING_SINGLE_RE.search(text, pos + 1, para_end):
                        continue  # a possessive inside the quote: "‘... Hamas’ tunnels ...’"
                opening = False
        if opening:
            if kind == "double":
                for i, item in enumerate(stack):
                    if item.kind == "double":  # an earlier double never closed: drop it
                        del stack[i:]
                        break
            stack.append(_Open(kind, pos))
            continue
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].kind == kind:
                opened = stack[i]
                del stack[i:]
                if not stack and pos - opened.pos > 1 and pos + 1 - opened.pos <= MAX_QUOTE_CHARS:
                    quotes.append(RawQuote(opened.pos, pos + 1, opened.pos + 1, pos, kind, opened.paragraphs))
                break
    return quotes
