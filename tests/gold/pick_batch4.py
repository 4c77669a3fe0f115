"""Pick the fourth extraction gold batch (dev4 / heldout4) by a fixed random seed, without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Fourth batch (figures)", records the
output; the draw depends on what the repository names, so it reproduces on main 4d3f422, where it was run):

    python tests/gold/pick_batch4.py [SHARED_DATA_DIR]

Candidates are real English news articles that no rule was written on, with the rules of
``pick_batch3.py`` (3-30 figures by its crude digit count, at most 4,000 characters):

- SemEval-2023 training articles labelled ``reporting`` or ``opinion``, whose nine-digit id no file of
  the repository names (so the third batch is out) and not among the first 60 files in sorted order;
- news-story pages of ``aeb-dev`` (the same hosts, read from the URLs alone) whose key no file of the
  repository names by its first 16 characters (the third batch's pages are out);
- none of the texts of the quotes gold batch drawn the same day (branch quotes4, commit e0b2480,
  ``pick_batch4q.py``; listed below), so that neither batch's dev text is the other's held-out text;
- PolNeAR ``dev`` articles (US campaign news: polls, money, crowds) that no file of the repository
  names, so none of the gold groupings' articles (tests/gold/groupings/) and none a test reads.

Four of each are drawn with ``random.Random(20261202)`` (SemEval, then aeb-dev, then PolNeAR, from
one generator); within each source the split alternates in draw order (first dev4, second heldout4,
...), so each half has two articles of each source.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from pick_batch3 import (
    MAX_CHARS,
    MAX_FIGURES,
    MIN_FIGURES,
    REPO,
    aeb_candidates,
    figure_count,
    semeval_candidates,
)

SEED = 20261202
PER_SOURCE = 4

QUOTES_BATCH4 = (
    "article789121265",
    "article729348908",
    "article832917778",
    "article725731328",
    "article999001293",
    "article790666929",
    "article738028498",
    "article729303442",
    "51374560f40088e2",
    "6ebac05f637ece8a",
    "374ac9a59a85196c",
    "156770d676ce7990",
)
"""The quotes batch 4 (tests/gold/SPLIT.md, dev4q/heldout4q): SemEval names and aeb-dev key prefixes."""


def repo_text() -> str:
    """Every gold, test, doc, benchmark and resource file of the repository, concatenated."""
    parts = []
    for folder in ("tests", "docs", "benchmarks", "src/presslens/resources"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in {".json", ".md", ".py", ".txt", ".csv"}:
                parts.append(path.read_text(encoding="utf-8", errors="ignore"))
    return "\n".join(parts)


def unnamed_aeb(data: Path, named: str) -> list[str]:
    """aeb-dev news pages (pick_batch3's filter) whose key the repository does not name."""
    named_keys = set(re.findall(r"[0-9a-f]{16}", named))
    return [key for key in aeb_candidates(data) if key.removeprefix("aeb-dev/")[:16] not in named_keys]


def polnear_candidates(data: Path, named: str) -> list[str]:
    out = []
    for path in sorted((data / "polnear/dev/text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if path.name in named:
            continue
        if len(text) <= MAX_CHARS and MIN_FIGURES <= figure_count(text) <= MAX_FIGURES:
            out.append(f"polnear/dev/text/{path.name}")
    return out


def main(data: Path) -> None:
    rng = random.Random(SEED)
    named = repo_text() + "\n" + "\n".join(QUOTES_BATCH4)
    semeval = [key for key in semeval_candidates(data) if Path(key).stem not in QUOTES_BATCH4]
    sources = [semeval, unnamed_aeb(data, named), polnear_candidates(data, named)]
    names = ("SemEval", "aeb-dev", "PolNeAR")
    print("candidates: " + ", ".join(f"{len(s)} {n}" for s, n in zip(sources, names, strict=True)))
    for candidates in sources:
        for i, key in enumerate(rng.sample(candidates, PER_SOURCE)):
            print("dev4" if i % 2 == 0 else "heldout4", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
