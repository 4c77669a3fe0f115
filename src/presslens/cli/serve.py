"""`presslens serve`: run the web app with uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from presslens.cli.console import info, warn
from presslens.cli.ingest import DEFAULT_DB


def serve(
    db: Annotated[
        Path, typer.Option("--db", help="SQLite database made by `presslens ingest`.")
    ] = DEFAULT_DB,
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    allow_ingest: Annotated[
        bool,
        typer.Option("--allow-ingest", help="Open the database read-write and let the form store articles."),
    ] = False,
    allow_fetch: Annotated[
        bool, typer.Option("--allow-fetch", help="Let the form fetch a submitted URL.")
    ] = False,
    tolerance: Annotated[float, typer.Option(help="Relative gap above which two figures disagree.")] = 0.10,
    period_days: Annotated[
        int, typer.Option(help="Figures dated within this many days are the same period.")
    ] = 14,
    stale_days: Annotated[
        int, typer.Option(help="A figure this many days older than the latest is stale.")
    ] = 30,
) -> None:
    """Browse a corpus: figures side by side, names and voices per outlet, highlights, search, exports."""
    from presslens.extras import need

    need("fastapi", "web", "presslens serve")
    uvicorn = need("uvicorn", "web", "presslens serve")
    from presslens.web.app import create_app

    app = create_app(
        db,
        allow_ingest=allow_ingest,
        allow_fetch=allow_fetch,
        tolerance=tolerance,
        period_days=period_days,
        stale_days=stale_days,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"serving on {host}: anyone who can reach this machine can read the corpus")
    mode = "read-write" if allow_ingest else "read-only"
    info(f"PressLens on http://{host}:{port}/ ({db}, {mode}, URL fetching {'on' if allow_fetch else 'off'})")
    uvicorn.run(app, host=host, port=port, log_level="warning")
