"""Count which cue words report speech in PolNeAR train: a study for quotes.v1's R1 (nothing shipped).

    python -m presslens_train.attribution.speech_cues [--data ../shared/data/polnear] [--folds 5]

R1 (`presslens.components.quotes._reports_speech`) keeps an indirect quote that only the learned
extractor found when its cue holds a speech word of cues.json. A hand list misses verbs on fresh text
("contends", "testifies"), so session 9 tried to learn the set instead: for each word key (lower-cased
rule lemma, `presslens.attribution.lexicon.word_key`) of a gold cue's head word in PolNeAR TRAIN, how
many gold cues it heads of kind direct or mixed (they introduce quoted words), of kind indirect, of
kind belief or document (`presslens.attribution.kinds`), and how often it occurs at all. Three sets,
each rule fixed before it was counted (docs/evaluation-quotes.md "Speech cues learned from PolNeAR
train"):

- ``speech`` (A): >= 5 cues of a speech kind, speech share of its cues >= 0.5, speech cues /
  (occurrences + 1) >= 0.10;
- ``quoted`` (B): >= 3 direct/mixed cues that are >= 0.25 of all the cues it heads;
- ``quoted_stable`` (C): B's keys that every fold's other folds also give.

None passed the ship rule: PolNeAR annotates acts and decisions as attributions too ("refused to
attach conditions", "ordered the release") and the kinds call every cue that is no belief word
speech, so A holds the act verbs R1 stops; B and C miss the verbs that matter ("contend" heads no
quoted cue) and what they add beyond cues.json was no speech on a sweep of unannotated articles.
Writes ``benchmarks/speech_cues_polnear.json``: the counts of every key heading a speech cue, the
three sets, and each set's stability over train folds. Dev is never read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from presslens.attribution import assemble as A
from presslens.attribution.kinds import SPEECH_KINDS
from presslens.attribution.lexicon import word_key
from presslens.evaluation.polnear import Document, load_split
from presslens_train.attribution.train import _token_range

OUT = Path("benchmarks/speech_cues_polnear.json")
MIN_SPEECH, MIN_SHARE, MIN_RATE = 5, 0.5, 0.10  # A
MIN_QUOTED, MIN_QUOTED_SHARE = 3, 0.25  # B
QUOTED_KINDS = frozenset({"direct", "mixed"})


def cue_kinds(doc: Doc, gold: Document) -> list[tuple[int, str]]:
    """(head token index, kind) of each gold cue in ``doc`` (the head of its first part)."""
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    heads = np.array([t.head.i for t in doc], dtype=np.int64)
    out = []
    for a in gold.attributions:
        if a.cue is None or not a.cue.parts:
            continue
        rng = _token_range(doc, starts, *a.cue.parts[0])
        if rng is not None:
            out.append((A.span_root(heads, *rng), a.kind or ""))
    return out


def counts(pairs: Iterable[tuple[Doc, Document]]) -> dict[str, list[int]]:
    """Word key -> [direct/mixed cues it heads, indirect cues, belief/document cues, times it occurs],
    for the alphabetic keys that head at least one speech cue. A head token with several gold cues
    counts once, under the first of quoted, indirect, other that one of its cues has."""
    seen: Counter[str] = Counter()
    quoted: Counter[str] = Counter()
    speech: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for doc, gold in pairs:
        for t in doc:
            if not t.is_space:
                seen[word_key(t)] += 1
        kinds: dict[int, set[str]] = {}
        for i, kind in cue_kinds(doc, gold):
            kinds.setdefault(i, set()).add(kind)
        for i, ks in kinds.items():
            key = word_key(doc[i])
            if ks & QUOTED_KINDS:
                quoted[key] += 1
            elif ks & set(SPEECH_KINDS):
                speech[key] += 1
            else:
                other[key] += 1
    keys = set(quoted) | set(speech)
    return {k: [quoted[k], speech[k], other[k], seen[k]] for k in sorted(keys) if k.isalpha()}


def learned_speech(table: dict[str, list[int]]) -> list[str]:
    """A: keys that head speech-kind cues often, mostly, and at a fair rate of their occurrences."""
    out = []
    for key, (quoted, indirect, other, seen) in table.items():
        speech = quoted + indirect
        share, rate = speech / max(1, speech + other), speech / (seen + 1)
        if speech >= MIN_SPEECH and share >= MIN_SHARE and rate >= MIN_RATE:
            out.append(key)
    return sorted(out)


def learned_quoted(table: dict[str, list[int]]) -> list[str]:
    """B: keys that introduce quoted words (direct/mixed cues) often enough among their cues."""
    return sorted(
        key
        for key, (quoted, indirect, other, _) in table.items()
        if quoted >= MIN_QUOTED and quoted / (quoted + indirect + other) >= MIN_QUOTED_SHARE
    )


RULES = {"speech": learned_speech, "quoted": learned_quoted}


def fold_sets(docs: list[Doc], train: list[Document], folds: int) -> list[dict[str, list[str]]]:
    """For each fold, each rule's set made on the other folds only."""
    from presslens_train.attribution.device import fold_of

    fold = [fold_of(d.name, folds) for d in train]
    out = []
    for f in range(folds):
        table = counts((docs[i], train[i]) for i in range(len(train)) if fold[i] != f)
        out.append({name: rule(table) for name, rule in RULES.items()})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    from presslens_train.attribution.corpus import parsed

    train = load_split(args.data, "train")
    docs = parsed(train, args.cache)
    table = counts(zip(docs, train, strict=True))
    sets = {name: rule(table) for name, rule in RULES.items()}
    per_fold = fold_sets(docs, train, args.folds)
    sets["quoted_stable"] = sorted(set(sets["quoted"]).intersection(*(f["quoted"] for f in per_fold)))
    stability = {name: [len(set(f[name]) & set(sets[name])) for f in per_fold] for name in RULES}
    out = {
        "_about": (
            "Made by python -m presslens_train.attribution.speech_cues on PolNeAR train "
            f"({len(train)} articles; a study, nothing shipped, docs/evaluation-quotes.md): counts "
            "[direct/mixed cues headed, indirect cues headed, belief/document cues headed, occurrences] per "
            "word key (lower-cased rule lemma) heading at least one speech cue; sets: speech (A), "
            "quoted (B), quoted_stable (C), rules in the module docstring; stability: per fold, how many "
            "of the set the other folds' counts also give."
        ),
        "rules": {
            "speech": {"min_speech": MIN_SPEECH, "min_share": MIN_SHARE, "min_rate": MIN_RATE},
            "quoted": {"min_quoted": MIN_QUOTED, "min_quoted_share": MIN_QUOTED_SHARE},
        },
        **{f"set_{name}": keys for name, keys in sets.items()},
        "stability": stability,
        "counts": table,
    }
    lines = ",\n".join(f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False)}" for k, v in out.items())
    args.out.write_text("{\n" + lines + "\n}\n", encoding="utf-8")  # one line per key: readable diffs
    print(
        f"wrote {args.out}: " + ", ".join(f"{k} {len(v)}" for k, v in sets.items()) + f" of {len(table)} keys"
    )


if __name__ == "__main__":
    main()
