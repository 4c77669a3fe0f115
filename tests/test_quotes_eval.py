"""The quote scorer and the gold set's integrity (offsets only, files unchanged since annotation)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from presslens.evaluation.quotes import score_quotes
from presslens.layers import CharSpan, Quote, Source, Speaker
from presslens.model import Article, OffsetMap

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "gold" / "quotes"


def test_score_quotes_maps_offsets_and_counts(tmp_path):
    raw = 'PAGE HEADER\nShe said: "We will win." Then "nothing" happened.\n'
    clean = raw[len("PAGE HEADER\n") :]
    gold = {
        "doc": "own/x.txt",
        "split": "dev",
        "sha1": hashlib.sha1(raw.encode()).hexdigest(),
        "quotes": [
            {
                "start": raw.index("We will"),
                "end": raw.index("win.") + 4,
                "kind": "direct",
                "speaker": "Ann Lee",
            },
            {
                "start": raw.index("happened"),
                "end": raw.index("happened") + 8,
                "kind": "indirect",
                "speaker": "Bob",
            },
        ],
        "sources": [{"start": raw.index("She"), "end": raw.index("She") + 3, "type": "person"}],
    }
    (tmp_path / "x.json").write_text(json.dumps(gold))
    offset = len("PAGE HEADER\n")
    article = Article(text=clean, offsets=OffsetMap([(0, offset, len(clean))]))
    she = Speaker(name="the Ann Lee", actor=None, start=0, end=3, resolved_from="pronoun")
    for words, speaker in (("We will win.", she), ("nothing", None)):
        at = clean.index(words)
        end = at + len(words)
        quote = Quote(start=at - 1, end=end + 1, component="t", kind="direct", content=CharSpan(at, end))
        article.add("quotes", replace(quote, speaker=speaker))
    article.add("sources", Source(start=0, end=3, component="test", type="official", name="She"))
    result = score_quotes(tmp_path, "dev", {"own/x.txt": article})
    assert result["quotes"]["tp"] == 1 and result["quotes"]["fp"] == 1 and result["quotes"]["fn"] == 1
    assert result["speaker_accuracy"] == 1.0  # leading article ignored
    assert result["sources"]["tp"] == 1 and result["source_type_accuracy"] == 0.0
    assert score_quotes(tmp_path, "heldout", {"own/x.txt": article})["quotes"]["tp"] == 0
    assert score_quotes(tmp_path, "dev", {})["missing"] == ["own/x.txt"]
    # a presslens/1 dict (as a store keeps it) is read back into the same typed records
    assert score_quotes(tmp_path, "dev", {"own/x.txt": article.to_dict()}) == result


def test_gold_files_store_offsets_only_and_match_their_texts():
    files = sorted(GOLD_DIR.glob("*.json"))
    assert len(files) >= 12
    splits = set()
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert set(doc) <= {"doc", "split", "sha1", "quotes", "sources"}
        splits.add(doc["split"])
        for item in doc["quotes"]:
            assert set(item) - {"speaker_as_written"} == {"start", "end", "kind", "speaker"}
            assert item["start"] < item["end"] and item["kind"] in ("direct", "indirect")
            if doc["split"].endswith("4q"):  # the fourth batch keeps the mention the speaker is read from
                assert item["speaker"] and item["speaker_as_written"]
            if doc["split"].endswith(("5q", "6q", "7q")):  # later ones too, or neither where no one can tell
                assert bool(item["speaker"]) == bool(item["speaker_as_written"])
        if doc["doc"].startswith("own/"):
            text = (REPO / "tests" / "gold" / "texts" / doc["doc"][4:]).read_text(encoding="utf-8")
            assert hashlib.sha1(text.encode()).hexdigest() == doc["sha1"]
            assert all(item["end"] <= len(text) for item in doc["quotes"])
    assert splits == {"dev", "heldout"} | {f"{half}{n}q" for half in ("dev", "heldout") for n in (4, 5, 6, 7)}


def test_gold_matches_shared_files(seeds_dir, semeval_dir):
    truth = json.loads((seeds_dir.parent / "aeb-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    for path in sorted(GOLD_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc["doc"].startswith("seeds/"):
            raw = (seeds_dir / doc["doc"][len("seeds/") :]).read_bytes()
        elif doc["doc"].startswith("semeval/"):
            raw = (semeval_dir / doc["doc"][len("semeval/") :]).read_bytes()
        elif doc["doc"].startswith("aeb-dev/"):
            raw = truth[doc["doc"][len("aeb-dev/") :]]["articleBody"].encode("utf-8")
        else:
            continue
        assert hashlib.sha1(raw).hexdigest() == doc["sha1"], doc["doc"]
        assert all(item["end"] <= len(raw.decode("utf-8")) for item in doc["quotes"] + doc["sources"])
