"""voices.v1: who is quoted or cited, how often, grouped by the side the article ties them to.

Counts come from the quotes layer (``direct``/``indirect``/``mixed`` per speaker: speech), the
sources layer (``cited``: sources, documents and reports included, found through a cue rather than
as a quote's speaker) and, shown apart and never counted as a voice, the ``beliefs`` attributed to
each (attribution.v1). A speaker left unresolved is not a voice. Each speaker keeps
the affiliation as the article states it (``affiliation_raw``: "Israel", "Hamas", "United
States"...) and gets a side label from the ``sides`` table of ``resources/affiliations.json``
(docs/resources.md): an affiliation the table lists gets its side; a source typed ``un`` or
``ngo`` is "UN/NGO", whether it is cited or quoted ("the WHO said": the type sources.v1 gives the
speaker, `source_types`); any other stated affiliation is "other"; none stated is "unknown".

``by_affiliation`` maps each side to the number of quotes and citations it gets.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from presslens.components.quotes_lexicon import SIDE_LABELS
from presslens.layers import VoiceCount, Voices
from presslens.model import Article
from presslens.pipeline import component


def side_of(affiliation: str | None, source_type: str | None = None) -> str:
    """The side label of a raw affiliation (see the module table)."""
    if source_type in ("un", "ngo"):
        return "UN/NGO"
    if not affiliation:
        return "unknown"
    return SIDE_LABELS.get(affiliation, "other")


def source_types(article: Article) -> dict[str, str]:
    """The source type sources.v1 gives each speaker, by name (case-folded): a quote's speaker is a
    source of its own ("the WHO said": ``un``), so speech gets the side the citation path gives the
    same source. A name typed ``un``/``ngo`` once keeps the first such type."""
    types: dict[str, str] = {}
    for source in article.layers.get("sources", ()):
        if not source.name or not source.type:
            continue
        key = source.name.casefold()
        if key not in types or (source.type in ("un", "ngo") and types[key] not in ("un", "ngo")):
            types[key] = source.type
    return types


def _voiced(item: dict[str, Any]) -> int:
    """Quotes and citations: what counts as a voice (beliefs are shown apart)."""
    return int(item["direct"] + item["indirect"] + item["mixed"] + item["cited"])


def count_voices(article: Article) -> Voices:
    speakers: dict[str, dict[str, Any]] = {}

    def entry(name: str, affiliation: str | None, source_type: str | None = None) -> dict[str, Any]:
        key = name.lower()
        item = speakers.get(key)
        if item is None:
            item = speakers[key] = {
                "name": name,
                "affiliation": None,
                "affiliation_raw": None,
                "direct": 0,
                "indirect": 0,
                "cited": 0,
                "mixed": 0,
                "beliefs": 0,
            }
        if item["affiliation_raw"] is None and affiliation:
            item["affiliation_raw"] = affiliation
        if item["affiliation"] in (None, "unknown"):
            item["affiliation"] = side_of(item["affiliation_raw"], source_type)
        return item

    typed = source_types(article)
    for quote in article.layers.get("quotes", ()):
        if quote.speaker is not None and quote.speaker.resolved and quote.speaker.name:
            name = quote.speaker.name
            entry(name, quote.affiliation, typed.get(name.casefold()))[quote.kind] += 1
    for record in article.layers.get("attributions", ()):
        speaker = record.speaker
        if record.kind == "belief" and speaker is not None and speaker.resolved and speaker.name:
            entry(speaker.name, None)["beliefs"] += 1
    for source in article.layers.get("sources", ()):
        if source.via == "quote":
            continue
        entry(source.name, source.affiliation, source.type)["cited"] += 1
    ordered = sorted(speakers.values(), key=lambda s: (-_voiced(s), -s["beliefs"]))
    by_affiliation: dict[str, int] = {}
    for item in ordered:
        if _voiced(item):
            by_affiliation[item["affiliation"]] = by_affiliation.get(item["affiliation"], 0) + _voiced(item)
    return Voices(tuple(VoiceCount(**item) for item in ordered), by_affiliation)


@component("voices.v1", reads=("quotes", "sources", "attributions"), writes=("voices",))
def voices(article: Article, doc: Doc) -> None:
    """Who is quoted or cited how often, grouped by side."""
    article.results["voices"] = count_voices(article)
