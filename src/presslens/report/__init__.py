"""HTML report (placeholder; replaced by the full renderer)."""

from __future__ import annotations

import html


def render_report(articles) -> str:
    body = "".join(
        f"<article><h1>{html.escape(a.title.value or '')}</h1><pre>{html.escape(a.text)}</pre></article>"
        for a in articles
    )
    return f"<!doctype html><meta charset='utf-8'><title>PressLens report</title>{body}"
