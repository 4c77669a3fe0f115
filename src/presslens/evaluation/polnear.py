"""PolNeAR: reading its brat standoff files and scoring attributions the way its README says.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks every attribution in US political news: a
*content* (what is said, thought or shown), usually a *cue* (the words that attribute it: "said",
"according to", "believes", "a poll shows") and a *source* (the mention as written: "he", "who",
"the campaign"). Spans may be discontinuous (``start end;start end``); an attribution can carry a
second content part (``Content2``), which is read as part of its content.

Scoring (``../shared/data/polnear/README.md``, implemented exactly so that figures compare):

- a predicted attribution matches a gold one when their content spans share at least half of the
  shorter span's characters; matching is one-to-one, largest overlap first;
- **all**: precision, recall and F1 of matched attributions;
- **quoted recall**: recall over gold attributions whose content holds a quotation mark;
- **source accuracy**: on matched pairs whose gold has a source, the predicted speaker mention
  overlaps the gold source; where the gold source is a relative pronoun ("who", "which", "that"),
  a predicted mention that ends at most 80 characters before it (its antecedent) also counts;
- **cue accuracy**: on matched pairs with a predicted cue, it overlaps the gold cue.

Kinds (PolNeAR has none): derived the same way for gold and predictions by
`presslens.attribution.kinds` (document / belief / direct / mixed / indirect).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.attribution import kinds
from presslens.attribution.kinds import KINDS
from presslens.evaluation.metrics import ratio, scores
from presslens.model import merge_overlapping

SPLITS = ("train", "dev")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
#: How far before a relative pronoun its antecedent may end (README).
ANTECEDENT_WINDOW = 80

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t", re.M)
_E_LINE = re.compile(r"^(E\d+)\t(.*)$", re.M)


# ---- spans and attributions ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Span:
    """A possibly discontinuous character span: sorted, non-overlapping ``[start, end)`` parts."""

    parts: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, *parts: tuple[int, int]) -> Span:
        return cls(tuple(merge_overlapping(p for p in parts if p[1] > p[0])))

    @property
    def start(self) -> int:
        return self.parts[0][0] if self.parts else 0

    @property
    def end(self) -> int:
        return self.parts[-1][1] if self.parts else 0

    def __len__(self) -> int:
        return sum(e - s for s, e in self.parts)

    def overlap(self, other: Span) -> int:
        """Characters the two spans share."""
        total = 0
        for s1, e1 in self.parts:
            for s2, e2 in other.parts:
                total += max(0, min(e1, e2) - max(s1, s2))
        return total

    def union(self, other: Span) -> Span:
        return Span.of(*self.parts, *other.parts)

    def text(self, text: str) -> str:
        return " … ".join(text[s:e] for s, e in self.parts)

    def to_list(self) -> list[list[int]]:
        return [[s, e] for s, e in self.parts]


@dataclass(slots=True)
class Attribution:
    """One attribution: content (required), source and cue (either may be missing), kind."""

    content: Span
    source: Span | None = None
    cue: Span | None = None
    kind: str | None = None
    id: str = ""

    def to_dict(self, text: str) -> dict[str, Any]:
        def one(span: Span | None) -> dict[str, Any] | None:
            if span is None:
                return None
            return {"parts": span.to_list(), "text": span.text(text)}

        return {
            "id": self.id,
            "kind": self.kind,
            "content": one(self.content),
            "source": one(self.source),
            "cue": one(self.cue),
        }


@dataclass(slots=True)
class Document:
    """One PolNeAR article with its gold attributions (kinds filled in)."""

    name: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    publisher: str = ""
    split: str = ""


# ---- reading -------------------------------------------------------------------------------------
def parse_ann(ann: str) -> tuple[list[Attribution], int]:
    """Attributions of one ``.ann`` file, and how many were dropped for lack of a content span.

    Only ``T`` and ``E`` lines are read; a ``T`` line's text may run over line breaks (the text
    field is ignored: offsets are what count). Roles ``Content`` and ``Content2`` are joined.
    """
    spans: dict[str, Span] = {}
    for m in _T_LINE.finditer(ann):
        parts = [tuple(int(x) for x in piece.split()) for piece in m.group(3).split(";")]
        spans[m.group(1)] = Span.of(*parts)  # type: ignore[arg-type]
    out: list[Attribution] = []
    dropped = 0
    for m in _E_LINE.finditer(ann):
        roles: dict[str, list[str]] = {}
        for item in m.group(2).split():
            role, _, ref = item.partition(":")
            roles.setdefault(role.rstrip("0123456789"), []).append(ref)
        content: Span | None = None
        for ref in roles.get("Content", []):
            if ref in spans and len(spans[ref]):
                content = spans[ref] if content is None else content.union(spans[ref])
        if content is None:
            dropped += 1
            continue
        source = _first(spans, roles.get("Source", []))
        cue = _first(spans, roles.get("Cue", []))
        out.append(Attribution(content, source, cue, id=m.group(1)))
    return out, dropped


def _first(spans: Mapping[str, Span], refs: Sequence[str]) -> Span | None:
    for ref in refs:
        span = spans.get(ref)
        if span is not None and len(span):
            return span
    return None


def check_root(root: Path) -> Path:
    root = Path(root)
    if not (root / "train").is_dir() and not (root / "dev").is_dir():
        raise FileNotFoundError(f"{root} does not look like PolNeAR (no train/ or dev/ folder)")
    return root


def load_split(root: Path, split: str, limit: int | None = None) -> list[Document]:
    """The articles of ``split`` (train or dev) under ``root``, in file-name order, kinds derived."""
    if split not in SPLITS:
        raise ValueError(f"unknown PolNeAR split {split!r}; choose {', '.join(SPLITS)}")
    root = check_root(root)
    folder = root / split
    if not folder.is_dir():
        raise FileNotFoundError(f"PolNeAR split folder missing: {folder}")
    publishers = _publishers(root)
    docs: list[Document] = []
    for path in sorted((folder / "text").glob("*.txt"))[:limit]:
        ann_path = folder / "attributions" / f"{path.stem}.ann"
        if not ann_path.is_file():
            raise FileNotFoundError(f"no annotation file for {path.name}: {ann_path}")
        text = path.read_text(encoding="utf-8")
        attributions, _dropped = parse_ann(ann_path.read_text(encoding="utf-8"))
        for a in attributions:
            if a.content.end > len(text):
                raise ValueError(f"{ann_path.name}: span {a.content.parts} beyond the text ({len(text)})")
            a.kind = derive_kind(text, a)
        docs.append(Document(path.stem, text, attributions, publishers.get(path.stem, ""), split))
    return docs


def _publishers(root: Path) -> dict[str, str]:
    meta = root / "metadata.tsv"
    if not meta.is_file():
        return {}
    with meta.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row["publisher"] for row in csv.DictReader(fh, delimiter="\t")}


# ---- kinds ---------------------------------------------------------------------------------------
def holds_quote(text: str, span: Span) -> bool:
    return kinds.holds_quote(text, span.parts)


def derive_kind(text: str, attribution: Attribution) -> str:
    """The kind of an attribution (`presslens.attribution.kinds`)."""
    return kinds.kind_of(
        text,
        attribution.content.parts,
        attribution.source.parts if attribution.source else None,
        attribution.cue.parts if attribution.cue else None,
    )


# ---- scoring -------------------------------------------------------------------------------------
def match(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> list[tuple[int, int, int]]:
    """One-to-one (gold index, pred index, overlap) pairs, largest overlap first.

    A pair qualifies when the contents share at least half of the shorter content's characters.
    Ties go to the earlier gold, then the earlier prediction, so the result is deterministic.
    """
    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if p.content.end <= g.content.start or g.content.end <= p.content.start:
                continue
            shared = g.content.overlap(p.content)
            if shared > 0 and 2 * shared >= min(len(g.content), len(p.content)):
                candidates.append((gi, pi, shared))
    candidates.sort(key=lambda c: (-c[2], c[0], c[1]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for gi, pi, shared in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, shared))
    return sorted(pairs)


def source_right(text: str, gold: Span, pred: Span | None) -> bool:
    """The predicted speaker mention overlaps the gold source, or is the antecedent of a gold
    relative pronoun (ends at most 80 characters before it)."""
    if pred is None:
        return False
    if gold.overlap(pred) > 0:
        return True
    if gold.text(text).strip().lower() in RELATIVE_PRONOUNS:
        return pred.end <= gold.start and gold.start - pred.end <= ANTECEDENT_WINDOW
    return False


def cue_right(gold: Span | None, pred: Span) -> bool:
    return gold is not None and gold.overlap(pred) > 0


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, Any]:
    """Precision over predictions and recall over gold attributions (a prediction may match several
    gold ones and the other way round, so the two sides count their own matches), to 4 digits."""
    return {
        **scores(ratio(tp_pred, n_pred), ratio(tp_gold, n_gold), digits=4),
        "tp": tp_gold,
        "predicted": n_pred,
        "gold": n_gold,
    }


def _ratio(right: int, total: int) -> dict[str, Any]:
    return {"accuracy": round(right / total, 4) if total else None, "right": right, "n": total}


@dataclass(slots=True)
class _Tally:
    n_gold: int = 0
    n_pred: int = 0
    matched_gold: int = 0
    matched_pred: int = 0
    quoted: int = 0
    quoted_found: int = 0
    source_n: int = 0
    source_right: int = 0
    cue_n: int = 0
    cue_right: int = 0
    kind_n: int = 0
    kind_right: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "all": _prf(self.matched_pred, self.n_pred, self.matched_gold, self.n_gold),
            "quoted_recall": _ratio(self.quoted_found, self.quoted),
            "source_accuracy": _ratio(self.source_right, self.source_n),
            "cue_accuracy": _ratio(self.cue_right, self.cue_n),
            "kind_accuracy": _ratio(self.kind_right, self.kind_n),
        }


def score(docs: Iterable[Document], predictions: Mapping[str, Sequence[Attribution]]) -> dict[str, Any]:
    """The README's measures over ``docs``, overall and per kind.

    Per kind, gold attributions of that kind give recall, source and cue accuracy; predictions of
    that kind give precision (a match counts whatever the other side's kind). ``kind_accuracy``
    compares the kinds of matched pairs. Predictions without a kind get one by `derive_kind`.
    """
    overall = _Tally()
    per_kind: dict[str, _Tally] = {k: _Tally() for k in KINDS}
    documents = 0
    for doc in docs:
        documents += 1
        gold = doc.attributions
        pred = list(predictions.get(doc.name, ()))
        for p in pred:
            if p.kind is None:
                p.kind = derive_kind(doc.text, p)
        pairs = match(gold, pred)
        matched_g = {gi: pi for gi, pi, _ in pairs}
        matched_p = {pi for _, pi, _ in pairs}
        for pi, p in enumerate(pred):
            for tally in (overall, per_kind[p.kind or "indirect"]):
                tally.n_pred += 1
                tally.matched_pred += pi in matched_p
        for gi, g in enumerate(gold):
            tallies = (overall, per_kind[g.kind or derive_kind(doc.text, g)])
            pi = matched_g.get(gi)
            p = pred[pi] if pi is not None else None
            quoted = holds_quote(doc.text, g.content)
            for tally in tallies:
                tally.n_gold += 1
                tally.quoted += quoted
                if p is None:
                    continue
                tally.matched_gold += 1
                tally.quoted_found += quoted
                if g.source is not None:
                    tally.source_n += 1
                    tally.source_right += source_right(doc.text, g.source, p.source)
                if p.cue is not None:
                    tally.cue_n += 1
                    tally.cue_right += cue_right(g.cue, p.cue)
                tally.kind_n += 1
                tally.kind_right += p.kind == g.kind
    result = {"documents": documents, **overall.summary()}
    result["per_kind"] = {k: t.summary() for k, t in per_kind.items()}
    return result


def headline(result: Mapping[str, Any]) -> dict[str, float | None]:
    """The four target figures of a `score` result."""
    return {
        "f1": result["all"]["f1"],
        "quoted_recall": result["quoted_recall"]["accuracy"],
        "source_accuracy": result["source_accuracy"]["accuracy"],
        "cue_accuracy": result["cue_accuracy"]["accuracy"],
    }


# ---- predictions from the PressLens pipeline -----------------------------------------------------
#: What the rules baseline needs before the quote rules (`quotes.Quoter`) run.
RULES_COMPONENTS = ("sentences.v1", "entities.v1", "actors.v1")


def _span_of(item: Mapping[str, Any] | None) -> Span | None:
    if not item or item.get("start") is None or item.get("end") is None:
        return None
    span = Span.of((int(item["start"]), int(item["end"])))
    return span if len(span) else None


def attributions_of(article: Any) -> list[Attribution]:
    """The attributions an analysed `Article` holds: its ``attributions`` layer (attribution.v1)
    when present, else its quotes (speech). The speaker mention is the span the speaker was read
    from (``speaker.start/end``), as the README asks."""
    out: list[Attribution] = []
    layer = "attributions" if "attributions" in article.layers else "quotes"
    for ann in article.layers.get(layer, []):
        parts = ann.attrs.get("content")
        if isinstance(parts, list | tuple):
            content = Span.of(*((int(p["start"]), int(p["end"])) for p in parts))
        else:
            content = _span_of(parts) or Span.of((ann.start, ann.end))
        written = ann.attrs.get("source") if layer == "attributions" else None
        out.append(
            Attribution(
                content,
                _span_of(written or ann.attrs.get("speaker")),
                _span_of(ann.attrs.get("cue")),
                ann.attrs.get("kind") if ann.attrs.get("kind") in KINDS else None,
                ann.id,
            )
        )
    return out


#: What the pipeline system runs: attribution.v1 and what it reads (the rest cannot change the layer).
PIPELINE_COMPONENTS = ("sentences.v1", "entities.v1", "claims.v1", "actors.v1", "attribution.v1")


def predict_with_pipeline(
    docs: Sequence[Document], components: Sequence[str] | None = PIPELINE_COMPONENTS
) -> dict[str, list[Attribution]]:
    """Run the PressLens pipeline on each article's text as is (offsets must stay the gold ones)."""
    from presslens.api import get_pipeline
    from presslens.model import Article

    pipeline = get_pipeline(components)
    articles = [Article(text=doc.text) for doc in docs]
    return {doc.name: attributions_of(a) for doc, a in zip(docs, pipeline.pipe(articles), strict=True)}


def predict_with_rules(docs: Sequence[Document]) -> dict[str, list[Attribution]]:
    """The quote rules alone (`presslens.components.quotes.Quoter`, the baseline before the model)."""
    from presslens.api import get_pipeline
    from presslens.components.quotes import Quoter
    from presslens.model import Article
    from presslens.nlp import load_spacy

    pipeline = get_pipeline(RULES_COMPONENTS)
    articles = pipeline.pipe([Article(text=doc.text) for doc in docs])
    out: dict[str, list[Attribution]] = {}
    for doc, article, parsed in zip(docs, articles, load_spacy().pipe(d.text for d in docs), strict=True):
        quoter = Quoter(article, parsed)
        found, _scare = quoter.find()
        quoter.attribute(found)
        out[doc.name] = [
            Attribution(
                Span.of(f.content),
                Span.of((f.speaker["start"], f.speaker["end"])) if f.speaker else None,
                Span.of(quoter._cue_span(f)) if quoter._cue_span(f) else None,
                f.kind,
            )
            for f in found
        ]
    return out


def predict_with_model(docs: Sequence[Document], model: Any = None) -> dict[str, list[Attribution]]:
    """The learned extractor alone (`presslens.attribution`), over the same spaCy parse as the pipeline."""
    from presslens.attribution.runtime import shipped_model
    from presslens.nlp import load_spacy

    model = model or shipped_model()
    out: dict[str, list[Attribution]] = {}
    for doc, parsed in zip(docs, load_spacy().pipe(d.text for d in docs), strict=True):
        out[doc.name] = to_attributions(model(parsed))
    return out


def to_attributions(found: Iterable[Any]) -> list[Attribution]:
    """What the learned extractor found (`presslens.attribution` items: content pieces, source, cue,
    kind) as scored attributions; the training code scores its experiments through this one too."""
    return [
        Attribution(
            Span.of(*f.content),
            Span.of(f.source) if f.source else None,
            Span.of(f.cue) if f.cue else None,
            f.kind,
        )
        for f in found
    ]


SYSTEMS = ("model", "rules", "pipeline")


def evaluate(
    root: Path | None = None, split: str = "dev", system: str = "model", limit: int | None = None
) -> dict[str, Any]:
    """Load ``split`` (from ``root``, default polnear/ in the shared data), run ``system`` (the
    learned extractor alone, the quote rules alone, or the whole default pipeline, whose
    attribution.v1 adds the rules' speakers and fallback) and score it."""
    if root is None:
        from presslens.datasets import shared_data_dir

        root = shared_data_dir() / "polnear"
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; choose {', '.join(SYSTEMS)}")
    docs = load_split(root, split, limit)
    if system == "model":
        predictions = predict_with_model(docs)
    else:
        predictions = predict_with_rules(docs) if system == "rules" else predict_with_pipeline(docs)
    return {"split": split, "system": system, **score(docs, predictions)}
