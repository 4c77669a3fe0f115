"""scripts/quote_false_positives.py: held-out splits are refused, and an unpaired prediction is told apart
as a piece of an already matched gold quote or a quote the gold does not have."""

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("quote_fp", REPO / "scripts" / "quote_false_positives.py")
assert spec is not None and spec.loader is not None
quote_fp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(quote_fp)


def test_held_out_split_is_refused():
    with pytest.raises(SystemExit, match="only dev splits"):
        quote_fp.main(["heldout4q"])


def test_fragment_and_spurious():
    # one gold quote over two paragraphs (0-120); the system cut it at the paragraph break and also took a
    # scare phrase at 300-310 as a quote
    gold = [{"start": 0, "end": 120}]
    predicted = [{"start": 0, "end": 60}, {"start": 62, "end": 120}, {"start": 300, "end": 310}]
    labels = [(label, p["start"]) for label, p in quote_fp.unmatched(gold, predicted)]
    assert labels == [("fragment", 62), ("spurious", 300)]
