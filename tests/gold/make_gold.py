"""Write gold claim files from a reviewed spec, with offsets found by exact string search.

The spec (kept outside the repository when it quotes third-party text) is a Python file defining
``DOCS``: a list of dicts ``{doc, split, published, claims}`` where each claim is a tuple
``(phrase, low, high, approx, qualifier, event, as_of, attribution)``. ``phrase`` is typed by hand from
the text; ``"phrase@2"`` takes its second occurrence. A claim may carry a ninth element, a dict of the
fields a journalist would read differently from docs/evaluation.md's guideline (``{"attribution":
"Maley"}``: a figure inside a quote whose cue is in the previous sentence); it is written as the claim's
``journalist`` and never changes the scored fields. A document may list ``journalist_only``: figures
``(phrase, low, high, note)`` that a journalist would count and the guideline leaves out (measures);
they are written apart and not scored as claims. A ``doc`` key ``aeb-dev/KEY`` is the article body of
page KEY in ``aeb-dev/ground-truth.json``. The script fails loudly when a phrase is missing,
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


def doc_text(key: str) -> str:
    if key.startswith("aeb-dev/"):
        truth = json.loads((SHARED / "aeb-dev" / "ground-truth.json").read_text(encoding="utf-8"))
        return truth[key.removeprefix("aeb-dev/")]["articleBody"]
    return doc_path(key).read_text(encoding="utf-8")


def gold_name(key: str) -> str:
    if key.startswith("aeb-dev/"):
        return "aeb_" + key.removeprefix("aeb-dev/")[:16] + ".json"
    if key.startswith("polnear/"):
        return "polnear_" + Path(key).stem + ".json"
    return key.replace("semeval/articles/", "semeval_").replace("/", "_").removesuffix(".txt") + ".json"


def find(text: str, doc: str, phrase: str) -> tuple[int, int]:
    words, _, nth = phrase.partition("@")
    start = -1
    for _ in range(int(nth or 1)):
        start = text.find(words, start + 1)
        if start < 0:
            raise SystemExit(f"{doc}: phrase {words!r} (occurrence {nth or 1}) not found")
    return start, start + len(words)


def pick_occurrence(hits: list, nth: str, doc: str, words: str):
    """The ``nth`` (1-based, as typed after ``@``) of ``hits``; a phrase found nowhere, or more than once
    without ``@N``, stops the build, so an offset is never a guess between occurrences."""
    if not hits:
        raise SystemExit(f"{doc}: phrase {words!r} not found")
    if not nth and len(hits) > 1:
        raise SystemExit(f"{doc}: phrase {words!r} found {len(hits)} times; say which with @N")
    index = int(nth or 1) - 1
    if index >= len(hits):
        raise SystemExit(f"{doc}: phrase {words!r} has no occurrence {nth}")
    return hits[index]


def build(spec: dict) -> dict:
    text = doc_text(spec["doc"])
    claims = []
    for phrase, low, high, approx, qualifier, event, as_of, attribution, *journalist in spec["claims"]:
        start, end = find(text, spec["doc"], phrase)
        claim = {
            "start": start,
            "end": end,
            "value": {"low": low, "high": high, "approx": approx, "qualifier": qualifier},
            "event": event,
            "as_of": as_of,
            "attribution": attribution,
        }
        if journalist:
            claim["journalist"] = journalist[0]
        claims.append(claim)
    claims.sort(key=lambda c: c["start"])
    gold = {
        "doc": spec["doc"],
        "split": spec["split"],
        "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
        "published": spec.get("published"),
        "claims": claims,
    }
    if spec.get("journalist_only"):
        gold["journalist_only"] = [
            {"start": s, "end": e, "value": {"low": low, "high": high}, "note": note}
            for phrase, low, high, note in spec["journalist_only"]
            for s, e in [find(text, spec["doc"], phrase)]
        ]
    return gold


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
