"""What a figure counts, read from the claim and its sentence: the quantity key of cross-article grouping.

Two outlets word one quantity differently ("17 deaths", "kills 17", "Seventeen people ... have died";
"over 1,100 fatalities", "more than 1,100 people" killed), and one story holds many quantities that
share a noun (pledged and total delegates; Clinton's and Sanders's). So a figure is described by
parts, each normalised through the vocabularies of ``resources/quantities.json`` (data, not code):

* **counted**: the counted noun's class ("deaths", "dead", "fatalities", "people killed", "martyrs"
  all count *people* with the event *killed*); a generic person noun may stand for any kind of person;
* **event**: what happened to them (killed, wounded, taken captive, released, arrested...);
* **modifiers**: the other words of the counted phrase ("pledged", "probable", "National");
* **entities**: who and where, the named entities of the figure's own clause (the candidate whose
  share it is, the place);
* **whose** and **agent**: the group the counted things belong to, read from the counted phrase and
  what hangs on it ("90 *Israeli* captives", "10 members *of Iranian armed forces*", "*Hamas's*
  fighters", "12 of *its* members" after "Jaish al-Adl announced"), and who did it to them ("held
  *by Israel*", "*Jaish al-Adl* killed 10"). Two figures whose owners or agents differ count different
  things however alike the rest of the key is ("240 Palestinian abductees held by Israel" and "105
  war prisoners ... held by Hamas");
* **context**: the content words of the clause, and the explicit date the figure holds for.

No single part decides; `presslens.corpus.grouping` weighs them (weights fitted on the dev gold).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from presslens.values.words import singular
from presslens.vocab import load as load_resource

#: Units that are shares of something; currencies are three upper-case letters.
SHARE_UNITS = frozenset({"percent", "fraction", "percentage points", "points"})
COUNT_UNITS = frozenset({"", "count", "people", "persons"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Vocab:
    counted: dict[str, str]  # head noun -> class
    people: frozenset[str]
    generic_people: frozenset[str]
    event_nouns: dict[str, str]
    default_event: dict[str, str]
    events: dict[str, str]  # wording -> event
    anaphoric: frozenset[str]
    ignore: frozenset[str]
    stop: frozenset[str]
    not_names: frozenset[str]  # capitalised words that name nothing ("Monday", "President")
    owner_verbs: frozenset[str]  # "lost", "sacrificing": the subject owns the counted object


@cache
def vocab() -> Vocab:
    data = load_resource("quantities.json")
    counted = {word: cls for cls, words in data["counted"].items() for word in words}
    events = {word: event for event, words in data["events"].items() for word in words}
    stop = frozenset(load_resource("function_words.json")["words"])
    return Vocab(
        counted=counted,
        people=frozenset(data["people"]),
        generic_people=frozenset(data["generic_people"]),
        event_nouns=dict(data["event_nouns"]),
        default_event=dict(data.get("default_event") or {}),
        events=events,
        anaphoric=frozenset(data["anaphoric"]),
        ignore=frozenset(data["ignore_modifiers"]),
        stop=stop,
        not_names=frozenset(w.lower() for w in data.get("not_story_names") or ()),
        owner_verbs=frozenset(w.lower() for w in data.get("owner_verbs") or ()),
    )


def unit_class(unit: str) -> str:
    """count, share, money (any currency: "$1m (840,000 euros)" states one amount twice) or the unit."""
    if unit.lower() in COUNT_UNITS:
        return "count"
    if unit.lower() in SHARE_UNITS:
        return "share"
    if re.fullmatch(r"[A-Z]{3}", unit):
        return "money"
    return unit.lower()


def normalise_event(label: str | None) -> str:
    if not label:
        return ""
    label = label.lower().strip()
    return vocab().events.get(label, label)


@dataclass(frozen=True)
class QuantityKey:
    """The parts of a figure's quantity (see the module docstring); ``counted`` '' when unknown."""

    unit: str  # unit class
    currency: str  # the unit as written when it is money, else ''
    counted: str
    head: str
    event: str
    modifiers: frozenset[str]
    entities: frozenset[str]
    nearest: str  # the named entity closest before the figure in its clause ("Clinton had 49.9 percent")
    context: frozenset[str]
    around: frozenset[str]  # content words within a few words of the figure, outside the counted phrase
    date: str | None
    whose: frozenset[str] = frozenset()  # the counted things' group or organisation, name words
    agent: frozenset[str] = frozenset()  # who did the event to them ("held by Israel"), name words
    whose_text: str = ""  # the owner as written, for the label ("Israeli")
    quoted: bool = False  # inside a direct quotation (the speaker's words, not the outlet's report)
    story: frozenset[str] = frozenset()  # every name the article mentions (`story_names`); not exported

    @property
    def is_people(self) -> bool:
        return self.counted in vocab().people

    @property
    def is_generic(self) -> bool:
        return self.counted in vocab().generic_people

    def to_dict(self) -> dict[str, Any]:
        """The parts a reader can check (JSON): what is counted, the event, whose and where."""
        return {
            "unit": self.unit,
            "counted": self.counted,
            "head": self.head,
            "event": self.event,
            "modifiers": sorted(self.modifiers),
            "entities": sorted(self.entities),
            "nearest_entity": self.nearest,
            "whose": sorted(self.whose),
            "agent": sorted(self.agent),
            "date": self.date,
        }

    def label(self) -> str:
        """A short human name: "person killed", "captive (Israeli) held", "share of vote"."""
        thing = self.head or self.counted or ("amount" if self.unit == "money" else "figure")
        owner_words = {proper_word(w) for w in self.whose_text.split()}
        if owner_words and not ({self.head, self.counted} & owner_words):  # not "Palestinian (Palestinians)"
            thing = f"{thing} ({self.whose_text})"
        if self.unit == "share":
            thing = f"share of {thing}" if (self.head or self.counted) else "share"
        elif self.unit == "money":
            thing = f"{self.currency} {thing}" if self.head else f"{self.currency} amount"
        event = " ".join(w for w in self.event.split() if w != self.head)  # "captive taken", not twice
        return f"{thing} {event}".strip()


def counted_and_event(head: str | None, count_text: str | None, event: str | None) -> tuple[str, str, str]:
    """(class, head, event): "17 deaths" is (person, death, killed), "four died" (person, '', killed)."""
    v = vocab()
    ev = normalise_event(event)
    word = singular(head) if head else ""
    if not word and count_text:
        tokens = _WORD.findall(count_text)
        word = singular(tokens[-1]) if tokens else ""
    if word in v.ignore and count_text:  # "people today": the claims layer took the adverb
        tokens = [singular(t) for t in _WORD.findall(count_text)]
        tokens = [t for t in tokens if t not in v.ignore and t not in v.stop]
        word = tokens[-1] if tokens else ""
    if word in v.anaphoric:
        word = ""
    if word in v.event_nouns:
        noun_event = v.event_nouns[word]
        return "person", word, ev or noun_event if not ev or ev == normalise_event(noun_event) else noun_event
    if word:
        cls = v.counted.get(word, word)
        if ev in PEOPLE_EVENTS and word in v.counted and cls not in v.people and ev != "released":
            ev = ""  # "captured 1,944 delegates", "five samples were taken": no captives here
        return cls, word, ev
    if ev in PEOPLE_EVENTS:
        return "person", "", ev  # "kills 17", "four died": people
    return "", "", ev


#: Events that only happen to people: a figure with one of them and no noun counts people.
PEOPLE_EVENTS = frozenset(
    {"killed", "wounded", "killed or wounded", "casualties", "taken captive", "held", "arrested",
     "displaced", "infected", "missing", "released", "deported", "rescued", "hospitalised", "recruited"}
)  # fmt: skip


def modifiers(count_text: str | None, head: str) -> frozenset[str]:
    """The counted phrase's other words, singular and lower-cased, minus those that tell nothing."""
    if not count_text:
        return frozenset()
    v = vocab()
    out = set()
    for token in _WORD.findall(count_text):
        word = proper_word(token) if token[:1].isupper() else singular(token)
        if word == head or word in v.ignore or word in v.stop or len(word) < 2:
            continue
        out.add(word)
    return frozenset(out)


#: Endings of a capitalised plural ("Palestinians", "Israelis", "Democrats"); "Hamas" has none.
_PLURAL_NAME = ("ans", "ens", "ers", "ists", "ites", "ats", "is", "ians", "ns")


def proper_word(token: str) -> str:
    """A capitalised word, lower-cased, in the singular only when it reads as a group's plural."""
    low = token.lower()
    return singular(low) if low.endswith(_PLURAL_NAME) else low


def _entity_name(text: str, label: str) -> str:
    text = re.sub(r"^(?:the|a)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"['’]s?$", "", text).strip(" .,")
    parts = text.split()
    if not parts:
        return ""
    if label == "PERSON":  # "Hillary Clinton", "Clinton", "Mrs. Clinton": the surname
        return parts[-1].lower()
    if label == "NORP":  # "Palestinians" and "Palestinian" name one group
        return " ".join([*(p.lower() for p in parts[:-1]), proper_word(parts[-1])])
    return text.lower()


def sentence_at(article: dict[str, Any], start: int) -> tuple[int, int]:
    for sent in article.get("sentences") or []:
        if sent["start"] <= start < sent["end"]:
            return sent["start"], sent["end"]
    text = article["text"]
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    hi = text.find(".", start)
    return lo, hi if hi != -1 else len(text)


_CLAUSE_CUT = re.compile(r"[;:—–]|,\s+(?:while|but|whereas|though|although|compared|and\s+(?=\d))|\.\s")


#: A list entry's label before its colon: one to three capitalised words ("Hillary Clinton").
_LIST_LABEL = re.compile(r"\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*")


def clause_at(article: dict[str, Any], start: int, end: int) -> tuple[int, int]:
    """The figure's clause: its sentence cut at semicolons, dashes and contrasting conjunctions."""
    lo, hi = sentence_at(article, start)
    text = article["text"]
    before = text[lo:start]
    found = list(_CLAUSE_CUT.finditer(before))
    if found and found[-1].group().startswith(":") and not before[found[-1].end() :].strip():
        label = before[found[-2].end() if len(found) > 1 else 0 : found[-1].start()]
        if _LIST_LABEL.fullmatch(label):
            found.pop()  # a list entry ("Hillary Clinton: 1,769"): its label says whose figure it is
    if found:
        lo = lo + found[-1].end()
    after = text[end:hi]
    m = _CLAUSE_CUT.search(after)
    if m:
        hi = end + m.start()
    return lo, hi


def entities_in(
    article: dict[str, Any], lo: int, hi: int, index: list[dict[str, Any]] | None = None
) -> set[str]:
    out = set()
    for ent in index if index is not None else article.get("entities") or []:
        if ent["start"] >= lo and ent["end"] <= hi and ent.get("label") in ENTITY_LABELS:
            name = _entity_name(article["text"][ent["start"] : ent["end"]], ent["label"])
            if name:
                out.add(name)
    return out


def nearest_entity(article: dict[str, Any], lo: int, start: int) -> str:
    """The named entity that ends closest before ``start`` in ``[lo, start)`` ('' when none)."""
    best, name = -1, ""
    for ent in article.get("entities") or []:
        if (
            lo <= ent["start"]
            and ent["end"] <= start
            and ent.get("label") in ENTITY_LABELS
            and ent["end"] > best
        ):
            best, name = ent["end"], _entity_name(article["text"][ent["start"] : ent["end"]], ent["label"])
    return name


ENTITY_LABELS = frozenset({"PERSON", "GPE", "NORP", "ORG", "LOC", "FAC", "EVENT"})


def context_words(text: str) -> frozenset[str]:
    v = vocab()
    words = (t for t in _WORD.findall(text) if t.lower() not in v.stop and len(t) > 2)
    return frozenset(proper_word(t) if t[:1].isupper() else singular(t) for t in words)


def story_names(article: dict[str, Any]) -> frozenset[str]:
    """The words of every name the article mentions: what the article's story is about.

    Two articles that share none of them tell different stories, so their figures never count one
    thing (`presslens.corpus.grouping.cannot_link`): "two infected individuals" in an outbreak report
    and "two super PACs" in a campaign piece. Words, not whole names, so that "the Velora Red Cross"
    in one outlet and "Velora" in another still share a story. The words come from two readings: the
    article's named entities, and the capitalised words of its own text that do not begin a sentence
    (`capitalised_words`), because a story gate on the entities alone inherits the NER's misses: an
    outlet whose "Gaza" the NER did not tag would share no word with the others and be split off one
    story (docs/evaluation-grouping.md, session 9). Function words, words under three letters and the
    capitalised words that name nothing (`not_story_names` in resources/quantities.json: months,
    weekdays, titles) are left out.
    """
    v = vocab()
    text = article.get("text") or ""
    names = entities_in(article, 0, len(text))
    words = {proper_word(token) for name in names for token in _WORD.findall(name)}
    words |= capitalised_words(text)
    return frozenset(w for w in words if len(w) > 2 and w not in v.stop and w not in v.not_names)


_SENTENCE_END = ".!?:;…"
_OPENERS = " \t\"'“‘«([—–-*•"


def capitalised_words(text: str) -> set[str]:
    """Capitalised words of ``text`` that are not the first word of a sentence, lower-cased as
    `proper_word` reads names ("Gaza's" -> "gaza", "Bush-era" -> "bush").

    A capital inside a sentence marks a name in English; one at a sentence's start marks nothing.
    Lines written in title case (headlines: "Harbour Mayor Vows To Reopen Quays") are skipped, since
    there every word is capitalised.
    """
    out: set[str] = set()
    for line in text.split("\n"):
        long_words = [w for w in _WORD.findall(line) if len(w) > 3]
        if len(long_words) > 1 and all(w[0].isupper() for w in long_words):
            continue
        for match in _WORD.finditer(line):
            before = line[: match.start()].rstrip(_OPENERS)
            if not before or before[-1] in _SENTENCE_END:
                continue
            for part in match.group().split("-"):
                part = re.sub(r"['’]s?$", "", part)
                if part[:1].isupper():
                    out.add(proper_word(part))
    return out


def key_of(article: dict[str, Any], claim: dict[str, Any], count_text: str | None, head: str | None,
           event: str | None, unit: str, held: str | None,
           story: frozenset[str] | None = None) -> QuantityKey:  # fmt: skip
    """The quantity key of one claim of ``article`` (its counted phrase and event as completed).

    ``story``: the article's `story_names`, when the caller has read them once for all its claims.
    """
    counted, head_word, ev = counted_and_event(head, count_text, event)
    mods = modifiers(count_text, head_word)
    group = _group_noun(article, claim, head_word, count_text)
    if group:  # "31,000 Palestinians": people of a group
        counted, mods = "person", mods | {group}
    ev = ev or vocab().default_event.get(counted, "")
    lo, hi = clause_at(article, claim["start"], claim["end"])
    ents = entities_in(article, lo, hi)
    near = nearest_entity(article, lo, claim["start"])
    ucls = unit_class(unit)
    quote = quotation_at(article, claim["start"])
    whose, whose_text = owner_of(article, claim, lo, hi)
    if not whose:  # "the nation has lost 500 soldiers": the subject of a verb of losing
        whose, whose_text = loser_of(article, claim, quote)
    return QuantityKey(
        unit=ucls,
        currency=unit if ucls == "money" else "",
        counted=counted,
        head=head_word,
        event=ev,
        modifiers=mods,
        entities=frozenset(ents),
        nearest=near,
        context=context_words(article["text"][lo:hi]),
        around=around_words(article["text"], lo, hi, claim["start"], claim["end"]),
        date=held,
        whose=whose,
        agent=agent_of(article, claim, lo, hi),
        whose_text=whose_text,
        quoted=quote is not None or in_quotation(article["text"], claim["start"]),
        story=story_names(article) if story is None else story,
    )


def quotation_at(article: dict[str, Any], start: int) -> tuple[int, int] | None:
    """The content span of the direct quote (quotes layer) that holds ``start``, else None.

    The quotes layer knows every mark a quotation may open with (‘single curly’ ones too) and who
    speaks; `in_quotation` reads the marks alone, for articles stored without that layer.
    """
    for quote in article.get("quotes") or []:
        content = quote.get("content") or {}
        lo, hi = content.get("start"), content.get("end")
        if quote.get("kind") == "direct" and lo is not None and hi is not None and lo <= start < hi:
            return lo, hi
    return None


def in_quotation(text: str, start: int) -> bool:
    """Whether ``start`` lies inside a direct quotation of its paragraph (curly or straight quotes)."""
    para = text.rfind("\n", 0, start) + 1
    before = text[para:start]
    opened = before.rfind("“")
    if opened != -1 and before.rfind("”") < opened:
        return True
    return before.count('"') % 2 == 1


def around_words(text: str, lo: int, hi: int, start: int, end: int, width: int = 6) -> frozenset[str]:
    """Content words among the ``width`` words before and after the figure, inside its clause."""
    before = _WORD.findall(text[lo:start])[-width:]
    after = _WORD.findall(text[end:hi])[:width]
    return context_words(" ".join(before + after))


def _group_noun(article: dict[str, Any], claim: dict[str, Any], head: str, count_text: str | None) -> str:
    """The nationality or group the counted head names ("Palestinians" -> "palestinian"), else ''.

    Read from the entity recogniser (NORP), or from the form: a capitalised plural head ending the
    phrase ("31,000 Palestinians", "171,000 Iowans").
    """
    count_of = claim.get("count_of") or {}
    lo, hi = count_of.get("start"), count_of.get("end")
    if not head or head in vocab().counted:
        return ""
    entities = article.get("entities")
    if entities and lo is not None and hi is not None:
        for ent in entities:
            overlaps = ent.get("label") == "NORP" and ent["start"] < hi and lo < ent["end"]
            if overlaps and singular(article["text"][ent["start"] : ent["end"]].split()[-1]) == head:
                return head
    words = _WORD.findall(count_text or "")
    last = words[-1] if words else ""
    if last[:1].isupper() and last.lower().endswith("s") and singular(last) == head:
        return head
    return ""


#: Entities that say whose the counted things are inside or after the counted phrase (a group, an
#: organisation); through a possessive ("Israel's", "its") a place or a person says it too.
OWNER_LABELS = frozenset({"NORP", "ORG"})
POSSESSOR_LABELS = frozenset({"NORP", "ORG", "GPE", "PERSON"})
#: "members of Iranian armed forces", "10 percent of Democrats", "20,000 deaths among Hamas fighters":
#: the phrase the counted noun is "of" (or "among").
_OF_PHRASE = re.compile(r"\s+(?:of|among)\s+(?:the\s+)?(?:[^\W\d][\w'’-]*\s*){1,5}")
_POSSESSIVE_PRONOUN = re.compile(r"\b(?:its|their)\b", re.I)
_POSSESSIVE_NAME = re.compile(r"['’]s?\s*$")


def _entity_spans(article: dict[str, Any], lo: int, hi: int, labels: frozenset[str]) -> list[dict[str, Any]]:
    return [
        ent
        for ent in article.get("entities") or []
        if ent.get("label") in labels and ent["start"] < hi and lo < ent["end"]
    ]


def _name_words(article: dict[str, Any], ent: dict[str, Any]) -> set[str]:
    name = _entity_name(article["text"][ent["start"] : ent["end"]], ent["label"])
    return {proper_word(w) for w in name.split() if len(w) > 1}


def owner_of(article: dict[str, Any], claim: dict[str, Any], lo: int, hi: int) -> tuple[frozenset[str], str]:
    """(name words, the owner as written) of whose the counted things are; empty when unsaid.

    Read only from the counted phrase and what hangs on it, never from the rest of the clause (a
    clause names many sides): a group or organisation inside the phrase ("90 Israeli captives") or
    in the "of"/"among" phrase after it ("10 members of Iranian armed forces", "deaths among Hamas
    fighters"), a name with a possessive
    just before the figure ("Hamas's 30,000 fighters"), or "its"/"their" in the claim ("12 of its
    members"), which stands for the nearest name before it in the clause.
    """
    text = article["text"]
    start, end = claim["start"], claim["end"]
    count_of = claim.get("count_of") or {}
    c_start, c_end = count_of.get("start"), count_of.get("end")
    if c_start is not None and c_end is not None and start <= c_start and c_start - end <= 2:
        end = max(end, c_end)  # the counted phrase follows the figure: it is part of what is counted
    found = _OF_PHRASE.match(text, end, hi)
    phrase_end = found.end() if found else end
    ents = _entity_spans(article, start, phrase_end, OWNER_LABELS)
    before = text[lo:start]
    if _POSSESSIVE_NAME.search(before):  # "Hamas's 30,000 fighters": the name just before the figure
        ents = ents or [
            e
            for e in _entity_spans(article, lo, start, POSSESSOR_LABELS)
            if _POSSESSIVE_NAME.fullmatch(text[e["end"] : start])
        ]
    points_back = count_of.get("refers_from") and c_start is not None and c_end is not None and c_end <= start
    if not ents and points_back:
        # "Palestinian prisoners, 100 of whom ...": the antecedent is the counted phrase
        ents = _entity_spans(article, c_start, c_end, OWNER_LABELS)
    if not ents and _POSSESSIVE_PRONOUN.search(text[start:end]):
        prior = _entity_spans(article, lo, start, POSSESSOR_LABELS)
        ents = prior[-1:]
    words: set[str] = set()
    for ent in ents:
        words |= _name_words(article, ent)
    shown = text[ents[0]["start"] : ents[0]["end"]] if ents else ""
    return frozenset(words), re.sub(r"['’]s?$", "", shown).strip()


#: A preposition, an article and up to two lower-case words just before a name: the name is the object
#: of that preposition ("in the face of the Zionist regime's"), never the subject of a later verb.
_GOVERNED = re.compile(
    r"\b(?i:of|for|at|from|to|with|by|on|in|into|about|against|among|under|over|between|than|like|"
    r"across|after|before|since|during|through|toward|towards|despite)\s+(?:(?i:the|a|an)\s+)?"
    r"(?:[a-z][\w'’-]*\s+){0,2}$"
)


_LAST_WORD = re.compile(r"([A-Za-z]+)\s+\Z")


def loser_of(
    article: dict[str, Any], claim: dict[str, Any], quote: tuple[int, int] | None = None
) -> tuple[frozenset[str], str]:
    """(name words, as written) of the subject of a verb of losing that takes the figure as object.

    "Israel has lost 500 soldiers", "the resistance and the Palestinian nation have proven their
    resolve ... despite sacrificing more than 20,000 martyrs": whoever loses, sacrifices, mourns or
    buries the counted things is whose they are (the verbs are data, ``owner_verbs`` in
    resources/quantities.json). The subject is the nearest group or organisation before the verb
    in the figure's sentence (inside a quotation, the quoted words) that is no preposition's object
    ("in the face of the Zionist regime's killing machine" names no subject), or a place or person
    standing just before the verb ("Israel has lost"); a verb without one says nothing (empty).
    """
    verbs = vocab().owner_verbs
    text = article["text"]
    start = claim["start"]
    lo, _ = sentence_at(article, start)
    if quote is not None:
        lo = max(lo, quote[0])
    verb = _LAST_WORD.search(text, lo, start)
    if verb is None or verb.group(1).lower() not in verbs:
        return frozenset(), ""
    cut = verb.start(1)
    ents = [
        e
        for e in _entity_spans(article, lo, cut, POSSESSOR_LABELS)
        if lo <= e["start"]
        and e["end"] <= cut
        and not _GOVERNED.search(text[lo : e["start"]])
        # a place or person is the subject itself ("Israel has lost"), not a word of it ("the New
        # York businessman ... lost"); a group or organisation may head a longer one ("the nation")
        and (e["label"] in OWNER_LABELS or _AUXILIARIES.fullmatch(text[e["end"] : cut]))
    ]
    if not ents:
        return frozenset(), ""
    subject = ents[-1]
    shown = re.sub(r"['’]s?$", "", text[subject["start"] : subject["end"]]).strip()
    return frozenset(_name_words(article, subject)), shown


def agent_of(article: dict[str, Any], claim: dict[str, Any], lo: int, hi: int) -> frozenset[str]:
    """Name words of who did the event to the counted things, when the clause names them.

    "held by Israel", "were killed in joint air strikes by Iran" (a "by" within a few words after an
    event word that follows the figure), or the subject just before an event verb that takes the
    figure as its object ("Jaish al-Adl killed 10 members"). Empty when unsaid.
    """
    text = article["text"]
    words = _event_pattern()
    after = re.compile(rf"(?:{words})(?:\s+[\w'’-]+){{0,5}}?\s+by\s+(?:the\s+)?", re.I)
    end = max(claim["end"], min((claim.get("count_of") or {}).get("end") or 0, hi))
    # up to the next figure, whose phrase it is, looking past an aside ("105 war prisoners,
    # including 81 Israelis and 24 foreigners, held by Hamas")
    window = _ASIDE.sub(lambda m: " " * len(m.group()), text[end:hi])
    window = re.split(r"\d", window, maxsplit=1)[0]
    m = after.search(window)
    if m and len(_WORD.findall(window[: m.start()])) <= 12:
        at = end + m.end()
        ents = [e for e in _entity_spans(article, at, hi, POSSESSOR_LABELS) if e["start"] - at <= 1]
        if ents:
            return frozenset(_name_words(article, ents[0]))
    verb = re.search(rf"(?:{words})\s+$", text[lo : claim["start"]], re.I)
    if verb and verb.group().strip().lower() not in vocab().owner_verbs:  # "Israel lost": whose, not who
        cut = lo + verb.start()
        ents = [e for e in _entity_spans(article, lo, cut, POSSESSOR_LABELS) if e["end"] <= cut]
        if ents and _AUXILIARIES.fullmatch(text[ents[-1]["end"] : cut]):
            return frozenset(_name_words(article, ents[-1]))
    return frozenset()


_ASIDE = re.compile(r",\s+(?:including|among\s+them|of\s+whom)\b[^,;:]*,")
#: What may stand between a subject and its event verb: "Israel has killed", "Hamas reportedly took".
_AUXILIARIES = re.compile(r"['’]?s?\s*(?:(?:has|have|had|reportedly|allegedly|also)\s+)*", re.I)


@cache
def _event_pattern() -> str:
    """Every wording of an event (resources/quantities.json), longest first, as a regex alternation."""
    return "|".join(re.escape(w) for w in sorted(vocab().events, key=len, reverse=True))


def names_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name someone and no word of one is (a prefix of) a word of the other ("Israel" ~ "Israeli")."""
    if not a or not b:
        return False
    for x in a:
        for y in b:
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            if short == long_ or (len(short) >= 4 and long_.startswith(short)):
                return False
    return True


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def value_gap(a: float | None, b: float | None) -> float:
    """|log10(a / b)|, capped at 3 (0 when either is missing or zero)."""
    if not a or not b or a <= 0 or b <= 0:
        return 0.0
    return min(3.0, abs(math.log10(a / b)))
