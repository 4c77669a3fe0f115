"""HTML to article text and metadata with trafilatura (imported lazily: text inputs never pay for it).

trafilatura finds the main text of a page (dropping navigation, footers and comment sections) and
its metadata (title, author, date, site name) from meta tags and JSON-LD. Date extraction is told
not to search the page text extensively, so a date is only reported when the page declares one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from presslens.errors import PressLensError

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


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text and metadata of ``html``; `ExtractError` when there is no readable text."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml or trafilatura failing on broken markup: report, never crash
        raise ExtractError(f"malformed HTML ({type(exc).__name__})") from None
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise ExtractError("no extractable text in HTML (empty, script-only or malformed page)")
    sitename = _clean(document.sitename)
    if sitename and url:
        parts = urlsplit(url)
        if _host_name(sitename) in {_host_name(parts.netloc), _host_name(parts.hostname)}:
            sitename = None  # trafilatura falls back to the URL's host name: the page did not state an outlet
    return HtmlExtract(
        text=text,
        title=_clean(document.title),
        author=_clean(document.author),
        date=_clean(document.date),
        sitename=sitename,
    )


def _host_name(value: str | None) -> str:
    return (value or "").lower().removeprefix("www.")


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
