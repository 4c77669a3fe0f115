"""Pick a dev-only extraction gold batch of poll stories (dev10) by a fixed seed, without running PressLens.

Why: heldout8's gold (session 10, claims14) counts hyphenated poll scores ("Rubio tops Clinton 41-40") as
two figures, as the guideline counts "tied 45 to 45"; that was known from annotating, not from errors, and
no dev text holds such a score, so no rule could be written or checked on dev. dev10 is a dev batch of poll
stories that write scores that way. Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Tenth
batch (poll scores, dev only)", records the output; it reproduces at the commit that adds this script, on
claims15's base 7b4f932; from the next commit on the picks are named and a later run draws none of them):

    python tests/gold/pick_batch10.py [SHARED_DATA_DIR]

Candidates: PolNeAR ``train`` articles named nowhere in the repository (``pick_batch4.repo_text``: so no
gold or grouping text and none of benchmarks/uncovered_numerals_draw*.txt), at most 8,000 characters
(twice ``pick_batch3.MAX_CHARS``: at 4,000 only two texts qualify, at 8,000 five, 24,164 characters in
all), whose body holds a hyphenated score ``\\b\\d{1,2}-\\d{1,2}\\b`` with a poll word (poll, polls,
polling, survey, surveys) within 300 characters. Six texts are drawn with ``random.Random(20261219)`` (all
of them when fewer qualify: five did), all ``dev10`` (no held-out half: heldout8 and heldout3-6 stay the
held-out sets of this work).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from pick_batch3 import MAX_CHARS, REPO
from pick_batch4 import repo_text

SEED = 20261219
BATCH = 6
SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
POLL = re.compile(r"\b(?:poll|polls|polling|survey|surveys)\b", re.IGNORECASE)
NEAR = 300
LONGEST = 2 * MAX_CHARS


def has_poll_score(text: str) -> bool:
    """A hyphenated score with a poll word within ``NEAR`` characters of it."""
    return any(POLL.search(text[max(0, m.start() - NEAR) : m.end() + NEAR]) for m in SCORE.finditer(text))


def poll_candidates(data: Path, named: str) -> list[str]:
    """PolNeAR train poll stories named nowhere in the repository, in sorted order."""
    out = []
    for path in sorted((data / "polnear/train/text").glob("*.txt")):
        if path.name in named:
            continue
        text = path.read_text(encoding="utf-8")
        if len(text) <= LONGEST and has_poll_score(text):
            out.append(f"polnear/train/text/{path.name}")
    return out


def main(data: Path) -> None:
    rng = random.Random(SEED)
    candidates = poll_candidates(data, repo_text())
    print(f"candidates: {len(candidates)} PolNeAR train")
    for key in rng.sample(candidates, min(BATCH, len(candidates))):
        print("dev10", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
