"""Pick the seventh gold batch for quotes and speakers (dev7q / heldout7q) by a fixed random seed,
without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Seventh batch (quotes)", records the
output; the draw depends on what the repository names, so it reproduces at the commit that adds this
script, on main 029c7fd; from the next commit on the picks are named in the repository and a later run
draws others):

    python tests/gold/pick_batch7q.py [SHARED_DATA_DIR]

Candidates follow ``pick_batch6q.py`` (SemEval-2023 training articles labelled ``reporting`` or
``opinion`` whose nine-digit id no file of the repository names, not among the first 60 files, outside
the sweeps ``pick_batch6q.swept_ids`` lists, with at least 4 double quotation marks or reporting words by
``pick_batch4q``'s crude count), with two changes:

- also outside the two sweeps of spk10 (session 8) whose speaker output was read: the 30 SemEval
  articles of ``random.Random(20261208)`` (``SWEEP_SPK10``) and the 30 aeb-dev news pages named
  nowhere at 0c4261f (``SWEEP2_SPK10``, key prefixes). Every aeb-dev news page still named nowhere was
  in that second sweep, so this batch has no aeb-dev page;
- at most 4,000 characters (``pick_batch5q``'s limit), so that the twelve texts can be annotated by
  hand within the hour the session gives them.

Not known to this script: the 60 SemEval articles of the speaker-gate sample (docs/attribution.md,
``random.Random(20261207)``, kept outside the repository; only common-noun sources were judged there),
and the claims sweeps of docs/evaluation.md that read figures only.

Twelve SemEval articles are drawn with ``random.Random(20261209)`` (``reporting`` first, ``opinion``
filling up, as in pick_batch4q); the split alternates in draw order (first dev7q, second heldout7q, ...).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pick_batch5q
from pick_batch3 import REPO
from pick_batch4 import repo_text
from pick_batch4q import draw
from pick_batch6q import semeval_pools

SEED = 20261209
N_SEMEVAL = 12
MAX_CHARS = 4000

SWEEP_SPK10 = (
    "715790840 723537899 725238842 730061195 736231219 739091070 755459860 759337941 762160164 764715911 "
    "765029945 769427494 771655795 772947654 778139122 780414700 781672902 782017101 787002327 787966255 "
    "788173482 788816478 788847916 789615291 790720714 793534424 795691173 999000874 999000878 999001323"
)
"""SemEval ids of spk10's first sweep (``random.Random(20261208)``; its speakers were read)."""

SWEEP2_SPK10 = (
    "042bb7b5fedab6ea 05844573ca7e1fba 08f793762792bd25 0d46122928b6f468 35b158918c676ff2 3c5bf8db4272925b "
    "65408257dbe4b41f 65ce3a4577a03069 70cb2d5bca75ab5a 7a664e40d256470f 7dfc3e359d7c0ca4 8267acacb9e4a109 "
    "833caf3bdba53dcf 8634d1211c3f2b73 87bf60570e6e2e33 8e3efab59f48fd29 9e8c9f082a8d77c5 9eef8162bbb67b0b "
    "a1fca19b884e0e94 b37be3535e1fb61e b6906ca016bbfc64 db6b0816c612296c e1c7023ee2148901 e372e42c0a3df7b8 "
    "e7994d5500875202 ea25dd7edff4d279 ef2b3f268a67950c f5c90a6d5253c3a2 f81c6c05d9cbc933 fde930b01859de83"
)
"""aeb-dev key prefixes of spk10's second sweep (every English news page named nowhere at 0c4261f)."""


def short_enough(key: str, data: Path) -> bool:
    path = data / "semeval2023-en" / "articles" / Path(key).name
    return len(path.read_text(encoding="utf-8")) <= MAX_CHARS


def pools(data: Path) -> tuple[list[str], list[str]]:
    """``pick_batch6q``'s SemEval (reporting, opinion) pools minus spk10's sweep, cut to 4,000 characters."""
    reporting, opinion = semeval_pools(data)

    def keep(key: str) -> bool:
        return Path(key).stem.removeprefix("article") not in SWEEP_SPK10.split() and short_enough(key, data)

    return [k for k in reporting if keep(k)], [k for k in opinion if keep(k)]


def aeb_left(data: Path) -> list[str]:
    """English aeb-dev news pages named nowhere outside spk10's second sweep (none when this ran)."""
    pick_batch5q.MAX_CHARS = 5000
    pages = pick_batch5q.aeb_pages(data, repo_text())
    return [k for k in pages if k.removeprefix("aeb-dev/")[:16] not in SWEEP2_SPK10.split()]


def main(data: Path) -> None:
    rng = random.Random(SEED)
    reporting, opinion = pools(data)
    aeb = aeb_left(data)
    print(f"candidates: {len(reporting)} SemEval reporting, {len(opinion)} opinion, {len(aeb)} aeb-dev left")
    semeval, _ = draw(rng, (reporting, opinion, []), N_SEMEVAL, 0)
    for i, key in enumerate(semeval):
        print("dev7q" if i % 2 == 0 else "heldout7q", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
