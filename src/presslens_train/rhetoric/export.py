"""Export the (frozen) base encoder to int8 ONNX: the encoder PressLens runs, and the variants CV compares.

Why a frozen encoder: every head on top of it (line model, span head, genre, frames) can then be chosen
by grouped cross-validation over all training articles without leakage (an encoder fine-tuned on some
articles would have seen the labels of the held-out folds). ``layers`` keeps only the first N
transformer layers (a shorter, faster encoder); ``outputs`` names the layers whose hidden states the
graph returns (CV reads several from one pass; the shipped graph returns one, called ``hidden``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np


def export_encoder(
    base: Path,
    out: Path,
    layers: int,
    outputs: tuple[int, ...] | None = None,
    quantize: bool = True,
    fuse: bool = False,
) -> Path:
    """Write ``out/model.onnx`` (int8, or float32 without ``quantize``: only to time the two) +
    ``tokenizer.json``: the first ``layers`` layers of ``base``. ``fuse``: onnxruntime's BERT fusions
    (one Attention op per layer, skip-layer-norm, bias-GELU) before quantising."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import BertModel

    out.mkdir(parents=True, exist_ok=True)
    model = BertModel.from_pretrained(
        str(base), add_pooling_layer=False, local_files_only=True, attn_implementation="eager"
    )
    model.encoder.layer = model.encoder.layer[:layers]
    model.config.num_hidden_layers = layers
    model.eval()
    wanted = outputs or (layers,)
    names = ["hidden"] if outputs is None else [f"hidden{n}" for n in wanted]

    class Export(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            states = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True
            ).hidden_states
            return tuple(states[n] for n in wanted)

    fp32 = out / "model-fp32.onnx"
    dummy = (torch.tensor([[101, 7592, 2088, 102]]), torch.ones(1, 4, dtype=torch.long))
    axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}}
    axes.update({n: {0: "batch", 1: "seq"} for n in names})
    with torch.no_grad():
        torch.onnx.export(
            Export(model),
            dummy,
            str(fp32),
            opset_version=17,
            dynamo=False,
            input_names=["input_ids", "attention_mask"],
            output_names=names,
            dynamic_axes=axes,
        )
    if fuse:
        from onnxruntime.transformers.optimizer import optimize_model

        cfg = model.config
        fused = optimize_model(
            str(fp32), "bert", cfg.num_attention_heads, cfg.hidden_size, opt_level=0, use_gpu=False
        )
        fused.save_model_to_file(str(fp32))
    if quantize:
        import onnx

        # the fused ops come from onnxruntime's contrib domain, which ONNX shape inference cannot type
        extra = {"DefaultTensorType": onnx.TensorProto.FLOAT} if fuse else {}
        quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, extra_options=extra)
        fp32.unlink()
    else:
        fp32.replace(out / "model.onnx")
    shutil.copy2(base / "tokenizer.json", out / "tokenizer.json")
    return out / "model.onnx"


# python -m presslens_train.rhetoric.export OUT LAYERS [OUTPUT_LAYERS...] [--fp32] [--fuse]
if __name__ == "__main__":
    import sys

    from presslens_train.rhetoric.train import base_model_dir

    flags = {"--fp32", "--fuse"}
    args = [a for a in sys.argv[1:] if a not in flags]
    outs = tuple(int(x) for x in args[2:]) or None
    quantize, fuse = "--fp32" not in sys.argv, "--fuse" in sys.argv
    path = export_encoder(base_model_dir(), Path(args[0]), int(args[1]), outs, quantize, fuse)
    print(path, round(path.stat().st_size / 1e6, 1), "MB", np.__version__)
