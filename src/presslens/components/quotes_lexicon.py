"""Word lists shared by the actors, quotes, sources and voices components, read from resource files.

The vocabularies are data (``presslens/resources/*.json``, extensible with ``PRESSLENS_RESOURCES``,
see `presslens.vocab` and docs/resources.md): reporting verbs come from ``cues.json`` (through
`presslens.components.cues`), titles, honorifics, roles and gender words from ``people.json``,
affiliations and sides from ``affiliations.json``, named sources from ``sources.json``. This module
only compiles them into the sets and patterns the components use, once per process. Everything is
lower-case unless said otherwise.
"""

from __future__ import annotations

import re

from presslens.components.cues import verbs
from presslens.vocab import load


def words(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easy to read and extend)."""
    return frozenset(text.split())


_PEOPLE = load("people.json")
_AFFILIATIONS = load("affiliations.json")
_SOURCES = load("sources.json")
_FIRST_NAMES = load("first_names.json")

#: Inflected forms of reporting verbs. A quote is attributed through the subject of one of these.
REPORTING_VERBS = verbs("quote")

#: Verbs that take a reported clause ("X said [that] ...") and so can introduce an indirect quote.
INDIRECT_VERBS = verbs("clause")

#: Words that head a person's title or job ("Foreign Minister", "the Hamas chief").
TITLE_NOUNS = frozenset(_PEOPLE["title_nouns"])

#: Lower-case words that may sit inside a title ("top Iranian diplomat", "former senior ...").
TITLE_MODIFIERS = frozenset(_PEOPLE["title_modifiers"])

#: Titles written as their initials ("the AG" said): the title each abbreviates ("attorney general").
TITLE_ABBREVIATIONS: dict[str, str] = dict(_PEOPLE.get("title_abbreviations", {}))

#: spaCy entity types of things that cannot speak ("the Second Amendment" LAW): never a person.
INANIMATE_LABELS = frozenset(_PEOPLE.get("inanimate_entity_labels", ()))

#: Parts of speech that name no one: a speaker phrase made only of them ("the" of "the WHO") is no speaker.
SPEAKER_FUNCTION_POS = frozenset(_PEOPLE.get("speaker_function_pos", ()))

#: The tags of a common noun ("Border" of "Border agents" opening a sentence is the noun "border").
COMMON_NOUN_POS = frozenset(_PEOPLE.get("common_noun_pos", ()))

#: Endings that make a capitalised word an affair's name ("Russiagate"), not a person's.
SCANDAL_SUFFIXES = tuple(_PEOPLE.get("scandal_suffixes", ()))

#: Tags of a present-tense verb agreeing with a plural ("Challenges include"): its subject is no person.
PLURAL_VERB_TAGS = frozenset(_PEOPLE.get("plural_verb_tags", ()))


def _honorific(word: str) -> str:
    """A honorific as a pattern: a final "." is optional, spaces match any whitespace."""
    core = word[:-1] if word.endswith(".") else word
    body = r"\s+".join(re.escape(part) for part in core.split())
    return body + r"\.?" if word.endswith(".") else body


#: Honorifics and titles stripped from the front of a person's name to get the name proper.
HONORIFIC_RE = re.compile(r"^(?:(?:" + "|".join(_honorific(w) for w in _PEOPLE["honorifics"]) + r")\s+)+")

#: Honorifics only a person's name follows ("Dr.", "Shaykh"): an entity NER calls an organisation that
#: opens with one is a person ("Shaykh Hamza Sodagar").
PERSONAL_HONORIFIC_RE = re.compile(
    r"^(?:" + "|".join(_honorific(w) for w in _PEOPLE.get("personal_honorifics", ())) + r")\s+[A-Z]"
)

#: Abbreviations that end a name with their period ("Jr."): the name keeps the period.
NAME_SUFFIXES = frozenset(_PEOPLE.get("name_suffixes", ()))

#: Title keywords -> the roles they imply; a nominal mention ("the Israeli PM") matches an actor
#: whose titles share a role with it.
ROLE_PATTERNS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern, re.I), frozenset(roles)) for pattern, roles in _PEOPLE["roles"]
)

#: Demonyms and short forms -> the affiliation as a place or organisation name.
AFFILIATION_NAMES: dict[str, str] = dict(_AFFILIATIONS["names"])

#: Affiliations that a description may use for one another ("the Palestinian leader" for a Hamas leader).
AFFILIATION_FAMILY: dict[str, str] = dict(_AFFILIATIONS["families"])

#: Affiliation (as normalised above) -> side label used to group voices. Anything else is "other";
#: no affiliation at all is "unknown".
SIDE_LABELS: dict[str, str] = dict(_AFFILIATIONS["sides"])

#: Gazetteer of named sources, longest names first when compiled: name -> source type.
SOURCE_GAZETTEER: dict[str, str] = dict(_SOURCES["gazetteer"])

#: News outlets whose name keeps its "The", by the name without it: "times" -> "The Times".
OUTLETS_WITH_THE: dict[str, str] = {
    name.split(None, 1)[1].lower(): name for name in _SOURCES.get("outlets_with_the", ()) if " " in name
}


def with_outlets_the(text: str, start: int, end: int) -> int:
    """Where a mention of a news outlet that keeps its "The" starts with it: ``start`` moved back over
    the "the " written just before "Times" (`OUTLETS_WITH_THE`), else ``start``. NER's span leaves the
    article out; the actor is named with it (actors.v1), and a table of names as written shows it too.
    """
    key = " ".join(text[start:end].split()).lower()
    before = start - 4
    written = before >= 0 and text[before:start].lower() == "the "
    if key in OUTLETS_WITH_THE and written and (before == 0 or not text[before - 1].isalnum()):
        return before
    return start


#: Keyword rules for typing a source phrase that is not in the gazetteer, tried in order.
SOURCE_TYPE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), kind) for pattern, kind in _SOURCES["type_rules"]
)

#: Any gazetteer name, longest first, not inside a longer word.
GAZETTEER_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(n) for n in sorted(SOURCE_GAZETTEER, key=len, reverse=True))
    + r")(?![\w-])"
)


#: Words and first names that settle a person's gender (for "he"/"she"): see `gender_of`.
def _gender_re(spec: dict) -> re.Pattern[str]:
    endings = [f"[a-z]*{re.escape(e)}" for e in spec["word_endings"]]
    return re.compile(r"\b(?:" + "|".join([*endings, *(re.escape(w) for w in spec["words"])]) + r")\b", re.I)


FEMALE_RE = _gender_re(_PEOPLE["gender"]["female"])
MALE_RE = _gender_re(_PEOPLE["gender"]["male"])
#: First names of one sex: people.json's own, and those of first_names.json (US baby-name counts, public
#: domain: a name given to one sex at least 97% of the time, scripts/make_first_names.py).
FEMALE_NAMES = frozenset(_PEOPLE["gender"]["female"]["first_names"]) | frozenset(_FIRST_NAMES["female"])
MALE_NAMES = frozenset(_PEOPLE["gender"]["male"]["first_names"]) | frozenset(_FIRST_NAMES["male"])

#: Titles specific enough to stand alone as a description ("the governor told reporters").
BARE_HEADS = frozenset(_PEOPLE["bare_heads"])
