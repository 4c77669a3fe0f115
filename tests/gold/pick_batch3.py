"""Pick the third extraction gold batch (dev3 / heldout3) by a fixed random seed, without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md records the output):

    python tests/gold/pick_batch3.py [SHARED_DATA_DIR]

Candidates are real English news articles that no rule was written on:

- SemEval-2023 training articles whose genre label (labels-subtask-1.txt) is ``reporting`` or
  ``opinion``, that no file of the repository names (every gold file, tests, docs, benchmarks and
  resources are searched for the nine-digit id), and that are not among the first 60 files in sorted
  order (benchmarks and the fuzz run analyse those);
- pages of ``aeb-dev`` (bodies in ground-truth.json) whose body is English and whose URL is a news
  story of a news outlet (the hosts below were read from the URLs alone, before any body was read).

Both must state at least 3 figures by a crude count that does not use PressLens (digit groups that
are not a 4-digit year 1800-2100), at most 30 (sports box scores and price lists are not the target),
and be at most 4,000 characters long (so that every figure can be annotated by hand in one session).
Eight SemEval articles and four aeb pages are drawn with ``random.Random(20261130)``; the split
alternates in draw order (first dev3, second heldout3, ...), so each half has four SemEval articles and
two aeb pages.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED = 20261130
MAX_CHARS = 4000
MIN_FIGURES, MAX_FIGURES = 3, 30

# Hosts of aeb-dev pages that are news stories (read from the URL list only).
NEWS_HOSTS = (
    "www.cbsnews.com",
    "www.cnbc.com",
    "thehill.com",
    "www.aljazeera.com",
    "nypost.com",
    "www.thesun.co.uk",
    "www.cnn.com",
    "therealdeal.com",
    "www.foxbusiness.com",
    "www.smithsonianmag.com",
    "www.therepublic.com",
    "www.nj.com",
    "techcrunch.com",
    "www.chron.com",
    "www.jpost.com",
    "hosted.ap.org",
    "www.mysanantonio.com",
    "www.spokesman.com",
    "www.deccanherald.com",
    "www.express.co.uk",
    "www.albawaba.com",
    "spacenews.com",
    "phys.org",
    "www.space.com",
    "www.ctvnews.ca",
    "www.latimes.com",
    "www.ctpost.com",
)


def figure_count(text: str) -> int:
    numbers = re.findall(r"\b\d[\d,.]*\b", text)
    return sum(1 for n in numbers if not (re.fullmatch(r"\d{4}", n) and 1800 <= int(n) <= 2100))


def named_ids() -> set[str]:
    """Nine-digit ids named anywhere in the repository's gold, tests, docs, benchmarks and resources."""
    found: set[str] = set()
    for folder in ("tests", "docs", "benchmarks", "src/presslens/resources"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in {".json", ".md", ".py", ".txt", ".csv"}:
                found |= set(re.findall(r"\d{9}", path.read_text(encoding="utf-8", errors="ignore")))
    return found


def english(text: str) -> bool:
    words = text.split()
    common = len(re.findall(r"\b(?:the|and|of|to)\b", text))
    return bool(words) and common / len(words) > 0.08 and sum(c.isascii() for c in text) / len(text) > 0.97


def semeval_candidates(data: Path) -> list[str]:
    labels = (data / "semeval2023-en/labels-subtask-1.txt").read_text().split("\n")
    genres = dict(line.split("\t")[:2] for line in labels if line)
    files = sorted((data / "semeval2023-en/articles").glob("article*.txt"))
    skip = named_ids() | {p.stem.removeprefix("article") for p in files[:60]}
    out = []
    for path in files:
        key = path.stem.removeprefix("article")
        text = path.read_text(encoding="utf-8")
        if genres.get(key, "").strip() not in {"reporting", "opinion"} or key in skip:
            continue
        if len(text) <= MAX_CHARS and MIN_FIGURES <= figure_count(text) <= MAX_FIGURES:
            out.append(f"semeval/articles/{path.name}")
    return out


def aeb_candidates(data: Path) -> list[str]:
    truth = json.loads((data / "aeb-dev/ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key, page in sorted(truth.items()):
        body, host = page["articleBody"], page["url"].split("/")[2]
        fits = english(body) and len(body) <= MAX_CHARS and MIN_FIGURES <= figure_count(body) <= MAX_FIGURES
        if host in NEWS_HOSTS and fits:
            out.append(f"aeb-dev/{key}")
    return out


def main(data: Path) -> None:
    rng = random.Random(SEED)
    semeval, aeb = semeval_candidates(data), aeb_candidates(data)
    print(f"candidates: {len(semeval)} SemEval, {len(aeb)} aeb-dev")
    picked = rng.sample(semeval, 8) + rng.sample(aeb, 4)
    semeval_picks, aeb_picks = picked[:8], picked[8:]
    for group in (semeval_picks, aeb_picks):
        for i, key in enumerate(group):
            print("dev3" if i % 2 == 0 else "heldout3", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
