"""Fit the speaker prior and count the non-speech reflexive frames (both written to lexicon.json).

    python -m presslens_train.attribution.speaker_prior cv            # choose by CV: AUC, OOF table
    python -m presslens_train.attribution.speaker_prior write --threshold T
    python -m presslens_train.attribution.speaker_prior frames [--write]

**Speaker prior** (`presslens.attribution.lexicon.SpeakerPrior`). The speaker gate's counts judge
a noun PolNeAR train holds at least ``min_seen`` times; a rarer one ("hypocrisy", "bishop") used to
pass as a speaker by default. The prior learns, from the nouns the counts do judge, what a speaker's
word means: rows are the alphabetic word keys of ``lexicon.json`` seen at least ``min_seen`` times,
labelled 1 when they head a gold source at least ``SPEAKER_RATE`` of the times they occur and 0 when
they never do (those in between are left out), plus, as speaker words, the project's own
vocabularies of words that name a speaker or a document (`project_speaker_words`: titles and bare
heads of ``people.json``, ``document_sources`` of ``kinds.json``; a document, poll or report speaks
too, and US political news holds few of them); features are `word_vector` (the shipped rhetoric
encoder's state of the word in "the <word>"); the model is an L2 logistic regression on standardised
features. ``cv`` reports, out of fold over the PolNeAR words (5 folds, stratified, fixed seed; the
vocabulary words always train), the AUC and for each threshold how many words it would say cannot
speak and how many of those are speaker words. It reads only ``lexicon.json`` (counts made on
PolNeAR train) and the vocabularies; PolNeAR dev is never read.

**Reflexive frames** (``frames``): for every verb of PolNeAR TRAIN with a reflexive object
(`lexicon.reflexive_object`: "finds itself", "describes himself as"), how often it heads a gold cue,
by word key. A key seen at least ``FRAME_MIN_SEEN`` times that heads a gold cue at most
``FRAME_MAX_RATE`` of them is a non-speech frame (criterion fixed before counting); ``--write`` stores
the list as ``gates.cue.reflexive_frames``. Only paragraphs with a reflexive pronoun are parsed.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.stats import rankdata

from presslens.attribution.lexicon import (
    LEXICON_FILE,
    PRIOR_TEMPLATE,
    REFLEXIVES,
    reflexive_object,
    word_key,
    word_vector,
)

#: A word that heads a gold source at least this share of the times it occurs is a speaker's word.
SPEAKER_RATE = 0.01
#: L2 strength of the logistic model (inverse of sklearn's C=0.01; chosen by CV AUC among 0.003-0.1).
L2 = 100.0
FOLDS = 5
SEED = 0
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.33, 0.35, 0.4, 0.45, 0.5)
FRAME_MIN_SEEN = 5
FRAME_MAX_RATE = 0.2
REFLEXIVE_RE = re.compile(r"\b(?:" + "|".join(sorted(REFLEXIVES)) + r")\b", re.I)


def labelled_words(
    lexicon: dict[str, Any], speaker_rate: float = SPEAKER_RATE
) -> tuple[list[str], np.ndarray]:
    """(word keys, labels): judged nouns that speak often enough (1) or never (0)."""
    min_seen = int(lexicon["gates"]["source"].get("min_seen", 20))
    words, labels = [], []
    for key, (hits, seen) in sorted(lexicon["sources"].items()):
        if seen < min_seen or not key.isalpha():
            continue
        rate = hits / (seen + 1)
        if rate >= speaker_rate or hits == 0:
            words.append(key)
            labels.append(rate >= speaker_rate)
    return words, np.array(labels, dtype=bool)


def project_speaker_words(exclude: set[str]) -> list[str]:
    """Alphabetic words the project's lexicons name as a speaker (titles, bare heads) or a document
    that speaks, lower-cased, outside ``exclude``."""
    from presslens.attribution.kinds import KINDS_FILE
    from presslens.components.quotes_lexicon import BARE_HEADS, TITLE_NOUNS

    documents = json.loads(KINDS_FILE.read_text(encoding="utf-8"))["document_sources"]
    words = {w.lower() for w in [*documents, *TITLE_NOUNS, *BARE_HEADS] if w.isalpha()}
    return sorted(words - exclude)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> dict[str, Any]:
    """L2 logistic regression on standardised features (bias unpenalised): the prior's JSON fields."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    target = y.astype(np.float64)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(z @ w[:-1] + w[-1])))
        value = -np.sum(target * np.log(p + 1e-12) + (1 - target) * np.log(1 - p + 1e-12))
        value += 0.5 * l2 * float(w[:-1] @ w[:-1])
        grad = np.append(z.T @ (p - target) + l2 * w[:-1], np.sum(p - target))
        return float(value), grad

    w = minimize(loss, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B").x
    return {"weights": w[:-1], "bias": float(w[-1]), "mean": mean, "scale": scale}


def predict(model: dict[str, Any], x: np.ndarray) -> np.ndarray:
    z = (x - model["mean"]) / model["scale"]
    return 1.0 / (1.0 + np.exp(-(z @ model["weights"] + model["bias"])))


def auc(y: np.ndarray, p: np.ndarray) -> float:
    ranks = rankdata(p)
    pos = int(y.sum())
    neg = len(y) - pos
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def folds_of(y: np.ndarray, folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """A stratified fold number per row (fixed seed)."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(y), dtype=int)
    for label in (False, True):
        rows = np.flatnonzero(y == label)
        rng.shuffle(rows)
        fold[rows] = np.arange(len(rows)) % folds
    return fold


def cross_validate(
    x: np.ndarray, y: np.ndarray, l2: float = L2, extra: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """Out-of-fold probabilities (and their AUC) over words; ``extra`` rows (speaker words of the
    project's vocabularies) join every training fold and are never scored."""
    extra = np.zeros((0, x.shape[1])) if extra is None else extra
    fold = folds_of(y)
    oof = np.zeros(len(y))
    for f in range(FOLDS):
        train = np.vstack([x[fold != f], extra])
        labels = np.concatenate([y[fold != f], np.ones(len(extra), dtype=bool)])
        oof[fold == f] = predict(fit(train, labels, l2), x[fold == f])
    return auc(y, oof), oof


def threshold_rows(y: np.ndarray, oof: np.ndarray) -> list[dict[str, Any]]:
    rows = []
    for t in THRESHOLDS:
        flagged = oof < t
        n = int(flagged.sum())
        rows.append(
            {
                "threshold": t,
                "words said to be unable to speak": n,
                "of which never a source": round(float(1 - y[flagged].mean()), 3) if n else None,
                "speaker words flagged": int((flagged & y).sum()),
                "speaker words": int(y.sum()),
            }
        )
    return rows


def reflexive_counts(data: Path) -> tuple[Counter[str], Counter[str]]:
    """(times each verb key takes a reflexive object, times that verb heads a gold cue) in PolNeAR train."""
    from presslens.evaluation.polnear import load_split
    from presslens.nlp import load_spacy

    nlp = load_spacy()
    seen: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for doc in load_split(data, "train"):
        cues = [p for a in doc.attributions if a.cue is not None for p in a.cue.parts]
        offset = 0
        for para in doc.text.split("\n"):
            if REFLEXIVE_RE.search(para):
                for tok in nlp(para):
                    if tok.pos_ in ("VERB", "AUX") and reflexive_object(tok) is not None:
                        key = word_key(tok)
                        seen[key] += 1
                        at = offset + tok.idx
                        hits[key] += any(s <= at < e for s, e in cues)
            offset += len(para) + 1
    return seen, hits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("cv", "write", "frames"))
    ap.add_argument("--lexicon", type=Path, default=LEXICON_FILE)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--threshold", type=float, help="write: below it a noun cannot speak")
    ap.add_argument("--write", action="store_true", help="frames: store the frames in --lexicon")
    args = ap.parse_args()
    lexicon = json.loads(args.lexicon.read_text(encoding="utf-8"))
    if args.command == "frames":
        seen, hits = reflexive_counts(args.data)
        frames = sorted(k for k, n in seen.items() if n >= FRAME_MIN_SEEN and hits[k] / n <= FRAME_MAX_RATE)
        for key, n in seen.most_common():
            if n >= 3:
                print(json.dumps({"verb": key, "with reflexive object": n, "heads a gold cue": hits[key]}))
        print(json.dumps({"reflexive_frames": frames}))
        if args.write:
            lexicon["gates"]["cue"]["reflexive_frames"] = frames
            _save(args.lexicon, lexicon)
        return
    words, y = labelled_words(lexicon)
    x = np.stack([word_vector(w) for w in words])
    vocabulary = project_speaker_words(set(words))
    extra = np.stack([word_vector(w) for w in vocabulary])
    if args.command == "cv":
        for name, rows in (("PolNeAR words only", None), ("and the vocabularies", extra)):
            score, oof = cross_validate(x, y, extra=rows)
            summary = {"training": name, "words": len(words), "speaker words": int(y.sum())}
            print(
                json.dumps(
                    {
                        **summary,
                        "vocabulary words": 0 if rows is None else len(rows),
                        "oof_auc": round(score, 3),
                    }
                )
            )
            for row in threshold_rows(y, oof):
                print(json.dumps(row))
        return
    if args.threshold is None:
        ap.error("write needs --threshold")
    model = fit(np.vstack([x, extra]), np.concatenate([y, np.ones(len(extra), dtype=bool)]))
    lexicon["gates"]["source"]["prior"] = {
        "about": "logistic model over presslens.attribution.lexicon.word_vector "
        f"(the word in {PRIOR_TEMPLATE!r}), "
        f"fitted on {len(words)} PolNeAR train nouns (speaker: a source >= {SPEAKER_RATE} of the times seen; "
        f"else never one) and {len(vocabulary)} speaker or document words of people.json and kinds.json, "
        "by python -m presslens_train.attribution.speaker_prior write",
        "threshold": args.threshold,
        "bias": round(model["bias"], 6),
        "weights": [round(float(v), 6) for v in model["weights"]],
        "mean": [round(float(v), 6) for v in model["mean"]],
        "scale": [round(float(v), 6) for v in model["scale"]],
    }
    _save(args.lexicon, lexicon)
    print(f"wrote the speaker prior ({len(words)} words, threshold {args.threshold}) to {args.lexicon}")


def _save(path: Path, lexicon: dict[str, Any]) -> None:
    path.write_text(json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
