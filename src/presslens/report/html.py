"""Render report views as one self-contained, offline HTML file with Jinja2.

Autoescaping is on for every template (article text, metadata and model labels are untrusted),
and nothing is ever marked safe. The page needs no JavaScript and fetches nothing: the CSS is
inline, and the per-type toggles are plain checkboxes that CSS sibling selectors act on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from presslens import __version__
from presslens.report.view import article_view, report_view

NEUTRAL_NOTE = "PressLens shows what the text says and where; it does not judge whether it is true."


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment: package templates, autoescape on for all of them, strict undefined."""
    env = Environment(
        loader=PackageLoader("presslens.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["score"] = _score
    return env


def _score(value: Any) -> str:
    """A 0..1 score as two decimals; blank when the component gave none."""
    return "" if value is None else f"{float(value):.2f}"


def render_views(view: Mapping[str, Any], generated: str | None = None) -> str:
    """Render a `report_view` dict."""
    template = environment().get_template("report.html.j2")
    return template.render(
        report=view,
        note=NEUTRAL_NOTE,
        version=__version__,
        generated=generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def render_dicts(articles: Sequence[Mapping[str, Any]], generated: str | None = None) -> str:
    """Render `presslens/1` article dicts (e.g. read back from JSON output) as one HTML report."""
    return render_views(report_view(articles), generated)


def render_text(article: Mapping[str, Any], prefix: str = "") -> Markup:
    """The highlighted text block of one `presslens/1` article dict, as safe HTML.

    The same fragment the report shows (``<div class="text">`` of flat segments with ``t-<type>``
    classes, ``#c-<offset>`` and ``#<item id>`` anchors), for pages that embed one article, such
    as the web app's article page. The template autoescapes, so wrapping it in `Markup` is sound.
    """
    html = environment().get_template("text.html.j2").render(a=article_view(article, prefix))
    return Markup(html.strip())
