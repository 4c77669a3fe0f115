"""Reading dates, in one place: ISO values, partial dates, dates as metadata writes them, and date
expressions resolved against a publication date.

Every reader of dates goes through here (the claims component's as-of dates, the cross-article
timelines, the store, the report and the web app), so they agree on what "2024-11", "Mar 16, 2024"
or "last Wednesday" means. Written-out dates are read by dateparser, always against an explicit base
date (``RELATIVE_BASE`` is the publication date, never "now") and never guessing a missing year.
Results are cached: a corpus repeats the same few dates many times.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

#: What a missing date prints as in every view (never "None", never an empty cell).
NOT_STATED = "not stated"

_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


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
