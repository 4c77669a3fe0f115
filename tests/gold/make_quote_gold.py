"""Write gold quote files (tests/gold/quotes/) from a reviewed spec, offsets found by exact string search.

The spec (kept outside the repository, since it quotes third-party text) is a Python file defining
``DOCS``: a list of dicts ``{doc, split, quotes, sources}``. Each quote is a tuple
``(phrase, kind, speaker_as_written, speaker)``: ``kind`` is ``direct`` (the words inside the marks,
marks left out) or ``indirect`` (the reported clause, without *that*); ``speaker_as_written`` is the
mention the reader takes the speaker from (``"she"``, ``"the senator"``, or the name), ``speaker`` the
person or body it refers to, by the fullest name the article gives, or the phrase as written for
unnamed speakers. Each source is ``(phrase, type)``.

``phrase`` is typed by hand from the text. It may carry context around the span in double brackets
(``"Ms. Smith said [[the plan failed]] on Monday"``: only the bracketed words are the span), and
``"phrase@2"`` takes the second occurrence. A phrase that is missing, or found more than once without
``@N``, fails loudly, so every offset in a gold file is exactly where the annotator saw the words,
never a system output.

    python tests/gold/make_quote_gold.py SPEC.py
"""

from __future__ import annotations

import hashlib
import json
import runpy
import sys
from pathlib import Path

from make_gold import doc_text, gold_name, pick_occurrence

HERE = Path(__file__).resolve().parent


def locate(text: str, doc: str, phrase: str) -> tuple[int, int]:
    """Offsets of the span ``phrase`` names in ``text`` (see the module docstring)."""
    words, _, nth = phrase.rpartition("@") if "@" in phrase[-3:] else (phrase, "", "")
    whole = words.replace("[[", "").replace("]]", "")
    lead = words.find("[[")
    inner_start = lead if lead >= 0 else 0
    inner_end = words.find("]]") - 2 if lead >= 0 else len(whole)
    hits = []
    at = text.find(whole)
    while at >= 0:
        hits.append(at)
        at = text.find(whole, at + 1)
    at = pick_occurrence(hits, nth, doc, whole)
    return at + inner_start, at + inner_end


def build(spec: dict) -> dict:
    text = doc_text(spec["doc"])
    quotes = []
    for phrase, kind, as_written, speaker in spec["quotes"]:
        if kind not in {"direct", "indirect"}:
            raise SystemExit(f"{spec['doc']}: kind {kind!r} of {phrase!r} is not direct/indirect")
        start, end = locate(text, spec["doc"], phrase)
        quotes.append(
            {"start": start, "end": end, "kind": kind, "speaker": speaker, "speaker_as_written": as_written}
        )
    sources = []
    for phrase, source_type in spec.get("sources", []):
        start, end = locate(text, spec["doc"], phrase)
        sources.append({"start": start, "end": end, "type": source_type})
    for items in (quotes, sources):
        items.sort(key=lambda item: item["start"])
    return {
        "doc": spec["doc"],
        "split": spec["split"],
        "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
        "quotes": quotes,
        "sources": sources,
    }


def main(spec_path: str) -> None:
    out_dir = HERE / "quotes"
    for spec in runpy.run_path(spec_path)["DOCS"]:
        gold = build(spec)
        path = out_dir / gold_name(spec["doc"]).replace("semeval_article", "semeval_")
        path.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(gold['quotes'])} quotes, {len(gold['sources'])} sources")


if __name__ == "__main__":
    main(sys.argv[1])
