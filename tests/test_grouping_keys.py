"""Parts of the grouping's quantity key and candidate pairs (corpus/quantity_key.py, corpus/grouping.py)."""

from __future__ import annotations

from presslens.corpus.grouping import value_buckets
from presslens.corpus.quantity_key import clause_at, entities_in


def test_a_vague_amount_is_a_candidate_across_its_whole_range() -> None:
    several_thousand = {"low": 2000, "high": 9999, "vague": True}
    about_4000 = {"low": 4000, "high": None, "vague": False}
    about_40000 = {"low": 40000, "high": None, "vague": False}
    assert set(value_buckets(about_4000)) & set(value_buckets(several_thousand))
    assert not set(value_buckets(about_40000)) & set(value_buckets(several_thousand))
    # an exact range keeps its two buckets: "between 7,000 and 10,000" is no order of magnitude
    assert len(value_buckets({"low": 7000, "high": 10000, "vague": False})) == 2
    assert value_buckets({"low": 5, "high": None}) == ()


def test_a_list_entry_keeps_its_label_in_its_clause() -> None:
    text = "SUPERDELEGATES.\n\nClinton: 547.\n\nSanders: 46."
    start = text.index("547")
    article = {
        "text": text,
        "sentences": [{"start": text.index("Clinton"), "end": start + 4}],
        "entities": [{"start": text.index("Clinton"), "end": text.index("Clinton") + 7, "label": "PERSON"}],
    }
    lo, hi = clause_at(article, start, start + 3)
    assert text[lo:hi].strip(" .") == "Clinton: 547"
    assert entities_in(article, lo, hi) == {"clinton"}
    # a colon inside a sentence still cuts it: "He said: 40 people died"
    text2 = "Officials in Gaza said: 40 people died."
    article2 = {"text": text2, "sentences": [{"start": 0, "end": len(text2)}], "entities": []}
    lo2, _ = clause_at(article2, text2.index("40"), text2.index("40") + 2)
    assert text2[lo2:].strip().startswith("40")
