"""What a figure counts when nothing counted stands beside it, read from the rest of its sentence.

The claims layer reads `count_of` from the words right after a number ("31,000 Palestinians").
Many figures have none there, and then a reader, and the cross-article grouping, cannot tell what
they count. The sentence usually says it elsewhere; this module reads those places from the parse:

* a **restatement** of the figure before it ("1 in 64, or 1.56 percent"; "up from 1 in 10"):
  that figure's counted thing;
* a **score** followed by what it counts ("leads Sanders 1,428 to 1,153 in pledged delegates");
* a **list entry** under a heading ("PLEDGED DELEGATES." ... "Hillary Clinton: 1,769."), or
  whose label is a common noun ("Superdelegates: 121.");
* the **noun the figure is "of"** ("a net loss of $916 million", "a case fatality rate of 50%"),
  looking through nouns that only frame it ("by an average of 7 points");
* the **verb that takes the figure** when it names the quantity ("leads ... by 6 points",
  "lost nearly $916 million"), or a margin's "over"/"ahead"/"behind" ("3 points over Sanders");
* the **subject** the figure is the value of ("the poverty rate is around 46 percent", "the
  rates have varied from 25 percent to 90 percent", "the losses reached 3 million euros") or the
  change of ("Port fees rose by half of 1 percent"), or, for a share noun, its population
  ("the evangelical share of GOP caucus-goers was 39 percent");
* for any figure but an exchange rate, the **noun it is the level or value of** ("put the death toll at
  310", "estimated the crowd at about 10,000"): a tally noun's own counted noun, or, for one that names
  nothing ("port officials put the number at nearly 2,000"), what the nearest earlier figure counts;
* for a share, the **noun it lies below or above** ("more than 5% below its capacity").

Every `count_of` found here points at the exact characters it was read from (which may lie
before the figure); the claim's own span does not change, and no rule makes a number a claim.
The words are data (``resources/numbers.json``, ``counted_elsewhere``). Counts (people,
objects) are left to the claims layer's own rules except for scores, list entries and levels: a bare
count's subject is usually its container ("the caravan has grown to 4,000"), not what it counts.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from spacy.tokens import Doc, Span, Token

from presslens.values.numbers import Figure
from presslens.values.words import singular
from presslens.vocab import load as load_resource

_NUMBERS = load_resource("numbers.json")
_DATA = _NUMBERS["counted_elsewhere"]
AMOUNT_VERBS: dict[str, str] = {form: name for name, forms in _DATA["amount_verbs"].items() for form in forms}
MARGIN_AFTER = frozenset(_DATA["margin_after"])
MARGIN_HEAD: str = _DATA["margin_head"]
MARGIN_BEFORE_NAME = frozenset(_DATA.get("margin_before_name", ()))
PASS_THROUGH = frozenset(_DATA["pass_through"])
SHARE_NOUNS = frozenset(_DATA["share_nouns"])
#: "more than 5% below its capacity": a share of the noun after these (numbers.json).
RELATIVE_PREPOSITIONS = frozenset(_DATA.get("relative_prepositions", ()))
#: Tally nouns that count what an earlier figure counts when they name nothing themselves (numbers.json).
ANAPHORIC_TALLIES = frozenset(_DATA.get("anaphoric_tallies", ()))
#: Nouns that name a running total ("the toll", "the tally"); claims.py reads them from here too.
TALLY_NOUNS = frozenset(_NUMBERS["tallies"]["nouns"])
#: "put the number *at* nearly 2,000", "raised the toll *to* 312": the level a noun is put at.
LEVEL_PREPOSITIONS = frozenset(_NUMBERS["tallies"].get("level_prepositions", ()))
_LEVEL_NOUNS = TALLY_NOUNS | ANAPHORIC_TALLIES
#: Verbs whose direct object is the value their subject reached ("the losses reached 3 million euros").
SUBJECT_VALUE_VERBS = frozenset(_DATA.get("subject_value_verbs", ()))
#: Verbs whose "by" phrase is their subject's change ("Port fees rose by half of 1 percent").
SUBJECT_CHANGE_VERBS = frozenset(_DATA.get("subject_change_verbs", ()))
#: Nouns after a preposition that say when or how, not what ("5% over the year").
_NOT_WHAT = frozenset(_NUMBERS["money_for"]["not_what"])

#: Modifiers of a tally noun that say whose its counted things are ("*Israeli* death toll numbers").
OWNER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
OWNER_ENTITIES = frozenset({"NORP", "GPE", "ORG"})
#: Named entities that make a list label a name ("Clinton: 547"), not a counted thing.
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
#: Between two figures, words that make the second restate the first.
RESTATES = re.compile(r"^\s*(?:,\s*)?(?:or|i\.e\.,?|that\s+is,?)\s*$|^\s*\(\s*$", re.IGNORECASE)
#: Before a figure, words that compare it with the figure before it.
COMPARES = re.compile(r"(?:\b(?:up|down)\s+from|\bcompared\s+(?:with|to)|\bagainst)\s+$", re.IGNORECASE)
#: A list's heading line: a few words in capitals ("PLEDGED DELEGATES.", "THE TOTAL:").
HEADING = re.compile(r"^\s*(?:THE\s+)?(?P<words>[A-Z][A-Z'’-]*(?:\s+[A-Z][A-Z'’-]*){0,4})\s*[.:]?\s*$")
#: A list entry's label: the line's words before the colon ("Hillary Clinton: ", "Superdelegates: ").
LABEL = re.compile(r"(?P<label>[A-Za-z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){0,3})\s*:\s*$")
_HEADING_LOOKBACK = 8  # lines

SHARE_UNITS = frozenset({"percent", "fraction"})


class _Prior(Protocol):
    start: int
    end: int
    figure: Figure
    count_of: dict[str, Any] | None
    sent_index: int


def unit_class(unit: str) -> str:
    """share, points, count, or the unit itself (a currency): figures of one class can restate each other."""
    if unit in SHARE_UNITS:
        return "share"
    return unit


def counted_elsewhere(
    doc: Doc,
    text: str,
    fig: Figure,
    fig_span: Span,
    sent: Span,
    earlier: list[_Prior],
    listed: bool,
    sent_index: int = -1,
) -> dict[str, Any] | None:
    """`count_of` for a figure with none beside it, or None when the sentence does not say it.

    ``fig_span`` is the claim's span (with a currency word: "a billion dollars"); ``earlier`` are the
    claims before this one, in order; ``listed`` says that the figure is a list entry ("Clinton: 547");
    ``sent_index`` is the figure's sentence, for a tally noun pointing back to the sentence before.
    """
    found = _restated(text, fig, sent, earlier)
    if found is not None:
        return found
    if fig.paired:
        found = _score_counts(doc, text, fig, sent)
        if found is not None:
            return found
    if listed:
        found = _list_heading(doc, text, fig, sent)
        if found is not None:
            return found
    if fig.unit == "rate":  # an exchange rate counts nothing
        return None
    node = _root(fig_span)
    if node is None:
        return None
    level = _level_of(node, fig, text, earlier, sent_index)
    if level is not None or fig.unit == "count":
        return level  # a bare count's other neighbours are its container ("the caravan has grown to 4,000")
    if fig.unit in SHARE_UNITS:
        found = _relative_to(node.doc, text, fig, sent)
        if found is not None:
            return found
    for _ in range(3):  # "by an average of seven percentage points": through a framing noun, then on
        if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent", "dative"):
            node = node.head
        owner = node.head
        if node.dep_ == "prep" and node.lower_ == "of" and owner.pos_ == "NOUN" and owner.i < node.i:
            if singular(owner.lower_) in PASS_THROUGH:  # "fell to new lows of", "by an average of"
                node = owner
                continue
            if owner.ent_type_ or singular(owner.lower_) in TALLY_NOUNS:
                return None
            return _noun_phrase_of(owner, text)  # "a net loss of $916 million"
        break
    return _verb_names_it(node, fig, text) or _subject_of(node, text)


def _level_of(
    node: Token, fig: Figure, text: str, earlier: list[_Prior], sent_index: int
) -> dict[str, Any] | None:
    """What a figure counts when it is the level or value of a noun (numbers.json ``anaphoric_tallies``).

    "port officials put the number at nearly 2,000" (the number of the workers named just before),
    "the death toll has reached 26" (deaths), "estimated the crowd at about 10,000" (the crowd).
    """
    noun, is_object = _level_noun(node)
    if noun is None or noun.pos_ != "NOUN" or noun.ent_type_:
        return None  # "put it at 2,000": a pronoun, left unresolved
    word = singular(noun.lower_)
    if word in _LEVEL_NOUNS:
        own = _tally_counts(noun, text)
        if own is not None or word not in ANAPHORIC_TALLIES:
            return own
        if fig.unit in SHARE_UNITS and (among := _among(noun, text)) is not None:
            return among  # "Among women, the figure is 75 percent": women's, not the share before it
        return _refers_back(noun, fig, text, earlier, sent_index)
    if is_object and word not in _NOT_WHAT:
        return _noun_phrase_of(noun, text)  # "put the cost at $45 million": the cost
    return None


def _level_noun(node: Token) -> tuple[Token | None, bool]:
    """The noun the figure is the level or value of, and whether it is the verb's object.

    A tally noun it is "of" ("a total of 40"); the object a verb puts at it ("put the number at",
    "estimated the crowd at", "raised the toll to"); or a tally noun subject whose value it is ("the
    number stood at", "the death toll has reached 26", "the total was 300").
    """
    prep = node.head if node.dep_ == "pobj" and node.head.dep_ == "prep" else None
    if prep is not None and prep.lower_ == "of":
        owner = prep.head
        if owner.pos_ == "NOUN" and owner.i < prep.i and singular(owner.lower_) in _LEVEL_NOUNS:
            return owner, False
        return None, False
    if prep is not None and prep.lower_ in LEVEL_PREPOSITIONS:
        verb = prep.head
    elif prep is None and node.dep_ in ("dobj", "attr", "oprd"):
        verb = node.head
    else:
        return None, False
    if verb.pos_ not in ("VERB", "AUX"):
        return None, False
    if prep is not None:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj, True
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and singular(subject.lower_) in _LEVEL_NOUNS:
        return subject, False
    return None, False


def _among(noun: Token, text: str) -> dict[str, Any] | None:
    """The population an "among" phrase of the tally noun's verb names ("Among women, the figure is ...")."""
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    among = next((c for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "among"), None)
    who = next((c for c in among.children if c.dep_ == "pobj"), None) if among is not None else None
    if who is None or not (who.pos_ == "NOUN" or who.ent_type_ == "NORP"):
        return None
    return _noun_phrase_of(who, text)


def _tally_counts(noun: Token, text: str, owner: Token | None = None) -> dict[str, Any] | None:
    """A tally noun's own counted noun: "the death toll" (death), "the number of dead" (dead).

    A group named before the tally is kept with its noun ("Israeli death toll numbers" -> "Israeli
    death"): whose dead they are is part of what is counted.
    """
    owner = next(
        (c for c in noun.children if c.i < noun.i and c.dep_ in OWNER_DEPS and c.ent_type_ in OWNER_ENTITIES),
        owner,
    )
    for child in sorted(noun.children, key=lambda t: -t.i):  # the nearest modifier first
        if child.i < noun.i and child.dep_ == "compound" and child.pos_ == "NOUN" and not child.ent_type_:
            if singular(child.lower_) in TALLY_NOUNS:  # "death toll numbers": the toll's own noun
                return _tally_counts(child, text, owner)
            found = _noun_phrase_of(child, text)
            if owner is not None and owner.idx < found["start"]:
                found = _span_dict(text, owner.idx, found["end"], found["head"])
            return found
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > noun.i), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if counted is not None and (counted.pos_ in ("NOUN", "ADJ") or counted.ent_type_ == "NORP"):
        return _noun_phrase_of(counted, text)
    return None


def _refers_back(
    noun: Token, fig: Figure, text: str, earlier: list[_Prior], sent_index: int
) -> dict[str, Any] | None:
    """The counted noun of the nearest earlier figure of the same unit, in this sentence or the one before."""
    for prev in reversed(earlier):
        if prev.sent_index < sent_index - 1 or sent_index < 0:
            return None
        if prev.start >= fig.start or unit_class(prev.figure.unit) != unit_class(fig.unit):
            continue
        if prev.count_of and prev.count_of.get("head"):
            return {
                **_span_dict(text, noun.idx, noun.idx + len(noun.text), prev.count_of["head"]),
                "refers_to": {"start": prev.start, "end": prev.end, "text": text[prev.start : prev.end]},
            }
    return None


def _relative_to(doc: Doc, text: str, fig: Figure, sent: Span) -> dict[str, Any] | None:
    """A share of the noun after "below"/"above" ("more than 5% below its capacity" -> capacity)."""
    i = next((t.i for t in doc[sent.start : sent.end] if t.idx >= fig.end), sent.end)
    if i >= sent.end or doc[i].lower_ not in RELATIVE_PREPOSITIONS:
        return None
    j = i + 1
    while j < sent.end and (doc[j].pos_ == "DET" or doc[j].dep_ in ("poss", "case")):
        j += 1
    k = j
    while k < sent.end and doc[k].pos_ in ("ADJ", "NOUN") and doc[k].ent_type_ not in ("DATE", "TIME"):
        k += 1
    if k == j or doc[k - 1].pos_ != "NOUN" or singular(doc[k - 1].lower_) in _NOT_WHAT:
        return None
    if k < sent.end and doc[k].pos_ in ("NOUN", "PROPN"):
        return None  # the phrase goes on past what the tagger read ("below its 2019 capacity levels")
    return _span_dict(text, doc[j].idx, doc[k - 1].idx + len(doc[k - 1].text), singular(doc[k - 1].text))


def _root(fig_span: Span) -> Token | None:
    """The figure's first token whose head lies outside the figure: where it hangs in the sentence."""
    lo, hi = fig_span.start, fig_span.end
    roots = [t for t in fig_span if not lo <= t.head.i < hi or t.head is t]
    return roots[0] if roots else None


def _span_dict(text: str, start: int, end: int, head: str) -> dict[str, Any]:
    return {"text": text[start:end], "head": head, "start": start, "end": end}


def _noun_phrase_of(noun: Token, text: str) -> dict[str, Any]:
    """The noun with the modifiers before it ("case fatality rate", "net loss"), no determiner."""
    first = noun
    for child in noun.children:
        if child.i < first.i and child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ != "DATE":
            first = min(first, min(child.subtree, key=lambda t: t.i), key=lambda t: t.i)
    while first.i < noun.i and (first.dep_ in ("det", "poss", "case", "punct") or first.pos_ == "DET"):
        first = noun.doc[first.i + 1]
    return _span_dict(text, first.idx, noun.idx + len(noun.text), singular(noun.text))


def _restated(text: str, fig: Figure, sent: Span, earlier: list[_Prior]) -> dict[str, Any] | None:
    """The counted thing of the figure this one restates or compares with, in the same sentence."""
    if not earlier:
        return None
    prev = earlier[-1]
    if prev.start < sent.start_char or prev.count_of is None:
        return None
    if unit_class(prev.figure.unit) != unit_class(fig.unit):
        return None
    between = text[prev.end : fig.start]
    if not (RESTATES.match(between) or COMPARES.search(between)):
        return None
    return {
        **{k: prev.count_of[k] for k in ("text", "head", "start", "end")},
        "refers_to": {"start": prev.start, "end": prev.end, "text": text[prev.start : prev.end]},
    }


def _score_counts(doc: Doc, text: str, fig: Figure, sent: Span) -> dict[str, Any] | None:
    """A score's sides count what follows "in" or "among" ("1,428 to 1,153 in pledged delegates")."""
    i = next((t.i for t in doc[sent.start : sent.end] if t.idx >= fig.end), sent.end)
    if i >= sent.end or doc[i].lower_ not in ("in", "among"):
        return None
    j = i + 1
    while j < sent.end and (doc[j].pos_ == "DET" or doc[j].dep_ in ("poss", "case")):
        j += 1
    k = j
    while (
        k < sent.end
        and not doc[k].ent_type_
        and (doc[k].pos_ in ("ADJ", "NOUN") or doc[k].tag_ in ("VBN", "VBD"))
    ):
        k += 1
    if k == j or doc[k - 1].pos_ != "NOUN":
        return None
    return _span_dict(text, doc[j].idx, doc[k - 1].idx + len(doc[k - 1].text), singular(doc[k - 1].text))


def _list_heading(doc: Doc, text: str, fig: Figure, sent: Span) -> dict[str, Any] | None:
    """A list entry counts what its label names, or, when the label is a name, what its heading says."""
    line_start = text.rfind("\n", 0, fig.start) + 1
    found = LABEL.search(text[line_start : fig.start])
    if found is not None:
        a, b = line_start + found.start("label"), line_start + found.end("label")
        label = doc.char_span(a, b, alignment_mode="expand")
        if label is not None and not any(
            t.ent_type_ in NAME_ENTITIES or t.lower_ in _names(doc) for t in label
        ):
            last = label[-1]
            if last.pos_ in ("NOUN", "PROPN") and last.is_alpha:  # "Superdelegates: 121."
                return _span_dict(text, a, b, singular(last.text))
    pos, seen = line_start - 1, 0
    while pos > 0 and seen < _HEADING_LOOKBACK:
        start = text.rfind("\n", 0, pos) + 1
        line = text[start:pos]
        pos = start - 1
        if not re.search(r"[A-Za-z]", line):
            continue  # blank lines and rules ("___.")
        seen += 1
        heading = HEADING.match(line)
        if heading is not None:
            a = start + heading.start("words")
            b = start + heading.end("words")
            word = singular(text[a:b].split()[-1].lower())
            if word in PASS_THROUGH:
                return None  # "THE TOTAL.": a heading that frames the figures names nothing they count
            return _span_dict(text, a, b, word)
    return None


def _names(doc: Doc) -> frozenset[str]:
    """Words of the document's named entities: "Sanders: 46." is a name when "Bernie Sanders" is one."""
    return frozenset(t.lower_ for ent in doc.ents if ent.label_ in NAME_ENTITIES for t in ent)


def _verb_names_it(node: Token, fig: Figure, text: str) -> dict[str, Any] | None:
    """A verb that names the amount ("leads by 6 points", "lost $916 million", "3 points over")."""
    verb = node.head
    takes = node.dep_ in ("dobj", "npadvmod", "attr") or (node.dep_ == "prep" and node.lower_ == "by")
    if takes and verb.pos_ in ("VERB", "AUX") and verb.lower_ in AMOUNT_VERBS:
        return _span_dict(text, verb.idx, verb.idx + len(verb.text), AMOUNT_VERBS[verb.lower_])
    if fig.unit == "points":
        doc = node.doc
        after = doc[node.i + 1] if node.i + 1 < len(doc) else None
        if after is not None and after.lower_ in MARGIN_AFTER and after.idx >= fig.end:
            return _span_dict(text, after.idx, after.idx + len(after.text), MARGIN_HEAD)
        # "within two points of Clinton": a margin to a named rival is a lead, as "3 points over Sanders"
        nxt = next((t for t in doc[node.i :] if t.idx >= fig.end), None)
        name = doc[nxt.i + 1] if nxt is not None and nxt.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in MARGIN_BEFORE_NAME and name is not None and name.pos_ == "PROPN":
            return _span_dict(text, nxt.idx, nxt.idx + len(nxt.text), MARGIN_HEAD)
    return None


def _subject_of(node: Token, text: str) -> dict[str, Any] | None:
    """The subject the figure is the value of ("the poverty rate is around 46 percent")."""
    verb = node.head
    value = (
        node.dep_ in ("attr", "acomp", "oprd")
        or (node.dep_ == "prep" and node.lower_ in ("to", "at", "from", "around", "near"))
        # "the losses reached 3 million euros", "Port fees rose by half of 1 percent" (numbers.json)
        or (node.dep_ == "dobj" and verb.lower_ in SUBJECT_VALUE_VERBS)
        or (node.dep_ == "prep" and node.lower_ == "by" and verb.lower_ in SUBJECT_CHANGE_VERBS)
    )
    if not value or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ != "NOUN" or subject.ent_type_:
        return None
    if singular(subject.lower_) in TALLY_NOUNS:
        return None  # "the death toll has reached 26": the claims layer's tally rule reads these
    if subject.lower_ in SHARE_NOUNS:  # "the evangelical share of GOP caucus-goers": the population
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pop = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None) if of else None
        if pop is not None:
            whole = _noun_phrase_of(subject, text)
            end = pop.idx + len(pop.text)
            return _span_dict(text, whole["start"], end, singular(pop.text))
    return _noun_phrase_of(subject, text)
