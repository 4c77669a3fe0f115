"""Near-duplicate detection (syndicated copies) with MinHash over word 5-shingles + LSH.

The same wire story republished by several outlets differs by a headline, a byline or a trailing
paragraph, so exact content ids miss it. Jaccard similarity of word 5-shingles, estimated with
datasketch's MinHash and indexed with MinHashLSH, finds such copies without comparing every pair.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch is imported on first use: `presslens --help` must not pay for it
    from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.8
#: Pinned so signatures stored today still compare after a datasketch upgrade changes its default.
SCHEME = "affine32"

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Lower-cased word ``size``-grams (the whole text as one shingle when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _datasketch():
    """datasketch (with scipy) comes with the [web] extra; without it, storing says so in one line."""
    from presslens.extras import need

    return need("datasketch", "web", "near-duplicate detection in the corpus store")


def signature(text: str) -> MinHash:
    sig = _datasketch().MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    for shingle in shingles(text):
        sig.update(shingle.encode("utf-8"))
    return sig


def to_blob(sig: MinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def from_blob(blob: bytes) -> MinHash:
    hashvalues = np.frombuffer(blob, dtype=np.uint64)
    return _datasketch().MinHash(num_perm=NUM_PERM, hashvalues=hashvalues, scheme=SCHEME)


class DuplicateIndex:
    """An in-memory LSH index over the signatures already stored, extended as articles are added."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        # LSH only proposes candidates; each is then checked against ``threshold`` with the full
        # signature. Indexing at a lower threshold keeps pairs just above it from being missed
        # (at 0.8 the banding misses a 0.87-similar pair about one time in five).
        self.threshold = threshold
        self.lsh = _datasketch().MinHashLSH(threshold=max(0.3, threshold - 0.3), num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}  # in insertion (= storage) order
        self.order: dict[str, int] = {}

    @classmethod
    def from_db(cls, conn: sqlite3.Connection, threshold: float = THRESHOLD) -> DuplicateIndex:
        index = cls(threshold)
        for row in conn.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY pk"):
            index.add(row[0], from_blob(row[1]))
        return index

    def add(self, article_id: str, sig: MinHash) -> None:
        if article_id not in self.signatures:
            self.lsh.insert(article_id, sig)
            self.signatures[article_id] = sig
            self.order[article_id] = len(self.order)

    def matches(self, article_id: str, sig: MinHash) -> list[tuple[str, float]]:
        """Stored articles whose estimated Jaccard similarity to ``sig`` passes the threshold."""
        found = []
        for other in self.lsh.query(sig):
            if other == article_id:
                continue
            similarity = float(sig.jaccard(self.signatures[other]))
            if similarity >= self.threshold:
                found.append((other, round(similarity, 4)))
        return sorted(found, key=lambda pair: -pair[1])

    def original(self, article_id: str, sig: MinHash) -> tuple[str, float] | None:
        """The earliest stored article this one nearly duplicates, with the similarity, or None.

        Linking each copy to the first stored member of its cluster (not to every member) keeps the
        `duplicates` table linear in the corpus size when a wire story is republished many times.
        """
        candidates = sorted((c for c in self.lsh.query(sig) if c != article_id), key=self.order.__getitem__)
        for other in candidates:
            similarity = float(sig.jaccard(self.signatures[other]))
            if similarity >= self.threshold:
                return other, round(similarity, 4)
        return None
