"""The web app under load and attack: typed parameters, bounded analysis, headers, Host and Origin checks.

Real HTTP requests through FastAPI's TestClient (and real processes: the analysis workers, and
`presslens serve` for the busy port). Slow analyses are stand-ins from tests/web_slow.py that the
test releases when it chooses, so "other pages answer meanwhile" is checked by order, not by timing.
"""

from __future__ import annotations

import csv
import io
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corpus_world import build_db, load_articles
from presslens.store import connect, store_dicts
from presslens.web.app import create_app, csv_cell
from presslens.web.security import CONTENT_SECURITY_POLICY

LOCAL = "http://localhost"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("hardening") / "corpus.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), base_url=LOCAL)


def _stand_in(db: Path, target: str, **options) -> TestClient:
    return TestClient(create_app(db, analysis_target=f"web_slow:{target}", **options), base_url=LOCAL)


# -- typed parameters ---------------------------------------------------------------------------
def test_openapi_documents_every_parameter_and_body(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    def params(path: str) -> set[str]:
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    assert params("/articles.json") == {"limit", "offset"}
    assert params("/quantities.json") == {"tolerance", "period_days", "stale_days", "limit"}
    assert params("/search.json") == {"q", "outlet", "since", "until", "technique", "speaker"}
    assert params("/articles/{article_id}.json") == {"article_id"}
    assert params("/export/{table}.{fmt}") == {"table", "fmt"}
    offset = next(p for p in paths["/articles.json"]["get"]["parameters"] if p["name"] == "offset")
    assert offset["schema"]["minimum"] == 0 and offset["schema"]["maximum"] >= 10**9
    body = paths["/analyze.json"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    assert {"text", "url", "title", "outlet", "published", "store"} <= set(
        body["application/json"]["schema"]["properties"]
    )
    assert "file" in body["multipart/form-data"]["schema"]["properties"]
    for path, methods in paths.items():
        for method in methods.values():
            assert method.get("description") or method.get("summary"), path


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("/articles.json?offset=99999999999999999999999", "offset"),
        ("/articles.json?limit=0", "limit"),
        ("/articles.json?limit=ten", "limit"),
        ("/quantities.json?tolerance=lots", "tolerance"),
        ("/quantities.json?period_days=-1", "period_days"),
        ("/search.json?since=last%20week", "since"),
        ("/search.json?q=" + "x" * 501, "q"),
    ],
)
def test_bad_query_parameters_are_400_naming_the_parameter(
    client: TestClient, query: str, named: str
) -> None:
    response = client.get(query)
    assert response.status_code == 400
    message = response.json()["error"]
    assert message.startswith(f"{named}: ") and "\n" not in message
    page = client.get(query.replace(".json", "", 1))
    assert page.status_code == 400 and f"{named}: " in page.text


def test_server_defaults_come_from_its_settings(db: Path) -> None:
    loose = TestClient(create_app(db, tolerance=0.5, period_days=3), base_url=LOCAL)
    settings = loose.get("/quantities.json").json()["settings"]
    assert (settings["tolerance"], settings["period_days"], settings["stale_days"]) == (0.5, 3, 30)
    assert loose.get("/quantities.json?tolerance=0.2").json()["settings"]["tolerance"] == 0.2


# -- upload goes through the CLI's ingest ----------------------------------------------------------
def test_an_iso_8859_15_page_keeps_its_euro_sign_on_upload_as_in_the_cli(
    client: TestClient, tmp_path: Path
) -> None:
    from presslens.ingest import load_inputs

    page = (
        '<html><head><meta charset="iso-8859-15"><title>Fuel price rises</title></head><body><article>'
        "<h1>Fuel price rises</h1><p>A litre of diesel now costs 5 € at the pumps in the capital, the "
        "ministry of energy said on Monday, up from 4 € a month ago.</p><p>Drivers queued for hours at "
        "stations across the country, the transport union said.</p></article></body></html>"
    ).encode("iso-8859-15")
    assert b"5 \xa4" in page  # the euro sign is 0xA4 in ISO-8859-15 (and a different sign in cp1252)
    path = tmp_path / "fuel.html"
    path.write_bytes(page)
    (from_cli,) = list(load_inputs([str(path)]))
    uploaded = client.post("/analyze.json", files={"file": ("fuel.html", page, "text/html")})
    assert uploaded.status_code == 200, uploaded.text
    article = uploaded.json()["article"]
    assert "5 €" in article["text"] and article["text"] == from_cli.text
    assert (
        article["title"] == "Fuel price rises" and article["source"]["encoding"] == from_cli.source.encoding
    )


# -- analysis never blocks the server --------------------------------------------------------------
def test_pages_answer_while_an_analysis_is_in_flight(db: Path, tmp_path: Path) -> None:
    app = _stand_in(db, "wait_for_file", analysis_workers=1, analysis_queue=0)
    flag = tmp_path / "release"
    result: dict = {}

    def analyse() -> None:
        result["response"] = app.post("/analyze.json", json={"text": str(flag)})

    slow = threading.Thread(target=analyse)
    slow.start()
    deadline = time.monotonic() + 120
    while app.app.state.pool.busy == 0:  # the analysis has been admitted and is running
        assert time.monotonic() < deadline
        time.sleep(0.01)
    for path in ("/", "/articles.json", "/quantities.json", "/compare", "/search.json?q=soldier"):
        assert app.get(path).status_code == 200, path
        assert "response" not in result  # answered while the analysis is still in flight
    busy = app.post("/analyze.json", json={"text": "another"})  # one worker, no queue: full
    assert busy.status_code == 429 and busy.headers["retry-after"]
    assert "too many analyses" in busy.json()["error"]
    flag.write_text("go")
    slow.join(120)
    assert result["response"].status_code == 200 and result["response"].json()["article"]["released"] is True


def test_an_analysis_past_its_deadline_is_stopped_and_the_next_one_runs(db: Path) -> None:
    app = _stand_in(db, "echo_or_hang", analysis_timeout=3)
    started = time.monotonic()
    stopped = app.post("/analyze.json", json={"text": "hang"})
    assert stopped.status_code == 503 and "longer than 3 s" in stopped.json()["error"]
    assert time.monotonic() - started < 60
    after = app.post("/analyze.json", json={"text": "fine"})  # a new worker replaces the killed one
    assert after.status_code == 200 and after.json()["article"]["text"] == "fine"


def test_texts_over_the_character_limit_are_413(db: Path) -> None:
    app = _stand_in(db, "echo_or_hang", max_chars=100)
    over = app.post("/analyze.json", json={"text": "x" * 101})
    assert over.status_code == 413 and "at most 100" in over.json()["error"]
    assert app.post("/analyze.json", json={"text": "y" * 100}).status_code == 200


# -- browser protections -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/", "/index.json", "/articles", "/no/such/page", "/static/style.css", "/export/claims.csv"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src" not in headers["content-security-policy"]  # default-src 'none': no script at all
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_pages_need_no_inline_style_or_script(client: TestClient) -> None:
    for path in ("/", "/articles", "/quantities", "/compare", "/search?q=soldier", "/analyze"):
        page = client.get(path).text
        assert " style=" not in page and "<style" not in page and "<script" not in page, path


def test_only_allowed_host_names_are_answered(db: Path) -> None:
    default = TestClient(create_app(db), base_url=LOCAL)
    for host in ("localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000"):
        assert default.get("/index.json", headers={"host": host}).status_code == 200, host
    rebound = default.get("/index.json", headers={"host": "attacker.example"})
    assert rebound.status_code == 400 and "--allowed-host attacker.example" in rebound.json()["error"]
    assert default.get("/", headers={"host": "attacker.example:8000"}).status_code == 400
    assert default.get("/", headers={"host": "local host"}).status_code == 400
    named = TestClient(create_app(db, allowed_hosts=("news.example",)), base_url=LOCAL)
    assert named.get("/index.json", headers={"host": "news.example"}).status_code == 200
    public = TestClient(create_app(db, host="0.0.0.0"), base_url=LOCAL)
    assert public.get("/index.json", headers={"host": "0.0.0.0"}).status_code == 400


def test_a_cross_origin_post_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    path = build_db(tmp_path / "rw.db")
    app = TestClient(
        create_app(path, allow_ingest=True, analysis_target="web_slow:echo_or_hang"), base_url=LOCAL
    )
    form = {"text": "Officials said 40 boats reached the harbour.", "store": "1"}
    attacks = [
        {"origin": "http://attacker.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site", "origin": "http://attacker.example"},
        {"sec-fetch-site": "same-site"},
    ]
    for headers in attacks:
        response = app.post("/analyze.json", data=form, headers=headers)
        assert response.status_code == 403 and "cross-origin" in response.json()["error"], headers
        assert app.post("/analyze", data=form, headers=headers).status_code == 403
    conn = connect(path, readonly=True)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(load_articles())
    conn.close()
    for headers in ({"origin": "http://localhost"}, {"sec-fetch-site": "same-origin"}, {}):
        assert app.post("/analyze.json", json={"text": "same origin"}, headers=headers).status_code == 200, (
            headers
        )


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(tmp_path: Path) -> None:
    assert [csv_cell(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", -3, 2.5, None)] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", -3, 2.5, None,
    ]  # fmt: skip
    path = build_db(tmp_path / "c.db")
    article = dict(load_articles()["harbor"])
    article.update(
        id="f" * 16, title='=HYPERLINK("http://attacker.example","click")', text=article["text"] + " "
    )
    conn = connect(path)
    store_dicts(conn, [article])
    conn.close()
    rows = list(
        csv.DictReader(
            io.StringIO(TestClient(create_app(path), base_url=LOCAL).get("/export/articles.csv").text)
        )
    )
    (row,) = [r for r in rows if r["id"] == "f" * 16]
    assert row["title"] == "'" + article["title"]


# -- the serve command ---------------------------------------------------------------------------------
def test_a_busy_port_is_one_error_line_before_any_banner(db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "presslens.cli", "serve", "--db", str(db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is already in use; stop the other server or choose --port"
    ]
