"""Pick a dev-only extraction gold batch of the figure forms session 10 left open (dev11), by a fixed seed,
without running PressLens.

Why: docs/annotations.md ("Figure conventions settled in session 11") decides five written forms: a score
with a unit on each side joined by a hyphen ("46%-35%"), an upward pair written as a score ("(34%-54%)"), a
signed figure ("-7 points"), the sides of a vote ("voted 19-15", "a 5-4 ruling") and a vague word standing
alone ("hundreds protested"). The dev splits hold almost none of them (dev9 one signed figure, dev10 one
upward pair), so no rule for them could be written or checked on dev. Run once, before any annotation or
scoring (tests/gold/SPLIT.md, "Eleventh batch", records the output; it reproduces at the commit that adds
this script; from the next commit on the picks are named and a later run draws none of them):

    python tests/gold/pick_batch11.py [SHARED_DATA_DIR] [OTHER_TEXT_FILE ...]

Candidates: PolNeAR ``train`` and SemEval-2023 training articles named nowhere in the repository
(``pick_batch4.repo_text``: so no gold, grouping or test text, none of
benchmarks/uncovered_numerals_draw*.txt) nor in any OTHER_TEXT_FILE given (another helper's draw of the
same day), at most ``LONGEST`` characters (8,000: at 6,000 only 10 texts qualify, none with an upward
unit pair; at 8,000, 14), whose text matches at least one of the crude patterns of ``FORMS``. The draw
is stratified so that each form is present: for each form in order, ``PER_FORM`` texts holding it are
drawn (skipping texts already drawn) with ``random.Random(20261220)``, then the batch is filled to
``BATCH`` from all candidates with the same generator (14 candidates qualified at 620f763, so all 14
are drawn and the seed only sets the order). All are ``dev11`` (no held-out half: heldout3-6 and
heldout8 stay the held-out sets of this work).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from pick_batch3 import REPO
from pick_batch4 import repo_text

SEED = 20261220
BATCH = 14
PER_FORM = 2
LONGEST = 8000
UNIT = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b)"
FORMS: dict[str, re.Pattern[str]] = {
    # "leads Clinton, 46%-35%"
    "percent_hyphen": re.compile(r"\d\s?%\s?[-–]\s?\d"),
    # "(34%-54%)", "36 percent to 51 percent": a pair with a unit on each side (direction checked below)
    "unit_pair": re.compile(rf"(\d+(?:\.\d+)?){UNIT}\s*(?:-|–|to)\s*(\d+(?:\.\d+)?){UNIT}", re.IGNORECASE),
    # "lost -7 points", "(-0.3%)": a minus sign right before digits, after a space or "("
    "signed": re.compile(r"(?<=[ (])[-−]\d"),
    # "voted 19-15", "a 5-4 ruling", "by a vote of 52 to 48"
    "vote": re.compile(
        r"\bvot(?:e|ed|es|ing)\b[^.\n]{0,60}?\b\d{1,3}\s*(?:-|–|to)\s*\d{1,3}\b"
        r"|\b\d{1,3}\s*[-–]\s*\d{1,3}\s+(?:vote|ruling|decision|verdict)\b",
        re.IGNORECASE,
    ),
    # "hundreds protested", "drew thousands.": a vague word with no "of" or plural noun after it
    "vague_alone": re.compile(
        r"\b(?:hundreds|thousands|millions|billions|dozens)\b"
        r"(?=\s*[.,;:!?)]|\s+(?:were|are|have|had|will|would|who|\w+ed)\b)",
        re.IGNORECASE,
    ),
}


def forms_in(text: str) -> set[str]:
    """The forms whose pattern the text matches (an upward unit pair only counts for ``unit_pair``)."""
    found = set()
    for name, pattern in FORMS.items():
        for m in pattern.finditer(text):
            if name == "unit_pair" and not float(m.group(1)) < float(m.group(2)):
                continue
            found.add(name)
            break
    return found


def candidates(data: Path, named: str) -> dict[str, set[str]]:
    """Unnamed PolNeAR train and SemEval texts of at most ``LONGEST`` characters -> the forms they hold."""
    out: dict[str, set[str]] = {}
    sources = (
        ("polnear/train/text", data / "polnear/train/text"),
        ("semeval/articles", data / "semeval2023-en/articles"),
    )
    for prefix, folder in sources:
        for path in sorted(folder.glob("*.txt")):
            if path.name in named or path.stem in named:
                continue
            text = path.read_text(encoding="utf-8")
            if len(text) <= LONGEST and (found := forms_in(text)):
                out[f"{prefix}/{path.name}"] = found
    return out


def main(data: Path, others: list[Path]) -> None:
    named = repo_text() + "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in others)
    pool = candidates(data, named)
    rng = random.Random(SEED)
    print(f"candidates: {len(pool)}; per form:", {f: sum(f in v for v in pool.values()) for f in FORMS})
    drawn: list[str] = []
    for form in FORMS:
        holding = [k for k in sorted(pool) if form in pool[k] and k not in drawn]
        drawn += rng.sample(holding, min(PER_FORM, len(holding)))
    rest = [k for k in sorted(pool) if k not in drawn]
    drawn += rng.sample(rest, max(0, min(BATCH - len(drawn), len(rest))))
    for key in drawn:
        print("dev11", key, ",".join(sorted(pool[key])))


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else REPO.parent / "shared" / "data", [Path(a) for a in args[1:]])
