"""Pick the sixth extraction gold batch (dev6 / heldout6) by a fixed random seed, without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Sixth batch (figures)", records the
output; the draw depends on what the repository names, so it reproduces at the commit that adds this
script, on main 0c4261f plus the particle fix 65ea54b; from the next commit on the picks are named in the
repository and a later run draws others):

    python tests/gold/pick_batch6.py [SHARED_DATA_DIR]

Candidates are real English news articles that no claims rule was written on, with the rules of
``pick_batch3.py`` (3-30 figures by its crude digit count, at most 4,000 characters):

- SemEval-2023 training articles labelled ``reporting`` or ``opinion``, not among the first 60 files in
  sorted order, whose nine-digit id no file of the repository names (so no earlier batch, figures or
  quotes), and that are not among the 80 articles of the fourth batch's precision sweep
  (``pick_batch5.SWEEP_BATCH4``); ``reporting`` articles first (all of them, up to ``N_REPORTING``),
  ``opinion`` ones only to fill up;
- PolNeAR ``dev`` articles that no file of the repository names (so none of tests/gold/groupings/ and no
  earlier batch);
- English news pages of ``aeb-dev`` (bodies in ground-truth.json) on the hosts of ``pick_batch3.py`` or
  of ``pick_batch5q.MORE_NEWS_HOSTS`` (read from the URLs alone), whose key no file of the repository
  names by its first 16 characters.

Twelve texts are drawn with ``random.Random(20261204)`` (SemEval reporting, SemEval opinion, PolNeAR,
aeb-dev, from one generator): every reporting candidate up to ``N_REPORTING``, ``N_POLNEAR`` PolNeAR
articles, every aeb-dev candidate up to ``N_AEB``, and SemEval opinion articles for the rest. The split
alternates over the whole draw order (first dev6, second heldout6, ...), so the halves have six texts each.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from pick_batch3 import (
    MAX_CHARS,
    MAX_FIGURES,
    MIN_FIGURES,
    NEWS_HOSTS,
    REPO,
    english,
    figure_count,
    named_ids,
)
from pick_batch4 import polnear_candidates, repo_text
from pick_batch5 import SWEEP_BATCH4
from pick_batch5q import MORE_NEWS_HOSTS

SEED = 20261204
BATCH = 12
N_REPORTING = 4
N_POLNEAR = 4
N_AEB = 2


def fits(text: str) -> bool:
    return len(text) <= MAX_CHARS and MIN_FIGURES <= figure_count(text) <= MAX_FIGURES


def semeval_by_genre(data: Path) -> tuple[list[str], list[str]]:
    """(reporting, opinion) SemEval candidates: named nowhere, not in the first 60 files nor the sweep."""
    labels = (data / "semeval2023-en/labels-subtask-1.txt").read_text().split("\n")
    genres = dict(line.split("\t")[:2] for line in labels if line)
    files = sorted((data / "semeval2023-en/articles").glob("article*.txt"))
    skip = named_ids() | SWEEP_BATCH4 | {p.stem.removeprefix("article") for p in files[:60]}
    out: dict[str, list[str]] = {"reporting": [], "opinion": []}
    for path in files:
        key = path.stem.removeprefix("article")
        genre = genres.get(key, "").strip()
        if genre in out and key not in skip and fits(path.read_text(encoding="utf-8")):
            out[genre].append(f"semeval/articles/{path.name}")
    return out["reporting"], out["opinion"]


def aeb_pages(data: Path, named: str) -> list[str]:
    """English aeb-dev news pages on either host list, named nowhere, that fit this batch."""
    truth = json.loads((data / "aeb-dev/ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key, page in sorted(truth.items()):
        body, host = page["articleBody"], page["url"].split("/")[2]
        if key[:16] in named or not (english(body) and fits(body)):
            continue
        if host in NEWS_HOSTS or host in MORE_NEWS_HOSTS:
            out.append(f"aeb-dev/{key}")
    return out


def main(data: Path) -> None:
    rng = random.Random(SEED)
    named = repo_text()
    reporting, opinion = semeval_by_genre(data)
    polnear, aeb = polnear_candidates(data, named), aeb_pages(data, named)
    print(
        f"candidates: {len(reporting)} SemEval reporting, {len(opinion)} opinion, "
        f"{len(polnear)} PolNeAR dev, {len(aeb)} aeb-dev"
    )
    n_rep, n_pol, n_aeb = min(len(reporting), N_REPORTING), min(len(polnear), N_POLNEAR), min(len(aeb), N_AEB)
    n_op = BATCH - n_rep - n_pol - n_aeb
    groups = [
        rng.sample(pool, n)
        for pool, n in ((reporting, n_rep), (opinion, n_op), (polnear, n_pol), (aeb, n_aeb))
    ]
    for i, key in enumerate(key for group in groups for key in group):
        print("dev6" if i % 2 == 0 else "heldout6", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
