"""From tagged spans to attributions: which content and which source belong to which cue.

The tagger marks cue, source and content spans; an attribution is one cue with the content
span(s) it introduces (two when the cue interrupts a quotation) and its source. Links are chosen
by two small logistic models over pair features (direction, distance, syntax, what lies between),
trained on PolNeAR's gold links; every content goes to its best-scoring cue in reach, every cue
takes its best-scoring source when that beats "none". A content with no cue in reach stays an
attribution of its own, without cue or source (PolNeAR has a few; unsure stays unsaid).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import TypeVar

import numpy as np
from spacy.tokens import Doc

from presslens.attribution.features import Features, key
from presslens.attribution.kinds import holds_quote
from presslens.components.cues import according_to

#: Token-gap buckets (upper bounds) for pair features.
GAP_BUCKETS = (0, 1, 2, 5, 10, 20, 40)
#: How many paragraphs apart a content or source may be from its cue (training pairs). At run time
#: only a quotation reaches across: a source, or a content without quotation marks, in
#: another paragraph than its cue is a different attribution's (PolNeAR dev: no change).
PARAGRAPH_REACH = 1
#: Pairs whose features are built and scored at a time. Every pair in reach is scored, and one
#: paragraph may hold thousands of cues and contents (a long text without line breaks): 1.5 million
#: pairs for 199,000 characters, over 1 GB of feature rows at once. Blocks bound that; an article
#: with fewer pairs is scored in one block, as before.
PAIR_BLOCK = 4096
#: At most this many pieces of the other role on either side of a piece are its candidates (all of
#: those inside it too). Normal paragraphs hold a handful of cues, so nothing changes there; a
#: paragraph of 20,000 "said" made linking quadratic (minutes; benchmarks/fuzz.py inputs 6515, 7686).
NEAREST = 32

T = TypeVar("T")


@dataclass(slots=True)
class Piece:
    """A tagged span: its role, tokens [first, last), root token and paragraph."""

    role: str
    first: int
    last: int
    root: int
    para: int
    confidence: float = 1.0


@dataclass(slots=True)
class Assembled:
    """One attribution in token terms."""

    cue: Piece | None
    contents: list[Piece] = field(default_factory=list)
    source: Piece | None = None
    link_confidence: float = 1.0


def span_root(heads: np.ndarray, first: int, last: int) -> int:
    """The token of ``[first, last)`` whose head lies outside it (the first one found)."""
    for i in range(first, last):
        h = int(heads[i])
        if h == i or h < first or h >= last:
            return i
    return first


def dominated(heads: np.ndarray, anc: int, tok: int, limit: int = 3) -> bool:
    """Whether ``tok`` lies at most ``limit`` steps below ``anc`` in the parse."""
    return _ancestor(heads, anc, tok, limit + 1)


def _ancestor(heads: np.ndarray, anc: int, tok: int, limit: int = 12) -> bool:
    """Whether ``anc`` dominates ``tok`` (or is it)."""
    for _ in range(limit):
        if tok == anc:
            return True
        h = int(heads[tok])
        if h == tok:
            return False
        tok = h
    return False


def _gap(a: Piece, b: Piece) -> tuple[int, int]:
    """(direction, tokens between): direction -1 when ``b`` lies before ``a``, 1 after."""
    if b.last <= a.first:
        return -1, a.first - b.last
    if b.first >= a.last:
        return 1, b.first - a.last
    return 0, 0


def _bucket(gap: int) -> list[float]:
    out = [0.0] * (len(GAP_BUCKETS) + 1)
    for k, bound in enumerate(GAP_BUCKETS):
        if gap <= bound:
            out[k] = 1.0
            return out
    out[-1] = 1.0
    return out


#: Token keys the learned extractor's features test. "according" is a feature of the fitted model
#: (frozen with it), not a lookup of resources/cues.json, whose phrases the rule-based finders use.
_COLON, _ACCORDING, _TO = key(":"), key("according"), key("to")
_RELATIVE = frozenset(key(w) for w in ("who", "which", "that"))
_SUBJECT = frozenset(key(d) for d in ("nsubj", "nsubjpass"))
_AGENTIVE = frozenset(key(d) for d in ("nsubj", "nsubjpass", "agent"))
_COMPLEMENT = frozenset(key(d) for d in ("ccomp", "xcomp", "dobj", "pobj"))
_SUBORDINATE = frozenset(key(d) for d in ("parataxis", "advcl", "relcl", "acl"))
_FROM_HEAD = frozenset(key(d) for d in ("advcl", "xcomp", "conj"))
_POBJ = key("pobj")
#: Arcs by which a cue verb without a subject of its own hangs from the clause whose subject says it
#: ("After blasting X, Beck doubled down", "..., calling him", "By voting to delay..., Democrats ...").
_CONTROLLED = frozenset(key(d) for d in ("advcl", "pcomp", "xcomp", "conj"))
_PCOMP, _PREP = key("pcomp"), key("prep")
_VERBAL = frozenset(key(p) for p in ("VERB", "AUX"))


class PairContext:
    """What pair features read: the parse as arrays (from `features.extract`), prefix counts, and
    the pieces by role in text order, so that each pair costs a few array lookups."""

    def __init__(self, doc: Doc, feats: Features, pieces: list[Piece], text: str) -> None:
        self.doc = doc
        self.text = text
        # plain lists: per-pair lookups on numpy arrays cost more than the arithmetic
        self.heads: list[int] = feats.heads.tolist()
        self.para: list[int] = feats.para.tolist()
        self.sent: list[int] = feats.sent.tolist()
        self.lower: list[int] = feats.lower.tolist()
        self.dep: list[int] = feats.dep.tolist()
        self.pos: list[int] = feats.pos.tolist()
        self.starts: list[int] = feats.starts.tolist()
        self.colons: list[int] = [0, *np.cumsum(feats.lower == _COLON).tolist()]
        self._children: dict[int, list[int]] | None = None
        self.firsts = {r: [p.first for p in pieces if p.role == r] for r in ("cue", "source", "content")}
        self.lasts = {r: [p.last for p in pieces if p.role == r] for r in ("cue", "source", "content")}

    def between(self, a: Piece, b: Piece, role: str) -> int:
        """Pieces of ``role`` lying wholly between ``a`` and ``b`` (pieces never overlap).

        The pieces of a role are in text order and never overlap, so their ends are sorted too: those
        starting at ``lo`` or later and ending by ``hi`` are one run of indices, found by two bisections
        (counting them one by one made a paragraph of thousands of pieces cost cubic time)."""
        lo, hi = min(a.last, b.last), max(a.first, b.first)
        firsts, lasts = self.firsts[role], self.lasts[role]
        i, m = bisect.bisect_left(firsts, lo), bisect.bisect_right(lasts, hi)
        count = max(0, m - i)
        for first in {a.first, b.first}:  # a or b themselves, where they fall in the run
            k = bisect.bisect_left(firsts, first, i, max(i, m))
            if k < m and firsts[k] == first:
                count -= 1
        return count

    def children(self, tok: int) -> list[int]:
        """The tokens whose head is ``tok``, in text order (the map is built once per article: the
        post-tagger rules ask it for every cue, and a scan of the article per cue was quadratic)."""
        if self._children is None:
            self._children = {}
            for i, h in enumerate(self.heads):
                if h != i:
                    self._children.setdefault(h, []).append(i)
        return self._children.get(tok, [])


def context_of(doc: Doc, feats: Features, pieces: list[Piece], text: str | None = None) -> PairContext:
    return PairContext(doc, feats, pieces, doc.text if text is None else text)


def content_pair_features(ctx: PairContext, pieces: list[Piece], cue: Piece, content: Piece) -> list[float]:
    direction, gap = _gap(cue, content)
    h = ctx.heads
    governs = _ancestor(h, cue.root, content.root)
    governed = _ancestor(h, content.root, cue.root)
    first_char = ctx.text[ctx.starts[content.first]]
    lo, hi = min(cue.last, content.first), max(cue.first, content.last)
    colon = hi > lo and ctx.colons[hi] - ctx.colons[lo] > 0
    cues_between = ctx.between(cue, content, "cue")
    return [
        1.0,
        float(direction == 1),
        float(direction == -1),
        *_bucket(gap),
        float(ctx.sent[cue.root] == ctx.sent[content.root]),
        float(cue.para == content.para),
        float(governs),
        float(governed),
        float(h[content.root] == cue.root),
        float(first_char in '"“‘'),
        float(colon),
        float(cues_between == 0),
        float(cues_between >= 2),
        float(ctx.between(cue, content, "content") == 0),
        float(ctx.dep[content.root] in _COMPLEMENT),
        float(ctx.dep[cue.root] in _SUBORDINATE),
    ]


def source_pair_features(ctx: PairContext, pieces: list[Piece], cue: Piece, source: Piece) -> list[float]:
    direction, gap = _gap(cue, source)
    h = ctx.heads
    dep = ctx.dep[source.root]
    subject_of_cue = h[source.root] == cue.root and dep in _AGENTIVE
    governs = _ancestor(h, cue.root, source.root)
    # "X, who said", "saying" (advcl) or "according to X": the source hangs off the cue's head
    near_head = h[source.root] == h[cue.root] and source.root != cue.root
    relative = ctx.lower[source.root] in _RELATIVE
    return [
        1.0,
        float(direction == 1),
        float(direction == -1),
        *_bucket(gap),
        float(ctx.sent[cue.root] == ctx.sent[source.root]),
        float(cue.para == source.para),
        float(subject_of_cue),
        float(governs),
        float(near_head),
        float(dep in _SUBJECT),
        float(dep == _POBJ),
        float(relative),
        float(ctx.between(cue, source, "cue") == 0),
        float(ctx.between(cue, source, "content") == 0),
        float(ctx.lower[cue.first] == _ACCORDING),
    ]


_GAPS = tuple(f"gap<={b}" for b in GAP_BUCKETS) + (f"gap>{GAP_BUCKETS[-1]}",)
#: Names of the pair features, in order (the linker weights in the artifact follow them).
CONTENT_FEATURES = (
    "bias", "after", "before", *_GAPS, "same_sentence", "same_paragraph", "cue_governs", "content_governs",
    "content_root_child_of_cue", "content_opens_quote", "colon_between", "no_cue_between",
    "cues_between>=2", "no_content_between", "content_root_complement", "cue_root_subordinate",
)  # fmt: skip
SOURCE_FEATURES = (
    "bias", "after", "before", *_GAPS, "same_sentence", "same_paragraph", "subject_of_cue", "cue_governs",
    "same_head", "source_is_subject", "source_is_pobj", "relative_pronoun", "no_cue_between",
    "no_content_between", "according_to",
)  # fmt: skip
N_CONTENT_FEATURES = len(CONTENT_FEATURES)
N_SOURCE_FEATURES = len(SOURCE_FEATURES)


def subject_piece(ctx: PairContext, cue: Piece, contents: list[Piece]) -> Piece | None:
    """The cue's grammatical subject as a source piece: the ``nsubj`` of the cue's root, or of the
    verb a participle cue hangs from ("..., saying"); the object of "according to". None when the
    parse offers nothing in the cue's paragraph outside its content."""
    root = cue.root
    candidates = [i for i in ctx.children(root) if ctx.dep[i] in _SUBJECT]
    if not candidates and ctx.lower[root] == _ACCORDING:
        to = [i for i in ctx.children(root) if ctx.lower[i] == _TO]
        candidates = [i for i in ctx.children(to[0]) if ctx.dep[i] == _POBJ] if to else []
    if not candidates and ctx.dep[root] in _FROM_HEAD:
        head = ctx.heads[root]
        candidates = [i for i in ctx.children(head) if ctx.dep[i] in _SUBJECT]
    for tok in candidates:
        token = ctx.doc[tok]
        first, last = token.left_edge.i, token.right_edge.i + 1
        if ctx.para[first] != cue.para or ctx.para[last - 1] != cue.para:
            continue
        if any(c.first < last and first < c.last for c in contents) or (
            cue.first < last and first < cue.last
        ):
            first, last = tok, tok + 1  # the subtree runs into the content or the cue: its head word
        return Piece("source", first, last, tok, cue.para, 0.3)
    return None


def piece_span(ctx: PairContext, piece: Piece) -> tuple[int, int]:
    """The characters ``[start, end)`` a piece's tokens cover."""
    return ctx.starts[piece.first], ctx.starts[piece.last - 1] + len(ctx.doc[piece.last - 1])


def _says_something(text: str, span: tuple[int, int]) -> bool:
    """A content must hold a word or a number: a lone closing mark tagged as content (the end of a
    scare-quoted name, "“Israel”") would otherwise become a quotation of one character."""
    return any(ch.isalnum() for ch in text[span[0] : span[1]])


def _in_reach(cue: Piece, content: Piece, quoted: bool) -> bool:
    """A content shares its cue's paragraph; only a quotation may sit in the next or previous one."""
    return cue.para == content.para or (quoted and abs(cue.para - content.para) <= PARAGRAPH_REACH)


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def assemble(
    ctx: PairContext,
    pieces: list[Piece],
    content_weights: np.ndarray,
    source_weights: np.ndarray,
    source_threshold: float = 0.5,
    content_threshold: float = 0.0,
    keep_uncued: str = "all",
    parse_fallback: bool = False,
) -> list[Assembled]:
    """Attributions from tagged pieces: contents to cues, then a source per cue.

    A content whose best cue scores below ``content_threshold`` (a logit) stays without cue; such
    contents are kept when ``keep_uncued`` is "all", only when they hold a quotation mark when it
    is "quoted", never when "none". With ``parse_fallback``, a cue left without a tagged source
    takes its grammatical subject from the parse (`subject_piece`).
    """
    cues = sorted((p for p in pieces if p.role == "cue"), key=lambda p: p.first)
    contents = [p for p in pieces if p.role == "content"]
    sources = sorted((p for p in pieces if p.role == "source"), key=lambda p: p.first)
    cue_firsts = [p.first for p in cues]
    by_cue: dict[int, Assembled] = {id(c): Assembled(c) for c in cues}
    alone: list[Assembled] = []
    # every pair in reach scored, a block at a time (one matrix product instead of a dot per pair)
    spans = [piece_span(ctx, content) for content in contents]
    quoted = [holds_quote(ctx.text, [span]) for span in spans]
    pairs = ((k, cue) for k, content in enumerate(contents) for cue in _near(cues, cue_firsts, content)
             if _in_reach(cue, content, quoted[k]))  # fmt: skip
    best: list[tuple[float, Piece | None]] = [(-np.inf, None)] * len(contents)
    for block in _blocks(pairs, PAIR_BLOCK):
        scores = _scores(
            [content_pair_features(ctx, pieces, cue, contents[k]) for k, cue in block], content_weights
        )
        for (k, cue), score in zip(block, scores, strict=True):
            if score > best[k][0]:
                best[k] = (score, cue)
    for k, (content, (best_score, best_cue)) in enumerate(zip(contents, best, strict=True)):
        if not _says_something(ctx.text, spans[k]):
            continue
        if best_cue is None or best_score < content_threshold:
            if keep_uncued == "all" or (keep_uncued == "quoted" and quoted[k]):
                alone.append(
                    Assembled(None, [content], None, 1.0 - _sigmoid(best_score) if best_cue else 1.0)
                )
        else:
            item = by_cue[id(best_cue)]
            item.contents.append(content)
            item.link_confidence = min(item.link_confidence, _sigmoid(best_score))
    out = [a for a in by_cue.values() if a.contents]
    attach_sources(ctx, pieces, sources, out, source_weights, source_threshold, parse_fallback)
    controlled_sources(ctx, sources, out)
    extra = according_attributions(ctx, cues, out)
    attach_sources(ctx, pieces, sources, extra, source_weights, source_threshold, parse_fallback)
    out.extend(extra)
    out.extend(alone)
    out.sort(key=lambda a: min(c.first for c in a.contents))
    return out


def attach_sources(
    ctx: PairContext,
    pieces: list[Piece],
    sources: list[Piece],
    out: list[Assembled],
    source_weights: np.ndarray,
    source_threshold: float,
    parse_fallback: bool,
) -> None:
    """Give each cued attribution of ``out`` its best-scoring source of ``sources`` (in text order)
    over ``source_threshold``, else (with ``parse_fallback``) its cue's grammatical subject."""
    source_firsts = [p.first for p in sources]
    source_pairs = ((item, source) for item in out for source in _near(sources, source_firsts, item.cue)  # type: ignore[arg-type]
                    if item.cue.para == source.para)  # type: ignore[union-attr]  # fmt: skip
    chosen: dict[int, tuple[float, Piece]] = {}
    for block in _blocks(source_pairs, PAIR_BLOCK):
        probs = _scores(
            [source_pair_features(ctx, pieces, item.cue, source) for item, source in block],  # type: ignore[arg-type]
            source_weights,
        )
        for (item, source), score in zip(block, probs, strict=True):
            p = _sigmoid(score)
            if p > source_threshold and p > chosen.get(id(item), (0.0, source))[0]:
                chosen[id(item)] = (p, source)
    for item in out:
        best_source = chosen.get(id(item), (0.0, None))[1]
        if best_source is None and parse_fallback:
            best_source = subject_piece(ctx, item.cue, item.contents)  # type: ignore[arg-type]
        item.source = best_source


def controller(ctx: PairContext, root: int) -> list[int]:
    """The subject tokens of the verb that a cue verb without a subject of its own hangs from by
    `_CONTROLLED` arcs (through a preposition for a gerund: "after blasting", "by voting"); [] when
    the cue has a subject or hangs otherwise."""
    heads, dep = ctx.heads, ctx.dep
    if dep[root] not in _CONTROLLED or any(dep[c] in _SUBJECT for c in ctx.children(root)):
        return []
    head = heads[root]
    if dep[root] == _PCOMP and dep[head] == _PREP:
        head = heads[head]
    if head == root or ctx.pos[head] not in _VERBAL:
        return []
    return [c for c in ctx.children(head) if dep[c] in _SUBJECT]


def controlled_sources(ctx: PairContext, sources: list[Piece], out: list[Assembled]) -> None:
    """A participle or gerund cue without a subject of its own takes as source the tagged source
    piece that holds the subject of the clause it hangs from, whatever the linker chose: PolNeAR's
    annotators mark that subject ("Glenn Beck" for "After blasting the Drudge Report, Glenn Beck
    doubled down"), and the linker's pair features only see the cue's own subject (train out of
    fold, folds 0-2: source accuracy 0.894 -> 0.897, docs/attribution.md "After the tagger")."""
    for item in out:
        if item.cue is None:
            continue
        subjects = controller(ctx, item.cue.root)
        if not subjects:
            continue
        para = item.cue.para
        hit = next(
            (p for p in sources if p.para == para and any(p.first <= i < p.last for i in subjects)), None
        )
        if hit is not None:
            item.source = hit


@lru_cache(maxsize=1)
def _according_phrases() -> tuple[tuple[str, ...], ...]:
    """The "according to" phrases of resources/cues.json that attribute a quote, as words."""
    return tuple(tuple(phrase.lower().split()) for phrase in according_to("quote"))


def according_attributions(ctx: PairContext, cues: list[Piece], out: list[Assembled]) -> list[Assembled]:
    """A cue piece "according to X" that no content was linked to becomes an attribution of the clause
    it modifies: its head's subtree without the "according to" phrase and edge punctuation, in the
    cue's paragraph. PolNeAR marks "X said Y, according to Z" as Z's attribution too, and a content
    links to one cue only, so the inner cue took it (train out of fold, folds 0-2: cue accuracy
    0.903 -> 0.905; docs/attribution.md "After the tagger"). Sources are attached by the caller."""
    doc = ctx.doc
    used = {id(a.cue) for a in out}
    phrases = _according_phrases()
    contents = sorted((c for a in out for c in a.contents), key=lambda c: c.first)
    firsts, lasts = [c.first for c in contents], [c.last for c in contents]
    found = []
    for cue in cues:
        if id(cue) in used:
            continue
        words = [t.lower_ for t in doc[cue.first : cue.first + 4]]
        if not any(tuple(words[: len(p)]) == p for p in phrases):
            continue
        head = ctx.heads[cue.root]
        if head == cue.root:
            continue
        phrase = {t.i for t in doc[cue.root].subtree} | set(range(cue.first, cue.last))
        toks = [t.i for t in doc[head].subtree if t.i not in phrase and ctx.para[t.i] == cue.para]
        while toks and (doc[toks[0]].is_punct or doc[toks[0]].is_space):
            toks.pop(0)
        while toks and (doc[toks[-1]].is_punct or doc[toks[-1]].is_space):
            toks.pop()
        if not toks:
            continue
        first, last = toks[0], toks[-1] + 1
        # the clause covers the contents linked inside it whole (a trailing comma the tagger gave
        # one), so that quotes.v1 reads it as relaying that attribution, not as a quote of its own
        # content pieces never overlap, so those meeting [first, last) are one run (two bisections)
        run = contents[bisect.bisect_right(lasts, first) : bisect.bisect_left(firsts, last)]
        inner = [c for c in run if c.para == cue.para]
        first = min([first, *(c.first for c in inner)])
        last = max([last, *(c.last for c in inner)])
        found.append(Assembled(cue, [Piece("content", first, last, head, cue.para, cue.confidence)]))
    return found


def _near(pieces: list[Piece], firsts: list[int], piece: Piece) -> list[Piece]:
    """The ``pieces`` (in text order, ``firsts`` their first tokens) inside ``piece`` and the
    `NEAREST` before and after it."""
    if len(pieces) <= 2 * NEAREST:
        return pieces
    lo = bisect.bisect_left(firsts, piece.first)
    hi = bisect.bisect_left(firsts, piece.last)
    return pieces[max(0, lo - NEAREST) : hi + NEAREST]


def _blocks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    it = iter(items)
    while block := list(islice(it, size)):
        yield block


def _scores(rows: list[list[float]], weights: np.ndarray) -> list[float]:
    if not rows:
        return []
    return (np.asarray(rows, dtype=np.float64) @ weights).tolist()
