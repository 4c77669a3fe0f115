"""Scoring quotes and sources against the hand-made gold set in tests/gold/quotes/.

Gold files (one per document) store offsets into the **raw file text** and labels, never the
text itself. A direct quote's gold span is its content without the marks; an indirect quote's is
the reported clause. A predicted quote matches a gold quote when their spans overlap (each gold
and each prediction is matched at most once, greedily in text order); kind need not agree for
the F1, but kind and speaker agreement over the matches are reported. Speakers are compared
case-insensitively after stripping a leading article. Sources match the same way (type accuracy
reported beside).

Run ``python -m presslens.evaluation.quotes --split dev`` to print the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from presslens.datasets import shared_data_dir
from presslens.evaluation.extraction import QUOTE_SPLITS
from presslens.evaluation.metrics import prf
from presslens.layers import Quote, Source
from presslens.model import Article, OffsetMap

#: Where the repository keeps its quote gold, relative to a checkout (pass another with --gold).
GOLD_DIR = Path("tests/gold/quotes")


#: The gold has two kinds: the marked words of a reported clause (a quote of kind ``mixed``, "he said
#: the plan was “a fantasy”") are what it calls a direct quote.
GOLD_KIND = {"mixed": "direct"}


def _norm(name: str | None) -> str:
    name = (name or "").strip().lower()
    for article in ("the ", "a ", "an "):
        if name.startswith(article):
            name = name[len(article) :]
    return name


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """P/R/F1 to 3 digits, then the counts (the order and digits this command has always printed)."""
    return {**prf(tp, fp, fn, digits=3), "tp": tp, "fp": fp, "fn": fn}


def _match(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    used: set[int] = set()
    pairs = []
    for g in sorted(gold, key=lambda x: x["start"]):
        best, best_overlap = None, 0
        for i, p in enumerate(pred):
            if i in used:
                continue
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            used.add(best)
            pairs.append((g, pred[best]))
    return pairs


def predicted(article: Article) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Quotes and sources of an analysed article (its typed records), with spans mapped back to the raw
    input: what the matcher compares with the gold."""
    offsets = article.offsets or OffsetMap.identity(len(article.text))
    quotes = []
    q: Quote
    for q in article.layers.get("quotes", []):  # type: ignore[assignment]
        start, end = offsets.span_to_original(q.content.start, q.content.end)
        speaker = q.speaker.name if q.speaker is not None else None
        quotes.append({"start": start, "end": end, "kind": q.kind, "speaker": speaker})
    sources = []
    s: Source
    for s in article.layers.get("sources", []):  # type: ignore[assignment]
        start, end = offsets.span_to_original(s.start, s.end)
        sources.append({"start": start, "end": end, "type": s.type})
    return quotes, sources


def load_gold(gold_dir: Path, split: str) -> list[dict[str, Any]]:
    docs = []
    for path in sorted(gold_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if split in ("all", doc["split"]):
            docs.append(doc)
    return docs


def score_quotes(
    gold_dir: Path, split: str, articles: Mapping[str, Article | Mapping[str, Any]]
) -> dict[str, Any]:
    """Quote P/R/F1, speaker and kind accuracy, and source P/R/F1 over the gold docs of ``split``.

    ``speaker_accuracy`` is over matched quotes; ``speaker_recall`` over every gold quote with a
    speaker (a quote not found counts as a wrong speaker), as issue 10's hidden set is scored.

    ``articles`` maps a gold doc key ("seeds/000_....txt") to the analysed `Article` of that file (a
    `presslens/1` dict is read back into typed records first). Gold docs without an article are
    skipped and listed under ``missing``.
    """
    q_tp = q_fp = q_fn = s_tp = s_fp = s_fn = 0
    speaker_ok = speaker_n = kind_ok = type_ok = speaker_gold = 0
    missing, per_doc = [], {}
    for doc in load_gold(Path(gold_dir), split):
        article = articles.get(doc["doc"])
        if article is None:
            missing.append(doc["doc"])
            continue
        quotes, sources = predicted(article if isinstance(article, Article) else Article.from_dict(article))
        pairs = _match(doc["quotes"], quotes)
        q_tp += len(pairs)
        q_fp += len(quotes) - len(pairs)
        q_fn += len(doc["quotes"]) - len(pairs)
        wrong = []
        speaker_gold += sum(1 for g in doc["quotes"] if g.get("speaker"))
        for g, p in pairs:
            kind_ok += g["kind"] == GOLD_KIND.get(p["kind"], p["kind"])
            if g.get("speaker"):
                speaker_n += 1
                if _norm(g["speaker"]) == _norm(p["speaker"]):
                    speaker_ok += 1
                else:
                    wrong.append([g["start"], g["speaker"], p["speaker"]])
        spairs = _match(doc.get("sources", []), sources)
        s_tp += len(spairs)
        s_fp += len(sources) - len(spairs)
        s_fn += len(doc.get("sources", [])) - len(spairs)
        type_ok += sum(g["type"] == p["type"] for g, p in spairs)
        per_doc[doc["doc"]] = {
            "quotes": _prf(len(pairs), len(quotes) - len(pairs), len(doc["quotes"]) - len(pairs)),
            "wrong_speakers": wrong,
        }
    return {
        "split": split,
        "quotes": _prf(q_tp, q_fp, q_fn),
        "speaker_accuracy": round(speaker_ok / speaker_n, 3) if speaker_n else 0.0,
        # right speakers over every gold quote with a speaker (a missed quote counts as wrong)
        "speaker_recall": round(speaker_ok / speaker_gold, 3) if speaker_gold else 0.0,
        "kind_accuracy": round(kind_ok / q_tp, 3) if q_tp else 0.0,
        "sources": _prf(s_tp, s_fp, s_fn),
        "source_type_accuracy": round(type_ok / s_tp, 3) if s_tp else 0.0,
        "documents": per_doc,
        "missing": missing,
    }


def analyse_gold(gold_dir: Path, split: str, data_dir: Path) -> dict[str, Article]:
    """Analyse every document the gold set of ``split`` names (seeds, SemEval and aeb-dev bodies from
    ``data_dir``, our own texts beside the gold), the way ``presslens eval extraction`` does."""
    from presslens.evaluation.extraction import analyse_docs, read_doc

    keys = []
    for doc in load_gold(gold_dir, split):
        found = read_doc(doc["doc"], gold_dir, data_dir)
        if found is None:
            continue
        if hashlib.sha1(found[0].encode("utf-8")).hexdigest() != doc["sha1"]:
            raise SystemExit(f"{doc['doc']}: the file changed since it was annotated (sha1 mismatch)")
        keys.append(doc["doc"])
    analysed, _ = analyse_docs(keys, gold_dir, data_dir, {})
    return {key: article for key, (article, _raw) in analysed.items()}


def time_components(count: int, data_dir: Path) -> dict[str, float]:
    """Milliseconds per article for spaCy and each component over the first ``count`` SemEval articles.

    Components are timed on pre-parsed docs, one call each, so the figures are their own cost.
    """
    import time

    from presslens.api import get_pipeline
    from presslens.ingest import article_from_text

    pipeline = get_pipeline()
    paths = sorted((data_dir / "semeval2023-en" / "articles").glob("*.txt"))[:count]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if not texts:
        raise SystemExit(f"no SemEval articles in {data_dir}/semeval2023-en/articles (give --data)")
    started = time.perf_counter()
    docs = list(pipeline.nlp.pipe(texts, batch_size=16))
    costs = {"spacy": time.perf_counter() - started}
    for text, doc in zip(texts, docs, strict=True):
        article = article_from_text(text)
        for info in pipeline.components:
            started = time.perf_counter()
            info.func(article, doc)
            costs[info.name] = costs.get(info.name, 0.0) + time.perf_counter() - started
    return {name: round(1000 * seconds / len(texts), 2) for name, seconds in costs.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score quotes.v1 and sources.v1 against the gold set.")
    parser.add_argument(
        "--split",
        default="dev",
        choices=QUOTE_SPLITS,
    )
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="quote gold folder")
    parser.add_argument("--data", type=Path, help="the shared data/ folder (default: ../shared/data)")
    parser.add_argument("--details", action="store_true", help="print per-document figures")
    parser.add_argument(
        "--timing", type=int, metavar="N", help="instead, time the components on N SemEval articles"
    )
    args = parser.parse_args(argv)
    data = args.data or shared_data_dir()
    if args.timing:
        print(json.dumps(time_components(args.timing, data), indent=2))
        return
    result = score_quotes(args.gold, args.split, analyse_gold(args.gold, args.split, data))
    if not args.details:
        result.pop("documents")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
