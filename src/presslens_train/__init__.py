"""Training code for PressLens models (needs the ``[train]`` extra: torch, transformers, ...).

Kept apart from the runtime package on purpose: ``presslens`` never imports ``presslens_train``,
so analysing articles needs neither PyTorch nor any training dependency. Each model has its own
subpackage here (``rhetoric``, ``attribution``) with a reproducible command behind
``presslens train ...``.
"""
