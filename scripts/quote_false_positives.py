"""List the predicted quotes that match no gold quote (false positives) on a DEV quote split, with context.

Why: quote precision is the weak side on fresh text, and a rule should only be written against a class of
errors that was counted first. Held-out splits are refused: their errors stay unread (tests/gold/SPLIT.md).

Each line says whether the spurious quote overlaps a gold quote that another prediction already matched
(``fragment``: the matcher pairs each gold quote once, so a quote cut in two counts one false positive) or
no gold quote at all (``spurious``).

Usage: .venv/bin/python scripts/quote_false_positives.py dev4q [--data ../shared/data]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from presslens.evaluation.extraction import read_doc
from presslens.evaluation.quotes import _match, analyse_gold, load_gold, predicted

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "gold" / "quotes"


def unmatched(gold: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The predicted quotes the scorer's matcher leaves unpaired, each labelled ``fragment`` (it overlaps a
    gold quote that another prediction took) or ``spurious`` (it overlaps no gold quote)."""
    matched = {id(p) for _, p in _match(gold, quotes)}
    out = []
    for p in quotes:
        if id(p) in matched:
            continue
        overlaps = any(min(g["end"], p["end"]) > max(g["start"], p["start"]) for g in gold)
        out.append(("fragment" if overlaps else "spurious", p))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", help="a dev quote split (dev, dev4q, dev5q, dev6q, ...)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args(argv)
    if not args.split.startswith("dev"):
        raise SystemExit("only dev splits may be read for errors (held-out errors stay unread)")
    articles = analyse_gold(GOLD_DIR, args.split, args.data)
    count = {"fragment": 0, "spurious": 0}
    for doc in load_gold(GOLD_DIR, args.split):
        article = articles.get(doc["doc"])
        found = read_doc(doc["doc"], GOLD_DIR, args.data)
        if article is None or found is None:
            continue
        raw = found[0]
        quotes, _ = predicted(article)
        for label, p in unmatched(doc["quotes"], quotes):
            start, end = p["start"], p["end"]
            count[label] += 1
            context = f"{raw[max(0, start - 100) : start]}[[{raw[start:end]}]]{raw[end : end + 60]}"
            print(f"{label}\t{doc['doc']}\t{start}-{end}\t{p['kind']}\t{p['speaker']!r}")
            print("\t" + context.replace("\n", " / "))
    print(f"TOTAL {args.split}: fragment {count['fragment']}, spurious {count['spurious']}")


if __name__ == "__main__":
    main()
