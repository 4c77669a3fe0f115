"""Small server-rendered SVG charts: no JavaScript, no CDN, nothing fetched by the browser.

Labels come from article data (outlet names), so every string is escaped before it enters the SVG.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

PALETTE = ("#2f6f9f", "#c0612b", "#5b8c3a", "#8a4f9e", "#b8902b", "#3a8c8c", "#9e4f5b", "#666666")


def bar_chart(items: Sequence[tuple[str, float]], title: str, width: int = 560, bar: int = 22) -> Markup:
    """A horizontal bar chart of (label, value) pairs, largest first as given."""
    if not items:
        return Markup('<p class="empty">No data yet.</p>')
    label_w, gap, top = 190, 6, 26
    height = top + len(items) * (bar + gap) + 4
    peak = max(v for _, v in items) or 1
    usable = width - label_w - 60
    rows = []
    for i, (label, value) in enumerate(items):
        y = top + i * (bar + gap)
        w = max(1.0, usable * value / peak) if value else 0
        short = label if len(label) <= 28 else label[:27] + "…"
        rows.append(
            f'<text x="{label_w - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end" class="lbl">{escape(short)}'
            f"<title>{escape(label)}</title></text>"
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="{PALETTE[0]}" rx="2"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar * 0.7:.1f}" class="val">{value:g}</text>'
        )
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<text x="0" y="16" class="ttl">{escape(title)}</text>{"".join(rows)}</svg>'
    )


def heat_cell_style(value: int, peak: int) -> str:
    """Inline background for a count in a table cell (darker = more); empty cells stay white."""
    if not value or not peak:
        return ""
    alpha = 0.15 + 0.75 * value / peak
    return f"background: rgba(47, 111, 159, {alpha:.2f}); color: {'#fff' if alpha > 0.55 else '#111'}"


def pairs(rows: Sequence[dict], label: str, value: str) -> list[tuple[str, float]]:
    """(label, value) pairs from a list of dict rows, for `bar_chart` in templates."""
    return [(str(row[label]), float(row[value] or 0)) for row in rows]


def number(value: object) -> str:
    """A figure for display: thousands separators, no trailing ``.0`` (43000.0 -> "43,000")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
