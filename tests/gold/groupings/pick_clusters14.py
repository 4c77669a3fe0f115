"""Pick new DEV story clusters for the grouping gold (session 9, group14) by a fixed random seed,
without running PressLens.

Run once, before any annotation or scoring (SPLIT.md, "Added clusters (group14)", records the output;
the draw depends on what the repository names, so it reproduces at the commit that adds this script;
from the next commit on, the picked articles are named in the repository and a later run draws others):

    python tests/gold/groupings/pick_clusters14.py [SHARED_DATA_DIR]

Procedure (written before the candidates were listed):

1. ``EVENTS`` lists one-event stories that several articles may cover, in PolNeAR TRAIN (a date window
   read from the file name and a regex the title in ``metadata.tsv`` must match) and in the SemEval-2023
   training articles (a regex their first line, the title, must match). Stories already covered by a
   gold cluster (the 2016 delegate races and the primaries of March-June, Iowa, Orlando, San Bernardino,
   Paris, super PAC money, the first debate, Trump's taxes, Charlotte, and the SemEval clusters) are not
   listed.
2. An article is a candidate for an event when its title matches, the repository names it nowhere (no
   gold, test, doc or benchmark: nine-digit SemEval ids, PolNeAR file stems), it has 3 to 60 figures by
   ``pick_batch3.figure_count`` and at most ``MAX_CHARS`` characters.
3. An event is a candidate story when it has at least ``MIN_DOCS`` candidate articles.
4. ``random.Random(SEED)`` shuffles the candidate stories (in ``EVENTS`` order) and takes the first
   ``N_CLUSTERS``; for each, in draw order, the same generator samples ``DOCS_PER_CLUSTER`` of its
   articles (all of them when fewer), listed in name order. Every picked cluster is ``dev``: the
   held-out clusters of SPLIT.md are untouched.

Round 2 (``--round 2``, written after round 1's clusters were annotated and before any of them was
scored, because only three stories of ``EVENTS`` had three candidate articles): the same procedure over
``EVENTS2`` with ``SEED2``; articles the repository names (round 1's, once committed) are left out as
before, and a story of ``EVENTS`` is not listed again.

A first version (a phrase the body held twice, 6,000 characters at most) was run once before any
annotation and drew stories that were not one event (a gun-violence speech under the Democratic
convention because it named Philadelphia); it was replaced by this title rule before any article was
read or annotated (SPLIT.md lists that draw for the record).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pick_batch3 import REPO, figure_count  # noqa: E402
from pick_batch4 import repo_text  # noqa: E402

SEED = 20261214
N_CLUSTERS = 3
DOCS_PER_CLUSTER = 4
MIN_DOCS = 3
MAX_CHARS = 10000
MIN_FIGURES, MAX_FIGURES = 3, 60

#: (cluster id, source, title regex, PolNeAR date window or None)
EVENTS: tuple[tuple[str, str, str, tuple[str, str] | None], ...] = (
    (
        "clinton-emails-2016",
        "polnear",
        r"(?i)Clinton.*e-?mails?|e-?mails?.*Clinton|classified|e-?mail server",
        ("2015-11-01", "2016-08-31"),
    ),
    ("nh-primary-2016", "polnear", r"New Hampshire", ("2016-01-15", "2016-02-15")),
    ("nevada-2016", "polnear", r"Nevada", ("2016-02-01", "2016-02-29")),
    ("sc-primary-2016", "polnear", r"South Carolina", ("2016-02-01", "2016-02-29")),
    ("super-tuesday-2016", "polnear", r"Super Tuesday", ("2016-02-15", "2016-03-10")),
    ("brexit-2016", "polnear", r"Brexit|\bEU\b|European Union", ("2016-06-15", "2016-07-15")),
    ("rnc-convention-2016", "polnear", r"(?i)convention|\bRNC\b|Cleveland", ("2016-07-15", "2016-07-24")),
    ("dnc-convention-2016", "polnear", r"(?i)convention|\bDNC\b|Philadelphia", ("2016-07-25", "2016-08-05")),
    ("trump-university-2016", "polnear", r"Trump University", ("2015-11-01", "2016-08-31")),
    ("benghazi", "polnear", r"Benghazi", ("2015-11-01", "2016-08-31")),
    ("flint-2016", "polnear", r"Flint", ("2015-11-01", "2016-08-31")),
    ("botham-jean-2018", "semeval", r"Botham|Guyger|Dallas Police", None),
    ("kavanaugh-2018", "semeval", r"Kavanaugh", None),
    ("printed-guns-2018", "semeval", r"3D|3-D", None),
    ("khashoggi-2018", "semeval", r"Khashoggi|Saudi", None),
    ("acosta-2018", "semeval", r"Acosta", None),
    ("florida-election-2018", "semeval", r"Broward|Snipes|Florida.*Elect", None),
    ("georgia-election-2018", "semeval", r"Abrams|Georgia", None),
    ("steinle-2017", "semeval", r"Steinle", None),
    ("uranium-one", "semeval", r"Uranium One", None),
    ("congress-harassment-2017", "semeval", r"(?i)harassment", None),
    (
        "mueller-report-2019",
        "semeval",
        r"Mueller (?:report|Report|Submits|Not Recommending|Circus|news|News|III)|Mueller report",
        None,
    ),
    ("orban-2018", "semeval", r"Orban|Hungar", None),
    ("ellison-2018", "semeval", r"Ellison", None),
    ("gillum-2018", "semeval", r"Gillum", None),
    ("sun-cooling", "semeval", r"\bSun\b|Sunspot", None),
)

SEED2 = 20261215

#: Round 2's stories, listed before their candidates were counted.
EVENTS2: tuple[tuple[str, str, str, tuple[str, str] | None], ...] = (
    ("summer-polls-2016", "polnear", r"(?i)\bpolls?\b", ("2016-06-01", "2016-08-31")),
    ("scotus-vacancy-2016", "polnear", r"Garland|Supreme Court|Scalia", ("2016-02-13", "2016-05-31")),
    ("gary-johnson-2016", "polnear", r"Gary Johnson|Libertarian", ("2016-05-01", "2016-08-31")),
    ("planned-parenthood", "polnear", r"Planned Parenthood", ("2015-11-01", "2016-08-31")),
    ("zika-2016", "polnear", r"Zika", ("2015-11-01", "2016-08-31")),
    ("rally-protests-2016", "polnear", r"(?i)protest", ("2016-03-01", "2016-06-30")),
    ("obamacare", "polnear", r"Obamacare|Affordable Care|health care|insurers", ("2015-11-01", "2016-08-31")),
    ("minimum-wage", "polnear", r"(?i)minimum wage", ("2015-11-01", "2016-08-31")),
    ("khan-family-2016", "polnear", r"Khan", ("2016-07-28", "2016-08-31")),
    ("clinton-foundation", "polnear", r"Clinton Foundation", ("2015-11-01", "2016-08-31")),
    ("curiel-2016", "polnear", r"Curiel|Trump U", ("2016-05-15", "2016-06-30")),
    ("isis-convictions", "semeval", r"ISIS", None),
    ("space", "semeval", r"NASA|Moon|[Aa]steroid|Earth", None),
    ("sanctuary-mayor-2018", "semeval", r"Sanctuary|Mayor", None),
    ("farrakhan", "semeval", r"Farrakhan", None),
    ("mcgill", "semeval", r"McGill", None),
    ("ban-trump-uk", "semeval", r"[Bb]an|Banned", None),
    ("jfk-files", "semeval", r"JFK", None),
    ("pope-abuse", "semeval", r"(?i)abuse|cover-up", None),
)


def polnear_date(path: Path) -> str:
    return path.stem.split("_")[1]


def polnear_titles(data: Path) -> dict[str, str]:
    rows = (data / "polnear/metadata.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {row.split("\t")[1]: row.split("\t")[5] for row in rows if row.startswith("train\t")}


def event_articles(data: Path, named: set[str], source: str, pattern: str, window) -> list[str]:
    if source == "polnear":
        titles = polnear_titles(data)
        paths = sorted((data / "polnear/train/text").glob("*.txt"))
        paths = [p for p in paths if window[0] <= polnear_date(p) <= window[1]]
    else:
        paths = sorted((data / "semeval2023-en/articles").glob("article*.txt"))
    out = []
    for path in paths:
        key = path.stem.removeprefix("article")
        if key in named:
            continue
        text = path.read_text(encoding="utf-8")
        title = titles.get(path.stem, "") if source == "polnear" else text.split("\n", 1)[0]
        if not re.search(pattern, title) or len(text) > MAX_CHARS:
            continue
        if MIN_FIGURES <= figure_count(text) <= MAX_FIGURES:
            prefix = "polnear/train/text" if source == "polnear" else "semeval/articles"
            out.append(f"{prefix}/{path.name}")
    return out


def named_keys() -> set[str]:
    text = repo_text()
    return set(re.findall(r"\d{9}", text)) | set(re.findall(r"[\w-]+_\d{4}-\d\d-\d\d_[\w-]+", text))


def main(data: Path, second: bool = False) -> None:
    named = named_keys()
    stories = []
    for cluster, source, phrase, window in EVENTS2 if second else EVENTS:
        docs = event_articles(data, named, source, phrase, window)
        print(f"candidate {cluster}: {len(docs)} articles")
        if len(docs) >= MIN_DOCS:
            stories.append((cluster, docs))
    rng = random.Random(SEED2 if second else SEED)
    rng.shuffle(stories)
    for cluster, docs in stories[:N_CLUSTERS]:
        picked = docs if len(docs) <= DOCS_PER_CLUSTER else rng.sample(docs, DOCS_PER_CLUSTER)
        print(f"dev {cluster}")
        for doc in sorted(picked):
            print(f"    {doc}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a not in {"--round", "2"}]
    main(Path(args[0]) if args else REPO.parent / "shared" / "data", second="--round" in sys.argv)
