"""HTML to article text and metadata with trafilatura (imported lazily: text inputs never pay for it).

trafilatura finds the main text of a page (dropping navigation, footers and comment sections) and
its metadata (title, author, date, site name) from meta tags and JSON-LD. Date extraction is told
not to search the page text extensively, so a date is only reported when the page declares one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from presslens.errors import PressLensError
from presslens.ingest.bylines import clean_author, site_name

#: The start of an HTML document (after optional whitespace, BOM and comments), for sniffing.
_HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|h1|section|main)\b",
    re.I | re.S,
)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    # their warnings ("empty HTML tree"...) would reach stderr through logging's last resort
    logging.getLogger(_name).addHandler(logging.NullHandler())


class ExtractError(PressLensError):
    """The HTML holds no article text; the message is the one-line reason."""


@dataclass(slots=True)
class HtmlExtract:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None


def looks_like_html(text: str) -> bool:
    """Whether ``text`` starts like an HTML document (checked on its first 2,000 characters)."""
    return bool(_HTML_START.match(text[:2000]))


#: A tag, a comment, a doctype or a processing instruction: what any HTML holds and plain text does not.
_MARKUP = re.compile(r"<[A-Za-z!/?]")


def has_markup(text: str) -> bool:
    """Whether ``text`` holds any markup at all: an article saved as ``.html`` without a single tag is
    plain text (trafilatura finds nothing in it, and the whole article would be refused)."""
    return bool(_MARKUP.search(text))


#: trafilatura settings `extract_html` can use, by name. "fast" ones skip trafilatura's fallback chain
#: (readability, then jusText, when its own extraction looks thin or unclean); the others keep it.
EXTRACTION_SETTINGS: dict[str, dict[str, bool]] = {
    "precision": {"favor_precision": True},
    "balanced": {},
    "recall": {"favor_recall": True},
    "precision-fast": {"favor_precision": True, "fast": True},
    "balanced-fast": {"fast": True},
    "recall-fast": {"favor_recall": True, "fast": True},
}
#: Chosen by cross-validation on the article-extraction benchmark (docs/ingest.md, `presslens eval aeb --cv`).
DEFAULT_EXTRACTION = "precision"


#: A precision extraction shorter than this (characters) may have been cut short: the recall one is
#: taken instead when it is at least half as long again (trafilatura's own floor is 250 characters).
SHORT_EXTRACTION = 300


def extract_html(html: str, url: str | None = None, setting: str = DEFAULT_EXTRACTION) -> HtmlExtract:
    """Main text and metadata of ``html``; `ExtractError` when there is no readable text.

    With a precision setting, a body under `SHORT_EXTRACTION` characters is compared with what the
    recall setting finds: precision drops whole blocks of a broken page ("<div><b>..." left unclosed).
    """
    document = _bare_extraction(html, url, EXTRACTION_SETTINGS[setting])
    text = _text(document)
    if EXTRACTION_SETTINGS[setting].get("favor_precision") and len(text) < SHORT_EXTRACTION:
        fuller = _bare_extraction(html, url, {"favor_recall": True})
        if len(_text(fuller)) > 1.5 * len(text):
            document, text = fuller, _text(fuller)
    if not text:
        raise ExtractError("no extractable text in HTML (empty, script-only or malformed page)")
    # trafilatura falls back to the URL's host name when the page states no outlet: that is dropped
    sitename = site_name(html, _clean(document.sitename), url)
    return HtmlExtract(
        text=text,
        title=_clean(document.title),
        author=clean_author(_clean(document.author), sitename, url),
        date=_clean(document.date),
        sitename=sitename,
    )


def _bare_extraction(html: str, url: str | None, options: dict[str, bool]) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
            **options,
        )
    except Exception as exc:  # lxml or trafilatura failing on broken markup: report, never crash
        raise ExtractError(f"malformed HTML ({type(exc).__name__})") from None


def _text(document: Any) -> str:
    return (getattr(document, "text", None) or "").strip() if document is not None else ""


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
