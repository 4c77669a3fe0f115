"""The offline HTML report: `view` turns articles into plain dicts, `html` renders them with Jinja2.

`render_report` is what `presslens analyze --html` calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from presslens.model import Article
from presslens.report.html import render_dicts, render_text
from presslens.report.view import article_view, report_view

__all__ = ["article_view", "render_dicts", "render_report", "render_text", "report_view"]


def render_report(articles: Iterable[Article]) -> str:
    """One self-contained HTML page for ``articles`` (no network, no scripts)."""
    return render_dicts([a.to_dict() for a in articles])
