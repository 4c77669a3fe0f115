"""Errors PressLens reports to users: each carries a one-line message, never a traceback."""

from __future__ import annotations


class PressLensError(Exception):
    """Base class: the message is shown to the user as is."""


class InputError(PressLensError):
    """An input could not be read or holds no article text."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple:
        # pickled with its two arguments: errors travel back from worker processes
        return type(self), (self.source, self.reason)


class AnalysisError(InputError):
    """Analysing one article failed (a bug, or a crash of the process analysing it); the batch goes on."""


class ModelError(PressLensError):
    """A model is missing or does not match its pinned hash."""


class PipelineError(PressLensError):
    """The component pipeline is misconfigured (unknown name, unmet requirement)."""
