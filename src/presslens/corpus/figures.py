"""Figures of one article as flat rows: what each claim counts, its value, date and source.

The per-article half of the cross-article figures view (`presslens.corpus.quantities` groups these
rows into timelines). The store's exports and the Parquet corpus's ``figures`` table write the same
rows, so they read them from here, never from the cross-article module. A row holds the figure as the
text means it (a vague amount as its range), the quantity key (`presslens.corpus.quantity_key`), the
as-of date or, failing one, the publication date (marked as such), and the source as written.
"""

from __future__ import annotations

import re
from typing import Any

from presslens.corpus.quantity_key import key_of, normalise_event, story_names
from presslens.values.dates import iso_date
from presslens.values.display import format_value
from presslens.values.numbers import interval as value_interval
from presslens.values.words import singular


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
        story: frozenset[str] | None = None  # the article's names, read once for all its claims
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
            story = story_names(article) if story is None else story
            key = key_of(article, claim, count_text, head, event_label, unit, held, story)
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


