"""Open every page a user would on a running `presslens serve`, in Chromium, and keep what it showed.

Usage: ``python scripts/user_check.py http://127.0.0.1:PORT OUTDIR [PASTE.txt]``

For each page (``/``, ``/articles``, ``/quantities``, ``/compare``, ``/search?q=killed``,
``/analyze`` and every article page) it writes ``OUTDIR/<name>.png`` (the full page),
``<name>.html`` (the DOM as rendered) and ``<name>.txt`` (the visible text); with ``PASTE.txt`` it
also pastes that text into the analyse form and keeps the result as ``pasted.*``, and prints any
dialog a script opened (there must be none) and the console messages. The checklist it served is
docs/user-check.md. Needs Playwright and Debian's Chromium (never ``playwright install``).
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    ("overview", "/"),
    ("articles", "/articles"),
    ("quantities", "/quantities"),
    ("compare", "/compare"),
    ("search", "/search?q=killed"),
    ("analyze", "/analyze"),
]


def keep(page, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    (out / f"{name}.html").write_text(page.content(), encoding="utf-8")
    (out / f"{name}.txt").write_text(page.inner_text("body"), encoding="utf-8")


def main(base: str, out: Path, paste: Path | None = None) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(f"{base}/articles.json?limit=1000") as response:  # noqa: S310 - local server
        ids = [a["id"] for a in json.load(response)["articles"]]
    pages = PAGES + [(f"article-{i}", f"/articles/{i}") for i in ids]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        page.on("dialog", lambda d: (messages.append(f"DIALOG {d.message}"), d.dismiss()))
        for name, path in pages:
            response = page.goto(base + path)
            keep(page, out, name)
            print(name, path, response.status if response else "-")
        if paste is not None:
            page.goto(base + "/analyze")
            page.fill("textarea[name=text]", paste.read_text(encoding="utf-8"))
            page.click("form.analyse button[type=submit]")
            page.wait_for_load_state("load", timeout=180_000)
            keep(page, out, "pasted")
            print("pasted", page.url)
        print("console and dialogs:", messages)
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) == 4 else None)
