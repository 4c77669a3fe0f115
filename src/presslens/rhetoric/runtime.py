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

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from presslens import artifacts
from presslens.artifacts import onnx_session
from presslens.rhetoric import data as D

MODEL_DIR = Path(__file__).resolve().parent / "model"
ARTIFACT_FILES = ("model.onnx", "tokenizer.json", "heads.npz")
VERSION = "techniques.v1"
#: sha256 of the shipped model/metadata.json; metadata.json pins every other artifact file.
METADATA_SHA256 = "3a2b58f4f8b808cc85183ba67308498d101b0a2798bea10b04bce06428bf6e7f"


#: Lines, and tokens, whose features are built and multiplied at once: bounds the memory a long
#: article takes (about 30 MB and 20 MB a block) without changing a score.
LINE_BLOCK = 256
TOKEN_BLOCK = 4096


def row_blocks(rows: int, size: int) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` covering ``range(rows)`` in blocks of ``size`` rows.

    A last block of one row joins the block before it: NumPy multiplies a one-row matrix with
    another BLAS routine (gemv), whose sums may differ from gemm's in the last bit, and a block
    must give exactly the scores the whole matrix gave.
    """
    starts = list(range(0, rows, size))
    if len(starts) > 1 and rows - starts[-1] == 1:
        starts.pop()
    return [(a, starts[i + 1] if i + 1 < len(starts) else rows) for i, a in enumerate(starts)]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def verify_artifact(folder: Path, metadata_sha256: str | None = METADATA_SHA256) -> dict[str, Any]:
    """Check every artifact file against the metadata (and the metadata against the pin); return it."""
    return artifacts.verify_artifact(folder, ARTIFACT_FILES, "rhetoric model", metadata_sha256, VERSION)


@dataclass(slots=True)
class Raw:
    """Threshold-free encoder outputs for one article: what every head reads."""

    encoded: D.Encoded
    has_tokens: np.ndarray  # [n_lines] bool
    doc_vec: np.ndarray  # [hidden] mean hidden state of every token
    line_pooled: np.ndarray  # [n_lines, hidden] mean hidden state of each line
    #: every article token inside a line, in text order: char offsets [N, 2], line index [N],
    #: hidden state [N, hidden] (what the span head reads)
    token_offsets: np.ndarray
    token_line: np.ndarray
    token_hidden: np.ndarray


def raw_from_hidden(enc: D.Encoded, hiddens: Iterable[np.ndarray]) -> Raw:
    """Pool the hidden states of each window of ``enc`` ([T, hidden], [CLS] and [SEP] included) into
    a `Raw`. Training and run time both build their features here, so they cannot drift apart.

    ``hiddens`` may be an iterator (`RhetoricModel.raw` passes one): each window's states are copied
    into the token matrix as they come and then dropped, so a long article's states are held once,
    not twice (77 MB for the 50,000 wordpieces of a 200,000-character article).
    """
    n_lines = len(enc.lines)
    n_tokens = sum(e - s for win in enc.windows for _, s, e in win.segments)
    line_sum = line_cnt = doc_sum = tok_hidden = None
    tok_offsets = np.zeros((n_tokens, 2), np.int64)
    tok_line = np.zeros(n_tokens, np.int64)
    doc_cnt = filled = 0
    for win, hid in zip(enc.windows, hiddens, strict=True):
        hid = np.asarray(hid, np.float32)
        if tok_hidden is None:  # the hidden size comes with the first window
            size = int(hid.shape[-1])
            line_sum = np.zeros((n_lines, size), np.float32)
            line_cnt = np.zeros(n_lines, np.float32)
            doc_sum = np.zeros(size, np.float32)
            tok_hidden = np.zeros((n_tokens, size), np.float32)
        for line, s, e in win.segments:
            line_sum[line] += hid[s:e].sum(0)
            line_cnt[line] += e - s
            end = filled + e - s
            tok_hidden[filled:end] = hid[s:e]
            tok_offsets[filled:end] = win.offsets[s:e]
            tok_line[filled:end] = line
            filled = end
        doc_sum += hid[1:-1].sum(0)
        doc_cnt += len(win.ids) - 2
    if tok_hidden is None:  # no window: an article without a token
        line_sum = np.zeros((n_lines, 1), np.float32)
        line_cnt = np.zeros(n_lines, np.float32)
        doc_sum = np.zeros(1, np.float32)
        tok_hidden = np.zeros((0, 1), np.float32)
    has = line_cnt > 0
    return Raw(
        enc,
        has,
        doc_sum / max(doc_cnt, 1),
        (line_sum / np.maximum(line_cnt, 1)[:, None]).astype(np.float32),
        tok_offsets,
        tok_line,
        tok_hidden,
    )


@dataclass(slots=True)
class Prediction:
    """Everything the model says about one article, thresholds applied."""

    spans: list[dict[str, Any]] = field(default_factory=list)  # {label, start, end, confidence, shown}
    #: {line, start, end, techniques: [{label, score, confidence, shown}]}
    lines: list[dict[str, Any]] = field(default_factory=list)
    genre: dict[str, Any] | None = None
    frames: list[dict[str, Any]] = field(default_factory=list)


class RhetoricModel:
    """An int8 ONNX encoder, plus numpy heads (line model, calibration, span head, genre, frames)."""

    def __init__(
        self, folder: Path, meta: dict[str, Any], heads: dict[str, np.ndarray], threads: int = 1
    ) -> None:
        from tokenizers import Tokenizer

        self.folder = folder
        self.meta = meta
        self.heads = heads
        self._vocab_cache: dict[str, int] | None = None
        self._last: tuple[str, Raw] | None = None
        self.max_len = int(meta.get("max_len", 256))
        self.output = str(meta.get("onnx_output", "hidden"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.session = onnx_session(folder / "model.onnx", threads)

    @classmethod
    def load(
        cls, folder: Path | None = None, threads: int = 1, metadata_sha256: str | None = METADATA_SHA256
    ) -> RhetoricModel:
        """Verify and load the artifact in ``folder`` (default: the shipped one)."""
        folder = Path(folder) if folder is not None else MODEL_DIR
        meta = verify_artifact(folder, metadata_sha256)
        with np.load(folder / "heads.npz", allow_pickle=False) as npz:
            heads = {k: npz[k] for k in npz.files}
        return cls(folder, meta, heads, threads)

    def thresholds(self, key: str, dtype: type = np.float32) -> np.ndarray:
        """``meta[key]`` (e.g. "line_thresholds", "span_thresholds") as a [23] array in technique order."""
        return np.array([self.meta[key][t] for t in D.TECHNIQUES], dtype)

    # -- encoder -----------------------------------------------------------------------------
    def hidden_states(self, encoded: D.Encoded) -> list[np.ndarray]:
        """The encoder's last hidden states of each window of ``encoded`` ([T, hidden] each)."""
        return list(self.iter_hidden_states(encoded))

    def iter_hidden_states(self, encoded: D.Encoded) -> Iterator[np.ndarray]:
        """`hidden_states`, one window at a time."""
        for win in encoded.windows:
            ids = win.ids[None, :]
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            yield self.session.run([self.output], feed)[0][0]

    def raw(self, text: str) -> Raw:
        """Encoder outputs for ``text``; the last article's are kept, so a second reader of the same
        text in this process (another component) pays nothing."""
        if self._last is not None and self._last[0] is text:
            return self._last[1]
        enc = D.encode_article(self.tokenizer, text, self.max_len)
        raw = raw_from_hidden(enc, self.iter_hidden_states(enc))
        self._last = (text, raw)
        return raw

    def token_states(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Read-only view of the encoder for other components: ``(offsets [N, 2], hidden [N, H])``.

        One row per wordpiece of every non-empty line, in text order; offsets are character offsets
        into ``text``; hidden is the encoder's last layer (int8 weights, float32 states). Computed once
        per article and shared with the techniques component (see `raw`). Do not write into the arrays.
        """
        raw = self.raw(text)
        offsets, hidden = raw.token_offsets.view(), raw.token_hidden.view()
        offsets.flags.writeable = False
        hidden.flags.writeable = False
        return offsets, hidden

    # -- paragraphs (SemEval subtask 3) ----------------------------------------------------------
    def line_scores(self, raw: Raw) -> np.ndarray:
        """[n_lines, 23] line-model probabilities (0 for lines without tokens)."""
        return self.line_model(raw) * raw.has_tokens[:, None]

    def line_model(self, raw: Raw) -> np.ndarray:
        """Per-technique logistic regression over [TF-IDF of the line's words, its mean hidden state]."""
        h = self.heads
        texts = [raw.encoded.text[s:e] for s, e in raw.encoded.lines]
        z = (raw.line_pooled - h["lines_mean"]) / h["lines_scale"] * float(h["lines_dense_factor"])
        dense = z @ h["lines_weight_dense"].T
        # A TF-IDF row is 30,000 floats (120 kB): all the lines of a 200,000-character article at
        # once took 0.7 GB. Each block's rows are the same products, so the scores do not change.
        logits = np.empty((len(texts), len(h["lines_bias"])), np.float32)
        for a, b in row_blocks(len(texts), LINE_BLOCK):
            x_tfidf = tfidf_rows(texts[a:b], self._vocab(), h["tfidf_idf"])
            logits[a:b] = x_tfidf @ h["lines_weight_tfidf"].T + dense[a:b] + h["lines_bias"]
        return _sigmoid(logits).astype(np.float32)

    def calibrated(self, scores: np.ndarray) -> np.ndarray:
        """Line scores -> calibrated probabilities, technique by technique.

        ``heads["calib_table"]`` [23, G] holds each technique's calibration map (isotonic or Platt,
        chosen by cross-validation; `presslens_train.rhetoric.cv`) sampled at G evenly spaced scores
        in [0, 1]; between samples it is interpolated linearly. A confidence of 0.7 means that, out
        of fold, about 7 in 10 such paragraph predictions were right.
        """
        table = self.heads["calib_table"]
        grid = np.linspace(0.0, 1.0, table.shape[1])
        out = np.empty_like(scores)
        for k in range(scores.shape[1]):
            out[:, k] = np.interp(scores[:, k], grid, table[k])
        return out

    def span_probs(self, raw: Raw, tokens: np.ndarray | None = None) -> np.ndarray:
        """[N, 23] probability that each article token (or each of ``tokens``) lies inside a span
        of each technique.

        The span head is a small MLP over [the token's hidden state and its neighbours', its line's
        mean hidden state], standardised, with a tanh-GELU hidden layer; trained on the gold spans
        (`presslens_train.rhetoric.fit`). The standardisation is folded into the first layer, and the
        line half of it is computed once per line, not once per token.
        """
        if tokens is None:
            tokens = np.arange(len(raw.token_line))
        if not len(tokens):
            return np.zeros((0, len(D.TECHNIQUES)), np.float32)
        w_tok, w_line, bias = self._span_first_layer()
        all_lines = raw.token_line[tokens]
        used = np.unique(all_lines)
        per_line = np.zeros((len(raw.line_pooled), w_line.shape[0]), np.float32)
        per_line[used] = raw.line_pooled[used] @ w_line.T
        context = int(self.meta.get("span_context", 0))
        out = np.empty((len(tokens), len(self.heads["span_b2"])), np.float32)
        # in blocks of tokens: the features of 50,000 tokens at once (3 x 384 floats each, and their
        # temporaries) took over 0.5 GB; each row is the same computation either way
        for a, b in row_blocks(len(tokens), TOKEN_BLOCK):
            x_tok = token_context_features(raw, context, tokens[a:b])
            z = x_tok @ w_tok.T + per_line[all_lines[a:b]] + bias
            z = 0.5 * z * (1.0 + np.tanh(0.7978845608 * (z + 0.044715 * z * z * z)))  # GELU, tanh form
            out[a:b] = _sigmoid(z @ self.heads["span_w2"].T + self.heads["span_b2"])
        return out

    def _span_first_layer(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The span head's first layer with the input standardisation folded in, split into the
        token part (the token and its neighbours) and the line part (the last hidden-size columns)."""
        cached = getattr(self, "_span_cache", None)
        if cached is None:
            h = self.heads
            w = h["span_w1"] / h["span_scale"][None, :]
            bias = h["span_b1"] - w @ h["span_mean"]
            split = w.shape[1] - h["lines_mean"].shape[0]  # input = [token part, line mean state]
            cached = (
                np.ascontiguousarray(w[:, :split], np.float32),
                np.ascontiguousarray(w[:, split:], np.float32),
                bias.astype(np.float32),
            )
            self._span_cache = cached
        return cached

    def technique_spans(self, raw: Raw, marked: np.ndarray, confidence: np.ndarray) -> list[dict[str, Any]]:
        """Spans of every technique ``marked`` [n_lines, 23] in a paragraph, from the span head.

        Within a paragraph marked with technique t, the runs of tokens whose span probability for t
        reaches t's span threshold become candidate spans; `presslens.rhetoric.spans.readable` then
        makes them readable (whole words, no edge function words or punctuation, at least one
        content word, pieces a few function words apart merged). Each span carries its paragraph's
        calibrated ``confidence`` for t: the span says where, the paragraph decision is the claim.
        Tokens outside marked paragraphs never make a span (the span head alone fires on too much).
        """
        from presslens.rhetoric.spans import readable

        span_thr = self.thresholds("span_thresholds")
        marked = marked & raw.has_tokens[:, None]
        need = marked.any(1)[raw.token_line]
        probs = np.zeros((len(raw.token_line), len(D.TECHNIQUES)), np.float32)
        probs[need] = self.span_probs(raw, np.flatnonzero(need))  # only paragraphs that need it
        text = raw.encoded.text
        found: list[dict[str, Any]] = []
        for idx in np.flatnonzero(marked.any(1)):
            toks = np.flatnonzero(raw.token_line == idx)
            for k in np.flatnonzero(marked[idx]):
                chosen = toks[probs[toks, k] >= span_thr[k]]
                pieces = [
                    (int(raw.token_offsets[run[0], 0]), int(raw.token_offsets[run[-1], 1]))
                    for run in np.split(chosen, np.flatnonzero(np.diff(chosen) > 1) + 1)
                    if len(run)
                ]
                for start, end in readable(text, pieces):
                    found.append(
                        {
                            "label": D.TECHNIQUES[k],
                            "start": start,
                            "end": end,
                            "confidence": round(float(confidence[idx, k]), 4),
                        }
                    )
        found.sort(key=lambda x: (x["start"], x["end"], x["label"]))
        return found

    # -- genre and frames -----------------------------------------------------------------------
    def _vocab(self) -> dict[str, int]:
        if self._vocab_cache is None:
            self._vocab_cache = {term: i for i, term in enumerate(self.heads["tfidf_vocab"].tolist())}
        return self._vocab_cache

    def frame_features(self, raw: Raw) -> np.ndarray:
        """The frame head's input: [TF-IDF of the article | standardised mean hidden state x factor]."""
        h = self.heads
        dense = (raw.doc_vec - h["doc_mean"]) / h["doc_scale"] * float(h["frames_dense_factor"])
        if "tfidf" not in self.meta.get("doc_parts", {}).get("frames", []):
            return dense.astype(np.float32)
        tf = tfidf_rows([raw.encoded.text], self._vocab(), h["tfidf_idf"])[0]
        return np.concatenate([tf, dense]).astype(np.float32)

    def genre_features(self, raw: Raw, line_scores: np.ndarray | None = None) -> np.ndarray:
        """The genre head's input, unstandardised (its standardisation is folded into its weights):
        [TF-IDF of the article | mean hidden state | style rates | mean line-model score per
        technique], the parts ``meta["doc_parts"]["genre"]`` names (chosen by cross-validation,
        `presslens_train.rhetoric.genre`). ``line_scores``: `line_scores` of ``raw`` when the caller
        has them already (the genre head then costs one regex pass over the text)."""
        from presslens.rhetoric.style import BASE_FEATURES, style_rates

        parts = self.meta.get("doc_parts", {}).get("genre", [])
        text = raw.encoded.text
        cols = []
        if "tfidf" in parts:
            cols.append(tfidf_rows([text], self._vocab(), self.heads["tfidf_idf"])[0])
        if "dense" in parts:
            cols.append(raw.doc_vec)
        if "style" in parts:
            cols.append(style_rates(text))
        if "style12" in parts:
            cols.append(style_rates(text)[: len(BASE_FEATURES)])
        if "techniques" in parts:
            scores = self.line_scores(raw) if line_scores is None else line_scores
            used = scores[raw.has_tokens]
            cols.append(used.mean(0) if len(used) else np.zeros(scores.shape[1], np.float32))
        return np.concatenate(cols).astype(np.float32)

    def genre_scores(self, raw: Raw, line_scores: np.ndarray | None = None) -> np.ndarray | None:
        """Probabilities of opinion / reporting / satire.

        The head is class-balanced (trained as if the three genres were equally common), then its
        log-odds are shifted by ``meta["genre_rule"]["prior"]``, the mix of news it expects
        (reporting first), so the training data's 88% opinion does not carry over.
        """
        if "genre_weight" not in self.heads:
            return None
        prior = self.meta["genre_rule"].get("prior", {})
        log_prior = np.log(np.array([prior.get(g, 1 / 3) * 3 for g in D.GENRES]))
        x = self.genre_features(raw, line_scores)
        z = x @ self.heads["genre_weight"].T + self.heads["genre_bias"] + log_prior
        z = np.exp(z - z.max())
        return z / z.sum()

    def genre_decision(self, scores: np.ndarray) -> dict[str, Any]:
        """The genre shown: satire only above its own (high) threshold, else the likelier of opinion
        and reporting; ``uncertain`` when that choice's probability is below ``genre_uncertain``."""
        rule = self.meta["genre_rule"]
        probs = dict(zip(D.GENRES, (float(p) for p in scores), strict=True))
        if probs["satire"] >= rule["satire_threshold"]:
            label = "satire"
        else:
            label = "opinion" if probs["opinion"] >= probs["reporting"] else "reporting"
        return {
            "label": label,
            "scores": {g: round(p, 4) for g, p in probs.items()},
            "uncertain": probs[label] < rule["uncertain_below"],
        }

    def frame_scores(self, raw: Raw) -> np.ndarray | None:
        """Independent sigmoids for the 14 frames (None when the artifact has no frame head)."""
        if "frames_weight" not in self.heads:
            return None
        x = self.frame_features(raw)
        return _sigmoid(x @ self.heads["frames_weight"].T + self.heads["frames_bias"])

    # -- thresholded prediction ------------------------------------------------------------
    def predict(self, text: str, skip_lines: set[int] | None = None) -> Prediction:
        """Paragraph techniques, spans, genre and frames of ``text``.

        A paragraph technique is listed when its score reaches the F1-optimal threshold (the
        shared-task decision, `presslens semeval predict`) or its calibrated confidence reaches the
        display threshold; ``shown`` says whether it reaches the display threshold (precision >= 0.5
        out of fold), which is what the report and the web app highlight by default. Lines in
        ``skip_lines`` (0-based: editorial notes, see `presslens.rhetoric.spans.editorial_lines`)
        get no technique.
        """
        raw = self.raw(text)
        out = Prediction()
        scores = self.line_scores(raw)
        conf = self.calibrated(scores)
        f1_pick = scores >= self.thresholds("line_thresholds")
        shown = conf >= float(self.meta["display_threshold"])
        listed = (f1_pick | shown) & raw.has_tokens[:, None]
        for idx in skip_lines or ():
            if 0 <= idx < len(listed):
                listed[idx] = shown[idx] = False
        for idx, (start, end) in enumerate(raw.encoded.lines):
            if not raw.has_tokens[idx]:
                continue
            techs = sorted(
                (
                    {
                        "label": D.TECHNIQUES[k],
                        "score": round(float(scores[idx, k]), 4),
                        "confidence": round(float(conf[idx, k]), 4),
                        "shown": bool(shown[idx, k]),
                    }
                    for k in np.flatnonzero(listed[idx])
                ),
                key=lambda x: -x["confidence"],
            )
            out.lines.append({"line": idx + 1, "start": start, "end": end, "techniques": techs})
        out.spans = self.technique_spans(raw, listed, conf)
        for span in out.spans:
            span["shown"] = span["confidence"] >= float(self.meta["display_threshold"])
        genre = self.genre_scores(raw, scores)
        if genre is not None:
            out.genre = self.genre_decision(genre)
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
