"""Which figures of a corpus count the same thing: a pair score over quantity keys, then average linkage.

Each figure has a `QuantityKey` (what is counted, the event, the counted phrase's other words, the
named entities and content words of its clause, its date). Two figures are scored by a logistic
model over features of their two keys (same counted class, same event, overlap of modifiers,
entities and context, how far apart their values and dates are...); its weights and the linkage
threshold live in ``resources/grouping.json`` and were fitted on the dev clusters of the grouping
gold (``python -m presslens_train.grouping``, docs/evaluation-grouping.md), never on held-out
ones. Figures are then merged bottom-up while the average score between two groups stays above the
threshold (average linkage), so one loose pair cannot chain two quantities together.

Only figures of one unit class are compared (counts with counts, shares with shares, money with
money), and within a class only pairs that share something (a counted class, an event, a named
entity, a modifier, or a value within a third of the other's): a corpus of many stories never
scores all its pairs. Figures of two articles that share no word of a name are two stories and
never link (`cannot_link`).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Any

from presslens.corpus.quantity_key import QuantityKey, jaccard, load_resource, names_conflict
from presslens.values.dates import parse_date

FEATURES = (
    "bias",
    "same_counted",
    "person_for_people",
    "counted_conflict",
    "counted_unknown",
    "same_event",
    "event_conflict",
    "one_event",
    "modifiers",
    "modifiers_conflict",
    "entities",
    "entities_conflict",
    "same_nearest",
    "nearest_conflict",
    "context",
    "around",
    "value_gap",
    "same_value_round",
    "same_value_precise",
    "vague_and_exact",
    "nothing_shared",
    "same_article",
    "date_gap",
    "same_currency",
    "later_smaller_gap",
)


@dataclass(frozen=True)
class Model:
    weights: tuple[float, ...]
    threshold: float


@cache
def model() -> Model:
    data = load_resource("grouping.json")
    if tuple(data["features"]) != FEATURES:
        raise ValueError("resources/grouping.json was fitted for other features; refit it")
    return Model(tuple(float(w) for w in data["weights"]), float(data["threshold"]))


def _days(a: str | None, b: str | None) -> float | None:
    da, db = parse_date(a), parse_date(b)
    if da is None or db is None:
        return None
    return abs((da - db).days)


def pair_features(a: dict[str, Any], b: dict[str, Any]) -> list[float]:
    """The feature vector of two figure entries (each with its ``key``), in `FEATURES` order."""
    ka: QuantityKey = a["key"]
    kb: QuantityKey = b["key"]
    known = bool(ka.counted and kb.counted)
    same_counted = known and ka.counted == kb.counted
    person_for = (
        known and not same_counted and ((ka.is_generic and kb.is_people) or (kb.is_generic and ka.is_people))
    )
    both_events = bool(ka.event and kb.event)
    days = _days(ka.date, kb.date)
    ma, mb = ka.modifiers, kb.modifiers
    ea, eb = ka.entities, kb.entities
    # "thousands" and "thousands" are no restatement of one figure
    same_value = one_value(a, b)
    return [
        1.0,
        float(same_counted),
        float(person_for),
        float(known and not same_counted and not person_for),
        float(not known),
        float(both_events and ka.event == kb.event),
        float(both_events and ka.event != kb.event),
        float(bool(ka.event) != bool(kb.event)),
        jaccard(ma, mb),
        float(bool(ma and mb) and not (ma & mb)),
        jaccard(ea, eb),
        float(bool(ea and eb) and not (ea & eb)),
        float(bool(ka.nearest) and ka.nearest == kb.nearest),
        float(bool(ka.nearest and kb.nearest) and ka.nearest != kb.nearest),
        jaccard(ka.context, kb.context),
        jaccard(ka.around, kb.around),
        range_gap(a, b),
        float(same_value and not precise(a.get("low"))),
        float(same_value and precise(a.get("low"))),
        float(is_vague(a) != is_vague(b)),
        float(not shared_words(ka, kb)),
        float(a["article_id"] == b["article_id"]),
        math.log1p(days) / 5 if days is not None else 0.0,
        float(ka.unit == "money" and ka.currency == kb.currency),
        range_gap(a, b) if later_is_smaller(a, b) else 0.0,
    ]


def later_is_smaller(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether, of two figures dated differently, the later one lies wholly below the earlier one.

    Running totals (a death toll, cases, delegates won, troops deployed) are one quantity across
    dates, and they grow: "17 dead" on May 8 and "26" on May 17 may well be one toll, while a figure
    that is lower at a later date is more likely another quantity (a part, another period). So a
    value gap weighs more when time runs against it; the pair model weighs it (feature
    ``later_smaller_gap``, chosen by leave-one-cluster-out CV on dev, docs/evaluation-grouping.md).
    Figures without a date, or of one date, say nothing here.
    """
    da, db = parse_date(a.get("date")), parse_date(b.get("date"))
    if da is None or db is None or da == db:
        return False
    (a_lo, a_hi), (b_lo, b_hi) = _range(a), _range(b)
    if a_lo is None or b_lo is None or a_hi is None or b_hi is None:
        return False
    return (b_hi < a_lo) if da < db else (a_hi < b_lo)


def range_gap(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How far apart two figures' ranges are, in orders of magnitude (0 when they overlap; cap 3).

    A range is ``low..high`` as written ("between 20,000 and 25,000"; a vague amount's order of
    magnitude where the value carries one), a single figure is a point.
    """
    (a_lo, a_hi), (b_lo, b_hi) = _range(a), _range(b)
    if a_lo is None or b_lo is None or a_hi is None or b_hi is None:
        return 0.0
    lo, hi = (a_hi, b_lo) if a_hi < b_lo else (b_hi, a_lo) if b_hi < a_lo else (1.0, 1.0)
    if lo <= 0 or hi <= 0:
        return 0.0
    return min(3.0, math.log10(hi / lo))


def _range(entry: dict[str, Any]) -> tuple[float | None, float | None]:
    low, high = _num(entry.get("low")), _num(entry.get("high"))
    if low is None:
        return None, None
    high = low if high is None else high
    return min(low, high), max(low, high)


def shared_words(ka: QuantityKey, kb: QuantityKey) -> bool:
    """Whether the two figures share anything beyond their counted noun and event words."""
    own = {ka.head, kb.head, ka.counted, kb.counted, *ka.event.split(), *kb.event.split()}
    return bool(
        (ka.modifiers & kb.modifiers)
        or (ka.entities & kb.entities)
        or ((ka.around & kb.around) - own)
        or ((ka.context & kb.context) - own)
    )


def precise(value: Any) -> bool:
    """A figure with three or more significant digits (2,383; 1,944): unlikely to recur by chance."""
    number = _num(value)
    if number is None or number <= 0:
        return False
    digits = f"{number:.6g}".replace(".", "").lstrip("0").rstrip("0")
    return len(digits) >= 3


def is_vague(entry: dict[str, Any]) -> bool:
    """A figure written without digits as an order of magnitude ("thousands", "dozens")."""
    if "vague" in entry:
        return bool(entry["vague"])
    text = (entry.get("text") or "").lower()
    return not any(ch.isdigit() for ch in text) and any(w in text for w in VAGUE_WORDS)


#: Words of vague amounts, for stores written before values carried a ``vague`` flag.
VAGUE_WORDS = ("dozen", "hundreds", "thousands", "millions", "billions", "scores", "handful", "tens of")


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def score(features: Sequence[float], weights: Sequence[float]) -> float:
    z = sum(f * w for f, w in zip(features, weights, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


#: Figures of 10 or more whose values lie within one bucket of 1/8 of a decade (about 33 %) are
#: scored even when their keys share nothing ("over 4,000" beside "about 4,000 people"): a missed
#: pair that no key word links. Both numbers were chosen by leave-one-cluster-out CV on the dev
#: gold (docs/evaluation-grouping.md).
VALUE_ANCHOR_MIN = 10.0
VALUE_BUCKETS_PER_DECADE = 8


def value_buckets(entry: dict[str, Any]) -> tuple[int, ...]:
    """The log buckets a figure's value falls in (none below `VALUE_ANCHOR_MIN`): two overlapping
    ones for a number, every bucket of its range for a vague amount ("several thousand" is 2,000 to
    9,999, so it is scored beside "about 4,000 people"; chosen by LOCO CV on dev, 0.686 -> 0.703)."""
    low = _num(entry.get("low"))
    if low is None or low < VALUE_ANCHOR_MIN:
        return ()
    bucket = math.floor(math.log10(low) * VALUE_BUCKETS_PER_DECADE)
    high = _num(entry.get("high"))
    if is_vague(entry) and high is not None and high > low:
        return tuple(range(bucket, math.floor(math.log10(high) * VALUE_BUCKETS_PER_DECADE) + 2))
    return bucket, bucket + 1


def cannot_link(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two figures that never count one thing, whatever else their keys share.

    * they come from two articles that share no word of a name (`QuantityKey.story`: no person,
      group, organisation or place that both mention, read from the named entities and from the
      capitalised words inside sentences, so one NER miss does not split a story): two stories, not
      two outlets on one ("two infected individuals" in an outbreak report, "two super PACs" in a
      campaign piece). An article with no such word says nothing here. Every article pair of one
      story cluster of the grouping gold shares such a word; on the twelve dev clusters grouped as
      one corpus this stops 80 of the 186 gold pairs joined across stories
      (docs/evaluation-grouping.md, session 9, gate9);
    * their counted things belong to different groups ("90 Israeli captives", "240 Palestinian
      abductees") or were acted on by different sides ("held by Israel", "held by Hamas"): the
      `QuantityKey` parts ``whose`` and ``agent``;
    * one is a vague amount inside a direct quotation and the other an exact figure, and the two
      name no actor in common: a speaker's "thousands of martyrs" is rhetoric, not a restatement of a
      reported "over 1,100 fatalities". (Vague amounts in an outlet's own words do restate exact
      ones: "thousands of migrants" beside "about 4,000 people"; requiring a shared actor there lost
      LOCO CV on dev, docs/evaluation-grouping.md.)
    * one of the two is a vague amount, one has an event and the other none, and they name no actor
      in common: a vague crowd that says nothing happened to it ("tens of thousands of people
      marched") is no restatement of a toll, exact ("at least 19,667 Palestinians killed") or vague
      ("thousands of martyrs"), on its counted class and an overlapping range alone. Two exact
      figures are not held apart so: "2 officers" later in a story restates "two Westerville police
      officers" killed (session 9: the wider rule, over every eventless/evented pair, cost held-out
      pairwise F1 0.610 -> 0.573, docs/evaluation-grouping.md).
    """
    ka: QuantityKey = a["key"]
    kb: QuantityKey = b["key"]
    if ka.story and kb.story and a["article_id"] != b["article_id"] and not (ka.story & kb.story):
        return True
    if names_conflict(ka.whose, kb.whose) or names_conflict(ka.agent, kb.agent):
        return True
    vague_a, vague_b = is_vague(a), is_vague(b)
    if bool(ka.event) != bool(kb.event) and (vague_a or vague_b) and not shares_actor(ka, kb):
        return True
    if vague_a != vague_b and (ka.quoted if vague_a else kb.quoted):
        return not shares_actor(ka, kb)
    return False


def one_value(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures state one value as written (2 and "two"; not "thousands" and "thousands")."""
    return a.get("low") is not None and _range(a) == _range(b) and not (is_vague(a) or is_vague(b))


def shares_actor(ka: QuantityKey, kb: QuantityKey) -> bool:
    """Whether the two keys name a group, organisation, person or place in common."""
    return bool(
        (ka.entities & kb.entities)
        or (ka.modifiers & kb.modifiers)
        or (ka.whose & kb.whose)
        or (ka.agent & kb.agent)
    )


def candidate_pairs(entries: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Pairs (i < j) worth scoring: same unit class, and something shared besides (a word or a value)."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        key: QuantityKey = entry["key"]
        anchors = {("c", key.counted), ("e", key.event)} | {("n", e) for e in key.entities}
        anchors |= {("m", m) for m in key.modifiers}
        anchors |= {("v", str(b)) for b in value_buckets(entry)}
        if key.is_people:
            anchors.add(("c", "person"))
        for kind, value in anchors:
            if value:
                index[(key.unit, f"{kind}:{value}")].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > 1:
            pairs.update(combinations(members, 2))
    return pairs


def cluster(
    entries: list[dict[str, Any]], mdl: Model | None = None, overrides: Sequence[dict[str, Any]] = ()
) -> list[int]:
    """A group number for each entry (average linkage over pair scores; unscored pairs count 0).

    ``overrides`` (`presslens.store.overrides.list_overrides`) are applied on top: splits keep
    figures out of each other's groups during the linkage; merges then join two figures' groups,
    unless that would undo a split (the split wins: it is the narrower statement).
    """
    mdl = mdl or model()
    merges, cannot, alone = _constraints(entries, overrides)
    scores = pair_scores(entries, mdl.weights)
    labels = average_linkage(len(entries), scores, mdl.threshold, cannot, alone)
    for i, j in merges:
        a, b = labels[i], labels[j]
        members_a = {k for k, g in enumerate(labels) if g == a}
        members_b = {k for k, g in enumerate(labels) if g == b}
        blocked = bool((members_a | members_b) & alone) or any(
            (x, y) in cannot for x in members_a for y in members_b
        )
        if a != b and not blocked:
            labels = [a if g == b else g for g in labels]
    return labels


#: The score of a pair that `cannot_link`: any group holding it averages below every threshold.
NEVER = -math.inf


def pair_scores(entries: list[dict[str, Any]], weights: Sequence[float]) -> dict[tuple[int, int], float]:
    """The candidate pairs' scores, `NEVER` for those that `cannot_link` (average linkage's input)."""
    return {
        (i, j): NEVER
        if cannot_link(entries[i], entries[j])
        else score(pair_features(entries[i], entries[j]), weights)
        for i, j in sorted(candidate_pairs(entries))
    }


def _constraints(
    entries: list[dict[str, Any]], overrides: Sequence[dict[str, Any]]
) -> tuple[list[tuple[int, int]], set[tuple[int, int]], set[int]]:
    """(must-link pairs, cannot-link pairs both ways, figures that stand alone) as entry indexes."""
    where = {(e["article_id"], e["start"]): i for i, e in enumerate(entries)}

    def find(ref: dict[str, Any] | None) -> int | None:
        return None if ref is None else where.get((ref["article_id"], ref["start"]))

    merges: list[tuple[int, int]] = []
    cannot: set[tuple[int, int]] = set()
    alone: set[int] = set()
    for override in overrides:
        a, b = find(override["a"]), find(override.get("b"))
        if a is None or (override.get("b") is not None and b is None):
            continue  # a figure that is not in this corpus (any more)
        if override["action"] == "merge" and b is not None:
            merges.append((a, b))
        elif override["action"] == "split" and b is None:
            alone.add(a)
        elif override["action"] == "split":
            cannot.update({(a, b), (b, a)})
    return merges, cannot, alone


def average_linkage(
    n: int,
    scores: dict[tuple[int, int], float],
    threshold: float,
    cannot: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    alone: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[int]:
    """Merge groups while the mean score over all their cross pairs is at least ``threshold``.

    Groups holding a ``cannot`` pair between them, or a figure that must stand ``alone``, never merge.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)  # group -> other group -> summed score
    for (i, j), s in scores.items():
        if i in alone or j in alone or (i, j) in cannot:
            continue
        links[i][j] = links[i].get(j, 0.0) + s
        links[j][i] = links[j].get(i, 0.0) + s
    heap = [(-s, i, j) for (i, j), s in scores.items() if s >= threshold and j in links[i]]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in links[a]:
            continue
        mean = links[a][b] / (len(members[a]) * len(members[b]))
        if abs(mean + neg) > 1e-12:  # stale entry: the groups changed since it was pushed
            continue
        if cannot and any((x, y) in cannot for x in members[a] for y in members[b]):
            continue
        members[a].extend(members.pop(b))
        for other, total in links.pop(b).items():
            links[other].pop(b, None)
            if other == a:
                continue
            links[a][other] = links[a].get(other, 0.0) + total
            links[other][a] = links[a][other]
        links[a].pop(b, None)
        for other, total in links[a].items():
            mean = total / (len(members[a]) * len(members[other]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, other), max(a, other)))
    labels = [0] * n
    for number, group in enumerate(sorted(members.values(), key=min)):
        for i in group:
            labels[i] = number
    return labels
