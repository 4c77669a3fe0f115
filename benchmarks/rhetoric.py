"""Speed of the rhetoric layer (techniques.v1 model + lexicon.v1) on the SemEval-2023 articles.

Why a script and not a test: speed depends on the machine and its load, so it is measured and
written into docs/model-card.md with the command, never asserted in a timed test.

    python benchmarks/rhetoric.py --jobs 2 [--limit N] [--threads 1]

Prints articles/s (model loading excluded and included), characters/s, the peak resident memory
of each worker process and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from multiprocessing import get_context
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023-en"


def _init(threads: int) -> None:
    from presslens.components.lexicon import get_lexicon
    from presslens.rhetoric.runtime import get_model
    from presslens.threads import limit_blas_threads

    limit_blas_threads()  # as `presslens analyze --jobs N` workers do
    get_model(threads)
    get_lexicon()


def _work(args: tuple[list[str], int]) -> tuple[int, int, float]:
    from presslens.components.lexicon import annotate, get_lexicon
    from presslens.components.techniques import fill
    from presslens.model import Article
    from presslens.rhetoric.runtime import get_model

    paths, threads = args
    model, lexicon = get_model(threads), get_lexicon()
    chars = 0
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        article = Article(text=text)
        fill(article, model.predict(text))
        annotate(article, lexicon)
        chars += len(text)
    return len(paths), chars, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads per process")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=4)
    args = parser.parse_args()
    paths = sorted(str(p) for p in (args.data / "articles").glob("article*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        raise SystemExit(f"no articles under {args.data / 'articles'}")
    chunks = [(paths[i : i + args.chunk], args.threads) for i in range(0, len(paths), args.chunk)]
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    with get_context("spawn").Pool(args.jobs, initializer=_init, initargs=(args.threads,)) as pool:
        pool.map(_init_barrier, range(args.jobs), chunksize=1)
        t1 = time.perf_counter()
        results = pool.map(_work, chunks, chunksize=1)
    t2 = time.perf_counter()
    n = sum(r[0] for r in results)
    chars = sum(r[1] for r in results)
    peak = max(r[2] for r in results)
    print(f"articles: {n}  jobs: {args.jobs}  ort threads/process: {args.threads}  cpus: {os.cpu_count()}")
    print(
        f"analysis: {n / (t2 - t1):.2f} articles/s  ({chars / (t2 - t1) / 1000:.0f}k chars/s, {t2 - t1:.1f}s)"
    )
    print(f"with model loading: {n / (t2 - t0):.2f} articles/s ({t2 - t0:.1f}s)")
    print(f"peak RSS per worker: {peak:.0f} MiB")
    print(f"load average before: {load_before[0]:.2f}  after: {os.getloadavg()[0]:.2f}")


def _init_barrier(_: int) -> None:
    time.sleep(0.2)  # lets every worker finish its initializer before the clock starts


if __name__ == "__main__":
    main()
