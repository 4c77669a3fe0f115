"""Pick the fifth extraction gold batch (dev5 / heldout5) by a fixed random seed, without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Fifth batch (figures)", records the
output; the draw depends on what the repository names, so it reproduces at the commit that adds this
script, on main a08cf5e; from the next commit on the picks are named in the repository and a later run
draws others):

    python tests/gold/pick_batch5.py [SHARED_DATA_DIR]

Candidates are real English news articles that no claims rule was written on, with the rules of
``pick_batch3.py`` (3-30 figures by its crude digit count, at most 4,000 characters):

- SemEval-2023 training articles labelled ``reporting`` or ``opinion``, not among the first 60 files in
  sorted order, whose nine-digit id no file of the repository names (so no earlier batch), whose id is
  EVEN (odd ids are left to a quotes batch, so that neither batch's dev text is the other's held-out
  text), and that are not among the 80 articles whose claims the fourth batch's precision check read
  before and after its rules (``SWEEP_BATCH4``: ``random.Random(11)``, docs/evaluation.md "Fourth batch");
- news-story pages of ``aeb-dev`` (the hosts of ``pick_batch3.py``, read from the URLs alone) whose key no
  file of the repository names by its first 16 characters (so no page of an earlier batch);
- PolNeAR ``dev`` articles that no file of the repository names (so none of tests/gold/groupings/, none of
  an earlier batch, none a test reads).

Twelve texts are drawn with ``random.Random(20261203)`` (SemEval, then aeb-dev, then PolNeAR, from one
generator): four PolNeAR articles, every aeb-dev candidate up to four (only three were left unnamed when
this ran), and SemEval articles for the rest. The split alternates over the whole draw order (first dev5,
second heldout5, ...), so the halves have six texts each.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from pick_batch3 import REPO, semeval_candidates
from pick_batch4 import polnear_candidates, repo_text, unnamed_aeb

SEED = 20261203
BATCH = 12
PER_SOURCE = 4

SWEEP_BATCH4 = frozenset(
    [
        "705409419",
        "706600938",
        "707772906",
        "709732928",
        "710100700",
        "713130996",
        "716469423",
        "721406153",
        "723793978",
        "724791253",
        "725276027",
        "727405181",
        "727569885",
        "727658675",
        "728680557",
        "728758697",
        "728972961",
        "729410793",
        "729578579",
        "729668796",
        "730149656",
        "730389374",
        "732154721",
        "736757214",
        "738447109",
        "755393220",
        "757611486",
        "757713354",
        "757964238",
        "758385628",
        "758472954",
        "758477392",
        "759468687",
        "761334950",
        "761874505",
        "761955563",
        "762147609",
        "762200179",
        "762956953",
        "764609985",
        "765197039",
        "766084411",
        "766632016",
        "767129999",
        "769962328",
        "770376380",
        "770938827",
        "771879020",
        "773520636",
        "773748383",
        "780619695",
        "781847297",
        "783702663",
        "784382409",
        "785801366",
        "786344683",
        "786527921",
        "787142429",
        "788726416",
        "788900262",
        "789121798",
        "789370998",
        "789753303",
        "790499380",
        "790665855",
        "790720480",
        "793467906",
        "795379208",
        "832910505",
        "833036489",
        "833042063",
        "999000133",
        "999000147",
        "999000159",
        "999000858",
        "999001033",
        "999001211",
        "999001226",
        "999001619",
        "999001970",
    ]
)
"""SemEval ids of the fourth batch's 80-article precision sweep (its claims were read before and after)."""


def semeval_id(key: str) -> str:
    return Path(key).stem.removeprefix("article")


def even_semeval(data: Path) -> list[str]:
    """``pick_batch3``'s SemEval candidates with an even id, outside the fourth batch's sweep."""
    return [
        key
        for key in semeval_candidates(data)
        if int(semeval_id(key)) % 2 == 0 and semeval_id(key) not in SWEEP_BATCH4
    ]


def main(data: Path) -> None:
    rng = random.Random(SEED)
    named = repo_text()
    sources = [even_semeval(data), unnamed_aeb(data, named), polnear_candidates(data, named)]
    names = ("SemEval", "aeb-dev", "PolNeAR")
    print("candidates: " + ", ".join(f"{len(s)} {n}" for s, n in zip(sources, names, strict=True)))
    aeb = sources[1]
    sizes = (BATCH - min(len(aeb), PER_SOURCE) - PER_SOURCE, min(len(aeb), PER_SOURCE), PER_SOURCE)
    picked = [key for pool, size in zip(sources, sizes, strict=True) for key in rng.sample(pool, size)]
    for i, key in enumerate(picked):
        print("dev5" if i % 2 == 0 else "heldout5", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
