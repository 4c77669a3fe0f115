"""benchmarks/grouping_errors.py: a cache holding a held-out cluster is refused, and each missed pair or
wrong join lands in the cause its two quantity keys show (the counts of docs/evaluation-grouping.md,
session 9, are made by this classification)."""

import importlib.util
import json
from pathlib import Path

import pytest

from presslens.corpus.quantity_key import QuantityKey

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("grouping_errors", REPO / "benchmarks" / "grouping_errors.py")
assert spec is not None and spec.loader is not None
grouping_errors = importlib.util.module_from_spec(spec)
spec.loader.exec_module(grouping_errors)


def entry(text, counted, low, *, event="", vague=False, unit="count", date=None, whose=(), high=None):
    key = QuantityKey(
        unit=unit, currency="", counted=counted, head=counted, event=event, modifiers=frozenset(),
        entities=frozenset(), nearest="", context=frozenset(), around=frozenset(), date=date,
        whose=frozenset(whose),
    )  # fmt: skip
    values = {"low": low, "high": high, "vague": vague, "date": date}
    return {"text": text, "key": key, "article_id": "a", **values}


ALL = {(0, 1)}  # the pair was a candidate (scored)


def test_held_out_cache_is_refused(tmp_path):
    cache = tmp_path / "cache.json"
    cache.write_text(json.dumps({"ice-ops-2018": {"gold": {"split": "heldout", "docs": []}, "docs": {}}}))
    with pytest.raises(SystemExit, match="not a dev cluster"):
        grouping_errors.load_items(cache)


def test_missed_pair_causes():
    people = entry("about 4,000 people", "person", 4000)
    bare_vague = entry("several thousand", "", 2000, vague=True, high=9999)
    migrants = entry("thousands of migrants", "migrant", 1000, vague=True, high=9999)
    cause = grouping_errors.missed_cause
    assert cause(people, bare_vague, ALL, 0, 1) == "a side names nothing counted: vague amount"
    assert cause(people, migrants, ALL, 0, 1).startswith("generic 'people' beside a kind of person")
    assert cause(people, migrants, set(), 0, 1) == "never scored (no shared word or value bucket)"
    early = entry("17 deaths", "person", 17, event="killed", date="2018-05-10")
    later = entry("26", "person", 26, event="killed", date="2018-05-17")
    undated = entry("23 people", "person", 23, event="killed")
    assert cause(early, later, ALL, 0, 1) == "values apart, dated differently (a running total)"
    assert cause(early, undated, ALL, 0, 1) == "values apart, same or no date (a restatement)"
    ours = entry("90 Israeli captives", "captive", 90, event="held", whose={"israeli"})
    theirs = entry("240 Palestinian abductees", "captive", 240, event="held", whose={"palestinian"})
    assert cause(ours, theirs, ALL, 0, 1).startswith("stopped by a constraint")


def test_wrong_join_causes():
    guards = entry("more than 2,000 National Guardsmen", "soldier", 2000)
    bare = entry("(2,000)", "", 2000)
    assert grouping_errors.wrong_cause(guards, bare) == "a side names nothing counted"
    part = entry("37,544 in August", "migrant", 37544)
    whole = entry("more than 41,400 undocumented immigrants", "migrant", 41400)
    assert grouping_errors.wrong_cause(part, whole).startswith("values apart")
    terrorists = entry("two terrorists", "fighter", 2)
    guns = entry("two of the guns", "weapon", 2)
    assert grouping_errors.wrong_cause(terrorists, guns) == "different counted things joined"
