"""Browser-test fixtures: a uvicorn server on a free 127.0.0.1 port and Debian's Chromium via Playwright.

Chromium is never downloaded (`playwright install` is not used): the tests drive /usr/bin/chromium,
skip when it is missing, and fail when it is missing under CI=true (the CI script installs it).
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for corpus_world and ci_guard

from ci_guard import require_path  # noqa: E402

CHROMIUM = Path(os.environ.get("PRESSLENS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return require_path(CHROMIUM, f"{CHROMIUM} is missing (apt-get install chromium)")


@pytest.fixture(scope="session")
def server(tmp_path_factory, chromium_path: Path) -> Iterator[str]:
    import uvicorn

    from corpus_world import build_db
    from presslens.web.app import create_app

    db = build_db(tmp_path_factory.mktemp("browser") / "corpus.db")
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, server: str):
    context = browser.new_context(viewport={"width": 1200, "height": 820}, base_url=server)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
