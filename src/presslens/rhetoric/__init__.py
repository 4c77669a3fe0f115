"""Rhetoric: SemEval-2023 persuasion techniques, genre and frames from a small ONNX model.

`presslens.rhetoric.runtime` runs the shipped artifact with onnxruntime + tokenizers only. Training
lives in `presslens_train.rhetoric` (the ``presslens[train]`` extra), which this package never imports.
"""
