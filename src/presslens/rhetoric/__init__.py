"""Rhetoric: SemEval-2023 persuasion techniques, genre and frames from a small ONNX model.

`presslens.rhetoric.runtime` runs the shipped artifact with onnxruntime + tokenizers only;
`presslens.rhetoric.train` (the ``presslens[train]`` extra) is the only place torch is imported.
"""
