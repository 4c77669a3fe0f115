"""Token features for the attribution tagger, read from the spaCy parse PressLens already computes.

Why these: an attribution is mostly syntax (the content is the clause a reporting word governs,
the source its subject) plus a few lexical cues and quotation marks. Everything here comes from
`Doc.to_array` and numpy, so the features of a 1,000-token article cost about a millisecond, and
the contextual vectors spaCy's own tok2vec already left in ``doc.tensor`` come for free.

Categorical fields (each mapped to an id through the model's vocabulary; 0 = unknown):

========== =====================================================================================
word       lower-cased form (``<para>`` for whitespace holding a line break)
suffix     last three letters
shape      spaCy's word shape
tag, dep   fine-grained tag and dependency label
ent        entity type
hword      the head's word; ``htag``, ``hdep`` its tag and label
vword      the nearest verb ancestor's word (the clause the token belongs to); ``vpath`` the label
           of the verb's child on the way down (``ccomp``: inside a reported clause)
lword      the previous token's word; ``rword`` the next one's
quote      0 outside quotation marks, 1 inside, 2 a quotation mark
kids       which of ccomp/xcomp, nsubj, dobj, "that"-mark children the token has (4 bits)
========== =====================================================================================

Numeric: ``doc.tensor`` (96 values) and 4 flags: paragraph start, sentence start, first and last
token of a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LOWER, POS, SENT_START, SHAPE, SUFFIX, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc

FIELDS = (
    "word",
    "suffix",
    "shape",
    "tag",
    "dep",
    "ent",
    "hword",
    "htag",
    "hdep",
    "vword",
    "vpath",
    "lword",
    "rword",
    "quote",
    "kids",
)
#: Fields whose values are words (share one vocabulary).
WORD_FIELDS = ("word", "hword", "vword", "lword", "rword")
#: Fields whose values are small fixed codes (quote, kids), not strings.
CODE_FIELDS = {"quote": 3, "kids": 16}
PARA = "<para>"
N_FLAGS = 4

_OPEN = "“„«‘"
_CLOSE = "”»"
_QUOTE_RE = re.compile(r"[\"“”„«»]|(?<![\w])‘|’(?![\w])|\n")
_KID_BITS = {"ccomp": 1, "xcomp": 1, "nsubj": 2, "nsubjpass": 2, "dobj": 4}


_STRINGS = StringStore()


def key(string: str) -> int:
    """The integer spaCy stores for ``string`` (a symbol id for built-in labels like "nsubj", else its
    hash): what `Doc.to_array` returns."""
    return _STRINGS[string]


class Vocab:
    """String -> id maps per vocabulary (``word`` shared by the word fields), hashed like spaCy's.

    Ids start at 1; 0 is any string the vocabulary does not hold."""

    def __init__(self, strings: dict[str, list[str]]) -> None:
        self.strings = strings
        self._by_hash = {
            name: {key(s): i + 1 for i, s in enumerate(values)} for name, values in strings.items()
        }

    def size(self, vocab: str) -> int:
        """Number of ids (unknown included) in ``vocab``."""
        return len(self.strings.get(vocab, [])) + 2

    def ids(self, vocab: str, hashes: np.ndarray) -> np.ndarray:
        table = self._by_hash[vocab]
        uniq, inverse = np.unique(hashes, return_inverse=True)
        mapped = np.fromiter((table.get(int(h), 0) for h in uniq), dtype=np.int64, count=len(uniq))
        return mapped[inverse]


#: The vocabulary each field's values come from (fields that share one share an embedding table).
FIELD_VOCAB = {f: "word" for f in WORD_FIELDS} | {"htag": "tag", "hdep": "dep", "vpath": "dep"}


def vocab_of(field: str) -> str:
    return FIELD_VOCAB.get(field, field)


@dataclass(slots=True)
class Features:
    """Per-token ids [N, len(FIELDS)] and numbers [N, tensor width + N_FLAGS]."""

    ids: np.ndarray
    nums: np.ndarray
    heads: np.ndarray  # absolute head index of each token
    para: np.ndarray  # paragraph number of each token
    # what linking reads too (spaCy keys, not strings: no per-token Python objects)
    lower: np.ndarray  # lower-case form key (``PARA`` for line breaks)
    dep: np.ndarray  # dependency label key
    starts: np.ndarray  # character offset of each token
    space: np.ndarray  # whitespace token
    sent: np.ndarray  # sentence number
    pos: np.ndarray  # coarse part-of-speech key


def quotation_state(text: str, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each token start: 1 inside a quotation, 2 on a quotation mark, else 0; and the paragraph
    number. Quotations never run over a line break (an unclosed mark closes at the paragraph end)."""
    bounds: list[int] = []  # alternating open, close positions
    marks: list[int] = []
    breaks: list[int] = []
    open_at: int | None = None
    for m in _QUOTE_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if ch == "\n":
            breaks.append(pos)
            if open_at is not None:
                bounds += [open_at, pos]
                open_at = None
            continue
        marks.append(pos)
        if open_at is None and (ch in _OPEN or ch == '"'):
            open_at = pos
        elif open_at is not None and (ch in _CLOSE or ch == '"' or ch == "’"):
            bounds += [open_at, pos + 1]
            open_at = None
    if open_at is not None:
        bounds += [open_at, len(text)]
    state = (np.searchsorted(np.asarray(bounds, dtype=np.int64), starts, side="right") % 2).astype(np.int64)
    if marks:
        state[np.isin(starts, np.asarray(marks))] = 2
    para = np.searchsorted(np.asarray(breaks, dtype=np.int64), starts, side="right")
    return state, para


def extract(doc: Doc, vocab: Vocab, text: str | None = None) -> Features:
    """The features of every token of ``doc`` (see the module docstring). Pass ``text`` when it is
    at hand: `Doc.text` rebuilds the string from every token on each call."""
    n = len(doc)
    width = doc.tensor.shape[1] if doc.tensor is not None and doc.tensor.size else 96
    if n == 0:
        none = np.zeros(0, np.int64)
        return Features(
            np.zeros((0, len(FIELDS)), np.int64),
            np.zeros((0, width + N_FLAGS), np.float32),
            none,
            none,
            none.astype(np.uint64),
            none.astype(np.uint64),
            none,
            none.astype(bool),
            none,
            none.astype(np.uint64),
        )
    arr = doc.to_array([LOWER, SUFFIX, SHAPE, TAG, DEP, ENT_TYPE, HEAD, POS, SENT_START, IDX])
    lower, suffix, shape, tag, dep, ent = (arr[:, k] for k in range(6))
    index = np.arange(n)
    heads = index + arr[:, 6].astype(np.int64)
    pos = arr[:, 7]
    starts = arr[:, 9].astype(np.int64)
    is_space = pos == doc.vocab.strings["SPACE"]
    has_break = np.zeros(n, dtype=bool)
    if is_space.any():
        for i in np.flatnonzero(is_space):
            has_break[i] = "\n" in doc[int(i)].text
    lower = lower.copy()
    lower[has_break] = key(PARA)

    word = vocab.ids("word", lower)
    # nearest verb ancestor (the token itself excluded) and the label of its child on the path
    verb = doc.vocab.strings["VERB"]
    aux = doc.vocab.strings["AUX"]
    child = index.copy()
    cur = heads.copy()
    for _ in range(12):
        moving = (pos[cur] != verb) & (pos[cur] != aux) & (heads[cur] != cur)
        if not moving.any():
            break
        child = np.where(moving, cur, child)
        cur = np.where(moving, heads[cur], cur)
    found = (pos[cur] == verb) | (pos[cur] == aux)
    vword = np.where(found & (cur != index), word[cur], 0)
    vpath = np.where(found & (cur != index), vocab.ids("dep", dep[child]), 0)

    kids = np.zeros(n, dtype=np.int64)
    dep_str = doc.vocab.strings
    bits = {dep_str[k]: v for k, v in _KID_BITS.items()}
    dep_bits = np.zeros(n, dtype=np.int64)
    for label_key, bit in bits.items():
        dep_bits[dep == label_key] = bit
    that = (lower == key("that")) & (dep == dep_str["mark"])
    dep_bits[that] |= 8
    not_root = heads != index
    np.bitwise_or.at(kids, heads[not_root], dep_bits[not_root])

    quote, para = quotation_state(doc.text if text is None else text, starts)
    lword = np.concatenate([[0], word[:-1]])
    rword = np.concatenate([word[1:], [0]])
    ids = np.stack(
        [
            word,
            vocab.ids("suffix", suffix),
            vocab.ids("shape", shape),
            vocab.ids("tag", tag),
            vocab.ids("dep", dep),
            vocab.ids("ent", ent),
            word[heads],
            vocab.ids("tag", tag)[heads],
            vocab.ids("dep", dep)[heads],
            vword,
            vpath,
            lword,
            rword,
            quote,
            kids,
        ],
        axis=1,
    )
    flags = np.zeros((n, N_FLAGS), dtype=np.float32)
    flags[:, 0] = np.concatenate([[1.0], has_break[:-1]])
    flags[:, 1] = arr[:, 8] == 1
    q_in = quote == 1
    flags[:, 2] = q_in & ~np.concatenate([[False], q_in[:-1]])
    flags[:, 3] = q_in & ~np.concatenate([q_in[1:], [False]])
    tensor = (
        doc.tensor
        if doc.tensor is not None and doc.tensor.shape[0] == n
        else np.zeros((n, width), np.float32)
    )
    nums = np.concatenate([tensor.astype(np.float32), flags], axis=1)
    sent = np.cumsum(arr[:, 8] == 1) - 1
    return Features(ids, nums, heads, para, lower, dep, starts, is_space, np.maximum(sent, 0), pos)


def windows(para: np.ndarray, max_tokens: int) -> list[tuple[int, int]]:
    """Token ranges of whole consecutive paragraphs, each at most ``max_tokens`` long (a longer
    paragraph is cut into pieces). The tagger reads each window on its own: attributions almost
    never cross a paragraph (0.6% of PolNeAR contents), and short sequences batch well."""
    n = len(para)
    if n == 0:
        return []
    cuts = np.flatnonzero(np.diff(para)) + 1  # first token of each paragraph
    bounds = [0, *cuts.tolist(), n]
    out: list[tuple[int, int]] = []
    start = 0
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        if b - start <= max_tokens:
            continue
        if a > start:
            out.append((start, a))
            start = a
        while b - start > max_tokens:
            out.append((start, start + max_tokens))
            start += max_tokens
    out.append((start, n))
    return out
