"""cont8: how often a cue-less, unmarked attribution whose speaker only the continuation rule gave is right.

A CUC is a record with ``speaker.resolved_from == "continuation"``, no cue, and content holding no double
quotation mark (in it or beside it) and lying in no quotation `scan_quotes` finds. Counts come from one
pipeline run, then scored as is and with the CUCs filtered out (exact for a filter applied after speakers
are resolved). Usage (checkout root, ``PRESSLENS_SHARED`` set):

    python benchmarks/continuation_counts.py polnear dev|train   # attributions layer vs PolNeAR gold
    python benchmarks/continuation_counts.py dev|dev4q|dev5q|dev6q  # quotes layer vs the quote gold

Rows of each CUC go to ``$CONT_OUT`` (default /tmp). Run on dev splits only (docs/attribution.md).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from presslens.components.quotes_marks import scan_quotes

MARKS = set('“”"«»„‟')
OUT = Path(os.environ.get("CONT_OUT", "/tmp"))
_SCAN: dict[str, list] = {}


def unquoted(text: str, pieces: list[tuple[int, int]]) -> bool:
    """No mark in a piece or beside it, and no quotation the scanner finds overlapping a piece."""
    if any(ch in MARKS for s, e in pieces for ch in text[max(0, s - 1) : e + 1]):
        return False
    if text not in _SCAN:
        _SCAN[text] = scan_quotes(text)
    return not any(q.start < e and s < q.end for q in _SCAN[text] for s, e in pieces)


def continued(record: Any) -> bool:
    speaker = record.speaker
    return speaker is not None and speaker.resolved_from == "continuation" and record.cue is None


def polnear(split: str) -> dict[str, Any]:
    from presslens.api import get_pipeline
    from presslens.evaluation import polnear as pn
    from presslens.model import Article

    docs = pn.load_split(Path(os.environ.get("PRESSLENS_SHARED", "../shared")) / "data" / "polnear", split)
    articles = get_pipeline(pn.PIPELINE_COMPONENTS).pipe([Article(text=d.text) for d in docs])
    base, drop, rows = {}, {}, []
    for doc, article in zip(docs, articles, strict=True):
        preds = pn.attributions_of(article)
        layer = article.layers.get("attributions", [])
        flags = [
            continued(r) and unquoted(article.text, [(c.start, c.end) for c in r.content]) for r in layer
        ]
        base[doc.name], drop[doc.name] = preds, [p for p, f in zip(preds, flags, strict=True) if not f]
        matched = {pi for _, pi, _ in pn.match(doc.attributions, preds)}
        rows += [
            {"doc": doc.name, "matched": i in matched, "kind": r.kind, "found_by": r.found_by}
            for i, (r, f) in enumerate(zip(layer, flags, strict=True))
            if f
        ]
    (OUT / f"cont_polnear_{split}.json").write_text(json.dumps(rows, indent=1))
    before, after = pn.score(docs, base), pn.score(docs, drop)
    matched_n = sum(r["matched"] for r in rows)
    return {"before": before["all"], "after": after["all"], "cuc": len(rows), "matched": matched_n}


def quotes(split: str) -> dict[str, Any]:
    from presslens.evaluation.quotes import _match, _norm, analyse_gold, load_gold, predicted, score_quotes

    gold_dir = Path("tests/gold/quotes")
    data_dir = Path(os.environ.get("PRESSLENS_SHARED", "../shared")) / "data"
    articles = analyse_gold(gold_dir, split, data_dir)
    before = score_quotes(gold_dir, split, articles)
    gold = {d["doc"]: d for d in load_gold(gold_dir, split)}
    rows = []
    for key, article in articles.items():
        layer = article.layers.get("quotes", [])
        flags = [continued(q) and unquoted(article.text, [(q.content.start, q.content.end)]) for q in layer]
        preds, _ = predicted(article)
        paired = {id(p): g for g, p in _match(gold[key]["quotes"], preds)}
        for p, f in zip(preds, flags, strict=True):
            g = paired.get(id(p))
            if f:
                said = g.get("speaker") if g else None
                right = bool(said) and _norm(said) == _norm(p["speaker"])
                rows.append({"doc": key, "matched": g is not None, "speaker_right": right})
        article.layers["quotes"] = [q for q, f in zip(layer, flags, strict=True) if not f]
    (OUT / f"cont_quotes_{split}.json").write_text(json.dumps(rows, indent=1))
    after = score_quotes(gold_dir, split, articles)
    keep = ("quotes", "speaker_accuracy", "speaker_recall")
    return {
        "before": {k: before[k] for k in keep},
        "after": {k: after[k] for k in keep},
        "cuc": len(rows),
        "matched": sum(r["matched"] for r in rows),
        "speaker_right": sum(r["speaker_right"] for r in rows),
    }


if __name__ == "__main__":
    if sys.argv[1] == "polnear":
        print(json.dumps(polnear(sys.argv[2] if len(sys.argv) > 2 else "dev"), indent=1))
    else:
        print(json.dumps(quotes(sys.argv[1]), indent=1))
