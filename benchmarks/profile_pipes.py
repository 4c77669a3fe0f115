"""Where does the pipeline's time go? Times spaCy's tokenizer, each spaCy pipe and each PressLens
component separately, in one process, over the first N benchmark articles.

    python benchmarks/profile_pipes.py [--limit 100] [--batch-size 16]

CPU time (``time.process_time``) is reported beside wall time, so the split stays meaningful on
a machine shared with other jobs. numpy's BLAS is capped at one thread, as in every worker of
``presslens analyze --jobs N`` (`presslens.threads`): uncapped, its idle threads spin and the
rhetoric heads show more CPU than wall time. `techniques.v1` is split in two rows: its encoder
(onnxruntime, one run per window) and the rest (tokenising, numpy heads, spans, the layers).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from presslens.api import get_pipeline  # noqa: E402
from presslens.bench import default_inputs, load_articles  # noqa: E402
from presslens.threads import limit_blas_threads  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    limit_blas_threads()  # numpy is loaded by now: the cap reaches its BLAS
    articles, _ = load_articles(default_inputs(), args.limit)
    pipeline = get_pipeline()
    nlp = pipeline.nlp
    list(pipeline.pipe(articles[:4]))  # warm-up
    rows: list[tuple[str, float, float]] = []

    def timed(name, func):
        wall, cpu = time.perf_counter(), time.process_time()
        out = func()
        rows.append((name, time.perf_counter() - wall, time.process_time() - cpu))
        return out

    docs = timed("spacy tokenizer", lambda: [nlp.make_doc(a.text) for a in articles])
    for name, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            run = lambda proc=proc, docs=docs: list(proc.pipe(docs, batch_size=args.batch_size))  # noqa: E731
        else:  # a function component (presslens_paragraphs)
            run = lambda proc=proc, docs=docs: [proc(doc) for doc in docs]  # noqa: E731
        docs = timed(f"spacy {name}", run)
    encoded = _time_encoder(pipeline, articles, timed)
    for info in pipeline.components:
        timed(
            f"presslens {info.name}",
            lambda info=info: [info.func(a, d) for a, d in zip(articles, docs, strict=True)],
        )
    if hasattr(articles[0], "finish"):  # links joined after the last component (presslens.layers)
        timed("presslens join links", lambda: [a.finish() for a in articles])
    timed("presslens to_dict (JSON)", lambda: [a.to_dict() for a in articles])
    total_cpu = sum(r[2] for r in rows)
    print(f"{len(articles)} articles, {sum(len(d) for d in docs)} tokens, batch size {args.batch_size}")
    print(f"{'stage':<34}{'wall s':>9}{'cpu s':>9}{'cpu %':>8}")
    for name, wall, cpu in rows:
        print(f"{name:<34}{wall:>9.2f}{cpu:>9.2f}{100 * cpu / total_cpu:>7.1f}%")
    print(f"{'total':<34}{sum(r[1] for r in rows):>9.2f}{total_cpu:>9.2f}")
    print(f"=> single-process CPU-bound rate {len(articles) / total_cpu:.2f} articles per CPU-second")
    print(f"   {1000 * total_cpu / len(articles):.0f} ms CPU per article; encoder windows {encoded}")


def _time_encoder(pipeline, articles, timed) -> str:
    """Time the rhetoric encoder alone and let `techniques.v1` reuse its outputs (so its own row is
    the rest). Returns a note on the windows: how many, and their wordpieces."""
    if "techniques.v1" not in pipeline.names:
        return "-"
    from presslens.rhetoric.runtime import get_model

    model = get_model()
    raws = timed("rhetoric encoder (onnxruntime)", lambda: {id(a.text): model.raw(a.text) for a in articles})
    model.raw = lambda text: raws[id(text)]  # instance attribute: this process only
    windows = [len(w.ids) for r in raws.values() for w in r.encoded.windows]
    return f"{len(windows)}, {sum(windows)} wordpieces ({sum(windows) / len(articles):.0f} per article)"


if __name__ == "__main__":
    main()
