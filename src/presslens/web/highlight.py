"""A minimal highlight renderer for one article: every annotated span wrapped in a <mark>.

The shared renderer (`presslens.report.view.article_view`) will replace this at merge; the web app
calls only `render_article_html`, so the switch is one function. Overlapping spans are handled by
cutting the text at every span boundary and giving each piece the classes of all spans covering
it. All text passes through `markupsafe.escape`: the article is untrusted input.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

#: Layer -> (css class, short description) for the layers that get highlighted.
HIGHLIGHT_LAYERS: dict[str, tuple[str, str]] = {
    "claims": ("hl-claim", "figure"),
    "quotes": ("hl-quote", "quote"),
    "techniques": ("hl-technique", "technique"),
    "labels": ("hl-label", "loaded label"),
    "scare_quotes": ("hl-scare", "scare quote"),
    "sources": ("hl-source", "source"),
    "hedges": ("hl-hedge", "hedge"),
    "entities": ("hl-entity", "entity"),
}


def _describe(layer: str, item: dict[str, Any]) -> str:
    name = HIGHLIGHT_LAYERS[layer][1]
    if layer == "techniques":
        return f"technique: {item.get('label')}"
    if layer == "quotes":
        speaker = item.get("speaker") or {}
        return f"quote by {speaker.get('name') or item.get('affiliation') or 'unattributed'}"
    if layer == "claims":
        source = (item.get("attribution") or {}).get("source")
        return f"figure{' (source: ' + source + ')' if source else ''}"
    if layer == "labels":
        return f"loaded label: {item.get('term') or item.get('text')}"
    if layer == "entities":
        return f"entity: {item.get('label')}"
    return name


def spans(article: dict[str, Any]) -> list[tuple[int, int, str, str, str]]:
    """(start, end, css class, annotation id, description) for every highlightable, valid span."""
    length = len(article.get("text") or "")
    out = []
    for layer, (css, _) in HIGHLIGHT_LAYERS.items():
        for item in article.get(layer) or []:
            start, end = item.get("start"), item.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
                out.append((start, end, css, str(item.get("id") or ""), _describe(layer, item)))
    return out


def render_article_html(article: dict[str, Any]) -> Markup:
    """The article text as escaped HTML with nested-safe <mark> elements for each annotation."""
    text = article.get("text") or ""
    items = spans(article)
    cuts = sorted({0, len(text), *(s for s, *_ in items), *(e for _, e, *_ in items)})
    parts: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[lo:hi])
        active = [it for it in items if it[0] <= lo and hi <= it[1]]
        if not active:
            parts.append(str(piece))
            continue
        classes = " ".join(sorted({it[2] for it in active}))
        ids = " ".join(it[3] for it in active)
        title = "; ".join(dict.fromkeys(it[4] for it in active))
        parts.append(
            f'<mark class="hl {classes}" data-ann="{escape(ids)}" title="{escape(title)}">{piece}</mark>'
        )
    return Markup("".join(parts))
