"""coref.v1: every mention of a person or organisation, linked to the actor it refers to.

The ``mentions`` layer is the published answer of the `Resolver` (`presslens.components.resolver`)
for the whole article: each name and definite description of an actor (from actors.v1), each
"he"/"she", and each relative "who" whose antecedent is a person, with the actor it refers to,
how (``resolved_from``), and for a pronoun the mention it was resolved through (``antecedent``)
and the other people it weighed (``considered``). A pronoun with no candidate that fits stays in
the layer unresolved (``actor`` null): the resolver does not guess.

It runs after the attribution finders (quotes.v1) and replays what they settled (quoted words
excluded, each speaker in focus when resolved), so a link and a quote's speaker never disagree:
a "he" that speaks is linked to the quote's speaker. Later readers use these links instead of
resolving again: a figure attributed to "he" shows the person as ``attribution.resolved``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from presslens.components.resolver import PRONOUNS, Resolver
from presslens.layers import CharSpan, Mention, Speaker
from presslens.model import Article
from presslens.pipeline import component

NAME = "coref.v1"
DESCRIPTION_START_RE = re.compile(r"(?i)the\s")


@component(NAME, reads=("doc", "actors", "speaker_actors", "quotes"), writes=("mentions",))
def coref(article: Article, doc: Doc) -> None:
    """Every mention of a person or organisation, linked to its actor (names, descriptions, he/she, who)."""
    actors = (*article.results.get("actors", ()), *article.results.get("speaker_actors", ()))
    resolver = Resolver(article.text, doc, actors)
    quotes = sorted(article.layers["quotes"], key=lambda q: q.start)
    resolver.exclude((q.content.start, q.content.end) for q in quotes)
    speakers: dict[tuple[int, int], Speaker] = {}
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None:
            continue
        speakers.setdefault((speaker.start, speaker.end), speaker)
        actor = resolver.actor(speaker.actor)
        if actor is not None and actor.label == "PERSON":
            resolver.settle(speaker.start, speaker.end, actor)
    if quotes:
        resolver.focus(quotes[-1].start)
    found = [*_names(article.text, resolver), *_pronouns(doc, resolver, speakers), *_relatives(doc, resolver)]
    for mention in sorted(found, key=lambda m: (m.start, m.end)):
        article.add("mentions", mention)


def _names(text: str, resolver: Resolver) -> list[Mention]:
    """Each name or description actors.v1 (or a finder) grouped under an actor."""
    out = []
    for start, end, actor_id in resolver.index.spans:
        actor = resolver.speaker_at.get(start) or resolver.index.actors[actor_id]
        kind = "description" if DESCRIPTION_START_RE.match(text, start) else "name"
        out.append(
            Mention(
                start=start,
                end=end,
                label=kind,
                component=NAME,
                confidence=0.9 if kind == "name" else 0.75,
                actor=actor.id,
                name=actor.name,
                resolved_from=kind,
            )
        )
    return out


def _pronouns(doc: Doc, resolver: Resolver, speakers: dict[tuple[int, int], Speaker]) -> list[Mention]:
    """Each "he"/"she": a quote's speaker as the quote resolved it, any other by the resolver."""
    out = []
    for tok in _tokens(doc, PRONOUNS):
        low = tok.lower_
        span = (tok.idx, tok.idx + len(tok.text))
        resolution = resolver.pronoun(tok.idx, low)
        actor_id = resolution.actor.id if resolution.actor is not None else None
        name = resolution.actor.name if resolution.actor is not None else None
        how = "pronoun"
        speaker = speakers.get(span)
        if speaker is not None and speaker.actor != actor_id:  # the quote settled it: the quote wins
            actor_id, how = speaker.actor, speaker.resolved_from
            name = speaker.name if speaker.actor else None
            resolution.antecedent, resolution.considered = None, []
        out.append(
            Mention(
                start=span[0],
                end=span[1],
                label="pronoun",
                component=NAME,
                confidence=0.7 if actor_id is not None else 0.5,
                actor=actor_id,
                name=name,
                resolved_from=how or "pronoun",
                antecedent=CharSpan(*resolution.antecedent) if resolution.antecedent else None,
                considered=tuple(a.id for a in resolution.considered),
            )
        )
    return out


def _relatives(doc: Doc, resolver: Resolver) -> list[Mention]:
    """Each relative "who" whose clause hangs on a person's mention ("Nancy Pelosi, who warned")."""
    out = []
    text = doc.text
    for tok in _tokens(doc, frozenset({"who"})):
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "relcl" or _acronym(text, tok):
            continue
        antecedent: Token = tok.head.head
        actor = resolver.actor_in(antecedent.idx, antecedent.idx + len(antecedent.text))
        if actor is None:
            continue
        mention = next(
            (
                (s, e)
                for s, e in sorted(set(actor.mentions))
                if s <= antecedent.idx < e or (s < antecedent.idx + len(antecedent.text) <= e)
            ),
            None,
        )
        out.append(
            Mention(
                start=tok.idx,
                end=tok.idx + len(tok.text),
                label="relative",
                component=NAME,
                confidence=0.8,
                actor=actor.id,
                name=actor.name,
                resolved_from="relative",
                antecedent=CharSpan(*mention) if mention else None,
            )
        )
    return out


def _acronym(text: str, tok: Token) -> bool:
    """Whether a "who" is written in capitals on a line that is not ("..., the WHO said": the World Health
    Organization, not a relative pronoun)."""
    if not tok.text.isupper():
        return False
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    line = text[start : end if end >= 0 else len(text)]
    return any(ch.islower() for ch in line)


def _tokens(doc: Doc, lowers: frozenset[str]) -> list[Token]:
    """The tokens whose lower-case form is in ``lowers`` (found on the array: iterating a Doc is slow)."""
    if not len(doc):
        return []
    wanted = {doc.vocab.strings.add(word) for word in lowers}
    return [doc[i] for i, value in enumerate(doc.to_array("LOWER").tolist()) if value in wanted]
