"""Write gold claim files from a reviewed spec, with offsets found by exact string search.

The spec (kept outside the repository when it quotes third-party text) is a Python file defining
``DOCS``: a list of dicts ``{doc, split, published, claims}`` where each claim is a tuple
``(phrase, low, high, approx, qualifier, event, as_of, attribution)``. ``phrase`` is typed by hand from
the text; ``"phrase@2"`` takes its second occurrence. The script fails loudly when a phrase is missing,
so every offset in a gold file is exactly where the annotator saw the words, never a system output.

    python tests/gold/make_gold.py SPEC.py
"""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("PRESSLENS_SHARED", HERE.parents[2] / "shared")) / "data"


def doc_path(key: str) -> Path:
    if key.startswith("own/"):
        return HERE / "texts" / key.removeprefix("own/")
    if key.startswith("semeval/"):
        return SHARED / "semeval2023-en" / key.removeprefix("semeval/")
    return SHARED / key


def gold_name(key: str) -> str:
    return key.replace("semeval/articles/", "semeval_").replace("/", "_").removesuffix(".txt") + ".json"


def build(spec: dict) -> dict:
    text = doc_path(spec["doc"]).read_text(encoding="utf-8")
    claims = []
    for phrase, low, high, approx, qualifier, event, as_of, attribution in spec["claims"]:
        words, _, nth = phrase.partition("@")
        start = -1
        for _ in range(int(nth or 1)):
            start = text.find(words, start + 1)
            if start < 0:
                raise SystemExit(f"{spec['doc']}: phrase {words!r} (occurrence {nth or 1}) not found")
        claims.append(
            {
                "start": start,
                "end": start + len(words),
                "value": {"low": low, "high": high, "approx": approx, "qualifier": qualifier},
                "event": event,
                "as_of": as_of,
                "attribution": attribution,
            }
        )
    claims.sort(key=lambda c: c["start"])
    return {
        "doc": spec["doc"],
        "split": spec["split"],
        "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
        "published": spec.get("published"),
        "claims": claims,
    }


def main(spec_path: str) -> None:
    out_dir = HERE / "claims"
    out_dir.mkdir(exist_ok=True)
    for spec in runpy.run_path(spec_path)["DOCS"]:
        gold = build(spec)
        path = out_dir / gold_name(spec["doc"])
        path.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(gold['claims'])} claims")


if __name__ == "__main__":
    main(sys.argv[1])
