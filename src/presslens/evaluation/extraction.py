"""Scoring the `claims` layer (and, when available, quotes) against a gold set (ours: tests/gold/).

Gold files are ``tests/gold/claims/<doc>.json``: ``{doc, split, sha1, published, claims: [...]}`` with
offsets into the *raw file text*. Each document is read with the normal ingest layer and analysed
once with the default pipeline; predicted spans are mapped back to the raw text through
``article.offsets`` before they are compared, so a cleaning step in ingest cannot shift the score.

Metrics (docs/evaluation.md):

Predictions are read as the typed records of `presslens.layers` (`Claim`), never as untyped dicts.

- claims precision / recall / F1: a predicted claim matches a gold one when their spans overlap and
  ``value.low`` / ``value.high`` are equal (fractions to 3 decimals); each gold claim matches at most once;
- on matched claims, the accuracy of ``attribution`` (source strings compared case-insensitively after
  dropping a leading article and punctuation; equal, or one a whole-word prefix of the other; a null
  gold must be predicted null), ``event`` (label) and ``as_of`` (ISO date, null = null).

A gold ``published`` date is given to the article when ingest found none, so dates relative to
publication are scored on what the component does with a publication date, not on date extraction.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from presslens.errors import InputError
from presslens.evaluation.metrics import prf
from presslens.layers import Claim, to_json
from presslens.model import Article, MetaValue, OffsetMap

SPLITS = (
    "dev",
    "heldout",
    "dev3",
    "heldout3",
    "dev4",
    "heldout4",
    "dev5",
    "heldout5",
    "dev6",
    "heldout6",
    "dev8",
    "heldout8",
    "dev9",
    "dev10",
    "dev11",
    "dev4q",
    "heldout4q",
    "dev5q",
    "heldout5q",
    "dev6q",
    "heldout6q",
    "dev7q",
    "heldout7q",
    "all",
)
"""``dev``/``heldout``: the first two batches; ``dev3``/``heldout3``: the third; ``dev4``/``heldout4``: the
fourth (figures); ``dev5``/``heldout5``: the fifth (figures); ``dev6``/``heldout6``: the sixth (figures);
``dev8``/``heldout8``: the eighth (figures, PolNeAR train); ``dev9``: the ninth (figures, dev only);
``dev10``: the tenth (poll stories, dev only); ``dev11``: the eleventh (the figure forms session 10 left
open, dev only); ``dev4q``/``heldout4q``, ``dev5q``/``heldout5q``,
``dev6q``/``heldout6q`` and ``dev7q``/``heldout7q``: the fourth to seventh, quotes and speakers only
(tests/gold/SPLIT.md)."""
#: The splits with quote gold (tests/gold/quotes): ``dev``/``heldout``, the quote-only ``*q`` batches and
#: ``all``; `presslens.evaluation.quotes` offers these, `presslens_train.speakers` keeps the held-out
#: ones out.
QUOTE_SPLITS = tuple(s for s in SPLITS if s in ("dev", "heldout", "all") or s.endswith("q"))

AEB_PREFIX = "aeb-dev/"
"""Gold keys ``aeb-dev/KEY`` name the article body of page KEY in ``aeb-dev/ground-truth.json``."""


def data_path(data_dir: Path, key: str) -> Path:
    """A gold document key under the shared data folder (``semeval/...`` lies in ``semeval2023-en/``)."""
    if key.startswith("semeval/"):
        return data_dir / "semeval2023-en" / key.removeprefix("semeval/")
    return data_dir / key


def resolve_doc(key: str, gold_dir: Path, data_dir: Path) -> Path:
    """Path of a gold document key: ``own/...`` beside the gold folder (``../texts``), anything else
    (``seeds/...``, ``semeval/...``) under ``data_dir`` (see `data_path`)."""
    if key.startswith("own/"):
        return gold_dir.parent / "texts" / key.removeprefix("own/")
    return data_path(data_dir, key)


def read_doc(key: str, gold_dir: Path, data_dir: Path) -> tuple[str, Path] | None:
    """The raw text of a gold document and the file it comes from (None when missing).

    An ``aeb-dev/KEY`` document is the benchmark's marked article body of page KEY, read as a plain
    text would be: the gold offsets index that body."""
    if key.startswith(AEB_PREFIX):
        truth_path = data_dir / "aeb-dev" / "ground-truth.json"
        if not truth_path.is_file():
            return None
        page = json.loads(truth_path.read_text(encoding="utf-8")).get(key.removeprefix(AEB_PREFIX))
        return (page["articleBody"], truth_path) if page else None
    path = resolve_doc(key, gold_dir, data_dir)
    return (path.read_text(encoding="utf-8"), path) if path.is_file() else None


def load_gold(gold_dir: Path, split: str) -> list[dict[str, Any]]:
    """Gold files of ``split`` (``all`` for every file), sorted by document key."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose {', '.join(SPLITS)}")
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if split == "all" or gold.get("split") == split:
            out.append(gold)
    return out


def ingest_doc(key: str, raw: str, path: Path) -> Article | InputError | None:
    """A gold document (its raw text and file, from `read_doc`) read by the ingest layer as a user's
    file would be: an aeb-dev body as a plain-text upload, anything else from its file."""
    from presslens.ingest import articles_from_bytes, load_inputs

    if key.startswith(AEB_PREFIX):
        name = key.removeprefix(AEB_PREFIX) + ".txt"
        inputs = articles_from_bytes(raw.encode("utf-8"), name, path=name, content_type="text/plain")
    else:
        inputs = load_inputs([str(path)])
    return next(iter(inputs), None)


def analyse_docs(
    keys: Iterable[str], gold_dir: Path, data_dir: Path, published: dict[str, str | None]
) -> tuple[dict, list[str]]:
    """Analyse each document once: {key: (article, raw text)} and a list of problems (missing, changed)."""
    from presslens.api import get_pipeline

    pipeline = get_pipeline()
    done: dict[str, tuple[Article, str]] = {}
    problems: list[str] = []
    for key in dict.fromkeys(keys):
        found = read_doc(key, gold_dir, data_dir)
        if found is None:
            aeb = key.startswith(AEB_PREFIX)
            where = data_dir / "aeb-dev" if aeb else resolve_doc(key, gold_dir, data_dir)
            problems.append(f"{key}: file not found at {where}")
            continue
        raw, path = found
        article = ingest_doc(key, raw, path)
        if article is None or isinstance(article, InputError):
            problems.append(f"{key}: could not be read ({article})")
            continue
        if article.published.value is None and published.get(key):
            article.published = MetaValue(published[key], origin="input")
        done[key] = (pipeline(article), raw)
    return done, problems


def _norm_source(value: str | None) -> str | None:
    if value is None:
        return None
    text = re.sub(r"[^\w\s]", " ", value.lower())
    text = re.sub(r"^\s*(?:the|a|an)\s+", "", text)
    return " ".join(text.split()) or None


def source_matches(gold: str | None, predicted: str | None) -> bool:
    """Normalised equality, or one source a whole-word prefix of the other ("Local health officials")."""
    g, p = _norm_source(gold), _norm_source(predicted)
    if g is None or p is None:
        return g is p
    short, long = sorted((g, p), key=len)
    return long == short or long.startswith(short + " ")


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= max(1e-3, 1e-6 * abs(float(a)))


class Predicted(NamedTuple):
    """A predicted claim (its typed record) with its span mapped back to the raw input text."""

    start: int
    end: int
    claim: Claim


def predicted_claims(article: Article) -> list[Predicted]:
    """The article's claims with spans mapped back to the raw input text."""
    offsets = article.offsets or OffsetMap.identity(len(article.text))
    out = []
    claim: Claim
    for claim in article.layers.get("claims", []):  # type: ignore[assignment]
        start, end = offsets.span_to_original(claim.start, claim.end)
        out.append(Predicted(start, end, claim))
    return out


@dataclass
class ClaimScores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    checks: dict[str, list[int]] = field(
        default_factory=lambda: {"attribution": [0, 0], "event": [0, 0], "as_of": [0, 0]}
    )
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        counts = {"tp": self.tp, "fp": self.fp, "fn": self.fn}
        out: dict[str, Any] = {**counts, **prf(self.tp, self.fp, self.fn, digits=4)}
        for name, (ok, total) in self.checks.items():
            out[f"{name}_accuracy"] = round(ok / total, 4) if total else None
            out[f"{name}_n"] = total
        return out


def score_document(gold: dict[str, Any], predicted: list[Predicted], scores: ClaimScores) -> None:
    """Match one document's predictions to its gold claims and add to ``scores``."""
    used: set[int] = set()
    for g in gold["claims"]:
        match = None
        for i, p in enumerate(predicted):
            if i in used or p.end <= g["start"] or p.start >= g["end"] or p.claim.value is None:
                continue
            if _same_value(g["value"]["low"], p.claim.value.low) and _same_value(
                g["value"].get("high"), p.claim.value.high
            ):
                match = i
                break
        if match is None:
            scores.fn += 1
            scores.errors.append({"doc": gold["doc"], "type": "missed", "gold": g})
            continue
        used.add(match)
        scores.tp += 1
        claim = predicted[match].claim
        got = {
            "attribution": claim.attribution.source if claim.attribution is not None else None,
            "event": claim.event.label if claim.event is not None else None,
            "as_of": claim.as_of.date if claim.as_of is not None else None,
        }
        oks = {
            "attribution": source_matches(g.get("attribution"), got["attribution"]),
            "event": (g.get("event") or None) == (got["event"] or None),
            "as_of": (g.get("as_of") or None) == (got["as_of"] or None),
        }
        for name, ok in oks.items():
            scores.checks[name][0] += int(ok)
            scores.checks[name][1] += 1
            if not ok:
                scores.errors.append(
                    {
                        "doc": gold["doc"],
                        "type": name,
                        "start": g["start"],
                        "gold": g.get(name),
                        "predicted": got[name],
                    }
                )
    for i, p in enumerate(predicted):
        if i not in used:
            scores.fp += 1
            scores.errors.append(
                {
                    "doc": gold["doc"],
                    "type": "spurious",
                    "start": p.start,
                    "end": p.end,
                    "value": to_json(p.claim.value),
                }
            )


def _quote_gold_docs(quotes_dir: Path, split: str) -> list[str]:
    keys = []
    for path in sorted(quotes_dir.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if split == "all" or gold.get("split") == split:
            keys.append(gold["doc"])
    return keys


def evaluate(gold_dir: Path, split: str = "heldout", data_dir: Path | None = None) -> dict[str, Any]:
    """Score claims (and quotes when `presslens.evaluation.quotes` exists) on one split of the gold set.

    ``gold_dir`` holds the claim gold files (its sibling ``quotes/`` the quote gold, ``texts/`` our own
    texts); ``data_dir`` is the shared ``data/`` folder with the seeds and SemEval articles (default:
    `presslens.datasets.shared_data_dir`).
    """
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold folder {gold_dir} does not exist (give it with --gold)")
    if data_dir is None:
        from presslens.datasets import shared_data_dir

        data_dir = shared_data_dir()
    golds = load_gold(gold_dir, split)
    quotes_dir = gold_dir.parent / "quotes"
    try:  # the quotes scorer, written beside this module by the quotes work
        quotes_eval = importlib.import_module("presslens.evaluation.quotes")
    except ImportError:
        quotes_eval = None
    quote_keys = _quote_gold_docs(quotes_dir, split) if quotes_eval and quotes_dir.is_dir() else []
    published = {g["doc"]: g.get("published") for g in golds}
    analysed, problems = analyse_docs([g["doc"] for g in golds] + quote_keys, gold_dir, data_dir, published)
    scores = ClaimScores()
    docs = []
    for gold in golds:
        if gold["doc"] not in analysed:
            continue
        article, raw = analysed[gold["doc"]]
        if hashlib.sha1(raw.encode("utf-8")).hexdigest() != gold.get("sha1"):
            problems.append(f"{gold['doc']}: text changed since it was annotated (sha1 differs); skipped")
            continue
        before = (scores.tp, scores.fp, scores.fn)
        score_document(gold, predicted_claims(article), scores)
        docs.append(
            {
                "doc": gold["doc"],
                "split": gold["split"],
                "tp": scores.tp - before[0],
                "fp": scores.fp - before[1],
                "fn": scores.fn - before[2],
            }
        )
    result: dict[str, Any] = {
        "split": split,
        "documents": len(docs),
        "claims": scores.as_dict(),
        "per_doc": docs,
        "errors": scores.errors,
        "problems": problems,
        "quotes": None,
    }
    if quotes_eval is not None and quotes_dir.is_dir() and quote_keys:  # dev3/heldout3: no quote gold
        articles = {key: analysed[key][0] for key in quote_keys if key in analysed}
        result["quotes"] = quotes_eval.score_quotes(quotes_dir, split, articles)
    return result
