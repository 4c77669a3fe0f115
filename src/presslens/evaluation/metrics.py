"""Precision, recall and F1, computed one way for every evaluation command.

Each command's JSON is a contract that users' scripts read, rounding included (the quotes scorer
prints 3 digits, the others 4), so the digits are always the caller's argument: one formula, each
command's own precision. Unrounded values (``digits=None``) are for callers that average or compare
before printing (the SemEval scorer, the extraction benchmark).
"""

from __future__ import annotations


def ratio(part: float, whole: float) -> float:
    """``part / whole``, 0.0 when ``whole`` is 0 (nothing predicted: precision 0, not undefined)."""
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of ``precision`` and ``recall`` (0.0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def scores(precision: float, recall: float, digits: int | None) -> dict[str, float]:
    """``{"precision", "recall", "f1"}``: F1 from the unrounded values, each rounded to ``digits``."""
    out = {"precision": precision, "recall": recall, "f1": f1(precision, recall)}
    return out if digits is None else {key: round(value, digits) for key, value in out.items()}


def prf(tp: int, fp: int, fn: int, digits: int | None) -> dict[str, float]:
    """Precision, recall and F1 of true positives, false positives and false negatives."""
    return scores(ratio(tp, tp + fp), ratio(tp, tp + fn), digits)
