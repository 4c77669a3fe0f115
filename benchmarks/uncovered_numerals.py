"""List the numerals and number words that no claim covers, on news outside every gold (issue 11 sweep).

Why: held-out claims recall (0.835 pooled, heldout3-6) is the gap to the issue's F1 target, and the
held-out misses must stay unread. This sweep finds the kinds of figures the claims component drops on
text that no gold, no test and no rule names, so that the commonest kinds can be judged by the guideline
and fixed.

    OMP_NUM_THREADS=1 python benchmarks/uncovered_numerals.py [--n 150] [--seed 20261206] [--data DIR]

Texts: ``--n`` drawn with ``random.Random(seed)`` from SemEval-2023 articles whose nine-digit id no file
of the repository names, PolNeAR **train** articles whose file name no file names, and English aeb-dev
news bodies whose key (first 16 characters) no file names (the filters of ``tests/gold/pick_batch3.py``
and ``pick_batch4``). Candidates: every token spaCy calls ``like_num``, every CARDINAL / MONEY / PERCENT /
QUANTITY entity, and the
vague words of ``VAGUE`` ("dozens", "hundreds", "a handful"...). Skipped as no figure by the guideline:
DATE / TIME / ORDINAL entities, years, times, phone numbers, page / section / number references, street
numbers, hyphenated score lines and compounds, numbers inside names (PERSON / ORG / ... entities), ages,
and the word "one". What is left and overlaps no claim span is printed with its sentence, one per line
(the draw depends on what the repository names, so the session-8 draw is kept in
``benchmarks/uncovered_numerals_draw.txt``; ``--keys benchmarks/uncovered_numerals_draw.txt`` reruns it):

    <text key> | <numeral> | <entity label or -> | <sentence>
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "gold"))

from pick_batch3 import english, named_ids  # noqa: E402
from pick_batch4 import repo_text  # noqa: E402

SEED = 20261206
FIGURE_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
SKIP_LABELS = {"DATE", "TIME", "ORDINAL"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "LOC"}
VAGUE = re.compile(
    r"\b(?:dozens|hundreds|thousands|millions|billions|scores|tens of thousands|a handful|handfuls|"
    r"a dozen|a couple of|a few dozen|several dozen|several hundred|several thousand)\b",
    re.I,
)
REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:page|pages|p\.|pp\.|section|sec\.|article|chapter|no\.|number|rule|amendment|title|"
    r"episode|season|route|highway|interstate|district|precinct|flight|room|unit|suite|channel|"
    r"version|level|grade|class|category|proposition|prop\.|measure|question|box|apt\.|ward|"
    r"figure|table|step|phase|item|count|verse|psalm|act|resolution|bill|h\.r\.|s\.)\s*#?|#)\s*$",
    re.I,
)
STREET_AFTER = re.compile(
    r"^\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Lane|Way|Place)",
)
PHONE = re.compile(r"\(?\d{3}\)?[-. ]\d{3}[-.]\d{4}")
TIME = re.compile(r"\d{1,2}:\d{2}|\d{1,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", re.I)
AGE_AFTER = re.compile(r"^(?:-year-old|-years-old| years? old|-month-old|, (?:was|is|who)\b)", re.I)


def _candidates(data: Path, named_too: bool = False) -> list[tuple[str, str]]:
    """(key, text) of every text outside every gold, in a fixed order (``named_too``: every text)."""
    named_nine, named = (set(), "") if named_too else (named_ids(), repo_text())
    out: list[tuple[str, str]] = []
    for path in sorted((data / "semeval2023-en/articles").glob("article*.txt")):
        if path.stem.removeprefix("article") not in named_nine:
            out.append((f"semeval/{path.name}", path.read_text(encoding="utf-8")))
    for path in sorted((data / "polnear/train/text").glob("*.txt")):
        if path.name not in named:
            out.append((f"polnear-train/{path.name}", path.read_text(encoding="utf-8")))
    truth = json.loads((data / "aeb-dev/ground-truth.json").read_text(encoding="utf-8"))
    named_keys = set(re.findall(r"[0-9a-f]{16}", named))
    for key, page in sorted(truth.items()):
        body = page.get("articleBody") or ""
        if key[:16] not in named_keys and body and english(body):
            out.append((f"aeb-dev/{key}", body))
    return out


def draw(data: Path, n: int, seed: int) -> list[tuple[str, str]]:
    """The sweep's texts: ``n`` of the candidates, drawn with ``random.Random(seed)``."""
    return random.Random(seed).sample(_candidates(data), n)


def _skipped(text: str, start: int, end: int, label: str, ents: list) -> bool:  # noqa: ANN001 - spaCy spans
    raw = text[start:end]
    before, after = text[max(0, start - 25) : start], text[end : end + 25]
    if label in SKIP_LABELS:
        return True
    if any(e.start_char <= start and end <= e.end_char and e.label_ in NAME_LABELS for e in ents):
        return True
    if re.fullmatch(r"(?:1[89]|20)\d\d", raw) or re.fullmatch(r"(?:1[89]|20)\d\ds", raw):
        return True
    if raw.lower() in {"one", "a", "an"}:
        return True
    if REFERENCE_BEFORE.search(before) or STREET_AFTER.match(after) or AGE_AFTER.match(after):
        return True
    window = text[max(0, start - 8) : end + 8]
    if PHONE.search(window) or TIME.search(text[max(0, start - 3) : end + 6]):
        return True
    if re.match(r"^[-\u2013]\d", after) or re.search(r"\d[-\u2013]$", before):  # score line "4-4", compounds
        return True
    return bool(re.match(r"^-[A-Za-z]", after))  # hyphenated compound "43,000-barrel"


def uncovered(nlp, extract, segments, key: str, text: str) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(numeral, label, sentence) for each candidate numeral of ``text`` that no claim span covers."""
    doc = nlp(text)
    spans = [(c.start, c.end) for c in extract(doc, None, text)]
    ents = list(doc.ents)
    found: dict[tuple[int, int], str] = {}
    for e in ents:
        if e.label_ in FIGURE_LABELS | SKIP_LABELS and any(t.like_num for t in e):
            found[(e.start_char, e.end_char)] = e.label_
    for t in doc:
        if t.like_num and not any(a <= t.idx < b for a, b in found):
            found[(t.idx, t.idx + len(t))] = t.ent_type_ or "-"
    for m in VAGUE.finditer(text):
        if not any(a <= m.start() < b for a, b in found):
            found[(m.start(), m.end())] = "VAGUE"
    out = []
    sents = segments(doc, text)
    for (start, end), label in sorted(found.items()):
        if any(a < end and start < b for a, b in spans) or _skipped(text, start, end, label, ents):
            continue
        sent = next((s for s in sents if s.start_char <= start < s.end_char), None)
        ctx = text[sent.start_char : sent.end_char] if sent is not None else text[start - 80 : end + 80]
        out.append((text[start:end], label, " ".join(ctx.split())))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--list", action="store_true", help="print the drawn keys only")
    ap.add_argument("--keys", type=Path, help="read these text keys (one a line) instead of drawing")
    args = ap.parse_args()
    if args.keys is not None:
        wanted = args.keys.read_text(encoding="utf-8").split()
        pool = dict(_candidates(args.data, named_too=True))
        texts = [(key, pool[key]) for key in wanted]
    else:
        texts = draw(args.data, args.n, args.seed)
    if args.list:
        print("\n".join(key for key, _ in texts))
        return
    from presslens.api import get_pipeline
    from presslens.components.claims import _segments, extract

    nlp = get_pipeline().nlp
    total = 0
    for key, text in texts:
        for raw, label, sent in uncovered(nlp, extract, _segments, key, text):
            total += 1
            print(f"{key} | {raw} | {label} | {sent}")
    print(f"# {total} uncovered numerals in {len(texts)} texts (seed {args.seed})", file=sys.stderr)


if __name__ == "__main__":
    main()
