"""End-to-end flows in a real browser (Debian's Chromium) over the synthetic fixture corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus_world import load_articles

pytestmark = pytest.mark.browser

IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SHOTS = os.environ.get("PRESSLENS_SCREENSHOTS") == "1"  # set to refresh docs/img/*.png


def test_overview_shows_charts_and_figures(page) -> None:
    page.goto("/")
    assert page.title() == "Overview · PressLens"
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    assert "Crescent Wire" in charts.first.text_content()
    assert page.locator("table.heat tbody tr").count() == 5
    assert page.get_by_role("link", name="soldier killed").is_visible()
    if SHOTS:
        page.screenshot(path=str(IMG / "overview.png"))


def test_article_page_shows_highlights(page) -> None:
    page.goto("/articles")
    page.get_by_role("link", name="Army confirms rising toll as talks stall").click()
    page.wait_for_selector("#article-text")
    harbor = load_articles()["harbor"]
    # overlapping spans are cut into flat segments: the characters covered by .t-claim segments must
    # be exactly those of the claims' spans, and each claim's anchor sits where its text starts
    covered = page.eval_on_selector(
        "#article-text .text",
        """root => {
            const out = []; let pos = 0;
            const walk = node => {
                if (node.nodeType === Node.TEXT_NODE) {
                    const cls = node.parentElement.classList;
                    for (let i = 0; i < node.data.length; i++) if (cls.contains('t-claim')) out.push(pos + i);
                    pos += node.data.length;
                } else node.childNodes.forEach(walk);
            };
            walk(root);
            return out;
        }""",
    )
    expected = sorted({i for c in harbor["claims"] for i in range(c["start"], c["end"])})
    assert covered == expected
    assert page.locator("#article-text .text").text_content() == harbor["text"]
    first = page.locator("#cla1 + .seg")
    assert first.text_content() == "890 Israeli soldiers have been killed"
    quote = page.locator("#article-text .t-quote")
    assert quote.first.get_attribute("title").startswith("quote by Avi Mizrahi (quotes.v1")
    color = quote.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent")  # visibly highlighted
    page.click("label[for=tg-quote]")  # the legend toggles a layer off
    assert quote.first.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.click("label[for=tg-quote]")
    assert color == quote.first.evaluate("el => getComputedStyle(el).backgroundColor")
    if SHOTS:
        page.screenshot(path=str(IMG / "article.png"))


def test_search_from_the_header(page) -> None:
    page.goto("/")
    page.get_by_label("Search the corpus").fill("octopus")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=octopus")
    assert page.get_by_role("link", name="Minister warns of Iranian hand").first.is_visible()
    assert "Ruth Adler" in page.locator("ol.results").nth(1).inner_text()


def test_paste_an_article_and_see_it_analysed(page) -> None:
    page.goto("/analyze")
    page.fill("input[name=title]", "Pasted in the browser")
    page.fill(
        "textarea[name=text]",
        "Officials in Geneva said on Monday that talks with Iran would resume. "
        "The United Nations welcomed the news.",
    )
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_selector("#article-text")
    assert page.locator("h1").inner_text() == "Pasted in the browser"
    assert "not stored" in page.locator(".notice").inner_text()
    assert "talks with Iran would resume" in page.locator("#article-text").inner_text()
    entities = page.locator("#article-text .t-entity")
    assert entities.count() >= 2  # spaCy finds Geneva, Iran, the United Nations...
    names = {entities.nth(i).inner_text() for i in range(entities.count())}
    assert names & {"Geneva", "Iran", "The United Nations", "United Nations"}


def test_hostile_article_does_not_execute(page) -> None:
    hostile = load_articles()["hostile"]
    page.goto(f"/articles/{hostile['id']}")
    page.wait_for_selector("#article-text")
    assert page.evaluate("() => window.PWNED") is None
    assert "pwned" not in page.title()
    assert "<script>document.title='pwned'" in page.locator("#article-text").inner_text()
    assert page.locator("#article-text img, #article-text script, #article-text b").count() == 0


def test_figures_page_flags_and_tolerance_form(page) -> None:
    page.goto("/quantities")
    soldiers = page.locator("section.quantity", has=page.get_by_role("heading", name="soldier killed"))
    rows = soldiers.locator("table.timeline tbody tr")
    assert rows.count() == 3
    assert "1,200" in rows.nth(2).inner_text() and "the Qassam Brigades" in rows.nth(2).inner_text()
    assert soldiers.locator("ul.discrepancies li").count() == 2
    page.fill("input[name=tolerance]", "0.5")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**tolerance=0.5**")
    soldiers = page.locator("section.quantity", has=page.get_by_role("heading", name="soldier killed"))
    assert soldiers.locator("ul.discrepancies li").count() == 0
    assert page.locator("tr.stale").count() == 1  # the Daily Ledger's 40,000, 81 days behind


def test_a_pasted_hostile_article_is_inert(page) -> None:
    # docs/user-check.md item 28, through the paste form as a user would: markup, quotes and "&" in
    # the pasted text are shown as text; no script runs, no element is made from them
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    text = (
        "Editor's note: invented for a PressLens test. <script>window.PWNED = 1; alert('x')</script>\n\n"
        'Hundreds of houses were damaged, the council said. <img src=x onerror="window.PWNED = 2">\n\n'
        "\"These so-called 'experts' are liars & cheats,\" said Tomas Brenn. <b>bold</b>"
    )
    page.goto("/analyze")
    page.fill("textarea[name=text]", text)
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_selector("#article-text")
    shown = page.locator("#article-text").inner_text()
    assert "<script>window.PWNED = 1; alert('x')</script>" in shown
    assert "liars & cheats" in shown and "<b>bold</b>" in shown
    assert page.evaluate("() => window.PWNED") is None and dialogs == []
    assert page.locator("main script, main img, #article-text b").count() == 0
