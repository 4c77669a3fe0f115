"""Pick six FRESH story clusters for the grouping gold (session 10, group15), three held out and three
dev, by a fixed random seed, without running PressLens.

Run once, before any article was read closely, annotated or scored (SPLIT.md, "Added clusters
(group15)", records the output; the draw depends on what the repository names, so it reproduces at the
commit that adds this script; from the next commit on, the picked articles are named and a later run
draws others):

    python tests/gold/groupings/pick_clusters15.py [SHARED_DATA_DIR]

Why: the held-out clusters of SPLIT.md are no longer a clean estimate (a rule was narrowed after their
score was seen, docs/evaluation-grouping.md), so a fresh held-out set of stories is drawn here and scored
once, summary only, under the split name ``heldout15`` (``presslens eval grouping --split heldout15``).

Procedure (written before the draw; the story list was written from the TITLES of the unnamed
candidate articles only, never their texts):

1. ``EVENTS`` lists stories that several articles may cover: in PolNeAR TRAIN (a date window read from
   the file name and a regex the title in ``metadata.tsv`` must match) and in the SemEval-2023
   training articles (a regex their first line, the title, must match). Stories a gold cluster already
   covers (the delegate races and the March-June primaries, Iowa, Orlando, San Bernardino, Paris, super
   PAC and campaign money, the first debate, Trump's taxes, Charlotte, Benghazi, the Democratic
   convention, Clinton's emails, and the SemEval clusters incl. Las Vegas) are not listed.
2. An article is a candidate for an event when its title matches, the repository names it nowhere (no
   gold, test, doc or benchmark: nine-digit SemEval ids, PolNeAR file stems), it has 3 to 60 figures by
   ``pick_batch3.figure_count`` and at most ``MAX_CHARS`` characters (7,000: one annotator must read
   24 articles in full within the session; group14 allowed 10,000 for 12).
3. An event is a candidate story when it has at least ``MIN_DOCS`` (4) candidate articles. An article
   that two events match goes to the first of them in ``EVENTS`` order (no article in two clusters).
4. ``random.Random(SEED)`` shuffles the candidate stories (in ``EVENTS`` order) and takes the first
   ``N_CLUSTERS`` (6); if fewer than six stories have four articles, stories with three (``MIN_DOCS -
   1``) are shuffled by the same generator and appended in that order (a cluster of three).
5. For each picked story, in draw order, the same generator samples ``DOCS_PER_CLUSTER`` (4) of its
   articles (all when fewer), listed in name order.
6. The split is by draw order: the first three drawn stories are ``heldout15``, the next three ``dev``.
   No old held-out cluster is touched and no document of the claims gold's held-out split can appear
   (they are all named in the repository).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from pick_batch3 import REPO, figure_count  # noqa: E402
from pick_clusters14 import named_keys, polnear_date, polnear_titles  # noqa: E402

SEED = 20261216
N_CLUSTERS = 6
N_HELDOUT = 3
DOCS_PER_CLUSTER = 4
MIN_DOCS = 4
MAX_CHARS = 7000
MIN_FIGURES, MAX_FIGURES = 3, 60

#: (cluster id, source, title regex, PolNeAR date window or None), listed from titles only.
EVENTS: tuple[tuple[str, str, str, tuple[str, str] | None], ...] = (
    ("nh-primary-2016", "polnear", r"New Hampshire|N\.H\.", ("2015-12-01", "2016-02-15")),
    ("wisconsin-primary-2016", "polnear", r"Wisconsin", ("2016-03-25", "2016-04-15")),
    ("california-primary-2016", "polnear", r"California", ("2016-05-01", "2016-07-15")),
    (
        "clinton-trump-polls-2016",
        "polnear",
        r"(?i)\bpolls?\b.*(?:Clinton.*Trump|Trump.*Clinton|presidential candidates)",
        ("2015-11-01", "2016-08-31"),
    ),
    ("millennial-voters-2016", "polnear", r"(?i)millennial|young voters", ("2015-11-01", "2016-08-31")),
    ("carson-2015", "polnear", r"Carson", ("2015-11-01", "2016-03-10")),
    ("rubio-2016", "polnear", r"Rubio", ("2015-11-01", "2016-03-20")),
    ("cruz-2016", "polnear", r"Cruz", ("2015-11-01", "2016-05-10")),
    (
        "trump-immigration-2016",
        "polnear",
        r"(?i)immigration|border|\bwall\b|Mexic",
        ("2016-08-15", "2016-09-10"),
    ),
    ("fox-ailes-2016", "polnear", r"Ailes|Fox News|Megyn Kelly", ("2016-04-01", "2016-08-31")),
    (
        "scotus-vacancy-2016",
        "polnear",
        r"(?i)supreme court|justice|high-court|Garland",
        ("2016-02-13", "2016-08-31"),
    ),
    (
        "trump-university-2016",
        "polnear",
        r"Trump University|scam students|Trump U\b",
        ("2016-05-01", "2016-07-15"),
    ),
    ("zimmerman-gun-2016", "polnear", r"Zimmerman|Trayvon", ("2016-05-01", "2016-05-31")),
    ("wall-street-sanders-2016", "polnear", r"Wall Street", ("2015-11-01", "2016-06-30")),
    ("mueller-probe-2018", "semeval", r"Mueller|Russia probe|Witch Hunt", None),
    ("steinle-2017", "semeval", r"Steinle|Kate.s Law", None),
    ("isis-sentence", "semeval", r"ISIS", None),
    ("congress-harassment-2017", "semeval", r"(?i)sexual harassment", None),
    ("kavanaugh-2018", "semeval", r"Kavanaugh", None),
)


def event_articles(data: Path, named: set[str], source: str, pattern: str, window) -> list[str]:
    """Candidate articles of one event (procedure steps 1-2)."""
    if source == "polnear":
        titles = polnear_titles(data)
        paths = sorted((data / "polnear/train/text").glob("*.txt"))
        paths = [p for p in paths if window[0] <= polnear_date(p) <= window[1]]
    else:
        paths = sorted((data / "semeval2023-en/articles").glob("article*.txt"))
    out = []
    for path in paths:
        key = path.stem.removeprefix("article")
        if key in named or path.stem in named:
            continue
        text = path.read_text(encoding="utf-8")
        title = titles.get(path.stem, "") if source == "polnear" else text.split("\n", 1)[0]
        if not re.search(pattern, title) or len(text) > MAX_CHARS:
            continue
        if MIN_FIGURES <= figure_count(text) <= MAX_FIGURES:
            prefix = "polnear/train/text" if source == "polnear" else "semeval/articles"
            out.append(f"{prefix}/{path.name}")
    return out


def main(data: Path) -> None:
    named = named_keys()
    taken: set[str] = set()
    full, short = [], []
    for cluster, source, phrase, window in EVENTS:
        docs = [d for d in event_articles(data, named, source, phrase, window) if d not in taken]
        taken.update(docs)
        print(f"candidate {cluster}: {len(docs)} articles")
        if len(docs) >= MIN_DOCS:
            full.append((cluster, docs))
        elif len(docs) == MIN_DOCS - 1:
            short.append((cluster, docs))
    rng = random.Random(SEED)
    rng.shuffle(full)
    stories = full
    if len(full) < N_CLUSTERS:
        rng.shuffle(short)
        stories = full + short
    for i, (cluster, docs) in enumerate(stories[:N_CLUSTERS]):
        picked = docs if len(docs) <= DOCS_PER_CLUSTER else rng.sample(docs, DOCS_PER_CLUSTER)
        print(f"{'heldout15' if i < N_HELDOUT else 'dev'} {cluster}")
        for doc in sorted(picked):
            print(f"    {doc}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
