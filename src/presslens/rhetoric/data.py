"""SemEval-2023 Task 3 files and the line-packed token windows both training and inference use.

Why one module for both: the model only works if inference cuts an article into exactly the
windows it was trained on (same tokenizer, same line packing, same special tokens), so that
logic lives here once, with numpy and `tokenizers` only, and `train.py` imports it.

SemEval scores techniques per *line* (paragraph), so windows never split a line unless the line
alone is longer than a window: whole lines are packed greedily into windows of at most
``max_len`` tokens, which keeps paragraph boundaries and lets every line be pooled in one piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_Popularity",
    "Appeal_to_Values",
    "Appeal_to_Fear-Prejudice",
    "Flag_Waving",
    "Causal_Oversimplification",
    "False_Dilemma-No_Choice",
    "Consequential_Oversimplification",
    "Straw_Man",
    "Red_Herring",
    "Whataboutism",
    "Slogans",
    "Appeal_to_Time",
    "Conversation_Killer",
    "Loaded_Language",
    "Repetition",
    "Exaggeration-Minimisation",
    "Obfuscation-Vagueness-Confusion",
    "Name_Calling-Labeling",
    "Doubt",
    "Guilt_by_Association",
    "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation",
)
GENRES: tuple[str, ...] = ("opinion", "reporting", "satire")
FRAMES: tuple[str, ...] = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)
TECH_INDEX = {name: i for i, name in enumerate(TECHNIQUES)}

#: Misspellings found in the official data, mapped to the canonical name.
_ALIASES = {"Appeal_to_Fear-Prejudi-čce": "Appeal_to_Fear-Prejudice"}
_ARTICLE_FILE = re.compile(r"^article(\d+)\.txt$")

CLS_ID, SEP_ID = 101, 102


def normalise_label(name: str) -> str:
    """Canonical technique/frame/genre name (fixes the data's known misspelling)."""
    name = name.strip()
    return _ALIASES.get(name, name)


def split_labels(field_text: str) -> list[str]:
    """Labels of one comma-separated column, normalised, empty entries dropped."""
    return [normalise_label(x) for x in field_text.split(",") if x.strip()]


def read_article(path: Path) -> str:
    """Article text exactly as SemEval indexes it (no newline translation)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def article_paths(directory: Path) -> dict[str, Path]:
    """``{article_id: path}`` for every ``article<ID>.txt`` in ``directory``, sorted by id."""
    found = {}
    for path in sorted(directory.glob("article*.txt")):
        match = _ARTICLE_FILE.match(path.name)
        if match:
            found[match.group(1)] = path
    return found


def line_spans(text: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` of every line (1-based line n is index n-1), newline excluded."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def read_doc_labels(path: Path) -> dict[str, list[str]]:
    """Subtask 1/2 file ``ID<TAB>label[,label...]`` -> ``{id: [labels]}``."""
    out: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        parts = raw.split("\t")
        out[parts[0].strip()] = split_labels(parts[1]) if len(parts) > 1 else []
    return out


def read_line_labels(path: Path) -> dict[tuple[str, int], list[str]]:
    """Subtask 3 file ``ID<TAB>LINE<TAB>labels`` -> ``{(id, line): [labels]}`` in file order."""
    out: dict[tuple[str, int], list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        parts = raw.split("\t")
        out[(parts[0].strip(), int(parts[1]))] = split_labels(parts[2]) if len(parts) > 2 else []
    return out


def read_spans(directory: Path) -> dict[str, list[tuple[str, int, int]]]:
    """Span files -> ``{id: [(technique, start, end), ...]}``."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for path in sorted(directory.glob("article*-labels-subtask-3.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            parts = raw.split("\t")
            if len(parts) < 4:
                continue
            out.setdefault(parts[0], []).append((normalise_label(parts[1]), int(parts[2]), int(parts[3])))
    return out


@dataclass(slots=True)
class Window:
    """One model input: ``[CLS] tokens [SEP]`` covering whole lines (or a piece of a long line)."""

    ids: np.ndarray  # int64 [T] with CLS and SEP
    offsets: np.ndarray  # int64 [T, 2] char offsets into the article; (0, 0) for CLS/SEP
    #: ``(line_index, first_token, end_token)`` positions inside ``ids`` of each line piece.
    segments: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Encoded:
    """An article cut into windows, with the char span of every line."""

    text: str
    lines: list[tuple[int, int]]
    windows: list[Window]


def encode_article(tokenizer, text: str, max_len: int = 256) -> Encoded:
    """Tokenise ``text`` once and pack whole lines into windows of at most ``max_len`` tokens."""
    lines = line_spans(text)
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    room = max_len - 2
    # token -> line by its start offset (tokens never cross a newline: it is whitespace)
    starts = np.asarray([s for s, _ in lines], dtype=np.int64)
    tok_line = np.searchsorted(starts, offs[:, 0], side="right") - 1 if len(ids) else np.zeros(0, np.int64)
    pieces: list[tuple[int, int, int]] = []  # (line, tok_start, tok_end) in article token space
    if len(ids):
        bounds = np.flatnonzero(np.diff(tok_line)) + 1
        edges = np.concatenate(([0], bounds, [len(ids)]))
        for a, b in zip(edges[:-1], edges[1:], strict=True):
            line = int(tok_line[a])
            for s in range(int(a), int(b), room):
                pieces.append((line, s, min(s + room, int(b))))
    windows: list[Window] = []
    group: list[tuple[int, int, int]] = []

    def flush() -> None:
        if not group:
            return
        first, last = group[0][1], group[-1][2]
        w_ids = np.concatenate(([CLS_ID], ids[first:last], [SEP_ID])).astype(np.int64)
        w_off = np.concatenate((np.zeros((1, 2), np.int64), offs[first:last], np.zeros((1, 2), np.int64)))
        segs = [(line, s - first + 1, e - first + 1) for line, s, e in group]
        windows.append(Window(w_ids, w_off, segs))
        group.clear()

    used = 0
    for piece in pieces:
        size = piece[2] - piece[1]
        if used + size > room:
            flush()
            used = 0
        group.append(piece)
        used += size
    flush()
    return Encoded(text, lines, windows)


def pool_matrix(window: Window, n_segments: int | None = None) -> np.ndarray:
    """``[S, T]`` matrix whose row s averages the tokens of segment s (for line pooling)."""
    n = n_segments if n_segments is not None else len(window.segments)
    mat = np.zeros((n, len(window.ids)), dtype=np.float32)
    for row, (_, s, e) in enumerate(window.segments):
        mat[row, s:e] = 1.0 / max(e - s, 1)
    return mat


def token_targets(window: Window, spans: Iterable[tuple[str, int, int]]) -> np.ndarray:
    """``[T, 23]`` 0/1: a token is inside technique t when its characters overlap a span of t."""
    return offset_targets(window.offsets, spans)


def offset_targets(offsets: np.ndarray, spans: Iterable[tuple[str, int, int]]) -> np.ndarray:
    """``[T, 23]`` 0/1 for tokens given by char ``offsets`` [T, 2] (empty ones, CLS/SEP, stay 0)."""
    out = np.zeros((len(offsets), len(TECHNIQUES)), dtype=np.float32)
    starts, ends = offsets[:, 0], offsets[:, 1]
    real = ends > starts
    for label, s, e in spans:
        k = TECH_INDEX.get(label)
        if k is None:
            continue
        out[real & (starts < e) & (ends > s), k] = 1.0
    return out


def multi_hot(labels: Iterable[str], names: tuple[str, ...]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    vec = np.zeros(len(names), dtype=np.float32)
    for label in labels:
        if label in index:
            vec[index[label]] = 1.0
    return vec
