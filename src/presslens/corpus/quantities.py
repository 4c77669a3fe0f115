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

A claim with no as-of date is dated by its article's publication date, and marked as such. The
figures come as one flat row per claim from `presslens.corpus.figures` (one article at a time), which
is also where the store and the Parquet corpus take them from.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from presslens.corpus.figures import claim_entries, interval
from presslens.corpus.quantity_key import counted_and_event, names_conflict
from presslens.values.dates import iso_date, parse_date
from presslens.values.words import singular
from presslens.vocab import load as load_resource


def normalise_quantity(
    count_of: str | None, head: str | None, event: str | None, context: str = "", lead: str = ""
) -> tuple[str, str]:
    """(counted thing, normalised event) of a claim read alone, '' when nothing is counted.

    Kept for callers of the first releases; grouping now weighs the whole `QuantityKey`.
    """
    counted, head_word, ev = counted_and_event(head, count_of, event)
    return (head_word or counted), ev


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
    links = [*restatements(articles), *overrides]  # the user's splits still win over these
    for entry, number in zip(entries, cluster(entries, overrides=links), strict=True):
        entry["key"] = entry["key"].to_dict()  # JSON from here on (pages, exports)
        groups[number].append(entry)
    out = []
    for members in groups.values():
        name, ev = group_name(members)
        out.append(timeline(name, ev, members, tolerance, period_days, stale_days, max_pairs))
    return sort_timelines(out)


#: Tally nouns whose level restates the figure they point back to ("put the number at"; numbers.json).
_RESTATING_NOUNS = frozenset(load_resource("numbers.json")["counted_elsewhere"].get("restating_tallies", ()))


def restatements(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merges for figures a tally noun says restate an earlier one of their article.

    "Varga said that between 3,000 and 3,500 workers had joined the walkout, while port officials put
    the number at nearly 2,000": the claims layer reads "the number" as the workers' (`count_of` on the
    noun, `refers_to` the union's figure), so the two are one quantity stated twice, the side by side
    /quantities exists for, whatever their values. "100 of them" or "four more" also point back, but to
    a part or to others, so only a tally noun's reference links, and only when the figure is the level
    the noun is put at or stands at: "the magic number of 2,383 needed" after "71 delegates short"
    counts delegates too, but another quantity of them.
    """
    out = []
    for article in articles:
        text = article.get("text") or ""
        for claim in article.get("claims") or []:
            count_of = claim.get("count_of") or {}
            ref = count_of.get("refers_to")
            words = str(count_of.get("text") or "").lower().split()
            if not (isinstance(ref, dict) and words and singular(words[-1]) in _RESTATING_NOUNS):
                continue
            between = text[count_of.get("end") or 0 : claim["start"]].lower().split()
            if between[:1] != ["of"]:  # "the magic number of 2,383 needed": another quantity, no level
                here = {"article_id": article["id"], "start": claim["start"]}
                there = {"article_id": article["id"], "start": ref["start"]}
                out.append({"action": "merge", "a": here, "b": there})
    return out


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
    """The group's (quantity, event): the most frequent among its figures (ties: the first figure's).

    A name that says whose the counted things are ("captive (Israeli) held") is preferred when the
    figures that name an owner agree on it: a reader must see whose figures the group holds.
    """
    names = Counter(e["quantity"] for e in entries)
    keys = [e["key"] for e in entries if isinstance(e.get("key"), dict)]
    owners = {frozenset(k["whose"]) for k in keys if k.get("whose")}
    # "palestinian killed" names its owner too (the counted noun is the group): not only "x (owner)"
    owned = Counter(e["quantity"] for e in entries if isinstance(e.get("key"), dict) and e["key"]["whose"])
    if owned and not any(names_conflict(a, b) for a in owners for b in owners):
        names = owned
    events = Counter(e["event"] for e in entries if e["event"])
    name = max(names, key=lambda n: (names[n], -next(i for i, e in enumerate(entries) if e["quantity"] == n)))
    named = [e for e in entries if e["quantity"] == name]
    if all(_counts_nothing(e) for e in named):
        name = _nothing_counted_name(named[0])
    return name, events.most_common(1)[0][0] if events else ""


def _counts_nothing(entry: dict[str, Any]) -> bool:
    """A count or rate whose key names nothing counted (a share or an amount of money says what it is)."""
    key = entry.get("key")
    return (
        isinstance(key, dict)
        and not key.get("head")
        and not key.get("counted")
        and (key.get("unit") not in ("share", "money"))
    )


#: The words after a figure's last digit: what an exchange rate is to ("700,000 to the US dollar").
_AFTER_NUMBER = re.compile(r"^.*\d[\d,.]*\s*")


def _nothing_counted_name(entry: dict[str, Any]) -> str:
    """A name a reader can tell apart for a group whose figures name nothing counted.

    Two such groups must not share a bare name ("figure"): an exchange rate is named by what it is a
    rate to ("exchange rate to the US dollar"), any other by saying so and quoting its first figure
    ("(nothing counted) nearly 2,000").
    """
    text = " ".join(str(entry.get("text") or entry.get("figure") or "").split())
    if (entry.get("unit") or "") == "rate":
        return f"exchange rate {_AFTER_NUMBER.sub('', text)}".strip()
    return f"(nothing counted) {text}".strip()


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
