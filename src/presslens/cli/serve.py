"""`presslens serve`: run the web app with uvicorn.

Option defaults are read from `presslens.web.settings.Settings`, the one place they are written.
The port is bound before anything is printed, so a busy port is one error line, never a banner
followed by uvicorn's traceback.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Annotated

import typer

from presslens.cli.console import fail, info, warn
from presslens.web.settings import Settings

DEFAULTS = Settings()


def serve(
    db: Annotated[
        Path, typer.Option("--db", help="SQLite database made by `presslens ingest`.")
    ] = DEFAULTS.db,
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (default: this machine only).")
    ] = DEFAULTS.host,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = DEFAULTS.port,
    allow_ingest: Annotated[
        bool,
        typer.Option("--allow-ingest", help="Open the database read-write and let the form store articles."),
    ] = DEFAULTS.allow_ingest,
    allow_fetch: Annotated[
        bool, typer.Option("--allow-fetch", help="Let the form fetch a submitted URL.")
    ] = DEFAULTS.allow_fetch,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A Host name to answer besides the bind address and localhost (repeat it; '*': any).",
        ),
    ] = None,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Longest text the analyse form accepts, in characters.")
    ] = DEFAULTS.max_chars,
    analysis_workers: Annotated[
        int, typer.Option(min=1, max=64, help="Analyses that run at once (one process each).")
    ] = DEFAULTS.analysis_workers,
    analysis_queue: Annotated[
        int, typer.Option(min=0, help="Analyses that may wait for a worker; more get 429.")
    ] = DEFAULTS.analysis_queue,
    analysis_timeout: Annotated[
        float,
        typer.Option(min=1, help="Seconds an analysis may wait for a worker, and then run (503 after)."),
    ] = DEFAULTS.analysis_timeout,
    tolerance: Annotated[
        float, typer.Option(help="Relative gap above which two figures disagree.")
    ] = DEFAULTS.tolerance,
    period_days: Annotated[
        int, typer.Option(help="Figures dated within this many days are the same period.")
    ] = DEFAULTS.period_days,
    stale_days: Annotated[
        int, typer.Option(help="A figure this many days older than the latest is stale.")
    ] = DEFAULTS.stale_days,
) -> None:
    """Browse a corpus: figures side by side, names and voices per outlet, highlights, search, exports."""
    from presslens.extras import need

    need("fastapi", "web", "presslens serve")
    uvicorn = need("uvicorn", "web", "presslens serve")
    from presslens.web.app import create_app

    settings = Settings.build(
        db=db,
        host=host,
        port=port,
        allowed_hosts=tuple(allowed_host or ()),
        allow_ingest=allow_ingest,
        allow_fetch=allow_fetch,
        max_chars=max_chars,
        analysis_workers=analysis_workers,
        analysis_queue=analysis_queue,
        analysis_timeout=analysis_timeout,
        preload=True,
        tolerance=tolerance,
        period_days=period_days,
        stale_days=stale_days,
    )
    app = create_app(settings)
    sock = bind(host, port)
    port = sock.getsockname()[1]
    if host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"serving on {host}: anyone who can reach this machine can read the corpus")
        if host in ("0.0.0.0", "::") and not allowed_host:
            warn("only Host localhost is answered; add --allowed-host NAME for the name clients use")
    mode = "read-write" if allow_ingest else "read-only"
    shown = f"[{host}]" if ":" in host else host
    info(f"PressLens on http://{shown}:{port}/ ({db}, {mode}, URL fetching {'on' if allow_fetch else 'off'})")
    config = uvicorn.Config(app, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a one-line error (port busy, address not here)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise fail(f"cannot serve on {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise fail(
                f"port {port} on {host} is already in use; stop the other server or choose --port"
            ) from None
        raise fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock
