"""sources.v1: what the article leans on for information, as typed spans.

A source is an entity *used* for information, not merely mentioned: it is found through a cue
("according to X", "X reported/revealed/estimates", "a report from X", "in an interview with X",
"writing in X", "told X" for outlets, a dateline "(MNA)") or is the speaker of a quote. Its type
comes from, in order: keyword rules for reports and intelligence, the gazetteer in
``resources/sources.json`` (outlets, agencies, UN bodies, NGOs, social media), the other
keyword rules (officials, military, government...), and finally the actor it names (a person ->
``person``, an organisation -> ``official``, a country or city -> ``government``).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from presslens.components.actors import affiliation_of
from presslens.components.cues import according_re, verb_pattern, verbs
from presslens.components.quotes_lexicon import GAZETTEER_RE, SOURCE_GAZETTEER, SOURCE_TYPE_RULES
from presslens.components.resolver import Resolver
from presslens.layers import Cue, Source
from presslens.model import Article, trim_to_alnum
from presslens.pipeline import component

NAME = "sources.v1"

#: A source's noun phrase: up to seven words, never across "said", "reported", "on", "that".
NP_WORDS = (
    r"(?:(?:the|a|an|The|A|An)\s+)?[\w.’'\-]+"
    r"(?:\s+(?!said\b|says\b|reported\b|on\b|that\b)[\w.’'\-]+){0,6}?"
)
NP = rf"(?P<src>{NP_WORDS})"
CUE_PATTERNS: tuple[re.Pattern[str], ...] = (
    according_re("source", NP_WORDS, after=r"(?=[,.;:\n]|\s+(?:on|in|which|who)\b|$)"),
    re.compile(
        r"(?P<cue>(?:report|reports|study|investigation|analysis) (?:from|by))\s+"
        + NP
        + r"(?=[,.;:\n]| has| had| that| said| which)"
    ),
    re.compile(
        r"(?P<cue>in an interview with|speaking to|told|writing in|(?:an )?article in|wrote in|posted on|"
        r"statement on|post on|said on|wrote on)\s+(?P<src>" + GAZETTEER_RE.pattern + r")"
    ),
    re.compile(
        r"(?P<src>(?:[Oo]fficial\s+)?(?:[A-Z][\w.]*\s+){0,2}(?:estimates|figures|data))\s+"
        r"(?P<cue>" + verb_pattern("data") + r")\b"
    ),
)
#: Where someone spoke or wrote: the name after the cue is a source when it is an outlet (by the
#: gazetteer or the keyword rules) or an organisation entity ("told the Trice Edney News Wire").
OUTLET_CUE_RE = re.compile(
    r"(?P<cue>in an interview with|speaking to|spoke to|told|reached by|writing in|wrote in|"
    r"(?:an )?article in|(?:posted|wrote|said|statement|post) on|(?m:^From))\s+"
    r"(?P<src>(?:the\s+)?[A-Z@][\w’'&.@-]*(?:[^\S\n]+[A-Z][\w’'&.-]*){0,5})"  # never across a line break
)
HANDLE_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,15}\b")
FROM_RE = re.compile(r"\b(?:from|by)\s+")
DATELINE_RE = re.compile(r"\((?P<src>[A-Z]{2,6})\)\s*[–—-]")
#: Verbs whose subject is a cited source when it is not a person ("Israeli media reported").
SUBJECT_CUES = verbs("source")


def source_type(phrase: str, entity_label: str | None = None) -> str | None:
    """The type of a source phrase, or None when it cannot be typed."""
    for pattern, kind in SOURCE_TYPE_RULES[:2]:
        if pattern.search(phrase):
            return kind
    hit = GAZETTEER_RE.search(phrase)
    if hit:
        return SOURCE_GAZETTEER[hit.group(1)]
    for pattern, kind in SOURCE_TYPE_RULES[2:]:
        if pattern.search(phrase):
            return kind
    return {"PERSON": "person", "ORG": "official", "GPE": "government", "NORP": "official"}.get(
        entity_label or ""
    )


def find_sources(article: Article, doc: Doc) -> list[dict[str, Any]]:
    text = article.text
    actors = (*article.results.get("actors", ()), *article.results.get("speaker_actors", ()))
    resolver = Resolver(text, doc, actors)
    found: list[dict[str, Any]] = []

    def add(
        start: int,
        end: int,
        cue: tuple[int, int] | None,
        kind: str | None = None,
        name: str | None = None,
        via: str = "cue",
    ) -> None:
        start, end = trim_to_alnum(text, start, end)
        tail = FROM_RE.search(text, start, end)
        if tail and via == "cue":  # "assessments from Israeli military intelligence": the body is the source
            start = tail.end()
        if end <= start:
            return
        phrase = text[start:end]
        actor = resolver.actor_in(start, end)
        kind = kind or source_type(phrase, actor.label if actor else None)
        if kind is None:
            return
        if actor is not None and kind == "person" and actor.label != "PERSON":
            kind = "official"
        found.append(
            {
                "start": start,
                "end": end,
                "type": kind,
                "name": name
                or (actor.name if actor is not None and len(phrase) <= len(actor.name) + 20 else phrase),
                "affiliation": (actor.affiliation if actor else None) or affiliation_of(phrase),
                "cue": {"text": text[cue[0] : cue[1]], "start": cue[0], "end": cue[1]} if cue else None,
                "via": via,
            }
        )

    # speakers of quotes
    for quote in article.layers.get("quotes", ()):
        speaker = quote.speaker
        if speaker is None or speaker.resolved_from in ("pronoun", "continuation"):
            continue
        cue = quote.cue
        actor = resolver.actor(speaker.actor)
        kind = None
        if actor is not None and actor.label == "PERSON":
            kind = "person"
        add(
            speaker.start,
            speaker.end,
            (cue.start, cue.end) if cue else None,
            kind,
            speaker.name,
            via="quote",
        )
    # cue patterns
    for pattern in CUE_PATTERNS:
        for m in pattern.finditer(text):
            add(m.start("src"), m.end("src"), (m.start("cue"), m.end("cue")))
    entities = [e for e in article.layers.get("entities", ()) if e.label in ("ORG", "WORK_OF_ART")]
    for m in OUTLET_CUE_RE.finditer(text):
        start, end = m.start("src"), m.end("src")
        kind = source_type(text[start:end])
        if kind not in ("outlet", "agency", "social_media"):
            # an organisation one speaks to or writes in is an outlet; one is "told" people too
            if m.group("cue") == "told" or resolver.actor_in(start, end, "PERSON") is not None:
                continue
            if not any(e.start < end and e.end > start for e in entities):
                continue
            kind = "outlet"
        add(start, end, (m.start("cue"), m.end("cue")), kind)
    for m in HANDLE_RE.finditer(text):
        add(m.start(), m.end(), None, "social_media")
    for m in DATELINE_RE.finditer(text, 0, min(len(text), 400)):
        add(m.start("src"), m.end("src"), None, "agency")
    # subjects of reporting verbs that are not people ("Israeli media reported", "the report revealed")
    for tok in doc:
        if tok.lower_ not in SUBJECT_CUES or not tok.tag_.startswith("VB"):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON" or subj.right_edge.i - subj.left_edge.i > 8:
            continue
        start, end = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
        phrase = text[start:end]
        kind = source_type(phrase)
        if kind is not None:
            add(start, end, (tok.idx, tok.idx + len(tok.text)), kind)

    found.sort(key=lambda s: (s["start"], -(s["end"] - s["start"])))
    kept: list[dict[str, Any]] = []
    for item in found:
        if kept and item["start"] < kept[-1]["end"]:
            continue
        kept.append(item)
    return kept


@component(NAME, reads=("doc", "entities", "quotes", "actors", "speaker_actors"), writes=("sources",))
def sources(article: Article, doc: Doc) -> None:
    """Cited sources (outlets, agencies, officials, reports, people...) as typed spans."""
    for item in find_sources(article, doc):
        cue = item["cue"]
        article.add(
            "sources",
            Source(
                start=item["start"],
                end=item["end"],
                component=NAME,
                confidence=0.8 if item["via"] == "quote" else 0.7,
                type=item["type"],
                name=item["name"],
                affiliation=item["affiliation"],
                cue=Cue(cue["text"], cue["start"], cue["end"]) if cue else None,
                via=item["via"],
            ),
        )
