"""Where the outer attribution is: per-token numbers from the parse and PolNeAR's cue counts.

Why: out of fold on PolNeAR train, half the cue errors are nested attributions ("Trump included
the Philippines on a list of countries *he said* had sent ...": the model takes the inner clause's
cue where the single annotator chose the outer one), and two thirds of the source errors follow a
wrong cue. The tagger's own features name the nearest verb ancestor's *word* but say nothing of
how far up a reporting word governs the token, nor how often a rare word attributes at all. These
columns do, for a tagger trained with them (``Settings.clause_features``; the shipped
``attribution.v1`` tagger was not):

====== ========================================================================================
own    cue rate of the token's word key (`lexicon.word_key`): gold cues it heads / (occurrences + 1)
head   cue rate of the token's syntactic head (0 for a root)
verb   cue rate of the nearest verb or auxiliary above the token (0 when none)
depth  reported-clause depth: over the clausal-complement arcs (`CLAUSAL`) on the path from the token
       to its root, the sum of the cue rates of the words they hang from, at most `MAX_DEPTH`
above  the highest cue rate among the token's ancestors (an outer cue governs it)
arcs   how many clausal-complement arcs lie above the token, whatever word governs them, over
       `MAX_ARCS` (at most 1)
====== ========================================================================================

Cue rates come from a table word key -> [gold cues it heads, occurrences] (``lexicon.json``'s
``cues`` at run time, the training folds' counts when training). Word keys are looked up once per
distinct (form, part of speech, morphology) of the article: spaCy's own lemmatizer caches on exactly
that triple, so the key is the one `lexicon.word_key` gives the token.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
from spacy.attrs import DEP, HEAD, MORPH, ORTH, POS
from spacy.tokens import Doc

from presslens.attribution.features import key

#: Number of columns `columns` returns.
CLAUSE_WIDTH = 6
#: Dependency labels of a clause that a word reports or governs as its complement.
CLAUSAL = ("ccomp", "xcomp", "parataxis")
MAX_DEPTH = 2.0
MAX_ARCS = 3
#: Longest path followed up the parse (spaCy's sentences are rarely deeper).
MAX_STEPS = 24

_CLAUSAL_KEYS = np.array([key(label) for label in CLAUSAL], dtype=np.uint64)
_VERB_KEYS = np.array([key("VERB"), key("AUX")], dtype=np.uint64)


#: (form, POS, morphology) hashes -> word key, across articles; emptied when it grows past `KEY_CACHE`.
_KEYS: dict[tuple[int, int, int], str] = {}
KEY_CACHE = 200_000


def word_keys(doc: Doc) -> list[str]:
    """`lexicon.word_key` of every token, computed once per distinct (form, POS, morphology)."""
    from presslens.attribution.lexicon import word_key

    if len(doc) == 0:
        return []
    if len(_KEYS) > KEY_CACHE:
        _KEYS.clear()
    arr = doc.to_array([ORTH, POS, MORPH])
    uniq, first, inverse = np.unique(arr, axis=0, return_index=True, return_inverse=True)
    keys = []
    for row, i in zip(uniq.tolist(), first.tolist(), strict=True):
        triple = (row[0], row[1], row[2])
        if triple not in _KEYS:
            _KEYS[triple] = word_key(doc[i])
        keys.append(_KEYS[triple])
    return [keys[k] for k in inverse.reshape(-1).tolist()]


def cue_rates(keys: list[str], table: dict[str, list[int]] | dict[str, tuple[int, int]]) -> np.ndarray:
    """hits / (occurrences + 1) of each key in ``table`` (0 for a key it does not hold)."""
    out = np.zeros(len(keys), np.float32)
    for i, k in enumerate(keys):
        hit = table.get(k)
        if hit is not None:
            out[i] = hit[0] / (hit[1] + 1)
    return out


def columns(doc: Doc, rates: np.ndarray) -> np.ndarray:
    """The `CLAUSE_WIDTH` columns (module docstring) of every token of ``doc``, given each token's
    cue rate ``rates`` [N]. Vectorised over tokens: one numpy step per level of the parse."""
    n = len(doc)
    out = np.zeros((n, CLAUSE_WIDTH), np.float32)
    if n == 0:
        return out
    arr = doc.to_array([HEAD, DEP, POS])
    index = np.arange(n)
    heads = index + arr[:, 0].astype(np.int64)
    dep, pos = arr[:, 1].astype(np.uint64), arr[:, 2].astype(np.uint64)
    rates = np.asarray(rates, np.float32)
    is_verb = np.isin(pos, _VERB_KEYS)
    clausal = np.isin(dep, _CLAUSAL_KEYS)
    cur = index.copy()
    depth = np.zeros(n, np.float32)
    above = np.zeros(n, np.float32)
    arcs = np.zeros(n, np.float32)
    verb = np.zeros(n, np.float32)
    verb_found = np.zeros(n, bool)
    for _ in range(MAX_STEPS):
        parent = heads[cur]
        moving = parent != cur
        if not moving.any():
            break
        up = rates[parent]
        depth += np.where(moving & clausal[cur], up, 0.0)
        arcs += moving & clausal[cur]
        above = np.where(moving, np.maximum(above, up), above)
        new_verb = moving & ~verb_found & is_verb[parent]
        verb = np.where(new_verb, up, verb)
        verb_found |= new_verb
        cur = np.where(moving, parent, cur)
    out[:, 0] = rates
    out[:, 1] = np.where(heads != index, rates[heads], 0.0)
    out[:, 2] = verb
    out[:, 3] = np.minimum(depth, MAX_DEPTH)
    out[:, 4] = above
    out[:, 5] = np.minimum(arcs, MAX_ARCS) / MAX_ARCS
    return out


def doc_columns(doc: Doc, table: dict[str, list[int]]) -> np.ndarray:
    """`columns` with the cue rates of ``table`` (``lexicon.json``'s ``cues`` at run time)."""
    return columns(doc, cue_rates(word_keys(doc), table))


def counts_sha256(table: dict[str, list[int]] | dict[str, tuple[int, int]]) -> str:
    """sha256 of a cue table as sorted JSON: pins the counts a tagger's columns were drawn from."""
    canonical = {k: [int(v[0]), int(v[1])] for k, v in table.items()}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()
