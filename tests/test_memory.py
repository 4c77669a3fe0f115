"""Memory of the longest article allowed: one real process, its peak resident size (issue 14, #10).

The fuzz benchmark's goal is at most 1.5 GB per worker; before the encoders ran in pieces, one
200,000-character article took 1.26 GB through the CLI (spaCy's token encoders held ~15 kB of
intermediate arrays per token, the rhetoric line model one 120 kB TF-IDF row per line). This test
analyses an article at the length limit, made of many short paragraphs (the worst case for both),
in a fresh `presslens analyze` process and bounds the peak that ``wait4`` reports. The bound leaves
room above what it measures (docs/fuzz.md) and stays well under what the old code took.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from presslens.attribution import assemble
from presslens.attribution.features import extract
from presslens.attribution.runtime import pieces_of, shipped_model
from presslens.ingest.read import DEFAULT_MAX_CHARS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "fictional-port-strike.txt"
#: Peak resident memory allowed for the analysis of one article at the length limit, in MB: the goal
#: is 1.5 GB per worker (issues 10 and 14), kept with 200 MB to spare. Measured: 963 MB in the full
#: suite once attribution.v1 joined the pipeline (about 440 MB without it; docs/fuzz.md).
PEAK_MB = 1300


def test_an_article_at_the_length_limit_is_analysed_within_the_memory_bound(tmp_path: Path) -> None:
    example = EXAMPLE.read_text(encoding="utf-8")
    text = (example.strip() + "\n\n") * (DEFAULT_MAX_CHARS // (len(example) + 2) + 1)
    text = text[: DEFAULT_MAX_CHARS - 1000]
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "long.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "presslens.cli", "analyze", str(source), "-f", "json", "--out", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert os.waitstatus_to_exitcode(status) == 0, stderr[-2000:]
    (article,) = json.loads(out.read_text(encoding="utf-8"))
    assert len(article["text"]) > 150_000 and "techniques.v1" in article["components"]
    assert len(article["claims"]) > 100  # the whole text was analysed, not a prefix
    peak_mb = usage.ru_maxrss // 1024
    assert peak_mb < PEAK_MB, f"analysing {len(text):,} characters peaked at {peak_mb} MB"


def test_attribution_links_one_long_paragraph_in_blocks_as_it_would_at_once(pipeline, monkeypatch) -> None:
    """Every (cue, content) and (cue, source) pair within a paragraph of each other is scored. A long text
    without line breaks is one paragraph, with thousands of pairs: they are scored in blocks of
    ``PAIR_BLOCK`` (memory), and the pieces between two pieces are counted by bisection (time). Neither
    may change a link: blocks of 64 pairs and one block of all give the same attributions, and the
    count agrees with counting piece by piece."""
    example = EXAMPLE.read_text(encoding="utf-8")
    text = " ".join([" ".join(example.split())] * 8)  # one paragraph, ~15,000 characters
    doc = pipeline.nlp(text)
    model = shipped_model()
    feats = extract(doc, model.vocab, text)
    probs = model.tag_probs(feats)
    pieces = pieces_of(feats, probs, feats.space, model.role_weights)
    cues = [p for p in pieces if p.role == "cue"]
    contents = [p for p in pieces if p.role == "content"]
    assert len(cues) * len(contents) > 10 * 64  # many blocks
    ctx = assemble.context_of(doc, feats, pieces, text)
    spans = {
        r: np.array([(p.first, p.last) for p in pieces if p.role == r]) for r in ("cue", "source", "content")
    }
    for a in cues:
        for b in pieces:
            lo, hi = min(a.last, b.last), max(a.first, b.first)
            for role, (firsts, lasts) in ((r, s.T) for r, s in spans.items() if len(s)):
                inside = (lo <= firsts) & (lasts <= hi) & (firsts != a.first) & (firsts != b.first)
                assert ctx.between(a, b, role) == int(inside.sum()), (a, b, role)
    monkeypatch.setattr(assemble, "PAIR_BLOCK", 10**9)
    whole = model.found(doc, feats, probs, feats.space, text)
    monkeypatch.setattr(assemble, "PAIR_BLOCK", 64)
    blocks = model.found(doc, feats, probs, feats.space, text)
    assert len(whole) > 20 and any(f.source for f in whole)
    assert blocks == whole


def _links(pipeline, text: str, min_cues: int = 0) -> list:
    doc = pipeline.nlp(text)
    model = shipped_model()
    feats = extract(doc, model.vocab, text)
    probs = model.tag_probs(feats)
    pieces = pieces_of(feats, probs, feats.space, model.role_weights)
    assert sum(p.role == "cue" for p in pieces) >= min_cues
    return model.found(doc, feats, probs, feats.space, text)


def test_linking_looks_at_the_nearest_pieces_only_where_that_changes_nothing(
    pipeline, seeds_dir, monkeypatch
) -> None:
    """A content is linked to the `NEAREST` cues on either side (and those inside it), a cue to the
    nearest sources: a paragraph of 20,000 "said" made all-pairs linking run for minutes (fuzz inputs
    6515, 7686, 9622). On real articles, the five seeds one after another (90 cues, paragraphs
    kept) and the bundled example eight times as one paragraph, the links are those of all pairs."""
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))
    example = EXAMPLE.read_text(encoding="utf-8")
    one_paragraph = " ".join([" ".join(example.split())] * 8)
    for text in (seeds, one_paragraph):
        monkeypatch.setattr(assemble, "NEAREST", 10**9)
        everything = _links(pipeline, text)
        monkeypatch.setattr(assemble, "NEAREST", 32)
        nearest = _links(pipeline, text, min_cues=2 * assemble.NEAREST + 1)  # the window applies
        assert len(everything) > 20
        assert nearest == everything


def test_a_paragraph_of_cues_scores_a_bounded_number_of_pairs(pipeline, monkeypatch) -> None:
    """Each content is scored against at most `NEAREST` cues on either side plus those inside it."""
    text = "said " * 1500
    doc = pipeline.nlp(text)
    model = shipped_model()
    feats = extract(doc, model.vocab, text)
    pieces = pieces_of(feats, model.tag_probs(feats), feats.space, model.role_weights)
    cues = [p for p in pieces if p.role == "cue"]
    contents = [p for p in pieces if p.role == "content"]
    assert contents and len(cues) > 4 * assemble.NEAREST
    calls = []
    original = assemble.content_pair_features
    monkeypatch.setattr(assemble, "content_pair_features", lambda *a: calls.append(1) or original(*a))
    _links(pipeline, text)
    inside = sum(c.first <= q.first < c.last for c in contents for q in cues)
    assert len(calls) <= len(contents) * 2 * assemble.NEAREST + inside < len(contents) * len(cues)


def test_the_block_index_finds_every_span_that_overlaps_a_range() -> None:
    """The quote merge looks only at items near a rule (`_Near`), not at every item: on random spans,
    every one that overlaps a range is among those found (more may be: same block, no overlap)."""
    import random

    from presslens.components.attributions import _Near, _overlaps

    rng = random.Random(0)
    spans = []
    for _ in range(400):
        start = rng.randrange(0, 20_000)
        spans.append((start, start + rng.choice([0, 1, 5, 300, 1024, 2500])))
    near = _Near()
    for k, span in enumerate(spans):
        near.add(k, [span])
    for _ in range(300):
        start = rng.randrange(0, 20_000)
        end = start + rng.choice([1, 10, 700, 3000])
        found = near.around(start, end)
        assert found == sorted(found)
        assert {k for k, s in enumerate(spans) if _overlaps(s, (start, end))} <= set(found)
