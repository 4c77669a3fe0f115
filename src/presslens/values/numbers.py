"""Finding and reading figures in text: "more than 31,000", "$45 million", "40%", "tens of thousands".

This module knows the surface of figures only: where a number phrase is in a string and what value
it states, with its unit and scale. Whether a phrase is a *claim* (rather than a date, a duration or
an identifier) is decided by the claims component, which sees the words around it and the parse.

What a figure states (`Figure`):

- ``low``/``high``: the value, or the two ends of a range (``high`` None for a single figure);
- ``unit``: ``count``, a currency code (``USD``, from "$", "US$", "dollars", "USD"...), ``percent``,
  ``points`` (percentage points, "a 20-point lead"), ``fraction`` of a group ("a third of", "1 in 4",
  ``low`` the fraction), or ``rate`` (set by the claims component for exchange rates);
- ``scale``: the multiplier as written, normalised ("million" for "$45 million", "$45m" and "45 mln";
  "lakh", "crore"...), so that a view prints "$45 million" rather than "$45,000,000";
- ``vague``: an amount given in words of magnitude ("dozens", "hundreds", "tens of thousands", "a
  handful", "several thousand"): ``low`` is the conventional floor of the annotation guideline
  ("hundreds" 100, "tens of thousands" 10,000; docs/evaluation.md), ``vague_range`` the order of
  magnitude the words stand for ("hundreds": 100-999) and ``as_written`` keeps the words; no view
  shows it as a point, and comparisons use the range;
- ``qualifier`` as written ("more than", "between", "nearly"...) and ``approx`` for hedges.

The vocabularies (scales, currencies, vague amounts, qualifiers) are data:
``presslens/resources/numbers.json``, extensible with ``PRESSLENS_RESOURCES`` (docs/resources.md).
One compiled regular expression finds every candidate in a single pass.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from presslens.values.dates import MONTHS
from presslens.vocab import load

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
FRACTIONS = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75,
    "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "two-fifths": 0.4, "two fifths": 0.4,
    "three-fifths": 0.6, "three fifths": 0.6,
}  # fmt: skip


#: "half of 1", "one-half of 1", "a quarter of a": part of one unit, the text of a pattern whose `{group}`
#: opens the group of "half"/"quarter": "" here (captured, `PART_OF_ONE`), "?:" in `patterns` (not captured).
PART_OF_ONE_TEXT = r"(?:(?:a|one)[\s-]+)?({group}half|quarter)(?:[\s-]+of)?[\s-]+(?:a|one|1)"
#: Part of one unit before "percent" or "point" (`patterns`); group 1 is "half" or "quarter".
PART_OF_ONE = re.compile(PART_OF_ONE_TEXT.format(group=""), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The compiled contents of ``numbers.json``."""

    scales: dict[str, int]  # "million" -> 1_000_000
    abbreviations: dict[str, str]  # "bn" -> "billion"
    signs: dict[str, str]  # "$" -> "USD" (lower-cased keys)
    codes: dict[str, str]  # "USD" -> "USD", "NIS" -> "ILS"
    words: dict[str, str]  # "dollars" -> "USD"
    display: dict[str, str]  # "USD" -> "$"
    vague: dict[str, tuple[float, float]]  # "hundreds" -> (100, 999)
    multipliers: dict[str, int]  # "tens of" -> 10
    vague_counts: tuple[str, ...]  # "several", "a few"
    vague_count_factors: dict[str, tuple[float, float]]  # "a couple" -> (2, 3); others (2, 10)
    hedges: frozenset[str]
    qualifiers: tuple[str, ...]  # every qualifier, longest first
    lower_bounds: frozenset[str]
    upper_bounds: frozenset[str]
    suffixes: dict[str, str]  # "-plus" -> "more than", "-odd" -> "about"


@cache
def vocabulary() -> Vocabulary:
    data: dict[str, Any] = load("numbers.json")
    quals = data["qualifiers"]
    codes = {c.upper(): c.upper() for c in data["currency_codes"]}
    codes.update({k.upper(): v.upper() for k, v in data.get("currency_code_aliases", {}).items()})
    return Vocabulary(
        scales={k.lower(): int(v) for k, v in data["scales"].items()},
        abbreviations={k.lower(): v.lower() for k, v in data["scale_abbreviations"].items()},
        signs={k.lower(): v for k, v in data["currency_signs"].items()},
        codes=codes,
        words={k.lower(): v for k, v in data["currency_words"].items()},
        display=dict(data["currency_display"]),
        vague={k.lower(): (float(v[0]), float(v[1])) for k, v in data["vague_amounts"].items()},
        multipliers={k.lower(): int(v) for k, v in data["vague_multipliers"].items()},
        vague_counts=tuple(w.lower() for w in data["vague_counts"]),
        vague_count_factors={
            k.lower(): (float(v[0]), float(v[1])) for k, v in data.get("vague_count_factors", {}).items()
        },
        hedges=frozenset(q.lower() for q in quals["hedges"]),
        qualifiers=tuple(
            sorted({q.lower() for q in quals["bounds"] + quals["hedges"]}, key=len, reverse=True)
        ),
        lower_bounds=frozenset(q.lower() for q in quals["lower_bounds"]),
        upper_bounds=frozenset(q.lower() for q in quals["upper_bounds"]),
        suffixes={k.lower(): v.lower() for k, v in quals.get("suffixes", {}).items() if k != "about"},
    )


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``: longest first so a phrase wins over its own prefix, then
    alphabetical, so the compiled pattern is the same in every process (a set's order depends on the
    hash seed)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True, slots=True)
class Patterns:
    figure: re.Pattern[str]
    any_number: re.Pattern[str]
    split_scale: re.Pattern[str]
    signs: tuple[str, ...]


@cache
def patterns() -> Patterns:
    """The figure pattern, compiled once from the vocabulary."""
    v = vocabulary()
    word_unit = _alt(list(UNITS))
    word_tens = "|".join(TENS)
    scale = _alt(list(v.scales))
    abbr = _alt(list(v.abbreviations))
    signs = _alt(list(v.signs))
    codes = _alt(list(v.codes))
    wordnum = rf"(?:(?:{word_tens})(?:[- ](?:{word_unit}))?|{word_unit}|a|one)"
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    # a single amount: digits or words, an optional scale ("1.2 million", "2.4-million", "three-and-a-half
    # thousand", "half a million", "a quarter-of-a-million", "half a percentage point"), an optional
    # currency sign or code before it
    amount = (
        rf"(?:(?:{signs})\s?|(?:{codes})\s)?"
        rf"(?:(?:a[\s-]+)?(?:half|quarter)(?:[\s-]+of)?[\s-]+a[\s-]+(?:{scale})"
        rf"|(?:a[\s-]+)?half-(?:{scale})\b"  # "a half-dozen", "a half-billion dollars"
        # "half a percentage point", "a quarter of a percent": a share or a change of one
        rf"|{PART_OF_ONE_TEXT.format(group='?:')}(?=\s+(?:percentage[\s-]+points?|per\s?cent|points?)\b)"
        rf"|(?:{digits}|{wordnum})(?:-and-a-half|\s+and\s+a\s+half)?(?:[\s-](?:{scale})s?\b)+"
        rf"|{digits}(?:\s?(?:{abbr})\b(?!-\d))?"  # not the letter of a designation: "90,000 K-1 visas"
        rf"|(?:{word_tens})(?:[- ](?:{word_unit}))?|{word_unit})"
    )
    vague_base = _alt([w for w in v.vague if " " not in w])
    vague_phrases = _alt([w for w in v.vague if " " in w])
    mult = _alt(list(v.multipliers))
    counts = _alt(list(v.vague_counts))
    plural_scales = _alt([f"{s}s" for s in v.scales if s != "dozen"])
    vague = (
        rf"(?:{mult})\s+(?:{plural_scales})"  # "tens of thousands", "hundreds of millions"
        rf"|(?:{counts})\s+(?:{scale})\b(?!s)"  # "several thousand", "a few hundred"
        rf"|(?:{vague_phrases})"  # "a handful"
        rf"|(?:{vague_base})"  # "hundreds", "dozens"
    )
    fraction = "|".join(sorted((re.escape(k) for k in FRACTIONS), key=len, reverse=True))
    qual = _alt(list(v.qualifiers))
    # "10,000-plus", "10,000+", "100-odd": a qualifier written after the number (numbers.json)
    suffix = "|".join(re.escape(w) + (r"\b" if w[-1].isalpha() else r"(?!\w)") for w in v.suffixes) or r"(?!)"
    percent = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b)"
    points = r"(?:\s+percentage[\s-]+points?\b|\s+points?\b|-(?:percentage-|per\s?cent-)?point\b|\s+pts\b)"
    denominator = rf"(?:\d{{1,3}}|{word_unit}|ten|twenty|hundred)"
    # Ranges come first so that "between 10,000 and 15,000" is one figure, not two.
    figure = re.compile(
        rf"(?<![\w$€£¥₹₪₽.,/-])(?<!\d[eE][+-])"  # not the exponent of "1.0e+309"
        rf"(?:(?P<qual>{qual})\s+)?"
        rf"(?:between\s+(?P<ra>{amount})(?P<rpa>{percent})?\s+(?:and|to)\s+(?P<rb>{amount})"
        rf"|from\s+(?P<fa>{amount})(?P<fpa>{percent})?\s+to\s+(?P<fb>{amount})"
        rf"|(?P<fr>{fraction})(?=\s+of\s)(?!\s+of\s+(?:a|one|1)\s+(?:percentage|per\s?cent|points?)\b)"
        rf"|(?P<inn>\d{{1,3}}|{wordnum})[\s-]+in[\s-]+(?P<ind>{denominator})(?![\w,.]*\s*(?:%|percent))"
        rf"|(?P<vague>{vague})"
        # "lost -7 points", "(-0.3%)": a minus sign right after a space or "(" and right before the digits
        rf"|(?:(?<=[\s(\[])(?P<neg>[-−])(?=\d))?"
        rf"(?P<a>{amount})(?P<pa>{percent})?(?:\s*(?:-|–|to|or)\s*(?P<b>{amount}))?"
        rf"|(?P<frb>{fraction})(?!\s+of\s))"  # "nearly half said": a share standing alone (the parse decides)
        rf"(?P<suf>{suffix})?(?P<pct>{percent})?(?P<pts>{points})?"
        rf"(?:\s(?P<code>{codes})\b)?"
        # not followed by a letter or digit, nor by "-" and a word: "60-day", "43,000-barrel", "10-round"
        rf"(?![\w$€£¥₹₪₽]|[.,/]\d|-[^\W\d_])",
        re.IGNORECASE,
    )
    any_number = re.compile(
        rf"\d|\b(?:{word_unit}|{word_tens}|{scale}|tens|hundreds|thousands|millions|billions|trillions|"
        rf"dozens|scores|handful|half|third|thirds|quarter|quarters|fifth|fifths)\b",
        re.IGNORECASE,
    )
    split_scale = re.compile(
        rf"^(?P<num>.*?)[\s-]*(?P<scale>(?:(?:{scale})s?[\s-]*)+|(?:{abbr}))$", re.IGNORECASE
    )
    return Patterns(figure, any_number, split_scale, tuple(sorted(v.signs, key=len, reverse=True)))


@dataclass(slots=True)
class Figure:
    """A number phrase found in text and the value it states (see the module docstring)."""

    start: int
    end: int
    low: float
    high: float | None
    approx: bool
    qualifier: str | None
    unit: str
    words_only: bool  # written without digits or a scale ("four", "two"): needs a counted noun to count
    scale: str | None = None
    vague: bool = False
    as_written: str | None = None
    vague_range: tuple[float, float] | None = None  # with ``vague``: [floor, ceiling]
    paired: bool = False  # one side of a score or tally ("1,428 to 1,153", "66% to 30%")
    alone: bool = False  # a fraction with no "of" after it ("nearly half said"): a share only as a subject


#: Whole numbers up to here are exact as floats and kept as ints; larger ones stay floats (JSON numbers
#: that SQLite's 64-bit integers and other readers can hold).
_EXACT_INT = 2**53


def as_number(value: float) -> float | int:
    """An int when the value is whole (and exactly representable), else the float rounded to 4 places."""
    return int(value) if float(value).is_integer() and abs(value) < _EXACT_INT else round(value, 4)


def words_to_number(words: str) -> float | None:
    """Value of a number written in words ("twenty-one", "three-and-a-half thousand"), else None."""
    scales = vocabulary().scales
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
        elif w in ("a", "one") and i + 1 < len(text) and text[i + 1] in scales:
            current += 1
        elif w == "and" and text[i + 1 : i + 3] == ["a", "half"]:
            current += 0.5
            i += 3
            seen = True
            continue
        elif w == "half" and i + 1 < len(text) and text[i + 1] in scales:
            current += 0.5  # "a half-dozen": half of the scale word that follows
        elif w in ("half", "quarter") and text[i + 1 : i + 2] in (["a"], ["of"]):
            current += 0.5 if w == "half" else 0.25
            i += 3 if text[i + 1] == "of" else 2  # "a quarter of a million"
            seen = True
            continue
        elif w == "a" and text[i + 1 : i + 2] in (["half"], ["quarter"]):
            i += 1
            continue
        elif w in scales:
            scale = scales[w]
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


def _scale_word(text: str) -> str | None:
    """The largest scale word (normalised) in an amount as written: "2.4-million" -> "million"."""
    v = vocabulary()
    found = None
    for word in re.findall(r"[a-z]+", text.lower()):
        name = v.abbreviations.get(word) if word not in v.scales else word
        name = name or (word[:-1] if word.endswith("s") and word[:-1] in v.scales else None)
        if (
            name
            and name != "dozen"
            and name != "hundred"
            and (found is None or v.scales[name] > v.scales[found])
        ):
            found = name
    return found


def amount_value(text: str) -> tuple[float | None, str, bool, str | None]:
    """Value, unit (from a currency sign or code), whether written in words only, and the scale word."""
    v = vocabulary()
    raw = text.strip()
    unit = "count"
    lowered = raw.lower()
    for sign in patterns().signs:
        if lowered.startswith(sign):
            unit = v.signs[sign]
            raw = raw[len(sign) :].strip()
            break
    else:
        code = re.match(r"([A-Za-z]{3})\s", raw)
        if code and code.group(1).upper() in v.codes:
            unit = v.codes[code.group(1).upper()]
            raw = raw[code.end() :].strip()
    part = PART_OF_ONE.fullmatch(raw)
    if part:  # "half of 1 percent", "a quarter of one point": a part of one unit
        return (0.5 if part.group(1).lower() == "half" else 0.25), unit, False, None
    scale_name = _scale_word(raw)
    has_digit = any(c.isdigit() for c in raw)
    if not has_digit:
        return words_to_number(raw), unit, not any(s in raw.lower() for s in v.scales), scale_name
    m = patterns().split_scale.match(raw)
    base, scale = raw, 1.0
    if m and m.group("num"):
        base = m.group("num")
        for w in m.group("scale").lower().replace("-", " ").split():
            w = v.abbreviations.get(w, w)
            scale *= v.scales.get(w, v.scales.get(w[:-1], 1) if w.endswith("s") else 1)
    base = base.replace(",", "").strip()
    base = base.replace("-and-a-half", "").replace(" and a half", "")
    try:
        value = float(base)
    except ValueError:
        return None, unit, False, scale_name
    if "and-a-half" in raw or "and a half" in raw:
        value += 0.5
    return value * scale, unit, False, scale_name


def vague_range(words: str) -> tuple[float, float] | None:
    """[floor, ceiling] of a vague amount ("tens of thousands" -> 10,000-99,999), else None (numbers.json)."""
    v = vocabulary()
    phrase = " ".join(words.lower().split())
    if phrase in v.vague:
        return v.vague[phrase]
    for mult, factor in v.multipliers.items():
        if phrase.startswith(mult + " "):
            rest = phrase[len(mult) + 1 :]
            scale = v.scales.get(rest[:-1]) if rest.endswith("s") else None
            if scale:
                top = 10 ** len(str(factor))  # the next power of ten: "dozens of thousands" up to 99,999
                return factor * scale, top * scale - 1
    for count in v.vague_counts:
        if phrase.startswith(count + " "):
            scale = v.scales.get(phrase[len(count) + 1 :])
            if scale:
                floor, ceiling = v.vague_count_factors.get(count, (2.0, 10.0))
                return floor * scale, ceiling * scale - 1
    return None


def parse_match(m: re.Match[str], offset: int = 0) -> Figure | None:
    """The `Figure` a figure-pattern match states, or None when it holds no readable value."""
    v = vocabulary()
    qual = m.group("qual")
    qualifier = " ".join(qual.lower().split()) if qual else None
    approx = qualifier in v.hedges if qualifier else False
    percent = bool(m.group("pct") or m.group("pa") or m.group("rpa") or m.group("fpa"))
    words_only = False
    high: float | None = None
    unit = "count"
    scale: str | None = None
    vague = False
    vague_span: tuple[float, float] | None = None
    as_written = None
    if m.group("ra") or m.group("fa"):
        a, b = ("ra", "rb") if m.group("ra") else ("fa", "fb")
        low, unit, _, scale_a = amount_value(m.group(a))
        high, unit_b, _, scale = amount_value(m.group(b))
        if m.group("ra"):
            qualifier = "between" if qualifier is None else f"{qualifier} between"
        unit = unit if unit != "count" else unit_b
        scale = scale or scale_a
        if scale and scale_a is None and low is not None and high is not None and low * 1000 <= high:
            low *= vocabulary().scales[scale]  # "between 7 and 10 million": the scale of the high end
    elif m.group("fr") or m.group("frb"):
        as_written = " ".join((m.group("fr") or m.group("frb")).split())
        low = FRACTIONS[as_written.lower()]
        unit = "fraction"
    elif m.group("inn"):
        num = words_to_number(m.group("inn")) if not m.group("inn").isdigit() else float(m.group("inn"))
        den = words_to_number(m.group("ind")) if not m.group("ind").isdigit() else float(m.group("ind"))
        if not num or not den or num >= den:
            return None
        low, unit = round(num / den, 4), "fraction"
        as_written = f"{m.group('inn')} in {m.group('ind')}"
    elif m.group("vague"):
        as_written = " ".join(m.group("vague").split())
        found = vague_range(as_written)
        if found is None:
            return None
        low, vague_span = found[0], found
        approx = vague = True
    else:
        low, unit, words_only, scale = amount_value(m.group("a"))
        if low is not None and m.group("neg"):
            low = -low  # a signed figure keeps its sign (docs/annotations.md, session 11)
        if m.group("b"):
            high, unit_b, words_b, scale_b = amount_value(m.group("b"))
            unit = unit if unit != "count" else unit_b
            words_only = words_only and words_b
            if scale_b and scale is None and low is not None and high is not None and low * 1000 <= high:
                low *= v.scales[scale_b]  # "10 to 15 million"
            scale = scale or scale_b
    if low is None or (m.group("b") or m.group("rb") or m.group("fb")) and high is None:
        return None
    if not math.isfinite(low) or (high is not None and not math.isfinite(high)):
        return None  # "1" and 400 zeros: no value JSON can carry
    if high is not None and high <= low:  # "24 to 30 November", "32-135": not a range of a count
        return None  # and "a 4-4 ruling", "50-50": a tie, two sides of a score (see `score_sides`)
    if m.group("suf") and qualifier is None:  # "10,000-plus people", "100-odd officers"
        qualifier = v.suffixes[m.group("suf").lower()]
        approx = qualifier in v.hedges
    if m.group("code") and unit == "count":
        unit = v.codes[m.group("code").upper()]
    if percent:
        unit = "percent"
    elif m.group("pts"):
        unit = "points"
    return Figure(
        start=m.start() + offset,
        end=m.end() + offset,
        low=as_number(low),
        high=as_number(high) if high is not None else None,
        approx=approx,
        qualifier=qualifier,
        unit=unit,
        words_only=words_only,
        scale=scale if unit not in ("percent", "points", "fraction") else None,
        vague=vague,
        as_written=as_written,
        vague_range=(as_number(vague_span[0]), as_number(vague_span[1])) if vague_span else None,
        alone=bool(m.group("frb")),
    )


def find_figures(text: str, offset: int = 0) -> list[Figure]:
    """Every readable number phrase in ``text`` (offsets shifted by ``offset``), in order."""
    p = patterns()
    if not p.any_number.search(text):
        return []
    out = []
    for m in p.figure.finditer(text):
        if _plain_to_range(m, text) and (_day_before_to(m, text) or _year_before_to(m, text)):
            m = p.figure.match(text, m.start("b")) or m  # "on July 14 to 42 percent": a date's day
        fig = parse_match(m, offset)
        if fig is not None:
            out.append(fig)
        else:
            out.extend(score_sides(m, text, offset))
    _share_unit_backwards(out, text, offset)
    _scores_with_holder(out, text, offset)
    return out


#: What stands between the two sides of a score whose second side is named by its holder's possessive:
#: "1,163 delegates to Sanders’ 844", "1,630 to Sanders' 870" (up to two words may follow the first side).
HOLDER_BETWEEN = re.compile(
    r"(?:\s+[a-z][\w-]*){0,2}\s+to\s+(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*(?:'s|’s|'|’)\s+"
)


def _scores_with_holder(figures: list[Figure], text: str, offset: int) -> None:
    """Mark as the two sides of a score (``paired``) two counts joined by "to" and the second holder's
    possessive: "Clinton now has 1,163 delegates to Sanders’ 844" (a range is never written with a name in
    its middle). Plain counts only: no range, qualifier, share or year."""
    for a, b in zip(figures, figures[1:], strict=False):
        if a.unit != "count" or b.unit != "count" or a.high is not None or b.high is not None:
            continue
        if b.qualifier or a.vague or b.vague or any(_looks_like_year(f, text, offset) for f in (a, b)):
            continue
        if HOLDER_BETWEEN.fullmatch(text, a.end - offset, b.start - offset):
            a.paired = b.paired = True


def _looks_like_year(fig: Figure, text: str, offset: int) -> bool:
    raw = text[fig.start - offset : fig.end - offset]
    return re.fullmatch(r"(?:1[89]|20)\d\d", raw) is not None


#: A month name right before a number: "July 14" is a date, not the start of a range "14 to 42 percent".
_MONTH_BEFORE = re.compile(rf"\b{MONTHS}\s+$")
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def _plain_to_range(m: re.Match[str], text: str) -> bool:
    """Whether a figure match is a bare "N to M" range (no qualifier, no "part of one"), the shape whose N
    may be no figure at all (`_day_before_to`, `_year_before_to`)."""
    if m.group("a") is None or m.group("b") is None or m.group("qual") or m.group("pa"):
        return False
    return _TO.fullmatch(text, m.end("a"), m.start("b")) is not None


def _day_before_to(m: re.Match[str], text: str) -> bool:
    """Of a `_plain_to_range`, whether N is the day of a date written just before it ("from 40 percent on
    July 14 to 42 percent"): the figure is M alone."""
    low = m.group("a")
    day = low.isdigit() and 1 <= int(low) <= 31
    return day and _MONTH_BEFORE.search(text[max(0, m.start() - 12) : m.start()]) is not None


#: A preposition or month name before a year: "in 2014", "for 2015", "July 2014".
_YEAR_PREPOSITION_BEFORE = re.compile(rf"\b(?:in|of|for|by|during|since|{MONTHS})\s+$", re.IGNORECASE)


def _year_before_to(m: re.Match[str], text: str) -> bool:
    """Of a `_plain_to_range`, whether N is a year after "in"/"for"/a month and M is money, a share or a
    scaled amount ("increased from $362 million in 2014 to $557 million in 2015"): the year dates the amount
    before it, so the figure is M alone (a year range, "from 2014 to 2016", is left as it was)."""
    low, high = m.group("a"), m.group("b")
    year = re.fullmatch(r"(?:1[89]|20)\d\d", low) is not None
    amount = bool(m.group("pct")) or not high.replace(",", "").isdigit()  # "$557 million", "19 percent"
    before = text[max(0, m.start() - 12) : m.start()]
    return year and amount and _YEAR_PREPOSITION_BEFORE.search(before) is not None


#: What joins two coordinated figures that share the second one's unit: "by 5 and 10 percentage points".
_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:and|or)\s*|\s*,\s*", re.IGNORECASE)


def _share_unit_backwards(figures: list[Figure], text: str, offset: int) -> None:
    """A bare number coordinated with a share or a margin takes its unit: "leads by 5 and 10 percentage
    points" are 5 points and 10 points; "3, 4 or 5 percent" three shares. Only digits with no scale,
    range, qualifier of their own or vagueness, directly joined by "and", "or" or a comma."""
    for a, b in zip(reversed(figures[:-1]), reversed(figures[1:]), strict=True):
        if b.unit not in ("percent", "points") or a.unit != "count" or a.high is not None:
            continue
        raw = text[a.start - offset : a.end - offset]
        if a.scale or a.vague or a.qualifier or a.words_only or not raw.replace(".", "").isdigit():
            continue
        if len(raw) == 4 and 1800 <= a.low <= 2100:
            continue  # "in 2015 and 40 percent": a year
        if _COORDINATION.fullmatch(text[a.end - offset : b.start - offset]):
            a.unit = b.unit


#: What may stand between the two sides of a score: "1,428 to 1,153", "66%-30%", "51 – 49".
_SCORE_SEPARATOR = re.compile(r"\s*(?:to|–|-)\s*", re.IGNORECASE)


def score_sides(m: re.Match[str], text: str, offset: int = 0) -> list[Figure]:
    """The two figures of a score or tally ("leads 1,428 to 1,153", "won 66% to 30%"), else [].

    A range never runs downwards and never has equal ends, so "A to B" with B below A or equal to it
    states two figures side by side (the two candidates' delegates, the two sides of a vote, a tie:
    "a 4-4 ruling"), each a figure of its own and marked ``paired``. "1995-96" (a season), "104-5"
    (pages) are no scores: a hyphen without spaces needs two numbers of the same length.
    """
    if not (m.group("a") and m.group("b")):
        return []
    a_end = m.end("pa") if m.group("pa") else m.end("a")
    separator = text[a_end : m.start("b")]
    if not _SCORE_SEPARATOR.fullmatch(separator):
        return []
    digits_a, digits_b = re.sub(r"\D", "", m.group("a")), re.sub(r"\D", "", m.group("b"))
    # "46%-35%", "42%-32.7%": a percent sign on each side makes two shares, never a season or pages
    both_shares = bool(m.group("pa") and m.group("pct"))
    if separator in ("-", "–") and (not digits_a or (len(digits_a) != len(digits_b) and not both_shares)):
        return []
    pattern = patterns().figure
    first = pattern.fullmatch(text, m.start(), a_end)
    second = pattern.fullmatch(text, m.start("b"), m.end())
    b_offset = offset
    if second is None and separator in ("-", "–") and (both_shares or not m.group("pa")):
        # "48-45", "46%-35%": the pattern never starts right after a hyphen (so that "1995-96" or "06-22" is
        # not read from its middle), so the second side is read on its own
        second, b_offset = pattern.fullmatch(text[m.start("b") : m.end()]), offset + m.start("b")
    if first is None or second is None or first.group("b") or second.group("b"):
        return []
    return _paired(m, [parse_match(first, offset), parse_match(second, b_offset)])


#: An upward pair written as a score, a share unit on each side: "(34%-54%)", "36 percent to 51 percent".
_UNIT_PAIR = re.compile(
    r"(?P<a>\d[\d,]*(?:\.\d+)?(?:\s?%|\s+per\s?cent\b|\s+percent\b))\s*(?:-|–|to)\s*"
    r"(?P<b>\d[\d,]*(?:\.\d+)?(?:\s?%|\s+per\s?cent\b|\s+percent\b))",
    re.IGNORECASE,
)


def upward_score_sides(fig: Figure, text: str, offset: int = 0) -> list[Figure]:
    """The two sides of an upward range written with a share unit on each side ("34%-54%", "36 percent to 51
    percent"), as two figures marked ``paired``, else []. Whether they are a score (two figures) or a range
    (one) is the sentence's to say: the claims component asks this only in a sentence that names a poll or a
    result (docs/annotations.md, session 11); "from"/"between" ranges and a unit on one side ("34-54%") are
    never split."""
    if fig.high is None or fig.unit != "percent" or fig.qualifier is not None:
        return []
    found = _UNIT_PAIR.fullmatch(text, fig.start - offset, fig.end - offset)
    if found is None:
        return []
    pattern = patterns().figure
    sides = []
    for side in ("a", "b"):
        piece = pattern.fullmatch(text[found.start(side) : found.end(side)])
        parsed = parse_match(piece, offset + found.start(side)) if piece is not None else None
        if parsed is None or parsed.high is not None:
            return []
        parsed.paired = True
        sides.append(parsed)
    return sides


def _paired(m: re.Match[str], sides: list[Figure | None]) -> list[Figure]:
    """The two sides of a score, marked ``paired``, or [] when they are no downward score or tie."""
    a, b = sides
    if a is None or b is None or not b.low <= a.low:
        return []
    if m.group("pct") and not m.group("pa"):
        a.unit = "percent"  # "48 to 45 percent"
    a.paired = b.paired = True
    return [a, b]


def currency_of_word(word: str) -> str | None:
    """The currency code a word names ("dollars" -> "USD", "NIS" -> "ILS"), else None."""
    v = vocabulary()
    return v.words.get(word.lower()) or v.codes.get(word.upper()) if word else None


def interval(
    low: float, high: float | None, qualifier: str | None, vague_span: Any = None
) -> tuple[float, float]:
    """The range a figure asserts: "more than 900" is [900, inf), "nearly 900" is [0, 900], "hundreds"
    [100, 999] (a vague amount's ``vague_range``, widened by a bound: "more than hundreds")."""
    v = vocabulary()
    if vague_span:
        low, high = float(vague_span[0]), float(vague_span[1])
    top = high if high is not None else low
    q = " ".join((qualifier or "").lower().split())
    if q in v.lower_bounds:
        return low, math.inf
    if q in v.upper_bounds:
        return 0.0, top
    return min(low, top), max(low, top)
