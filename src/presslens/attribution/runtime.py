"""Run the shipped attribution extractor: ONNX Runtime + numpy over the spaCy parse (no PyTorch).

Why it is checked: the artifact decides who PressLens says said what, so a truncated or edited
file must fail loudly. ``metadata.json`` lists the sha256 of every other file and its own sha256
is pinned below (updated by whoever ships a retrained model, with ``presslens train attribution``).

Inference, per article: token features from the parse (`features.extract`), and, for a tagger
trained on them, the rhetoric encoder's states pooled per token (`states.doc_states`: computed
once per article and shared with techniques.v1) -> the tagger (a small BiLSTM, ONNX) -> BIO-valid
cue/source/content spans (`tags.decode`) -> attributions (cue-centred linking by two logistic
models, `assemble`) -> the cue gate (an attribution whose cue rarely attributes in PolNeAR train
and that the model is unsure of is dropped, or keeps only its quoted content, `lexicon.CueGate`)
-> character spans and a kind (`kinds.kind_of`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from presslens import artifacts
from presslens.artifacts import onnx_session
from presslens.attribution import assemble as A
from presslens.attribution.clauses import CLAUSE_WIDTH, counts_sha256, doc_columns
from presslens.attribution.features import Features, Vocab, extract, key, windows
from presslens.attribution.kinds import holds_quote, kind_of
from presslens.attribution.lexicon import CueGate, cue_gate, shipped_lexicon
from presslens.attribution.states import doc_states
from presslens.attribution.tags import LABELS, ROLES, decode, spans_of
from presslens.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parent / "model"
ARTIFACT_FILES = ("tagger.onnx", "vocab.json", "linker.npz")
VERSION = "attribution.v1"
#: sha256 of the shipped model/metadata.json; metadata.json pins every other artifact file.
METADATA_SHA256 = "984c188a3021e208137bb1778afa9abb23289692de249f47f9e0ca18b688b866"

Parts = list[tuple[int, int]]
#: Untagged tokens that may separate two pieces of one cue.
CUE_GAP = 2
#: A word that opens a phrase and so never ends a content piece (`complete_phrases`): a determiner, a
#: preposition ("in a", "in"), a possessive pronoun ("his").
OPENING_POS = frozenset({"DET", "ADP"})
OPENING_TAGS = frozenset({"PRP$"})
_VERB_OR_PUNCT = np.array([key(p) for p in ("VERB", "AUX", "PUNCT")], dtype=np.uint64)


def verify_artifact(folder: Path, metadata_sha256: str | None = METADATA_SHA256) -> dict[str, Any]:
    """Check every artifact file against the metadata (and the metadata against the pin); return it."""
    return artifacts.verify_artifact(folder, ARTIFACT_FILES, "attribution model", metadata_sha256, VERSION)


@dataclass(slots=True)
class Found:
    """One attribution found in an article: character spans, kind and confidences."""

    content: Parts
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    kind: str
    confidence: float
    source_confidence: float | None = None

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


class AttributionModel:
    """The tagger session, the vocabularies and the linking weights of one artifact."""

    #: Drops attributions whose cue rarely attributes (`lexicon.json`); None keeps every one.
    cue_gate: CueGate | None = None
    #: The rhetoric encoder whose states the tagger reads (None: the tagger reads the parse only).
    encoder: Any = None

    def __init__(self, folder: Path, meta: dict[str, Any], threads: int = 1) -> None:
        self.folder = folder
        self.meta = meta
        self.vocab = Vocab(json.loads((folder / "vocab.json").read_text(encoding="utf-8")))
        with np.load(folder / "linker.npz") as linker:
            self.content_weights = linker["content"].astype(np.float64)
            self.source_weights = linker["source"].astype(np.float64)
        if (
            len(self.content_weights) != A.N_CONTENT_FEATURES
            or len(self.source_weights) != A.N_SOURCE_FEATURES
        ):
            raise ModelError(f"{folder / 'linker.npz'} does not fit this version of PressLens")
        self.source_threshold = float(meta.get("source_threshold", 0.5))
        self.window_tokens = int(meta.get("window_tokens", 128))
        self.content_threshold = float(meta.get("content_threshold", 0.0))
        self.keep_uncued = str(meta.get("keep_uncued", "all"))
        self.parse_fallback = bool(meta.get("parse_fallback", False))
        self.role_weights = np.asarray(meta.get("role_weights", [1.0, 1.0, 1.0, 1.0]), dtype=np.float32)
        self.session = onnx_session(folder / "tagger.onnx", threads)
        self.cue_gate = cue_gate()
        #: Cue counts of the clause columns a tagger trained with them reads (None: it does not).
        self.clause_counts: dict[str, list[int]] | None = None
        clause = meta.get("clause_features")
        if clause:
            counts = shipped_lexicon()["cues"]
            same_counts = clause.get("counts_sha256") == counts_sha256(counts)
            if int(clause.get("width", 0)) != CLAUSE_WIDTH or not same_counts:
                raise ModelError(
                    f"{folder}: the tagger was trained on other clause columns or cue counts ({clause}) "
                    "than this PressLens computes"
                )
            self.clause_counts = counts
        encoder = meta.get("encoder")
        if encoder:
            from presslens.rhetoric.runtime import METADATA_SHA256, get_model

            if encoder.get("metadata_sha256") != METADATA_SHA256:
                raise ModelError(
                    f"{folder}: the tagger was trained on the states of another rhetoric model "
                    f"({encoder.get('metadata_sha256')}, this PressLens ships {METADATA_SHA256})"
                )
            self.encoder = get_model()

    @classmethod
    def load(
        cls, folder: Path | None = None, threads: int = 1, metadata_sha256: str | None = METADATA_SHA256
    ) -> AttributionModel:
        """Verify and load the artifact in ``folder`` (default: the shipped one)."""
        folder = Path(folder) if folder is not None else MODEL_DIR
        return cls(folder, verify_artifact(folder, metadata_sha256), threads)

    def tag_probs(self, feats: Features, states: np.ndarray | None = None) -> np.ndarray:
        """Per-token tag probabilities [N, len(LABELS)], one window of paragraphs at a time (no
        padding, exactly as in training; one padded batch measured slower with ONNX Runtime's LSTM).
        ``states``: the pooled encoder states [N, 384] a tagger trained on them needs."""
        logits = np.zeros((feats.ids.shape[0], len(LABELS)), dtype=np.float32)
        for s, e in windows(feats.para, self.window_tokens):
            inputs = {
                "ids": feats.ids[None, s:e],
                "nums": feats.nums[None, s:e],
                "lengths": np.array([e - s], dtype=np.int32),
            }
            if states is not None:
                inputs["states"] = states[None, s:e]
            logits[s:e] = self.session.run(None, inputs)[0][0]
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        return probs / probs.sum(axis=1, keepdims=True)

    def __call__(self, doc: Doc, text: str | None = None) -> list[Found]:
        """The attributions of a parsed article (``text``: the doc's text, when at hand)."""
        if len(doc) == 0:
            return []
        text = doc.text if text is None else text
        feats = self.features(doc, text)
        states = doc_states(doc, text, self.encoder) if self.encoder is not None else None
        return self.found(doc, feats, self.tag_probs(feats, states), feats.space, text)

    def features(self, doc: Doc, text: str | None = None) -> Features:
        """The tagger's input features of ``doc``: the parse's, and the clause columns when the
        tagger was trained with them."""
        feats = extract(doc, self.vocab, text)
        if self.clause_counts is not None:
            feats.nums = np.concatenate([feats.nums, doc_columns(doc, self.clause_counts)], axis=1)
        return feats

    def found(
        self, doc: Doc, feats: Features, probs: np.ndarray, skip: np.ndarray, text: str | None = None
    ) -> list[Found]:
        """Attributions from tag probabilities (split out so that evaluation can reuse probabilities)."""
        text = doc.text if text is None else text
        _ctx, _pieces, items = self.linked(doc, feats, probs, skip, text)
        return self.finish(doc, text, items)

    def linked(
        self, doc: Doc, feats: Features, probs: np.ndarray, skip: np.ndarray, text: str
    ) -> tuple[A.PairContext, list[A.Piece], list[A.Assembled]]:
        """The tagged pieces and the attributions they link into, in token terms."""
        pieces = complete_phrases(doc, text, feats, pieces_of(feats, probs, skip, self.role_weights))
        ctx = A.context_of(doc, feats, pieces, text)
        items = A.assemble(
            ctx,
            pieces,
            self.content_weights,
            self.source_weights,
            self.source_threshold,
            self.content_threshold,
            self.keep_uncued,
            self.parse_fallback,
        )
        return ctx, pieces, items

    def finish(self, doc: Doc, text: str, items: list[A.Assembled]) -> list[Found]:
        """Linked attributions through the cue gate, as character spans with a kind."""
        out: list[Found] = []
        for item in items:
            content = [char_span(doc, p.first, p.last) for p in sorted(item.contents, key=lambda p: p.first)]
            confidence = min(p.confidence for p in item.contents) * item.link_confidence
            if item.cue is not None:
                confidence *= item.cue.confidence
                if self.cue_gate is not None and not self.cue_gate.keeps(doc[item.cue.root], confidence):
                    if not (self.cue_gate.quoted_stay and holds_quote(text, content)):
                        continue
                    item.cue = item.source = None  # quoted words stay, unattributed (as uncued ones)
            source = char_span(doc, item.source.first, item.source.last) if item.source else None
            cue = char_span(doc, item.cue.first, item.cue.last) if item.cue else None
            kind = kind_of(text, content, [source] if source else None, [cue] if cue else None)
            out.append(
                Found(
                    content,
                    source,
                    cue,
                    kind,
                    round(confidence, 4),
                    item.source.confidence if item.source else None,
                )
            )
        return out


def pieces_of(
    feats: Features, probs: np.ndarray, skip: np.ndarray, weights: np.ndarray | None = None
) -> list[A.Piece]:
    """The tagged spans of an article as pieces (role, tokens, root, paragraph, mean confidence).

    A cue span without a verb that hangs from the cue just before it, at most `CUE_GAP` untagged
    tokens and no punctuation away, is part of it ("said on Monday" tagged as "said" and "Monday"):
    otherwise a content could link to the time adverb. ("said, citing" stays two cues: PolNeAR
    makes "citing ..." an attribution of its own.)
    """
    spans = spans_of(decode(probs, skip, weights), skip)
    merged: list[tuple[str, int, int]] = []
    for role, first, last in spans:
        if (
            merged
            and role == "cue"
            and merged[-1][0] == "cue"
            and first - merged[-1][2] <= CUE_GAP
            and not np.isin(feats.pos[merged[-1][2] : last], _VERB_OR_PUNCT).any()
            and A.dominated(
                feats.heads, A.span_root(feats.heads, *merged[-1][1:]), A.span_root(feats.heads, first, last)
            )
        ):
            merged[-1] = ("cue", merged[-1][1], last)
        else:
            merged.append((role, first, last))
    pieces = []
    for role, first, last in _split_at_paragraphs(merged, feats.para, skip):
        conf = float(probs[first:last].max(axis=1).mean())
        root = A.span_root(feats.heads, first, last)
        pieces.append(A.Piece(role, first, last, root, int(feats.para[root]), conf))
    return pieces


def complete_phrases(doc: Doc, text: str, feats: Features, pieces: list[A.Piece]) -> list[A.Piece]:
    """Content pieces that end on a word opening a phrase, run on to the end of that phrase.

    The tagger may stop a content one word short: "Cases have doubled in a [week], the WHO said" was
    content "Cases have doubled in a" (the date word "week" tagged O). A reported clause never ends on a
    determiner, a possessive pronoun or a preposition (`OPENING_POS`, `OPENING_TAGS`), so such a piece
    takes the rest of the phrase: a preposition's subtree, or the noun a determiner belongs to, when
    every added token is untagged, in the piece's sentence and paragraph, and neither punctuation nor
    space. A content holding a quotation mark is left as the marks cut it. (Issue 10, session 10's user
    check; spans never count in PolNeAR's overlap scoring, so no figure rests on the end word.)"""
    taken = {i for p in pieces for i in range(p.first, p.last)}
    for piece in pieces:
        if piece.role != "content":
            continue
        last = doc[piece.last - 1]
        if last.pos_ not in OPENING_POS and last.tag_ not in OPENING_TAGS:
            continue
        if holds_quote(text, [(doc[piece.first].idx, last.idx + len(last.text))]):
            continue
        end = last.right_edge.i if last.pos_ == "ADP" else last.head.i
        if end <= last.i:
            continue
        added = doc[last.i + 1 : end + 1]
        if any(
            t.i in taken or t.is_punct or t.is_space or t.is_sent_start or feats.para[t.i] != piece.para
            for t in added
        ):
            continue
        piece.last = end + 1
        piece.root = A.span_root(feats.heads, piece.first, piece.last)
        taken.update(range(last.i + 1, end + 1))
    return pieces


def _split_at_paragraphs(
    spans: list[tuple[str, int, int]], para: np.ndarray, skip: np.ndarray
) -> list[tuple[str, int, int]]:
    """No span runs over a line break: a source or cue never does, and a content that does becomes
    two pieces (linked to the same cue, they stay one attribution)."""
    out = []
    for role, first, last in spans:
        if para[first] == para[last - 1]:
            out.append((role, first, last))
            continue
        start = first
        for i in range(first + 1, last):
            if para[i] != para[i - 1]:
                end = i
                while end > start and skip[end - 1]:
                    end -= 1
                if end > start:
                    out.append((role, start, end))
                start = i
                while start < last and skip[start]:
                    start += 1
        if start < last:
            out.append((role, start, last))
    return out


def char_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Characters of tokens ``[first, last)``, without trailing whitespace."""
    end_tok = doc[last - 1]
    return doc[first].idx, end_tok.idx + len(end_tok.text)


@lru_cache(maxsize=1)
def shipped_model() -> AttributionModel:
    """The shipped, verified model, loaded once per process."""
    return AttributionModel.load()


__all__ = ["ROLES", "AttributionModel", "Found", "shipped_model", "verify_artifact"]
