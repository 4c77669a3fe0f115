"""Pick a dev-only extraction gold batch (dev9) by a fixed random seed, without running PressLens.

Why: on main 7bee864 every extraction dev split, the new dev8 included, has no claim miss left (fn 0),
so recall errors cannot be studied on dev; held-out errors are never read. dev9 gives fresh dev misses of
the same kind of text as the eighth batch. Run once, before any annotation or scoring (tests/gold/SPLIT.md,
"Ninth batch (figures, dev only)", records the output; it reproduces at the commit that adds this script,
on main 7bee864 plus the eighth batch's gold; from the next commit on the picks are named and a later run
draws others):

    python tests/gold/pick_batch9.py [SHARED_DATA_DIR]

Candidates are those of ``pick_batch8.py`` (PolNeAR ``train`` articles named nowhere in the repository,
at most 4,000 characters, 5-30 figures by the crude digit count); the eighth batch is named in the
repository now, so none of its texts. Ten texts are drawn with ``random.Random(20261217)``, all ``dev9`` (no
held-out half: the eighth batch's ``heldout8`` is the fresh held-out set of this work).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from pick_batch3 import REPO
from pick_batch4 import repo_text
from pick_batch8 import train_candidates

SEED = 20261217
BATCH = 10


def main(data: Path) -> None:
    rng = random.Random(SEED)
    candidates = train_candidates(data, repo_text())
    print(f"candidates: {len(candidates)} PolNeAR train")
    for key in rng.sample(candidates, BATCH):
        print("dev9", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
