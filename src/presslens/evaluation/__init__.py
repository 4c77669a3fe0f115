"""Evaluation of PressLens's extractions against hand-made gold annotations (see docs/evaluation.md)."""
