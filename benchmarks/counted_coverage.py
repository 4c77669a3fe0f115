"""What the quantity key counts on news outside every gold (issue 11 sweep for the counted-thing vocabulary).

    python benchmarks/counted_coverage.py [--keys F] [--top N] [--data D] [--groups] [--cache F]

Texts: the fixed draw of ``benchmarks/uncovered_numerals_draw.txt`` (150 texts that no file of the repository
named when it was drawn: SemEval-2023 articles, PolNeAR train, aeb-dev news bodies). Each is analysed with the
default pipeline and its figures keyed as the /quantities page keys them (`presslens.corpus.figures`).
Printed: how many count figures name nothing counted, how many name a head that no class of
``resources/quantities.json`` holds (the key then compares the word itself, so "club goers" and "people" or
"forces" and "troops" never match), and the commonest such heads. This measures how much a broader
counted-thing vocabulary could matter on unseen news; it decides nothing by itself (dev has three such
figures, docs/evaluation-grouping.md, session 9).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def read_texts(data: Path, keys: list[str]) -> list[tuple[str, str]]:
    truth: dict | None = None
    out = []
    for key in keys:
        kind, _, name = key.partition("/")
        if kind == "semeval":
            out.append((key, (data / "semeval2023-en/articles" / name).read_text(encoding="utf-8")))
        elif kind == "polnear-train":
            out.append((key, (data / "polnear/train/text" / name).read_text(encoding="utf-8")))
        elif kind == "aeb-dev":
            if truth is None:
                truth = json.loads((data / "aeb-dev/ground-truth.json").read_text(encoding="utf-8"))
            out.append((key, truth[name].get("articleBody") or ""))
    return out


def main() -> None:
    from presslens.api import analyze
    from presslens.corpus.figures import claim_entries
    from presslens.corpus.quantity_key import vocab
    from presslens.datasets import shared_data_dir

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keys", type=Path, default=REPO / "benchmarks" / "uncovered_numerals_draw.txt")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--groups", action="store_true", help="also group the texts as one corpus")
    ap.add_argument("--cache", type=Path, default=None,
                    help="article dicts: read when it exists, else written (the grouping is recomputed)")
    args = ap.parse_args()
    data = args.data or shared_data_dir()
    v = vocab()
    known = set(v.counted) | set(v.event_nouns)
    units: Counter[str] = Counter()
    nothing: Counter[str] = Counter()
    unclassed: Counter[str] = Counter()
    examples: dict[str, str] = {}
    texts = read_texts(data, args.keys.read_text(encoding="utf-8").split())
    if args.cache is not None and args.cache.exists():
        articles = json.loads(args.cache.read_text(encoding="utf-8"))
    else:
        articles = []
        for key, _text in texts:
            article = analyze(_text).to_dict()
            article["id"] = key
            articles.append(article)
        if args.cache is not None:
            args.cache.write_text(json.dumps(articles), encoding="utf-8")
    for article in articles:
        key = article["id"]
        for entry in claim_entries([article]):
            qkey = entry["key"]
            units[qkey.unit] += 1
            if not qkey.counted:
                nothing[qkey.unit] += 1
            elif qkey.unit == "count" and qkey.head and qkey.head not in known and qkey.counted == qkey.head:
                unclassed[qkey.head] += 1
                examples.setdefault(qkey.head, f"{key}: {' '.join(str(entry.get('text') or '').split())}")
    total = sum(units.values())
    counts = units["count"]
    print(f"{len(texts)} texts, {total} figures: " + ", ".join(f"{u} {n}" for u, n in units.most_common()))
    print("naming nothing counted: " + ", ".join(f"{u} {nothing[u]} of {units[u]}" for u in units))
    share = sum(unclassed.values()) / counts if counts else 0.0
    print(f"count figures whose head no class holds: {sum(unclassed.values())} of {counts} ({share:.0%}), "
          f"{len(unclassed)} heads")  # fmt: skip
    for head, n in unclassed.most_common(args.top):
        print(f"  {n:3d}  {head:18s} {examples[head]}")
    if args.groups:
        across_stories(articles, args.top)


def across_stories(articles: list[dict], top: int) -> None:
    """Group the drawn texts as one corpus: they are unrelated articles, so a group holding figures
    of two of them joins two stories (with few exceptions: PolNeAR's 2016 campaign pieces may share one)."""
    from presslens.corpus.figures import claim_entries
    from presslens.corpus.grouping import cluster
    from presslens.corpus.quantities import restatements

    entries = claim_entries(articles)
    labels = cluster(entries, overrides=restatements(articles))
    groups: dict[int, list[dict]] = {}
    for entry, label in zip(entries, labels, strict=True):
        groups.setdefault(label, []).append(entry)
    across = [g for g in groups.values() if len({e["article_id"] for e in g}) > 1]
    pairs = sum(
        1 for g in across for i, a in enumerate(g) for b in g[i + 1:] if a["article_id"] != b["article_id"]
    )
    print(f"grouped as one corpus: {len(groups)} groups, {len(across)} hold figures of 2+ texts "
          f"({sum(len(g) for g in across)} figures, {pairs} pairs of figures across texts)")  # fmt: skip
    for g in sorted(across, key=len, reverse=True)[:top]:
        shown = "; ".join(f"'{' '.join(str(e['text']).split())}'" for e in g[:5])
        print(f"  {len(g):2d} figures, {len({e['article_id'] for e in g})} texts: {shown}")


if __name__ == "__main__":
    main()
