"""Turn an analysed article into plain dicts for rendering: pure functions, no HTML here.

The report and the web app's article page render the same view, so this module works from the
`presslens/1` JSON dict (`Article.to_dict()`, or a stored row), never from live objects.
Everything returned is plain data (str, int, float, list, dict); escaping is the template's job.

The text is flattened into *segments* cut at every annotation boundary: each segment carries the
classes of every annotation covering it, so overlapping and nested spans render as flat, valid
HTML, and the concatenation of the segments is exactly the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from presslens.corpus.quantities import attribution_label
from presslens.report.techniques import TECHNIQUES, display_name

#: Highlighted annotation types, in legend order: (type, layer, legend name).
HIGHLIGHT_TYPES: tuple[tuple[str, str, str], ...] = (
    ("entity", "entities", "Entities"),
    ("claim", "claims", "Figures (claims)"),
    ("quote", "quotes", "Quotes"),
    ("source", "sources", "Sources"),
    ("scare", "scare_quotes", "Scare quotes"),
    ("label", "labels", "Loaded labels"),
    ("hedge", "hedges", "Hedges"),
    ("technique", "techniques", "Techniques"),
)

META_FIELDS = ("title", "outlet", "published", "author")
NOT_STATED = "not stated"

_UNSAFE_CLASS = re.compile(r"[^A-Za-z0-9_-]+")


def css_token(value: object) -> str:
    """A string reduced to characters safe in a class name or id (labels come from models)."""
    return _UNSAFE_CLASS.sub("", str(value))[:60] or "x"


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span, as the segmenter sees it."""

    start: int
    end: int
    type: str
    id: str
    label: str
    component: str
    confidence: float | None
    #: a technique below the model's display threshold: drawn only when the reader asks for it
    low: bool = False

    @property
    def classes(self) -> tuple[str, ...]:
        out = (f"t-{self.type}",)
        if self.type == "entity":
            out += (f"ent-{css_token(self.label)}",)
        if self.low:
            out += ("t-low",)
        return out

    @property
    def title(self) -> str:
        label = display_name(self.label) if self.type == "technique" else self.label
        conf = "" if self.confidence is None else f", confidence {self.confidence:.2f}"
        low = ", below the display threshold" if self.low else ""
        return f"{label} ({self.component}{conf}{low})"


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _valid_span(item: Mapping[str, Any], length: int) -> tuple[int, int] | None:
    """``(start, end)`` when ``item`` holds a well-formed span within the text, else None."""
    start, end = _int(item.get("start")), _int(item.get("end"))
    if start is None or end is None or not 0 <= start <= end <= length:
        return None
    return start, end


def _confidence(item: Mapping[str, Any]) -> float | None:
    value = item.get("confidence")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _mark_label(kind: str, item: Mapping[str, Any]) -> str:
    """The hover label of a highlight; a quote also names its speaker, so the text says who speaks."""
    label = str(item.get("label") or kind)
    if kind == "technique" and item.get("in_quote"):
        return f"{label}, in a quote by {item['speaker']}" if item.get("speaker") else f"{label}, in a quote"
    speaker = item.get("speaker") if kind == "quote" else None
    name = speaker.get("name") if isinstance(speaker, Mapping) else None
    return f"{label} by {name}" if name else label


def collect_marks(article: Mapping[str, Any]) -> list[Mark]:
    """Every highlightable annotation of the article; malformed or empty spans are skipped."""
    length = len(article.get("text") or "")
    marks: list[Mark] = []
    for kind, layer, _ in HIGHLIGHT_TYPES:
        for item in article.get(layer) or []:
            if not isinstance(item, Mapping):
                continue
            span = _valid_span(item, length)
            if span is None or span[0] == span[1]:
                continue
            marks.append(
                Mark(
                    span[0],
                    span[1],
                    kind,
                    str(item.get("id") or ""),
                    _mark_label(kind, item),
                    str(item.get("component") or ""),
                    _confidence(item),
                    kind == "technique" and item.get("shown") is False,
                )
            )
    return marks


def segments(
    text: str, marks: Sequence[Mark], anchors: Mapping[int, Iterable[str]] | None = None
) -> list[dict[str, Any]]:
    """Cut ``text`` at every mark boundary (and anchor position) into covering-annotation segments.

    Each segment is ``{text, start, end, classes, title, anchors}``: ``classes`` and ``title``
    join those of every mark covering the whole segment; ``anchors`` are element ids to place
    just before it (``anchors`` maps an offset to ids). ``"".join(s["text"]) == text`` always.
    """
    anchors = anchors or {}
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update((mark.start, mark.end))
    cuts.update(pos for pos in anchors if 0 <= pos <= len(text))
    points = sorted(cuts)
    starts: dict[int, list[Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    out: list[dict[str, Any]] = []
    for left, right in zip(points, points[1:], strict=False):
        active = [m for m in active if m.end > left] + starts.get(left, [])
        ids = list(anchors.get(left, ()))
        classes: list[str] = []
        for mark in active:
            classes.extend(c for c in mark.classes if c not in classes)
        out.append(
            {
                "text": text[left:right],
                "start": left,
                "end": right,
                "classes": " ".join(classes),
                "title": "\n".join(m.title for m in active),
                "anchors": ids,
            }
        )
    if len(text) in anchors and anchors[len(text)]:  # anchors at the very end get an empty segment
        out.append(
            {
                "text": "",
                "start": len(text),
                "end": len(text),
                "classes": "",
                "title": "",
                "anchors": list(anchors[len(text)]),
            }
        )
    return out


def _number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _share(value: object) -> str | None:
    """0.3333 -> "33%" (a fraction the article gave in words)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return f"{value * 100:.0f}%"


def format_figure(item: Mapping[str, Any]) -> str:
    """The figure of a claim as a reader would say it: "more than 1,200", "10–20 percent"."""
    value = item.get("value")
    if not isinstance(value, Mapping) or value.get("low") is None:
        return str(item.get("text") or "")
    unit = item.get("unit")
    if unit == "fraction":  # "a third of" is stored as 0.3333: show it as a share
        value = {**value, **{k: _share(value.get(k)) for k in ("low", "high")}}
        unit = "share"
    low, high = _number(value.get("low")), _number(value.get("high"))
    figure = f"{low}–{high}" if high and high != low else low
    qualifier = value.get("qualifier")
    written = _number_words(item)
    if qualifier:
        figure = f"{qualifier} {figure}"
    elif value.get("approx") and written and not any(ch.isdigit() for ch in written):
        # "tens of thousands" is stored as 10,000 by convention; "about 10,000" would misquote it
        figure = written
    elif value.get("approx"):
        figure = f"about {figure}"
    if unit and unit != "count":
        figure = f"{figure} {unit}"
    return figure


def _number_words(item: Mapping[str, Any]) -> str:
    """The figure as written: the claim's text before what it counts ("tens of thousands" of
    "tens of thousands of people"), or "" when the claim carries no text."""
    text = str(item.get("text") or "")
    count_of, start = item.get("count_of"), item.get("start")
    if isinstance(count_of, Mapping) and isinstance(start, int) and isinstance(count_of.get("start"), int):
        cut = count_of["start"] - start
        if 0 < cut <= len(text):
            text = text[:cut]
    return re.sub(r"\s+of\s*$", "", text.strip()).strip()


class _Ids:
    """Element ids of one article: ``<prefix>c-<offset>`` for offsets, ``<prefix><id>`` for items."""

    def __init__(self, prefix: str, length: int) -> None:
        self.prefix = css_token(prefix) if prefix else ""
        self.length = length
        self.by_offset: dict[int, list[str]] = {}
        self.placed: dict[str, int] = {}

    def offset(self, start: int | None) -> str | None:
        """Register an anchor at ``start``; returns its ``#href`` (None when there is no span)."""
        if start is None or not 0 <= start <= self.length:
            return None
        anchor = f"{self.prefix}c-{start}"
        ids = self.by_offset.setdefault(start, [])
        if anchor not in ids:
            ids.append(anchor)
        return f"#{anchor}"

    def item(self, item: Mapping[str, Any]) -> str | None:
        """Register the anchor of a layer item at its start; returns its ``#href``."""
        span = _valid_span(item, self.length)
        if span is None or not item.get("id"):
            return self.offset(span[0]) if span else None
        anchor = f"{self.prefix}{css_token(item['id'])}"
        if self.placed.setdefault(anchor, span[0]) != span[0]:  # a duplicate id elsewhere: keep ids unique
            return self.offset(span[0])
        ids = self.by_offset.setdefault(span[0], [])
        if anchor not in ids:
            ids.append(anchor)
        return f"#{anchor}"


def _nested(item: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = item.get(key)
    return value if isinstance(value, Mapping) else None


def _items(article: Mapping[str, Any], layer: str) -> list[Mapping[str, Any]]:
    return [i for i in article.get(layer) or [] if isinstance(i, Mapping)]


def _figures(article: Mapping[str, Any], ids: _Ids) -> list[dict[str, Any]]:
    rows = []
    for item in _items(article, "claims"):
        count_of = _nested(item, "count_of")
        event = _nested(item, "event")
        as_of = _nested(item, "as_of")
        attribution = _nested(item, "attribution")
        event_label = ""
        if event:
            event_label = str(event.get("label") or "")
            if event.get("negated"):
                event_label = f"not {event_label}"
        as_of_text = ""
        if as_of:
            as_of_text = str(as_of.get("date") or as_of.get("text") or "")
            if as_of.get("kind") and as_of.get("kind") != "explicit":
                as_of_text = f"{as_of_text} ({as_of['kind']})"
        rows.append(
            {
                "href": ids.item(item),
                "text": str(item.get("text") or ""),
                "figure": format_figure(item),
                "what": str((count_of or {}).get("text") or (count_of or {}).get("head") or ""),
                "event": event_label,
                "as_of": as_of_text,
                "source": attribution_label(attribution) or "",
                "source_href": ids.offset(_int((attribution or {}).get("start"))) if attribution else None,
                "confidence": _confidence(item),
            }
        )
    return rows


def _quote_words(item: Mapping[str, Any], text: str) -> str:
    content = item.get("content")
    if isinstance(content, Mapping):
        span = _valid_span(content, len(text))
        if span:
            return text[span[0] : span[1]]
    return str(item.get("text") or "")


def _quotes(article: Mapping[str, Any], ids: _Ids) -> list[dict[str, Any]]:
    text = article.get("text") or ""
    rows = []
    for item in _items(article, "quotes"):
        speaker = _nested(item, "speaker")
        rows.append(
            {
                "href": ids.item(item),
                "speaker": str((speaker or {}).get("name") or ""),
                "speaker_href": ids.offset(_int((speaker or {}).get("start"))) if speaker else None,
                "affiliation": str(item.get("affiliation") or ""),
                "kind": str(item.get("kind") or ""),
                "quote": _quote_words(item, text),
                "confidence": _confidence(item),
            }
        )
    return rows


def _voices(results: Any) -> dict[str, Any]:
    voices = results if isinstance(results, Mapping) else {}
    speakers = [
        {
            "name": str(s.get("name") or ""),
            "affiliation": str(s.get("affiliation") or ""),
            "direct": _int(s.get("direct")) or 0,
            "indirect": _int(s.get("indirect")) or 0,
            "cited": _int(s.get("cited")) or 0,
        }
        for s in voices.get("speakers") or []
        if isinstance(s, Mapping)
    ]
    by_affiliation = voices.get("by_affiliation")
    groups = (
        sorted(((str(k), v) for k, v in by_affiliation.items()), key=lambda kv: (-_sortable(kv[1]), kv[0]))
        if isinstance(by_affiliation, Mapping)
        else []
    )
    return {"speakers": speakers, "by_affiliation": [{"affiliation": k, "count": v} for k, v in groups]}


def _sortable(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _techniques(article: Mapping[str, Any], ids: _Ids) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Technique highlights (``shown`` ones first, each group in text order), and shown ones per technique.

    ``shown`` is False only when the model marked the span as below its display threshold; a
    technique inside a quote names the quoted ``speaker`` (the words are theirs, not the outlet's).
    """
    rows, counts = [], {}
    for item in _items(article, "techniques"):
        label = str(item.get("label") or "")
        shown = item.get("shown") is not False
        if shown:
            counts[label] = counts.get(label, 0) + 1
        rows.append(
            {
                "href": ids.item(item),
                "label": label,
                "name": display_name(label),
                "definition": TECHNIQUES.get(label, ""),
                "text": str(item.get("text") or ""),
                "confidence": _confidence(item),
                "shown": shown,
                "in_quote": bool(item.get("in_quote")),
                "speaker": str(item.get("speaker") or ""),
            }
        )
    rows.sort(key=lambda r: not r["shown"])  # stable: text order within shown and within the rest
    summary = [
        {"label": label, "name": display_name(label), "definition": TECHNIQUES.get(label, ""), "count": n}
        for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return rows, summary


def _paragraphs(article: Mapping[str, Any], ids: _Ids) -> list[dict[str, Any]]:
    """Per-paragraph technique predictions (``results["paragraphs"]``), for paragraphs that have any."""
    text = str(article.get("text") or "")
    rows = []
    for para in article.get("paragraphs") or []:
        if not isinstance(para, Mapping):
            continue
        found = [t for t in para.get("techniques") or [] if isinstance(t, Mapping) and t.get("label")]
        if not found:
            continue
        span = _valid_span(para, len(text))
        excerpt = " ".join(text[span[0] : span[1]].split()) if span else ""
        rows.append(
            {
                "href": ids.offset(span[0]) if span else None,
                "line": _int(para.get("line")),
                "excerpt": excerpt if len(excerpt) <= 90 else excerpt[:88].rstrip() + "…",
                "techniques": [
                    {
                        "label": str(t["label"]),
                        "name": display_name(str(t["label"])),
                        "definition": TECHNIQUES.get(str(t["label"]), ""),
                        "score": _sortable(t.get("confidence", t.get("score"))),
                        "shown": t.get("shown") is not False,
                    }
                    for t in sorted(found, key=lambda t: -_sortable(t.get("confidence", t.get("score"))))
                ],
            }
        )
    return rows


def _simple(article: Mapping[str, Any], layer: str, ids: _Ids, keys: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {
            "href": ids.item(item),
            "text": str(item.get("text") or ""),
            "label": str(item.get("label") or ""),
            "confidence": _confidence(item),
            **{key: "" if item.get(key) is None else str(item.get(key)) for key in keys},
        }
        for item in _items(article, layer)
    ]


def _genre(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping) or not value.get("label"):
        return None
    scores = value.get("scores") if isinstance(value.get("scores"), Mapping) else {}
    return {
        "label": str(value["label"]),
        "uncertain": bool(value.get("uncertain")),
        "component": str(value.get("component") or ""),
        "scores": [
            {"label": str(k), "score": _sortable(v)}
            for k, v in sorted(scores.items(), key=lambda kv: -_sortable(kv[1]))
        ],
    }


def _frames(value: Any) -> list[dict[str, Any]]:
    frames = [f for f in value or [] if isinstance(f, Mapping) and f.get("label")]
    return [
        {"label": str(f["label"]).replace("_", " "), "score": _sortable(f.get("score"))}
        for f in sorted(frames, key=lambda f: -_sortable(f.get("score")))
    ]


def _metadata(article: Mapping[str, Any], ids: _Ids) -> list[dict[str, Any]]:
    meta = article.get("metadata") if isinstance(article.get("metadata"), Mapping) else {}
    rows = []
    for name in META_FIELDS:
        entry = meta.get(name) if isinstance(meta.get(name), Mapping) else {}
        value = entry.get("value", article.get(name))
        span = _valid_span(entry, ids.length) if entry else None
        rows.append(
            {
                "name": name,
                "value": NOT_STATED if value in (None, "") else str(value),
                "stated": value not in (None, ""),
                "href": ids.offset(span[0]) if span and value not in (None, "") else None,
                "origin": str(entry.get("origin") or ""),
            }
        )
    return rows


def _tagged(segs: list[dict[str, Any]], tags: Mapping[str, str]) -> list[dict[str, Any]]:
    """Turn each segment's anchor ids into ``{id, tag}`` dicts (``tag`` "" when it has none)."""
    for seg in segs:
        seg["anchors"] = [{"id": anchor, "tag": tags.get(anchor, "")} for anchor in seg["anchors"]]
    return segs


def article_view(article: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Everything the report (or the web app's article page) shows for one article, as plain data.

    ``article`` is the `presslens/1` dict. ``prefix`` namespaces the element ids when several
    articles share one page; with the default "" the text anchors are ``#c-<start>`` and layer
    items are ``#<item id>``.
    """
    text = str(article.get("text") or "")
    ids = _Ids(prefix, len(text))
    metadata = _metadata(article, ids)
    figures = _figures(article, ids)
    quotes = _quotes(article, ids)
    techniques, technique_counts = _techniques(article, ids)
    paragraphs = _paragraphs(article, ids)
    sources = _simple(article, "sources", ids, ("type", "name", "affiliation"))
    labels = _simple(article, "labels", ids, ("term", "category", "actor"))
    hedges = _simple(article, "hedges", ids, ("term",))
    scare_quotes = _simple(article, "scare_quotes", ids, ())
    marks = collect_marks(article)
    for mark in marks:  # every highlight is reachable by its id, even those no table links to
        ids.item({"id": mark.id, "start": mark.start, "end": mark.end})
    # technique names are shown at the start of their highlight (CSS draws them from data-tag)
    tags = {
        f"{ids.prefix}{css_token(m.id)}": display_name(m.label)
        for m in marks
        if m.type == "technique" and m.id and not m.low
    }
    entity_counts: dict[str, int] = {}
    type_counts: dict[str, int] = {kind: 0 for kind, _, _ in HIGHLIGHT_TYPES}
    low_techniques = 0
    for mark in marks:
        low_techniques += mark.low
        type_counts[mark.type] += not mark.low
        if mark.type == "entity":
            entity_counts[mark.label] = entity_counts.get(mark.label, 0) + 1
    source = article.get("source") if isinstance(article.get("source"), Mapping) else {}
    title = next(m["value"] for m in metadata if m["name"] == "title")
    # untitled: name the article by its file name (the full path is in the metadata table)
    fallback = (
        PurePath(str(source["path"])).name if source.get("path") else source.get("url") or "Untitled article"
    )
    return {
        "id": str(article.get("id") or ""),
        "prefix": ids.prefix,
        "heading": title if title != NOT_STATED else str(fallback),
        "source": {k: "" if v is None else str(v) for k, v in source.items()},
        "metadata": metadata,
        "chars": len(text),
        "segments": _tagged(segments(text, marks, ids.by_offset), tags),
        "legend": [
            {"type": kind, "name": name, "count": type_counts[kind]} for kind, _, name in HIGHLIGHT_TYPES
        ],
        "entity_labels": [
            {"label": label, "css": f"ent-{css_token(label)}", "count": n}
            for label, n in sorted(entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "figures": figures,
        "quotes": quotes,
        "voices": _voices(article.get("voices")),
        "techniques": techniques,
        "paragraphs": paragraphs,
        "technique_counts": technique_counts,
        "low_techniques": low_techniques,
        "genre": _genre(article.get("genre")),
        "frames": _frames(article.get("frames")),
        "sources": sources,
        "labels": labels,
        "hedges": hedges,
        "scare_quotes": scare_quotes,
        "components": [str(c) for c in article.get("components") or []],
        "warnings": [str(w) for w in article.get("warnings") or []],
    }


def report_view(articles: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The view of a whole report: one `article_view` per article plus a summary row for each."""
    single = len(articles) == 1
    views = [article_view(a, "" if single else f"a{i}-") for i, a in enumerate(articles, 1)]
    legend_totals = {kind: 0 for kind, _, _ in HIGHLIGHT_TYPES}
    for view in views:
        for entry in view["legend"]:
            legend_totals[entry["type"]] += entry["count"]
    entity_labels = sorted({e["label"]: e["css"] for v in views for e in v["entity_labels"]}.items())
    return {
        "articles": views,
        "legend": [
            {"type": kind, "name": name, "count": legend_totals[kind]} for kind, _, name in HIGHLIGHT_TYPES
        ],
        "entity_labels": [{"label": label, "css": css} for label, css in entity_labels],
        "low_techniques": sum(v["low_techniques"] for v in views),
        "techniques": [{"label": k, "name": display_name(k), "definition": v} for k, v in TECHNIQUES.items()],
    }
