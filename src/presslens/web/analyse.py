"""Analysing an article submitted through the web form: pasted text, an uploaded file, or a URL.

Submitted text is always treated as text (never as a path: `presslens.api.analyze` would open a
file named by a short string, which a web user must not be able to make the server do). URLs are
fetched only when the server was started with ``--allow-fetch``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from presslens.errors import InputError, PressLensError
from presslens.model import MetaValue, SourceInfo


class SubmissionError(PressLensError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def analyse_submission(
    fields: dict[str, Any], upload: bytes | None, allow_fetch: bool, max_bytes: int
) -> dict[str, Any]:
    """The analysed `presslens/1` dict for one submission, or a `SubmissionError` saying what is wrong."""
    from presslens.api import get_pipeline
    from presslens.ingest import article_from_text

    text = str(fields.get("text") or "")
    url = str(fields.get("url") or "").strip()
    if upload:
        if len(upload) > max_bytes:
            raise SubmissionError(f"the uploaded file is over the {max_bytes:,}-byte limit", 413)
        try:
            text = upload.decode("utf-8")
        except UnicodeDecodeError:
            raise SubmissionError("the uploaded file is not UTF-8 text") from None
    if len(text.encode("utf-8")) > max_bytes:
        raise SubmissionError(f"the text is over the {max_bytes:,}-byte limit", 413)
    if text.strip():
        article = article_from_text(text, SourceInfo(format="text"))
    elif url:
        article = _fetch(url, allow_fetch)
    else:
        raise SubmissionError("paste an article's text, upload a .txt file, or give a URL")
    for name in ("title", "outlet", "published"):
        value = str(fields.get(name) or "").strip()[:300]
        if value:
            setattr(article, name, MetaValue(value, origin="input"))
    return get_pipeline()(article).to_dict()


def _fetch(url: str, allow_fetch: bool):
    if not allow_fetch:
        raise SubmissionError(
            "this server does not fetch URLs (start it with --allow-fetch); paste the text instead", 403
        )
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SubmissionError("only http:// and https:// URLs can be fetched")
    from presslens.ingest import load_inputs

    for item in load_inputs([url]):
        if isinstance(item, InputError):
            raise SubmissionError(str(item))
        return item
    raise SubmissionError(f"{url}: no article found")
