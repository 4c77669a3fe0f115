"""When a figure holds (`as_of`): date expressions in a claim's sentence, resolved against publication.

The rule (docs/evaluation.md): only the claim's own sentence can date it. Of the date expressions in
that sentence, the nearest one to the claim wins (an expression in the same clause beats one across a
clause break). Its kind says how it dates the figure:

- ``explicit``: a calendar date ("on January 24", "March 13", "as of November 10", "in February 2024");
- ``relative``: a date relative to publication ("on Wednesday", "last month", "a month ago",
  "over the past months", "in the past 75 days": the last two hold up to publication);
- ``since``: "since October 27", "since the strike began on February 24": the figure counts from
  that date on, and ``date`` is that start (a running total: the views date it at publication and
  show "since: <date>");
- ``publication``: a present-time marker ("still held", "so far", "now", "to date"): the figure holds
  on the publication date.

A date that needs the publication date (a relative one, or a day and month without a year) gets
``date`` null when the article has none: the span is still reported, the date is never guessed. Every
resolution goes through dateparser with ``RELATIVE_BASE`` set to the publication date (never "now"),
and is cached, so an article costs a handful of dateparser calls at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from presslens.values.dates import MONTHS, publication_day, resolve_expression

#: The publication day of an article from its metadata (kept under its old name for callers).
parse_published = publication_day

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]|20)\d\d"  # "By 1781, he had logged ...": history dates figures too
_CAL = (
    rf"(?:{MONTHS}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{MONTHS}(?:,?\s+{_YEAR})?"
    rf"|{MONTHS}(?:\s+of)?\s+{_YEAR}|{_YEAR}-\d\d-\d\d)"
)
_NUMWORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
_UNIT = r"(?:days?|weeks?|months?|years?)"
#: "since the strike began on February 24": the verbs that say when a count started.
_STARTED = r"(?:began|begun|started|erupted|broke\s+out|was\s+launched|were\s+launched|launched)"

#: Date expressions, most specific first; each named group is one kind.
DATE_RE = re.compile(
    rf"\b(?:"
    rf"(?P<since>(?:ever\s+)?since\s+(?:(?:the\s+)?(?:[\w’'-]+\s+){{1,5}}?{_STARTED}\s+(?:on\s+|in\s+)?"
    rf"(?:{_CAL}|{_WEEKDAY}|{MONTHS}|{_YEAR})"
    rf"|{_CAL}|{_WEEKDAY}|{MONTHS}|{_YEAR}|the\s+(?:start|beginning)\s+of\s+[\w\s’']+?"
    rf"(?=[,.;]|$)|(?:the\s+)?(?:war|conflict|offensive)\s+began|(?:the\s+)?(?:war|conflict|offensive)))"
    rf"|(?P<explicit>(?:(?:on|as\s+of|by|in|since)\s+)?(?:{_WEEKDAY},?\s+)?{_CAL}|in\s+{_YEAR}|by\s+{_YEAR}(?!\s+[a-z]+s\b)|as\s+of\s+{_WEEKDAY})"
    rf"|(?P<month>(?:(?:in|since|last|this)\s+|(?<=\ba\s)|(?<=\bthe\s))(?:January|February|March|April|June|July|August|"
    rf"September|October|November|December)\b(?!\s+\d))"
    rf"|(?P<weekday>(?:(?:on|last|this)\s+)?{_WEEKDAY}(?:\s+\((?:{MONTHS}\s+{_DAY}|{_DAY}\s+{MONTHS})\))?)"
    rf"|(?P<ago>{_NUMWORD}\s+{_UNIT}\s+ago)"
    rf"|(?P<last>(?:last|this|earlier\s+this|later\s+this|next)\s+(?:week|month|year))"
    rf"|(?P<dayword>yesterday|today|tonight|this\s+morning)"
    rf"|(?P<period>(?:over|in|during|for)\s+the\s+(?:past|last)\s+(?:{_NUMWORD}\s+)?{_UNIT})"
    rf"|(?P<present>so\s+far|to\s+date|currently|now|as\s+of\s+(?:now|today)"
    rf"|still(?=\s+(?:held|missing|detained|in\s+captivity|alive|being\s+held|unaccounted)))"
    rf")\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # explicit, relative, since, publication
    date: str | None


_STRIP = re.compile(r"^(?:ever\s+since|since|on|as\s+of|by|in|last|this)\s+", re.IGNORECASE)
_HAS_DAY = re.compile(rf"{MONTHS}\s+{_DAY}\b|\b{_DAY}\s+(?:of\s+)?{MONTHS}|\d{{4}}-\d\d-\d\d", re.IGNORECASE)
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_HAS_MONTH = re.compile(MONTHS, re.IGNORECASE)


def _calendar(text: str, base: date | None) -> str | None:
    """ISO date (or YYYY-MM / YYYY) of a calendar expression; None when its year is unknowable."""
    core = _STRIP.sub("", text.strip())
    has_year = bool(_HAS_YEAR.search(core))
    if not has_year and base is None:
        return None
    if not _HAS_MONTH.search(core) and has_year and not re.search(r"\d{4}-\d\d", core):
        return _HAS_YEAR.search(core).group(0)  # "in 2023"
    parsed = resolve_expression(core, base)
    if parsed is None:
        return None
    if not has_year and base is not None and parsed > base:
        try:
            parsed = parsed.replace(year=parsed.year - 1)
        except ValueError:  # 29 February of a leap year
            parsed = parsed.replace(year=parsed.year - 1, day=28)
    if _HAS_DAY.search(core):
        return parsed.isoformat()
    return parsed.isoformat()[:7]


def _weekday(text: str, base: date | None) -> str | None:
    """The named weekday on or before publication ("on Saturday" in a Saturday paper is that day)."""
    paren = re.search(r"\((.+)\)", text)
    if paren:
        return _calendar(paren.group(1), base)
    if base is None:
        return None
    lowered = text.lower()
    target = next(i for i, name in enumerate(WEEKDAYS) if name in lowered)
    delta = (base.weekday() - target) % 7
    if lowered.startswith("last ") and delta == 0:
        delta = 7
    return (base - timedelta(days=delta)).isoformat()


_SINCE_WHEN = re.compile(rf"(?:{_CAL}|{_WEEKDAY}|{MONTHS}(?:\s+{_YEAR})?|{_YEAR})\s*$", re.IGNORECASE)


def resolve(kind: str, text: str, base: date | None) -> tuple[str, str | None]:
    """(kind for the output, ISO date or None) of one matched expression."""
    lowered = text.lower()
    if kind == "since":
        inner = _STRIP.sub("", re.sub(r"^ever\s+", "", text.strip(), flags=re.IGNORECASE))
        when = _SINCE_WHEN.search(inner) if re.search(_STARTED, inner, re.IGNORECASE) else None
        if when is not None:  # "the strike began on February 24": the date after the verb
            inner = when.group(0)
        if re.search(_WEEKDAY, inner, re.IGNORECASE) and not _HAS_MONTH.search(inner):
            return "since", _weekday(inner, base)
        if _HAS_MONTH.search(inner) or _HAS_YEAR.search(inner):
            return "since", _calendar(inner, base)
        return "since", None
    if kind == "explicit":
        if re.match(r"as\s+of\s+" + _WEEKDAY, text, re.IGNORECASE):
            return "relative", _weekday(text, base)
        return "explicit", _calendar(text, base)
    if kind == "month":
        return "explicit", _calendar(text, base)
    if kind == "weekday":
        return "relative", _weekday(text, base)
    if base is None:
        return ("publication" if kind == "present" else "relative"), None
    if kind == "present" or kind == "period":
        return ("publication" if kind == "present" else "relative"), base.isoformat()
    if kind == "dayword":
        shift = 1 if lowered == "yesterday" else 0
        return "relative", (base - timedelta(days=shift)).isoformat()
    if kind == "last":
        unit = lowered.split()[-1]
        step = -1 if lowered.startswith("last") else (1 if lowered.startswith("next") else 0)
        if unit == "year":
            return "relative", str(base.year + step)
        if unit == "month":
            month = base.month + step
            year = base.year + (month - 1) // 12
            return "relative", f"{year:04d}-{(month - 1) % 12 + 1:02d}"
        return "relative", (base + timedelta(days=7 * step)).isoformat()
    parsed = resolve_expression(text, base)  # "a month ago", "two weeks ago"
    return "relative", parsed.isoformat() if parsed else None


def find_dates(text: str, offset: int, base: date | None) -> list[DateMention]:
    """Every date expression in ``text`` (a sentence starting at ``offset``), resolved against ``base``."""
    out = []
    for m in DATE_RE.finditer(text):
        kind = m.lastgroup or "explicit"
        out_kind, iso = resolve(kind, m.group(0), base)
        out.append(DateMention(m.start() + offset, m.end() + offset, m.group(0), out_kind, iso))
    return out


_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s+(?:while|whereas|but|although|though|and)\b|\bwhile\b|\bbut\b", re.IGNORECASE
)


def choose(
    mentions: list[DateMention], start: int, end: int, sentence_text: str, sent_start: int
) -> DateMention | None:
    """The date mention that dates a claim at ``[start, end)``: same clause first, then nearest."""
    if not mentions:
        return None

    def key(d: DateMention) -> tuple[int, int]:
        lo, hi = (d.end, start) if d.end <= start else (end, d.start)
        between = sentence_text[max(0, lo - sent_start) : max(0, hi - sent_start)]
        return (1 if _CLAUSE_BREAK.search(between) else 0, max(0, hi - lo))

    return min(mentions, key=key)
