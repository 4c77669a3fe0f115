"""The web app through FastAPI's TestClient: pages and JSON twins, safety limits, exports, analysis."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from corpus_world import build_db, load_articles
from presslens.store import connect
from presslens.web import views
from presslens.web.app import create_app

PAGES = ["/", "/articles", "/quantities", "/compare", "/search?q=soldiers", "/analyze"]
TWINS = {
    "/": "/index.json",
    "/articles": "/articles.json",
    "/quantities": "/quantities.json",
    "/compare": "/compare.json",
    "/search?q=soldiers": "/search.json?q=soldiers",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("web") / "corpus.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), base_url="http://localhost")


@pytest.fixture()
def writable(tmp_path: Path) -> TestClient:
    return TestClient(
        create_app(build_db(tmp_path / "rw.db"), allow_ingest=True), base_url="http://localhost"
    )


@pytest.mark.parametrize("path", PAGES)
def test_pages_render(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>" in response.text and "PressLens" in response.text


def test_json_twins_come_from_the_same_view(client: TestClient, db: Path) -> None:
    for twin in TWINS.values():
        assert client.get(twin).status_code == 200, twin
    conn = connect(db, readonly=True)
    from presslens.corpus import timelines
    from presslens.store.queries import iter_article_dicts

    expected = views.quantities(timelines(iter_article_dicts(conn)), 0.10, 14, 30)
    conn.close()
    assert client.get("/quantities.json").json() == json.loads(json.dumps(expected))


def test_quantities_page_shows_figures_side_by_side(client: TestClient) -> None:
    data = client.get("/quantities.json").json()
    soldiers = next(q for q in data["quantities"] if q["label"] == "soldier killed")
    assert {(e["outlet"], e["low"], e["source"]) for e in soldiers["entries"]} >= {
        ("Harbor Times", 890, "The Israeli military"),
        ("Crescent Wire", 1200, "the Qassam Brigades"),
    }
    page = client.get("/quantities").text
    assert "soldier killed" in page and "1,200" in page and "the Qassam Brigades" in page
    assert "discrepancy</span> #1 (Harbor Times) vs #3 (Crescent Wire)" in page
    assert "stale (81 d)" in page
    looser = client.get("/quantities.json?tolerance=0.5").json()
    assert not next(q for q in looser["quantities"] if q["label"] == "soldier killed")["discrepancies"]
    assert client.get("/quantities.json?tolerance=lots").status_code == 400


def test_compare_page_lists_labels_and_speakers(client: TestClient) -> None:
    page = client.get("/compare").text
    for text in (
        "Zionist entity",
        "occupation forces",
        "Hamas terrorists",
        "Iranian regime",
        "Khaled Nasser",
        "Ruth Adler",
    ):
        assert text in page
    data = client.get("/compare.json").json()
    assert {"Israel", "Hamas", "Iran"} <= set(data["actors"])


def test_article_page_highlights_and_twin(client: TestClient) -> None:
    harbor = load_articles()["harbor"]
    page = client.get(f"/articles/{harbor['id']}")
    assert page.status_code == 200
    # the report's renderer: an anchor per item, then segments classed by annotation type
    assert '<span class="anchor" id="cla1"></span><span class="seg t-claim"' in page.text
    assert "890 Israeli soldiers have been killed</span>" in page.text
    assert 'class="seg t-quote" title="quote by Avi Mizrahi (quotes.v1' in page.text
    assert 'for="tg-quote"' in page.text and 'id="tg-entity" class="toggle" >' in page.text
    data = client.get(f"/articles/{harbor['id']}.json").json()
    assert data["article"]["claims"] == harbor["claims"]
    assert [d["outlet"] for d in data["duplicates"]] == ["Northern Post"]


@pytest.mark.parametrize(
    "path",
    [
        "/articles/../../etc/passwd",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/articles/ABCDEF0123456789",
        "/articles/0000000000000000",
        "/articles/0000000000000000.json",
        "/articles/x' OR 1=1 --.json",
        "/export/sqlite_master.csv",
        "/export/claims.exe",
        "/static/../app.py",
    ],
)
def test_bad_ids_and_paths_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text and "import" not in response.text


def test_unknown_routes_get_a_page_or_a_json_error(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert (
        page.status_code == 404 and "text/html" in page.headers["content-type"] and "Not Found" in page.text
    )
    assert client.get("/no/such.json").json() == {"error": "Not Found"}
    assert client.put("/articles.json").status_code == 405


def test_hostile_article_is_inert_everywhere(client: TestClient) -> None:
    hostile = load_articles()["hostile"]
    for path in (*PAGES, f"/articles/{hostile['id']}", "/search?q=pwned", "/search?q=drones"):
        text = client.get(path).text
        assert "<script>" not in text and "<img" not in text and "<b>Evil" not in text, path
        assert "onerror=" not in text.replace("onerror=&#34;", ""), path
    page = client.get(f"/articles/{hostile['id']}").text
    assert "&lt;script&gt;document.title=&#39;pwned&#39;" in page


@pytest.mark.parametrize("query", ['"', "NEAR(", "a AND", "*", "%", "\\"])
def test_search_survives_fts_syntax(client: TestClient, query: str) -> None:
    assert client.get("/search", params={"q": query}).status_code == 200
    assert client.get("/search.json", params={"q": query}).status_code == 200


def test_search_filters_and_bad_filter(client: TestClient) -> None:
    data = client.get("/search.json", params={"q": "soldiers", "outlet": "Crescent Wire"}).json()
    assert {a["outlet"] for a in data["articles"]} == {"Crescent Wire"}
    response = client.get("/search.json", params={"q": "x", "since": "last week"})
    assert response.status_code == 400 and "since: must be a date" in response.json()["error"]


def test_exports_csv_json_parquet(client: TestClient) -> None:
    total = sum(len(a["claims"]) for a in load_articles().values())
    rows = list(csv.DictReader(io.StringIO(client.get("/export/claims.csv").text)))
    assert len(rows) == total and {"outlet", "value_low", "as_of", "attribution"} <= set(rows[0])
    assert len(client.get("/export/claims.json").json()) == total
    table = pq.read_table(io.BytesIO(client.get("/export/quotes.parquet").content))
    assert table.num_rows == 5 and "speaker" in table.column_names
    assert client.get("/export/articles.csv").headers["content-disposition"].endswith('articles.csv"')


def test_articles_are_paged(client: TestClient) -> None:
    first = client.get("/articles.json?limit=2").json()
    assert (first["total"], len(first["articles"]), first["next"], first["previous"]) == (5, 2, 2, None)
    last = client.get("/articles.json?limit=2&offset=4").json()
    assert (len(last["articles"]), last["next"], last["previous"]) == (1, None, 2)
    everything = {a["id"] for a in client.get("/articles.json").json()["articles"]}
    paged = {
        a["id"]
        for off in (0, 2, 4)
        for a in client.get(f"/articles.json?limit=2&offset={off}").json()["articles"]
    }
    assert paged == everything and len(everything) == 5
    assert "next</a>" in client.get("/articles?limit=2").text
    assert client.get("/articles.json?limit=0").status_code == 400
    assert client.get("/articles.json?offset=x").status_code == 400


def test_openapi_lists_json_routes_and_nothing_loads_from_a_cdn(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404  # Swagger UI would pull scripts from a CDN
    for path in PAGES:
        assert "cdn." not in client.get(path).text and "<script" not in client.get(path).text
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/index.json", "/articles/{article_id}.json", "/quantities.json", "/export/{table}.{fmt}"} <= set(
        paths
    )


def test_readonly_server_refuses_to_store_and_cannot_write(client: TestClient, db: Path) -> None:
    before = connect(db, readonly=True).execute("SELECT count(*) FROM articles").fetchone()[0]
    response = client.post("/analyze.json", data={"text": "A new article about nothing.", "store": "1"})
    assert response.status_code == 403 and "--allow-ingest" in response.json()["error"]
    assert connect(db, readonly=True).execute("SELECT count(*) FROM articles").fetchone()[0] == before
    with pytest.raises(sqlite3.OperationalError):
        connect(db, readonly=True).execute("DELETE FROM claims")


def test_upload_size_limit_is_413(client: TestClient) -> None:
    big = "x" * (2 * 1024 * 1024 + 1)
    response = client.post("/analyze", data={"text": big})
    assert response.status_code == 413 and "limit" in response.text
    response = client.post("/analyze.json", files={"file": ("a.txt", big.encode(), "text/plain")})
    assert response.status_code == 413


def test_url_is_refused_without_allow_fetch(client: TestClient) -> None:
    response = client.post("/analyze.json", data={"url": "http://169.254.169.254/latest/meta-data"})
    assert response.status_code == 403 and "--allow-fetch" in response.json()["error"]


def test_pasted_text_is_analysed_not_stored_and_never_read_as_a_path(client: TestClient) -> None:
    response = client.post("/analyze.json", data={"text": "/etc/passwd"})
    assert response.status_code == 200
    article = response.json()["article"]
    assert article["text"] == "/etc/passwd" and response.json()["stored"] is False
    text = "The minister said on Monday that 40 people were hurt. Officials in Gaza disputed the account."
    page = client.post("/analyze", data={"text": text, "title": "Paste <i>test</i>", "outlet": "My desk"})
    assert page.status_code == 200
    assert "Analysed on the fly; not stored." in page.text and "Paste &lt;i&gt;test&lt;/i&gt;" in page.text
    data = client.post("/analyze.json", json={"text": text}).json()["article"]
    assert [s["text"] for s in data["sentences"]] == [
        "The minister said on Monday that 40 people were hurt.",
        "Officials in Gaza disputed the account.",
    ]


def test_analyse_needs_input(client: TestClient) -> None:
    response = client.post("/analyze.json", data={"text": "   "})
    assert response.status_code == 400 and "paste" in response.json()["error"]
    assert (
        client.post(
            "/analyze.json", content=b"[1,2]", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )


def test_allow_ingest_stores_submission(writable: TestClient) -> None:
    text = "A council spokesperson said 12 homes were flooded on Tuesday."
    data = writable.post("/analyze.json", data={"text": text, "outlet": "Town Crier", "store": "1"}).json()
    assert data["stored"] is True
    stored = writable.get(f"/articles/{data['article']['id']}.json").json()
    assert stored["article"]["outlet"] == "Town Crier" and stored["article"]["text"] == text
    assert "Town Crier" in writable.get("/").text
    page = writable.post("/analyze", data={"text": text + " Again.", "store": "1"}).text
    assert 'Stored in the corpus: <a href="/articles/' in page


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    from presslens.store import StoreError

    with pytest.raises(StoreError, match="run `presslens ingest` first"):
        create_app(tmp_path / "nope.db")


def test_uploaded_files_are_decoded_and_html_extracted(client: TestClient) -> None:
    text = "Rescue workers in Rafah said the shelter was hit on Sunday."
    response = client.post("/analyze.json", files={"file": ("a.txt", text.encode("utf-8"), "text/plain")})
    assert response.status_code == 200 and response.json()["article"]["text"] == text
    latin = client.post(
        "/analyze.json", files={"file": ("a.txt", "Le café a fermé.".encode("latin-1"), "text/plain")}
    )
    assert latin.status_code == 200 and latin.json()["article"]["text"] == "Le café a fermé."
    binary = client.post(
        "/analyze.json", files={"file": ("a.png", b"\x89PNG\r\n\x1a\n" + bytes(600), "image/png")}
    )
    assert binary.status_code == 400 and "cannot be read" in binary.json()["error"]
    page = (
        "<!doctype html><html><head><title>Port reopens after storm</title></head><body><article>"
        "<h1>Port reopens after storm</h1><p>The harbour authority said on Friday that the port had reopened "
        "after three days, and that 40 ships were waiting to dock.</p><p>Officials expect the backlog to "
        "clear by the middle of next week, a spokesperson for the authority said.</p></article></body></html>"
    )
    html = client.post("/analyze.json", files={"file": ("p.html", page.encode(), "text/html")}).json()[
        "article"
    ]
    assert html["title"] == "Port reopens after storm" and "<p>" not in html["text"]
    assert "40 ships were waiting to dock" in html["text"]


def test_chunked_bodies_without_length_are_limited_too(client: TestClient) -> None:
    def chunks(total: int):
        for _ in range(total // 65536 + 1):
            yield b"x" * 65536

    big = client.post(
        "/analyze.json", content=chunks(2 * 1024 * 1024 + 10), headers={"content-type": "application/json"}
    )
    assert big.status_code == 413 and "limit" in big.json()["error"]
    files = [("file", (f"{n}.txt", b"a", "text/plain")) for n in range(3)]
    many = client.post("/analyze.json", files=files)
    assert many.status_code == 400 and "error" in many.json()  # our one-line error, not a bare 400


def test_concurrent_requests_while_the_corpus_changes(writable: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def store(n: int) -> int:
        text = f"Officials said {n + 2} boats reached the harbour on day {n}."
        return writable.post("/analyze.json", data={"text": text, "store": "1"}).status_code

    def read(path: str) -> int:
        return writable.get(path).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        reads = [pool.submit(read, p) for p in ["/", "/index.json", "/quantities.json", "/compare.json"] * 10]
        writes = [pool.submit(store, n) for n in range(4)]
        assert {f.result() for f in reads + writes} == {200}
    # the overview is recomputed in the background once the corpus changed: it catches up
    deadline = time.monotonic() + 60
    while writable.get("/index.json").json()["counts"]["articles"] != 5 + 4:
        assert time.monotonic() < deadline, "the overview never showed the stored articles"
        time.sleep(0.1)


def test_serve_command_runs_uvicorn_on_localhost(db: Path) -> None:
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "presslens.cli", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/index.json", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["counts"]["articles"] == 5
        refused = httpx.post(
            f"http://127.0.0.1:{port}/analyze.json", data={"text": "x", "store": "1"}, timeout=30
        )
        assert refused.status_code == 403  # read-only unless --allow-ingest
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    assert f"PressLens on http://127.0.0.1:{port}/" in stderr and "read-only" in stderr


def test_figure_timeline_charts_are_svg_with_one_dot_per_dated_figure(client: TestClient) -> None:

    page = client.get("/quantities").text
    section = page[page.index("soldier killed") : page.index("</section>", page.index("soldier killed"))]
    assert section.count('class="pt"') == 3 and "timeline-chart" in section
    assert "#3 Crescent Wire: 1,200 (2024-11-03)" in section


def test_charts_escape_labels() -> None:
    from presslens.web.charts import bar_chart, timeline_chart

    hostile = "<script>alert(1)</script>"
    entries = [{"n": n, "date": f"2024-01-0{n}", "low": 10 * n, "outlet": hostile} for n in (1, 2)]
    for svg in (str(timeline_chart(entries)), str(bar_chart([(hostile, 3)], hostile))):
        assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert str(timeline_chart(entries[:1])) == ""  # one dated figure: no chart


def test_analyze_page_shows_who_says_believes_or_shows_what(client: TestClient) -> None:
    """Each attribution with its kind, speaker as written -> resolved, and cue; beliefs apart; escaped."""
    text = (
        "Vellmore mayor Clara Voss said on Monday that the bridge would reopen in May.\n\n"
        "\u201cWe will <b>rebuild</b> it,\u201d she said.\n\n"
        "Farmers believe the river will flood again this spring.\n"
    )
    page = client.post("/analyze", data={"text": text})
    assert page.status_code == 200
    assert "<h2>Who says what</h2>" in page.text
    assert "“she” → <b>Clara Voss</b>" in page.text
    assert "Beliefs and intentions" in page.text and "“Farmers”" in page.text
    assert "<b>rebuild</b>" not in page.text and "&lt;b&gt;rebuild&lt;/b&gt;" in page.text
