"""Printing figures the way the text means them: "$45 million", "40%", "more than 5%", "hundreds".

One formatter for every view (the report, the web app's pages and charts, the exports' display
column), so that a figure never reads differently in two places. A vague amount is printed as its
words, never as a number; a figure with a scale keeps it ("$1m" prints as "$1 million"); a currency
prints with its sign when it has one ("€840,000"), else with its code ("700,000 IRR").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from presslens.values.dates import NOT_STATED
from presslens.values.numbers import vocabulary


def number(value: object) -> str:
    """A number for display: thousands separators, no trailing ``.0`` (43000.0 -> "43,000")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _scaled(value: float, scale: str | None) -> str:
    """``value`` in units of its scale word when it has one: 45_000_000, "million" -> "45 million"."""
    factor = vocabulary().scales.get(scale or "", 0)
    if factor and abs(value) >= factor:
        return f"{number(round(value / factor, 3))} {scale}"
    return number(value)


def _amount(low: float, high: float | None, scale: str | None, between: bool) -> str:
    if high is None or high == low:
        return _scaled(low, scale)
    factor = vocabulary().scales.get(scale or "", 0)
    if factor and abs(low) >= factor and abs(high) >= factor:  # "10–15 million"
        a, b = number(round(low / factor, 3)), f"{number(round(high / factor, 3))} {scale}"
    else:
        a, b = _scaled(low, scale), _scaled(high, scale)
    return f"{a} and {b}" if between else f"{a}–{b}"


def _with_unit(amount: str, unit: str | None, singular: bool) -> str:
    if not unit or unit == "count":
        return amount
    if unit == "percent":
        return f"{amount}%"
    if unit == "points":
        return f"{amount} point" if singular else f"{amount} points"
    if unit == "rate":
        return f"{amount} (exchange rate)"
    sign = vocabulary().display.get(unit)
    if sign:
        return f"{sign}{amount}"
    return f"{amount} {unit}"


def format_figure(
    low: float | None,
    high: float | None = None,
    unit: str | None = "count",
    qualifier: str | None = None,
    approx: bool = False,
    scale: str | None = None,
    vague: bool = False,
    as_written: str | None = None,
) -> str:
    """The figure as a reader would say it (see the module docstring); "" when there is no value."""
    if vague:
        text = as_written or (f"{number(low)}–{number(high)}" if high is not None else number(low))
        if unit and unit not in ("count", "percent", "points", "fraction"):
            text = f"{text} ({unit})"
        if qualifier and qualifier.lower() not in text.lower():
            text = f"{qualifier} {text}"
        return text
    if low is None:
        return as_written or ""
    if unit == "fraction":
        text = as_written or _share(low, high)
    else:
        between = bool(qualifier and qualifier.lower().endswith("between"))
        text = _with_unit(_amount(low, high, scale, between), unit, low == 1 and high is None)
    if qualifier:
        return f"{qualifier} {text}"
    if approx:
        return f"about {text}"
    return text


def _share(low: float, high: float | None) -> str:
    if high is not None and high != low:
        return f"{low * 100:.0f}–{high * 100:.0f}%"
    return f"{low * 100:.0f}%"


def _getter(record: Any) -> Any:
    """``get(key, default)`` over a typed record or its JSON object (stored articles are dicts)."""
    if isinstance(record, Mapping):
        return record.get

    def get(key: str, default: Any = None) -> Any:
        return getattr(record, key, default)

    return get


def counted_label(count_of: Any) -> str:
    """What a figure counts, as written, and what it stands for when it points back to an earlier
    figure: "number → worker" for "put the number at nearly 2,000" after "3,000 workers", "them →
    captive" for "over 100 of them" (the group /quantities files it under), in the speakers'
    "as written → resolved" form; "" when nothing counted was found."""
    if not count_of:
        return ""
    get = _getter(count_of)
    text, head = get("text") or "", get("head") or ""
    if get("refers_to") and head and head.casefold() not in text.casefold():
        return f"{text} → {head}" if text else head
    return text or head


def format_value(value: Any) -> str:
    """`format_figure` of a claim's value: a `ClaimValue` record or its JSON object."""
    if not value:  # None, or a template's undefined value
        return ""
    get = _getter(value)
    return format_figure(
        get("low"),
        get("high"),
        get("unit") or "count",
        get("qualifier"),
        bool(get("approx")),
        get("scale"),
        bool(get("vague")),
        get("as_written"),
    )


def since_of(as_of: Any) -> str | None:
    """The start of a running total ("since February 24" -> "2025-02-24", or the words when the
    date could not be read); None for a figure that is not a running total."""
    if not as_of:  # None, or a template's undefined value
        return None
    get = _getter(as_of)
    if get("kind") != "since":
        return None
    return get("date") or _SINCE_WORD.sub("", get("text") or "") or None


#: The word "since" in front of an unread start ("since the strike began"): every view prints the
#: start after "since:", so it would read twice.
_SINCE_WORD = re.compile(r"^\s*since\s+", re.I)


def held_on(as_of: Any, published: str | None) -> str | None:
    """The date a figure holds for: its as-of date, or the publication date for a running total
    ("since February 24": the count as of publication) and for a present-tense figure."""
    if not as_of:  # None, or a template's undefined value
        return None
    get = _getter(as_of)
    return published if get("kind") == "since" else get("date")


def as_of_label(as_of: Any, published: str | None = None) -> str:
    """The date a figure holds for, as one cell: "2024-03-16", "2025-03-14 (since: 2025-02-24)",
    "2024-02 (relative)", "last month (date not stated)", "not stated" (never empty, never "None").

    A running total ("since February 24") holds at publication (``published``): the layer's
    ``as_of.date`` is the start of the count (the annotation guideline's convention), so both are
    shown.
    """
    if not as_of:  # None, or a template's undefined value
        return NOT_STATED
    get = _getter(as_of)
    day, kind, text = get("date"), get("kind"), get("text")
    if kind == "since":
        return f"{published or 'publication date ' + NOT_STATED} (since: {since_of(as_of)})"
    shown = day or (f"{text} (date {NOT_STATED})" if text else NOT_STATED)
    if day and kind and kind != "explicit":
        shown = f"{shown} ({kind})"
    return shown
