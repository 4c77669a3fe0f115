"""Inputs: directories, JSONL, stdin, URLs, HTML, and every kind of bad input as a one-line error."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from presslens.errors import InputError
from presslens.ingest import load_inputs
from presslens.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = "Ferry fares frozen for another year\n\nThe harbour board froze fares on Monday, the chair said.\n"


def _errors(items: list[Article | InputError]) -> dict[str, str]:
    return {Path(i.source).name: i.reason for i in items if isinstance(i, InputError)}


def _articles(items: list[Article | InputError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def test_directory_with_bad_files_among_good_ones(tmp_path: Path) -> None:
    (tmp_path / "b_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "harbour_article.html", tmp_path / "sub" / "page.html")
    (tmp_path / "sub" / "notes.md").write_text(GOOD, encoding="utf-8")  # unknown extension, decodes as text
    (tmp_path / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_text(" \n\u00a0\n\t\n", encoding="utf-8")
    (tmp_path / "d_binary.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    (tmp_path / "e_script.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    (tmp_path / "f_furniture.txt").write_text("Your Comment\n\nShare\nPrint\n", encoding="utf-8")
    os.mkfifo(tmp_path / "g_pipe.txt")  # reading it would block forever: must be refused unread
    (tmp_path / "h_dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "i_loop").symlink_to(tmp_path, target_is_directory=True)  # followed, it would loop

    items = list(load_inputs([str(tmp_path)]))
    names = [Path(i.source.path).name if isinstance(i, Article) else Path(i.source).name for i in items]
    assert names == [
        "a_empty.txt", "b_good.txt", "c_blank.txt", "d_binary.txt", "e_script.html",
        "f_furniture.txt", "g_pipe.txt", "h_dangling.txt", "i_loop", "notes.md", "page.html",
    ]  # fmt: skip
    assert _errors(items) == {
        "a_empty.txt": "empty file",
        "c_blank.txt": "whitespace-only file (no text)",
        "d_binary.txt": "binary file (not text)",
        "e_script.html": "no extractable text in HTML (empty, script-only or malformed page)",
        "f_furniture.txt": "no article text (only page furniture)",
        "g_pipe.txt": "not a regular file",
        "h_dangling.txt": "broken symbolic link",
        "i_loop": "link to a directory (not followed)",
    }
    good = _articles(items)
    assert [a.source.format for a in good] == ["text", "text", "html"]
    assert all("\n" not in str(e) for e in items if isinstance(e, InputError))


def test_missing_file_and_bad_scheme() -> None:
    items = list(load_inputs(["/no/such/file.txt", "ftp://example.org/a.txt", "file:///etc/hosts"]))
    assert [str(i) for i in items] == [
        "/no/such/file.txt: no such file or directory",
        "ftp://example.org/a.txt: unsupported URL scheme 'ftp' (only http and https)",
        "file:///etc/hosts: unsupported URL scheme 'file' (only http and https)",
    ]


def test_huge_file_is_refused_from_its_size_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: 50 MiB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    items = list(load_inputs([str(big)]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [i.reason for i in items] == ["file too large: 52.4 MB > 10 MB limit"]
    assert peak < 1_000_000  # the 50 MB were never read


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD * 20, encoding="utf-8")
    assert [i.reason for i in load_inputs([str(path)], max_bytes=100)] == [
        f"file too large: {path.stat().st_size} bytes > 100 bytes limit"
    ]
    assert isinstance(next(load_inputs([str(path)], max_bytes=100_000)), Article)


def test_html_file_metadata_from_trafilatura() -> None:
    (article,) = list(load_inputs([str(FIXTURES / "harbour_article.html")]))
    assert isinstance(article, Article)
    assert article.source.format == "html" and article.source.encoding == "utf-8"
    assert article.title.value == "Harbour board approves new winter ferry timetable"
    assert (
        article.title.origin == "html"
        and article.text[article.title.start : article.title.end] == article.title.value
    )
    assert (article.author.value, article.author.origin) == ("Mara Ellison", "html")
    assert article.published.value == "2025-02-03"
    assert article.outlet.value == "The Lakeside Courier"
    # main text only: navigation, share widget, comment form, footer and script are gone
    assert "save about 40,000 euros" in article.text
    for junk in ("Home", "Tweet", "Your Comment", "Copyright", "analytics"):
        assert junk not in article.text


def test_html_title_missing_from_the_body_is_put_on_top(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    paragraph = "<p>The school board voted to keep the village school open for at least two more years.</p>"
    path.write_text(
        f"<html><head><title>Village school stays open</title></head><body>{paragraph * 2}</body></html>"
    )
    (article,) = list(load_inputs([str(path)]))
    assert isinstance(article, Article)
    assert article.text.startswith("Village school stays open\n\nThe school board voted")
    assert (article.title.value, article.title.origin, article.title.start, article.title.end) == (
        "Village school stays open", "html", 0, 25,
    )  # fmt: skip


def test_html_headline_printed_again_in_the_body_is_one_paragraph_and_one_sentence(pipeline) -> None:
    """The page's own <h1> repeats its title: one headline, a blank line, then the lead (issue 14)."""
    from presslens.ingest import article_from_html

    lead = "More than 300 dock workers returned to work in Vellmore on Friday, the union said."
    page = (
        "<html><head><title>Port strike ends after 12 days</title></head><body><article>"
        f"<h1>Port strike ends after 12 days</h1><p>{lead}</p><p>{lead.replace('300', '40')}</p>"
        "</article></body></html>"
    )
    article = article_from_html(page.encode("utf-8"), url="https://news.example/strike")
    assert isinstance(article, Article)
    assert article.text.startswith(f"Port strike ends after 12 days\n\n{lead}")
    assert article.text.count("Port strike ends") == 1
    sents = [article.text[s.start_char : s.end_char].strip() for s in pipeline.nlp(article.text).sents]
    assert sents[:2] == ["Port strike ends after 12 days", lead]


def test_html_is_sniffed_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved_page.txt"
    shutil.copy(FIXTURES / "harbour_article.html", path)
    (article,) = list(load_inputs([str(path)]))
    assert isinstance(article, Article) and article.source.format == "html"
    assert "<p>" not in article.text


def test_html_file_without_any_markup_is_read_as_text(tmp_path: Path) -> None:
    # an article saved with a .html name but no tag: trafilatura finds nothing in it, and it used to be
    # refused whole ("no extractable text in HTML")
    path = tmp_path / "article.html"
    body = "Port strike ends after 12 days\n\nThe union said 3,000 workers would return on Monday."
    path.write_text(body, encoding="utf-8")
    (article,) = list(load_inputs([str(path)]))
    assert isinstance(article, Article)
    assert article.text == body and article.source.format == "text"
    assert article.warnings == ["named HTML but holds no markup: read as plain text"]


def test_malformed_html(tmp_path: Path) -> None:
    readable = tmp_path / "broken.html"
    readable.write_text(
        "<html><body><div><p>The council approved the budget after a debate that lasted four hours"
        "<div><b>Members said the road repairs could not wait another year</html",
        encoding="utf-8",
    )
    hopeless = tmp_path / "hopeless.html"
    hopeless.write_text("<html><head><title></title><body><div></div><!-- -->", encoding="utf-8")
    good, bad = list(load_inputs([str(readable), str(hopeless)]))
    assert isinstance(good, Article) and "road repairs could not wait" in good.text
    assert isinstance(bad, InputError) and bad.reason.startswith("no extractable text in HTML")


def test_jsonl_lines(tmp_path: Path) -> None:
    html = (FIXTURES / "harbour_article.html").read_text(encoding="utf-8")
    lines = [
        json.dumps(
            {"text": GOOD, "url": "https://example.org/a", "title": "Fares frozen", "outlet": "Courier"}
            | {"published": "2025-02-03T08:00:00Z", "author": "Sam Hale"}
        ),
        "",
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps({"html": html, "title": "Ferry timetable (JSONL title)"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": 42}),
    ]  # fmt: skip
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(load_inputs([str(path)]))
    assert [str(i) for i in items if isinstance(i, InputError)] == [
        f"{path}:3: line is not JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:4: no 'text' or 'html' field",
        f"{path}:6: line is a JSON list, not an object",
        f"{path}:7: 'text'/'html' field is empty or not a string",
    ]
    first, second = _articles(items)
    assert (first.source.format, first.source.line, first.source.url, first.source.path) == (
        "jsonl", 1, "https://example.org/a", str(path),
    )  # fmt: skip
    assert (first.title.value, first.title.origin, first.title.start) == ("Fares frozen", "jsonl", None)
    assert first.published.value == "2025-02-03"
    assert (first.outlet.value, first.author.value) == ("Courier", "Sam Hale")
    # JSONL fields win over the page's own metadata, which fills the rest
    assert second.source.line == 5
    assert (second.title.value, second.title.origin) == ("Ferry timetable (JSONL title)", "jsonl")
    assert (second.author.value, second.author.origin) == ("Mara Ellison", "html")
    assert "40,000 euros" in second.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_jsonl_in_utf16_or_utf32_is_one_clear_error(tmp_path: Path, encoding: str) -> None:
    # read line by line as UTF-8, each of its lines failed on its own (and the NUL half of each line
    # break made a second, "not JSON" line): one error for the file says what is wrong
    path = tmp_path / "batch.jsonl"
    path.write_bytes("".join(json.dumps({"text": GOOD}) + "\n" for _ in range(3)).encode(encoding))
    items = list(load_inputs([str(path)]))
    reason = f"{encoding.upper()} text (byte-order mark): JSONL must be UTF-8"
    assert [str(i) for i in items] == [f"{path}: {reason}"]


def test_empty_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_bytes(b"")
    assert [i.reason for i in load_inputs([str(tmp_path)])] == [
        "no JSON lines (whitespace only)",
        "empty file",
    ]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, GOOD.encode("cp1252"))
    (article,) = list(load_inputs(["-"]))
    assert isinstance(article, Article)
    assert (article.source.format, article.source.path, article.source.encoding) == ("stdin", None, "utf-8")
    assert article.title.value == "Ferry fares frozen for another year"


def test_stdin_cp1252_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, "Caf\u00e9 prices rise \u2013 again\n\nOwners said rents rose.".encode("cp1252"))
    (article,) = list(load_inputs(["-"]))
    assert article.source.encoding == "cp1252" and article.text.startswith("Café prices rise – again")
    _stdin(monkeypatch, (json.dumps({"text": GOOD}) + "\n" + json.dumps({"text": GOOD + "More."})).encode())
    items = list(load_inputs(["-"]))
    assert [(a.source.format, a.source.line) for a in items] == [("stdin", 1), ("stdin", 2)]


def test_stdin_empty_and_text_stream_without_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"")
    assert [str(i) for i in load_inputs(["-"])] == ["-: empty input"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(GOOD))
    (article,) = list(load_inputs(["-"]))
    assert isinstance(article, Article) and article.text == GOOD.strip()


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/slow":
            time.sleep(1.5)
        status, content_type, body = self.pages.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        if status == 302:
            self.send_header("Location", body.decode())
            body = b""
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.pages = {
        "/article": (200, "text/html; charset=utf-8", (FIXTURES / "harbour_article.html").read_bytes()),
        "/plain": (
            200,
            "text/plain; charset=windows-1252",
            "Caf\u00e9 news today\n\nBody text.".encode("cp1252"),
        ),
        "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        "/big": (200, "text/plain", b"word " * 1000),
        "/slow": (200, "text/plain", GOOD.encode()),
        "/redirect": (302, "text/plain", b"/plain"),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_url_fetch(server: str) -> None:
    article, plain, redirected = list(
        load_inputs([f"{server}/article", f"{server}/plain", f"{server}/redirect"])
    )
    assert isinstance(article, Article)
    assert (article.source.format, article.source.url) == ("url", f"{server}/article")
    assert article.title.value == "Harbour board approves new winter ferry timetable"
    assert "ninety minutes" in article.text
    assert isinstance(plain, Article)
    assert plain.source.encoding == "cp1252" and plain.text.startswith("Café news today")
    assert isinstance(redirected, Article)
    assert redirected.source.url == f"{server}/plain"  # the address the text actually came from
    assert redirected.text == plain.text


def test_url_errors(server: str) -> None:
    urls = [f"{server}/missing", f"{server}/image", f"{server}/big", f"{server}/slow"]
    items = list(load_inputs(urls, max_bytes=1000, timeout=0.5))
    assert [i.reason for i in items] == [
        "HTTP 404 Not Found",
        "not a text or HTML page (image/png)",
        "page too large: 5000 bytes > 1000 bytes limit",
        "timed out after 0.5 s",
    ]


def test_a_single_spec_string_is_one_input(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(GOOD, encoding="utf-8")
    (article,) = list(load_inputs(str(path)))  # type: ignore[arg-type]
    assert isinstance(article, Article) and article.source.path == str(path)


def test_url_host_name_is_not_taken_for_an_outlet(server: str) -> None:
    paragraph = "<p>The school board voted to keep the village school open for at least two more years.</p>"
    _Handler.pages["/school"] = (200, "text/html", f"<html><body>{paragraph * 3}</body></html>".encode())
    (article,) = list(load_inputs([f"{server}/school"]))
    assert isinstance(article, Article) and "village school" in article.text
    assert article.outlet.value is None
