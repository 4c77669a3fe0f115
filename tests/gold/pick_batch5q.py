"""Pick the fifth gold batch for quotes and speakers (dev5q / heldout5q) by a fixed random seed,
without running PressLens.

Run once, before any annotation or scoring (tests/gold/SPLIT.md, "Fifth batch (quotes)", records the
output; the draw depends on what the repository names, so it reproduces at the commit that adds this
script, on main 320acb4; from the next commit on the picks are named in the repository and a later run
draws others):

    python tests/gold/pick_batch5q.py [SHARED_DATA_DIR]

Candidates are real English news articles that no speaker rule was written on, with the quote-count
rule of ``pick_batch4q.py`` (at least 4 double quotation marks or reporting words by its crude count)
and at most 4,000 characters:

- SemEval-2023 training articles labelled ``reporting`` or ``opinion`` whose nine-digit id no file of
  the repository names (so no earlier batch), that are not among the first 60 files in sorted order,
  and whose id is ODD (even ids went to the fifth figures batch, ``pick_batch5.py`` on branch figs5, so
  that neither batch's dev text is the other's held-out text). As in the fourth quotes batch,
  ``reporting`` articles are drawn first and ``opinion`` ones fill up;
- English pages of ``aeb-dev`` (bodies in ground-truth.json) whose key no file of the repository names
  by its first 16 characters and that the fifth figures batch did not take (``FIGURES_BATCH5``), on the
  news hosts of ``pick_batch3.py`` or on the other news outlets of ``MORE_NEWS_HOSTS`` (newspapers,
  broadcasters, news magazines and fact-checkers, read from the URL list alone: the figures batch had
  left no page of the first list).

Eight texts are drawn with ``random.Random(20261204)``: six SemEval articles, then two aeb-dev pages,
from one generator. The split alternates within each source in draw order (first dev5q, second
heldout5q, ...), so each half has three SemEval articles and one aeb-dev page.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from pick_batch3 import NEWS_HOSTS, REPO, english
from pick_batch4 import repo_text
from pick_batch4q import draw, semeval_candidates, voice_marks

SEED = 20261204
MAX_CHARS = 4000
MIN_VOICE_MARKS = 4
N_SEMEVAL, N_AEB = 6, 2

FIGURES_BATCH5 = ("1ace8c85aaee21b9", "3f65af7b6b98b1c9", "42aad16bde928862")
"""aeb-dev key prefixes of the fifth figures batch (branch figs5, not yet on main when this was drawn)."""

MORE_NEWS_HOSTS = (
    "www.bbc.com",
    "www.theguardian.com",
    "www.foxnews.com",
    "www.washingtonexaminer.com",
    "www.nationalreview.com",
    "sputniknews.com",
    "www.politifact.com",
    "www.wsj.com",
    "www.msn.com",
    "www.businessinsider.com",
    "www.cleveland.com",
    "www.detroitnews.com",
    "www.sfgate.com",
    "www.timesunion.com",
    "www.floridatoday.com",
    "www.hollywoodreporter.com",
    "www.rollingstone.com",
    "www.billboard.com",
    "www.cbssports.com",
    "profootballtalk.nbcsports.com",
    "www.sportsnet.ca",
    "www.moneycontrol.com",
    "www.livescience.com",
)
"""News outlets among the aeb-dev hosts that ``pick_batch3.NEWS_HOSTS`` does not list (URLs read only)."""


def fits(text: str) -> bool:
    return len(text) <= MAX_CHARS and voice_marks(text) >= MIN_VOICE_MARKS


def odd_semeval(data: Path) -> tuple[list[str], list[str]]:
    """``pick_batch4q``'s (reporting, opinion) candidates with an odd id, cut to this batch's length."""

    def keep(key: str) -> bool:
        path = data / "semeval2023-en" / "articles" / Path(key).name
        return int(Path(key).stem.removeprefix("article")) % 2 == 1 and fits(path.read_text(encoding="utf-8"))

    reporting, opinion = semeval_candidates(data)
    return [k for k in reporting if keep(k)], [k for k in opinion if keep(k)]


def aeb_pages(data: Path, named: str) -> list[str]:
    """English aeb-dev news pages named nowhere, on either host list, that fit this batch."""
    truth = json.loads((data / "aeb-dev/ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key, page in sorted(truth.items()):
        body, host = page["articleBody"], page["url"].split("/")[2]
        if key[:16] in named or key[:16] in FIGURES_BATCH5 or not (english(body) and fits(body)):
            continue
        if host in NEWS_HOSTS or host in MORE_NEWS_HOSTS:
            out.append(f"aeb-dev/{key}")
    return out


def main(data: Path) -> None:
    rng = random.Random(SEED)
    reporting, opinion = odd_semeval(data)
    aeb = aeb_pages(data, repo_text())
    print(f"candidates: {len(reporting)} SemEval reporting, {len(opinion)} opinion, {len(aeb)} aeb-dev")
    for group in draw(rng, (reporting, opinion, aeb), N_SEMEVAL, N_AEB):
        for i, key in enumerate(group):
            print("dev5q" if i % 2 == 0 else "heldout5q", key)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
