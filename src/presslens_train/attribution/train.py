"""Train, export and evaluate the attribution extractor (``presslens train attribution``).

Reproducible: fixed seeds, one thread, the PolNeAR train split only; dev is read for the final
figures (and for picking among the few variants listed in docs/attribution-model-card.md, beside
their cross-validated figures over train folds).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from presslens.artifacts import sha256_file
from presslens.attribution import assemble as A
from presslens.attribution.features import CODE_FIELDS, FIELDS, Features, Vocab, extract, vocab_of
from presslens.attribution.features import windows as feature_windows
from presslens.attribution.runtime import (
    ARTIFACT_FILES,
    VERSION,
    AttributionModel,
    char_span,
    pieces_of,
)
from presslens.attribution.tags import LABELS
from presslens.evaluation.polnear import Attribution, Document, Span, score, to_attributions
from presslens_train.attribution.data import build_vocab, token_tags
from presslens_train.attribution.fitting import N_FLAGS, TENSOR_WIDTH, Packed, Settings, pca, train_tagger

log = logging.getLogger(__name__)


@dataclass
class Example:
    name: str
    doc: Doc
    gold: Document
    feats: Features
    tags: np.ndarray
    skip: np.ndarray


def examples(docs: list[Document], parsed: list[Doc], vocab: Vocab) -> list[Example]:
    out = []
    for gold, doc in zip(docs, parsed, strict=True):
        skip = np.array([t.is_space for t in doc], dtype=bool)
        out.append(Example(gold.name, doc, gold, extract(doc, vocab), token_tags(doc, gold), skip))
    return out


# ---- linking -------------------------------------------------------------------------------------
def _token_range(doc: Doc, starts: np.ndarray, s: int, e: int) -> tuple[int, int] | None:
    lo = int(np.searchsorted(starts, s, side="right")) - 1
    lo = max(lo, 0)
    if doc[lo].idx + len(doc[lo]) <= s:
        lo += 1
    hi = int(np.searchsorted(starts, e, side="left"))
    while hi > lo and doc[hi - 1].is_space:
        hi -= 1
    return (lo, hi) if hi > lo else None


def gold_pieces(
    ex: Example,
) -> tuple[list[A.Piece], list[tuple[A.Piece, A.Piece]], list[tuple[A.Piece, A.Piece | None]]]:
    """Gold spans as pieces, with (content, cue) links and (cue, source-or-None) links."""
    doc, heads, para = ex.doc, ex.feats.heads, ex.feats.para
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    made: dict[tuple[str, int, int], A.Piece] = {}

    def piece(role: str, span: Span | None) -> list[A.Piece]:
        if span is None:
            return []
        out = []
        for s, e in span.parts:
            rng = _token_range(doc, starts, s, e)
            if rng is None:
                continue
            key = (role, *rng)
            if key not in made:
                root = A.span_root(heads, *rng)
                made[key] = A.Piece(role, rng[0], rng[1], root, int(para[root]))
            out.append(made[key])
        return out

    content_links, source_links = [], []
    for a in ex.gold.attributions:
        cues = piece("cue", a.cue)
        contents = piece("content", a.content)
        sources = piece("source", a.source)
        if not cues:
            piece("content", a.content)
            continue
        cue = cues[0]
        content_links += [(c, cue) for c in contents]
        source_links.append((cue, sources[0] if sources else None))
    pieces = sorted(made.values(), key=lambda p: (p.first, p.role))
    return pieces, content_links, source_links


def labelled_links(
    ex: Example, pieces: list[A.Piece]
) -> tuple[list[tuple[A.Piece, A.Piece]], list[tuple[A.Piece, A.Piece | None]]]:
    """Gold links between *predicted* pieces: a content piece belongs with the cue piece that
    overlaps the cue of the gold attribution sharing most characters with it; a cue piece's
    source is the source piece overlapping its gold attribution's source (None when none does)."""
    doc = ex.doc

    def chars(p: A.Piece) -> Span:
        return Span.of(char_span(doc, p.first, p.last))

    spans = {id(p): chars(p) for p in pieces}
    cues = [p for p in pieces if p.role == "cue"]
    sources = [p for p in pieces if p.role == "source"]
    content_links, source_links = [], []
    for content in (p for p in pieces if p.role == "content"):
        best = max(ex.gold.attributions, key=lambda a: a.content.overlap(spans[id(content)]), default=None)
        if best is None or best.content.overlap(spans[id(content)]) == 0 or best.cue is None:
            continue
        for cue in cues:
            if best.cue.overlap(spans[id(cue)]):
                content_links.append((content, cue))
                break
    for cue in cues:
        gold = next(
            (a for a in ex.gold.attributions if a.cue is not None and a.cue.overlap(spans[id(cue)])), None
        )
        if gold is None:
            continue
        match_ = None
        if gold.source is not None:
            match_ = next((s for s in sources if gold.source.overlap(spans[id(s)])), None)
        source_links.append((cue, match_))
    return content_links, source_links


def linker_data(
    items: list[Example], probs: list[np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pair features and labels for the two linkers, from gold pieces, or from the pieces a tagger
    predicted (``probs`` per example) so that the linker learns the tagger's noise too."""
    xc, yc, xs, ys = [], [], [], []
    for k, ex in enumerate(items):
        if probs is None:
            pieces, content_links, source_links = gold_pieces(ex)
        else:
            pieces = pieces_of(ex.feats, probs[k], ex.skip)
            content_links, source_links = labelled_links(ex, pieces)
        ctx = A.context_of(ex.doc, ex.feats, pieces)
        cues = [p for p in pieces if p.role == "cue"]
        sources = [p for p in pieces if p.role == "source"]
        truth = {id(c): id(q) for c, q in content_links}
        for content in (p for p in pieces if p.role == "content"):
            if id(content) not in truth:
                continue  # a spurious content: which cue it takes does not matter
            for cue in cues:
                if abs(cue.para - content.para) > A.PARAGRAPH_REACH:
                    continue
                xc.append(A.content_pair_features(ctx, pieces, cue, content))
                yc.append(truth[id(content)] == id(cue))
        for cue, gold_source in source_links:
            for source in sources:
                if abs(cue.para - source.para) > A.PARAGRAPH_REACH:
                    continue
                xs.append(A.source_pair_features(ctx, pieces, cue, source))
                ys.append(source is gold_source)
    return np.array(xc), np.array(yc), np.array(xs), np.array(ys)


def fit_linker(items: list[Example], probs: list[np.ndarray] | None = None) -> dict[str, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    xc, yc, xs, ys = linker_data(items, probs)
    weights = {}
    for name, x, y in (("content", xc, yc), ("source", xs, ys)):
        model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000)
        model.fit(x, y)
        weights[name] = model.coef_[0].astype(np.float32)
        log.info(
            "linker %s: %d pairs, %.1f%% positive, train acc %.3f",
            name,
            len(y),
            100 * y.mean(),
            model.score(x, y),
        )
    return weights


# ---- tagger --------------------------------------------------------------------------------------
def field_vocab() -> list[str]:
    return [vocab_of(f) for f in FIELDS]


def vocab_sizes(vocab: Vocab) -> dict[str, int]:
    return {v: (CODE_FIELDS[v] if v in CODE_FIELDS else vocab.size(v)) for v in set(field_vocab())}


def reduction(items: list[Example], settings: Settings) -> tuple[np.ndarray | None, np.ndarray | None]:
    if not settings.tensor_dims:
        return None, None
    tensor = np.concatenate([ex.feats.nums[:, :TENSOR_WIDTH] for ex in items])
    return pca(tensor, settings.tensor_dims, settings.seed)


def pack(
    items: list[Example], settings: Settings, mean: np.ndarray | None, comp: np.ndarray | None
) -> Packed:
    """Concatenate the examples' features into arrays with window bounds (see fitting.Packed)."""
    ids, tensor, flags, tags, bounds, owner = [], [], [], [], [], []
    offset = 0
    for d, ex in enumerate(items):
        n = len(ex.doc)
        ids.append(ex.feats.ids)
        t = ex.feats.nums[:, :TENSOR_WIDTH]
        tensor.append((t - mean) @ comp if comp is not None else np.zeros((n, 0), np.float32))
        flags.append(ex.feats.nums[:, TENSOR_WIDTH:])
        tags.append(np.where(ex.skip, -100, ex.tags))
        for s, e in feature_windows(ex.feats.para, settings.window_tokens):
            bounds.append((offset + s, offset + e))
            owner.append(d)
        offset += n
    return Packed(
        np.concatenate(ids).astype(np.int64),
        np.concatenate(tensor).astype(np.float32),
        np.concatenate(flags).astype(np.float32),
        np.concatenate(tags).astype(np.int64),
        np.array(bounds, dtype=np.int64).reshape(-1, 2),
        np.array(owner, dtype=np.int64),
    )


def export_onnx(
    model: Any,
    path: Path,
    mean: np.ndarray | None,
    comp: np.ndarray | None,
    states_reduce: tuple[np.ndarray, np.ndarray] | None = None,
    extra_flags: int = 0,
) -> None:
    """ONNX graph with inputs ids [windows, tokens, fields], nums [windows, tokens, 100 + the clause
    columns a tagger trained with them reads, `presslens.attribution.clauses`] (and, for
    a tagger trained on the encoder's states, ``states`` [windows, tokens, 384]) and lengths
    [windows]: the LSTM node gets ONNX's ``sequence_lens``, so the runtime runs all the windows of
    an article in one padded batch and each direction still starts and ends at a window's own
    edges, exactly as the unpadded training windows did."""
    import onnx
    import torch

    from presslens.attribution.states import STATE_WIDTH
    from presslens_train.attribution.network import Exported

    as_t = lambda x: torch.from_numpy(x) if x is not None else None  # noqa: E731
    wrapped = Exported(
        model.cpu(), as_t(mean), as_t(comp), *(as_t(x) for x in (states_reduce or (None, None)))
    ).eval()
    ids = torch.zeros((2, 7, len(FIELDS)), dtype=torch.int64)
    nums = torch.zeros((2, 7, TENSOR_WIDTH + N_FLAGS + extra_flags), dtype=torch.float32)
    axes = {0: "windows", 1: "tokens"}
    inputs, names = (ids, nums), ["ids", "nums"]
    if states_reduce is not None:
        inputs, names = (ids, nums, torch.zeros((2, 7, STATE_WIDTH), dtype=torch.float32)), [*names, "states"]
    torch.onnx.export(
        wrapped,
        inputs,
        str(path),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={name: axes for name in [*names, "logits"]},
        opset_version=17,
        dynamo=False,
    )
    graph = onnx.load(str(path))
    (lstm,) = [n for n in graph.graph.node if n.op_type == "LSTM"]
    graph.graph.input.append(
        onnx.helper.make_tensor_value_info("lengths", onnx.TensorProto.INT32, ["windows"])
    )
    while len(lstm.input) < 5:
        lstm.input.append("")
    lstm.input[4] = "lengths"
    onnx.checker.check_model(graph)
    onnx.save(graph, str(path))


def write_artifact(
    folder: Path,
    model: Any,
    vocab: Vocab,
    linker: dict[str, np.ndarray],
    settings: Settings,
    reduce: tuple[np.ndarray | None, np.ndarray | None],
    info: dict[str, Any],
    states_reduce: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    export_onnx(
        model,
        folder / "tagger.onnx",
        *reduce,
        states_reduce=states_reduce,
        extra_flags=settings.clause_features,
    )
    if states_reduce is not None:
        from presslens.rhetoric.runtime import METADATA_SHA256 as ENCODER_SHA256

        # the states the tagger was trained on come from this exact encoder: the runtime refuses another
        info = {
            **info,
            "encoder": {"dims": int(states_reduce[1].shape[1]), "metadata_sha256": ENCODER_SHA256},
        }
    (folder / "vocab.json").write_text(json.dumps(vocab.strings, ensure_ascii=False), encoding="utf-8")
    np.savez(folder / "linker.npz", content=linker["content"], source=linker["source"])
    meta = {
        "version": VERSION,
        "labels": list(LABELS),
        "source_threshold": settings.source_threshold,
        "window_tokens": settings.window_tokens,
        "content_threshold": settings.content_threshold,
        "keep_uncued": settings.keep_uncued,
        "role_weights": list(settings.role_weights),
        "parse_fallback": settings.parse_fallback,
        "settings": asdict(settings),
        **info,
        "files": {name: sha256_file(folder / name) for name in ARTIFACT_FILES},
    }
    (folder / "metadata.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# ---- evaluation ----------------------------------------------------------------------------------
class ProbsExtractor(AttributionModel):
    """The runtime's decoding and linking over tag probabilities computed elsewhere (a torch model,
    a GPU run): what the figures of experiments and cross-validation are made with."""

    def __init__(self, linker: dict[str, np.ndarray], settings: Settings) -> None:
        self.content_weights = np.asarray(linker["content"], dtype=np.float64)
        self.source_weights = np.asarray(linker["source"], dtype=np.float64)
        self.source_threshold = settings.source_threshold
        self.window_tokens = settings.window_tokens
        self.content_threshold = settings.content_threshold
        self.keep_uncued = settings.keep_uncued
        self.role_weights = np.asarray(settings.role_weights, dtype=np.float32)
        self.parse_fallback = settings.parse_fallback


def score_probs(
    items: list[Example], probs: np.ndarray, linker: dict[str, np.ndarray], settings: Settings
) -> dict[str, Any]:
    """Score examples whose concatenated token probabilities are ``probs`` (pack order)."""
    extractor = ProbsExtractor(linker, settings)
    predictions: dict[str, list[Attribution]] = {}
    offset = 0
    for ex in items:
        n = len(ex.doc)
        predictions[ex.name] = to_attributions(
            extractor.found(ex.doc, ex.feats, probs[offset : offset + n], ex.skip)
        )
        offset += n
    return score([ex.gold for ex in items], predictions)


def evaluate(folder: Path, items: list[Example]) -> dict[str, Any]:
    """Score the exported artifact in ``folder`` (the runtime code end to end, ONNX included)."""
    model = AttributionModel.load(folder, metadata_sha256=None)
    predictions = {ex.name: to_attributions(model(ex.doc)) for ex in items}
    return score([ex.gold for ex in items], predictions)


def load_weights(path: Path, vocab: Vocab, settings: Settings) -> Any:
    """A tagger with weights trained elsewhere (``w:<name>`` arrays in an .npz, as the GPU grid of
    `presslens_train.attribution.device` writes them) for the same vocabulary and settings."""
    import torch

    from presslens_train.attribution.fitting import build

    model = build(field_vocab(), vocab_sizes(vocab), len(LABELS), settings)
    with np.load(path) as z:
        state = {k[2:]: torch.from_numpy(z[k]) for k in z.files if k.startswith("w:")}
    model.load_state_dict(state)
    return model.eval()


def fit(
    train: list[Document],
    train_parsed: list[Doc],
    settings: Settings,
    folder: Path,
    info: dict[str, Any],
    weights: Path | None = None,
) -> tuple[Vocab, list[Example]]:
    """Fit vocab, tagger (or load its ``weights``) and linker on ``train``; write the artifact."""
    vocab = build_vocab(train_parsed, settings.min_word)
    items = examples(train, train_parsed, vocab)
    linker = fit_linker(items)
    reduce = reduction(items, settings)
    if weights is not None:
        model = load_weights(weights, vocab, settings)
        info = {**info, "tagger_weights": f"{weights.name} (sha256 {sha256_file(weights)})"}
    else:
        packed = pack(items, settings, *reduce)
        model = train_tagger(packed, field_vocab(), vocab_sizes(vocab), len(LABELS), settings)
    write_artifact(folder, model, vocab, linker, settings, reduce, info)
    return vocab, items
