"""Turn an analysed article into plain dicts for rendering: pure functions, no HTML here.

The report and the web app's article page render the same view. Both may hold a `presslens/1`
dict (`Article.to_dict()`, or a stored row) rather than a live `Article`; `article_view` reads it
back once with `Article.from_dict`, which checks every item against its record type and leaves
out, with a warning, whatever does not fit. From there on the readers use typed records and need
no checks of their own. Everything returned is plain data (str, int, float, list, dict); escaping
is the template's job.

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

from presslens.attribution.kinds import SPEECH_KINDS
from presslens.layers import Claim, Genre, Paragraph, ParagraphTechnique, ScoredLabel, Span, Technique, Voices
from presslens.model import Article
from presslens.report.techniques import TECHNIQUES, display_name
from presslens.values.dates import NOT_STATED, iso_date
from presslens.values.display import as_of_label, counted_label, format_value, since_of

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


def _mark_label(kind: str, item: Span, text: str = "") -> str:
    """The hover label of a highlight; a quote also names its speaker, so the text says who speaks.

    A speaker the quotes layer left unresolved is named as written, marked "(unresolved)", as "Who
    says what" beside the text shows it ("They → unresolved"), not by the name it was not tied to.
    """
    if isinstance(item, Technique) and item.in_quote:
        return f"{item.label}, in a quote by {item.speaker}" if item.speaker else f"{item.label}, in a quote"
    speaker = getattr(item, "speaker", None) if kind == "quote" else None
    name = speaker.name if speaker is not None else None
    if speaker is not None and speaker.resolved is False:
        name = speaker.unresolved_label(text) or None
    return f"{item.label} by {name}" if name else item.label


def collect_marks(article: Article) -> list[Mark]:
    """Every highlightable annotation of the article (empty spans, such as furniture, are skipped)."""
    marks: list[Mark] = []
    for kind, layer, _ in HIGHLIGHT_TYPES:
        for item in article.layers.get(layer, []):
            if item.start == item.end:
                continue
            marks.append(
                Mark(
                    item.start,
                    item.end,
                    kind,
                    item.id,
                    _mark_label(kind, item, article.text),
                    item.component,
                    item.confidence,
                    isinstance(item, Technique) and not item.shown,
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
        if "t-low" in classes and any(m.type == "technique" and not m.low for m in active):
            # a technique above the display threshold is drawn even where a weaker one overlaps it:
            # "t-low" would hide the whole segment until the reader asks for the rest
            classes.remove("t-low")
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


def format_figure(claim: Claim, text: str) -> str:
    """The figure of a claim as the text means it: "more than 1,200", "$45 million", "hundreds"."""
    value = claim.value
    if value is None or value.low is None:
        return text[claim.start : claim.end]
    return format_value(value)


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

    def item(self, item: Span | Mark) -> str:
        """Register the anchor of a layer item at its start; returns its ``#href``."""
        if not item.id:
            return self.offset(item.start) or ""
        anchor = f"{self.prefix}{css_token(item.id)}"
        if self.placed.setdefault(anchor, item.start) != item.start:  # a duplicate id: keep ids unique
            return self.offset(item.start) or ""
        ids = self.by_offset.setdefault(item.start, [])
        if anchor not in ids:
            ids.append(anchor)
        return f"#{anchor}"


def _figures(article: Article, ids: _Ids) -> list[dict[str, Any]]:
    rows = []
    for claim in article.layers.get("claims", []):
        count_of, event, as_of, attribution = claim.count_of, claim.event, claim.as_of, claim.attribution
        event_label = ""
        if event is not None:
            event_label = f"not {event.label}" if event.negated else event.label
        rows.append(
            {
                "href": ids.item(claim),
                "text": article.text[claim.start : claim.end],
                "figure": format_figure(claim, article.text),
                "what": counted_label(count_of),
                "event": event_label,
                "as_of": as_of_label(as_of, iso_date(article.published.value)),
                "since": since_of(as_of),
                "vague": bool(claim.value is not None and claim.value.vague),
                "source": (attribution.label() or "") if attribution is not None else "",
                "source_href": ids.offset(attribution.start) if attribution is not None else None,
                "confidence": claim.confidence,
            }
        )
    return rows


def _quotes(article: Article, ids: _Ids) -> list[dict[str, Any]]:
    """The Quotes table: kinds named as "Who says, believes or shows what" names them ("partly
    quoted"), and a speaker the quotes layer left unresolved named as written, "(unresolved)"."""
    rows = []
    for quote in article.layers.get("quotes", []):
        speaker = quote.speaker
        name = (speaker.name or "") if speaker is not None else ""
        if speaker is not None and speaker.resolved is False:
            name = speaker.unresolved_label(article.text)
        rows.append(
            {
                "href": ids.item(quote),
                "speaker": name,
                "speaker_href": ids.offset(speaker.start) if speaker is not None else None,
                "affiliation": quote.credited_affiliation() or "",
                "kind": quote.kind,
                "kind_name": ATTRIBUTION_KINDS.get(quote.kind, quote.kind),
                "quote": article.text[quote.content.start : quote.content.end],
                "confidence": quote.confidence,
            }
        )
    return rows


#: How the report names each kind of attribution.
ATTRIBUTION_KINDS = {
    "direct": "direct quote",
    "indirect": "indirect speech",
    "mixed": "partly quoted",
    "belief": "belief or intention",
    "document": "document, poll or report",
}


def parts_listed_whole(spans: Sequence[tuple[int, int, Any]]) -> set[int]:
    """Indices of the spans that lie inside a longer span with the same key: parts of a listed whole.

    The attribution layer keeps a quotation that runs over paragraphs whole and, beside it, the
    pieces the rules found in it (same kind, speaker and cue); the quote layer makes them one quote
    and the voices count it once, so a list of who says what names it once too. ``spans`` are
    ``(start, end, key)``; the key is what must agree (kind, speaker, cue).
    """
    return {
        i
        for i, (start, end, key) in enumerate(spans)
        if any(
            j != i and k == key and s <= start and end <= e and e - s > end - start
            for j, (s, e, k) in enumerate(spans)
        )
    }


def _said_as(t: Mapping[str, Any]) -> tuple[Any, ...]:
    """How a quote or attribution dict says its words: (kind, speaker's name, cue start, cue end). Two
    records that agree on it are one voice saying the same thing (`distinct_speech`, `who_says_what`)."""
    speaker, cue = t.get("speaker") or {}, t.get("cue") or {}
    return (t.get("kind"), speaker.get("name"), cue.get("start"), cue.get("end"))


def distinct_speech(attributions: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """`presslens/1` attribution dicts less the parts of a quotation already listed whole."""
    drop = parts_listed_whole(
        [
            (t["start"], t["end"], _said_as(t) if t.get("kind") in SPEECH_KINDS else ("other", i))
            for i, t in enumerate(attributions)
        ]
    )
    return [t for i, t in enumerate(attributions) if i not in drop]


def beside_quotes(quotes: Sequence[tuple[int, int]], attributions: Sequence[tuple[int, int]]) -> list[int]:
    """Indices of the attributions a list of who says what shows beside the quotes: those that overlap none.

    The quote layer decides what one quote is (a quotation over paragraphs is one, with one kind,
    speaker and cue) and the voices count its quotes; the attribution layer may cut the same words
    into pieces with other cues or another kind. Listing both showed one quote twice, so a list
    names each quote once, as the quote layer has it, and then what only the attribution layer
    found (beliefs, documents, speech no quote took). Spans are ``(start, end)``.
    """
    return [
        i for i, (start, end) in enumerate(attributions) if not any(s < end and start < e for s, e in quotes)
    ]


def _quote_source(quote: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]], text: str) -> Any:
    """The quote's source as written: its attribution's if the speaker agrees, else the speaker's words."""
    speaker = quote.get("speaker")
    if not speaker:
        return None
    whole = by_id.get(quote.get("attribution") or "")
    if whole and whole.get("source") and (whole.get("speaker") or {}).get("name") == speaker.get("name"):
        return whole["source"]
    start, end = speaker.get("start"), speaker.get("end")
    if start is None or end is None or start >= end:
        return None
    return {"text": text[start:end], "start": start, "end": end}


def who_says_what(article: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    """A `presslens/1` article dict's who-says-what lists: ``speech``, ``documents``, ``beliefs``.

    ``speech`` is each quote once, with the quote layer's kind, speaker and cue, shaped like an
    attribution (the quotes one attribution gave around its cue, same kind, speaker and cue, share a
    row, content in pieces, as before); in text order among them, the speech attributions no quote
    overlaps, less the parts of one listed whole. Documents and beliefs that overlap a quote are
    not listed again.
    """
    attributions = list(article.get("attributions") or [])
    quotes = list(article.get("quotes") or [])
    text = article.get("text") or ""
    by_id = {t["id"]: t for t in attributions if t.get("id")}
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for n, q in enumerate(quotes):
        # the quotes one attribution gave around its cue ("'…,' she said, '…'") share a row, as before
        groups.setdefault((q.get("attribution"), *_said_as(q)) if q.get("attribution") else n, []).append(q)
    rows: list[dict[str, Any]] = []
    for group in groups.values():
        first = group[0]
        whole = by_id.get(first.get("attribution") or "")
        if (
            whole
            and _said_as(whole) == _said_as(first)
            and all(whole["start"] <= q["start"] and q["end"] <= whole["end"] for q in group)
            and not any(
                q["start"] < whole["end"] and whole["start"] < q["end"] for q in quotes if q not in group
            )
        ):
            # the attribution says the same of the same words, and no other quote's: its span and
            # content (for a mixed quote, the whole sentence, not only the words in marks)
            start, end, content = whole["start"], whole["end"], list(whole.get("content") or [])
        else:
            start, end = group[0]["start"], group[-1]["end"]
            content = [{"start": q["start"], "end": q["end"]} for q in group]
        rows.append(
            {
                "id": first.get("id"),
                "start": start,
                "end": end,
                "kind": first.get("kind", ""),
                "content": content or [{"start": start, "end": end}],
                "source": _quote_source(first, by_id, text),
                "speaker": first.get("speaker"),
                "cue": first.get("cue"),
            }
        )
    quote_spans = [(q["start"], q["end"]) for q in quotes]
    kept = [
        attributions[i] for i in beside_quotes(quote_spans, [(t["start"], t["end"]) for t in attributions])
    ]
    speech = rows + distinct_speech([t for t in kept if t.get("kind") in SPEECH_KINDS])
    return {
        "speech": sorted(speech, key=lambda t: (t["start"], t["end"])),
        "documents": [t for t in kept if t.get("kind") == "document"],
        "beliefs": [t for t in kept if t.get("kind") == "belief"],
    }


def _attributions(article: Article, ids: _Ids) -> list[dict[str, Any]]:
    """Who says, believes or shows what: each quote once, then what only attribution.v1 found.

    Rows: kind, the source as written and who it resolves to (or "unresolved"), cue, content.
    Built from `who_says_what` on the article's dict, so the report and the web page agree; a
    quote's row links to the quote, an attribution's to the attribution.
    """
    text = article.text
    listed = who_says_what(
        {
            "text": text,
            "quotes": [q.to_dict(text) for q in article.layers.get("quotes", [])],
            "attributions": [t.to_dict(text) for t in article.layers.get("attributions", [])],
        }
    )
    records = {r.id: r for layer in ("quotes", "attributions") for r in article.layers.get(layer, [])}
    rows = []
    everything = [*listed["speech"], *listed["documents"], *listed["beliefs"]]
    for t in sorted(everything, key=lambda t: (t["start"], t["end"])):
        record = records.get(t.get("id") or "")
        source, speaker, cue = t.get("source"), t.get("speaker") or {}, t.get("cue")
        written = source["text"] if source else ""
        resolved = speaker.get("name") if speaker.get("resolved") and speaker.get("name") else None
        content = t.get("content")
        if isinstance(content, dict) or content is None:
            pieces = [content or {"start": t["start"], "end": t["end"]}]
        else:
            pieces = content
        rows.append(
            {
                "href": ids.item(record) if record is not None else ids.offset(t["start"]),
                "kind": t["kind"],
                "kind_name": ATTRIBUTION_KINDS.get(t["kind"], t["kind"]),
                "speech": t["kind"] in SPEECH_KINDS,
                "written": written,
                "written_href": ids.offset(source["start"]) if source else None,
                # None: the article names no source; "" with written words: they could not be resolved
                "resolved": resolved,
                "unresolved": bool(written) and resolved is None,
                "same": resolved is not None and resolved == written,
                "cue": cue["text"] if cue else "",
                "content": " … ".join(text[p["start"] : p["end"]] for p in pieces),
                "found_by": getattr(record, "found_by", "quotes"),
                "confidence": getattr(record, "confidence", None),
            }
        )
    return rows


def _unresolved_speakers(article: Article) -> list[dict[str, Any]]:
    """Quotes whose speaker the quotes layer left unresolved, by the speaker as written ("They
    (unresolved)" ×1): voices.v1 counts them as no one's voice and on no side, and the Voices section
    lists them apart so that the quotes it does not count are not simply missing."""
    counts: dict[str, int] = {}
    for quote in article.layers.get("quotes", []):
        label = quote.speaker.unresolved_label(article.text) if quote.speaker is not None else ""
        if label:
            counts[label] = counts.get(label, 0) + 1
    return [{"name": name, "count": count} for name, count in counts.items()]


def _voices(voices: Voices | None, unresolved: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if voices is None:
        return {"speakers": [], "by_affiliation": [], "unresolved": unresolved or []}
    speakers = [
        {
            "name": s.name,
            "affiliation": s.affiliation or "",
            "direct": s.direct,
            "indirect": s.indirect,
            "mixed": s.mixed,
            "cited": s.cited,
            "beliefs": s.beliefs,
        }
        for s in voices.speakers
    ]
    groups = sorted(voices.by_affiliation.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "speakers": speakers,
        "by_affiliation": [{"affiliation": k, "count": v} for k, v in groups],
        "unresolved": unresolved or [],
    }


def _techniques(article: Article, ids: _Ids) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Technique highlights (``shown`` ones first, each group in text order), and shown ones per technique.

    ``shown`` is False only when the model marked the span as below its display threshold; a
    technique inside a quote names the quoted ``speaker`` (the words are theirs, not the outlet's).
    """
    rows, counts = [], {}
    item: Technique
    for item in article.layers.get("techniques", []):
        if item.shown:
            counts[item.label] = counts.get(item.label, 0) + 1
        rows.append(
            {
                "href": ids.item(item),
                "label": item.label,
                "name": display_name(item.label),
                "definition": TECHNIQUES.get(item.label, ""),
                "text": article.text[item.start : item.end],
                "confidence": item.confidence,
                "shown": item.shown,
                "in_quote": item.in_quote,
                "speaker": item.speaker or "",
            }
        )
    rows.sort(key=lambda r: not r["shown"])  # stable: text order within shown and within the rest
    summary = [
        {"label": label, "name": display_name(label), "definition": TECHNIQUES.get(label, ""), "count": n}
        for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return rows, summary


def _technique_scores(found: Iterable[ParagraphTechnique]) -> list[dict[str, Any]]:
    """A paragraph's techniques, most confident first (the calibrated confidence, else the raw score)."""

    def shown_score(t: ParagraphTechnique) -> float:
        return t.score if t.confidence is None else t.confidence

    return [
        {
            "label": t.label,
            "name": display_name(t.label),
            "definition": TECHNIQUES.get(t.label, ""),
            "score": shown_score(t),
            "shown": t.shown,
        }
        for t in sorted(found, key=lambda t: -shown_score(t))
    ]


def _paragraphs(article: Article, ids: _Ids) -> list[dict[str, Any]]:
    """Per-paragraph technique predictions (``results["paragraphs"]``), for paragraphs that have any."""
    paragraphs: Sequence[Paragraph] = article.results.get("paragraphs") or ()
    rows = []
    for para in paragraphs:
        found = [t for t in para.techniques if t.label]
        if not found or para.end > len(article.text) or para.start > para.end:
            continue
        excerpt = " ".join(article.text[para.start : para.end].split())
        rows.append(
            {
                "href": ids.offset(para.start),
                "line": para.line,
                "excerpt": excerpt if len(excerpt) <= 90 else excerpt[:88].rstrip() + "…",
                "techniques": _technique_scores(found),
            }
        )
    return rows


def _simple(article: Article, layer: str, ids: _Ids, keys: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for item in article.layers.get(layer, []):
        row = {
            "href": ids.item(item),
            "text": article.text[item.start : item.end],
            "label": item.label,
            "confidence": item.confidence,
        }
        for key in keys:
            value = getattr(item, key)
            row[key] = "" if value is None else str(value)
        rows.append(row)
    return rows


def _genre(genre: Genre | None) -> dict[str, Any] | None:
    if genre is None or not genre.label:
        return None
    return {
        "label": genre.label,
        "uncertain": genre.uncertain,
        "component": genre.component,
        "scores": [{"label": k, "score": v} for k, v in sorted(genre.scores.items(), key=lambda kv: -kv[1])],
    }


def _frames(frames: Sequence[ScoredLabel]) -> list[dict[str, Any]]:
    return [
        {"label": f.label.replace("_", " "), "score": f.score}
        for f in sorted((f for f in frames if f.label), key=lambda f: -f.score)
    ]


def _metadata(article: Article, ids: _Ids) -> list[dict[str, Any]]:
    rows = []
    for name in META_FIELDS:
        entry = getattr(article, name)
        value = entry.value
        stated = value not in (None, "")
        spanned = (
            entry.start is not None and entry.end is not None and 0 <= entry.start <= entry.end <= ids.length
        )
        rows.append(
            {
                "name": name,
                "value": NOT_STATED if not stated else str(value),
                "stated": stated,
                "href": ids.offset(entry.start) if spanned and stated else None,
                "origin": entry.origin or "",
            }
        )
    return rows


def _tagged(segs: list[dict[str, Any]], tags: Mapping[str, str]) -> list[dict[str, Any]]:
    """Turn each segment's anchor ids into ``{id, tag}`` dicts (``tag`` "" when it has none)."""
    for seg in segs:
        seg["anchors"] = [{"id": anchor, "tag": tags.get(anchor, "")} for anchor in seg["anchors"]]
    return segs


def article_view(article: Article | Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Everything the report (or the web app's article page) shows for one article, as plain data.

    ``article`` is an `Article` or its `presslens/1` dict. ``prefix`` namespaces the element ids
    when several articles share one page; with the default "" the text anchors are ``#c-<start>``
    and layer items are ``#<item id>``.
    """
    if not isinstance(article, Article):
        article = Article.from_dict(article)
    text = article.text
    ids = _Ids(prefix, len(text))
    metadata = _metadata(article, ids)
    figures = _figures(article, ids)
    quotes = _quotes(article, ids)
    techniques, technique_counts = _techniques(article, ids)
    paragraphs = _paragraphs(article, ids)
    sources = _simple(article, "sources", ids, ("type", "name", "affiliation"))
    labels = _simple(article, "labels", ids, ("term", "category", "actor", "speaker"))
    for row, item in zip(labels, article.layers.get("labels", []), strict=True):
        row["in_quote"] = bool(getattr(item, "in_quote", False))  # the quoted speaker's word
    hedges = _simple(article, "hedges", ids, ("term",))
    scare_quotes = _simple(article, "scare_quotes", ids, ())
    marks = collect_marks(article)
    for mark in marks:  # every highlight is reachable by its id, even those no table links to
        ids.item(mark)
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
    source = article.source.to_dict()
    title = next(m["value"] for m in metadata if m["name"] == "title")
    # untitled: name the article by its file name (the full path is in the metadata table)
    fallback = (
        PurePath(str(source["path"])).name if source.get("path") else source.get("url") or "Untitled article"
    )
    return {
        "id": article.id,
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
        "attributions": _attributions(article, ids),
        "voices": _voices(article.results.get("voices"), _unresolved_speakers(article)),
        "techniques": techniques,
        "paragraphs": paragraphs,
        "technique_counts": technique_counts,
        "low_techniques": low_techniques,
        "genre": _genre(article.results.get("genre")),
        "frames": _frames(article.results.get("frames") or ()),
        "sources": sources,
        "labels": labels,
        "hedges": hedges,
        "scare_quotes": scare_quotes,
        "components": list(article.components),
        "warnings": list(article.warnings),
    }


def report_view(articles: Sequence[Article | Mapping[str, Any]]) -> dict[str, Any]:
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
