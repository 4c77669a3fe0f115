"""Write gold grouping files from reviewed cluster specs, with offsets found by exact string search.

A spec (kept outside the repository: it quotes third-party text) is a Python file defining
``CLUSTER = {id, title, groups, near, docs}`` (the split is not in the spec: it is read from
``SPLIT.md`` beside this script, fixed before any annotation). ``groups`` maps a group key to its
description; ``near`` lists pairs of group keys that a careless key would merge (hard negatives).
Each doc is ``{doc, outlet, published, figures}`` and each figure ``(phrase, group, value)``:

* ``phrase`` is typed from the text (any run of spaces matches any whitespace, and ' matches ’);
  ``"phrase@2"`` takes the second occurrence. A phrase that is
  absent, or present more than once without ``@N``, stops the script: every offset is where the
  annotator saw the words, never a system output.
* ``group`` is a key of ``groups``, or ``"=description"`` for a figure that counts something no
  other figure of the cluster counts (a singleton, given its own key).
* ``value`` is a number (a count), ``(low, high)``, ``"12%"`` (percent), ``"3pts"`` (percentage
  points), ``"f0.5"`` (a fraction of a group), ``"$45e6"`` (US dollars; ``"£"``, ``"€"``
  likewise), or ``"~hundreds"`` for a vague amount as written (its range comes from VAGUE below,
  the guideline's table).

    python tests/gold/groupings/make_groupings.py SPEC.py [SPEC.py ...]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import runpy
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the shared spec helpers of tests/gold

from make_gold import pick_occurrence  # noqa: E402

SHARED = Path(os.environ.get("PRESSLENS_SHARED", HERE.parents[3] / "shared")) / "data"

#: Vague amounts as written -> the order-of-magnitude range they assert (docs/evaluation-grouping.md).
VAGUE: dict[str, tuple[float, float]] = {
    "handful": (2, 9),
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "tens of millions": (20_000_000, 99_999_999),
    "hundreds of millions": (200_000_000, 999_999_999),
    "billions": (2e9, 9.999e9),
    "trillions": (2e12, 9.999e12),
}
CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR"}


def doc_path(key: str) -> Path:
    if key.startswith("semeval/"):
        return SHARED / "semeval2023-en" / key.removeprefix("semeval/")
    return SHARED / key


def split_of(cluster_id: str) -> str:
    """The cluster's split as fixed in SPLIT.md (a line ``- <id>: dev|heldout``)."""
    for line in (HERE / "SPLIT.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^- `?([\w.-]+)`?: (dev|heldout15|heldout)\b", line)
        if m and m.group(1) == cluster_id:
            return m.group(2)
    raise SystemExit(f"{cluster_id}: not listed in SPLIT.md")


def parse_value(value: Any) -> dict[str, Any]:
    if isinstance(value, int | float):
        return {"unit": "count", "low": value, "high": None, "vague": False}
    if isinstance(value, tuple):
        low, high = (parse_value(v) for v in value)
        return {**low, "high": high["low"]}
    text = str(value).strip()
    if text.startswith("~"):
        low, high = VAGUE[text[1:]]
        return {"unit": "count", "low": low, "high": high, "vague": True, "as_written": text[1:]}
    if text.endswith("%"):
        return {"unit": "percent", "low": float(text[:-1]), "high": None, "vague": False}
    if text.startswith("f"):  # a fraction of a group ("half of the 7,500 troops")
        return {"unit": "fraction", "low": float(text[1:]), "high": None, "vague": False}
    if text.endswith("pts"):
        return {"unit": "points", "low": float(text[:-3]), "high": None, "vague": False}
    if text[:1] in CURRENCY:
        inner = parse_value(text[1:] if not text[1:].startswith("~") else text[1:])
        return {**inner, "unit": CURRENCY[text[0]]}
    return {"unit": "count", "low": float(text), "high": None, "vague": False}


def find(text: str, phrase: str, doc: str) -> tuple[int, int]:
    words, _, nth = phrase.partition("@")
    pattern = r"\s+".join(re.escape(w) for w in words.split())  # any space: texts hold NBSPs
    pattern = re.sub("['’]", "['’]", pattern)
    hits = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    return pick_occurrence(hits, nth, doc, words)


def build(spec: dict[str, Any]) -> dict[str, Any]:
    groups = {key: {"description": desc} for key, desc in spec["groups"].items()}
    singletons = 0
    docs = []
    for d in spec["docs"]:
        text = doc_path(d["doc"]).read_text(encoding="utf-8")
        figures = []
        for phrase, group, value in d["figures"]:
            start, end = find(text, phrase, d["doc"])
            if group.startswith("="):
                singletons += 1
                key = f"s{singletons}"
                groups[key] = {"description": group[1:], "singleton": True}
                group = key
            elif group not in groups:
                raise SystemExit(f"{d['doc']}: unknown group {group!r}")
            figures.append({"start": start, "end": end, "group": group, **parse_value(value)})
        figures.sort(key=lambda f: f["start"])
        for a, b in zip(figures, figures[1:], strict=False):
            if b["start"] < a["end"]:
                raise SystemExit(f"{d['doc']}: figures at {a['start']} and {b['start']} overlap")
        docs.append(
            {
                "doc": d["doc"],
                "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
                "outlet": d.get("outlet"),
                "published": d.get("published"),
                "figures": figures,
            }
        )
    used = {f["group"] for d in docs for f in d["figures"]}
    unused = sorted(set(groups) - used)
    if unused:
        raise SystemExit(f"{spec['id']}: groups without figures: {unused}")
    for a, b in spec.get("near", []):
        if a not in groups or b not in groups:
            raise SystemExit(f"{spec['id']}: near pair ({a}, {b}) names an unknown group")
    return {
        "cluster": spec["id"],
        "split": split_of(spec["id"]),
        "title": spec["title"],
        "groups": groups,
        "near": [list(pair) for pair in spec.get("near", [])],
        "docs": docs,
    }


def main(paths: list[str]) -> None:
    for spec_path in paths:
        gold = build(runpy.run_path(spec_path)["CLUSTER"])
        out = HERE / f"{gold['cluster']}.json"
        out.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        n_fig = sum(len(d["figures"]) for d in gold["docs"])
        print(
            f"{out.name}: {gold['split']}, {len(gold['docs'])} docs, {n_fig} figures,"
            f" {len(gold['groups'])} groups"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
