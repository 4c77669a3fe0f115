"""Pick the sixth gold batch for quotes and speakers (dev6q / heldout6q) by a fixed random seed,
without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Sixth batch (quotes)", records the
output; the draw depends on what the repository names, so it reproduces at the commit that adds this
script, on main 0c4261f; from the next commit on the picks are named in the repository and a later run
draws others):

    python tests/gold/pick_batch6q.py [SHARED_DATA_DIR]

Candidates are real English news articles that no speaker rule was written on, with the quote-count
rule of ``pick_batch4q.py`` (at least 4 double quotation marks or reporting words by its crude count)
and at most 5,000 characters:

- SemEval-2023 training articles labelled ``reporting`` or ``opinion`` whose nine-digit id no file of
  the repository names (so no earlier batch, of figures or quotes), that are not among the first 60
  files in sorted order, and that no earlier sweep read: not the fourth quotes batch's check (every
  22nd file from the 62nd, ``SWEEP_QUOTES4``), not the actors7 check (every 9th from the 6th), not the
  fourth figures batch's precision sweep (``pick_batch5.SWEEP_BATCH4``). ``reporting`` articles are
  drawn first and ``opinion`` ones fill up (as in pick_batch4q; none was left when this ran);
- English pages of ``aeb-dev`` (bodies in ground-truth.json) whose key no file of the repository names
  by its first 16 characters, on the news hosts of ``pick_batch3.py`` or ``pick_batch5q.MORE_NEWS_HOSTS``
  (read from the URLs alone).

Not known to this script: the 60 SemEval articles of the speaker-gate sample (docs/attribution.md,
``random.Random(20261207)``, kept outside the repository); there only common-noun sources were judged
can/cannot speak, and no article of it is named here.

Twelve texts are drawn with ``random.Random(20261205)``: six SemEval articles, then six aeb-dev pages,
from one generator. The split alternates within each source in draw order (first dev6q, second
heldout6q, ...), so each half has three SemEval articles and three aeb-dev pages.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pick_batch5q
from pick_batch3 import REPO
from pick_batch4 import repo_text
from pick_batch4q import draw, semeval_candidates
from pick_batch5 import SWEEP_BATCH4

SEED = 20261205
N_SEMEVAL, N_AEB = 6, 6


def swept_ids(data: Path) -> set[str]:
    """SemEval ids read by earlier checks: every 22nd file from the 62nd, every 9th from the 6th."""
    files = sorted((data / "semeval2023-en" / "articles").glob("article*.txt"))
    return {p.stem.removeprefix("article") for p in files[61::22] + files[5::9]} | set(SWEEP_BATCH4)


def semeval_pools(data: Path) -> tuple[list[str], list[str]]:
    """``pick_batch4q``'s (reporting, opinion) candidates (at most 5,000 characters) minus the swept ids."""
    swept = swept_ids(data)
    reporting, opinion = semeval_candidates(data)

    def keep(key: str) -> bool:
        return Path(key).stem.removeprefix("article") not in swept

    return [k for k in reporting if keep(k)], [k for k in opinion if keep(k)]


def main(data: Path) -> None:
    rng = random.Random(SEED)
    reporting, opinion = semeval_pools(data)
    aeb = aeb_pages_5000(data)
    print(f"candidates: {len(reporting)} SemEval reporting, {len(opinion)} opinion, {len(aeb)} aeb-dev")
    for group in draw(rng, (reporting, opinion, aeb), N_SEMEVAL, N_AEB):
        for i, key in enumerate(group):
            print("dev6q" if i % 2 == 0 else "heldout6q", key)


def aeb_pages_5000(data: Path) -> list[str]:
    """``pick_batch5q.aeb_pages`` with a 5,000-character limit (its ``fits`` reads the constant)."""
    pick_batch5q.MAX_CHARS = 5000
    return pick_batch5q.aeb_pages(data, repo_text())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
