"""Small server-rendered SVG charts: no JavaScript, no CDN, nothing fetched by the browser.

Labels come from article data (outlet names), so every string is escaped before it enters the SVG.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from presslens.values import display
from presslens.values.dates import parse_date
from presslens.values.numbers import vocabulary

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


#: Shades of the heat-map cells (style.css ``td.heat-1`` .. ``td.heat-6``), lightest first.
HEAT_SHADES = 6


def heat_class(value: int, peak: int) -> str:
    """The class of a count's table cell (darker = more); empty cells get none.

    A class, not an inline ``style``: the Content-Security-Policy allows no inline styles.
    """
    if not value or not peak:
        return ""
    return f"heat-{max(1, min(HEAT_SHADES, round(HEAT_SHADES * value / peak)))}"


def pairs(rows: Sequence[dict], label: str, value: str) -> list[tuple[str, float]]:
    """(label, value) pairs from a list of dict rows, for `bar_chart` in templates."""
    return [(str(row[label]), float(row[value] or 0)) for row in rows]


number = display.number  # one number format for every view (presslens.values.display)


def _short_outlet(outlet: str, width: int = 19) -> str:
    """An outlet name that fits the legend, keeping what tells unstated outlets apart (their file/title)."""
    short = outlet.replace("(outlet not stated) ", "(no outlet) ", 1)
    return short if len(short) <= width else short[: width - 1] + "…"


def timeline_chart(entries: Sequence[dict], width: int = 640, height: int = 190) -> Markup:
    """Figures of one quantity over time: one dot per dated figure, one colour per outlet.

    Ranges ("between 30 and 40") are drawn as a vertical bar; lower bounds ("more than") get an
    upward tick. A vague amount ("hundreds") is only its order-of-magnitude range: a hatched bar with
    no dot, labelled with its words, never a point. Undated figures cannot be placed and are left
    to the table below.
    """
    lower_bounds = vocabulary().lower_bounds
    points = [(parse_date(e.get("date")), e) for e in entries]
    points = [(d, e) for d, e in points if d is not None and isinstance(e.get("low"), int | float)]
    if len(points) < 2:
        return Markup("")
    left, right, top, bottom = 64, 170, 16, 28
    first, last = min(d for d, _ in points), max(d for d, _ in points)
    span = (last - first).days  # 0 when every figure has one date: they stand mid-chart under it
    peak = max(float(e.get("high") or e["low"]) for _, e in points) * 1.12 or 1.0
    plot_w, plot_h = width - left - right, height - top - bottom
    outlets = sorted({str(e.get("outlet")) for _, e in points})
    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(outlets)}

    def x(d) -> float:
        return left + plot_w * ((d - first).days / span if span else 0.5)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / peak)

    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" class="axis"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" class="axis"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="tick">{number(round(peak, -1))}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    if span:
        parts += [
            f'<text x="{left}" y="{height - 8}" class="tick">{first.isoformat()}</text>',
            f'<text x="{left + plot_w}" y="{height - 8}" text-anchor="end" class="tick">'
            f"{last.isoformat()}</text>",
        ]
    else:  # one day: one date, under the figures (was the same date at both ends, figures on the axis)
        parts.append(
            f'<text x="{x(first):.1f}" y="{height - 8}" text-anchor="middle" class="tick">'
            f"{first.isoformat()}</text>"
        )
    seen: dict[tuple, int] = {}
    value_text: dict[tuple, str] = {}  # the label of each distinct figure: its value as the text means it
    for d, e in points:
        low = float(e["low"])
        same = seen[(d, low)] = seen.get((d, low), -1) + 1  # equal figures on one day: side by side
        value_text.setdefault(
            (d, low),
            (e.get("as_written") or "")
            if e.get("vague")
            else display.format_figure(
                low,
                float(e["high"]) if e.get("high") is not None else None,  # a range is labelled as one
                e.get("unit") or "count",
                scale=e.get("scale"),
            ),
        )
        cx = x(d) + 9 * same
        fill = colour[str(e.get("outlet"))]
        shown = e.get("figure") or f"{e.get('qualifier') or ''} {number(low)}".strip()
        label = escape(f"#{e.get('n')} {e.get('outlet')}: {shown} ({d.isoformat()})")
        if e.get("vague"):
            top_value = float(e["high"]) if e.get("high") is not None else low
            parts.append(
                f'<line x1="{cx:.1f}" y1="{y(top_value):.1f}" x2="{cx:.1f}" y2="{y(low):.1f}" '
                f'stroke="{fill}" stroke-width="6" stroke-dasharray="3 2" class="vague"><title>{label}'
                "</title></line>"
            )
            continue
        if e.get("high") is not None:
            parts.append(
                f'<line x1="{cx:.1f}" y1="{y(float(e["high"])):.1f}" x2="{cx:.1f}" y2="{y(low):.1f}" '
                f'stroke="{fill}" stroke-width="4"/>'
            )
        if str(e.get("qualifier") or "").lower() in lower_bounds:
            parts.append(
                f'<line x1="{cx:.1f}" y1="{y(low):.1f}" x2="{cx:.1f}" y2="{y(low) - 12:.1f}" '
                f'stroke="{fill}" stroke-width="2"/>'
            )
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{y(low):.1f}" r="5" fill="{fill}" class="pt"><title>{label}</title>'
            "</circle>"
        )
    placed: list[tuple[float, float]] = []
    for (d, low), copies in seen.items():  # each distinct figure labelled once, if there is room
        right_edge = x(d) > left + plot_w * 0.8
        lx = x(d) - 8 if right_edge else x(d) + 9 * copies + 8
        ly = y(low) + 4
        if any(abs(lx - px) < 48 and abs(ly - py) < 12 for px, py in placed):
            continue
        placed.append((lx, ly))
        anchor = "end" if right_edge else "start"
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" class="val">'
            f"{escape(value_text[(d, low)])}</text>"
        )
    for i, outlet in enumerate(outlets[:8]):
        ly = top + 6 + i * 16
        parts.append(
            f'<circle cx="{width - right + 40}" cy="{ly}" r="5" fill="{colour[outlet]}"/>'
            f'<text x="{width - right + 50}" y="{ly + 4}" class="tick"><title>{escape(outlet)}</title>'
            f"{escape(_short_outlet(outlet))}</text>"
        )
    return Markup(
        f'<svg class="chart timeline-chart" role="img" aria-label="figures over time" '
        f'viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )
