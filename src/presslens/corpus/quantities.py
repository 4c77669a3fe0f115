"""Figures across articles: group claims about the same quantity and lay them out as timelines.

Two outlets rarely word a figure alike ("890 Israeli soldiers", "1,200 soldiers and officers of the
occupation army"), so claims are grouped by a normalised *quantity*: the counted thing's head noun
mapped through the synonym table below, plus the event (killed, wounded, held...) and a place. Each
group becomes a timeline of who said what figure, as of when, on whose authority. Two checks are
made, neither of which judges which figure is true:

* a **discrepancy**: two figures for the same quantity and period (as-of dates within
  ``period_days`` of each other, or both undated) that differ by more than ``tolerance`` (relative);
* a **stale** figure: one whose date is older than the latest figure for the same quantity by more
  than ``stale_days``, when that newer figure was already dated on or before the stale figure's
  article was published, and the article gives no newer figure for the quantity itself (an article
  recalling "250 by late October" beside today's 600 is giving history, not a stale figure).

A claim with no as-of date is dated by its article's publication date, and marked as such.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from presslens.corpus.quantity_key import counted_and_event, key_of, normalise_event
from presslens.values.dates import iso_date, parse_date
from presslens.values.display import format_value
from presslens.values.numbers import interval as value_interval
from presslens.values.words import singular


def normalise_quantity(
    count_of: str | None, head: str | None, event: str | None, context: str = "", lead: str = ""
) -> tuple[str, str]:
    """(counted thing, normalised event) of a claim read alone, '' when nothing is counted.

    Kept for callers of the first releases; grouping now weighs the whole `QuantityKey`.
    """
    counted, head_word, ev = counted_and_event(head, count_of, event)
    return (head_word or counted), ev


def _context(article: dict[str, Any], start: int, end: int) -> str:
    """The claim's sentence and the one before it: where a place or side is usually named."""
    text = article["text"]
    sentences = article.get("sentences") or []
    for i, sent in enumerate(sentences):
        if sent["start"] <= start < sent["end"]:
            first = sentences[i - 1]["start"] if i else sent["start"]
            return text[first : max(sent["end"], end)]
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    lo = max(text.rfind(".", 0, max(lo - 1, 0)), 0) if lo > 1 else 0
    hi = text.find(".", end)
    return text[lo : hi if hi != -1 else len(text)]


#: "Israeli death toll numbers stand at over 500": a toll named just before a bare figure says what
#: it counts (the claims layer leaves `count_of` empty there). Group 1 is the toll's owner.
_TOLL_LEAD = re.compile(
    r"\b((?:[A-Z][\w’']+\s+)?(?:[A-Z][\w’']+))?\s*(?:military\s+|army\s+)?death toll"
    r"(?:\s+\w+){0,3}?\s+(?:stands?|stood|is|was|has\s+reached|reached|rose|climbed|now)"
    r"(?:\s+(?:at|to))?\s*$"
)
#: Words saying the dead of a toll were soldiers ("eliminate its own army", "injured soldiers").
_MILITARY = re.compile(r"\b(army|soldiers?|troops?|military|officers?)\b", re.I)
#: "20,000 deaths among Hamas fighters": deaths counted among a group name the group and the event.
_DEATHS_AMONG = re.compile(r"^\s+(?:among|of)\s+((?:[\w’']+\s+){0,2}[\w’']+s)\b")
_DEATH_HEADS = frozenset({"death", "fatality", "casualty"})
#: The clause before a figure stops at these (the lead must not reach into another clause).
_CLAUSE_START = re.compile(r"[.;:!?\n]|,\s+(?:while|but|and|though|whereas)\b")


def _lead(article: dict[str, Any], start: int) -> str:
    """The claim's clause up to the figure (at most 80 characters before it)."""
    text = article["text"][max(0, start - 80) : start]
    cuts = [m.end() for m in _CLAUSE_START.finditer(text)]
    return text[cuts[-1] :] if cuts else text


def _complete(
    article: dict[str, Any],
    claim: dict[str, Any],
    count_text: str | None,
    head: str | None,
    event: str | None,
) -> tuple[str | None, str | None, str | None]:
    """Fill in what is counted where the words around the figure say it and the claim does not.

    Two patterns, both read from the article text beside the span: a bare figure after "<owner>
    death toll ... stands at" counts the owner's dead (soldiers when the sentence is about an army),
    and "N deaths among <group>" counts the group's dead.
    """
    text = article["text"]
    if not count_text:
        m = _TOLL_LEAD.search(_lead(article, claim["start"]))
        if m:
            owner = m.group(1) or ""
            sentence = _context(article, claim["start"], claim["end"])
            noun = "soldiers" if _MILITARY.search(sentence) else "people"
            return f"{owner} {noun}".strip(), noun, "killed"
        if normalise_event(event) == "taken captive":  # "roughly 250 were taken captive": captives
            return "captives", "captive", event
        return count_text, head, event
    if singular(head or count_text.split()[-1]) in _DEATH_HEADS:
        m = _DEATHS_AMONG.match(text[claim["end"] : claim["end"] + 60])
        if m:
            group = m.group(1)
            return group, group.split()[-1], "killed"
    return count_text, head, event


def claim_unit(claim: dict[str, Any]) -> str:
    """The claim's unit: beside `value` per the contract, or inside it as some producers write it."""
    value = claim.get("value") if isinstance(claim.get("value"), dict) else {}
    return str(claim.get("unit") or value.get("unit") or "")


def attribution_label(attribution: dict[str, Any] | None) -> str | None:
    """The source as written, with the person a pronoun was resolved to: "He (Tomas Ekwall)"."""
    if not isinstance(attribution, dict) or not attribution.get("source"):
        return None
    resolved = attribution.get("resolved")
    if isinstance(resolved, dict) and resolved.get("name"):
        return f"{attribution['source']} ({resolved['name']})"
    return str(attribution["source"])


def claim_entries(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat entry per claim with a number: figure, quantity, date (or fallback) and source."""
    out = []
    for article in articles:
        for claim in article.get("claims") or []:
            value = claim.get("value") or {}
            if not isinstance(value, dict) or value.get("low") is None:
                continue
            count_of = claim.get("count_of") or {}
            event = claim.get("event") or {}
            if event.get("negated"):
                continue
            count_text, head, event_label = _complete(
                article, claim, count_of.get("text"), count_of.get("head"), event.get("label")
            )
            unit = claim_unit(claim)
            as_of = claim.get("as_of") or {}
            # "nearly 250 ... since October 27" is a running total: it holds at publication, and
            # October 27 is where the count starts, not the day the figure is true for
            since = as_of.get("date") if as_of.get("kind") == "since" else None
            held = None if since else as_of.get("date")
            published = iso_date(article.get("published"))
            fallback = not held and bool(published)
            day = held or published or since
            attribution = claim.get("attribution") or {}
            key = key_of(article, claim, count_text, head, event_label, unit, held)
            out.append(
                {
                    "quantity": key.label(),
                    "event": key.event,
                    "article_id": article["id"],
                    "claim_id": claim.get("id"),
                    "outlet": article.get("outlet_name") or article.get("outlet") or "(outlet not stated)",
                    "title": article.get("title"),
                    "published": article.get("published"),
                    "text": claim.get("text"),
                    "start": claim["start"],
                    "end": claim["end"],
                    "count_of": count_text,
                    "unit": unit or None,
                    # a vague amount is its range here ("hundreds": 100-999): compared and drawn as one
                    "low": (value.get("vague_range") or [value.get("low")])[0],
                    "high": (value.get("vague_range") or [None, value.get("high")])[1],
                    "qualifier": value.get("qualifier"),
                    "approx": bool(value.get("approx")),
                    "scale": value.get("scale"),
                    "vague": bool(value.get("vague")),
                    "as_written": value.get("as_written"),
                    "figure": format_value({**value, "unit": unit or value.get("unit")}),
                    "date": day,
                    "date_is_publication": fallback,
                    "since": since,
                    "as_of_text": as_of.get("text"),
                    "source": attribution_label(attribution),
                    "key": key,
                }
            )
    return out


def interval(entry: dict[str, Any]) -> tuple[float, float]:
    """The range a figure asserts: "more than 900" is [900, inf), "nearly 900" is [0, 900]."""
    high = float(entry["high"]) if entry.get("high") is not None else None
    return value_interval(float(entry["low"]), high, entry.get("qualifier"))


def relative_gap(a: dict[str, Any], b: dict[str, Any]) -> float:
    """0 when the two ranges overlap, else the gap between them relative to the larger figure."""
    (a_lo, a_hi), (b_lo, b_hi) = interval(a), interval(b)
    if a_hi < b_lo:
        return (b_lo - a_hi) / b_lo if b_lo else math.inf
    if b_hi < a_lo:
        return (a_lo - b_hi) / a_lo if a_lo else math.inf
    return 0.0


def same_period(a: dict[str, Any], b: dict[str, Any], period_days: int) -> bool:
    da, db = parse_date(a.get("date")), parse_date(b.get("date"))
    if da is None and db is None:
        return True
    if da is None or db is None:
        return False
    return abs((da - db).days) <= period_days


def _mark_stale(entries: list[dict[str, Any]], stale_days: int) -> list[int]:
    """Set ``days_behind_latest`` and ``stale`` on each entry (see the module docstring); return stale ns.

    Sorted dates and each article's newest date make this O(n log n) per group, not O(n^2).
    """
    dates = sorted(d for e in entries if (d := parse_date(e["date"])))
    newest_in_article: dict[str, date] = {}
    for e in entries:
        d = parse_date(e["date"])
        if d and (e["article_id"] not in newest_in_article or d > newest_in_article[e["article_id"]]):
            newest_in_article[e["article_id"]] = d
    stale = []
    for entry in entries:
        entry["days_behind_latest"], entry["stale"] = 0, False
        day = parse_date(entry["date"])
        if day is None or not dates:
            continue
        published = parse_date(iso_date(entry.get("published")))
        known = dates[: bisect_right(dates, published)] if published else dates
        newest_known = max(known[-1], day) if known else day
        entry["days_behind_latest"] = (newest_known - day).days
        own_newer = newest_in_article[entry["article_id"]] > day
        entry["stale"] = entry["days_behind_latest"] > stale_days and not own_newer
        if entry["stale"]:
            stale.append(entry["n"])
    return stale


def _discrepancies(
    entries: list[dict[str, Any]], tolerance: float, period_days: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Pairs of figures in the same period that disagree: the first ``limit`` of them, and how many.

    Entries are sorted by date, so each is compared only with the later ones inside its window;
    undated figures are compared among themselves.
    """
    found: list[dict[str, Any]] = []
    total = 0
    dated = [(d, e) for e in entries if (d := parse_date(e["date"]))]
    undated = [(None, e) for e in entries if not parse_date(e["date"])]
    for pool in (dated, undated):
        for i, (da, a) in enumerate(pool):
            for db, b in pool[i + 1 :]:
                if da is not None and (db - da).days > period_days:
                    break
                if a["article_id"] == b["article_id"]:
                    continue
                gap = relative_gap(a, b)
                if gap > tolerance:
                    total += 1
                    if len(found) < limit:
                        found.append(
                            {
                                "a": a["n"],
                                "b": b["n"],
                                "relative_gap": round(gap, 3),
                                "outlets": [a["outlet"], b["outlet"]],
                            }
                        )
    return found, total


def timelines(
    articles: list[dict[str, Any]],
    tolerance: float = 0.10,
    period_days: int = 14,
    stale_days: int = 30,
    max_pairs: int = 200,
    overrides: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Claims grouped by what they count (`presslens.corpus.grouping`), each group a dated timeline.

    ``overrides`` are the user's merges and splits (`presslens.store.overrides`). At most
    ``max_pairs`` discrepancies are listed per group (``discrepancy_total`` counts them all): a story
    republished a hundred times must not make the page quadratic.
    """
    from presslens.corpus.grouping import cluster

    entries = claim_entries(articles)
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry, number in zip(entries, cluster(entries, overrides=overrides), strict=True):
        entry["key"] = entry["key"].to_dict()  # JSON from here on (pages, exports)
        groups[number].append(entry)
    out = []
    for members in groups.values():
        name, ev = group_name(members)
        out.append(timeline(name, ev, members, tolerance, period_days, stale_days, max_pairs))
    return sort_timelines(out)


def timelines_by_key(
    articles: list[dict[str, Any]],
    tolerance: float = 0.10,
    period_days: int = 14,
    stale_days: int = 30,
    max_pairs: int = 200,
) -> list[dict[str, Any]]:
    """Claims grouped by their key's label and event alone: one pass, no pair scores.

    What the Parquet/DuckDB path computes for corpora beyond one machine (`presslens.scale.views`),
    where scoring pairs across partitions is not done; coarser than `timelines` (docs/scale.md).
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in claim_entries(articles):
        entry["key"] = entry["key"].to_dict()
        groups[(entry["quantity"], entry["event"])].append(entry)
    out = [
        timeline(name, ev, entries, tolerance, period_days, stale_days, max_pairs)
        for (name, ev), entries in groups.items()
    ]
    return sort_timelines(out)


def group_name(entries: list[dict[str, Any]]) -> tuple[str, str]:
    """The group's (quantity, event): the most frequent among its figures (ties: the first figure's)."""
    names = Counter(e["quantity"] for e in entries)
    events = Counter(e["event"] for e in entries if e["event"])
    name = max(names, key=lambda n: (names[n], -next(i for i, e in enumerate(entries) if e["quantity"] == n)))
    return name, events.most_common(1)[0][0] if events else ""


def timeline(
    name: str,
    ev: str,
    entries: list[dict[str, Any]],
    tolerance: float = 0.10,
    period_days: int = 14,
    stale_days: int = 30,
    max_pairs: int = 200,
) -> dict[str, Any]:
    """One (quantity, event) group from its `claim_entries`, given in article order (then claim order).

    Works on one group at a time, so a corpus too large for memory can be grouped elsewhere
    (DuckDB over the Parquet corpus) and each group flagged here.
    """
    entries.sort(key=lambda e: (parse_date(e["date"]) or date.min, e["outlet"]))
    for i, entry in enumerate(entries):
        entry["n"] = i + 1
    dated = [d for e in entries if (d := parse_date(e["date"]))]
    latest = max(dated) if dated else None
    stale = _mark_stale(entries, stale_days)
    discrepancies, total = _discrepancies(entries, tolerance, period_days, max_pairs)
    return {
        "quantity": name,
        "event": ev,
        "label": f"{name} {ev}".strip() if ev and ev not in name else name,
        "known": len({e["article_id"] for e in entries}) > 1,
        "entries": entries,
        "outlets": sorted({e["outlet"] for e in entries}),
        "latest": latest.isoformat() if latest else None,
        "discrepancies": discrepancies,
        "discrepancy_total": total,
        "stale": stale,
    }


def sort_timelines(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Known quantities first, then the most outlets, the most figures; ties by label, quantity, event."""
    return sorted(
        groups,
        key=lambda g: (
            not g["known"],
            -len(g["outlets"]),
            -len(g["entries"]),
            g["label"],
            g["quantity"],
            g["event"],
        ),
    )


def settings(tolerance: float, period_days: int, stale_days: int) -> dict[str, Any]:
    return {"tolerance": tolerance, "period_days": period_days, "stale_days": stale_days}
