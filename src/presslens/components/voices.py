"""voices.v1: who is quoted or cited, how often, grouped by the side the article ties them to.

Counts come from the quotes layer (``direct``/``indirect`` per speaker) and the sources layer
(``cited``: sources found through a cue rather than as a quote's speaker). Each speaker keeps
the affiliation as the article states it (``affiliation_raw``: "Israel", "Hamas", "United
States"...) and gets a side label from the ``sides`` table of ``resources/affiliations.json``
(docs/resources.md): an affiliation the table lists gets its side; a source typed ``un`` or
``ngo`` is "UN/NGO"; any other stated affiliation is "other"; none stated is "unknown".

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
            }
        if item["affiliation_raw"] is None and affiliation:
            item["affiliation_raw"] = affiliation
        if item["affiliation"] in (None, "unknown"):
            item["affiliation"] = side_of(item["affiliation_raw"], source_type)
        return item

    for quote in article.layers.get("quotes", ()):
        if quote.speaker is not None:
            entry(quote.speaker.name or "", quote.affiliation)[quote.kind] += 1
    for source in article.layers.get("sources", ()):
        if source.via == "quote":
            continue
        entry(source.name, source.affiliation, source.type)["cited"] += 1
    ordered = sorted(speakers.values(), key=lambda s: -(s["direct"] + s["indirect"] + s["cited"]))
    by_affiliation: dict[str, int] = {}
    for item in ordered:
        by_affiliation[item["affiliation"]] = (
            by_affiliation.get(item["affiliation"], 0) + item["direct"] + item["indirect"] + item["cited"]
        )
    return Voices(tuple(VoiceCount(**item) for item in ordered), by_affiliation)


@component("voices.v1", reads=("quotes", "sources"), writes=("voices",))
def voices(article: Article, doc: Doc) -> None:
    """Who is quoted or cited how often, grouped by side."""
    article.results["voices"] = count_voices(article)
