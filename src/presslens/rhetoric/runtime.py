"""Run the shipped techniques/genre/frames model with onnxruntime + tokenizers (no PyTorch).

Why the checks: the artifact is a few binary files that decide what PressLens tells a journalist
about an article, so a truncated download or a hand-edited threshold must fail loudly, not
silently change results. `metadata.json` lists the sha256 of every other file, and its own sha256
is pinned below (updated by whoever ships a retrained model).

Inference: the article is cut into the same line-packed windows as in training
(`presslens.rhetoric.data.encode_article`); each window runs once at its exact length (no
padding), and the encoder's hidden states give
- line scores: the line model (TF-IDF of the line's words + the mean of its hidden states; the mix
  with the line head and token maxima is in the metadata), thresholded per technique ->
  per-paragraph predictions;
- inside those paragraphs, span-head probabilities of each token (numpy MLP over the token's and its
  line's hidden states) -> technique spans, merged over consecutive tokens;
- a document vector (mean of all hidden states) -> genre (softmax) and frames (sigmoids).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from presslens.errors import ModelError
from presslens.rhetoric import data as D

MODEL_DIR = Path(__file__).resolve().parent / "model"
ARTIFACT_FILES = ("model.onnx", "tokenizer.json", "heads.npz")
VERSION = "techniques.v1"
#: sha256 of the shipped model/metadata.json; metadata.json pins every other artifact file.
METADATA_SHA256 = "94411d4a6ec24b24a194c37fb904c5c82205af08a36d84499f04f6e936ffd6cb"


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def verify_artifact(folder: Path, metadata_sha256: str | None = METADATA_SHA256) -> dict[str, Any]:
    """Check every artifact file against the metadata (and the metadata against the pin); return it."""
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        raise ModelError(f"rhetoric model metadata missing: {meta_path}")
    if metadata_sha256 is not None:
        got = D.sha256_file(meta_path)
        if got != metadata_sha256:
            raise ModelError(
                f"{meta_path} has sha256 {got[:12]}..., expected {metadata_sha256[:12]}...: "
                "the rhetoric model was modified or is incomplete"
            )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{meta_path} is not valid JSON: {exc}") from None
    files = meta.get("files", {})
    for name in ARTIFACT_FILES:
        path = folder / name
        if not path.is_file():
            raise ModelError(f"rhetoric model file missing: {path}")
        if name not in files:
            raise ModelError(f"{meta_path} does not list the sha256 of {name}")
        got = D.sha256_file(path)
        if got != files[name]:
            raise ModelError(
                f"{path} has sha256 {got[:12]}..., expected {files[name][:12]}...: "
                "the rhetoric model was modified or is incomplete"
            )
    return meta


@dataclass(slots=True)
class Raw:
    """Threshold-free model outputs for one article."""

    encoded: D.Encoded
    token_probs: list[np.ndarray]  # per window [T, 23]
    line_head: np.ndarray  # [n_lines, 23] (0 for lines without tokens)
    token_max: np.ndarray  # [n_lines, 23]
    has_tokens: np.ndarray  # [n_lines] bool
    doc_vec: np.ndarray  # [hidden]
    line_pooled: np.ndarray | None = None  # [n_lines, hidden] mean hidden state of each line
    #: every article token inside a line, in text order: char offsets [N, 2], line index [N],
    #: hidden state [N, hidden] (what the span head reads)
    token_offsets: np.ndarray | None = None
    token_line: np.ndarray | None = None
    token_hidden: np.ndarray | None = None


@dataclass(slots=True)
class Prediction:
    """Everything the model says about one article, thresholds applied."""

    spans: list[dict[str, Any]] = field(default_factory=list)  # {label, start, end, confidence}
    lines: list[dict[str, Any]] = field(default_factory=list)  # {line, start, end, techniques}
    genre: dict[str, Any] | None = None
    frames: list[dict[str, Any]] = field(default_factory=list)


class RhetoricModel:
    """An ONNX encoder with token head, plus numpy line/genre/frame heads and tuned thresholds."""

    def __init__(
        self, folder: Path, meta: dict[str, Any], heads: dict[str, np.ndarray], threads: int = 1
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.folder = folder
        self.meta = meta
        self.heads = heads
        self._vocab_cache: dict[str, int] | None = None
        self.max_len = int(meta.get("max_len", 256))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = ort.InferenceSession(
                str(folder / "model.onnx"), opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"cannot load {folder / 'model.onnx'}: {exc}") from None

    @classmethod
    def load(
        cls, folder: Path | None = None, threads: int = 1, metadata_sha256: str | None = METADATA_SHA256
    ) -> RhetoricModel:
        """Verify and load the artifact in ``folder`` (default: the shipped one)."""
        folder = Path(folder) if folder is not None else MODEL_DIR
        meta = verify_artifact(folder, metadata_sha256)
        if meta.get("version") != VERSION:
            raise ModelError(f"{folder}: model version {meta.get('version')!r}, expected {VERSION!r}")
        with np.load(folder / "heads.npz", allow_pickle=False) as npz:
            heads = {k: npz[k] for k in npz.files}
        return cls(folder, meta, heads, threads)

    def thresholds(self, key: str, dtype: type = np.float32) -> np.ndarray:
        """``meta[key]`` ("line_thresholds" or "span_thresholds") as a [23] array in technique order."""
        return np.array([self.meta[key][t] for t in D.TECHNIQUES], dtype)

    # -- threshold-free outputs ------------------------------------------------------------
    def raw(self, text: str) -> Raw:
        enc = D.encode_article(self.tokenizer, text, self.max_len)
        n_lines = len(enc.lines)
        hidden_size = int(self.heads["line_weight"].shape[1])
        line_sum = np.zeros((n_lines, hidden_size), np.float32)
        line_cnt = np.zeros(n_lines, np.float32)
        token_max = np.zeros((n_lines, len(D.TECHNIQUES)), np.float32)
        doc_sum = np.zeros(hidden_size, np.float32)
        doc_cnt = 0
        token_probs = []
        tok_hidden, tok_offsets, tok_line = [], [], []
        for win in enc.windows:
            ids = win.ids[None, :]
            logits, hidden = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            probs = _sigmoid(logits[0])
            token_probs.append(probs)
            hid = hidden[0]
            for line, s, e in win.segments:
                line_sum[line] += hid[s:e].sum(0)
                line_cnt[line] += e - s
                token_max[line] = np.maximum(token_max[line], probs[s:e].max(0))
                tok_hidden.append(hid[s:e])
                tok_offsets.append(win.offsets[s:e])
                tok_line.append(np.full(e - s, line, np.int64))
            doc_sum += hid[1:-1].sum(0)
            doc_cnt += len(win.ids) - 2
        has = line_cnt > 0
        pooled = line_sum / np.maximum(line_cnt, 1)[:, None]
        line_head = _sigmoid(pooled @ self.heads["line_weight"].T + self.heads["line_bias"]) * has[:, None]
        doc_vec = doc_sum / max(doc_cnt, 1)
        cat = lambda parts, shape, dtype: np.concatenate(parts) if parts else np.zeros(shape, dtype)  # noqa: E731
        return Raw(
            enc,
            token_probs,
            line_head.astype(np.float32),
            token_max,
            has,
            doc_vec,
            pooled.astype(np.float32),
            cat(tok_offsets, (0, 2), np.int64),
            cat(tok_line, (0,), np.int64),
            cat(tok_hidden, (0, hidden_size), np.float32),
        )

    def span_probs(self, raw: Raw, tokens: np.ndarray | None = None) -> np.ndarray:
        """[N, 23] probability that each article token (or each of ``tokens``) lies inside a span
        of each technique.

        The span head is a small MLP over [the token's hidden state, its line's mean hidden state],
        standardised, with a tanh-GELU hidden layer; trained on the gold spans of the ``fit`` articles
        (`presslens_train.rhetoric.fit`). The standardisation is folded into the first layer, and the line
        half of it is computed once per line, not once per token.
        """
        if tokens is None:
            tokens = np.arange(len(raw.token_line))
        if not len(tokens):
            return np.zeros((0, len(D.TECHNIQUES)), np.float32)
        w_tok, w_line, bias = self._span_first_layer()
        lines = raw.token_line[tokens]
        used = np.unique(lines)
        per_line = np.zeros((len(raw.line_pooled), w_line.shape[0]), np.float32)
        per_line[used] = raw.line_pooled[used] @ w_line.T
        x_tok = token_context_features(raw, int(self.meta.get("span_context", 0)), tokens)
        z = x_tok @ w_tok.T + per_line[lines] + bias
        z = 0.5 * z * (1.0 + np.tanh(0.7978845608 * (z + 0.044715 * z * z * z)))  # GELU, tanh form
        return _sigmoid(z @ self.heads["span_w2"].T + self.heads["span_b2"]).astype(np.float32)

    def _span_first_layer(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The span head's first layer with the input standardisation folded in, split into the
        token part (the token and its neighbours) and the line part (the last hidden-size columns)."""
        cached = getattr(self, "_span_cache", None)
        if cached is None:
            h = self.heads
            w = h["span_w1"] / h["span_scale"][None, :]
            bias = h["span_b1"] - w @ h["span_mean"]
            split = w.shape[1] - h["line_weight"].shape[1]  # input = [token part, line mean state]
            cached = (
                np.ascontiguousarray(w[:, :split], np.float32),
                np.ascontiguousarray(w[:, split:], np.float32),
                bias.astype(np.float32),
            )
            self._span_cache = cached
        return cached

    def technique_spans(
        self, raw: Raw, scores: np.ndarray, thr: np.ndarray, fallback: bool | None = None
    ) -> list[dict[str, Any]]:
        """Spans of every technique predicted in a paragraph, from the span head.

        Within a paragraph the line model marks with technique t, the runs of tokens whose span
        probability for t reaches t's span threshold become spans (widened to whole words), with
        the run's mean probability as confidence. Tokens outside predicted paragraphs never make a
        span: the span head alone fires on too much (in a prototype on the tune articles, char-F1 0.13
        without this gate, 0.15 with it).
        When no token of the paragraph qualifies and ``fallback`` is on (``meta["span_fallback"]``,
        chosen on the tune articles), the paragraph's evidence words stand in.
        """
        if "span_w1" not in self.heads:
            return self.evidence_spans(raw, scores, thr)
        if fallback is None:
            fallback = bool(self.meta.get("span_fallback", False))
        span_thr = self.thresholds("span_thresholds")
        marked = ((scores >= thr).any(1) & raw.has_tokens)[raw.token_line]
        probs = np.zeros((len(raw.token_line), len(D.TECHNIQUES)), np.float32)
        probs[marked] = self.span_probs(raw, np.flatnonzero(marked))  # only paragraphs that need it
        text = raw.encoded.text
        found: list[dict[str, Any]] = []
        missing: set[tuple[int, int]] = set()
        for idx in range(len(raw.encoded.lines)):
            hits = np.flatnonzero(scores[idx] >= thr) if raw.has_tokens[idx] else ()
            if not len(hits):
                continue
            toks = np.flatnonzero(raw.token_line == idx)
            for k in hits:
                chosen = toks[probs[toks, k] >= span_thr[k]]
                if not len(chosen):
                    missing.add((idx, int(k)))
                    continue
                for run in np.split(chosen, np.flatnonzero(np.diff(chosen) > 1) + 1):
                    start, end = _whole_words(
                        text, int(raw.token_offsets[run[0], 0]), int(raw.token_offsets[run[-1], 1])
                    )
                    found.append(
                        {
                            "label": D.TECHNIQUES[k],
                            "start": start,
                            "end": end,
                            "confidence": round(float(probs[run, k].mean()), 4),
                        }
                    )
        if fallback and missing:
            only = np.zeros_like(scores, dtype=bool)
            for idx, k in missing:
                only[idx, k] = True
            found += self.evidence_spans(raw, np.where(only, scores, -1.0), thr)
        return _merge_pieces(found)

    def line_scores(self, raw: Raw) -> np.ndarray:
        """[n_lines, 23] line scores: a weighted mix of the line model, the line head and token maxima.

        ``meta["line_mix"]`` holds the weights ``{"lines": a, "line_head": b, "token_max": c}``
        chosen on the tune articles; "lines" is the lexical + pooled-encoder logistic regression.
        """
        mix = self.meta.get("line_mix", {"line_head": 1.0})
        out = mix.get("line_head", 0.0) * raw.line_head + mix.get("token_max", 0.0) * raw.token_max
        if mix.get("lines", 0.0):
            out = out + mix["lines"] * self.line_model(raw)
        return out * raw.has_tokens[:, None]

    def line_model(self, raw: Raw) -> np.ndarray:
        """Per-technique logistic regression over [TF-IDF of the line's words, its mean hidden state]."""
        h = self.heads
        x_tfidf = tfidf_rows(
            [raw.encoded.text[s:e] for s, e in raw.encoded.lines], self._vocab(), h["tfidf_idf"]
        )
        z = (raw.line_pooled - h["lines_mean"]) / h["lines_scale"] * float(h["lines_dense_factor"])
        logits = x_tfidf @ h["lines_weight_tfidf"].T + z @ h["lines_weight_dense"].T + h["lines_bias"]
        return _sigmoid(logits).astype(np.float32)

    def _vocab(self) -> dict[str, int]:
        vocab = getattr(self, "_vocab_cache", None)
        if vocab is None:
            vocab = {term: i for i, term in enumerate(self.heads["tfidf_vocab"].tolist())}
            self._vocab_cache = vocab
        return vocab

    def _doc_features(self, raw: Raw) -> tuple[np.ndarray, np.ndarray | None]:
        """Standardised mean hidden state, and the article's TF-IDF vector when a head uses it."""
        x = (raw.doc_vec - self.heads["doc_mean"]) / self.heads["doc_scale"]
        if "genre_weight_tfidf" in self.heads or "frames_weight_tfidf" in self.heads:
            return x, tfidf_rows([raw.encoded.text], self._vocab(), self.heads["tfidf_idf"])[0]
        return x, None

    def _doc_logits(self, prefix: str, raw: Raw) -> np.ndarray:
        x, tf = self._doc_features(raw)
        z = x @ self.heads[f"{prefix}_weight"].T + self.heads[f"{prefix}_bias"]
        if f"{prefix}_weight_tfidf" in self.heads:
            z = z + tf @ self.heads[f"{prefix}_weight_tfidf"].T
        return z

    def genre_scores(self, raw: Raw) -> np.ndarray | None:
        """Softmax over opinion / reporting / satire (None when the artifact has no genre head)."""
        if "genre_weight" not in self.heads:
            return None
        z = self._doc_logits("genre", raw)
        z = np.exp(z - z.max())
        return z / z.sum()

    def frame_scores(self, raw: Raw) -> np.ndarray | None:
        """Independent sigmoids for the 14 frames (None when the artifact has no frame head)."""
        if "frames_weight" not in self.heads:
            return None
        return _sigmoid(self._doc_logits("frames", raw))

    # -- thresholded prediction ------------------------------------------------------------
    def predict(self, text: str) -> Prediction:
        raw = self.raw(text)
        out = Prediction()
        line_thr = self.thresholds("line_thresholds")
        scores = self.line_scores(raw)
        for idx, (start, end) in enumerate(raw.encoded.lines):
            if not raw.has_tokens[idx]:
                continue
            hits = np.flatnonzero(scores[idx] >= line_thr)
            techs = sorted(
                ({"label": D.TECHNIQUES[k], "score": round(float(scores[idx, k]), 4)} for k in hits),
                key=lambda x: -x["score"],
            )
            out.lines.append({"line": idx + 1, "start": start, "end": end, "techniques": techs})
        uses_lines = bool(self.meta.get("line_mix", {}).get("lines")) and "lines_weight_tfidf" in self.heads
        out.spans = self.technique_spans(raw, scores, line_thr) if uses_lines else self.spans(raw)
        genre = self.genre_scores(raw)
        if genre is not None:
            best = int(np.argmax(genre))
            out.genre = {
                "label": D.GENRES[best],
                "scores": {g: round(float(p), 4) for g, p in zip(D.GENRES, genre, strict=True)},
            }
        frames = self.frame_scores(raw)
        if frames is not None:
            thr = self.meta["frame_thresholds"]
            chosen = [
                {"label": f, "score": round(float(p), 4)}
                for f, p in zip(D.FRAMES, frames, strict=True)
                if p >= thr[f]
            ]
            out.frames = sorted(chosen, key=lambda x: -x["score"])
        return out

    def evidence_spans(self, raw: Raw, scores: np.ndarray, thr: np.ndarray) -> list[dict[str, Any]]:
        """For each technique predicted in a paragraph, the words of it that the line model weighs most.

        Candidates are the paragraph's words and word pairs whose coefficient x idf for that technique
        is among the top 2% of the vocabulary's, leaving out terms found in more than 2% of training
        lines (so "the", "with" never qualify); the best three
        become spans (adjacent ones merged), with the paragraph's score as confidence. When no word
        qualifies (the encoder features decided), the whole paragraph is the span.
        """
        vocab, weights = self._vocab(), self._evidence_weights()
        cut = self._coef_cut()
        found: list[dict[str, Any]] = []
        for idx, (start, end) in enumerate(raw.encoded.lines):
            hits = np.flatnonzero(scores[idx] >= thr) if raw.has_tokens[idx] else ()
            if not len(hits):
                continue
            line = raw.encoded.text[start:end]
            words = list(_TFIDF_TOKEN.finditer(line))
            grams = [(i, i, vocab.get(m.group(0).lower())) for i, m in enumerate(words)]
            grams += [
                (i, i + 1, vocab.get(f"{a.group(0).lower()} {b.group(0).lower()}"))
                for i, (a, b) in enumerate(zip(words, words[1:], strict=False))
            ]
            grams = [g for g in grams if g[2] is not None]
            for k in hits:
                conf = float(scores[idx, k])
                best = sorted(
                    (g for g in grams if weights[k, g[2]] >= cut[k]), key=lambda g: -weights[k, g[2]]
                )[:3]
                if not best:
                    found.append({"label": D.TECHNIQUES[k], "start": start, "end": end, "confidence": conf})
                    continue
                chosen = sorted({i for a, b, _ in best for i in range(a, b + 1)})
                runs = np.split(np.array(chosen), np.flatnonzero(np.diff(chosen) > 1) + 1)
                for run in runs:
                    found.append(
                        {
                            "label": D.TECHNIQUES[k],
                            "start": start + words[int(run[0])].start(),
                            "end": start + words[int(run[-1])].end(),
                            "confidence": conf,
                        }
                    )
        found.sort(key=lambda x: (x["start"], x["end"], x["label"]))
        return found

    def _evidence_weights(self) -> np.ndarray:
        """Coefficient x idf: how much one occurrence of a term moves a technique's score."""
        ew = getattr(self, "_ew_cache", None)
        if ew is None:
            idf = self.heads["tfidf_idf"]
            # terms in more than 2% of training lines (the, with, their...) are never evidence
            ew = self.heads["lines_weight_tfidf"] * idf[None, :] * (idf >= 1.0 + np.log(50.0))[None, :]
            self._ew_cache = ew
        return ew

    def _coef_cut(self) -> np.ndarray:
        cut = getattr(self, "_cut_cache", None)
        if cut is None:
            cut = np.maximum(np.percentile(self._evidence_weights(), 98, axis=1), 1e-6)
            self._cut_cache = cut
        return cut

    def spans(self, raw: Raw) -> list[dict[str, Any]]:
        """Technique spans: runs of consecutive tokens of one line above the technique's span threshold."""
        thr = self.thresholds("span_thresholds")
        found = []
        for win, probs in zip(raw.encoded.windows, raw.token_probs, strict=True):
            for _, s, e in win.segments:
                above = probs[s:e] >= thr
                for k in np.flatnonzero(above.any(0)):
                    col = np.concatenate(([False], above[:, k], [False])).astype(np.int8)
                    edges = np.flatnonzero(np.diff(col))
                    for a, b in zip(edges[::2], edges[1::2], strict=True):
                        start, end = _whole_words(
                            raw.encoded.text, int(win.offsets[s + a, 0]), int(win.offsets[s + b - 1, 1])
                        )
                        found.append(
                            {
                                "label": D.TECHNIQUES[k],
                                "start": start,
                                "end": end,
                                "confidence": float(probs[s + a : s + b, k].mean()),
                            }
                        )
        return _merge_pieces(found)


_TFIDF_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def token_context_features(raw: Raw, context: int, tokens: np.ndarray | None = None) -> np.ndarray:
    """The token part of the span head's input: [token, its neighbours -1, +1 (... -c, +c)].

    Each token's hidden state, then those of the ``context`` tokens before and after it in the same
    line (order -1, +1, -2, +2...); a neighbour past the line's ends is zeros. Training
    (`presslens_train.rhetoric.fit`) and run time build it here, so the two cannot drift apart.
    """
    if tokens is None:
        tokens = np.arange(len(raw.token_line))
    parts = [raw.token_hidden[tokens]]
    last = len(raw.token_line) - 1
    for distance in range(1, context + 1):
        for step in (-distance, distance):
            j = np.clip(tokens + step, 0, max(last, 0))
            inside = (tokens + step >= 0) & (tokens + step <= last)
            same = inside & (raw.token_line[j] == raw.token_line[tokens])
            parts.append(raw.token_hidden[j] * same[:, None])
    return np.hstack(parts) if len(parts) > 1 else parts[0]


def tfidf_rows(texts: list[str], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Dense TF-IDF rows exactly as scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2),
    sublinear_tf=True)`` computes them (lower-cased, default token pattern, l2-normalised),
    so the runtime needs numpy only."""
    out = np.zeros((len(texts), len(idf)), np.float32)
    for row, text in enumerate(texts):
        words = _TFIDF_TOKEN.findall(text.lower())
        counts: dict[int, int] = {}
        for gram in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
            j = vocab.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if counts:
            idx = np.fromiter(counts, np.int64)
            vals = (1.0 + np.log(np.fromiter(counts.values(), np.float64))) * idf[idx]
            out[row, idx] = vals / np.linalg.norm(vals)
    return out


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span cut inside a word (a run starting or ending on a ``##`` piece) to whole words."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _merge_pieces(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join spans of one technique that touch or overlap (a long line cut across two windows)."""
    spans.sort(key=lambda x: (x["label"], x["start"], x["end"]))
    merged: list[dict[str, Any]] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last and last["label"] == span["label"] and span["start"] <= last["end"] + 1:
            last["confidence"] = (last["confidence"] + span["confidence"]) / 2
            last["end"] = max(last["end"], span["end"])
        else:
            merged.append(dict(span))
    merged.sort(key=lambda x: (x["start"], x["end"], x["label"]))
    return merged


def default_threads() -> int:
    """Intra-op threads per process: PRESSLENS_RHETORIC_THREADS, default 1 (the pipeline runs 2 processes)."""
    try:
        return max(1, int(os.environ.get("PRESSLENS_RHETORIC_THREADS", "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=2)
def get_model(threads: int | None = None) -> RhetoricModel:
    """The shipped model, loaded and verified once per process."""
    return RhetoricModel.load(MODEL_DIR, threads or default_threads())
