"""The article-extraction benchmark (AEB): how well ingest finds the body of real web pages.

`../shared/data/aeb-dev/` holds half of the Zyte/ScrapingHub benchmark: ``html/KEY.html`` pages and
``ground-truth.json`` (``{KEY: {"articleBody", "url"}}``; the body leaves out the headline). Each page goes
through the same code as ``presslens analyze page.html`` (`presslens.ingest.article_from_html`), and the
body is the article text after its headline paragraph.

The metric is the benchmark's own (its ``evaluate.py``): texts split into ``\\w+`` tokens, 4-token shingles
with counts; per page tp = shared shingles, fp = extra predicted, fn = missed, each divided by their sum;
precision is the mean over pages with a prediction, recall the mean over pages with a truth, and F1 comes
from those two means. The spread is the standard deviation of F1 over bootstrap resamples of the pages.

`cross_validate` chooses among extraction settings on some pages and scores the choice on the others, so
that the figure we report is one measured on pages the choice did not see (the other half of the
benchmark is kept apart for that reason: docs/ingest.md).
"""

from __future__ import annotations

import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.evaluation import metrics
from presslens.ingest.html import DEFAULT_EXTRACTION, EXTRACTION_SETTINGS

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    url: str
    truth: str
    html: Path


def load_pages(folder: Path) -> list[Page]:
    """The benchmark's pages, sorted by key; a clear error when the folder is not the benchmark."""
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        raise FileNotFoundError(f"{truth_file} not found: --data must be the aeb-dev folder")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        html = folder / "html" / f"{key}.html"
        if html.is_file():
            pages.append(Page(key, truth[key].get("url") or "", truth[key].get("articleBody") or "", html))
    if not pages:
        raise ValueError(f"no pages in {folder / 'html'}")
    return pages


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    starts = range(max(1, len(tokens) - SHINGLE + 1))
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in starts if tokens[i : i + SHINGLE])


def match(truth: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of shingles, as the benchmark's ``string_shingle_matching``."""
    true, pred = _shingles(truth), _shingles(predicted)
    tp = fp = fn = 0
    for key in true.keys() | pred.keys():
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(rows: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """Precision (mean over pages with a prediction), recall (over pages with a truth) and their F1."""
    precisions = [tp / (tp + fp) for tp, fp, _ in rows if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in rows if tp + fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return metrics.scores(p, r, digits=None)


def bootstrap_std(rows: Sequence[tuple[float, float, float]], rounds: int = 1000, seed: int = 0) -> float:
    """Standard deviation of F1 over resamples of the pages (with replacement)."""
    rng = random.Random(seed)
    values = [scores([rng.choice(rows) for _ in rows])["f1"] for _ in range(rounds)]
    return statistics.pstdev(values)


def extract_body(page: Page, setting: str = DEFAULT_EXTRACTION) -> str:
    """The body PressLens ingest finds on ``page``: the article text after its headline paragraph."""
    from presslens.errors import InputError
    from presslens.ingest import article_from_html

    article = article_from_html(page.html.read_bytes(), url=page.url or None, setting=setting)
    if isinstance(article, InputError):
        return ""
    return body_of(article.text, article.title.start, article.title.end)


def body_of(text: str, title_start: int | None, title_end: int | None) -> str:
    """``text`` without the headline paragraph at its top (the benchmark's body leaves the headline out)."""
    if title_start == 0 and title_end is not None:
        return text[title_end:].lstrip()
    return text


def page_rows(pages: Sequence[Page], setting: str = DEFAULT_EXTRACTION) -> list[tuple[float, float, float]]:
    return [match(page.truth, extract_body(page, setting)) for page in pages]


def evaluate(folder: Path, setting: str = DEFAULT_EXTRACTION) -> dict[str, Any]:
    """P/R/F1 of the body on every page, with the bootstrap spread of F1 and the worst pages."""
    pages = load_pages(folder)
    rows = page_rows(pages, setting)
    result: dict[str, Any] = {"pages": len(pages), "setting": setting, **scores(rows)}
    result["f1_std"] = bootstrap_std(rows)
    per_page = sorted(
        (2 * tp / (2 * tp + fp + fn) if tp else 0.0, page.url)
        for (tp, fp, fn), page in zip(rows, pages, strict=True)
    )
    result["worst"] = [{"f1": round(f, 3), "url": url} for f, url in per_page[:5]]
    return result


def cross_validate(
    folder: Path,
    settings: Sequence[str] = tuple(EXTRACTION_SETTINGS),
    folds: int = 5,
    repeats: int = 10,
    seed: int = 0,
) -> dict[str, Any]:
    """Choose the setting with the best F1 on k-1 folds, score it on the held-out fold; repeat.

    Returns the held-out F1 per fold (mean and standard deviation), how often each setting was chosen,
    and every setting's F1 on all pages (for reference only: that figure is not held out).
    """
    pages = load_pages(folder)
    rows = {setting: page_rows(pages, setting) for setting in settings}
    rng = random.Random(seed)
    held_out: list[float] = []
    chosen: Counter[str] = Counter()
    for _ in range(repeats):
        order = list(range(len(pages)))
        rng.shuffle(order)
        for k in range(folds):
            test = set(order[k::folds])
            train = [i for i in order if i not in test]
            best = max(settings, key=lambda s: scores([rows[s][i] for i in train])["f1"])
            chosen[best] += 1
            held_out.append(scores([rows[best][i] for i in sorted(test)])["f1"])
    return {
        "pages": len(pages),
        "folds": folds,
        "repeats": repeats,
        "held_out_f1_mean": statistics.mean(held_out),
        "held_out_f1_std": statistics.pstdev(held_out),
        "chosen": dict(chosen.most_common()),
        "all_pages": {s: scores(rows[s]) for s in settings},
    }
