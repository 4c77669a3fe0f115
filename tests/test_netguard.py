"""SSRF guard: with `public_only`, URLs and redirects to non-public hosts are refused."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from fastapi.testclient import TestClient

from presslens.errors import InputError
from presslens.ingest import netguard
from presslens.ingest.read import Limits, RawInput, fetch_url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/admin",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        # IPv6 forms that carry a loopback or private IPv4 address
        "http://[::127.0.0.1]/",  # IPv4-compatible
        "http://[::0.0.0.1]/",
        "http://[64:ff9b::127.0.0.1]/",  # NAT64
        "http://[64:ff9b::10.0.0.1]/",
        "http://[64:ff9b:1::a00:1]/",  # local-use NAT64 prefix
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://[2002:c0a8:101::1]/",  # 6to4 of 192.168.1.1
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo, client 127.0.0.1
        "http://[::ffff:7f00:1]/",
        "http://[fe80::1%25eth0]/",
        # other spellings of 127.0.0.1 that resolvers accept
        "http://0177.0.0.1:1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://①②⑦.0.0.1:1/",
    ],
)
def test_non_public_hosts_are_refused(url: str) -> None:
    reason = netguard.non_public_reason(url)
    assert reason and "public" in reason


def test_embedded_ipv4_is_read_from_every_transition_form() -> None:
    from ipaddress import ip_address

    assert netguard.embedded_ipv4(ip_address("::127.0.0.1")) == [ip_address("127.0.0.1")]
    assert netguard.embedded_ipv4(ip_address("64:ff9b::8.8.8.8")) == [ip_address("8.8.8.8")]
    assert ip_address("192.168.1.1") in netguard.embedded_ipv4(ip_address("2002:c0a8:101::1"))
    assert netguard.embedded_ipv4(ip_address("2606:4700:4700::1111")) == []
    assert netguard.non_public_reason("http://[64:ff9b::8.8.8.8]/") is None  # NAT64 of a public address


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1:1/", "malformed URL: Invalid IPv6 URL"),
        ("http://example.com:99999/", "malformed URL: Port out of range 0-65535"),
        ("http://exa mple.com:x/", "malformed URL"),
        ("http:///path", "URL without a host"),
    ],
)
def test_malformed_urls_are_a_reason_not_a_traceback(url: str, reason: str) -> None:
    assert netguard.non_public_reason(url).startswith(reason)


def test_public_literal_address_passes_and_unknown_host_is_refused() -> None:
    assert netguard.non_public_reason("https://93.184.216.34/news") is None
    assert "cannot resolve" in netguard.non_public_reason("http://no-such-host.invalid/")


class _Site(BaseHTTPRequestHandler):
    """/start redirects to /secret; every path answers a small HTML page."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        if self.path == "/start":
            self.send_response(302)
            self.send_header("Location", "/secret")
            self.end_headers()
            return
        body = b"<html><body><p>The minister said 12 people were hurt.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def site():
    _Site.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_local_page_is_fetched_normally_but_refused_when_public_only(site: str) -> None:
    assert isinstance(fetch_url(f"{site}/page", Limits()), RawInput)
    assert _Site.seen == ["/page"]
    refused = fetch_url(f"{site}/page", Limits(public_only=True))
    assert isinstance(refused, InputError) and "not a public address" in str(refused)
    assert _Site.seen == ["/page"], "the refused URL was never requested"


def test_a_redirect_is_checked_before_it_is_followed(site: str, monkeypatch) -> None:
    # pretend the test server is public, except the path a redirect leads to
    monkeypatch.setattr(netguard, "non_public_reason", lambda url: "internal" if "/secret" in url else None)
    refused = fetch_url(f"{site}/start", Limits(public_only=True))
    assert isinstance(refused, InputError) and "internal" in str(refused)
    assert _Site.seen == ["/start"]


def test_web_form_refuses_a_private_url_even_with_allow_fetch(tmp_path, site: str) -> None:
    from corpus_world import build_db
    from presslens.web.app import create_app

    client = TestClient(
        create_app(build_db(tmp_path / "c.db"), allow_fetch=True), base_url="http://localhost"
    )
    response = client.post("/analyze.json", data={"url": f"{site}/page"})
    assert response.status_code >= 400 and "public" in response.json()["error"]
    assert _Site.seen == []
