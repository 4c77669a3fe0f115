"""Analysing an article submitted through the web form: pasted text, an uploaded file, or a URL.

This runs in an analysis worker process (presslens.web.workers), never in the server's event loop.
Each kind of input goes through the ingest function the CLI uses for it: pasted text through
`article_from_text`, an uploaded file through `articles_from_bytes` (the same decoding as a file on
disk: byte-order marks, the charset an HTML page declares, HTML extraction), a URL through
`load_inputs` with ``public_only`` (the SSRF guard). Submitted text is never treated as a path, and URLs are
fetched only when the server was started with ``--allow-fetch``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from presslens.errors import InputError, PressLensError
from presslens.model import Article, SourceInfo

META_FIELDS = ("title", "outlet", "published")


class SubmissionError(PressLensError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def analyse_submission(
    fields: dict[str, Any], upload: bytes | None, upload_name: str | None, limits: dict[str, Any]
) -> dict[str, Any]:
    """The analysed `presslens/1` dict for one submission, or a `SubmissionError` saying what is wrong.

    ``fields`` are the form's (`Submission`); ``limits`` holds ``allow_fetch``, ``max_bytes`` and
    ``max_chars``. Title, outlet and published date typed in the form win over what the input states.
    """
    from presslens.api import get_pipeline

    article = submitted_article(fields, upload, upload_name, limits)
    if not article.text.strip():
        raise SubmissionError("no article text left after removing page furniture")
    if len(article.text) > limits["max_chars"]:
        raise SubmissionError(
            f"the text has {len(article.text):,} characters; this server analyses at most "
            f"{limits['max_chars']:,} (--max-chars)",
            413,
        )
    return get_pipeline()(article).to_dict()


def submitted_article(
    fields: dict[str, Any], upload: bytes | None, upload_name: str | None, limits: dict[str, Any]
) -> Article:
    """The `Article` a submission stands for, read by the same ingest code as the CLI's inputs."""
    from presslens.ingest import article_from_text, articles_from_bytes
    from presslens.ingest.loader import apply_overrides

    meta = {name: str(fields.get(name) or "").strip()[:300] or None for name in META_FIELDS}
    text = str(fields.get("text") or "")
    url = str(fields.get("url") or "").strip()
    if len(text.encode("utf-8")) > limits["max_bytes"]:
        raise SubmissionError(f"the text is over the {limits['max_bytes']:,}-byte limit", 413)
    if upload:
        if len(upload) > limits["max_bytes"]:
            raise SubmissionError(f"the uploaded file is over the {limits['max_bytes']:,}-byte limit", 413)
        name = upload_name or "upload"
        article = _first(articles_from_bytes(upload, name, path=name), "the uploaded file")
        return apply_overrides(article, meta)
    if text.strip():
        return article_from_text(text, SourceInfo(format="text"), meta)
    if url:
        return _fetch(url, meta, limits["allow_fetch"])
    raise SubmissionError("paste an article's text, upload a .txt or .html file, or give a URL")


def _first(items, what: str) -> Article:
    for item in items:
        if isinstance(item, InputError):
            raise SubmissionError(f"{what} cannot be read: {item.reason}")
        return item
    raise SubmissionError(f"{what} holds no article")


def _fetch(url: str, meta: dict[str, str | None], allow_fetch: bool) -> Article:
    if not allow_fetch:
        raise SubmissionError(
            "this server does not fetch URLs (start it with --allow-fetch); paste the text instead", 403
        )
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SubmissionError("only http:// and https:// URLs can be fetched")
    from presslens.ingest import load_inputs
    from presslens.ingest.loader import apply_overrides

    for item in load_inputs([url], public_only=True):
        if isinstance(item, InputError):
            raise SubmissionError(str(item))
        return apply_overrides(item, meta)
    raise SubmissionError(f"{url}: no article found")
