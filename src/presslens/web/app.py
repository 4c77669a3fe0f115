"""The PressLens web app (FastAPI): corpus overview, articles with highlights, figures side by side,
outlet comparison, search, exports, and an analyse form.

Every HTML page has a JSON twin at the same path plus ``.json``, served by the same route from the same
view function (presslens.web.views). Every query parameter and body is typed (pydantic), so
``/openapi.json`` documents them and a bad value is a 400 with a one-line message. All settings come
from one `Settings` object (presslens.web.settings).

Safety: the database is opened read-only unless ``allow_ingest``; submitted URLs are refused unless
``allow_fetch`` (and then only public hosts); bodies over ``max_upload`` bytes are refused; analyses run
in worker processes with a character limit, a deadline and a queue limit (presslens.web.workers), so a
huge text never freezes the server; the Host allowlist, the cross-origin check and the security headers
are in presslens.web.security; every template autoescapes.
"""

# No `from __future__ import annotations` here: FastAPI reads the parameter types of the routes, which
# are defined inside create_app, when they are declared.

import io
import json
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.exceptions import HTTPException

from presslens import corpus
from presslens.extras import MissingExtra
from presslens.report.html import render_text
from presslens.report.view import ATTRIBUTION_KINDS, HIGHLIGHT_TYPES, who_says_what
from presslens.store import connect, exports, queries, store_dicts
from presslens.store.search import Filters, SearchError
from presslens.values.display import as_of_label, counted_label, format_value
from presslens.web import charts, views
from presslens.web.cache import CorpusCache
from presslens.web.security import SecurityMiddleware, allowed_hosts
from presslens.web.settings import Settings, describe
from presslens.web.workers import AnalysisPool, AnalysisRefused

HERE = Path(__file__).resolve().parent
EXPORT_FORMATS = ("csv", "json", "parquet")
#: Largest offset accepted (SQLite integers are 64-bit; no corpus is near this).
MAX_OFFSET = 10**12
#: Rendered article pages (HTML or JSON) kept in memory.
ARTICLE_PAGES = 512
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
DATE_SCHEMA = {"pattern": f"^{DATE_PATTERN}$", "examples": ["2024-01-31", "2024-01", "2024"]}


class WebError(Exception):
    """An error shown to the user as a page (or JSON) with an HTTP status and a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


# -- typed parameters and bodies (they are what /openapi.json documents) ------------------------
class Paging(BaseModel):
    limit: int = Field(100, ge=1, le=1000, description="Articles per page.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Articles to skip (newest first).")


class FigureOptions(BaseModel):
    tolerance: float | None = Field(
        None,
        ge=0,
        le=10,
        description="Relative gap above which two figures disagree (default: the server's).",
    )
    period_days: int | None = Field(
        None,
        ge=0,
        le=3650,
        description="Figures dated within this many days are one period (default: the server's).",
    )
    stale_days: int | None = Field(
        None,
        ge=0,
        le=36500,
        description="A figure this many days older than the latest is stale (default: the server's).",
    )
    limit: int = Field(
        views.MAX_LISTED,
        ge=0,
        le=1_000_000,
        description="Figures listed per quantity, flagged ones first (0: all).",
    )


class SearchOptions(BaseModel):
    q: str = Field(
        "", max_length=500, description="Words to find (stemmed; each word also matches as a prefix)."
    )
    outlet: str | None = Field(None, max_length=300, description="Only this outlet.")
    since: str | None = Field(
        None,
        description="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).",
        json_schema_extra=DATE_SCHEMA,
    )
    until: str | None = Field(
        None,
        description="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).",
        json_schema_extra=DATE_SCHEMA,
    )
    technique: str | None = Field(None, max_length=100, description="Only articles with this technique.")
    speaker: str | None = Field(
        None, max_length=300, description="Only articles quoting a speaker with this in the name."
    )

    @field_validator("since", "until")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(DATE_PATTERN, value):
            raise ValueError("must be a date like 2024-01-31, 2024-01 or 2024")
        return value or None


class Submission(BaseModel):
    """An article to analyse: its text, or (with --allow-fetch) a URL; an upload comes as a form file."""

    model_config = ConfigDict(extra="ignore")
    text: str = Field("", description="The article text (never read as a path).")
    url: str = Field("", max_length=2000, description="A public http(s) URL (only with --allow-fetch).")
    title: str | None = Field(None, description="Overrides the title found in the text.")
    outlet: str | None = Field(None, description="Overrides the outlet.")
    published: str | None = Field(None, description="Overrides the publication date (YYYY-MM-DD).")
    store: bool = Field(False, description="Store it in the corpus (only with --allow-ingest).")


def _form_schema() -> dict[str, Any]:
    schema = Submission.model_json_schema()
    schema["properties"]["file"] = {
        "type": "string",
        "format": "binary",
        "description": "A .txt or .html file.",
    }
    return schema


ANALYZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": Submission.model_json_schema()},
            "multipart/form-data": {"schema": _form_schema()},
            "application/x-www-form-urlencoded": {"schema": Submission.model_json_schema()},
        },
    }
}


def source_name(article: dict) -> str:
    """The file name (or URL) an article was read from: how an untitled article is named."""
    source = article.get("source") if isinstance(article.get("source"), dict) else {}
    path = source.get("path") or ""
    return PurePath(str(path)).name if path else str(source.get("url") or "")


def title_or_id(title: str | None, article_id: str) -> str:
    """An article's title, or "(untitled <id>)": how every list names an article without a title, so
    that /articles, /compare and /search name it alike."""
    return title or f"(untitled {article_id})"


UNSTATED_OUTLET = "(outlet not stated)"


def outlet_beside_title(outlet: str | None, title: str | None) -> str:
    """An article's outlet as printed beside its title: an article with no stated outlet is grouped under
    "(outlet not stated) <its title>" (store.writer.outlet_name keeps unlabelled inputs apart), which
    beside the title itself printed the title twice; there it is "(outlet not stated)" alone. A label
    that is not the title (an untitled article's file name) is kept: it is the only name it has."""
    outlet = outlet or UNSTATED_OUTLET
    if title and outlet == f"{UNSTATED_OUTLET} {title.strip()}":
        return UNSTATED_OUTLET
    return outlet


#: Opening quotation marks and the marks that close each (a quote's span may keep its own marks).
QUOTE_PAIRS = {
    '"': '"',
    "\u201c": "\u201d",
    "\u2018": "\u2019",
    "\u201e": "\u201c",
    "\u00ab": "\u00bb",
    "'": "'",
}


def unquoted(text: str | None) -> str:
    """A quote's words without the marks that enclose them, so that a page which sets them in its
    own marks prints one pair (a direct quote's span keeps its marks: /search printed two pairs).
    Only a leading mark together with the mark that closes it come off: an apostrophe inside a
    quote, or a mark that opens a quote the span does not close, stays."""
    text = (text or "").strip()
    if len(text) >= 2 and text[0] in QUOTE_PAIRS:
        inner = text[1:]
        end = inner.rstrip(".,;:!? ")  # the closing mark may come before the sentence's full stop
        if end.endswith(QUOTE_PAIRS[text[0]]):
            text = end[:-1] + inner[len(end) :]
    return text.strip()


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(
        render_text=render_text,
        source_name=source_name,
        title_or_id=title_or_id,
        outlet_beside_title=outlet_beside_title,
        bar_chart=charts.bar_chart,
        heat=charts.heat_class,
        pairs=charts.pairs,
        timeline_chart=charts.timeline_chart,
        HIGHLIGHT_TYPES=HIGHLIGHT_TYPES,
        ATTRIBUTION_KINDS=ATTRIBUTION_KINDS,
    )
    env.filters["num"] = charts.number
    env.filters["figure"] = format_value
    env.filters["unquoted"] = unquoted
    env.filters["who_says_what"] = who_says_what
    env.globals["as_of_label"] = as_of_label
    env.globals["counted_label"] = counted_label
    return env


def json_bytes(data: Any) -> bytes:
    """Compact UTF-8 JSON, as Starlette's JSONResponse writes it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.url.path.startswith("/api/")


def create_app(
    settings: Settings | str | Path | None = None,
    *,
    analysis_target: str | None = None,
    **options: Any,
) -> FastAPI:
    """Build the app; ``settings`` is a `Settings`, or the database path with ``options`` as its fields.

    ``analysis_target`` (``module:function``) replaces the analysis the workers run (tests use it).
    The database must exist unless ``allow_ingest``.
    """
    if not isinstance(settings, Settings):
        if settings is not None:
            options["db"] = settings
        settings = Settings.build(**options)
    db = settings.db
    if settings.allow_ingest:
        connect(db).close()  # create and migrate once, so read paths find the schema
    else:
        connect(db, readonly=True).close()  # fail now, with a clear message, if it is missing or old

    pool = AnalysisPool(
        workers=settings.analysis_workers,
        queue=settings.analysis_queue,
        timeout=settings.analysis_timeout,
        **({"target": analysis_target, "warm_up": None} if analysis_target else {}),
    )

    def open_conn() -> sqlite3.Connection:
        return connect(db, readonly=not settings.allow_ingest)

    @contextmanager
    def conn() -> Iterator[sqlite3.Connection]:
        c = open_conn()
        try:
            yield c
        finally:
            c.close()

    cache = CorpusCache(db, open_conn)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.preload:
            pool.start()
        try:
            yield
        finally:
            pool.close()
            cache.close()

    app = FastAPI(
        title="PressLens",
        version="1",
        docs_url=None,  # Swagger UI loads from a CDN
        redoc_url=None,
        lifespan=lifespan,
        description="Figures, voices and rhetoric of a news corpus. Every page has a JSON twin (.json).",
    )
    app.add_middleware(
        SecurityMiddleware,
        hosts=allowed_hosts(settings.host, settings.allowed_hosts),
        max_body=settings.max_upload,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.state.corpus = cache
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(env=_environment())
    article_pages: OrderedDict[tuple, bytes] = OrderedDict()  # (id, as_json, corpus version) -> body

    # -- errors ---------------------------------------------------------------------------------
    def render(request: Request, template: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(
            request, template, {"data": data, "config": settings}, status_code=status
        )

    def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        response = render(request, "error.html", {"error": message, "status": status}, status)
        response.headers.update(headers or {})
        return response

    @app.exception_handler(WebError)
    def web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        """Framework errors (unknown route, wrong method) in the same one-line shape as ours."""
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        """A bad query parameter is the client's mistake: 400 naming it (FastAPI's default is a 422)."""
        return error_response(request, 400, describe(exc))

    @app.exception_handler(AnalysisRefused)
    def refused(request: Request, exc: AnalysisRefused) -> Response:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return error_response(request, exc.status, exc.message, headers)

    # -- pages and their JSON twins ---------------------------------------------------------------
    async def page(
        request: Request, template: str, key: tuple, build: Callable[[], dict[str, Any]]
    ) -> Response:
        """The page or its JSON twin, rendered once per corpus version and key, then served from memory.

        When the corpus has not changed, the rendered bytes are returned on the event loop; otherwise
        (or the first time) the work runs in the thread pool, never on the loop."""
        as_json = _wants_json(request)
        full_key = ("page", template, as_json, key)
        hit = cache.fresh(full_key)
        if hit is not None:
            return Response(hit[0], media_type=hit[1])

        def make() -> tuple[bytes, str]:
            data = build()
            if as_json:
                return json_bytes(data), "application/json"
            body = templates.get_template(template).render(
                {"data": data, "config": settings, "request": request}
            )
            return body.encode("utf-8"), "text/html; charset=utf-8"

        body, media = await run_in_threadpool(cache.result, full_key, make)
        return Response(body, media_type=media)

    def timelines(tol: float, period: int, stale: int) -> list[dict[str, Any]]:
        """The figure groups, with the user's stored merges and splits (`presslens grouping`)."""

        def compute() -> list[dict[str, Any]]:
            from presslens.store.overrides import list_overrides

            with conn() as c:
                overrides = list_overrides(c)
            return corpus.timelines(cache.articles(), tol, period, stale, overrides=overrides)

        return cache.result(("timelines", tol, period, stale), compute)

    def overview() -> dict[str, Any]:
        with conn() as c:
            data = views.overview(
                c,
                cache.articles(),
                timelines(settings.tolerance, settings.period_days, settings.stale_days),
            )
        data["corpus_version"] = cache.version
        return data

    @app.get("/index.json", name="overview-json", summary="Corpus overview")
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def overview_page(request: Request) -> Response:
        """Counts, per-outlet charts, techniques, figure timelines, near-duplicates, recent articles."""
        return await page(request, "overview.html", (), overview)

    @app.get("/articles.json", name="articles-json", summary="Articles, newest first, paged")
    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    async def articles_page(request: Request, paging: Annotated[Paging, Query()]) -> Response:
        """One page of articles with their counts of claims, quotes and techniques, and the total."""

        def build() -> dict[str, Any]:
            with conn() as c:
                return views.articles_list(c, paging.limit, paging.offset)

        return await page(request, "articles.html", (paging.limit, paging.offset), build)

    @app.get("/quantities.json", name="quantities-json", summary="Figures side by side")
    @app.get("/quantities", response_class=HTMLResponse, include_in_schema=False)
    async def quantities_page(request: Request, options: Annotated[FigureOptions, Query()]) -> Response:
        """The same quantity as reported by different articles; disagreements and stale figures flagged."""
        tol = settings.tolerance if options.tolerance is None else options.tolerance
        period = settings.period_days if options.period_days is None else options.period_days
        stale = settings.stale_days if options.stale_days is None else options.stale_days

        def build() -> dict[str, Any]:
            return views.quantities(timelines(tol, period, stale), tol, period, stale, options.limit)

        return await page(request, "quantities.html", (tol, period, stale, options.limit), build)

    @app.get("/compare.json", name="compare-json", summary="Names and voices per outlet")
    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    async def compare_page(request: Request) -> Response:
        """The names each outlet uses for each actor, scare quotes, who each outlet quotes, techniques."""
        return await page(request, "compare.html", (), lambda: views.compare(cache.articles()))

    @app.get("/search.json", name="search-json", summary="Full-text search with filters")
    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(request: Request, options: Annotated[SearchOptions, Query()]) -> Response:
        """Articles, quotes and claims matching the words (with no words: articles matching the filters)."""
        filters = Filters(
            **{k: (getattr(options, k) or None) for k in ("outlet", "since", "until", "technique", "speaker")}
        )

        def build() -> dict[str, Any]:
            try:
                with conn() as c:
                    return views.search_page(c, options.q, filters)
            except SearchError as exc:
                raise WebError(400, str(exc)) from None

        return await page(request, "search.html", (options.q, *vars(filters).values()), build)

    def article_data(article_id: str) -> dict[str, Any]:
        if not queries.ARTICLE_ID.match(article_id):
            raise WebError(404, "no such article (ids are 16 hexadecimal digits)")
        with conn() as c:
            data = views.article(c, article_id)
        if data is None:
            raise WebError(404, f"no article {article_id} in this corpus")
        return data

    ArticleId = Annotated[
        str,
        PathParam(
            description="The article's content id: 16 hexadecimal digits.", examples=["0123456789abcdef"]
        ),
    ]

    async def article_page(article_id: str, as_json: bool, render_page: Callable[[dict], bytes]) -> Response:
        """An article's page or JSON, rendered once per corpus version (its near-duplicates may change)."""
        version = cache.current_version()
        key = (article_id, as_json, version)
        body = article_pages.get(key) if version is not None else None
        if body is None:

            def make() -> tuple[int, bytes]:
                version = cache.refresh()
                return version, render_page(article_data(article_id))

            version, body = await run_in_threadpool(make)
            article_pages[(article_id, as_json, version)] = body
            while len(article_pages) > ARTICLE_PAGES:
                article_pages.popitem(last=False)
        media = "application/json" if as_json else "text/html; charset=utf-8"
        return Response(body, media_type=media)

    @app.get("/articles/{article_id}.json", name="article-json", summary="One article")
    async def article_json(article_id: ArticleId) -> Response:
        """The stored presslens/1 article, with its near-duplicates."""
        return await article_page(article_id, True, lambda data: json_bytes(data))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    async def article_html(request: Request, article_id: ArticleId) -> Response:
        return await article_page(article_id, False, lambda data: render(request, "article.html", data).body)

    @app.get("/export/{table}.{fmt}", name="export", summary="Export a table")
    def export(
        table: Annotated[
            str,
            PathParam(
                description="articles, claims or quotes",
                json_schema_extra={"enum": list(queries.EXPORT_TABLES)},
            ),
        ],
        fmt: Annotated[
            str,
            PathParam(description="csv, json or parquet", json_schema_extra={"enum": list(EXPORT_FORMATS)}),
        ],
    ) -> Response:
        """Articles, claims or quotes as CSV (cells that a spreadsheet would run as formulas are neutralised),
        JSON or Parquet."""
        if table not in queries.EXPORT_TABLES or fmt not in EXPORT_FORMATS:
            raise WebError(
                404, f"exports are {', '.join(queries.EXPORT_TABLES)} as {', '.join(EXPORT_FORMATS)}"
            )
        # the claims export names each figure's group as /quantities shows it (same cached groups)
        groups = None
        if table == "claims":
            groups = timelines(settings.tolerance, settings.period_days, settings.stale_days)
        with conn() as c:
            rows = exports.export_rows(c, table, groups)
        try:
            body, media = _export(rows, fmt, table)
        except MissingExtra as exc:
            raise WebError(501, str(exc)) from None
        headers = {"Content-Disposition": f'attachment; filename="presslens-{table}.{fmt}"'}
        return Response(body, media_type=media, headers=headers)

    # -- the analyse form -------------------------------------------------------------------------
    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request) -> HTMLResponse:
        return render(request, "analyze.html", {})

    async def submission(request: Request) -> tuple[Submission, bytes | None, str | None]:
        """The typed submission, the uploaded file (bytes) and its name, from a JSON or form body."""
        if request.headers.get("content-type", "").startswith("application/json"):
            raw = bytearray()
            async for chunk in request.stream():  # a chunked body has no Content-Length to check first
                raw.extend(chunk)
                if len(raw) > settings.max_upload:
                    raise WebError(413, f"request body is over the {settings.max_upload:,}-byte limit")
            try:
                fields = json.loads(raw or b"{}")
            except ValueError:
                raise WebError(400, "body is not valid JSON") from None
            if not isinstance(fields, dict):
                raise WebError(400, "body must be a JSON object")
            upload = name = None
        else:
            try:
                form = await request.form(max_files=1, max_fields=20, max_part_size=settings.max_upload + 1)
            except HTTPException as exc:  # too many parts, or one part over the limit
                raise WebError(413 if "size" in str(exc.detail).lower() else 400, str(exc.detail)) from None
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            fields["store"] = str(fields.get("store", "")).lower() not in ("", "0", "false", "off")
            file = form.get("file")
            upload = name = None
            if file is not None and not isinstance(file, str):
                upload = await file.read(settings.max_upload + 1)
                name = file.filename or "upload"
        try:
            return Submission.model_validate(fields), upload or None, name
        except ValidationError as exc:
            raise WebError(400, describe(exc)) from None

    async def analyse(request: Request) -> dict[str, Any]:
        form, upload, name = await submission(request)
        if form.store and not settings.allow_ingest:  # refuse before spending the analysis
            raise WebError(403, "this server is read-only; start it with --allow-ingest to store articles")
        if len(form.text) > settings.max_chars:
            raise WebError(
                413,
                f"the text has {len(form.text):,} characters; this server analyses at most "
                f"{settings.max_chars:,} (--max-chars)",
            )
        limits = {
            "allow_fetch": settings.allow_fetch,
            "max_bytes": settings.max_upload,
            "max_chars": settings.max_chars,
        }
        data = await pool.run(form.model_dump(), upload, name, limits)
        stored = False
        if form.store:

            def store() -> None:
                with conn() as c:
                    store_dicts(c, [data])

            await run_in_threadpool(store)
            stored = True
        return {"article": data, "duplicates": [], "stored": stored, "just_stored": stored}

    @app.post("/analyze.json", name="analyze-json", summary="Analyse an article", openapi_extra=ANALYZE_BODY)
    async def analyze_json(request: Request) -> JSONResponse:
        """Analyse a pasted text, an uploaded .txt/.html file or (with --allow-fetch) a URL.

        Stored only when ``store`` is set and the server runs with --allow-ingest. Texts over the
        server's --max-chars are refused (413); when every worker is busy and the queue is full the
        answer is 429, and an analysis that waits or runs past --analysis-timeout is stopped (503)."""
        return JSONResponse(await analyse(request))

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_html(request: Request) -> HTMLResponse:
        return render(request, "article.html", await analyse(request))

    return app


# -- exports ------------------------------------------------------------------------------------
#: A cell beginning with one of these is run as a formula by spreadsheets (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _export(rows: list[dict[str, Any]], fmt: str, table: str) -> tuple[bytes, str]:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False).encode("utf-8"), "application/json"
    if fmt == "csv":
        import csv

        out = io.StringIO()
        columns = list(rows[0]) if rows else list(_columns(table))
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
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
    return [*names, *exports.extra_columns(table)]


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory presslens.web.app:app_from_env` (settings from PRESSLENS_*)."""
    return create_app(Settings.from_env())
