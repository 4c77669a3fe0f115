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
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from presslens.values.dates import iso_date, parse_date
from presslens.values.display import format_value
from presslens.values.numbers import interval as value_interval

#: Head nouns (singular) that name each known quantity, with the words that must also appear in the
#: counted thing or its sentence. Order matters: the first rule that matches wins.
ISRAEL_CUES = re.compile(r"\b(israel\w*|idf|zionist|occupation (?:army|forces?))\b", re.I)
GAZA_CUE = re.compile(r"\bgaza\b", re.I)
HAMAS_CUE = re.compile(r"\b(hamas|qassam)\b", re.I)


@dataclass(frozen=True)
class QuantityRule:
    name: str
    heads: frozenset[str]
    cue: re.Pattern[str] | None  # must match the counted thing or its sentence
    event: str | None  # required (normalised) event, or None for any
    cue_in_count_only: bool = False
    exclude: re.Pattern[str] | None = None  # the counted thing must not match this


QUANTITY_RULES: tuple[QuantityRule, ...] = (
    QuantityRule(
        "Israeli soldiers",
        frozenset({"soldier", "troop", "officer", "reservist", "serviceman"}),
        ISRAEL_CUES,
        None,
    ),
    QuantityRule(
        "Palestinians killed in Gaza",
        frozenset({"palestinian", "people", "person", "civilian", "resident", "gazan"}),
        GAZA_CUE,
        "killed",
    ),
    QuantityRule(  # a combined figure: kept beside, never merged with, the count of the dead
        "Palestinians killed or injured in Gaza",
        frozenset({"palestinian", "people", "person", "civilian", "resident", "gazan"}),
        GAZA_CUE,
        "killed and injured",
    ),
    QuantityRule(
        "captives held in Gaza",
        frozenset({"captive", "hostage", "abductee"}),
        None,
        None,
        exclude=re.compile(r"\bpalestinian", re.I),  # Palestinians held by Israel are another count
    ),
    QuantityRule(
        "Hamas fighters",
        frozenset({"fighter", "member", "militant", "operative", "terrorist", "gunman"}),
        HAMAS_CUE,
        None,
        cue_in_count_only=True,
    ),
)

#: Event wordings folded together (the claims layer's `event.label` as written -> normalised).
EVENT_SYNONYMS = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "lost": "killed",
    "slain": "killed",
    "martyred": "killed",
    "deaths": "killed",
    "wounded": "wounded",
    "injured": "wounded",
    "held": "held",
    # taking captives is its own count: "250 taken" on 7 October is not "128 still held" months later
    "taken captive": "taken",
    "taken hostage": "taken",
    "abducted": "taken",
    "kidnapped": "taken",
    "captive": "held",
    "released": "released",
    "freed": "released",
}

#: Heads that only point back to something counted earlier ("52,586 others", "four more", "100 of
#: them"): without the claims layer resolving them they name no quantity, so they are left out.
ANAPHORIC_HEADS = frozenset({"other", "more", "them", "those", "these", "whom", "which", "it", "they", "one"})

#: Units other than plain counts get their own groups ("percent", "USD"...); these mean a count.
COUNT_UNITS = frozenset({"", "count", "people", "persons"})

#: Places recognised in a counted thing or claim (for quantities outside the synonym table).
PLACES = ("Gaza", "West Bank", "Lebanon", "Israel", "Iran", "Syria", "Yemen", "Iraq", "Jerusalem", "Rafah")
_PLACE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PLACES) + r")\b", re.I)


def singular(word: str) -> str:
    word = word.lower().strip()
    if word in ("people", "police", "staff"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise_event(label: str | None) -> str:
    if not label:
        return ""
    label = label.lower().strip()
    return EVENT_SYNONYMS.get(label, label)


def normalise_quantity(
    count_of: str | None, head: str | None, event: str | None, context: str = "", lead: str = ""
) -> tuple[str, str]:
    """(quantity name, normalised event) for a claim; the name is '' when nothing is counted.

    ``lead`` is the claim's own clause up to the figure ("Hamas's fighting force at"): rules whose
    cue must be in the counted thing also accept it there, where the owner of a count is often named.
    """
    count_text = (count_of or "").strip()
    head_word = singular(head or (count_text.split()[-1] if count_text else ""))
    ev = normalise_event(event)
    for rule in QUANTITY_RULES:
        if head_word not in rule.heads:
            continue
        if rule.event and ev != rule.event:
            continue
        haystack = f"{count_text} {lead}" if rule.cue_in_count_only else f"{count_text} {context}"
        if rule.cue and not rule.cue.search(haystack):
            continue
        if rule.exclude and rule.exclude.search(count_text):
            continue
        if rule.name == "captives held in Gaza" and ev in ("", "held"):
            return rule.name, "held"
        if rule.name == "captives held in Gaza" and ev == "taken":
            return "captives taken to Gaza", "taken"
        if rule.name == "Palestinians killed in Gaza":
            return rule.name, "killed"
        if rule.name == "Palestinians killed or injured in Gaza":
            return rule.name, "killed or injured"
        return rule.name, ev
    if not head_word or head_word in ANAPHORIC_HEADS:
        return "", ev
    place = _PLACE.search(count_text) or _PLACE.search(context)
    name = head_word + (f" ({place.group(1).title()})" if place else "")
    return name, ev


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
        if normalise_event(event) == "taken":  # "roughly 250 were taken captive": captives
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
            context = _context(article, claim["start"], claim["end"])
            count_text, head, event_label = _complete(
                article, claim, count_of.get("text"), count_of.get("head"), event.get("label")
            )
            name, ev = normalise_quantity(
                count_text, head, event_label, context, _lead(article, claim["start"])
            )
            if not name:
                continue
            unit = claim_unit(claim)
            if unit.lower() not in COUNT_UNITS:
                name = f"{name} [{unit}]"
            as_of = claim.get("as_of") or {}
            # "nearly 250 ... since October 27" is a running total: it holds at publication, and
            # October 27 is where the count starts, not the day the figure is true for
            since = as_of.get("date") if as_of.get("kind") == "since" else None
            held = None if since else as_of.get("date")
            published = iso_date(article.get("published"))
            fallback = not held and bool(published)
            day = held or published or since
            attribution = claim.get("attribution") or {}
            out.append(
                {
                    "quantity": name,
                    "event": ev,
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
) -> list[dict[str, Any]]:
    """Claims grouped by (quantity, event), each group a dated timeline with its flags.

    At most ``max_pairs`` discrepancies are listed per group (``discrepancy_total`` counts them all):
    a story republished a hundred times must not make the page quadratic.
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in claim_entries(articles):
        groups[(entry["quantity"], entry["event"])].append(entry)
    out = [
        timeline(name, ev, entries, tolerance, period_days, stale_days, max_pairs)
        for (name, ev), entries in groups.items()
    ]
    return sort_timelines(out)


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
        "known": any(rule.name == name for rule in QUANTITY_RULES),
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
