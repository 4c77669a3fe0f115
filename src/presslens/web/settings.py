"""Every setting of the web app in one typed object, each with its one default.

`presslens serve` builds it from its options (whose defaults are read from here), the
``uvicorn --factory presslens.web.app:app_from_env`` path from ``PRESSLENS_*`` environment variables,
and tests from keyword arguments; the app reads nothing else. Validation happens here, once: a bad
value is a one-line error before the server starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:
    from fastapi.exceptions import RequestValidationError

from presslens.errors import PressLensError
from presslens.store.db import DEFAULT_DB


class SettingsError(PressLensError):
    """A setting has a value the app cannot run with."""


class Settings(BaseModel):
    """The web app's settings (see docs/web.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db: Path = Field(DEFAULT_DB, description="SQLite database made by `presslens ingest`.")
    host: str = Field("127.0.0.1", description="Interface to bind (default: this machine only).")
    port: int = Field(8000, ge=0, le=65535, description="TCP port.")
    allowed_hosts: tuple[str, ...] = Field(
        (), description="Host names answered besides the bind address and localhost ('*': any)."
    )
    allow_ingest: bool = Field(False, description="Open the database read-write; the form may store.")
    allow_fetch: bool = Field(False, description="Let the form fetch a submitted URL (public hosts only).")
    max_upload: int = Field(2 * 1024 * 1024, ge=1, description="Largest request body, in bytes.")
    max_chars: int = Field(200_000, ge=1, description="Longest text the form analyses, in characters.")
    analysis_workers: int = Field(1, ge=1, le=64, description="Analyses that run at once (processes).")
    analysis_queue: int = Field(8, ge=0, le=10_000, description="Analyses that may wait for a worker.")
    analysis_timeout: float = Field(
        60.0, gt=0, le=3600, description="Seconds an analysis may wait, then run."
    )
    preload: bool = Field(False, description="Start the analysis workers with the server, not on first use.")
    tolerance: float = Field(0.10, ge=0, le=10, description="Relative gap above which two figures disagree.")
    period_days: int = Field(14, ge=0, le=3650, description="Figures this many days apart are one period.")
    stale_days: int = Field(
        30, ge=0, le=36500, description="A figure this many days older than the latest is stale."
    )

    @classmethod
    def build(cls, **values: object) -> Settings:
        """Validated settings; a bad value is a `SettingsError` naming the setting."""
        try:
            return cls(**values)
        except ValidationError as exc:
            raise SettingsError(describe(exc)) from None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Settings from ``PRESSLENS_<NAME>`` variables (``PRESSLENS_DB``, ``PRESSLENS_ALLOW_INGEST=1``)."""
        values: dict[str, object] = {}
        for name, field in cls.model_fields.items():
            raw = environ.get(f"PRESSLENS_{name.upper()}")
            if raw is None:
                continue
            if field.annotation is bool:
                values[name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif name == "allowed_hosts":
                values[name] = tuple(h for h in raw.replace(",", " ").split() if h)
            else:
                values[name] = raw
        return cls.build(**values)


def describe(exc: ValidationError | RequestValidationError) -> str:
    """A pydantic error as one line: ``name: problem; other: problem``."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"] if p not in ("query", "body")) or "request"
        parts.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)
