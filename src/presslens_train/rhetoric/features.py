"""Encoder features of every training article, computed once per encoder variant and cached.

Why: grouped cross-validation fits the heads many times (5 folds x variants), but a frozen encoder
gives the same hidden states every time, so the expensive part (onnxruntime over all windows) runs
once per variant. One ONNX graph can return several layers' hidden states (`export.export_encoder`
with ``outputs``), so comparing encoder depths costs one pass per window size.
"""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import raw_from_hidden

_STATE: dict = {}


def _init(model_dir: str, max_len: int, lines_only: bool = False) -> None:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from presslens.threads import limit_blas_threads

    limit_blas_threads()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(
        str(Path(model_dir) / "model.onnx"), opts, providers=["CPUExecutionProvider"]
    )
    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    names = [o.name for o in session.get_outputs()]
    _STATE.update(session=session, tok=tok, max_len=max_len, names=names, lines_only=lines_only)


def _one(item: tuple[str, str, bool]):
    aid, text, doc_only = item
    enc = D.encode_article(_STATE["tok"], text, _STATE["max_len"])
    per_output: dict[str, list[np.ndarray]] = {n: [] for n in _STATE["names"]}
    for win in enc.windows:
        ids = win.ids[None, :]
        outs = _STATE["session"].run(_STATE["names"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        for name, value in zip(_STATE["names"], outs, strict=True):
            per_output[name].append(value[0])
    result = {}
    for name, hiddens in per_output.items():
        raw = raw_from_hidden(enc, hiddens) if hiddens else None
        if raw is None:
            result[name] = {"doc_vec": None}
        elif doc_only:
            result[name] = {"doc_vec": raw.doc_vec}
        elif _STATE["lines_only"]:  # line and document states only (`frontier.py`): 1/300 of the size
            raw.token_hidden = np.zeros((0, raw.token_hidden.shape[1]), np.float16)
            raw.token_offsets = raw.token_offsets[:0]
            raw.token_line = raw.token_line[:0]
            result[name] = raw
        else:
            raw.token_hidden = raw.token_hidden.astype(np.float16)
            result[name] = raw
    return aid, result


def extract(
    model_dir: Path,
    texts: dict[str, str],
    max_len: int,
    out_prefix: Path,
    jobs: int = 2,
    doc_only: frozenset[str] = frozenset(),
    lines_only: bool = False,
) -> list[Path]:
    """Run the encoder over ``texts``; write one pickle ``{id: Raw}`` per graph output."""
    items = [(aid, text, aid in doc_only) for aid, text in texts.items()]
    collected: dict[str, dict] = {}
    init = (str(model_dir), max_len, lines_only)
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=init) as pool:
        for aid, result in pool.map(_one, items, chunksize=4):
            for name, raw in result.items():
                collected.setdefault(name, {})[aid] = raw
    paths = []
    for name, raws in collected.items():
        path = Path(f"{out_prefix}-{name}-w{max_len}.pkl")
        path.write_bytes(pickle.dumps(raws, protocol=5))
        paths.append(path)
    return paths


def polnear_texts(folder: Path) -> dict[str, str]:
    """PolNeAR article texts keyed ``polnear:<split>/<name>`` (train and dev)."""
    out = {}
    for split in ("train", "dev"):
        for path in sorted((folder / split / "text").glob("*.txt")):
            out[f"polnear:{split}/{path.stem}"] = path.read_text(encoding="utf-8")
    return out


if __name__ == "__main__":
    import argparse
    import time

    ap = argparse.ArgumentParser(description="Cache encoder features of the SemEval (and PolNeAR) articles.")
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("out_prefix", type=Path)
    ap.add_argument("max_len", type=int)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/semeval2023-en"))
    ap.add_argument(
        "--polnear", type=Path, default=None, help="also PolNeAR (document vectors only, or lines too)"
    )
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--limit", type=int, default=0, help="only the first N articles of each corpus (smoke test)"
    )
    ap.add_argument("--lines-only", action="store_true", help="no token states (enough for frontier.py)")
    args = ap.parse_args()
    paths = list(D.article_paths(args.data / "articles").items())[: args.limit or None]
    if not paths:
        raise SystemExit(f"no article*.txt in {args.data / 'articles'}")
    texts = {aid: D.read_article(p) for aid, p in paths}
    doc_only: frozenset[str] = frozenset()
    if args.polnear is not None:
        extra = polnear_texts(args.polnear)
        if not extra:
            raise SystemExit(f"no PolNeAR texts under {args.polnear}")
        if args.limit:
            extra = {
                k: extra[k] for k in sorted(extra)[: args.limit // 2] + sorted(extra)[-args.limit // 4 :]
            }
        texts.update(extra)
        doc_only = frozenset() if args.lines_only else frozenset(extra)
    t0 = time.time()
    for path in extract(
        args.model_dir, texts, args.max_len, args.out_prefix, args.jobs, doc_only, args.lines_only
    ):
        print(path, f"{time.time() - t0:.0f}s", flush=True)
