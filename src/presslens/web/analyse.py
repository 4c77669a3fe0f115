"""Analysing an article submitted through the web form: pasted text, an uploaded file, or a URL.

Submitted text is always treated as text (never as a path: `presslens.api.analyze` would open a
file named by a short string, which a web user must not be able to make the server do). URLs are
fetched only when the server was started with ``--allow-fetch``.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlparse

from presslens.errors import InputError, PressLensError
from presslens.model import MetaValue, SourceInfo

_PIPELINE_LOCK = threading.Lock()


class SubmissionError(PressLensError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def analyse_submission(
    fields: dict[str, Any], upload: bytes | None, allow_fetch: bool, max_bytes: int
) -> dict[str, Any]:
    """The analysed `presslens/1` dict for one submission, or a `SubmissionError` saying what is wrong.

    Title, outlet and published date typed in the form win over what the text states (the ingest
    layer locates them in the text when it can, and normalises the date).
    """
    from presslens.api import get_pipeline
    from presslens.ingest import article_from_text

    meta = {
        name: str(fields.get(name) or "").strip()[:300] or None for name in ("title", "outlet", "published")
    }
    text = str(fields.get("text") or "")
    url = str(fields.get("url") or "").strip()
    if len(text.encode("utf-8")) > max_bytes:
        raise SubmissionError(f"the text is over the {max_bytes:,}-byte limit", 413)
    if upload:
        article = _from_upload(upload, meta, max_bytes)
    elif text.strip():
        article = article_from_text(text, SourceInfo(format="text"), meta)
    elif url:
        article = _fetch(url, allow_fetch)
        for name, value in meta.items():
            if value:
                setattr(article, name, MetaValue(value, origin="input"))
    else:
        raise SubmissionError("paste an article's text, upload a .txt or .html file, or give a URL")
    if not article.text.strip():
        raise SubmissionError("no article text left after removing page furniture")
    with _PIPELINE_LOCK:  # one analysis at a time: spaCy and the components are not made for threads
        return get_pipeline()(article).to_dict()


def _from_upload(data: bytes, meta: dict[str, str | None], max_bytes: int):
    """An uploaded file: decoded like any input (BOMs, declared charsets), HTML extracted."""
    from presslens.ingest import article_from_text
    from presslens.ingest.decode import DecodeError, decode_bytes
    from presslens.ingest.html import ExtractError, extract_html, looks_like_html

    if len(data) > max_bytes:
        raise SubmissionError(f"the uploaded file is over the {max_bytes:,}-byte limit", 413)
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise SubmissionError(f"the uploaded file cannot be read: {exc}") from None
    text = decoded.text
    if looks_like_html(text):
        try:
            extract = extract_html(text)
        except ExtractError as exc:
            raise SubmissionError(f"the uploaded page cannot be read: {exc}") from None
        page = {"title": extract.title, "outlet": extract.sitename, "published": extract.date}
        merged = {name: meta.get(name) or page.get(name) for name in meta}
        body = extract.text
        if extract.title and extract.title not in body[: len(extract.title) + 500]:
            body = f"{extract.title}\n\n{body}"
        return article_from_text(
            body, SourceInfo(format="html", encoding=decoded.encoding), merged, warnings=decoded.warnings
        )
    return article_from_text(
        text, SourceInfo(format="text", encoding=decoded.encoding), meta, warnings=decoded.warnings
    )


def _fetch(url: str, allow_fetch: bool):
    if not allow_fetch:
        raise SubmissionError(
            "this server does not fetch URLs (start it with --allow-fetch); paste the text instead", 403
        )
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SubmissionError("only http:// and https:// URLs can be fetched")
    from presslens.ingest import load_inputs

    for item in load_inputs([url], public_only=True):
        if isinstance(item, InputError):
            raise SubmissionError(str(item))
        return item
    raise SubmissionError(f"{url}: no article found")
