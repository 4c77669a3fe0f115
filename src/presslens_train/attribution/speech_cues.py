"""Learn which cue words report speech from PolNeAR train, for quotes.v1's R1.

    python -m presslens_train.attribution.speech_cues [--data ../shared/data/polnear] [--folds 5]

R1 (`presslens.components.quotes._reports_speech`) keeps an indirect quote that only the learned
extractor found when its cue reports speech. A hand list of speech verbs misses words on fresh text
("contends", "testifies"), so the test also reads a set learned here: for each word key (lower-cased
rule lemma, `presslens.attribution.lexicon.word_key`) of a gold cue's head word in PolNeAR TRAIN,
how many gold cues it heads of kind direct or mixed (they introduce quoted words), of kind indirect,
of kind belief or document (`presslens.attribution.kinds`), and how often it occurs at all.

The rule (fixed before any count, docs/evaluation-quotes.md "Speech cues learned from PolNeAR train"):

- at least ``MIN_SPEECH`` gold cues of a speech kind (direct, indirect or mixed): not a one-off,
- a speech share of at least ``MIN_SHARE`` of the gold cues it heads (mostly speech, not a belief,
  an intention or a document),
- a speech rate of at least ``MIN_RATE``: speech cues / (occurrences + 1) (a common word that heads a
  speech cue only now and then is no sign of speech).

PolNeAR annotates acts and decisions as attributions too ("refused to attach conditions", "ordered
the release"), and the kinds call every cue that is no belief word speech, so the set also holds act
verbs ("refuse", "order", "agree"); R1 therefore asks more of a cue only this set vouches for: the
content must be the cue's finite clausal complement (`presslens.components.quotes._reports_speech`).
Keys heading quoted cues (direct/mixed) were tried as the sign instead and dropped: they miss the
verbs that matter on fresh text ("contend" 0 quoted cues, "dispute" 0) and what they add beyond
cues.json was no speech on a sweep of unannotated articles (docs).

Writes ``presslens/attribution/speech_cues.json`` with the counts of every key that heads a speech
cue, the rule, the learned set, and how stable the set is over train folds (each fold's set made
on the other folds; reported, decides nothing). Dev is never read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from presslens.attribution import assemble as A
from presslens.attribution.kinds import SPEECH_KINDS
from presslens.attribution.lexicon import SPEECH_CUES_FILE, word_key
from presslens.evaluation.polnear import Document, load_split
from presslens_train.attribution.train import _token_range

MIN_SPEECH = 5
MIN_SHARE = 0.5
MIN_RATE = 0.10
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


def learned(table: dict[str, list[int]], min_speech: int, min_share: float, min_rate: float) -> list[str]:
    """The keys the rule calls speech cues (see the module)."""
    out = []
    for key, (quoted, indirect, other, seen) in table.items():
        speech = quoted + indirect
        share, rate = speech / max(1, speech + other), speech / (seen + 1)
        if speech >= min_speech and share >= min_share and rate >= min_rate:
            out.append(key)
    return sorted(out)


def fold_stability(
    docs: list[Doc], train: list[Document], folds: int, full: list[str]
) -> list[dict[str, Any]]:
    """For each fold: the set made on the other folds, compared with the set made on all of train."""
    from presslens_train.attribution.device import fold_of

    fold = [fold_of(d.name, folds) for d in train]
    out = []
    for f in range(folds):
        table = counts((docs[i], train[i]) for i in range(len(train)) if fold[i] != f)
        part = learned(table, MIN_SPEECH, MIN_SHARE, MIN_RATE)
        out.append(
            {
                "fold": f,
                "size": len(part),
                "shared": len(set(part) & set(full)),
                "only_here": sorted(set(part) - set(full)),
                "missing": sorted(set(full) - set(part)),
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/attribution"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=SPEECH_CUES_FILE)
    args = ap.parse_args()
    from presslens_train.attribution.corpus import parsed

    train = load_split(args.data, "train")
    docs = parsed(train, args.cache)
    table = counts(zip(docs, train, strict=True))
    full = learned(table, MIN_SPEECH, MIN_SHARE, MIN_RATE)
    folds = fold_stability(docs, train, args.folds, full)
    out = {
        "_about": (
            "Made by python -m presslens_train.attribution.speech_cues on PolNeAR train "
            f"({len(train)} articles): counts [direct/mixed cues headed, indirect cues headed, "
            "belief/document cues headed, occurrences] per word key (lower-cased rule lemma) heading at "
            "least one speech cue; 'speech' = the keys with speech cues (direct+indirect+mixed) >= "
            "min_speech, speech share of their cues >= min_share, speech cues/(occurrences+1) >= min_rate "
            "(rule fixed before counting); 'folds': the set made on each fold's other four folds vs this "
            "one. quotes.v1's R1 reads 'speech'."
        ),
        "rule": {"min_speech": MIN_SPEECH, "min_share": MIN_SHARE, "min_rate": MIN_RATE},
        "speech": full,
        "folds": folds,
        "counts": table,
    }
    lines = ",\n".join(f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False)}" for k, v in out.items())
    args.out.write_text("{\n" + lines + "\n}\n", encoding="utf-8")  # one line per key: readable diffs
    print(f"wrote {args.out}: {len(full)} learned speech-cue keys of {len(table)} counted")


if __name__ == "__main__":
    main()
