"""PolNeAR parsed once with the runtime's spaCy pipeline and cached, so training and cross-validation
read the same parses the extractor sees at run time (a different parse would teach it the wrong
features)."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from spacy.tokens import Doc, DocBin

from presslens.evaluation.polnear import Document
from presslens.nlp import PINNED_MODEL_DIGEST, load_spacy

log = logging.getLogger(__name__)


def cache_key(docs: list[Document]) -> str:
    digest = hashlib.sha256(PINNED_MODEL_DIGEST.encode())
    for doc in docs:
        digest.update(doc.name.encode())
        digest.update(hashlib.sha256(doc.text.encode()).digest())
    return digest.hexdigest()[:16]


def parsed(docs: list[Document], cache_dir: Path | None = None) -> list[Doc]:
    """spaCy docs for ``docs`` (with ``doc.tensor``), from ``cache_dir`` when already parsed there."""
    nlp = load_spacy()
    path = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = cache_dir / f"polnear-{cache_key(docs)}.spacy"
        tensors = path.with_suffix(".npz")
        if path.is_file() and tensors.is_file():
            import numpy as np

            out = list(DocBin().from_disk(path).get_docs(nlp.vocab))
            arrays = np.load(tensors)
            for i, doc in enumerate(out):
                doc.tensor = arrays[f"t{i}"].astype("float32")
            return out
    out = []
    for i, doc in enumerate(nlp.pipe((d.text for d in docs), batch_size=8)):
        out.append(doc)
        if i % 100 == 0:
            log.info("parsed %d/%d", i, len(docs))
    if path is not None:
        import numpy as np

        bin_ = DocBin(attrs=["ORTH", "TAG", "POS", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SENT_START"])
        for doc in out:
            bin_.add(doc)
        bin_.to_disk(path)
        np.savez_compressed(
            path.with_suffix(".npz"), **{f"t{i}": d.tensor.astype("float16") for i, d in enumerate(out)}
        )
    return out
