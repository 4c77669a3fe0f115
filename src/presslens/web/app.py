"""The PressLens web app (FastAPI): corpus overview, articles with highlights, figures side by side,
outlet comparison, search, exports, and an analyse form.

Every HTML page has a JSON twin at the same path plus ``.json``, built from the same view function
(presslens.web.views). Safety defaults: the database is opened read-only (``mode=ro``) unless the
app is created with ``allow_ingest``; submitted URLs are refused unless ``allow_fetch``; request
bodies over ``max_upload`` bytes get a 413; article ids are validated before any query; and every
template autoescapes.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException

from presslens import corpus
from presslens.errors import PressLensError
from presslens.extras import MissingExtra
from presslens.report.html import render_text
from presslens.report.view import HIGHLIGHT_TYPES
from presslens.store import connect, queries, store_dicts
from presslens.store.search import Filters, SearchError
from presslens.web import charts, views

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 2 * 1024 * 1024
EXPORT_FORMATS = ("csv", "json", "parquet")


class WebError(Exception):
    """An error shown to the user as a page (or JSON) with an HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def source_name(article: dict) -> str:
    """The file name (or URL) an article was read from: how an untitled article is named."""
    source = article.get("source") if isinstance(article.get("source"), dict) else {}
    path = source.get("path") or ""
    return PurePath(str(path)).name if path else str(source.get("url") or "")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(
        render_text=render_text,
        source_name=source_name,
        bar_chart=charts.bar_chart,
        heat=charts.heat_cell_style,
        pairs=charts.pairs,
        timeline_chart=charts.timeline_chart,
        HIGHLIGHT_TYPES=HIGHLIGHT_TYPES,
    )
    env.filters["num"] = charts.number
    return env


def create_app(
    db: str | Path,
    allow_ingest: bool = False,
    allow_fetch: bool = False,
    max_upload: int = MAX_UPLOAD,
    tolerance: float = 0.10,
    period_days: int = 14,
    stale_days: int = 30,
) -> FastAPI:
    """Build the app over the database at ``db`` (which must exist unless ``allow_ingest``)."""
    db = Path(db)
    if allow_ingest:
        connect(db).close()  # create and migrate once, so read paths find the schema
    else:
        connect(db, readonly=True).close()  # fail now, with a clear message, if it is missing or old
    app = FastAPI(
        title="PressLens", version="1", docs_url=None, redoc_url=None
    )  # Swagger UI loads from a CDN
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(env=_environment())
    cache: dict[str, Any] = {}
    config = {
        "allow_ingest": allow_ingest,
        "allow_fetch": allow_fetch,
        "max_upload": max_upload,
        "tolerance": tolerance,
        "period_days": period_days,
        "stale_days": stale_days,
    }
    app.state.config = config

    @contextmanager
    def conn() -> Iterator[sqlite3.Connection]:
        c = connect(db, readonly=not allow_ingest)
        try:
            yield c
        finally:
            c.close()

    lock = threading.Lock()  # request handlers run in a thread pool; one computes, the others wait

    def stamp() -> tuple:
        return tuple(
            (p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in (db, Path(f"{db}-wal"))
        )

    def corpus_articles(c: sqlite3.Connection) -> list[dict[str, Any]]:
        """All article dicts, cached until the database changes (its files' size and mtime)."""
        with lock:
            return _articles_locked(c)

    def _articles_locked(c: sqlite3.Connection) -> list[dict[str, Any]]:
        now = stamp()
        if cache.get("stamp") != now:
            cache.clear()
            cache["articles"] = queries.iter_article_dicts(c)
            cache["memo"] = {}
            cache["stamp"] = now
        return cache["articles"]

    def memo(c: sqlite3.Connection, key: tuple, compute: Callable[[list[dict[str, Any]]], Any]) -> Any:
        """A cross-article result, computed once per database state and key (few keys are ever used)."""
        with lock:
            articles = _articles_locked(c)
            results = cache["memo"]
            if key not in results:
                if len(results) > 32:
                    results.clear()
                results[key] = compute(articles)
            return results[key]

    def groups(c: sqlite3.Connection, tol: float, period: int, stale: int) -> list[dict[str, Any]]:
        return memo(c, ("timelines", tol, period, stale), lambda a: corpus.timelines(a, tol, period, stale))

    def render(request: Request, template: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(
            request, template, {"data": data, "config": config}, status_code=status
        )

    def twin(
        path: str, template: str, build: Callable[[Request, sqlite3.Connection], dict[str, Any]]
    ) -> None:
        """Register ``path`` (HTML) and ``path.json`` (JSON) over the same view function."""
        json_path = "/index.json" if path == "/" else f"{path}.json"

        @app.get(json_path, name=f"{template}-json")
        def as_json(request: Request) -> JSONResponse:
            with conn() as c:
                return JSONResponse(build(request, c))

        @app.get(path, response_class=HTMLResponse, name=template, include_in_schema=False)
        def as_html(request: Request) -> HTMLResponse:
            with conn() as c:
                return render(request, template, build(request, c))

    @app.exception_handler(WebError)
    def web_error(request: Request, exc: WebError) -> Response:
        if request.url.path.endswith(".json") or request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        return render(request, "error.html", {"error": exc.message, "status": exc.status}, exc.status)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        """Framework errors (unknown route, wrong method) in the same one-line shape as ours."""
        return web_error(request, WebError(exc.status_code, str(exc.detail)))

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable) -> Response:
        """Refuse oversized bodies before reading them (413), whatever the route."""
        length = request.headers.get("content-length")
        if request.method in ("POST", "PUT") and length and length.isdigit() and int(length) > max_upload:
            message = f"request body of {int(length):,} bytes is over the {max_upload:,}-byte limit"
            if request.url.path.endswith(".json") or request.url.path.startswith("/api/"):
                return JSONResponse({"error": message}, status_code=413)
            return HTMLResponse(
                f"<!doctype html><title>Too large</title><h1>413: too large</h1><p>{message}</p>",
                status_code=413,
            )
        return await call_next(request)

    twin(
        "/",
        "overview.html",
        lambda request, c: views.overview(
            c, corpus_articles(c), groups(c, tolerance, period_days, stale_days)
        ),
    )

    def articles(request: Request, c: sqlite3.Connection) -> dict[str, Any]:
        try:
            limit = int(request.query_params.get("limit", 100))
            offset = int(request.query_params.get("offset", 0))
        except ValueError:
            raise WebError(400, "limit and offset must be whole numbers") from None
        if not (1 <= limit <= 1000 and offset >= 0):
            raise WebError(400, "limit must be 1..1000 and offset >= 0")
        return views.articles_list(c, limit, offset)

    twin("/articles", "articles.html", articles)

    def quantities(request: Request, c: sqlite3.Connection) -> dict[str, Any]:
        params = request.query_params
        try:
            tol = float(params.get("tolerance", config["tolerance"]))
            period = int(params.get("period_days", config["period_days"]))
            stale = int(params.get("stale_days", config["stale_days"]))
            limit = int(params.get("limit", views.MAX_LISTED))
        except ValueError:
            raise WebError(
                400, "tolerance must be a number, period_days and stale_days whole numbers"
            ) from None
        if not (0 <= tol <= 10 and 0 <= period <= 3650 and 0 <= stale <= 36500 and limit >= 0):
            raise WebError(
                400, "tolerance must be 0..10, period_days 0..3650, stale_days 0..36500, limit >= 0"
            )
        return views.quantities(groups(c, tol, period, stale), tol, period, stale, limit)

    twin("/quantities", "quantities.html", quantities)
    twin("/compare", "compare.html", lambda request, c: memo(c, ("compare",), views.compare))

    def search_view(request: Request, c: sqlite3.Connection) -> dict[str, Any]:
        p = request.query_params
        filters = Filters(
            **{k: (p.get(k) or None) for k in ("outlet", "since", "until", "technique", "speaker")}
        )
        try:
            return views.search_page(c, p.get("q", "")[:500], filters)
        except SearchError as exc:
            raise WebError(400, str(exc)) from None

    twin("/search", "search.html", search_view)

    def article_view(article_id: str) -> dict[str, Any]:
        if not queries.ARTICLE_ID.match(article_id):
            raise WebError(404, "no such article (ids are 16 hexadecimal digits)")
        with conn() as c:
            data = views.article(c, article_id)
        if data is None:
            raise WebError(404, f"no article {article_id} in this corpus")
        return data

    @app.get("/articles/{article_id}.json", name="article-json")
    def article_json(article_id: str) -> JSONResponse:
        return JSONResponse(article_view(article_id))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(request: Request, article_id: str) -> HTMLResponse:
        return render(request, "article.html", article_view(article_id))

    @app.get("/export/{table}.{fmt}", name="export")
    def export(table: str, fmt: str) -> Response:
        """Articles, claims or quotes as CSV, JSON or Parquet."""
        if table not in queries.EXPORT_TABLES or fmt not in EXPORT_FORMATS:
            raise WebError(
                404, f"exports are {', '.join(queries.EXPORT_TABLES)} as {', '.join(EXPORT_FORMATS)}"
            )
        with conn() as c:
            rows = queries.export_rows(c, table)
        try:
            body, media = _export(rows, fmt, table)
        except MissingExtra as exc:
            raise WebError(501, str(exc)) from None
        headers = {"Content-Disposition": f'attachment; filename="presslens-{table}.{fmt}"'}
        return Response(body, media_type=media, headers=headers)

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request) -> HTMLResponse:
        return render(request, "analyze.html", {})

    async def analyse_request(request: Request) -> dict[str, Any]:
        from presslens.web.analyse import analyse_submission

        if request.headers.get("content-type", "").startswith("application/json"):
            raw = bytearray()
            async for chunk in request.stream():  # a chunked body has no Content-Length to check first
                raw.extend(chunk)
                if len(raw) > max_upload:
                    raise WebError(413, f"request body is over the {max_upload:,}-byte limit")
            try:
                fields = json.loads(raw or b"{}")
            except ValueError:
                raise WebError(400, "body is not valid JSON") from None
            if not isinstance(fields, dict):
                raise WebError(400, "body must be a JSON object")
            upload = None
        else:
            try:
                form = await request.form(max_files=1, max_fields=20, max_part_size=max_upload + 1)
            except HTTPException as exc:  # too many parts, or one part over the limit
                raise WebError(413 if "size" in str(exc.detail).lower() else 400, str(exc.detail)) from None
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            upload = form.get("file")
            upload = (
                await upload.read(max_upload + 1)
                if upload is not None and not isinstance(upload, str)
                else None
            )
        store = bool(fields.get("store")) and str(fields.get("store")).lower() not in ("0", "false", "off")
        if store and not allow_ingest:  # refuse before spending the analysis
            raise WebError(403, "this server is read-only; start it with --allow-ingest to store articles")
        try:
            data = analyse_submission(fields, upload, allow_fetch=allow_fetch, max_bytes=max_upload)
        except PressLensError as exc:
            status = getattr(exc, "status", 400)
            raise WebError(status, str(exc)) from None
        stored = False
        if store:
            with conn() as c:
                store_dicts(c, [data])
            stored = True
        return {"article": data, "duplicates": [], "stored": stored, "just_stored": stored}

    @app.post("/analyze.json", name="analyze-json")
    async def analyze_json(request: Request) -> JSONResponse:
        """Analyse a pasted text (form or JSON ``{"text": ...}``).

        Stored only when ``store`` is set and the server runs with --allow-ingest."""
        return JSONResponse(await analyse_request(request))

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_html(request: Request) -> HTMLResponse:
        return render(request, "article.html", await analyse_request(request))

    return app


def _export(rows: list[dict[str, Any]], fmt: str, table: str) -> tuple[bytes, str]:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False).encode("utf-8"), "application/json"
    if fmt == "csv":
        import csv

        out = io.StringIO()
        columns = list(rows[0]) if rows else list(_columns(table))
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode("utf-8"), "text/csv; charset=utf-8"
    from presslens.extras import need

    pa = need("pyarrow", "web", "Parquet export")
    pq = need("pyarrow.parquet", "web", "Parquet export")

    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in _columns(table)}), buffer)
    return buffer.getvalue(), "application/vnd.apache.parquet"


def _columns(table: str) -> list[str]:
    """Column names of an export query, for empty exports (read from an empty in-memory run)."""
    from presslens.store.schema import MIGRATIONS, _split

    mem = sqlite3.connect(":memory:")
    for _, script in MIGRATIONS:
        for statement in _split(script):
            if statement.strip():
                mem.execute(statement)
    cursor = mem.execute(queries.EXPORT_TABLES[table])
    names = [d[0] for d in cursor.description]
    mem.close()
    return names


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory presslens.web.app:app_from_env` (settings from PRESSLENS_*)."""
    return create_app(
        os.environ.get("PRESSLENS_DB", "presslens.db"),
        allow_ingest=os.environ.get("PRESSLENS_ALLOW_INGEST") == "1",
        allow_fetch=os.environ.get("PRESSLENS_ALLOW_FETCH") == "1",
    )
