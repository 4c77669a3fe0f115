"""SemEval-2023 Task 3 interface: official-format predictions and the official metrics.

Why here and not in a notebook: the model card's figures must be reproducible by anyone with the
data, with two commands (`presslens semeval predict`, `presslens semeval score`), on held-out
articles only (`--split validation` reads the split recorded in the model's metadata).

Metrics (as in the shared task):
- subtask 1: macro-F1 over the 3 genres (micro-F1, i.e. accuracy, beside it);
- subtask 2: micro-F1 over (article, frame) pairs (macro-F1 over frames beside it);
- subtask 3: micro-F1 over (article, line, technique) triples on exactly the gold file's rows; macro-F1
  beside it, averaged over the techniques that occur in the gold or the predicted rows (a technique
  absent from both has no defined F1 and is left out, rather than counted as 0 or 1).
A prediction row absent from the gold file is ignored; a gold row absent from the predictions
counts as "no labels". Technique names are normalised (the data's `Appeal_to_Fear-Prejudi-čce`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from presslens.errors import InputError, PressLensError
from presslens.evaluation import metrics
from presslens.rhetoric import data as D


# -- scoring ---------------------------------------------------------------------------------
def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Unrounded (precision, recall, F1): `presslens.evaluation.metrics`, as a tuple for the scorers here."""
    out = metrics.prf(tp, fp, fn, digits=None)
    return out["precision"], out["recall"], out["f1"]


def score_sets(gold: dict, pred: dict) -> dict[str, float]:
    """Micro and macro F1 of multi-label predictions ``{key: [labels]}`` over the gold keys."""
    tp = fp = fn = 0
    per: dict[str, list[int]] = {}
    for key, labels in gold.items():
        g, p = set(labels), set(pred.get(key, []))
        for label in g | p:
            counts = per.setdefault(label, [0, 0, 0])
            if label in g and label in p:
                counts[0] += 1
            elif label in p:
                counts[1] += 1
            else:
                counts[2] += 1
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision, recall, micro = prf(tp, fp, fn)
    per_f1 = {label: prf(*c)[2] for label, c in per.items()}
    macro = sum(per_f1.values()) / len(per_f1) if per_f1 else 0.0
    return {
        "micro_f1": micro,
        "macro_f1": macro,
        "precision": precision,
        "recall": recall,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "n_items": len(gold),
        "per_label_f1": per_f1,
    }


def score_genre(gold: dict[str, list[str]], pred: dict[str, list[str]]) -> dict[str, float]:
    """Subtask 1: macro-F1 over the three genres (every genre counted, even one never predicted)."""
    labels = list(D.GENRES)
    per = {}
    correct = 0
    for label in labels:
        tp = sum(1 for k, g in gold.items() if label in g and label in pred.get(k, [])[:1])
        fp = sum(1 for k, g in gold.items() if label not in g and label in pred.get(k, [])[:1])
        fn = sum(1 for k, g in gold.items() if label in g and label not in pred.get(k, [])[:1])
        per[label] = prf(tp, fp, fn)[2]
    correct = sum(1 for k, g in gold.items() if pred.get(k) and pred[k][0] in g)
    return {
        "macro_f1": sum(per.values()) / len(per),
        "micro_f1": correct / len(gold) if gold else 0.0,
        "n_items": len(gold),
        "per_label_f1": per,
    }


def char_overlap(
    text_len: int, gold: Iterable[tuple[str, int, int]], pred: Iterable[tuple[str, int, int]]
) -> tuple[int, int, int]:
    """(overlapping, predicted, gold) characters of one article, technique by technique.

    Why characters: SemEval-2023 scores paragraphs only, so spans need their own measure; counting
    characters rewards a span for the part of a gold span it covers, and never counts a character
    twice when spans of one technique overlap.
    """
    by_label: dict[str, tuple[list, list]] = {}
    for label, start, end in gold:
        by_label.setdefault(label, ([], []))[0].append((start, end))
    for label, start, end in pred:
        by_label.setdefault(label, ([], []))[1].append((start, end))
    overlap = n_pred = n_gold = 0
    for gold_spans, pred_spans in by_label.values():
        g = np.zeros(text_len, bool)
        p = np.zeros(text_len, bool)
        for start, end in gold_spans:
            g[start:end] = True
        for start, end in pred_spans:
            p[start:end] = True
        overlap += int((g & p).sum())
        n_pred += int(p.sum())
        n_gold += int(g.sum())
    return overlap, n_pred, n_gold


def score_char_spans(counts: Iterable[tuple[int, int, int]]) -> dict[str, float]:
    """Character-level precision, recall and F1 summed over articles' `char_overlap` counts."""
    overlap = n_pred = n_gold = 0
    for o, p, g in counts:
        overlap, n_pred, n_gold = overlap + o, n_pred + p, n_gold + g
    precision, recall, f1 = prf(overlap, n_pred - overlap, n_gold - overlap)
    return {"precision": precision, "recall": recall, "f1": f1, "pred_chars": n_pred, "gold_chars": n_gold}


def score_files(subtask: int, gold_path: Path, pred_path: Path) -> dict[str, float]:
    """The official metrics of ``subtask`` for a gold and a prediction file."""
    for path in (gold_path, pred_path):
        if not path.is_file():
            raise InputError(str(path), "no such file")
    if subtask == 3:
        return score_sets(D.read_line_labels(gold_path), D.read_line_labels(pred_path))
    gold, pred = D.read_doc_labels(gold_path), D.read_doc_labels(pred_path)
    if subtask == 1:
        return score_genre(gold, pred)
    if subtask == 2:
        return score_sets(gold, pred)
    raise PressLensError(f"unknown subtask {subtask}; choose 1, 2 or 3")


# -- prediction ------------------------------------------------------------------------------
def read_template(path: Path) -> list[tuple[str, int]]:
    """``(id, line)`` rows of a subtask-3 template (or gold) file, in order."""
    rows = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        parts = raw.split("\t")
        try:
            rows.append((parts[0].strip(), int(parts[1])))
        except (IndexError, ValueError):
            raise InputError(str(path), f"line {n} is not ID<TAB>LINE<TAB>...") from None
    return rows


def predict_lines(model, articles: dict[str, Path], rows: list[tuple[str, int]]) -> list[str]:
    """Subtask-3 rows ``ID<TAB>LINE<TAB>tech,tech`` for exactly ``rows``.

    Uses the F1-optimal per-technique thresholds (chosen out of fold for the shared task's
    micro-F1), not the stricter display threshold the report and web app apply.
    """
    by_article: dict[str, dict[int, list[str]]] = {}
    for aid in dict.fromkeys(a for a, _ in rows):
        if aid not in articles:
            raise InputError(aid, "article file missing from --articles")
        pred = model.predict(D.read_article(articles[aid]))
        # the shared task's decision: F1-optimal thresholds on the raw score, not the display threshold
        thr = model.thresholds("line_thresholds")
        by_article[aid] = {
            x["line"]: [t["label"] for t in x["techniques"] if t["score"] >= thr[D.TECH_INDEX[t["label"]]]]
            for x in pred.lines
        }
    return [f"{aid}\t{line}\t{','.join(by_article[aid].get(line, []))}" for aid, line in rows]


def predict_docs(model, articles: dict[str, Path], subtask: int) -> list[str]:
    """Subtask 1/2 rows ``ID<TAB>labels`` for every article."""
    out = []
    for aid, path in articles.items():
        raw = model.raw(D.read_article(path))
        if subtask == 1:
            scores = model.genre_scores(raw)
            out.append(f"{aid}\t{model.genre_decision(scores)['label']}")  # satire only above its threshold
        else:
            scores = model.frame_scores(raw)
            thr = model.meta["frame_thresholds"]
            chosen = [
                f for f, p in sorted(zip(D.FRAMES, scores, strict=True), key=lambda x: -x[1]) if p >= thr[f]
            ]
            out.append(f"{aid}\t{','.join(chosen)}")
    return out


def _keep_ids(ids_file: Path | None, split: str | None, meta: dict) -> set[str] | None:
    if ids_file is not None and split is not None:
        raise PressLensError("give --ids or --split, not both")
    if ids_file is not None:
        if not ids_file.is_file():
            raise InputError(str(ids_file), "no such file")
        return {
            x.split("\t")[0].strip() for x in ids_file.read_text(encoding="utf-8").splitlines() if x.strip()
        }
    if split is not None:
        splits = meta.get("split", {})
        if split not in splits:
            raise PressLensError(f"unknown split {split!r}; the model records {', '.join(sorted(splits))}")
        return set(splits[split])
    return None


def predict_file(
    subtask: int,
    articles: Path,
    out: Path,
    *,
    template: Path | None = None,
    ids: Path | None = None,
    split: str | None = None,
    threads: int = 1,
) -> int:
    """Write the predictions of ``subtask`` for the articles in ``articles`` to ``out``; returns the rows."""
    from presslens.rhetoric.runtime import get_model

    model = get_model(threads)
    keep = _keep_ids(ids, split, model.meta)
    found = D.article_paths(articles) if articles.is_dir() else {}
    if not found:
        raise InputError(str(articles), "no article<ID>.txt files")
    if keep is not None:
        found = {k: v for k, v in found.items() if k in keep}
    if subtask == 3:
        if template is None:
            raise PressLensError("--subtask 3 needs --template FILE")
        if not template.is_file():
            raise InputError(str(template), "no such file")
        rows = [r for r in read_template(template) if keep is None or r[0] in keep]
        lines = predict_lines(model, found, rows)
    else:
        lines = predict_docs(model, found, subtask)
    out.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return len(lines)


def write_split_gold(data: Path, out_dir: Path, split: str = "ci_holdout") -> int:
    """Copy the gold files of subtasks 1-3 into ``out_dir``, keeping the articles of one recorded split.

    Returns how many articles the split holds.
    """
    from presslens.rhetoric.runtime import MODEL_DIR, verify_artifact

    keep = _keep_ids(None, split, verify_artifact(MODEL_DIR))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("labels-subtask-1.txt", "labels-subtask-2.txt", "labels-subtask-3.txt"):
        src = data / name
        if not src.is_file():
            raise InputError(str(src), "no such file")
        kept = _filter_rows(src.read_text(encoding="utf-8").splitlines(), keep)
        (out_dir / name).write_text("".join(x + "\n" for x in kept), encoding="utf-8")
    return len(keep)


def _filter_rows(rows: Iterable[str], keep: set[str]) -> list[str]:
    return [r for r in rows if r.strip() and r.split("\t")[0].strip() in keep]
