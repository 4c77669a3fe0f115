"""Finding and reading number phrases ("more than 31,000", "between 10,000 and 15,000", "tens of thousands").

This module knows only the surface of figures: where a number phrase is in a string and what value it
states. Whether the phrase is a *claim* (a count of people or things, an amount of money, a
percentage) rather than a date, a duration or an identifier is decided by `claims.py`, which sees the
words around it and the spaCy parse.

One compiled regular expression finds every candidate in one pass over the text; `parse_match`
turns a match into a `Figure`. Values follow docs/annotations.md: ``low``/``high`` (``high`` is
None for a single figure), ``approx`` for vague or hedged figures, ``qualifier`` as written, ``unit``.

Conventions for vague quantities (documented in docs/evaluation.md): "dozens" -> 24, "hundreds" ->
100, "thousands" -> 1,000, "tens of thousands" -> 10,000, "hundreds of thousands" -> 100,000,
"millions" -> 1,000,000, each ``approx``; "half a million" -> 500,000; fractions of a group
("a third of these captives") -> unit ``fraction`` with ``low`` the fraction (0.3333).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 10**12,
}
SCALE_ABBR = {"m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "k": 1_000}
VAGUE = {
    "dozens": 24, "scores": 40, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
    "billions": 1_000_000_000,
}  # fmt: skip
FRACTIONS = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75,
    "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2,
}  # fmt: skip
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "rial": "IRR", "rials": "IRR", "shekel": "ILS", "shekels": "ILS",
}  # fmt: skip

#: Qualifiers as written; the value says whether each is a hedge (`approx`) or a bound.
QUALIFIERS = {
    "more than": False, "over": False, "at least": False, "well over": False, "just over": False,
    "upwards of": False, "in excess of": False, "no fewer than": False, "no less than": False, "above": False,
    "fewer than": False, "less than": False, "under": False, "below": False, "just under": False,
    "at most": False, "up to": False, "as many as": False, "as few as": False, "exactly": False,
    "only": False, "a total of": False,
    "nearly": True, "close to": True, "almost": True, "around": True, "about": True, "approximately": True,
    "roughly": True, "some": True, "an estimated": True, "estimated": True, "approx.": True, "circa": True,
    "an approximate": True, "nearly all of": True,
}  # fmt: skip

_word_unit = "|".join(sorted(UNITS, key=len, reverse=True))
_word_tens = "|".join(TENS)
_scale = "|".join(SCALES)
_WORDNUM = rf"(?:(?:{_word_tens})(?:[- ](?:{_word_unit}))?|{_word_unit}|a|one)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# a single amount: digits or words, an optional scale ("1.2 million", "2.4-million", "three-and-a-half
# thousand", "half a million"), an optional currency sign before it
_AMOUNT = (
    rf"(?:(?:US\$|\$|€|£)\s?)?"
    rf"(?:half\s+a\s+(?:{_scale})"
    rf"|(?:{_DIGITS}|{_WORDNUM})(?:-and-a-half|\s+and\s+a\s+half)?(?:[\s-](?:{_scale}))+"
    rf"|{_DIGITS}(?:\s?(?:bn|mn|m|k)\b)?"
    rf"|(?:{_word_tens})(?:[- ](?:{_word_unit}))?|{_word_unit})"
)
_VAGUE = (
    r"(?:tens|hundreds|dozens)\s+of\s+(?:thousands|millions|billions)"
    r"|hundreds|thousands|millions|billions|dozens|scores"
)
_FRACTION = "|".join(sorted((re.escape(k) for k in FRACTIONS), key=len, reverse=True))
_QUAL = "|".join(sorted((re.escape(k) for k in QUALIFIERS), key=len, reverse=True))
_PERCENT = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b)"

#: One pass over the text finds every candidate figure. Ranges come first so that "between 10,000 and
#: 15,000" is one figure, not two.
FIGURE_RE = re.compile(
    rf"(?<![\w$€£.,/-])(?<!\d[eE][+-])"  # not the exponent of "1.0e+309"
    rf"(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:between\s+(?P<ra>{_AMOUNT})(?P<rpa>{_PERCENT})?\s+and\s+(?P<rb>{_AMOUNT})"
    rf"|from\s+(?P<fa>{_AMOUNT})(?P<fpa>{_PERCENT})?\s+to\s+(?P<fb>{_AMOUNT})"
    rf"|(?P<fr>{_FRACTION})(?=\s+of\s)"
    rf"|(?P<vague>{_VAGUE})"
    rf"|(?P<a>{_AMOUNT})(?P<pa>{_PERCENT})?(?:\s*(?:-|–|to|or)\s*(?P<b>{_AMOUNT}))?)"
    rf"(?P<pct>{_PERCENT})?"
    # not followed by a letter or digit, nor by "-" and a word: "60-day", "43,000-barrel", "10-round"
    rf"(?![\w$€£]|[.,/]\d|-[^\W\d_])",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Figure:
    """A number phrase found in text and the value it states."""

    start: int
    end: int
    low: float
    high: float | None
    approx: bool
    qualifier: str | None
    unit: str
    words_only: bool  # written without digits or a scale ("four", "two"): needs a counted noun to count

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


#: Whole numbers up to here are exact as floats and kept as ints; larger ones stay floats (JSON numbers
#: that SQLite's 64-bit integers and other readers can hold).
_EXACT_INT = 2**53


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < _EXACT_INT else round(value, 4)


def words_to_number(words: str) -> float | None:
    """Value of a number written in words ("twenty-one", "three-and-a-half thousand"), else None."""
    text = words.lower().replace("-and-a-half", " and a half").replace("-", " ").split()
    if not text:
        return None
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(text):
        w = text[i]
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in ("a", "one") and i + 1 < len(text) and text[i + 1] in SCALES:
            current += 1
        elif w == "and" and text[i + 1 : i + 3] == ["a", "half"]:
            current += 0.5
            i += 3
            seen = True
            continue
        elif w == "half" and i + 1 < len(text) and text[i + 1] == "a":
            current += 0.5
            i += 2
            seen = True
            continue
        elif w in SCALES:
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
        i += 1
    return total + current if seen else None


_SPLIT_SCALE = re.compile(rf"^(?P<num>.*?)[\s-]*(?P<scale>(?:(?:{_scale})[\s-]*)+|bn|mn|m|k)$", re.IGNORECASE)


def amount_value(text: str) -> tuple[float | None, str, bool]:
    """Value, unit (from a currency sign) and whether it was written in words only."""
    raw = text.strip()
    unit = "count"
    for sign in ("US$", "$", "€", "£"):
        if raw.upper().startswith(sign.upper()):
            unit = CURRENCIES[sign.lower()]
            raw = raw[len(sign) :].strip()
            break
    has_digit = any(c.isdigit() for c in raw)
    if not has_digit:
        return words_to_number(raw), unit, not any(s in raw.lower() for s in SCALES)
    m = _SPLIT_SCALE.match(raw)
    base, scale = raw, 1.0
    if m and m.group("num"):
        base = m.group("num")
        scale_words = m.group("scale").lower().replace("-", " ").split()
        for w in scale_words:
            scale *= SCALES.get(w, SCALE_ABBR.get(w, 1))
    base = base.replace(",", "").strip()
    base = base.replace("-and-a-half", "").replace(" and a half", "")
    try:
        value = float(base)
    except ValueError:
        return None, unit, False
    if "and-a-half" in raw or "and a half" in raw:
        value += 0.5
    return value * scale, unit, False


def parse_match(m: re.Match[str], offset: int = 0) -> Figure | None:
    """The `Figure` a `FIGURE_RE` match states, or None when it holds no readable value."""
    qual = m.group("qual")
    qualifier = qual.lower() if qual else None
    approx = QUALIFIERS.get(qualifier, False) if qualifier else False
    percent = bool(m.group("pct") or m.group("pa") or m.group("rpa") or m.group("fpa"))
    words_only = False
    high: float | None = None
    unit = "count"
    if m.group("ra"):
        low, unit, _ = amount_value(m.group("ra"))
        high, unit_b, _ = amount_value(m.group("rb"))
        qualifier = "between" if qualifier is None else f"{qualifier} between"
        unit = unit if unit != "count" else unit_b
    elif m.group("fa"):
        low, unit, _ = amount_value(m.group("fa"))
        high, unit_b, _ = amount_value(m.group("fb"))
        unit = unit if unit != "count" else unit_b
    elif m.group("fr"):
        low = FRACTIONS[m.group("fr").lower()]
        unit = "fraction"
    elif m.group("vague"):
        words = m.group("vague").lower().split()
        low = VAGUE.get(words[-1], 1)
        if len(words) == 3:  # "tens of thousands", "hundreds of thousands"
            low = {"tens": 10, "hundreds": 100, "dozens": 24}[words[0]] * VAGUE[words[-1]]
        approx = True
    else:
        low, unit, words_only = amount_value(m.group("a"))
        if m.group("b"):
            high, unit_b, words_b = amount_value(m.group("b"))
            unit = unit if unit != "count" else unit_b
            words_only = words_only and words_b
    if low is None or (m.group("b") or m.group("rb") or m.group("fb")) and high is None:
        return None
    if not math.isfinite(low) or (high is not None and not math.isfinite(high)):
        return None  # "1" and 400 zeros: no value JSON can carry
    if high is not None and high < low:  # "24 to 30 November", "32-135": not a range of a count
        return None
    if percent:
        unit = "percent"
    return Figure(
        start=m.start() + offset,
        end=m.end() + offset,
        low=_num(low),
        high=_num(high) if high is not None else None,
        approx=approx,
        qualifier=qualifier,
        unit=unit,
        words_only=words_only,
    )


#: A cheap first look: most sentences hold no digit and no number word, and skip the big pattern.
_ANY_NUMBER = re.compile(
    rf"\d|\b(?:{_word_unit}|{_word_tens}|{_scale}|tens|hundreds|thousands|millions|billions|dozens|scores|"
    rf"half|third|thirds|quarter|quarters|fifth)\b",
    re.IGNORECASE,
)


def find_figures(text: str, offset: int = 0) -> list[Figure]:
    """Every readable number phrase in ``text`` (offsets shifted by ``offset``), in order."""
    if not _ANY_NUMBER.search(text):
        return []
    out = []
    for m in FIGURE_RE.finditer(text):
        fig = parse_match(m, offset)
        if fig is not None:
            out.append(fig)
    return out
