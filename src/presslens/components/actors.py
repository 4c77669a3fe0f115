"""actors.v1: group the mentions of one person or organisation within an article.

A quote is only useful when we know *who* speaks, and articles name a speaker once in full
("Prime Minister Benjamin Netanyahu") and then by surname, by title ("the Israeli PM") or by a
description ("the top Iranian diplomat"). This component links those mentions with transparent
rules over spaCy's PERSON/ORG entities, in three steps:

1. **Names.** Person names are stripped of honorifics and titles ("Ayatollah", "Lieutenant
   General") and grouped by name-part subsumption: a mention joins the actor whose fullest name
   contains all its parts (``Arouri`` -> ``Saleh al-Arouri``); an ambiguous surname goes to the
   actor introduced first. Single-token mentions that spaCy mislabels (``Arouri`` as GPE,
   ``Halevi`` as ORG) and surname occurrences it missed are swept up the same way.
2. **Titles.** Titles in front of a name ("Iran's Foreign Minister Hossein Amir-Abdollahian") and
   appositives after it ("Herzi Halevi, the military chief of staff,") are harvested; the
   affiliation is read from the place, people or organisation words in them.
3. **Descriptions.** Definite descriptions ("the Iranian foreign minister", "the Hamas chief",
   "the head of Hamas' political bureau") resolve to the actor whose affiliation and role match,
   most recently mentioned first; a description that comes before any candidate is resolved
   forwards in a second pass.

`ActorIndex` is also rebuilt from ``results["actors"]`` by the quotes component, so both share
one resolver. Which entity each actor grew from is published as the link field ``entity_actors``
(shown as ``entities[].actor`` in the JSON): this component never edits the entities' records.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from presslens import layers
from presslens.components.quotes_lexicon import (
    AFFILIATION_FAMILY,
    AFFILIATION_NAMES,
    BARE_HEADS,
    COMMON_NOUN_POS,
    HONORIFIC_RE,
    NAME_SUFFIXES,
    OUTLETS_WITH_THE,
    PERSONAL_HONORIFIC_RE,
    PLURAL_VERB_TAGS,
    ROLE_PATTERNS,
    SCANDAL_SUFFIXES,
    SOURCE_GAZETTEER,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
)
from presslens.model import Article
from presslens.pipeline import component

POSSESSIVE_END_RE = re.compile(r"(?:[’']s|[’'])$")
INNER_POSSESSIVE_RE = re.compile(r"[’']s\s")
NAME_PREFIX_RE = re.compile(r"^(?:al|el| al|bin|ben|abu|abd|abdul)[-‐]", re.I)
WORD_RE = re.compile(r"[\w.’'\-]+")

_SINGLE_HEADS = sorted(
    TITLE_NOUNS - {"ayatollah", "sheikh", "imam", "lieutenant", "captain", "general", "head"}, key=len
)
#: A definite description of a person: "the (modifiers) head (of X)".
NOMINAL_RE = re.compile(
    r"\b(?:[Tt]he|THE) +(?P<mods>(?:(?:U\.S\.|U\.N\.|[A-Za-z][\w’'\-]*) +){0,3}?)"
    r"(?P<head>(?i:prime minister|foreign minister|attorney general|supreme leader|chief of staff|head|"
    + "|".join(reversed(_SINGLE_HEADS))
    + r"))\b(?![’'-]\w)"
    r"(?P<of>\s+of\s+(?:the\s+)?(?:(?:[A-Z][\w’'\-.]*|political|military|resistance|movement|bureau|"
    r"islamic|revolution)(?:\s+|(?=[,.;:])|$)){1,4})?"
)
APPOSITIVE_RE = re.compile(
    r"\s*,\s+(?:the|a|an)\s+(?P<title>[^,;:()\n]{3,120}?)"
    r"(?=,|;|:|\(|\n|\.\s|\.$|\s+(?:who|which|whose|has|had|is|was|said|says|told)\b)"
)
ING_TAIL_RE = re.compile(r"\s+\w+ing\b.*$")
APPOSED_RE = re.compile(r",[ \t]+")
#: A surname with an apostrophe after its first letter, which NER leaves out of the name before it.
APOSTROPHE_SURNAME_RE = re.compile(r"[ \t]+[A-Z][’'][A-Z][a-z]+(?![\w’'-])")
ACRONYM_AFTER_RE = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")
#: The same inside an entity NER ran on into the bracket: "World Health Organization (WHO".
ACRONYM_INSIDE_RE = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)?$")
#: An acronym written as one all-capital token ("WHO", "FBI").
ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
#: An acronym written with dots ("U.N.", "U.K."; `clean_name` drops the final one): its letters are it.
DOTTED_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){1,5}[A-Z]\.?")
#: Words an acronym leaves out of the initials of the name it stands for ("Bureau *of* Investigation").
ACRONYM_SKIPPED = frozenset({"of", "the", "for", "and"})

#: Multi-word and dotted affiliation names ("united states", "u.s."), matched as written, longest first.
_PHRASE_NAMES = re.compile(
    r"(?<![\w.])("
    + "|".join(
        re.escape(k) for k in sorted((k for k in AFFILIATION_NAMES if " " in k), key=len, reverse=True)
    )
    + r")(?![\w])"
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})

#: A name written right after "the" ("The Caucus has yet to apologize"): a body or a thing, not a person.
THE_BEFORE_RE = re.compile(r"\b[Tt][Hh][Ee]\s+$")
#: Dependencies of a word that modifies the noun it hangs on ("the Velora council leader", "Border agents").
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
#: What may follow such a word for it to stand alone: not "-hating", "’s", nor another capitalised word.
STANDS_ALONE_RE = re.compile(r"(?![-’'])(?!\s+[A-Z])")
#: A leading "the" and a final possessive, around an entity's words.
THE_OR_POSSESSIVE_RE = re.compile(r"^[Tt]he\s+|[’']s?$")
#: A scandal's name: a capitalised stem of four letters or more and an ending of people.json
#: ``scandal_suffixes`` ("Russiagate", "Pizzagate").
SCANDAL_RE = re.compile(r"[A-Z][a-z]{3,}(?:" + "|".join(re.escape(s) for s in SCANDAL_SUFFIXES) + r")")

_PersonItem = tuple[int, int, str, frozenset[str], Any, str | None]
"""A person entity as `build_actors` reads it: start, end, cleaned name, name keys, entity, honorific."""


def roles_of(title: str) -> set[str]:
    """The roles a title implies ("Foreign Minister" -> diplomat, minister)."""
    roles: set[str] = set()
    for pattern, found in ROLE_PATTERNS:
        if pattern.search(title):
            roles |= found
    return roles


def affiliation_of(phrase: str) -> str | None:
    """The first place, people or organisation named in ``phrase``, normalised ("Israeli" -> "Israel").

    The names come from ``affiliations.json``: a name of several words ("united states") is found
    anywhere in the phrase first; a single word must be capitalised, unless it is written with dots
    ("u.s.").
    """
    phrase_name = _PHRASE_NAMES.search(phrase.lower())
    if phrase_name:
        return AFFILIATION_NAMES[phrase_name.group(1)]
    for word in WORD_RE.findall(phrase):
        dotted = word.lower() if "." in word.strip(".") and word.lower() in AFFILIATION_NAMES else None
        key = dotted or POSSESSIVE_END_RE.sub("", word).lower().strip(".-")
        if key in AFFILIATION_NAMES and (word[0].isupper() or dotted):
            return AFFILIATION_NAMES[key]
    return None


def clean_name(text: str) -> tuple[int, int, str] | None:
    """The name proper inside an entity's text: offsets (relative) and the name, or None if junk.

    Strips a leading "the", honorifics and titles, a possessive ending, anything after an
    inner possessive ("Khamenei's Prophecy" -> "Khamenei") and a bracket at its end that NER ran on
    into ("World Health Organization (WHO" -> "World Health Organization").
    """
    start, end = 0, len(text)
    inner = INNER_POSSESSIVE_RE.search(text)
    if inner:
        end = inner.start()
    bracket = text.find(" (", 0, end)
    if bracket > 0 and ")" not in text[bracket:end].rstrip()[:-1]:
        end = bracket  # "World Health Organization (WHO", "Tom Smith (R-Ohio)": a bracket at the end
    sub = text[start:end]
    if sub.lower().startswith("the "):
        start += 4
    honor = HONORIFIC_RE.match(text[start:end])
    if honor:
        start += honor.end()
    tail = POSSESSIVE_END_RE.search(text[start:end])
    if tail:
        end = start + tail.start()
    while end > start and not text[end - 1].isalnum():
        end -= 1
    last_word = text[start:end].rsplit(None, 1)[-1] if end > start else ""
    if text[end : end + 1] == "." and last_word + "." in NAME_SUFFIXES:
        end += 1  # "James Kennedy Jr."
    name = text[start:end]
    if not name or not name[0].isupper() or any(ch.isdigit() for ch in name) or len(name.split()) > 5:
        return None
    return start, end, name


def name_keys(name: str) -> frozenset[str]:
    """Comparable name parts: lower-case, particles like "al-" removed."""
    return frozenset(NAME_PREFIX_RE.sub("", part).lower() for part in name.split() if part)


@dataclass
class Actor:
    id: str
    name: str
    label: str
    keys: frozenset[str] = frozenset()
    mentions: list[tuple[int, int]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    roles: set[str] = field(default_factory=set)

    def add_title(self, title: str) -> None:
        title = title.strip(" ,")
        if title and title.lower() not in (t.lower() for t in self.titles):
            self.titles.append(title)
        self.roles |= roles_of(title)
        if self.affiliation is None:
            self.affiliation = affiliation_of(title)

    def record(self) -> layers.Actor:
        """The typed record of this actor (``results["actors"]``)."""
        return layers.Actor(
            self.id,
            self.name,
            self.label,
            tuple(sorted(set(self.mentions))),
            tuple(self.titles),
            self.affiliation,
        )


class ActorIndex:
    """Actors and their mentions in text order, with the description resolver."""

    def __init__(self, actors: list[Actor]) -> None:
        self.actors = {a.id: a for a in actors}
        self.reindex()

    def reindex(self) -> None:
        """Rebuild ``spans`` (every mention as ``(start, end, actor id)``, in text order) and ``starts``."""
        self.spans = sorted((s, e, a.id) for a in self.actors.values() for s, e in set(a.mentions))
        self.starts = [s for s, _, _ in self.spans]

    @classmethod
    def from_results(cls, items: Iterable[layers.Actor]) -> ActorIndex:
        """A working index over actor records (each reader gets its own, mutable copy)."""
        actors = []
        for item in items:
            actor = Actor(item.id, item.name, item.label, name_keys(item.name))
            actor.mentions = [tuple(m) for m in item.mentions]  # type: ignore[misc]
            for title in item.titles:
                actor.add_title(title)
            actor.affiliation = item.affiliation or actor.affiliation
            actors.append(actor)
        return cls(actors)

    def actor_in(self, start: int, end: int, label: str | None = None) -> Actor | None:
        """The actor with a mention overlapping ``[start, end)`` (the last one if several)."""
        i = bisect.bisect_left(self.starts, end)
        found = None
        for s, e, aid in self.spans[max(0, i - 8) : i]:
            if s < end and e > start and (label is None or self.actors[aid].label == label):
                found = self.actors[aid]
        return found

    def actors_in(self, start: int, end: int, label: str | None = None) -> list[Actor]:
        """The distinct actors mentioned inside ``[start, end)``, in text order."""
        i = bisect.bisect_left(self.starts, end)
        out: list[Actor] = []
        for s, e, aid in self.spans[max(0, i - 16) : i]:
            actor = self.actors[aid]
            if s >= start and e <= end and (label is None or actor.label == label) and actor not in out:
                out.append(actor)
        return out

    def recent(self, pos: int, label: str = "PERSON", skip: Any = None) -> list[Actor]:
        """Actors of ``label`` mentioned before ``pos``, most recent first (``skip(start)`` filters)."""
        seen: list[Actor] = []
        i = bisect.bisect_left(self.starts, pos)
        for s, _e, aid in reversed(self.spans[:i]):
            actor = self.actors[aid]
            if actor.label != label or actor in seen or (skip is not None and skip(s)):
                continue
            seen.append(actor)
        return seen

    def resolve_description(self, phrase: str, pos: int, forward: bool = False) -> Actor | None:
        """The person a description like "the top Iranian diplomat" most likely refers to."""
        aff = affiliation_of(phrase)
        roles = roles_of(phrase)
        candidates = self.recent(pos)
        if forward:
            later = []
            for s, _e, aid in self.spans:
                actor = self.actors[aid]
                if s > pos and actor.label == "PERSON" and actor not in later:
                    later.append(actor)
            candidates = later
        best: tuple[int, int] | None = None
        chosen = None
        for rank, actor in enumerate(candidates):
            score = compatibility(actor, aff, roles, "former" in phrase.lower())
            if score is None or (score < 2 and rank > 1) or (forward and score < 2):
                continue
            key = (score, -rank)
            if best is None or key > best:
                best, chosen = key, actor
        return chosen


def compatibility(actor: Actor, aff: str | None, roles: set[str], former: bool = False) -> int | None:
    """How well a description fits an actor: None when it contradicts it, else a score.

    Related affiliations ("Hamas" and "Palestine") do not contradict each other but score less
    than the same one. A description of a *former* office-holder contradicts an actor whose
    titles are all current.
    """
    score = 0
    if former and actor.titles and not any("former" in t.lower() for t in actor.titles):
        return None  # "the former attorney general" is not the one in office
    if aff and actor.affiliation:
        if aff != actor.affiliation:
            if AFFILIATION_FAMILY.get(aff, aff) != AFFILIATION_FAMILY.get(
                actor.affiliation, actor.affiliation
            ):
                return None
            score += 1
        else:
            score += 2
    if roles and actor.roles:
        if roles & actor.roles:
            score += 2
        elif roles != {"official"}:
            return None
    return score


def _is_initial(part: str) -> bool:
    return len(part.rstrip(".")) == 1


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True  # substitution
        return a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1]  # swap
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


def first_names_compatible(a: str, b: str) -> bool:
    """Whether two first names can be one person's, spelt two ways ("Dianna"/"Dianne") or initialled.

    One edit apart, with the same first letter and at least four letters each: a slip of the pen
    rarely hits the initial, and short names one edit apart are usually different names ("Jon",
    "Ron"), as are a name and its feminine form ("Robert", "Roberta"). An initial ("J." / "J")
    matches any name with that first letter.
    """
    a, b = a.lower(), b.lower()
    if a[:1] != b[:1]:
        return False
    if _is_initial(a) or _is_initial(b):
        return not (_is_initial(a) and _is_initial(b))
    shorter, longer = sorted((a, b), key=len)
    if longer[:-1] == shorter and longer[-1] in "ae":
        return False  # "Robert"/"Roberta", "Paul"/"Paula", "Louis"/"Louise": usually two people
    return len(shorter) >= 4 and _one_edit_apart(a, b)


def merge_spelling_variants(person_actors: list[Actor], text: str) -> tuple[list[Actor], dict[str, str]]:
    """Merge two person actors that are one person spelt two ways (``Dianna``/``Dianne Feinstein``).

    Only a pair is merged: two full names with the same surname (and the same middle names, where
    both have them) whose first names are compatible (`first_names_compatible`), and only when no
    third person of the article shares that surname; with three, which one a variant means is a
    guess, so they stay apart. The merged actor keeps the spelling written out in full more often
    (a full first name over an initial; the first introduced on a tie) and every mention of both.
    Returns the actors left and, for each one absorbed, the id of the actor it went into.
    """
    by_surname: dict[str, list[Actor]] = {}
    for actor in person_actors:
        parts = actor.name.split()
        if len(parts) >= 2:
            by_surname.setdefault(NAME_PREFIX_RE.sub("", parts[-1]).lower(), []).append(actor)
    absorbed: dict[str, str] = {}
    for surname, pair in by_surname.items():
        sharing = [a for a in person_actors if surname in a.keys]
        if len(pair) != 2 or len(sharing) != 2:
            continue
        first, second = (p.name.split() for p in pair)
        middles = (first[1:-1], second[1:-1])
        if (middles[0] and middles[1] and middles[0] != middles[1]) or not first_names_compatible(
            first[0], second[0]
        ):
            continue

        def spelt_out(actor: Actor) -> tuple[bool, int, int]:
            written = sum(1 for s, e in actor.mentions if text[s:e].split()[:1] == actor.name.split()[:1])
            start = min((s for s, _ in actor.mentions), default=len(text))
            return (not _is_initial(actor.name.split()[0]), written, -start)

        keep, drop = sorted(pair, key=spelt_out, reverse=True)
        keep.mentions.extend(drop.mentions)
        for title in drop.titles:
            keep.add_title(title)
        keep.keys = keep.keys | drop.keys
        absorbed[drop.id] = keep.id
    return [a for a in person_actors if a.id not in absorbed], absorbed


def _title_before(doc: Doc, text: str, start: int) -> str | None:
    """A title phrase directly in front of a name ("Iran's Foreign Minister", "Hamas official")."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    i = span.start
    j = i
    while j > 0 and i - j < 8:
        tok = doc[j - 1]
        low = tok.lower_
        ok = (
            low in TITLE_NOUNS
            or low in TITLE_MODIFIERS
            or tok.text in ("’s", "'s", "’", "'")
            or tok.ent_type_ in ("NORP", "GPE", "ORG")
            or (tok.text[:1].isupper() and tok.pos_ in ("PROPN", "ADJ", "NOUN"))
        )
        if not ok or tok.is_punct and tok.text not in ("’", "'"):
            break
        j -= 1
    while j < i and (doc[j].lower_ in ("of", "in", "the") or doc[j].text in ("’s", "'s", "’", "'")):
        j += 1
    if j >= i or not any(doc[k].lower_ in TITLE_NOUNS for k in range(j, i)):
        return None
    return text[doc[j].idx : start].strip()


def _appositive_after(text: str, end: int) -> str | None:
    match = APPOSITIVE_RE.match(text, end)
    if not match:
        return None
    title = ING_TAIL_RE.sub("", match.group("title")).strip()
    if not any(w.lower() in TITLE_NOUNS for w in WORD_RE.findall(title)):
        return None
    return title


def _description_ok(match: re.Match[str]) -> bool:
    mods = match.group("mods").split()
    if not mods and not match.group("of") and match.group("head").lower() not in BARE_HEADS:
        return False
    for word in mods:
        bare = POSSESSIVE_END_RE.sub("", word)
        if not (bare[:1].isupper() or bare.lower() in TITLE_MODIFIERS or bare.lower() in AFFILIATION_NAMES):
            return False
    return not (match.group("head").lower() == "head" and not match.group("of"))


def find_descriptions(text: str) -> list[tuple[int, int]]:
    """Spans of definite person descriptions ("the Iranian leader") in ``text``."""
    out = []
    pos = 0
    while match := NOMINAL_RE.search(text, pos):
        if not _description_ok(match):
            pos = match.start() + 1
            continue
        end = match.end()
        while end > match.start() and not text[end - 1].isalnum():
            end -= 1
        out.append((match.start(), end))
        pos = match.end()
    return out


@dataclass(frozen=True, slots=True)
class _AsOrg:
    """An entity read as an organisation whatever NER labelled it (a platform or outlet NER took for
    a person): the same span and id, label ORG."""

    entity: Any

    @property
    def label(self) -> str:
        return "ORG"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.entity, name)


def apposed_person(text: str, end: int, person_at: dict[int, Actor]) -> Actor | None:
    """The person a description ending at ``end`` is set beside ("the head of the Irish Catholic
    Church, Archbishop Eamon Martin, said": Martin, whatever other head of a church the article
    names), or None."""
    comma = APPOSED_RE.match(text, end)
    if comma is None:
        return None
    at = comma.end()
    honor = HONORIFIC_RE.match(text[at : at + 60])
    return person_at.get(at + honor.end() if honor else at)


def title_case_line(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is a title-case headline ("Stacey Abrams Ends Challenges In
    Georgia Gubernatorial Race"): at most 30 words, no final full stop, and at least 70% of its words
    of four letters or more capitalised. NER often runs a name on into the capitalised words there."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)].strip()
    words = [w for w in WORD_RE.findall(line) if len(w) >= 4 and w[:1].isalpha()]
    if not words or len(line.split()) > 30 or line.endswith("."):
        return False
    return sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def trim_headline_names(
    text: str, persons: list[_PersonItem], org_names: frozenset[str] = frozenset()
) -> list[_PersonItem]:
    """Person names on a title-case line cut back to the name the body uses: "Stacey Abrams Ends
    Challenges" (headline) is "Stacey Abrams" when the body names "Stacey Abrams" and never the longer
    form. The kept words are the longest run at the start of the name, then at its end, that the body
    names as a person ("Trump Vows" is "Trump" when the body writes "President Trump"; one word only
    when the body has that very one-word name), then at its start that the body names as an
    organisation (NER often takes a one-word surname for one: the person "Trump"), then at its end
    ("Kick CNN" is the organisation CNN: `headline_organisations` moves it among them). Elsewhere a
    longer name is a fuller name and is kept."""
    body = {item[2] for item in persons if not title_case_line(text, item[0])}
    out = []
    for item in persons:
        start, end, name, _keys, ann, honor = item
        words = name.split()
        if name not in body and title_case_line(text, start):
            heads = [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
            tails = [" ".join(words[-n:]) for n in range(len(words) - 1, 0, -1)]
            short = next((r for r in heads + tails if r in body), None)
            short = short or next((r for r in heads if r in org_names), None)  # NER's ORG "Trump"
            org = next((r for r in tails if r in org_names), None) if short is None else None
            at = text.find(short or org, start, end) if (short or org) else -1
            if at >= 0:
                kept = short or org or ""
                item = (at, at + len(kept), kept, name_keys(kept), _AsOrg(ann) if org else ann, honor)
        out.append(item)
    return out


def headline_organisations(persons: list[_PersonItem]) -> tuple[list[_PersonItem], list[_PersonItem]]:
    """(persons, organisations): a headline person `trim_headline_names` cut back, at its end, to the
    name of an organisation of the body ("Kick CNN" -> "CNN") is that organisation."""
    keep, orgs = [], []
    for item in persons:
        (orgs if isinstance(item[4], _AsOrg) else keep).append(item)
    return keep, orgs


def capital_the_before(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows a capitalised "The" inside a sentence ("reported by The
    Washington Times"): the article is one of the name's words, as newspapers write their own."""
    if start < 5 or text[start - 4 : start] != "The ":
        return False
    before = text[: start - 4].rstrip()
    return bool(before) and before[-1] not in ".!?:\n“\"‘'(—"


def common_noun_opening(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether a one-word name is a common noun that opens a sentence ("Border agents say ...", "Officers
    later said"): its capital says nothing there, the tagger reads it as a common noun, and the article
    writes the same word in lower case as a common noun elsewhere ("the border"). Such a word names no
    person; a real surname so written keeps its mentions through the surname sweep of a full name."""
    word = text[start:end]
    if not word.isalpha() or not word[0].isupper() or word[1:] != word[1:].lower():
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or not span[0].is_sent_start or span[0].pos_ not in COMMON_NOUN_POS:
        return False
    for match in re.finditer(r"\b" + re.escape(word.lower()) + r"\b", text):
        other = doc.char_span(match.start(), match.end())
        if other is not None and len(other) == 1 and other[0].pos_ in COMMON_NOUN_POS:
            return True
    return False


def stands_after_the(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether the word ``[start, end)`` is written right after "the" and stands alone there ("The Caucus
    has", "the Vatican,"): not a modifier of the noun after it ("the Obama administration", "the Bush-era
    whistleblower", "the Trump’s"), which people's names often are. People's names take no article."""
    if THE_BEFORE_RE.search(text, max(0, start - 4), start) is None:
        return False
    if STANDS_ALONE_RE.match(text, end) is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand") if len(doc) else None
    return span is not None and len(span) > 0 and span[0].dep_ not in MODIFIER_DEPS


def used_as_thing(doc: Doc, text: str, actor: Actor, not_people: frozenset[str] = frozenset()) -> bool:
    """Whether a "person" NER found is a thing or a body the article names (spk16): a one-word name with no
    title and no fuller name that the article writes standing alone after "the" anywhere ("The Caucus has
    yet to apologize", "the Bruins beat", "the Vatican,"; `stands_after_the`), or the name of a scandal
    ("Russiagate", `SCANDAL_RE`) that NER also reads as something else than a person somewhere
    (``not_people``: the words of its other entities; a name such as "Southgate" that NER reads as a person
    every time it is written stays one), or the subject of a verb agreeing with a plural ("Challenges
    include", `plural_subject`). Titles written alone ("the Pope") are exempt: they stand for a person."""
    word = actor.name
    if " " in word or actor.titles or not word.isalpha() or not word[:1].isupper():
        return False
    if word.lower() in TITLE_NOUNS or HONORIFIC_RE.match(word + " "):
        return False
    if SCANDAL_RE.fullmatch(word) and word in not_people:
        return True
    after_the = re.finditer(r"\b[Tt][Hh][Ee]\s(" + re.escape(word) + r")\b", text)
    if any(stands_after_the(doc, text, m.start(1), m.end(1)) for m in after_the):
        return True
    return any(plural_subject(doc, start, end) for start, end in actor.mentions)


def plural_subject(doc: Doc, start: int, end: int) -> bool:
    """Whether the mention ``[start, end)`` is the subject of a verb agreeing with a plural ("Challenges
    include designing ...", "Ubisoft are believers"): a person's name takes "includes", "is". A subject with
    another coordinated to it ("Smith and Jones say") is exempt."""
    span = doc.char_span(start, end, alignment_mode="expand") if len(doc) else None
    if span is None or not len(span):
        return False
    root = span.root
    coordinated = any(child.dep_ == "conj" for child in root.children)
    return root.dep_ == "nsubj" and root.head.tag_ in PLURAL_VERB_TAGS and not coordinated


def initials(name: str) -> str | None:
    """The acronym a multi-word name makes ("World Health Organization" -> "WHO"), or None.

    The first letters of its words less "of", "the", "for" and "and"; every other word must be
    capitalised and start with a letter, and at least two must be left.
    """
    words = [w for w in name.split() if w.lower() not in ACRONYM_SKIPPED]
    if len(words) < 2 or not all(w[:1].isalpha() and w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def acronym_letters(name: str) -> str | None:
    """The acronym ``name`` is written as ("WHO"; "UN" for the dotted "U.N."), or None when it is none."""
    if ACRONYM_RE.fullmatch(name):
        return name
    if DOTTED_ACRONYM_RE.fullmatch(name):
        return name.replace(".", "")
    return None


def acronym_expansions(text: str, entities: list[Any]) -> dict[str, str]:
    """Acronym -> the one multi-word ORG/NORP/GPE name of the article it abbreviates.

    An all-capital token names the same actor as the long name whose capitalised words it is the
    initials of, also when the article never writes "World Health Organization (WHO)". An acronym
    two different names of the article fit is left alone: which one it means is a guess. The long name
    may be a place or a people NER never reads as an organisation (spk16): an acronym NER tags ORG
    ("UK" beside "United Kingdom") is then an actor with the long name.
    """
    found: dict[str, set[str]] = {}
    spelt: dict[str, str] = {}
    for ann in entities:
        if ann.label not in ("ORG", "NORP", "GPE"):
            continue
        cleaned = clean_name(text[ann.start : ann.end])
        if cleaned is None:
            continue
        name = cleaned[2]
        acronym = initials(name)
        if acronym is not None and ACRONYM_RE.fullmatch(acronym):
            found.setdefault(acronym, set()).add(name.lower())
            spelt.setdefault(name.lower(), name)
    fits = ((acronym, sorted(names)) for acronym, names in found.items())
    return {acronym: spelt[name] for acronym, (name, *others) in fits if not others}


def newspaper_named(text: str, word: str, orgs: list[Actor]) -> Actor | None:
    """The one organisation named before whose last word is ``word`` and which the article writes with a
    capitalised "The" mid-sentence (`capital_the_before`): "The Times" after "The Washington Times" is
    that newspaper. None when no or several organisations qualify ("the House" is no "White House")."""
    fits = [
        a
        for a in orgs
        if " " in a.name
        and a.name.split()[-1] == word
        and any(capital_the_before(text, s) for s, _e in a.mentions)
    ]
    return fits[0] if len(fits) == 1 else None


def build_actors(article: Article, doc: Doc, entity_links: dict[str, str] | None = None) -> ActorIndex:
    """Group the entity mentions of ``article`` into actors (see the module docstring).

    ``entity_links``, when given, receives entity id -> actor id for every entity that became a
    mention.
    """
    text = article.text
    links = entity_links if entity_links is not None else {}
    entities = [a for a in article.layers.get("entities", []) if a.label in ("PERSON", "ORG", "GPE", "NORP")]
    persons: list[_PersonItem] = []
    others = []
    org_names = [text[a.start : a.end].split() for a in entities if a.label == "ORG"]
    org_tails = {words[-1] for words in org_names if len(words) > 1}  # "Enquirer" of "Cincinnati Enquirer"
    for ann in entities:
        after = APOSTROPHE_SURNAME_RE.match(text, ann.end) if ann.label == "PERSON" else None
        cleaned = clean_name(text[ann.start : after.end() if after else ann.end])  # "Colm" + " O’Gorman"
        if cleaned is None:
            continue
        rel_start, rel_end, name = cleaned
        where = (ann.start + rel_start, ann.start + rel_end)
        if ann.label == "PERSON" and common_noun_opening(doc, text, *where):
            continue  # "Border agents say": the noun "border", no person
        honor = text[ann.start : ann.start + rel_start].strip()
        item = (ann.start + rel_start, ann.start + rel_end, name, name_keys(name), ann, honor or None)
        honoured = bool(honor) and bool(PERSONAL_HONORIFIC_RE.match(text[ann.start : ann.end]))
        person = ann.label == "PERSON" or (ann.label == "ORG" and honoured)  # "Shaykh Hamza Sodagar" (ORG)
        platform = all(word in SOURCE_GAZETTEER for word in name.split())  # "Twitter", "Reuters Reuters"
        if person and (platform or (" " not in name and name in org_tails)):
            person, item = False, (*item[:4], _AsOrg(ann), item[5])
        (persons if person else others).append(item)

    body_orgs = frozenset(
        name
        for start, _end, name, _keys, ann, _honor in others
        if ann.label == "ORG" and not title_case_line(text, start)
    )
    persons, headline_orgs = headline_organisations(trim_headline_names(text, persons, body_orgs))
    others.extend(headline_orgs)
    others.sort(key=lambda item: item[0])
    actors: list[Actor] = []
    counter = 0

    def new_actor(name: str, label: str, keys: frozenset[str]) -> Actor:
        nonlocal counter
        counter += 1
        actor = Actor(f"act{counter}", name, label, keys)
        actors.append(actor)
        return actor

    def nearest(cands: list[Actor], pos: int) -> Actor:
        """The actor an ambiguous name part means: the one introduced first.

        ("Ammon Bundy, whose father Cliven Bundy ..." then "Bundy said": the article's main person
        is introduced first; the most recent one is usually a side mention.)
        """
        return min(cands, key=lambda a: min((s for s, _ in a.mentions), default=len(article.text)))

    def attach(actor: Actor, start: int, end: int, ann: Any, honor: str | None) -> None:
        actor.mentions.append((start, end))
        if ann is not None:
            links[ann.id] = actor.id
        if honor:
            actor.add_title(honor)

    person_actors: list[Actor] = []
    for start, end, name, keys, ann, honor in sorted(persons, key=lambda p: (-len(p[3]), p[0])):
        cands = [a for a in person_actors if keys <= a.keys]
        if cands:
            actor = nearest(cands, start)
        else:
            actor = new_actor(name, "PERSON", keys)
            person_actors.append(actor)
        attach(actor, start, end, ann, honor)

    person_actors, absorbed = merge_spelling_variants(person_actors, text)
    if absorbed:  # renumber so ids stay act1..actN in order of introduction
        renamed = {}
        for number, actor in enumerate(person_actors, 1):
            renamed[actor.id], actor.id = f"act{number}", f"act{number}"
        for ent_id, actor_id in links.items():
            links[ent_id] = renamed[absorbed.get(actor_id, actor_id)]
        actors[:] = person_actors
        counter = len(person_actors)

    # Mislabelled single-token person mentions (spaCy tags "Arouri" as GPE, "Halevi" as ORG).
    org_items = []
    for item in others:
        start, end, name, keys, ann, honor = item
        if len(keys) == 1 and name.lower() not in AFFILIATION_NAMES:
            cands = [a for a in person_actors if keys <= a.keys]
            if cands:
                attach(nearest(cands, start), start, end, ann, honor)
                continue
        if ann.label == "ORG":
            org_items.append(item)

    # Surname occurrences spaCy missed entirely.
    covered = bytearray(len(text) + 1)
    for actor in person_actors:
        for s, e in actor.mentions:
            covered[s:e] = b"\x01" * (e - s)
    surnames: dict[str, list[Actor]] = {}
    for actor in person_actors:
        last = actor.name.split()[-1]
        if len(last) > 2:
            surnames.setdefault(NAME_PREFIX_RE.sub("", last), []).append(actor)
    if surnames:
        sweep = re.compile(
            r"\b(?:(?:al|Al|el|El)-)?("
            + "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
            + r")\b(?![\w-])"
        )
        for match in sweep.finditer(text):
            if not covered[match.start()]:
                attach(
                    nearest(surnames[match.group(1)], match.start()), match.start(), match.end(), None, None
                )

    # Organisations: grouped by normalised name, acronyms in brackets linked to the full name.
    # An all-capital token joins the long name it is the initials of ("WHO": World Health Organization).
    org_by_key: dict[str, Actor] = {}
    expansions = acronym_expansions(text, entities)
    for start, end, name, _keys, ann, _honor in org_items:
        words = name.split()
        if all(w.lower() in TITLE_NOUNS or w.lower() in TITLE_MODIFIERS for w in words):
            continue
        letters = acronym_letters(name)
        expansion = expansions.get(letters) if letters else None
        if expansion is not None:
            name, words = expansion, expansion.split()
        key = (letters or name).lower() if expansion is None else name.lower()  # "U.N." and "UN": one body
        actor = org_by_key.get(key)
        if actor is None and len(words) == 1:  # "The Times" after "The Washington Times"
            actor = newspaper_named(text, name, list(org_by_key.values()))
        if actor is None:
            actor = new_actor(name, "ORG", frozenset({key}))
            org_by_key[key] = actor
            actor.affiliation = AFFILIATION_NAMES.get(name.lower()) or AFFILIATION_NAMES.get(key)
            acronym = ACRONYM_AFTER_RE.match(text, ann.end)
            if acronym:
                org_by_key.setdefault(acronym.group(1).lower(), actor)
        attach(actor, start, end, ann, None)
        inside = ACRONYM_INSIDE_RE.match(text, end, ann.end)
        if inside:  # "World Health Organization (WHO": the bracketed acronym NER took in names it too
            attach(actor, inside.start(1), inside.end(1), None, None)
            org_by_key.setdefault(inside.group(1).lower(), actor)

    # A news outlet that keeps its "The" ("The Times reported"), when the article writes it after "the".
    for actor in org_by_key.values():
        outlet = OUTLETS_WITH_THE.get(actor.name.lower())
        if outlet and any(text[max(0, s - 4) : s].lower() == "the " for s, _e in actor.mentions):
            actor.name = outlet

    # Titles in front of names and appositives after them.
    for actor in person_actors:
        for start, end in sorted(actor.mentions):
            before = _title_before(doc, text, start)
            if before:
                actor.add_title(before)
            after = _appositive_after(text, end)
            if after:
                actor.add_title(after)

    # One-word "people" the article writes as a thing or a body are organisations ("The Caucus has ...").
    not_people = frozenset(
        THE_OR_POSSESSIVE_RE.sub("", text[a.start : a.end])
        for a in article.layers.get("entities", [])
        if a.label != "PERSON"
    )
    for actor in person_actors:
        if not used_as_thing(doc, text, actor, not_people):
            continue
        actor.label = "ORG"
        same = org_by_key.get(actor.name.lower())
        if same is None:
            org_by_key[actor.name.lower()] = actor
            actor.affiliation = AFFILIATION_NAMES.get(actor.name.lower())
            continue
        same.mentions.extend(actor.mentions)  # "the Embassy" (ORG) and "Embassy" (PERSON): one body
        for ent_id, actor_id in links.items():
            if actor_id == actor.id:
                links[ent_id] = same.id
        actors.remove(actor)
    person_actors = [a for a in person_actors if a.label == "PERSON"]

    index = ActorIndex(actors)
    # Descriptions, resolved in text order; unresolved ones forwards afterwards.
    name_starts = {s for a in person_actors for s, _ in a.mentions}
    person_at = {s: a for a in person_actors for s, _ in a.mentions}
    pending = []
    for start, end in find_descriptions(text):
        nxt = end
        while nxt < len(text) and text[nxt] == " ":
            nxt += 1
        if nxt in name_starts or covered[start:end].count(1):
            continue  # a title in front of a name, not a description of its own
        phrase = text[start:end]
        actor = apposed_person(text, end, person_at) or index.resolve_description(phrase, start)
        if actor is None:
            pending.append((start, end, phrase))
            continue
        actor.mentions.append((start, end))
        actor.add_title(re.sub(r"^(?:the|THE|The)\s+", "", phrase))
        index.reindex()
    for start, end, phrase in pending:
        actor = index.resolve_description(phrase, start, forward=True)
        if actor is not None:
            actor.mentions.append((start, end))
            actor.add_title(re.sub(r"^(?:the|THE|The)\s+", "", phrase))
    index.reindex()
    return index


@component("actors.v1", reads=("doc", "entities"), writes=("actors", "entity_actors"))
def actors(article: Article, doc: Doc) -> None:
    """Within-article coreference groups of people and organisations (names, titles, descriptions)."""
    links: dict[str, str] = {}
    index = build_actors(article, doc, links)
    ordered = sorted(index.actors.values(), key=lambda a: min(a.mentions) if a.mentions else (0, 0))
    article.results["actors"] = tuple(a.record() for a in ordered if a.mentions)
    article.results["entity_actors"] = links
