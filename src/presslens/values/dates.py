"""Reading dates, in one place: ISO values, partial dates, dates as metadata writes them, and date
expressions resolved against a publication date.

Every reader of dates goes through here (ingest's header dates and declared dates, the claims
component's as-of dates, the cross-article timelines, the store, the report and the web app), so
they agree on what "2024-11", "Mar 16, 2024" or "last Wednesday" means. Two ways in:

- *exact* dates (`exact_date`, `FULL_DATE`): a day written in full ("Mar 16, 2024", "16th March
  2024", "2024-03-16T10:17:00Z"), read by a pattern with no guessing at all. Ingest uses these to
  decide that a header line *is* a date and what a declared publication date says; a month and day
  without a year, or "16/03/2024", is no exact date.
- *written-out* dates and expressions (`parse_date`, `publication_day`, `resolve_expression`): read
  by dateparser, always against an explicit base date (``RELATIVE_BASE`` is the publication date,
  never "now") and never guessing a missing year.

The month names (`MONTHS`) are defined here once for every pattern that looks for dates in text.
Results are cached: a corpus repeats the same few dates many times.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

#: What a missing date prints as in every view (never "None", never an empty cell).
NOT_STATED = "not stated"

_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

#: A month's name or abbreviation ("Mar", "Mar.", "March", "Sept."): match it case-insensitively.
MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:t(?:ember)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_CASELESS_MONTH = f"(?i:{MONTHS})"
#: A day written in full, as metadata and header lines write it: "Mar 16, 2024", "March 16th 2024",
#: "16 Mar. 2024", "2024-03-16" (a time after an ISO date, "T10:17:00Z", is part of the match).
#: Groups: ``m1 d1 y1`` (month first), ``d2 m2 y2`` (day first), ``y3 m3 d3`` (ISO); read them
#: with `exact_date_of`.
FULL_DATE = (
    rf"(?:(?P<m1>{_CASELESS_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_CASELESS_MONTH})\.?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)"
)
#: A time of day after a date: ", 10:17 AM", " at 10.17 GMT+2", " 10:17:00 EST".
TIME_OF_DAY = (
    r"(?:,?\s*(?i:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?i:[ap]\.?m\.?))?"
    r"(?:\s+(?:[A-Z]{2,5}|GMT[+-]\d+))?)?"
)
#: The label a date stamp may carry: "Published:", "Updated on", "Last updated", "Date".
DATE_LABEL = r"(?i:published|posted|updated|last\s+updated|date)(?:\s+(?i:on))?\s*:?\s*"
_WEEKDAY_PREFIX = r"(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)"
#: A date stamp as metadata and header lines write it: an optional label and weekday, a day written
#: in full, an optional time ("Published: Saturday, 16 March 2024 10:17 GMT"); the date is ``when``.
DATE_STAMP = re.compile(rf"(?:{DATE_LABEL})?{_WEEKDAY_PREFIX}?(?P<when>{FULL_DATE}{TIME_OF_DAY})")
_ISO_DAY_START = re.compile(r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?=$|[T ])")


def exact_date_of(match: re.Match[str]) -> str | None:
    """The ISO day of a `FULL_DATE` match, or None when it is no real calendar day ("Feb 30, 2024")."""
    groups = match.groupdict()
    try:
        if groups.get("y1"):
            year, month, day = int(groups["y1"]), _MONTH_NUMBERS[groups["m1"][:3].lower()], int(groups["d1"])
        elif groups.get("y2"):
            year, month, day = int(groups["y2"]), _MONTH_NUMBERS[groups["m2"][:3].lower()], int(groups["d2"])
        else:
            year, month, day = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
        return date(year, month, day).isoformat()
    except (KeyError, TypeError, ValueError):
        return None


def exact_date(value: str) -> str | None:
    """The ISO day of a date stamp written in full ("2024-03-16T10:17:00Z", "Published: 16 March 2024,
    10:17"), else None.

    The whole value must be a `DATE_STAMP`, or start with an ISO day. Nothing is guessed: no
    dateparser, no missing year filled in, a month and day alone or "16/03/2024" is no exact date.
    """
    value = value.strip()
    match = DATE_STAMP.fullmatch(value) or _ISO_DAY_START.match(value)
    return exact_date_of(match) if match else None


@lru_cache(maxsize=4096)
def parse_date(value: str | None) -> date | None:
    """A date from an ISO date, year-month or year (the first day of the period), or a written date.

    Metadata from other sources may be written out ("Mar 16, 2024, 10:17 AM"); dateparser reads
    those, with no guessing from the current date (a missing year makes the value unusable).
    """
    if not value:
        return None
    m = _ISO.match(value.strip())
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:  # "2024-02-30": an impossible date is no date
            return None
    import dateparser  # imported lazily: loading its language data costs ~0.3 s once

    try:
        parsed = dateparser.parse(
            value[:100],
            languages=["en"],
            settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"},
        )
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed else None


def iso_date(value: str | None) -> str | None:
    """``value`` as ISO when it is a readable date not already in ISO form; else ``value`` unchanged."""
    if not value or _ISO.match(value.strip()):
        return value
    parsed = parse_date(value)
    return parsed.isoformat() if parsed else value


def publication_day(value: str | None) -> date | None:
    """The day an article was published, from its metadata value; None unless the day is known.

    Relative dates ("on Wednesday", "last month") are resolved against it, so a year or a month
    alone is not enough.
    """
    if not value:
        return None
    text = value.strip()
    if _ISO.match(text):
        m = re.match(r"(\d{4})-(\d\d)-(\d\d)", text)
        if not m:
            return None
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    parsed = parse_date(text)
    return parsed if parsed and re.search(r"\d{1,2}\D+\d{4}|\d{4}\D+\d{1,2}\D", text) else None


@lru_cache(maxsize=2048)
def resolve_expression(text: str, base: date | None) -> date | None:
    """A date expression ("March 13", "two weeks ago", "May 2024") resolved against ``base``."""
    import dateparser

    settings: dict = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12)
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):  # odd strings from untrusted text: no date, no crash
        return None
    return parsed.date() if parsed else None


def date_label(value: str | None) -> str:
    """A date for display: the value as stored, or "not stated"."""
    return value if value else NOT_STATED
