"""Pick the eighth extraction gold batch (dev8 / heldout8) by a fixed random seed, without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Eighth batch (figures)", records the
output; the draw depends on what the repository names, so it reproduces at the commit that adds this
script, on main 7bee864; from the next commit on the picks are named in the repository and a later run
draws others):

    python tests/gold/pick_batch8.py [SHARED_DATA_DIR]

Candidates are PolNeAR ``train`` articles (US political news of 2016 from seven outlets: polls, money,
crowds, votes), a source no claims gold has used, that no file of the repository names by file name (so
none of the grouping clusters of tests/gold/groupings/, none of the uncovered-numeral sweep draws of
benchmarks/, none a test reads), at most 4,000 characters (``pick_batch3.MAX_CHARS``) and with 5-30 figures
by ``pick_batch3``'s crude digit count (digit groups that are not a 4-digit year 1800-2100). The floor is 5,
not 3 as before: in the sixth batch 7 of 12 texts let in by a floor of 3 stated no claim (their digits
were dates, ages and times), and this batch is for recall.

Fourteen texts are drawn with ``random.Random(20261216)`` (``rng.sample`` of the sorted candidate list); the
split alternates in draw order (first dev8, second heldout8, ...), so the halves have seven texts each.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from pick_batch3 import MAX_CHARS, MAX_FIGURES, REPO, figure_count
from pick_batch4 import repo_text

SEED = 20261216
BATCH = 14
MIN_FIGURES = 5


def train_candidates(data: Path, named: str) -> list[str]:
    """PolNeAR train articles named nowhere in the repository that fit this batch, in sorted order."""
    out = []
    for path in sorted((data / "polnear/train/text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if path.name in named:
            continue
        if len(text) <= MAX_CHARS and MIN_FIGURES <= figure_count(text) <= MAX_FIGURES:
            out.append(f"polnear/train/text/{path.name}")
    return out


def main(data: Path) -> None:
    rng = random.Random(SEED)
    candidates = train_candidates(data, repo_text())
    print(f"candidates: {len(candidates)} PolNeAR train")
    for i, key in enumerate(rng.sample(candidates, BATCH)):
        print("dev8" if i % 2 == 0 else "heldout8", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
