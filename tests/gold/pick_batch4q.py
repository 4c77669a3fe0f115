"""Pick the fourth gold batch, for quotes and speakers (dev4q / heldout4q), by a fixed random seed,
without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md records the output):

    python tests/gold/pick_batch4q.py [SHARED_DATA_DIR]

Candidates are real English news articles that no rule was written on:

- SemEval-2023 training articles that no file of the repository names (every gold file, tests, docs,
  benchmarks and resources are searched for the nine-digit id) and that are not among the first 60
  files in sorted order (benchmarks and the fuzz run analyse those). Articles whose genre label
  (labels-subtask-1.txt) is ``reporting`` are drawn first; ``opinion`` articles only fill up when
  there are too few of them;
- pages of ``aeb-dev`` (bodies in ground-truth.json) whose body is English, whose URL is a news
  story of a news outlet (the host list of pick_batch3.py, read from the URLs alone) and whose key
  the repository does not name yet.

Each must hold at least 4 quotation marks or reporting verbs by a crude count that does not use
PressLens (double quotation marks, and the words of ``REPORTING`` below), and be at most 5,000
characters long (so that every quote can be annotated by hand in one session). Eight SemEval
articles and four aeb pages are drawn with ``random.Random(20261201)``; the split alternates in draw
order (first dev4q, second heldout4q, ...), so each half has four SemEval articles and two aeb pages.

The draw reproduces at commit e0b2480 (SPLIT.md's section, before any gold file): from then on the picks
are named in the repository, so a later run excludes them and draws others.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from pick_batch3 import NEWS_HOSTS, REPO, english, named_ids

SEED = 20261201
MAX_CHARS = 5000
MIN_VOICE_MARKS = 4
N_SEMEVAL, N_AEB = 8, 4

REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|added|stated|states|according to|announced|claimed|claims|"
    r"argued|argues|insisted|warned|explained|noted|asked|wrote|writes|reported|declared)\b",
    re.IGNORECASE,
)


def voice_marks(text: str) -> int:
    """Double quotation marks plus reporting words: a crude sign that people are quoted."""
    return sum(text.count(mark) for mark in ('"', "“", "”", "«", "»")) + len(REPORTING.findall(text))


def named_aeb_keys() -> set[str]:
    """aeb-dev keys (64 hex digits, or the 16-digit prefixes of gold file names) named in the repository."""
    found: set[str] = set()
    for path in (REPO / "tests").rglob("*"):
        if path.is_file() and path.suffix in {".json", ".md", ".py", ".txt"}:
            found |= set(re.findall(r"[0-9a-f]{16,64}", path.read_text(encoding="utf-8", errors="ignore")))
    return found


def fits(text: str) -> bool:
    return len(text) <= MAX_CHARS and voice_marks(text) >= MIN_VOICE_MARKS


def semeval_candidates(data: Path) -> tuple[list[str], list[str]]:
    """(reporting, opinion) candidates, each sorted by file name."""
    labels = (data / "semeval2023-en/labels-subtask-1.txt").read_text().split("\n")
    genres = dict(line.split("\t")[:2] for line in labels if line)
    files = sorted((data / "semeval2023-en/articles").glob("article*.txt"))
    skip = named_ids() | {p.stem.removeprefix("article") for p in files[:60]}
    out: dict[str, list[str]] = {"reporting": [], "opinion": []}
    for path in files:
        key = path.stem.removeprefix("article")
        genre = genres.get(key, "").strip()
        if genre in out and key not in skip and fits(path.read_text(encoding="utf-8")):
            out[genre].append(f"semeval/articles/{path.name}")
    return out["reporting"], out["opinion"]


def aeb_candidates(data: Path) -> list[str]:
    truth = json.loads((data / "aeb-dev/ground-truth.json").read_text(encoding="utf-8"))
    named = named_aeb_keys()
    out = []
    for key, page in sorted(truth.items()):
        body, host = page["articleBody"], page["url"].split("/")[2]
        if key in named or key[:16] in named:
            continue
        if host in NEWS_HOSTS and english(body) and fits(body):
            out.append(f"aeb-dev/{key}")
    return out


def main(data: Path) -> None:
    rng = random.Random(SEED)
    reporting, opinion = semeval_candidates(data)
    aeb = aeb_candidates(data)
    print(f"candidates: {len(reporting)} SemEval reporting, {len(opinion)} opinion, {len(aeb)} aeb-dev")
    for group in draw(rng, (reporting, opinion, aeb), N_SEMEVAL, N_AEB):
        for i, key in enumerate(group):
            print("dev4q" if i % 2 == 0 else "heldout4q", key)


def draw(
    rng: random.Random, pools: tuple[list[str], list[str], list[str]], n_semeval: int, n_aeb: int
) -> tuple[list[str], list[str]]:
    """SemEval picks (``reporting`` first, ``opinion`` filling up), then aeb-dev picks, from one generator."""
    reporting, opinion, aeb = pools
    semeval_picks = rng.sample(reporting, min(n_semeval, len(reporting)))
    if len(semeval_picks) < n_semeval:
        semeval_picks += rng.sample(opinion, n_semeval - len(semeval_picks))
    return semeval_picks, rng.sample(aeb, n_aeb)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
