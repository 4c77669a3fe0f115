"""attribution.v1: every attribution of the article (speech, beliefs, documents), with resolved speakers.

The learned extractor (`presslens.attribution`, trained on PolNeAR; docs/attribution.md) finds
each content, its cue and its source as written, and the kind (direct, indirect or mixed speech,
belief, document). This component turns them into the ``attributions`` layer:

* **the speaker** is the source resolved by the shared `Resolver`, in text order and with the
  discourse state quotes have always used (`quotes.Quoter.attribute`): "he" -> the person in
  focus, "the Hamas official" -> the person being quoted, "who" -> the antecedent in the parse;
* **speaker rules**: a source never crosses a paragraph break and never includes its cue (both are
  cut off); a source whose head is a place, an event, a date or a number (spaCy NER), a word of
  ``non_speakers`` in ``attribution/kinds.json`` ("crowds", "the reports"), a common noun
  PolNeAR train holds often and never as a source (`lexicon.SpeakerGate`: "concerns",
  "presence"), or a rarer noun never a source there whose meaning the speaker prior reads as a
  thing's ("hypocrisy", "recruitment"), cannot speak: the speaker stays *unresolved*
  (``speaker.resolved`` false) rather than be guessed, as does a pronoun with no fitting antecedent;
* **rules as features and fallback**: the quote rules (`quotes.Quoter`) still run. Where a rule
  quote covers the same words as a speech attribution and its speaker mention is the model's
  source (or the model has none), the rules resolve it (measured: on this project's gold they pick
  the right person more often, docs/attribution.md); where the two name different mentions, the
  model's source stands. A direct quote the
  model missed is kept (``found_by: rules``); marked words the rules call a scare quote or a
  name become a quotation when the model attributes them through a cue (PolNeAR annotates "called
  it “rigged”" and "dubbed him “Crooked Hillary”"), unless they follow "so-called". The layer
  ``scare_quotes`` is written here;
* **figures**: a claim inside an attribution's content takes its source (the link
  ``claim_attributions``, shown as ``claims[].attribution``); a claim outside any keeps what the
  claims rules found.

quotes.v1 then publishes the speech attributions as the ``quotes`` layer.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from presslens.attribution.kinds import QUOTE_MARKS, SPEECH_KINDS, kind_lexicon
from presslens.attribution.lexicon import rate, shipped_lexicon, speaker_gate, word_key
from presslens.attribution.runtime import Found as ModelFound
from presslens.attribution.runtime import shipped_model
from presslens.components.claims_attribution import cue_reports_claim, source_author
from presslens.components.quotes import (
    NAMING_VERBS,
    QUOTE_OPENERS,
    RELAYING_VERBS,
    SCARE_MAX_WORDS,
    Found,
    Quoter,
    name_end,
)
from presslens.components.quotes_lexicon import REPORTING_VERBS
from presslens.layers import (
    Attribution,
    CharSpan,
    ClaimAttribution,
    Cue,
    Phrase,
    Referent,
    ScareQuote,
    Speaker,
)
from presslens.model import Article, merge_overlapping, trim_to_alnum, trim_whitespace
from presslens.pipeline import component
from presslens.vocab import load as load_resource

NAME = "attribution.v1"
#: spaCy entity labels of things that cannot speak.
NON_SPEAKER_LABELS = frozenset(
    {"LOC", "FAC", "EVENT", "DATE", "TIME", "LAW", "PRODUCT", "MONEY", "QUANTITY", "PERCENT",
     "CARDINAL", "ORDINAL", "LANGUAGE", "WORK_OF_ART"}
)  # fmt: skip
RELATIVES = frozenset({"who", "which", "that"})
#: A quotation that ends its sentence: sentence punctuation, then only closing marks.
SENTENCE_CLOSE_RE = re.compile(r"[.!?][”\"’']*\s*$")
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
#: Letters or digits a content piece needs to be kept after a cut or a paragraph split (`Attributor.worded`).
MIN_PIECE_CHARS = 12
#: Heads of a partitive ("some of the protesters"): who speaks is the group after "of".
PARTITIVES = frozenset({"one", "some", "many", "most", "several", "all", "each", "both", "none", "few"})
#: A relative pronoun ending a source ("The ministry, which"), written in lower case or capitalised: "WHO"
#: in capitals is the World Health Organization ("the WHO said"), not a relative to cut off.
TRAILING_RELATIVE_RE = re.compile(
    r",?\s+(?:[Ww]ho|[Ww]hich|[Tt]hat)\W*$|,\s+(?:[Ww]ho|[Ww]hich|[Ww]hose|[Ww]hom)\b"
)
#: Dependents of a participle cue that name who does it (a subject, an auxiliary of a finite verb,
#: the agent of "written by").
PARTICIPLE_ACTORS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "agent", "csubj"})
#: Dependents after a common noun that are not part of who speaks.
POSTMODIFIERS = frozenset({"acl", "relcl"})
#: How sure each way of resolving a speaker is (the quote confidences PressLens has always shown).
#: A verb that attributes at least this often in PolNeAR train (`lexicon.rate`) stays a cue even as an
#: infinitive under another verb's object (`Attributor.controlled_cue`): "to query", "to denounce".
CONTROLLED_CUE_MAX_RATE = 0.25
HOW_CONFIDENCE = {"name": 0.9, "phrase": 0.8, "description": 0.75, "pronoun": 0.75, "continuation": 0.7}


_RESPONSIBILITY = load_resource("cues.json").get("responsibility", {})
#: "claimed by Daesh" of an attack: who did the act, not who said anything (cues.json `responsibility`).
RESPONSIBILITY_VERBS = frozenset(w.lower() for w in _RESPONSIBILITY.get("verbs", ()))
#: The acts such a participle is "claimed" of ("the terror attack"; cues.json `responsibility`).
EVENT_NOUNS = frozenset(w.lower() for w in _RESPONSIBILITY.get("event_nouns", ()))
#: Verbs that do an act: "waged" an operation is a deed, not speech (cues.json `responsibility`).
DEED_VERBS = frozenset(w.lower() for w in _RESPONSIBILITY.get("deed_verbs", ()))
_SAID_MARKER = load_resource("cues.json")["discourse"]["said_marker"]
#: "That said," / "That being said,": a discourse marker, not an attribution (cues.json `discourse`).
MARKER_SAID_RE = re.compile(
    "(?:"
    + "|".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in _SAID_MARKER["openers"])
    + ")"
    + "".join(rf"(?:\s+{re.escape(w)})?" for w in _SAID_MARKER["optional"])
    + rf"\s+{re.escape(_SAID_MARKER['verb'])},"
)


def non_speakers() -> frozenset[str]:
    """Head words that name something that cannot speak (``non_speakers`` in kinds.json)."""
    return kind_lexicon()["non_speakers"]


def is_time(token: Token) -> bool:
    """Whether ``token`` heads a time expression: a date or time entity, or a time noun ("months")."""
    return token.ent_type_ in ("DATE", "TIME") or (
        token.pos_ == "NOUN" and word_key(token) in kind_lexicon()["time_nouns"]
    )


def measure_head(token: Token) -> bool:
    """Whether ``token`` measures something rather than names it: a time expression ("The last two
    years", "months of the US") or a quantity head ("a significant number of people", "30 percent of
    voters"). With an "of" object, that object is who speaks; without one, a time expression cannot
    speak and a quantity is judged as it is ("the Republican majority" can)."""
    return is_time(token) or (token.pos_ == "NOUN" and word_key(token) in kind_lexicon()["quantity_heads"])


def of_object(root: Token, end: int) -> Token | None:
    """The object of the "of" after ``root`` that ends before ``end`` ("number *of* people"), or None."""
    of = next((c for c in root.rights if c.lower_ == "of" and c.idx < end), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return pobj if pobj is not None and pobj.idx < end else None


class _Near:
    """Numbered things by the 1,024-character blocks their spans touch: what lies near a range,
    without comparing every pair (quadratic: minutes on a 200,000-character article)."""

    BLOCK = 1024

    def __init__(self) -> None:
        self.blocks: dict[int, list[int]] = {}

    def add(self, number: int, spans: list[tuple[int, int]]) -> None:
        for start, end in spans:
            for b in self._touched(start, end):
                self.blocks.setdefault(b, []).append(number)

    def around(self, start: int, end: int) -> list[int]:
        """The numbers, in increasing order, of things with a span touching a block of ``[start, end)``."""
        return sorted({n for b in self._touched(start, end) for n in self.blocks.get(b, ())})

    def _touched(self, start: int, end: int) -> range:
        """The blocks ``[start, end)`` touches (an empty range touches the block of ``start``)."""
        return range(start // self.BLOCK, max(start, end - 1) // self.BLOCK + 1)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def clean_source(
    text: str, source: tuple[int, int], cue: tuple[int, int] | None, contents: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The source span without its cue or content, within one paragraph, trimmed to letters."""
    start, end = source
    for other in ([cue] if cue else []) + contents:
        if _overlaps((start, end), other):
            if other[0] > start:
                end = other[0]
            else:
                start = max(start, other[1])
    newline = text.find("\n", start, end)
    if newline >= 0:
        end = newline
    relative = TRAILING_RELATIVE_RE.search(text, start, end)  # "The ministry, which": the ministry
    if relative and relative.start() > start:
        end = relative.start()
    start, end = trim_to_alnum(text, start, end)
    return (start, end) if end > start else None


def only_scare_marks(text: str, parts: list[tuple[int, int]], scare: list) -> bool:
    """Whether every quotation mark in the content pieces belongs to a scare quote of a one-word name
    ("“Israel”", "“Israel’s”") or one after "so-called": the outlet's own marks ("pleading “Israel”
    against war", seed 004), which quote no one's words, so the attribution is indirect, not partly quoted
    (issue 10, session 10's user check). A longer name in marks ("dubbed her “Crooked Hillary”") or a
    lower-case word ("called Clinton a “champion”", "Calls men ... like "pigs"") may be the speaker's own
    words and keeps the attribution partly quoted (PolNeAR dev: such marks are the speaker's)."""
    marks = [
        (q.start, q.end)
        for q, reason in scare
        if reason == "so-called"
        or (reason == "name" and len(text[q.content_start : q.content_end].split()) == 1)
    ]
    held = [
        i
        for s, e in parts
        for i in range(s, e)
        if text[i] in QUOTE_MARKS and not any(a <= i < b for a, b in marks)
    ]
    return not held and any(a < e and s < b for s, e in parts for a, b in marks)


def grow_to_quotations(parts: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content pieces that reach into a quotation (one paragraph of marked words) take all of it: the
    marks say where quoted words begin and end better than the tagger ("‘October 7 wasn’t" of
    "‘October 7 wasn’t something rare. That was ..."). Pieces that then overlap become one."""
    grown = []
    for start, end in parts:
        for q_start, q_end in quoted:
            if q_start < end and start < q_end:
                start, end = min(start, q_start), max(end, q_end)
        grown.append((start, end))
    return merge_overlapping(grown)


class Attributor:
    """Merges what the model and the quote rules find in one article, then resolves speakers."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.text = article.text
        self.quoter = Quoter(article, doc)

    def run(self) -> tuple[list[Found], list]:
        rules, scare = self.quoter.find()
        model = shipped_model()(self.doc, self.text) if len(self.doc) else []
        items = self.merge(model, rules, scare)
        self.quoter.attribute(items)
        for item in items:  # a speaker the rules lent is held to the same rule
            sp = item.speaker
            if sp is None or item.kind == "document" or sp["actor"] or sp["resolved_from"] == "continuation":
                continue
            mention = (sp["start"], sp["end"])
            if self.cannot_speak(*mention) and not self.owner_speaks(item, mention):
                item.unresolved, item.source, item.speaker = True, mention, None
        items = [item for item in items if not self.unattributed(item)]
        attributed = [
            p
            for i in items
            if i.found_by != "rules" and i.cue_span and self.quotes(i.cue_span)
            for p in i.pieces()
        ]
        scare = [  # marked words the model attributes through a cue are a quotation, not a scare quote
            (q, reason)
            for q, reason in scare
            if reason in ("so-called", "name") or not any(s <= q.start and q.end <= e for s, e in attributed)
        ]
        for item in items:
            if item.kind in ("direct", "mixed") and only_scare_marks(self.text, item.pieces(), scare):
                item.kind = "indirect"  # "pleading “Israel” against war": the outlet's marks, no quotation
        items = [item for item in items if not self.narration(item) and not self.controlled_cue(item)]
        return items, scare

    @staticmethod
    def narration(item: Found) -> bool:
        """Whether an attribution is the outlet's own words: no cue, no source, a speaker only the
        continuation rule gave (the previous speaker, carried on) and no quotation in its content ('“Israel”
        did not notify its main war crimes backer' after 'the US has only enabled “Israel” ...', seed 004:
        the only marks are the outlet's scare quotes). quotes.v1 already showed no quote for such words
        (`quotes._unmarked`); as an attribution it was a row of "Who says what" with no source and no cue."""
        sp = item.speaker
        return (
            item.kind == "indirect"
            and item.found_by != "rules"
            and item.cue_span is None
            and item.source is None
            and sp is not None
            and sp["resolved_from"] == "continuation"
        )

    def controlled_cue(self, item: Found) -> bool:
        """Whether the cue is an infinitive whose doer is the object of the verb above it, not the model's
        source ("the US has only enabled “Israel” *to dig* itself a bigger grave": Israel would dig, and
        the US says nothing; object control, `xcomp` under a verb with a direct object), and the verb is
        no word of the cue vocabularies (cues.json, kinds.json `belief_cues`) and attributes in under
        `CONTROLLED_CUE_MAX_RATE` of its PolNeAR train occurrences ("dig": 2 of 17): the attribution goes."""
        if item.found_by == "rules" or item.cue_span is None:
            return False
        sp = item.speaker
        source = item.source or ((sp["start"], sp["end"]) if sp and sp.get("start") is not None else None)
        if source is None:
            return False
        span = self.doc.char_span(*item.cue_span, alignment_mode="expand")
        verb = (
            next((t for t in span if t.tag_ == "VB" and t.dep_ == "xcomp"), None)
            if span is not None
            else None
        )
        if verb is None or not any(c.tag_ == "TO" for c in verb.lefts):
            return False
        if verb.lower_ in CUE_WORDS or verb.lower_ in kind_lexicon()["belief_cues"]:
            return False  # "pressed Stumpf to admit that ...", "caused many to fear ...": said or believed
        if rate(shipped_lexicon()["cues"], verb) >= CONTROLLED_CUE_MAX_RATE:
            return False  # "asked the VA to query veterans about ...": a verb that mostly attributes
        obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if obj is None:
            return False
        doer = (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text))
        return not _overlaps(source, doer)

    def quotes(self, cue: tuple[int, int]) -> bool:
        """Whether a cue can make marked words a quotation: not a naming verb ("called", "described") whose
        subject is not a person ("Critics called the project the council's "vanity palace"": a label, the
        rules' scare quote; "Frei called the plan "short-sighted"" quotes, `Quoter.person_names`). A name
        in marks ("told “Face the Nation”", "“#ReleaseTheReport”") never becomes one (see `run`)."""
        span = self.doc.char_span(*cue, alignment_mode="expand")
        naming = (
            [t for t in span if t.lower_ in NAMING_VERBS and t.tag_.startswith("VB")]
            if span is not None
            else []
        )
        return all(self.quoter.person_names(t) for t in naming)

    def is_headline(self, para: int) -> bool:
        """A short line (`Quoter.is_short_line`) that does not end as a sentence does."""
        start, end = self.quoter.paras.bounds(para)
        return self.quoter.is_short_line(para) and not self.text[start:end].rstrip().endswith(".")

    def unattributed(self, item: Found) -> bool:
        """Words on a headline-like line with no speaker (no source, or one that cannot speak) and no
        cue that reports speech: no one is said to say them, so they are no quote ("Resistance
        shatters Netanyahu's “total victory” dream": the marked words are a quoted phrase, which the
        rules keep as a scare quote). A
        direct quote there stays unless it is a few words (a pull quote is still a quotation).
        Elsewhere such words stay: in running text they are mostly a quotation the model found
        without its cue (PolNeAR dev: dropping them lost quoted recall)."""
        if item.found_by == "rules" or item.speaker or not self.is_headline(item.paragraph):
            return False
        if item.source and not item.unresolved:
            return False
        if item.cue_span and any(
            w.lower() in REPORTING_VERBS for w in self.text[slice(*item.cue_span)].split()
        ):
            return False  # "Minister says ..." on a headline is a quote whose speaker is unknown
        short = sum(len(self.text[s:e].split()) for s, e in item.pieces()) <= SCARE_MAX_WORDS
        return item.kind != "direct" or short

    def agrees(self, rule: Found, source: tuple[int, int] | None) -> bool:
        """Whether a rule quote may lend its speaker: the model has no source, or the rule's speaker
        mention overlaps the model's (the same words, which the rules resolve; where the two name
        different mentions, the model's stands)."""
        if source is None:
            return True
        mention = self.rule_mention(rule)
        return mention is not None and _overlaps(mention, source)

    @staticmethod
    def rule_mention(rule: Found) -> tuple[int, int] | None:
        """The characters of the speaker a rule quote names (its subject's phrase, or its explicit
        speaker span), or None."""
        if rule.subject is not None:
            tok = rule.subject
            mention = (tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))
            return (min(mention[0], tok.idx), max(mention[1], tok.idx + len(tok.text)))
        return rule.speaker_text

    def carve(
        self,
        parts: list[tuple[int, int]],
        source: tuple[int, int] | None,
        model_cue: tuple[int, int] | None,
        rules: list[Found],
    ) -> list[tuple[int, int]]:
        """Content pieces without the quotations that the rules give another speaker through a cue of
        their own after the closing mark, outside the model's content: "that Mueller “has not
        recommended ...” “The investigation is complete,” spokeswoman Kerri Kupec told ..." was one
        content, over both quotations; the second is Kupec's. A quotation that is the whole piece is
        left alone (the two disagree on one quote: the model's source stands, see `agrees`)."""
        for rule in rules:
            cue, mention = Quoter._cue_span(rule), self.rule_mention(rule)
            if rule.kind != "direct" or cue is None or mention is None or cue[0] < rule.end:
                continue  # only a cue after the closing mark ("”, spokeswoman X told") is the rule's own
            if any(s <= cue[0] < e for s, e in parts) or (source is not None and _overlaps(mention, source)):
                continue
            if model_cue is not None and _overlaps(cue, model_cue):
                continue  # the same cue: one attribution
            if not self.quoter.only_speaker_between(rule.end, cue[0]) or not self.opens_sentence(rule.start):
                continue  # "told them there was “...,” the AP reported": the AP relays the quoted words
            if self.text[cue[0] : cue[1]].lower() in RELAYING_VERBS:
                continue
            carved: list[tuple[int, int]] = []
            for start, end in parts:
                if not (start <= rule.start and rule.end <= end):
                    carved.append((start, end))
                    continue
                rest = [(start, rule.start), (rule.end, end)]
                kept = [(s, e) for s, e in rest if self.worded(s, e)]
                carved.extend(trim_whitespace(self.text, s, e) for s, e in kept)
                if not kept:
                    carved.append((start, end))
            parts = carved
        return parts

    def before_cue_sentence(
        self,
        parts: list[tuple[int, int]],
        source: tuple[int, int] | None,
        cue: tuple[int, int] | None,
        rules: list[Found],
    ) -> list[tuple[int, int]]:
        """Content pieces without a quotation that continues the one before it and ends its sentence
        before the sentence the cue is in ("“... our phone calls exploded,” said X. “... it was 600 to
        700.” But according to Natural News, it isn’t just ...": the second quotation is X's, not
        Natural News's); the rules continue the previous speaker there. The quotation is one the rules
        found with no cue and no speaker of its own, after another quotation of the same paragraph; it
        ends with sentence punctuation, lies wholly before the cue and the source, and a word of the next
        sentence stands between its closing mark and them ("But"; in "“It is over.” Smith said" nothing
        does). At least one piece stays."""
        if cue is None or len(parts) < 2:
            return parts
        stop = min(cue[0], source[0]) if source is not None else cue[0]
        directs = [r for r in rules if r.kind == "direct"]
        cut = [
            r
            for r in directs
            if r.end <= stop
            and Quoter._cue_span(r) is None
            and r.subject is None
            and r.speaker_text is None
            and any(o.end <= r.start and o.paragraph == r.paragraph for o in directs)
            and SENTENCE_CLOSE_RE.search(self.text, r.start, r.end)
            and any(c.isalpha() for c in self.text[r.end : stop])
            and any(s <= r.start + 1 and r.end - 1 <= e for s, e in parts)
        ]
        if not cut:
            return parts
        out: list[tuple[int, int]] = []
        for start, end in parts:
            pos = start
            for r in cut:
                if start <= r.start + 1 and r.end - 1 <= end:
                    out.append((pos, r.start))
                    pos = r.end
            out.append((pos, end))
        kept = [trim_whitespace(self.text, s, e) for s, e in out if self.worded(s, e)]
        return kept if kept else parts

    def opens_sentence(self, pos: int) -> bool:
        """Whether a quotation opening at ``pos`` starts a sentence (after a full stop, a closing mark
        or a line break), rather than continuing a clause of the model's content."""
        before = self.text[max(0, pos - 3) : pos].rstrip()
        return not before or before[-1] in '.!?”"\n'

    def cannot_speak(self, start: int, end: int) -> bool:
        """Whether the words ``[start, end)`` name a place, an event, a date, a number or a thing in
        ``non_speakers``, or a common noun PolNeAR train holds often and (almost) never as a
        source, or a rarer noun never a source there that the speaker prior reads as a thing
        (`lexicon.SpeakerGate`), by their head word."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        root = span.root
        inner = of_object(root, end)
        measure = root.ent_type_ == "CARDINAL" or root.lower_ in PARTITIVES or measure_head(root)
        if measure and inner is not None:  # "One of the women", "30 percent of voters": who is counted
            root = inner
        if is_time(root) or root.ent_type_ in NON_SPEAKER_LABELS or root.lower_ in non_speakers():
            return True
        return not speaker_gate().can_speak(root)  # PolNeAR counts, or the prior for rarer nouns

    def merge(self, model: list[ModelFound], rules: list[Found], scare: list) -> list[Found]:
        text = self.text
        quoted = [seg for r in rules if r.kind == "direct" for seg in self.paragraphs_of(r.start, r.end)]
        used: set[int] = set()
        items: list[Found] = []
        rules_near = _Near()
        for k, r in enumerate(rules):
            rules_near.add(k, [r.content])
        for f in model:
            parts = grow_to_quotations(list(f.content), quoted)
            lo, hi = parts[0][0], parts[-1][1]
            near_rules = [rules[k] for k in rules_near.around(lo, hi)]
            parts = self.carve(parts, f.source, f.cue, near_rules)
            parts = self.before_cue_sentence(parts, f.source, f.cue, near_rules)
            start, end = parts[0][0], parts[-1][1]
            para = self.quoter.paras.index(start)
            item = Found(f.kind, start, end, (start, end), paragraph=para)
            item.parts, item.confidence, item.found_by = parts, f.confidence, "model"
            item.opens_paragraph = start == self.quoter.paras.bounds(para)[0]
            item.cue_span = f.cue
            match = next(
                (
                    k
                    for k in rules_near.around(start, end)
                    if k not in used and any(_overlaps(rules[k].content, p) for p in parts)
                ),
                None,
            )
            rule = rules[match] if match is not None else None
            if match is not None:
                used.add(match)
                item.found_by = "both"  # the quote rules found the same words
            source = clean_source(text, f.source, f.cue, parts) if f.source else None
            if source is None and f.kind in SPEECH_KINDS and f.cue is not None:
                source = self.inverted_subject(f.cue, parts)
            if rule is None and f.kind != "direct" and self.no_attribution(source, f.cue):
                continue
            if rule is None and f.kind != "direct" and self.act_on_event(f.cue, parts):
                continue  # "Hamas waged the surprise Operation ...": a deed, not speech
            if source is not None and self.time_alone(source):
                source = None  # "The last two years saw ...", in a quotation the rules also found
            item.source = source
            lend = rule is not None and f.kind in SPEECH_KINDS and self.agrees(rule, source)
            if lend and (rule.subject is not None or rule.speaker_text is not None):  # type: ignore[union-attr]
                item.subject, item.speaker_text = rule.subject, rule.speaker_text  # type: ignore[union-attr]
                if item.cue_span is None:
                    item.cue_span = Quoter._cue_span(rule)  # type: ignore[arg-type]
                items.append(item)
                continue
            if source is not None:
                self.speaker_from(item, source)
            items.append(item)
        items_near = _Near()
        for k, item in enumerate(items):
            items_near.add(k, item.pieces())
        for rule in rules:
            cue = Quoter._cue_span(rule)
            near = [
                items[k]
                for k in items_near.around(min(rule.start, rule.content[0]), max(rule.end, rule.content[1]))
            ]
            covered = sorted(  # an item whose content holds the rule's cue reports it: nested speech
                p for item in near for p in item.pieces() if cue is None or not self.holds(item, cue)
            )
            if rule.kind == "direct":
                pieces = self.uncovered(rule, covered)
            else:  # an indirect quote of the rules no attribution of the model touches
                pieces = [] if any(_overlaps(rule.content, c) for c in covered) else [rule.content]
            for start, end in pieces:
                para = self.quoter.paras.index(start)
                kept = Found(rule.kind, start, end, (start, end), paragraph=para)
                kept.subject, kept.speaker_text = rule.subject, rule.speaker_text
                kept.opens_paragraph = start == self.quoter.paras.bounds(para)[0]
                kept.parts, kept.cue_span, kept.confidence = [(start, end)], Quoter._cue_span(rule), 0.5
                items_near.add(len(items), kept.pieces())
                items.append(kept)
        items.sort(key=lambda i: i.start)
        return items

    @staticmethod
    def holds(item: Found, span: tuple[int, int]) -> bool:
        """Whether one of the item's content pieces holds ``span``."""
        return any(s <= span[0] and span[1] <= e for s, e in item.pieces())

    def worded(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` holds at least `MIN_PIECE_CHARS` letters or digits: a piece of content
        worth keeping, not a mark or a stray word left by a cut."""
        return sum(c.isalnum() for c in self.text[start:end]) >= MIN_PIECE_CHARS

    def paragraphs_of(self, start: int, end: int) -> list[tuple[int, int]]:
        """``[start, end)`` cut at line breaks (pieces with at least a few letters)."""
        out = []
        while start < end:
            newline = self.text.find("\n", start, end)
            stop = end if newline < 0 else newline
            if self.worded(start, stop):
                out.append((start, stop))
            start = stop + 1
        return out

    def uncovered(self, rule: Found, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The paragraphs of a rule's direct quote that no attribution of the model covers (a quotation
        over several paragraphs of which the model took only some)."""
        pieces = self.paragraphs_of(rule.start, rule.end)
        return [p for p in pieces if not any(_overlaps(p, c) for c in covered)]

    def speaker_from(self, item: Found, source: tuple[int, int]) -> None:
        """What the resolver reads for a source: its antecedent for "who", else the words as written,
        unless the source cannot speak (then the speaker stays unresolved)."""
        span = self.doc.char_span(*source, alignment_mode="expand")
        root = span.root if span is not None and len(span) else None
        adverbs = span is not None and len(span) > 1 and all(t.pos_ == "ADV" for t in span[1:])
        if adverbs and span[0].lower_ in RELATIVES:  # type: ignore[index]  # "X, who openly lobbied": who
            span, root = span[:1], span[0]  # type: ignore[index]
        relative = root is not None and root.lower_ in RELATIVES and len(span) == 1
        if relative and root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "relcl":  # type: ignore[union-attr]
            item.subject = root.head.head  # type: ignore[union-attr]  # "Pelosi, who said": Pelosi speaks
            return
        inner = self.measured(root, source) if root is not None else None
        if inner is not None:  # "months of the US urging": the US, also as written (months say nothing)
            item.source = source = inner
            root = self.doc.char_span(*inner, alignment_mode="expand").root  # type: ignore[union-attr]
        if root is not None and item.kind != "document" and self.cannot_speak(*source):
            owner = self.possessor(root, source)
            if owner is None:
                item.unresolved = True
                return
            source, root = owner, self.doc.char_span(*owner, alignment_mode="expand").root  # type: ignore[union-attr]
        named = self.appositive_head(root) if root is not None else None
        if named is not None:  # "Ms. Feinstein, ranking Democrat on the ... Committee, said": Feinstein
            source, root = named, self.doc.char_span(*named, alignment_mode="expand").root  # type: ignore[union-attr]
        if root is not None:
            source = self.speaker_words(source, root, item)
        item.speaker_text = source

    def inverted_subject(self, cue: tuple[int, int], parts: list[tuple[int, int]]) -> tuple[int, int] | None:
        """Who speaks after a cue that follows the closing mark with no subject of its own, read as
        its object by the small parser ("“...,” read a report in The Daily Sheeple": the report
        speaks), or None. The words stay in the cue's paragraph and off the content."""
        span = self.doc.char_span(*cue, alignment_mode="expand")
        if span is None or not len(span):
            return None
        verb = span.root
        before = self.text[max(0, cue[0] - 4) : cue[0]].rstrip()
        if not verb.tag_.startswith("VB") or not before or before[-1] not in '”"’':
            return None
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return None
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        start, end = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text)
        para = self.quoter.paras.index(cue[0])
        if self.quoter.paras.index(end - 1) != para or any(_overlaps((start, end), p) for p in parts):
            return None
        return start, end

    def no_attribution(self, source: tuple[int, int] | None, cue: tuple[int, int] | None) -> bool:
        """Whether what the model found attributes nothing: its source is a time expression with no
        one measured in it ("The last two years *saw* mounting charges"), or it has no source and its
        cue is a bare participle that describes a thing, with no one said to do it ("this article is
        fictional, *written* to test ..."; "written by X" keeps its agent), or it is the discourse marker
        "That said," ("That said, early retirement comes in various shapes": no one says it)."""
        marker = source is not None and cue is not None
        if marker and MARKER_SAID_RE.fullmatch(self.text, source[0], cue[1] + 1):  # type: ignore[index]
            return True
        if cue is not None and self.responsibility(cue):
            return True
        if source is not None:
            return self.time_alone(source)
        span = self.doc.char_span(*cue, alignment_mode="expand") if cue is not None else None
        if span is None or not len(span):
            return False
        verb = span.root
        bare = verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl", "amod", "conj", "appos")
        return bare and not any(c.dep_ in PARTICIPLE_ACTORS for c in verb.children)

    def act_on_event(self, cue: tuple[int, int] | None, parts: list[tuple[int, int]]) -> bool:
        """Whether the model's cue is a deed done to an event, not a word of saying ("Hamas *waged* the
        surprise Operation Al-Aqsa Storm against ..."): the cue verb is one of cues.json
        `responsibility.deed_verbs`, and the content, right after it and without quotation marks, is no
        clause and opens with a noun phrase naming an event (a word of `responsibility.event_nouns` or
        an EVENT entity before its first preposition), however sure the model is. "Condemned the
        attack" and "launched an attack on his record" stay: PolNeAR annotates them."""
        if cue is None or not parts or self.text[cue[1] : parts[0][0]].strip():
            return False  # no cue, or the content is not the verb's object
        span = self.doc.char_span(*cue, alignment_mode="expand")
        if span is None or not len(span) or span.root.lower_ not in DEED_VERBS:
            return False
        first = self.doc.char_span(*parts[0], alignment_mode="expand")
        if first is None or not len(first) or first.root.pos_ in ("VERB", "AUX"):
            return False
        if any(ch in QUOTE_OPENERS for s, e in parts for ch in self.text[s:e]):
            return False
        phrase = []
        for token in first:  # the object's own words: up to its first preposition or clause
            if token.pos_ in ("ADP", "VERB", "AUX", "SCONJ") or token.text == ",":
                break
            phrase.append(token)
        return any(t.lower_ in EVENT_NOUNS or t.ent_type_ == "EVENT" for t in phrase)

    def responsibility(self, cue: tuple[int, int]) -> bool:
        """Whether the cue is a passive "claimed by X" of an event ("While formally claimed by Daesh, the
        terror attack comes ..."): X did the act, and says nothing (cues.json `responsibility`).

        The participle must have its "by" agent and no clause under it ("it was claimed by the ministry
        that 40 died" is speech); its patient is the noun it describes, its passive subject, or, for an
        adverbial clause, the subject of the clause it hangs on; that patient must be an event."""
        span = self.doc.char_span(*cue, alignment_mode="expand")
        if span is None or not len(span):
            return False
        verb = next((t for t in span if t.lower_ in RESPONSIBILITY_VERBS and t.tag_ == "VBN"), None)
        if verb is None or not any(c.dep_ == "agent" for c in verb.children):
            return False
        if any(c.dep_ in ("ccomp", "xcomp", "csubj", "csubjpass") for c in verb.children):
            return False
        patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if patient is None and verb.dep_ in ("acl", "amod", "appos"):
            patient = verb.head
        elif patient is None and verb.dep_ == "advcl":
            patient = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return patient is not None and (patient.lower_ in EVENT_NOUNS or patient.ent_type_ == "EVENT")

    def time_alone(self, source: tuple[int, int]) -> bool:
        """Whether a source is a time expression with no "of" object ("The last two years"; not
        "months of the US", where the US speaks)."""
        span = self.doc.char_span(*source, alignment_mode="expand")
        return (
            span is not None
            and len(span) > 0
            and is_time(span.root)
            and of_object(span.root, source[1]) is None
        )

    def measured(self, root: Token, source: tuple[int, int]) -> tuple[int, int] | None:
        """Who a time expression's "of" object names, inside the source ("months of the US urging":
        the US), as words; or None."""
        inner = of_object(root, source[1]) if is_time(root) else None
        if inner is None:
            return None
        return inner.left_edge.idx, min(source[1], inner.right_edge.idx + len(inner.right_edge.text))

    def owner_speaks(self, item: Found, source: tuple[int, int]) -> bool:
        """Give a rule-lent speaker that cannot speak to its named possessor (`possessor`), resolved
        as the rules resolve speakers; False when it has none."""
        span = self.doc.char_span(*source, alignment_mode="expand")
        owner = self.possessor(span.root, source) if span is not None and len(span) else None
        if owner is None:
            return False
        item.take_speaker(self.quoter.resolver.resolve(*owner), owner)
        return True

    def possessor(self, root: Token, source: tuple[int, int]) -> tuple[int, int] | None:
        """The one named (a person or organisation) whose thing a source that cannot speak is
        ("Farrakhan’s history of comments includes ... saying ...": Farrakhan), inside the source,
        or None."""
        owner = next((c for c in root.children if c.dep_ == "poss"), None)
        named = owner is not None and owner.pos_ == "PROPN" and owner.ent_type_ in ("PERSON", "ORG", "")
        if owner is None or not named or not source[0] <= owner.idx < source[1]:
            return None
        return owner.left_edge.idx, owner.idx + len(owner.text)

    def appositive_head(self, root: Token) -> tuple[int, int] | None:
        """The name a source describes when the source is only its appositive ("Ms. Feinstein, ranking
        Democrat on the Senate Judiciary Committee, said": the model took the description), in the
        same paragraph, or None."""
        head = root.head
        if root.dep_ != "appos" or head.ent_type_ != "PERSON" or head.idx >= root.idx:
            return None
        ent = next((e for e in self.doc.ents if e.start <= head.i < e.end), None)
        if ent is None or self.quoter.paras.index(ent.start_char) != self.quoter.paras.index(root.idx):
            return None
        return ent.start_char, ent.end_char

    def speaker_words(self, source: tuple[int, int], root: Token, item: Found) -> tuple[int, int]:
        """The words that name who speaks: a name the source cuts short is completed ("Pope" of "Pope
        Francis"); a common noun loses what follows it ("a sailor pardoned by Trump" is the sailor,
        not Trump); a name loses the description after it ("Anna Holm, a theatre manager who runs a
        drama school" is Anna Holm). The result stays within the paragraph and off the cue and content."""
        start, end = source
        cut: int | None = None
        if root.pos_ == "NOUN":
            after = [c for c in root.rights if c.dep_ in POSTMODIFIERS and start <= c.idx < end]
            if after:
                cut = after[0].left_edge.idx
        elif root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or root.pos_ == "PROPN":
            cut = name_end(root, start, end)  # a description is no part of the name it resolves to
        if cut is not None:  # the words up to the cut, without the comma or space before it
            end = cut
            while end > start and not self.text[end - 1].isalnum():
                end -= 1
        if root.pos_ != "NOUN" and root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            for ent in self.doc.ents:
                if ent.start_char < end and start < ent.end_char:
                    grown = (min(start, ent.start_char), max(end, ent.end_char))
                    blocked = [item.cue_span] if item.cue_span else []
                    blocked += item.pieces()
                    same_para = self.quoter.paras.index(grown[0]) == self.quoter.paras.index(grown[1] - 1)
                    if same_para and not any(_overlaps(grown, b) for b in blocked):
                        start, end = grown
        return (start, end) if end > start else source


def speaker_of(text: str, item: Found) -> Speaker | None:
    """The `Speaker` record of a resolved item (an unresolved one says so)."""
    if item.unresolved and item.source is not None:
        return Speaker(None, None, item.source[0], item.source[1], "unresolved", resolved=False)
    sp = item.speaker
    if sp is None:
        return None
    how = sp["resolved_from"]
    resolved = not (how == "pronoun" and sp["actor"] is None and not item.group)
    if item.kind == "document" and how == "phrase":
        how = "document"
    return Speaker(
        sp["name"], sp["actor"], sp["start"], sp["end"], how, tuple(sp.get("actors", ())), resolved=resolved
    )


def confidence_of(item: Found, speaker: Speaker | None) -> float:
    how = speaker.resolved_from if speaker is not None else ""
    base = HOW_CONFIDENCE.get(how or "", 0.5)
    if item.found_by != "rules":
        return round(min(1.0, max(0.05, 0.5 * base + 0.5 * item.confidence)), 4)
    return base - (0.1 if item.kind == "indirect" else 0.0)


@component(
    NAME,
    reads=("doc", "entities", "actors", "claims"),
    writes=("attributions", "scare_quotes", "speaker_actors", "claim_attributions"),
)
def attributions(article: Article, doc: Doc) -> None:
    """Speech, beliefs and documents with source, cue, content and resolved speaker (see the module)."""
    attributor = Attributor(article, doc)
    items, scare = attributor.run()
    text = article.text
    article.results["speaker_actors"] = tuple(a.record() for a in attributor.quoter.resolver.new_actors)
    for q, reason in scare:
        article.add(
            "scare_quotes",
            ScareQuote(
                start=q.start,
                end=q.end,
                component=NAME,
                confidence=0.7,
                content=CharSpan(q.content_start, q.content_end),
                reason=reason,
            ),
        )
    records: list[Attribution] = []
    for item in items:
        speaker = speaker_of(text, item)
        source = item.source
        if source is None and speaker is not None and speaker.resolved_from != "continuation":
            source = (speaker.start, speaker.end)
        cue = Cue(text[item.cue_span[0] : item.cue_span[1]], *item.cue_span) if item.cue_span else None
        records.append(
            article.add(
                "attributions",
                Attribution(
                    start=item.start,
                    end=item.end,
                    component=NAME,
                    confidence=confidence_of(item, speaker),
                    kind=item.kind,  # type: ignore[arg-type]
                    content=tuple(CharSpan(s, e) for s, e in item.pieces()),
                    source=Phrase(text[source[0] : source[1]], *source) if source else None,
                    speaker=speaker,
                    cue=cue,
                    found_by=item.found_by,  # type: ignore[arg-type]
                ),
            )
        )
    article.results["claim_attributions"] = claim_links(doc, article.layers.get("claims", []), records)


def _cue_words() -> frozenset[str]:
    """Every word of the cue vocabulary (cues.json): reporting verbs of any use, the words of the
    "according to" phrases, and the claim and tally nouns."""
    data = load_resource("cues.json")
    words = set(data["reporting_verbs"])
    words |= {w for phrase in data["according_to"] for w in phrase.split()}
    words |= set(data["claim_nouns"]["nouns"]) | set(data["claim_nouns"]["tally_nouns"])
    return frozenset(w.lower() for w in words)


CUE_WORDS = _cue_words()


#: What may stand before a noun in its own phrase: "the super PACs", "Mark Zuckerberg", "Gaza's ministry".
NOUN_PREMODIFIERS = frozenset({"compound", "amod", "det", "poss", "nmod", "flat", "nummod", "case"})


def _antecedent(doc: Doc, start: int) -> tuple[str, int, int] | None:
    """The noun phrase a relative pronoun at ``start`` stands for, up to its head noun ("Mark Zuckerberg,
    *who* announced ...": Mark Zuckerberg; "super PACs supporting candidates, *which* reported ...": super
    PACs), or None when the word heads no relative clause of a noun."""
    span = doc.char_span(start, start + 5, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span[0].head
    noun = verb.head
    if verb.dep_ != "relcl" or noun.pos_ not in ("NOUN", "PROPN") or noun.i >= span[0].i:
        return None
    first = noun
    while (
        first.i > 0 and doc[first.i - 1].dep_ in NOUN_PREMODIFIERS and doc[first.i - 1].head.i > first.i - 1
    ):
        first = doc[first.i - 1]  # "Mark Zuckerberg", "the super PACs" (not a clause the name is the root of)
    return doc.text[first.idx : noun.idx + len(noun.text)], first.idx, noun.idx + len(noun.text)


def _vouches_for_figures(doc: Doc, record: Attribution) -> bool:
    """Whether an attribution can be a figure's source. The model also finds beliefs, intentions and
    acts that the figures guideline does not count as sources ("The city *is seeking* hundreds of
    millions of dollars", "the city council *voted* to pay $5.5 million", "the State Department
    *approved* the deal giving Russia 20% of U.S. uranium assets"): an attribution the model alone found,
    other than a direct quote, needs a word of the cue vocabulary in its cue (cues.json). And the
    passive subject of a cue is what is said about, never who says it ("Dylann Roof *is accused* of
    killing nine people"). A relative pronoun ("who", "which") stands for its antecedent (`_antecedent`);
    one with none is no source."""
    if record.cue is None:
        return record.kind == "direct"
    cue = doc.char_span(record.cue.start, record.cue.end, alignment_mode="expand")
    if cue is None or not len(cue):
        return False
    alone = record.found_by == "model" and record.kind != "direct"
    if alone and not any(t.lower_ in CUE_WORDS for t in cue):
        return False
    source = record.source
    if source is None:
        return True
    if source.text.lower() in RELATIVES and _antecedent(doc, source.start) is None:
        return False  # "his claim that Obama wants ...": no relative clause, nobody named
    for verb in cue:
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if passive and any(
            c.dep_ == "nsubjpass" and source.start <= c.idx < source.end for c in verb.children
        ):
            return False
    return True


def claim_links(doc: Doc, claims: list, records: list[Attribution]) -> dict[str, ClaimAttribution]:
    """A figure inside the content of an attribution whose source or cue lies in the figure's own
    sentence -> that source (the innermost content wins), where the claims rules found no source or
    part of the same one (then the model's span, which never runs over a paragraph break nor stops inside a
    name, replaces theirs: "A report by the Vellmore" becomes "A report by the Vellmore Chamber of
    Commerce").

    The sentence condition is the figures' rule (docs/evaluation.md): a quote several sentences
    long does not say which of its figures the speaker vouches for. A speaker left unresolved, or
    one speaking in the first person, is not a source for a figure.
    """
    out: dict[str, ClaimAttribution] = {}
    with_source = [
        r
        for r in records
        if r.source is not None
        and (r.speaker is None or r.speaker.resolved)
        and r.source.text.lower() not in FIRST_PERSON
    ]
    with_source = [r for r in with_source if _vouches_for_figures(doc, r)]
    for claim in claims:
        ruled = claim.attribution
        sentence = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        if sentence is None or not len(sentence):
            continue
        lo, hi = sentence[0].sent.start_char, sentence[0].sent.end_char
        best: tuple[int, Attribution] | None = None
        for record in with_source:
            anchor = record.cue or record.source
            if not lo <= anchor.start < hi:  # type: ignore[union-attr]
                continue
            if record.cue and not cue_reports_claim(sentence, record.cue.start, record.cue.end):
                continue  # "The stock added more than 2%": the parse says the cue does not report it
            for part in record.content:
                if part.start <= claim.start and claim.end <= part.end:
                    size = part.end - part.start
                    if best is None or size < best[0]:
                        best = (size, record)
        if best is None:
            continue
        record = best[1]
        src, speaker = record.source, record.speaker
        if ruled is not None and not (src.start <= ruled.start and ruled.end <= src.end):  # type: ignore[union-attr]
            continue  # the rules found another source, or more of it: theirs stands
        resolved = None
        if speaker is not None and speaker.actor and src.text.lower() in ("he", "she"):  # type: ignore[union-attr]
            resolved = Referent(speaker.name or "", speaker.actor)
        words, start, end = src.text, src.start, src.end  # type: ignore[union-attr]
        if words.lower() in RELATIVES:
            words, start, end = _antecedent(doc, start) or (words, start, end)  # "Zuckerberg, who announced"
        author = source_author(doc, start, end)  # "data from the agency": the agency
        if author is not None:
            words, start, end = author.text, author.start_char, author.end_char
        out[claim.id] = ClaimAttribution(
            words,
            start,
            end,
            record.cue.text if record.cue else None,
            resolved=resolved,
        )
    return out
