"""Scale out: analyse corpora of any size on a Dask cluster into a Parquet corpus, query it with DuckDB.

* `run` (`presslens.scale.run`): plan the inputs into partitions, analyse them on Dask workers
  (models loaded once per worker), write each partition atomically, report progress;
* `presslens.scale.views`: the cross-article views over the Parquet corpus, computed by DuckDB,
  equal to the SQLite store's on the same articles;
* `load_corpus` (`presslens.scale.load`): load a Parquet corpus into the SQLite store for
  `presslens serve`.

Needs the ``scale`` extra (``pip install 'presslens[scale]'``): dask[distributed], pyarrow, duckdb,
warcio. See docs/scale.md.
"""

from __future__ import annotations

from presslens.scale.dataset import DatasetError, is_corpus
from presslens.scale.partitions import DEFAULT_PARTITION_SIZE, Partition, PlanError, plan

__all__ = ["DEFAULT_PARTITION_SIZE", "DatasetError", "Partition", "PlanError", "is_corpus", "plan"]
