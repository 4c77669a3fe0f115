"""spaCy's matrix products through blis (as shipped) or numpy's OpenBLAS: CPU per pipe, whether the
annotations stay the same, and whether a row's result depends on the rows multiplied with it.

    BLIS_ARCH_DEBUG=1 python benchmarks/thinc_gemm_ab.py [--limit 40] [--batch-size 8]

Why: the ``blis`` wheel picks its kernel from the CPU and uses its portable C kernel ('generic')
on a CPU it does not know (session 8's AMD Zen 5, family 26: ``BLIS_ARCH_DEBUG=1`` prints it).
Switching thinc to numpy's OpenBLAS (``NumpyOps(use_blis=False)`` on every layer) is faster, but a
result must not depend on which other documents share a batch (`presslens.nlp.chunk_tok2vec` and
``-j N`` rely on it); the last lines check that property for both libraries. Not shipped: see
docs/benchmarks.md, "Zen 5 machine (session 8)".
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from presslens.bench import default_inputs, load_articles  # noqa: E402
from presslens.nlp import build_spacy  # noqa: E402
from presslens.threads import limit_blas_threads  # noqa: E402


def use_numpy_gemm(nlp) -> None:
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops


def run(nlp, texts: list[str], batch_size: int) -> tuple[dict[str, float], list[str]]:
    """CPU seconds per pipe, and a digest of each document's annotations."""
    list(nlp.pipe(texts[:4], batch_size=batch_size))  # warm-up
    docs = [nlp.make_doc(t) for t in texts]
    cpu: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        start = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:  # a function component (presslens_paragraphs)
            docs = [proc(d) for d in docs]
        cpu[name] = time.process_time() - start
    digests = []
    for d in docs:
        rows = [(t.tag_, t.pos_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in d]
        digests.append(hashlib.sha256(repr(rows).encode()).hexdigest())
    return cpu, digests


def rows_depend_on_batch(gemm) -> bool:
    """Whether the first m rows of a product differ from the product of the first m rows alone."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1000, 288)).astype(np.float32)
    b = rng.standard_normal((288, 288)).astype(np.float32)
    full = gemm(a, b)
    return any(not np.array_equal(gemm(a[:m], b), full[:m]) for m in (1, 7, 8, 100, 999))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()
    limit_blas_threads()
    texts = [a.text for a in load_articles(default_inputs(), args.limit)[0]]
    results = {}
    for mode in ("blis", "numpy"):
        nlp = build_spacy()
        if mode == "numpy":
            use_numpy_gemm(nlp)
        results[mode] = run(nlp, texts, args.batch_size)
        cpu = results[mode][0]
        per = ", ".join(f"{k} {1000 * v / len(texts):.1f}" for k, v in cpu.items())
        print(f"{mode}: {1000 * sum(cpu.values()) / len(texts):.1f} ms CPU per article ({per})")
    same = sum(a == b for a, b in zip(results["blis"][1], results["numpy"][1], strict=True))
    print(f"documents with identical annotations: {same} of {len(texts)}")
    import blis.py

    print(f"blis: rows depend on the batch: {rows_depend_on_batch(lambda a, b: blis.py.gemm(a, b))}")
    print(f"numpy (OpenBLAS): rows depend on the batch: {rows_depend_on_batch(lambda a, b: a @ b)}")


if __name__ == "__main__":
    main()
