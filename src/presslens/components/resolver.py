"""Who is who: one resolver of person and organisation mentions for every attribution finder.

An article names a speaker once in full and then as "he", "the minister", "the Iranian foreign
minister", "they", "who"... `Resolver` answers one question for any component that finds
attributions (quotes.v1 today, a learned attribution extractor tomorrow): *which actor does the
mention at ``[start, end)`` refer to, and why?* The answer is a `Resolution`: the actor (or none),
the name to show, how it was resolved (``name``, ``pronoun``, ``description``, ``phrase``), the
antecedent mention it went through and the other actors it weighed.

It works over the actors of actors.v1 (names, titles and definite descriptions grouped per person,
`presslens.components.actors`) and the discourse the finder reports as it goes:

* `exclude` the quoted and reported words: a name inside someone's quote is not who "he" is;
* `focus` on the attribution being resolved (a long quote's own paragraphs do not count as distance);
* `settle` a speaker mention once resolved: it is in focus for later pronouns, and a description
  the finder resolved ("the Hamas official" -> the person being quoted) overrides what actors.v1
  made of the same words.

Gender and titles come from data (``resources/people.json``, through `quotes_lexicon`), never from
name lists in code. When no candidate fits, a mention stays unresolved (``actor`` None, the phrase
as written) rather than being guessed. coref.v1 (`presslens.components.coref`) publishes the
resulting links for every mention of the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from spacy.tokens import Doc

from presslens import layers
from presslens.components.actors import (
    MODIFIER_DEPS,
    Actor,
    ActorIndex,
    acronym_expansions,
    acronym_letters,
    affiliation_of,
    clean_name,
    compatibility,
    find_descriptions,
    name_keys,
    roles_of,
    stands_after_the,
    title_case_line,
)
from presslens.components.quotes_lexicon import (
    AFFILIATION_NAMES,
    FEMALE_NAMES,
    FEMALE_RE,
    GAZETTEER_RE,
    HONORIFIC_RE,
    INANIMATE_LABELS,
    MALE_NAMES,
    MALE_RE,
    SOURCE_GAZETTEER,
    TITLE_ABBREVIATIONS,
)
from presslens.vocab import load as load_resource

#: spaCy entity labels of places, facilities and nationalities: never a new person.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})

#: Pronouns resolved to one person.
PRONOUNS = frozenset({"he", "she"})
GENDER_OF_PRONOUN = {"he": "m", "she": "f"}
POSSESSOR_END_RE = re.compile(r"[’']s?$")

PREPOSITIONS = "of|for|at|from|to|with|by|on"
PREPOSITION_RE = re.compile(rf"\b(?:{PREPOSITIONS})\s")
#: A name right after one of these is the object of a modifier: "a staffer who went to college with X".
GOVERNED_NAME_RE = re.compile(  # ... or the second of two governed names: "an attorney for CNN and Acosta"
    rf"\b(?:{PREPOSITIONS}|about|against)\s+(?:the\s+)?(?:(?:[A-Z][\w.’'-]*\s+){{1,4}}(?:and|&)\s+)?$", re.I
)
OUTLET_DESCRIPTION_RE = re.compile(
    r"^[Tt]he\s+(?:[\w-]+\s+){0,3}(?:outlet|newspaper|broadcaster|channel|network|agency|daily|paper|website)$"
)
ORG_DESCRIPTION_RE = re.compile(
    r"^[Tt]he\s+(?:[\w-]+\s+){0,2}(?:movement|group|organisation|organization|party|militia|faction|company)$"
)
LINE_OPENING_RE = re.compile(r"(?:[A-Z][\w.’'-]*\s+)*")
DOCUMENT_DESCRIPTION_RE = re.compile(
    r"^[Tt]he\s+(alert|report|statement|notification|letter|notice|advisory|memo|document|study)$"
)
MODIFIER_USE_RE = re.compile(r"[’']s\b| (?!and\b|or\b|of\b|him|her|in\b|at\b|who\b|from\b)[a-z]")
POSSESSIVE_AT_RE = re.compile(r"[’']s\b")  # "Trump’s lawyers", "Trump lawyers"
WORD_SPLIT_RE = re.compile(r"[A-Za-z][\w-]*")
AND_RE = re.compile(r"\s(?:and|&)\s")
#: An adverbial clause opening a paragraph: "While ...", "Although ...", "After ..." (cues.json `discourse`).
FRONTED_RE = re.compile(
    "(?:"
    + "|".join(
        " ".join(re.escape(part) for part in opener.split(" "))
        for opener in load_resource("cues.json")["discourse"]["fronted_clause_openers"]
    )
    + r")\s"
)
QUOTED_RE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
SENTENCE_END_RE = re.compile(r"[.!?]\s")
#: A title written as its initials, all the speaker phrase says: "the AG" (people.json `title_abbreviations`).
ABBREVIATED_TITLE_RE = re.compile(
    r"(?:[Tt]he|THE)\s+("
    + "|".join(re.escape(a) for a in sorted(TITLE_ABBREVIATIONS, key=len, reverse=True))
    + r")"
)
GROUP_DESCRIPTION_RE = re.compile(r"^(?:[Tt]he|[Bb]oth)\s+(?:[\w-]+\s+){0,2}[a-z][\w-]*s$")


class _Entity(NamedTuple):
    """A spaCy entity as `actors.acronym_expansions` reads one."""

    label: str
    start: int
    end: int


#: "the UK", "The U.N.": an acronym, all a speaker phrase says.
BARE_ACRONYM_RE = re.compile(r"(?:[Tt]he\s+)?(?P<acronym>[A-Z][A-Z.]{1,11})")


def title_only(name: str) -> bool:
    """Whether a person's "name" is only an honorific or title ("Pope" in "Pope admits ..."): NER
    took the title for the person it stands for."""
    honor = HONORIFIC_RE.match(name + " ")
    return honor is not None and honor.end() >= len(name)


def gender_of(actor: Actor) -> str | None:
    """ "f", "m" or None from the actor's titles and first name (used only for he/she)."""
    titles = " ".join(actor.titles)
    first = actor.name.split()[0]
    if FEMALE_RE.search(titles) or first in FEMALE_NAMES:
        return "f"
    if MALE_RE.search(titles) or first in MALE_NAMES:
        return "m"
    return None


class Paragraphs:
    """Line-based paragraphs with a bisect lookup."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.text = text

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def bounds(self, i: int) -> tuple[int, int]:
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return start, end


@dataclass(slots=True)
class Resolution:
    """Which actor a mention refers to, and why.

    ``actor`` is None when the mention stays unresolved (or names several people: ``group``);
    ``name`` is what to show (the actor's fullest name, the joint name, or the words as written);
    ``how`` is ``name``, ``pronoun``, ``description`` or ``phrase``; ``antecedent`` is the earlier
    mention a pronoun was resolved through; ``considered`` are the other actors weighed.
    """

    actor: Actor | None
    name: str
    how: str
    group: list[Actor] = field(default_factory=list)
    antecedent: tuple[int, int] | None = None
    considered: list[Actor] = field(default_factory=list)


@dataclass(slots=True)
class Previous:
    """The finder's previous attribution: what "they", "the two mayors" or "the movement" may repeat."""

    resolution: Resolution
    paragraph: int


class Resolver:
    """Resolves the person and organisation mentions of one article (see the module docstring)."""

    def __init__(self, text: str, doc: Doc, actors: Iterable[layers.Actor]) -> None:
        self.text = text
        self.doc = doc
        self.index = ActorIndex.from_results(actors)
        self.covered: list[tuple[int, int]] = []  # quoted or reported content
        self.speaker_at: dict[int, Actor] = {}  # speaker mentions as the finder settled them
        self.anchor = len(text)  # start of the attribution being resolved
        self.speaker_names: list[str] = []  # names given to speakers so far, in text order
        self.new_actors: list[Actor] = []  # people named only as speakers, missed by NER
        self._headline: dict[int, bool] = {}  # paragraph -> whether it is a title-case headline line
        self._thing: dict[int, bool] = {}  # mention start -> `names_a_thing`

    @cached_property
    def paras(self) -> Paragraphs:
        return Paragraphs(self.text)

    @cached_property
    def tok_starts(self) -> list[int]:
        """The character offset of every token (read in one call: iterating `Doc` tokens is slow)."""
        return self.doc.to_array("IDX").tolist() if len(self.doc) else []

    # ---- the discourse, as the finder reports it --------------------------------------------------
    def exclude(self, spans: Iterable[tuple[int, int]]) -> None:
        """Quoted or reported words: mentions inside them are not antecedents of a pronoun."""
        self.covered.extend(spans)
        self.covered.sort()

    def focus(self, pos: int) -> None:
        """The attribution being resolved starts at ``pos``."""
        self.anchor = pos

    def settle(self, start: int, end: int, actor: Actor) -> None:
        """A speaker mention ``[start, end)`` the finder resolved to ``actor`` (a person)."""
        self.speaker_at[start] = actor
        for mention_start, _e, _aid in self.index.spans:  # names inside the speaker phrase
            if start <= mention_start < end:
                self.speaker_at[mention_start] = actor

    def named(self, name: str) -> None:
        """A speaker was named ``name`` (a later "the report" may repeat "The health report")."""
        self.speaker_names.append(name)

    # ---- questions ------------------------------------------------------------------------------------
    def actor(self, actor_id: str | None) -> Actor | None:
        return self.index.actors.get(actor_id) if actor_id else None

    def actor_in(self, start: int, end: int, label: str | None = None) -> Actor | None:
        """The actor with a mention overlapping ``[start, end)``."""
        return self.index.actor_in(start, end, label)

    def actors_in(self, start: int, end: int, label: str | None = None) -> list[Actor]:
        """The distinct actors mentioned inside ``[start, end)``, in text order."""
        return self.index.actors_in(start, end, label)

    def in_covered(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.covered)

    def tok_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.tok_starts, pos) - 1)

    def on_headline(self, pos: int) -> bool:
        """Whether ``pos`` lies on a title-case headline line (`actors.title_case_line`), read once a line."""
        para = self.paras.index(pos)
        if para not in self._headline:
            self._headline[para] = title_case_line(self.text, pos)
        return self._headline[para]

    def resolve(self, start: int, end: int, previous: Previous | None = None) -> Resolution:
        """Who the mention ``text[start:end]`` refers to (a speaker or source phrase as written)."""
        owner = POSSESSOR_END_RE.search(self.text, start, end)
        if owner and owner.start() > start:  # "Schiff’s" (astounding assertion): Schiff
            end = owner.start()
        phrase = self.text[start:end]
        low = phrase.lower()
        last = previous.resolution if previous is not None else None
        if low in PRONOUNS:
            return self.pronoun(start, low)
        if low == "we":  # outside quotes the author (or the outlet), never the previous speaker
            return Resolution(None, phrase, "pronoun")
        if low == "they":  # a group speaking again: "according to Israeli officials ... They say"
            plural = last is not None and (
                last.actor is None or last.actor.label != "PERSON" or bool(last.group)
            )
            near = previous is not None and self.paras.index(start) - previous.paragraph <= 2
            if last is not None and plural and near and last.name.lower() not in ("they", "we"):
                return Resolution(last.actor, last.name, "pronoun", list(last.group))
            pair = self.recent_pair(start)
            if pair:  # "Voss and Alban answered ... they wrote"
                return Resolution(None, " and ".join(p.name for p in pair), "pronoun", pair)
            return Resolution(None, phrase, "pronoun")
        if low in ("i", "it"):
            return Resolution(None, phrase, "pronoun")
        abbreviated = ABBREVIATED_TITLE_RE.fullmatch(phrase)
        read = f"the {TITLE_ABBREVIATIONS[abbreviated.group(1)]}" if abbreviated else phrase  # "the AG"
        description = find_descriptions(read)
        if description and description[0][0] == 0 and description[0][1] >= len(read.rstrip()) - 1:
            aff, roles = affiliation_of(read), roles_of(read)
            focused = self.focus_for(read, start, aff, roles)  # usually the person being quoted
            if focused is not None:
                if focused.affiliation is None and aff:  # "the Hamas official": learn the side
                    focused.affiliation = aff
                return Resolution(focused, focused.name, "description")
            actor = self.index.actor_in(start, end, "PERSON") or self.index.resolve_description(read, start)
            if actor is not None:
                return Resolution(actor, actor.name, "description")
            return Resolution(None, phrase, "description")
        people = self.index.actors_in(start, end, "PERSON")
        people = [p for p in people if not self.possessive_only(p, start, end)]
        joint = [p for p in people if not self.governed_only(p, start, end)]  # not "a protégé of X and Y"
        if len(joint) >= 2 and AND_RE.search(phrase):  # "Clara Voss and Dmitri Alban said"
            return Resolution(None, " and ".join(p.name for p in joint), "name", joint)
        actor = self.head_actor(start, end, speaking=True)
        if actor is not None and actor.label != "PERSON" and " " not in actor.name:
            actor = self.person_of_surname(actor.name, start) or actor  # "Sanborn" that NER called an ORG
        if actor is not None and actor.label == "PERSON" and title_only(actor.name):
            actor = self.person_titled(actor.name, actor) or actor  # the headline's "Pope": Pope Francis
        if actor is not None:
            return Resolution(actor, actor.name, "name")
        if last is not None and last.group and GROUP_DESCRIPTION_RE.match(phrase):  # "the two mayors"
            return Resolution(None, last.name, "description", list(last.group))
        if OUTLET_DESCRIPTION_RE.match(phrase):  # "the Qatari-based news outlet" -> the outlet named last
            outlets = [
                m.group(1)
                for m in GAZETTEER_RE.finditer(self.text, 0, start)
                if SOURCE_GAZETTEER[m.group(1)] in ("outlet", "agency")
            ]
            if outlets:
                return Resolution(self.index.actor_in(start, end), outlets[-1], "description")
        if ORG_DESCRIPTION_RE.match(phrase) and last is not None and last.actor is not None:
            near = previous is not None and self.paras.index(start) - previous.paragraph <= 2
            if (
                last.actor.label == "ORG" and near
            ):  # "Hamas has said ... The resistance movement has also said"
                return Resolution(last.actor, last.actor.name, "description")
        document = DOCUMENT_DESCRIPTION_RE.match(phrase)
        if document:  # "the alert advised" after "The health alert advised ..."
            for name in reversed(self.speaker_names):
                if name.lower().endswith(document.group(1).lower()) and name.lower() != phrase.lower():
                    return Resolution(None, name, "description")
        found = self._full_name(phrase, start)
        organisation = self.organisation_named(found[2]) if found is not None else None
        if organisation is not None:  # "The group that owns most of her music, Big Machine, says"
            return Resolution(organisation, organisation.name, "name")
        named = self.new_person(phrase, start, end)
        if named is not None:
            return Resolution(named, named.name, "name")
        spelt = self.spelt_out(phrase)
        if spelt is not None:  # "The UK said" after "the United Kingdom": a place, no actor, one name
            return Resolution(None, spelt, "name")
        return Resolution(None, phrase, "phrase")

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """Acronym -> the long name the article spells (`actors.acronym_expansions` over the parse's
        entities, places and peoples included)."""
        entities = [_Entity(e.label_, e.start_char, e.end_char) for e in self.doc.ents]
        return acronym_expansions(self.text, entities)

    def spelt_out(self, phrase: str) -> str | None:
        """The long name of a speaker phrase that is only an acronym ("the UK", "The U.N.") when the
        article spells it out ("United Kingdom"), or None. Places and peoples make no actors, but the
        speaker is shown by its fullest name, as a person is (spk16)."""
        bare = BARE_ACRONYM_RE.fullmatch(phrase.strip())
        letters = acronym_letters(bare.group("acronym").rstrip(".")) if bare else None
        return self.acronyms.get(letters) if letters else None

    def pronoun(self, pos: int, pronoun: str = "he") -> Resolution:
        """The person a "he"/"she" at ``pos`` refers to, or an unresolved `Resolution`.

        Candidates are the people mentioned before ``pos`` outside quoted or reported words (a
        name inside someone's quote is not who "he" is), skipping those whose titles or first
        name contradict the pronoun's gender. Among the three most recent candidates in the last
        two paragraphs, a grammatical subject is preferred ("Paul told CNN ... to block Gina
        Haspel ... ", he told" is Paul); otherwise the most recent one wins. A description that
        the finder settled ("the Hamas official" -> the previous speaker) overrides what
        actors.v1 made of the same mention.
        """
        candidates = self._weigh(pos, pronoun)
        written = self.text[pos : pos + len(pronoun)] if pronoun else ""
        if not candidates:
            return Resolution(None, written, "pronoun")
        best = max(rank for _a, rank, _span in candidates)
        actor, _rank, span = next(c for c in candidates if c[1] == best)
        others = [a for a, _s, _span in candidates if a is not actor]
        return Resolution(actor, actor.name, "pronoun", antecedent=span, considered=others)

    def _weigh(self, pos: int, pronoun: str) -> list[tuple[Actor, int, tuple[int, int]]]:
        """(actor, rank, the mention) for the candidates of a pronoun at ``pos``: rank 3 for a person
        named in an adverbial clause opening the pronoun's sentence (`fronted_clause`), 2 for a speaker
        or the subject of a main clause, 1 for the subject of a subordinate clause, else 0. A mention on a
        title-case headline line is none for a mention in the body: NER runs names on into the capitalised
        words there ("Ellison Accuser Posts Doctor’s Report"), and a headline is not the discourse a body
        pronoun continues (the person is still reached through the body's mentions)."""
        index = self.index
        i = bisect.bisect_left(index.starts, pos)
        para = self.paras.index(min(pos, self.anchor))  # a long quote's paragraphs do not count
        candidates: list[tuple[Actor, int, tuple[int, int]]] = []
        seen: set[str] = set()
        wanted = GENDER_OF_PRONOUN.get(pronoun)
        fronted = self.fronted_clause(pos) if pronoun else None
        body = not self.on_headline(pos)
        for s, e, aid in reversed(index.spans[:i]):
            actor = self.speaker_at.get(s) or index.actors[aid]
            if (
                actor.label != "PERSON"
                or actor.id in seen
                or (s not in self.speaker_at and self.in_covered(s))
            ):
                continue
            if body and self.on_headline(s):
                continue  # a headline's "Ellison Accuser" is no antecedent of "she" in the body
            if s not in self.speaker_at and self.names_a_thing(s, e):
                continue  # "Lena Marsh, the Velora council leader, ...": "she" is not Velora
            if wanted is not None and gender_of(actor) not in (None, wanted):
                continue
            seen.add(actor.id)
            if candidates and para - self.paras.index(s) > 2:
                break
            rank = 2 if s in self.speaker_at else self.subject_rank(s, e)
            if fronted is not None and fronted[0] <= s and e <= fronted[1]:
                rank = 3  # "While the campaign did not appeal to Julie Graham, ..., she said": Graham
            candidates.append((actor, rank, (s, e)))
            if len(candidates) == 3:
                break
        return candidates

    def names_a_thing(self, start: int, end: int) -> bool:
        """Whether the mention ``[start, end)`` of a "person" names no one a pronoun can mean (animacy from
        the parse: NER tags unknown places and bodies PERSON):

        * a modifier inside an apposition's description: "Lena Marsh, the Velora council leader, ..."
          (Velora qualifies "leader", the description of Lena Marsh: it is not who is spoken of);
        * one capitalised word written after "the" and standing alone ("The Caucus has yet to
          apologize"): people's names take no article (a title such as "the Pope" is exempt).

        Read once per mention. A person reached only through such mentions stays unresolved: the resolver
        does not guess."""
        if start not in self._thing:
            self._thing[start] = self._in_description(start, end) or self._after_the(start, end)
        return self._thing[start]

    def _in_description(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand") if len(self.doc) else None
        if span is None or not len(span) or span.root.dep_ not in MODIFIER_DEPS:
            return False
        head = span.root.head  # "Velora" -> "leader" (through "council", a modifier too)
        while head.dep_ in MODIFIER_DEPS and head.head is not head and head.head.i > head.i:
            head = head.head
        return head.i > span.root.i and head.pos_ == "NOUN" and head.dep_ == "appos"

    def _after_the(self, start: int, end: int) -> bool:
        word = self.text[start:end]
        if " " in word or not word[:1].isupper() or title_only(word):
            return False
        return stands_after_the(self.doc, self.text, start, end)  # "the Clinton regime": a modifier

    def fronted_clause(self, pos: int) -> tuple[int, int] | None:
        """The characters of an adverbial clause that opens the paragraph of a subject pronoun at
        ``pos`` and ends at the comma before it ("While the “Meth. We’re on it.” campaign did not appeal
        to Julie Graham, ..., she said ..."), or None: a person named there is who the pronoun means,
        before anyone named in earlier sentences. Read from the words, not the parse, which quoted
        words in the clause often break."""
        para_start = self.paras.bounds(self.paras.index(pos))[0]
        opening = FRONTED_RE.match(self.text, para_start, pos)
        comma = self.text.rfind(",", para_start, pos)
        if opening is None or comma < 0 or self.text[comma + 1 : pos].strip():
            return None  # the pronoun must follow the clause's comma: "..., she said"
        unquoted = QUOTED_RE.sub("", self.text[para_start:comma])
        if SENTENCE_END_RE.search(unquoted):
            return None
        return para_start, comma

    def focus_for(self, phrase: str, pos: int, aff: str | None, roles: set[str]) -> Actor | None:
        """The person in focus (as for "he") that a description fits best, or None.

        Among the candidates of `pronoun`, a description must not contradict the person's
        affiliation or role; the one it fits best wins (a word shared with the person's titles
        counts extra: "the Southgate chairwoman" for "chairwoman Aisha Grant"), then subjects,
        then recency.
        """
        candidates = self._weigh(pos, "")
        words_of = {w.lower() for w in WORD_SPLIT_RE.findall(phrase)} - {"the", "a", "an", "of"}
        best, best_key = None, None
        for rank, (actor, subject, _span) in enumerate(candidates):
            score = compatibility(actor, aff, roles, "former" in phrase.lower())
            if score is None:
                continue
            titles = {w.lower() for t in actor.titles for w in WORD_SPLIT_RE.findall(t)}
            key = (score + len(words_of & titles), subject, -rank)
            if best_key is None or key > best_key:
                best, best_key = actor, key
        return best

    def subject_rank(self, start: int, end: int) -> int:
        """2 when the mention ``[start, end)`` is the subject of a main clause ("Ms. Broaddrick has
        also lashed out at ..."), 1 when it is the subject of a subordinate one ("..., as did Ms.
        Feinstein"), else 0: "she" after both is the first, whom the sentence is about."""
        if not self.is_subject(start, end):
            return 0
        line_start = self.paras.bounds(self.paras.index(start))[0]
        if LINE_OPENING_RE.fullmatch(self.text, line_start, start):
            return 2
        tok = self.doc[self.tok_at(max(start, end - 1))]
        while tok.dep_ not in ("nsubj", "nsubjpass") and tok.head is not tok:
            tok = tok.head
        verb = tok.head
        main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
        return 2 if main else 1

    def is_subject(self, start: int, end: int) -> bool:
        """Whether the mention ``[start, end)`` is (part of) a grammatical subject.

        A name that opens its line after nothing but capitalised words ("Rep. Mark Meadows, R-N.C.,
        who ...") counts as one too: the small parser often loses such subjects.
        """
        line_start = self.paras.bounds(self.paras.index(start))[0]
        if LINE_OPENING_RE.fullmatch(self.text, line_start, start):
            return True
        tok = self.doc[self.tok_at(max(start, end - 1))]
        for _ in range(3):
            if tok.dep_ in ("nsubj", "nsubjpass"):
                return True
            if tok.dep_ not in ("compound", "flat", "appos", "poss") or tok.head is tok:
                return False
            tok = tok.head
        return False

    def head_actor(self, start: int, end: int, speaking: bool = False) -> Actor | None:
        """The actor a speaker phrase names: a person it names (not one governed by a preposition:
        "a spokesman for X"), else the organisation whose mention ends it ("A senior Justice
        Department official" is not the Justice Department), unless that is a place governed by a
        preposition ("the U.S. Attorney’s Office for the Western District of New York").

        ``speaking``: the phrase is who speaks, so a person named right after a preposition at its
        end is not it either ("a campaign aide who went to college with X", "a friend of X"); the
        finders' other questions (is the subject an agent, does it name a person) still count them."""
        person_at_end = person_free = org_at_end = None
        i = bisect.bisect_left(self.index.starts, end)
        for s, e, aid in self.index.spans[max(0, i - 24) : i]:
            if s >= end or e <= start:
                continue
            actor = self.index.actors[aid]
            if actor.label == "PERSON":
                if speaking and e >= end - 1 and s > start and GOVERNED_NAME_RE.search(self.text, start, s):
                    continue  # "a staffer who went to college with Gillum" is not Gillum
                if e >= end - 1:
                    person_at_end = actor
                elif (
                    person_free is None
                    and not PREPOSITION_RE.search(self.text, start, s)
                    and not POSSESSIVE_AT_RE.match(self.text, e)
                    and self.text[e : e + 1] != "-"  # "The Bush-era whistleblower" is not Bush
                ):
                    person_free = actor
            elif e >= end - 1 and not (actor.label == "GPE" and PREPOSITION_RE.search(self.text, start, s)):
                org_at_end = actor  # not a place after a preposition: "the Office for ... of New York"
        return person_at_end or person_free or org_at_end

    def person_of_surname(self, word: str, pos: int) -> Actor | None:
        """The one person named before ``pos`` whose surname is ``word`` (a speaker "Sanborn" that NER
        labelled an organisation, after "Jeff Sanborn" was named), or None when none or several are."""
        people = [
            a
            for a in self.index.actors.values()
            if a.label == "PERSON"
            and " " in a.name
            and a.name.split()[-1] == word
            and any(s < pos for s, _e in a.mentions)
        ]
        return people[0] if len(people) == 1 else None

    def person_titled(self, title: str, besides: Actor) -> Actor | None:
        """The one other person whose name the article writes after ``title`` ("Pope" of "Pope Francis"),
        or None when none or several are."""
        people = [  # as written before a name ("Pope Francis"), not a description's "the pope"
            a
            for a in self.index.actors.values()
            if a is not besides
            and a.label == "PERSON"
            and any(t == title or t.endswith(" " + title) for t in a.titles)
        ]
        return people[0] if len(people) == 1 else None

    def possessive_only(self, actor: Actor, start: int, end: int) -> bool:
        """Whether ``actor`` appears in ``[start, end)`` only as a modifier ("Trump’s lawyers",
        "Trump lawyers X and Y"), not as one of the people the phrase names."""
        inside = [(s, e) for s, e in actor.mentions if start <= s < end]
        return bool(inside) and all(e < end - 1 and MODIFIER_USE_RE.match(self.text, e) for _s, e in inside)

    def governed_only(self, actor: Actor, start: int, end: int) -> bool:
        """Whether ``actor`` appears in ``[start, end)`` only after a preposition ("a protégé of John Bolton
        and Dick Cheney", "revenue at Ubisoft") or as a hyphenated modifier ("The Bush-era whistleblower"):
        then it is not one of the people a joint speaker names."""
        inside = [(s, e) for s, e in actor.mentions if start <= s < end]
        return bool(inside) and all(
            GOVERNED_NAME_RE.search(self.text, start, s) or self.text[e : e + 1] == "-" for s, e in inside
        )

    def recent_pair(self, pos: int) -> list[Actor]:
        """Two people named together ("Voss and Alban") last before ``pos`` outside quotes, or []."""
        i = bisect.bisect_left(self.index.starts, pos)
        spans = [sp for sp in self.index.spans[max(0, i - 12) : i] if not self.in_covered(sp[0])]
        if len(spans) < 2:
            return []
        (_s1, e1, a1), (s2, _e2, a2) = spans[-2], spans[-1]
        actors = [self.index.actors[a1], self.index.actors[a2]]
        joined = a1 != a2 and all(a.label == "PERSON" for a in actors) and AND_RE.fullmatch(self.text[e1:s2])
        near = self.paras.index(pos) - self.paras.index(s2) <= 1
        return actors if joined and near else []

    def new_person(self, phrase: str, start: int, end: int) -> Actor | None:
        """A speaker named in full that spaCy's NER missed ("Governor Ines Baptiste said").

        Two to four capitalised words (after honorifics) become a new PERSON actor (`new_actors`,
        which the finder publishes), so that later pronouns and descriptions can find it. Words that
        name an organisation of the article (`organisation_named`) make no person.
        """
        found = self._full_name(phrase, start)
        if found is None or self.organisation_named(found[2]) is not None:
            return None
        rel_start, rel_end, name = found
        actor = Actor(f"act{len(self.index.actors) + 1}", name, "PERSON", name_keys(name))
        while actor.id in self.index.actors:
            actor.id += "b"
        actor.mentions.append((start + rel_start, start + rel_end))
        if rel_start:
            actor.add_title(phrase[:rel_start].strip())
        self.index.actors[actor.id] = actor
        self.index.reindex()
        self.new_actors.append(actor)
        return actor

    def organisation_named(self, name: str) -> Actor | None:
        """The organisation of the article written ``name`` ("Big Machine", which NER tags ORG where it
        names the label on its own), or None. A speaker phrase ending in those words ("The group that owns
        most of her music, Big Machine, says") is that organisation, not a person NER missed (spk16)."""
        return next((a for a in self.index.actors.values() if a.label == "ORG" and a.name == name), None)

    def _full_name(self, phrase: str, start: int) -> tuple[int, int, str] | None:
        """The person name ending a speaker phrase (offsets relative to the phrase, and the name) that
        `new_person` would make a person of, or None."""
        words = list(re.finditer(r"\S+", phrase))
        run = len(words)
        while run > 0 and words[run - 1].group()[:1].isupper():
            run -= 1
        if run > 0 and PREPOSITION_RE.fullmatch(words[run - 1].group().lower() + " "):
            return None  # "the Attorney’s Office for the Western District of New York": not a person
        tail_start = words[run].start() if run < len(words) else len(phrase)
        if GOVERNED_NAME_RE.search(phrase, 0, tail_start):
            return None  # "a protégé of John Bolton and Dick Cheney": the second governed name speaks no more
        cleaned = clean_name(phrase[tail_start:])  # "Harvard law professor Alan Dershowitz" -> the name
        if cleaned is None:
            return None
        rel_start, rel_end, name = cleaned
        rel_start, rel_end = rel_start + tail_start, rel_end + tail_start
        parts = name.split()
        if (
            not 2 <= len(parts) <= 4
            or not all(p[:1].isupper() for p in parts)
            or name.lower() in AFFILIATION_NAMES
            or self.names_a_place(start + rel_start, start + rel_end)
        ):
            return None
        return rel_start, rel_end, name

    def names_a_place(self, start: int, end: int) -> bool:
        """Whether spaCy's NER reads ``[start, end)`` as a place, a facility or a nationality, or as a thing
        that cannot speak ("the Second Amendment acknowledges that ...": LAW, people.json
        ``inanimate_entity_labels``)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ in PLACE_LABELS | INANIMATE_LABELS for t in span)
