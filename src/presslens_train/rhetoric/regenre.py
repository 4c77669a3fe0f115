"""Re-run the genre selection and final genre fit on cached document vectors (``compact.npz``).

``select.py`` writes ``compact.npz`` (document vectors of every SemEval and PolNeAR article from the
chosen encoder) so the genre head, which reads no token states, can be chosen again without the
encoder: ``python -m presslens_train.rhetoric.regenre SELECTION_DIR``. Updates ``heads.npz``,
``meta-part.json`` and ``selection.json`` there.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import numpy as np

from presslens.rhetoric import data as D
from presslens_train.rhetoric import cv
from presslens_train.rhetoric.genre import features, fit, genre_prior, proba, select_genre
from presslens_train.rhetoric.select import ci_holdout, load_labels


def main(selection: Path, data: Path, polnear: Path, seed: int = 13) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    z = np.load(selection / "compact.npz")
    vecs = dict(zip(z["doc_ids"].tolist(), z["doc_vecs"], strict=True))
    corpus = load_labels(data)
    ids = sorted(corpus["texts"])
    genres = corpus["genres"]
    folds = cv.make_folds(ids, genres, seed)
    weights = cv.article_weights(ids, genres)
    texts = dict(corpus["texts"])
    for split in ("train", "dev"):
        for p in sorted((polnear / split / "text").glob("*.txt")):
            texts[f"polnear:{split}/{p.stem}"] = p.read_text(encoding="utf-8")
    pol_train = sorted(k for k in texts if k.startswith("polnear:train/"))
    pol_dev = sorted(k for k in texts if k.startswith("polnear:dev/"))
    rows = [(aid, line) for (aid, line) in corpus["lines"] if aid in folds]
    line_text = {}
    for aid, line in rows:
        s, e = D.line_spans(texts[aid])[line - 1]
        line_text[(aid, line)] = texts[aid][s:e]
    fold_vocab = []
    for k in range(cv.N_FOLDS):
        vec = TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=30000, dtype=np.float32
        )
        vec.fit([line_text[r] for r in rows if folds[r[0]] != k])
        fold_vocab.append((vec.vocabulary_, vec.idf_.astype(np.float32)))
    g_ids = [a for a in ids if genres.get(a)]
    summary, chosen = select_genre(g_ids, texts, vecs, genres, folds, weights, pol_train, fold_vocab, seed)
    parts, pol_w, c, prior_kind = chosen
    heads = dict(np.load(selection / "heads.npz"))
    vocab = {t: i for i, t in enumerate(heads["tfidf_vocab"].tolist())}
    holdout = set(ci_holdout(ids, genres, seed))
    train = [a for a in g_ids if a not in holdout]
    x = features(
        [texts[a] for a in train], np.stack([vecs[a] for a in train]), parts, vocab, heads["tfidf_idf"]
    )
    y = np.array([D.GENRES.index(genres[a][0]) for a in train])
    extra = np.ones(len(y))
    if pol_w:
        xp = features(
            [texts[a] for a in pol_train],
            np.stack([vecs[a] for a in pol_train]),
            parts,
            vocab,
            heads["tfidf_idf"],
        )
        x, y = np.vstack([x, xp]), np.concatenate([y, np.ones(len(pol_train), int)])
        extra = np.concatenate([extra, np.full(len(pol_train), pol_w)])
    w, b = fit(x, y, extra, c, len(vocab) if "tfidf" in parts else 0)
    for key in ("genre_dense_factor", "style_mean", "style_scale"):
        heads.pop(key, None)
    heads["genre_weight"], heads["genre_bias"] = w, b
    prior = genre_prior(prior_kind)
    xd = features(
        [texts[a] for a in pol_dev], np.stack([vecs[a] for a in pol_dev]), parts, vocab, heads["tfidf_idf"]
    )
    dev_pred = cv.decide_genre(proba(xd, w, b, prior), summary["satire_threshold"])
    summary["polnear_dev_check"] = {
        "articles": len(pol_dev),
        **{f"called_{g}": int((dev_pred == i).sum()) for i, g in enumerate(D.GENRES)},
    }
    np.savez(selection / "heads.npz", **heads)
    meta = json.loads((selection / "meta-part.json").read_text())
    meta["doc_parts"]["genre"] = list(parts)
    meta["genre_rule"] = {
        "satire_threshold": summary["satire_threshold"],
        "uncertain_below": summary["uncertain_below"],
        "prior": {g: round(float(p), 4) for g, p in zip(D.GENRES, prior, strict=True)},
    }
    (selection / "meta-part.json").write_text(json.dumps(meta, indent=1) + "\n")
    report = json.loads((selection / "selection.json").read_text())
    report.pop("chosen_genre", None)
    report.pop("polnear_dev_check", None)
    report["genre"] = summary
    (selection / "selection.json").write_text(json.dumps(report, indent=1) + "\n")
    logging.info(
        "genre chosen %s: %s", chosen, json.dumps({k: v for k, v in summary.items() if k != "variants"})
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
