"""What the Parquet path adds per article, in one process: ``python benchmarks/scale_rows.py [N]``.

Analyses the first N SemEval articles (default 30) with the default pipeline, then times, in CPU
seconds per article, the steps the Dask path adds after the analysis: ``Article.to_dict``, the
rows of every table (`PartitionRows.add_article`: the store mapping, figures, names, voices) and
the Arrow tables (`PartitionRows.tables`). docs/scale.md quotes it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
SEMEVAL = (
    Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared")) / "data" / "semeval2023-en" / "articles"
)

from presslens.api import get_pipeline  # noqa: E402
from presslens.ingest import load_inputs  # noqa: E402
from presslens.scale.tables import PartitionRows  # noqa: E402
from presslens.threads import limit_blas_threads  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    limit_blas_threads()
    files = [str(p) for p in sorted(SEMEVAL.glob("*.txt"))[:count]]
    pipeline = get_pipeline()
    list(pipeline.pipe(list(load_inputs(files[:2]))))  # models loaded and warm
    articles = list(load_inputs(files))
    started = time.process_time()
    done = list(pipeline.pipe(articles))
    analysis = time.process_time() - started
    started = time.process_time()
    dicts = [article.to_dict() for article in done]
    to_dict = time.process_time() - started
    rows = PartitionRows("bench")
    started = time.process_time()
    for seq, data in enumerate(dicts):
        rows.add_article(seq, data)
    add = time.process_time() - started
    started = time.process_time()
    rows.tables()
    arrow = time.process_time() - started
    n = len(done)
    extra = (to_dict + add + arrow) / n
    print(
        f"{n} articles, CPU ms per article: analysis {1000 * analysis / n:.1f}, "
        f"to_dict {1000 * to_dict / n:.2f}, "
        f"rows {1000 * add / n:.2f}, arrow {1000 * arrow / n:.2f}; added {100 * extra / (analysis / n):.2f} %"
    )


if __name__ == "__main__":
    main()
