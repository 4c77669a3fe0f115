"""quotes.v1: direct and indirect quotes with their speakers, and scare quotes.

Direct quotes come from quotation marks (`quotes_marks.scan_quotes`). Each is attributed through
a reporting verb (one with the use ``quote`` in ``resources/cues.json``) found, in this order:
right after the closing mark in the same sentence ("..., he said"), before the opening mark in
the same sentence ("Netanyahu declared, ..."), anywhere else in the sentence outside quotes, at
the end of the previous paragraph when it ends with a colon ("Arouri continued:"), or as a ", he said" left
inside the marks by sloppy copy. The speaker is the verb's subject (climbing from a participle
such as "stating" to the verb that has one) and is resolved by the shared `Resolver`
(`presslens.components.resolver`), which this component tells what it has found so far (quoted
words, speakers):

* a name -> that actor's fullest name;
* "he"/"she" -> the person mentioned most recently outside quoted or reported words;
* a description ("the Hamas official") -> the person in focus when compatible (journalists
  describe the person they are quoting), else the best matching actor;
* anything else (an organisation, "a senior Israeli official") -> the phrase as written.

A quote that opens a paragraph without any cue continues the previous quote's speaker when that
quote is at most two paragraphs back.

**Scare quotes.** A quoted passage of at most three words without sentence punctuation is a scare
quote (layer ``scare_quotes``) when it is preceded by "so-called", when it is a proper name
("Israel", "Tel Aviv"), or when no reporting verb is attached to its sentence; otherwise it is a
direct quote of the verb's subject ("vowed to continue until "total victory"").

**Indirect quotes** are clauses reported without marks: a reporting verb with a clausal
complement after it ("Ross said if Hamas ...", "X told Y that ...") whose subject is an agent, and
"According to X, ..." / "..., according to X". Their span is the reported clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Token

from presslens.components.actors import (
    Actor,
    affiliation_of,
)
from presslens.components.cues import according_re, according_to, verb_pattern, verbs
from presslens.components.quotes_lexicon import (
    INDIRECT_VERBS,
    REPORTING_VERBS,
    SPEAKER_FUNCTION_POS,
    TITLE_NOUNS,
    words,
)
from presslens.components.quotes_marks import RawQuote, scan_quotes
from presslens.components.resolver import Previous, Resolution, Resolver
from presslens.layers import CharSpan, Cue, Quote
from presslens.model import Article, trim_to_alnum
from presslens.pipeline import component
from presslens.vocab import load as load_resource

NAME = "quotes.v1"
SPEECH = ("direct", "indirect", "mixed")
QUOTE_OPENERS = frozenset('"“„«‘')
QUOTE_CLOSERS = frozenset('"”»’')
SCARE_MAX_WORDS = 3
#: double quotation marks: words holding or touching one are quoted (`_unmarked`)
DOUBLE_MARKS = frozenset('“”"«»„‟')
SENTENCE_PUNCT_RE = re.compile(r"[.!?;:,…]")
SO_CALLED_RE = re.compile(r"(?:so[- ]called|dubbed|self-styled|self-proclaimed)\s*$", re.I)
EMBEDDED_CUE_RE = re.compile(
    r",\s+(?P<spk>he|she|[A-Z][\w\-]+)\s+(?P<verb>" + verb_pattern("embedded") + r")[.,]", re.I
)
ACCORDING_PRE_RE = according_re("quote", r"[^,;]{2,90}?", before="^", after=r",\s*(?P<content>.+?)[.!]?$")
AS_SAID_RE = re.compile(
    r"^(?P<cue0>As)\s+(?P<src>[^,]{2,60}?)\s+(?:himself\s+|herself\s+)?(?P<cue>"
    + verb_pattern("as_said")
    + r")\b[^,“\"‘]{0,60},\s*(?P<content>.+?)[.!]?$"
)
ACCORDING_POST_RE = according_re("quote", r"[^,;]{2,90}?", before=r"^(?P<content>.+?),\s+", after=r"[.!]?$")
HEADLINE_COLON_RE = re.compile(r"^(?P<spk>[^:\n]{2,40}):\s", re.M)
ADDRESSED_RE = re.compile(r"(?P<spk>[A-Z][^:\n]{2,60}?)\s+to\s+[^:\n]{2,60}:\s*[“\"‘']$", re.M)
STATEMENT_RE = re.compile(
    r"\b(?:issued|released|posted|published|put out|sent)\s+(?:a|an|the)\s+(?:joint\s+|short\s+|written\s+)?"
    r"(?:statement|tweet|post|letter|message)\b[^.\n]*\.?$"
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "EVENT"})
SMALL_WORDS = frozenset({"of", "the", "to", "and", "a", "in", "for", "on", "al", "el"})
AGENT_NOUNS = TITLE_NOUNS | words(
    """
    officials government military army ministry spokesperson sources source authorities police
    office administration regime movement group organisation organization agency militants
    commanders officers diplomats ministers leaders media journalist journalists reporter reporters
    expert experts witness witnesses resident residents doctor doctors lawyer lawyers attorneys
    attorney analysts researchers activists women men people woman man aide aides staffer staffers
    accuser accusers victim victims union unions association council board committee executive
    executives chairman chairwoman director directors manager managers company firm hospital
    """
)


#: Parts of speech allowed between a closing mark and its reporting verb (the speaker's words).
SPEAKER_POS = frozenset({"PUNCT", "PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "SPACE", "ADV"})
#: Verbs that attribute a long quote but only label with a short one ("so-called", "called it a ...").
#: A subject subtree this long is kept only when it names someone ("Senate Minority Leader X (D-NY)
#: and House Speaker Y (D-CA)"); otherwise the head word stands for it.
LONG_SUBJECT_TOKENS = 24
#: A wire dateline opening a paragraph: "VATICAN CITY —", "WASHINGTON (AP) —".
DATELINE_RE = re.compile(r"[A-Z][A-Z.,'’ ]{2,40}(?:\([A-Za-z ]{1,20}\))?[ \t]*[—–-]{1,2}[ \t]")
NAME_PARTS = ("compound", "flat")
#: "the AP reported that X said ...": the outlet relays; the inner clause is X's indirect quote.
RELAYING_VERBS = words("reported reports reporting")
NAMING_VERBS = words("call calls called calling refer refers referred referring describe describes described")
GLUED_CUE_RE = re.compile(
    r"(?:^|[,;]\s+)(?P<spk>[^,.;:\n]{2,80}?)\s+(?P<verb>" + verb_pattern("glued") + r")\s*:\s*$", re.M
)
ACCORDING_INNER_RE = according_re("quote", before=r",\s+", after=r"\b")
#: Dependents after a name that describe who it is, not who it is called ("Anna Holm, a theatre
#: manager who runs a drama school"; "Pelosi, speaking on Sunday").
DESCRIPTIONS = frozenset({"appos", "acl", "relcl"})
RELATIVE_RE = re.compile(r",\s+(?:who|which|whose|whom)\b")
DOCUMENT_HEADS = words(
    "report reports assessment assessments study studies analysis estimate estimates data figures survey poll"
)
UNSAID_SUBJECTS = frozenset({"it", "this", "that", "which", "what", "there", "who"})
#: Cue words that report speech (cues.json): a verb that attributes a quote or takes a reported clause, an
#: "according to" phrase, or a noun that names a statement ("Schiff's assertion that ..."). The learned
#: extractor also reads beliefs, findings and acts as indirect speech.
SPEECH_CUES = (
    REPORTING_VERBS
    | INDIRECT_VERBS
    | verbs("as_said")  # "As X pointed out, ...": "pointed out", "put it"
    | frozenset(according_to("quote"))
    | frozenset(w.lower() for w in load_resource("cues.json")["claim_nouns"]["nouns"])
)
#: The cues of `SPEECH_CUES` written in several words ("pointed out", "according to"), matched as phrases.
SPEECH_CUE_PHRASES = tuple(sorted(p for p in SPEECH_CUES if " " in p))
CUE_WORD_RE = re.compile(r"[\w’'-]+")
_NOT_CLAUSE = load_resource("cues.json")["discourse"].get("not_reported_clause", {})
#: The first words of an unmarked complement that is no reported clause (cues.json `discourse`): an
#: infinitive ("refused to attach ...") or a wh-word ("Asked whether ...", "he said what many thought").
INFINITIVE_MARK = str(_NOT_CLAUSE.get("infinitive", "")).lower()
WH_OPENERS = frozenset(w.lower() for w in _NOT_CLAUSE.get("wh_words", ()))
#: Cue words after which an infinitive is what was said: a claim or a commitment ("claims to be", "vowed to").
INFINITIVE_SAID = frozenset(w.lower() for w in _NOT_CLAUSE.get("infinitive_said_after", ()))
SENTENCE_END_RE = re.compile(r"[.!?…][\"”’)\]]*\s*$")


@dataclass(slots=True)
class Found:
    """A quote before its speaker is resolved."""

    kind: str
    start: int
    end: int
    content: tuple[int, int]
    cue: Token | None = None
    subject: Token | None = None
    speaker_text: tuple[int, int] | None = None  # an explicit speaker span (according to, headline)
    cue_span: tuple[int, int] | None = None
    paragraph: int = 0
    opens_paragraph: bool = False
    speaker: dict[str, Any] | None = None
    actor: Actor | None = None
    group: list[Actor] = field(default_factory=list)  # the people of a joint speaker
    resolved: dict[str, Any] = field(default_factory=dict)
    # set by attribution.v1 for what the learned extractor found
    parts: list[tuple[int, int]] = field(default_factory=list)  # content pieces (default: ``content``)
    source: tuple[int, int] | None = None  # the source as written
    confidence: float = 0.0
    found_by: str = "rules"
    unresolved: bool = False  # the source cannot speak: the speaker stays unresolved, never guessed

    def pieces(self) -> list[tuple[int, int]]:
        return self.parts or [self.content]

    def take_speaker(self, resolution: Resolution, span: tuple[int, int]) -> None:
        """The speaker the mention ``span`` resolves to: actor, joint speakers and the output record."""
        self.actor, self.group = resolution.actor, resolution.group
        self.speaker = {
            "name": resolution.name,
            "actor": resolution.actor.id if resolution.actor else None,
            "start": span[0],
            "end": span[1],
            "resolved_from": resolution.how,
        }
        if self.group:
            self.speaker["actors"] = [p.id for p in self.group]


def name_end(name: Token, start: int, end: int) -> int:
    """Where the words of a name end in the span ``start``-``end``: before a description set off by a
    comma after it ("Anna Holm, a theatre manager who runs a drama school": "Anna Holm"), else ``end``.
    A description without its comma is left (the parser reads "Nancy Pelosi and Senate Democratic
    Leader Chuck Schumer" as an apposition), and so is one something else follows ("Anna Holm, a
    manager, and Piet Olsen")."""
    doc = name.doc
    described = [
        c
        for c in name.rights
        if c.dep_ in DESCRIPTIONS and start < c.left_edge.idx < end and doc[c.left_edge.i - 1].text == ","
    ]
    if not described:
        return end
    first = described[0]
    if any(
        c.i > first.i and c.idx < end and c.dep_ not in DESCRIPTIONS and c.dep_ != "punct"
        for c in name.rights
    ):
        return end
    return doc[first.left_edge.i - 1].idx


def _is_verb(tok: Token) -> bool:
    """A reporting verb used as one: not an infinitive after "to" ("One thing to note is ...")."""
    if not tok.tag_.startswith("VB") or tok.lower_ not in REPORTING_VERBS:
        return False
    if tok.i > 1 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "so":
        return False  # "so-called"
    infinitive = tok.tag_ == "VB" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "to"
    return not (infinitive and tok.head.pos_ in ("NOUN", "PRON", "ADJ"))  # not "went on to say"


def subject_of(
    verb: Token, lo: int = 0, hi: int | None = None, quoted: Callable[[int], bool] | None = None
) -> Token | None:
    """The subject of a reporting verb, climbing from participles ("..., stating") to their head.

    Only tokens whose start lies in ``[lo, hi)`` (the verb's paragraph) are considered: the small
    model runs sentences over line breaks, and a subject from another paragraph is never right.
    """

    dateline = DATELINE_RE.match(verb.doc.text, lo)  # "VATICAN CITY — Pope Francis ...": CITY says nothing

    def inside(t: Token) -> bool:
        in_paragraph = lo <= t.idx and (hi is None or t.idx < hi)
        in_dateline = dateline is not None and t.idx < dateline.end()
        return in_paragraph and not in_dateline and not (quoted is not None and quoted(t.idx))

    tok = verb
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i and inside(c)]
    if verb.tag_ == "VBG" and own and verb.dep_ in ("ccomp", "xcomp", "dobj"):
        return own[-1]  # "The video shows Smith saying ...": Smith says it, not the video
    if verb.tag_ == "VBG" and verb.dep_ != "ROOT":  # "..., stating" modifies the main clause
        root = verb.sent.root
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass") and inside(child):
                return child
    for _ in range(4):
        if tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBN") and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head if inside(tok.head) else None  # a reduced relative: "A journalist announced ..."
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and inside(c)]
        if subjects:  # the nearest one: a headline run into the next line can add a stray subject
            subject = min(subjects, key=lambda c: abs(c.i - tok.i))
            if subject.lower_ in ("who", "that", "which") and tok.dep_ == "relcl" and inside(tok.head):
                return tok.head  # "Nancy Pelosi (D-CA), who warned ...": the antecedent speaks
            return subject
        if tok.dep_ != "ROOT" and tok.head is not tok and inside(tok.head) and tok.head.pos_ != "NOUN":
            tok = tok.head
        elif tok.dep_ == "acl" and tok.tag_ == "VBG" and inside(tok.head) and inside(tok.head.head):
            tok = tok.head.head  # "released a joint statement insisting ...": the statement's verb
        else:
            return None
    return None


class Quoter:
    """Finds and attributes the quotes of one article."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.text = article.text
        self.resolver = Resolver(self.text, doc, article.results.get("actors", ()))
        self.paras = self.resolver.paras
        self.tok_starts = self.resolver.tok_starts
        self.raw = scan_quotes(self.text)
        self.raw_starts = [q.start for q in self.raw]

    # ---- helpers -------------------------------------------------------------------------
    def tok_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.tok_starts, pos) - 1)

    def in_raw_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.raw_starts, pos) - 1
        return i >= 0 and self.raw[i].start <= pos < self.raw[i].end

    def reporting_verb_near(self, q: RawQuote) -> Token | None:
        doc = self.doc
        if not len(doc):
            return None
        p_start, p_end = self.paras.bounds(self.paras.index(q.start))
        last_para_start, last_para_end = self.paras.bounds(self.paras.index(q.end - 1))
        # after the closing mark, same sentence, a few tokens
        i = self.tok_at(q.end)
        if i < len(doc) and doc[i].idx < q.end:
            i += 1
        close_sent_end = doc[min(i, len(doc) - 1)].sent.end if i < len(doc) else len(doc)
        for j in range(i, min(i + 10, len(doc), close_sent_end + 6)):
            tok = doc[j]
            if tok.idx >= last_para_end or self.in_raw_quote(tok.idx):
                break
            if _is_verb(tok):
                return tok
            if (
                tok.pos_ not in SPEAKER_POS
            ):  # only a speaker may stand between: ", government spokeswoman X told"
                break
        # before the opening mark, same sentence and paragraph
        k = self.tok_at(q.start)
        sent_start = doc[k].sent.start if k < len(doc) else 0
        prev_sent_start = doc[sent_start - 1].sent.start if sent_start > 0 else 0
        for j in range(k - 1, max(prev_sent_start, k - 70) - 1, -1):
            tok = doc[j]
            if tok.idx < p_start:
                break
            if j < sent_start and not self.text[tok.idx : q.start].rstrip().endswith((",", ":")):
                break
            if self.in_raw_quote(tok.idx):
                continue
            if _is_verb(tok):
                return tok
        # anywhere else in the closing sentence (short quotes in a longer sentence)
        for j in range(i, min(close_sent_end, len(doc))):
            tok = doc[j]
            if tok.idx >= last_para_end:
                break
            if not self.in_raw_quote(tok.idx) and _is_verb(tok):
                return tok
        # the previous paragraph ends with a colon: "Arouri added:"
        if q.start == p_start and self.paras.index(q.start) > 0:
            prev_start, prev_end = self.paras.bounds(self.paras.index(q.start) - 1)
            prev_text = self.text[prev_start:prev_end].rstrip()
            if prev_text.endswith(":"):
                for j in range(self.tok_at(prev_end), self.tok_at(prev_start) - 1, -1):
                    if _is_verb(doc[j]) and not self.in_raw_quote(doc[j].idx):
                        return doc[j]
            statement = STATEMENT_RE.search(prev_text)  # "X issued a statement.\n“We are pleased ...”"
            if statement and not self.in_raw_quote(prev_start + statement.start()):
                return doc[self.tok_at(prev_start + statement.start())]
        return None

    # ---- finding ---------------------------------------------------------------------------
    def person_names(self, verb: Token) -> bool:
        """Whether a naming verb ("called") is used by a person ("Frei called the plan ...") or is
        "called for"/"called on" (a demand, which quotes)."""
        if verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ in ("for", "on"):
            return True
        subj = subject_of(verb, *self.paras.bounds(self.paras.index(verb.idx)), self.in_raw_quote)
        if subj is None:
            return False
        if subj.lower_ in ("he", "she"):
            return True
        actor = self.resolver.head_actor(*self.subject_span(subj))
        return actor is not None and actor.label == "PERSON"

    def scare_reason(self, q: RawQuote, verb: Token | None) -> str | None:
        """Why a quoted passage is not a quote ("so-called", "name", "unattributed"), or None.

        A title-case phrase ("Face the Nation", "Tel Aviv") or a single capitalised word that is a
        named entity ("Israel") is a name in marks; a phrase of at most three words without
        sentence punctuation is a scare quote after "so-called" or when no reporting verb is
        attached to its sentence.
        """
        if verb is not None and verb.lower_ in NAMING_VERBS and not self.person_names(verb):
            verb = None  # "Critics called it "vanity palace"" labels; "Frei called it "short-sighted"" quotes
        core = self.text[q.content_start : q.content_end].strip().rstrip(",.")
        if core[:1] in "#@" and " " not in core:
            return "name"  # "#ReleaseTheReport"
        words = core.split()
        if not words or SENTENCE_PUNCT_RE.search(core):
            return None
        capitalised = (
            all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in words) and words[0][:1].isupper()
        )
        if capitalised and len(words) <= 6:
            named = any(
                e.start < q.content_end and e.end > q.content_start and e.label in NAME_LABELS
                for e in self.article.layers.get("entities", [])
            )
            if len(words) > 1 or named or verb is None:
                return "name"
        if len(words) > SCARE_MAX_WORDS:
            return None
        if SO_CALLED_RE.search(self.text[max(0, q.start - 20) : q.start]):
            return "so-called"
        return "unattributed" if verb is None else None

    def find(self) -> tuple[list[Found], list[tuple[RawQuote, str]]]:
        text = self.text
        found: list[Found] = []
        scare: list[tuple[RawQuote, str]] = []
        cue_tokens: set[int] = set()
        for q in self.raw:
            verb = self.reporting_verb_near(q)
            reason = self.scare_reason(q, verb)
            if reason is not None:
                scare.append((q, reason))
                continue
            para = self.paras.index(q.start)
            item = Found("direct", q.start, q.end, (q.content_start, q.content_end), paragraph=para)
            item.opens_paragraph = q.start == self.paras.bounds(para)[0]
            content = text[q.content_start : q.content_end]
            if verb is not None:
                item.cue = verb
                bounds = self.paras.bounds(self.paras.index(verb.idx))
                item.subject = subject_of(verb, *bounds, self.in_raw_quote)
                if item.subject is None:
                    item.speaker_text = self.between_mark_and_cue(q, verb) or self.line_subject(verb)
                cue_tokens.add(verb.i)
            else:
                glued = GLUED_CUE_RE.search(text, self.paras.bounds(para)[0], q.start)
                embedded = EMBEDDED_CUE_RE.search(content)
                headline = HEADLINE_COLON_RE.match(text, self.paras.bounds(para)[0])
                if glued:  # 'Giuliani and Sekulow said:“We’re ...' (no space: one token for the parser)
                    item.speaker_text = (glued.start("spk"), glued.end("spk"))
                    item.cue_span = (glued.start("verb"), glued.end("verb"))
                elif embedded:
                    item.speaker_text = (
                        q.content_start + embedded.start("spk"),
                        q.content_start + embedded.end("spk"),
                    )
                    item.cue_span = (
                        q.content_start + embedded.start("verb"),
                        q.content_start + embedded.end("verb"),
                    )
                elif addressed := ADDRESSED_RE.match(text, self.paras.bounds(para)[0], q.start + 1):
                    item.speaker_text = (addressed.start("spk"), addressed.end("spk"))  # "X to Y: “...”"
                elif (
                    headline
                    and headline.end() <= q.start
                    and self.is_short_line(para)
                    and self.doc[self.tok_at(headline.start("spk"))].pos_ != "ADP"  # "On X:" is a topic
                ):
                    item.speaker_text = (headline.start("spk"), headline.end("spk"))
            found.append(item)
        found.extend(self.find_indirect(cue_tokens, found))
        found.sort(key=lambda f: f.start)
        return found, scare

    def find_indirect(self, cue_tokens: set[int], direct: list[Found]) -> list[Found]:
        out: list[Found] = []
        text = self.text
        spans = [(f.start, f.end) for f in direct]

        def overlaps_direct(s: int, e: int) -> bool:
            return any(a < e and s < b for a, b in spans)

        for tok in self.doc:
            if tok.lower_ not in INDIRECT_VERBS or not tok.tag_.startswith("VB") or tok.i in cue_tokens:
                continue
            if self.in_raw_quote(tok.idx):
                continue
            subj = subject_of(tok, *self.paras.bounds(self.paras.index(tok.idx)), self.in_raw_quote)
            line_speaker = self.line_subject(tok) if subj is None else None
            comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
            if comp is None and subj is not None and subj.i > tok.i:  # "..., he emphasised."
                comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.right_edge.i < subj.i), None)
            if comp is None or (subj is None and line_speaker is None):
                continue
            if self.paras.index(comp.left_edge.idx) != self.paras.index(tok.idx):
                continue  # "Reuters adds:\nSoros ... compared": the next paragraph is not its clause
            if subj is not None and not self.is_agent(subj):
                continue
            left = comp.left_edge
            while left.i < comp.i and left.lower_ in ("that", ",", ":"):
                left = self.doc[left.i + 1]
            start, end = left.idx, comp.right_edge.idx + len(comp.right_edge.text)
            if comp.i < tok.i:  # "..., the union said": the clause may start after a headline line
                start = max(start, text.rfind("\n", start, end) + 1)
            newline = text.find("\n", start, end)  # spaCy may run a sentence over a line break
            if newline >= 0:
                end = newline
            while end > start and text[end - 1] in ".,;: ":
                end -= 1
            if overlaps_direct(start, end):  # "X said he ... promise: “...”" keeps the part before the colon
                colon = text.rfind(":", start, end)
                if colon < 0 or overlaps_direct(start, colon):
                    continue
                end = colon
            if end - start < 12 or "\n" in text[start:end]:
                continue
            item = Found(
                "indirect", start, end, (start, end), cue=tok, subject=subj, paragraph=self.paras.index(start)
            )
            item.speaker_text = line_speaker
            out.append(item)

        def contains(outer: Found, inner: Found) -> bool:
            if outer is inner or not (outer.start <= inner.start and inner.end <= outer.end):
                return False
            return not (outer.cue is not None and outer.cue.lower_ in RELAYING_VERBS)

        out = [f for f in out if not any(contains(o, f) for o in out)]
        relaying = [f for f in out if f.cue is not None and f.cue.lower_ in RELAYING_VERBS]
        out = [  # "the AP reported that X said ...": X's clause is the quote
            f
            for f in out
            if f not in relaying or not any(o is not f and f.start <= o.start and o.end <= f.end for o in out)
        ]
        for f in out:  # "X said 300 officers ..., according to a statement": the clause ends before the cue
            according = ACCORDING_INNER_RE.search(text, f.start, f.end)
            if according:
                f.end = according.start()
                f.content = (f.start, f.end)
        verb_based = [(f.start, f.end) for f in out]
        for sent in self.doc.sents:
            s_text = sent.text.rstrip()
            for regex in (ACCORDING_PRE_RE, ACCORDING_POST_RE, AS_SAID_RE):
                m = regex.match(s_text)
                if not m:
                    continue
                base = sent.start_char
                start, end = base + m.start("content"), base + m.end("content")
                if end - start < 12 or overlaps_direct(start, end) or "\n" in text[start:end]:
                    continue
                if any(a < end and start < b for a, b in verb_based):
                    continue
                item = Found("indirect", start, end, (start, end), paragraph=self.paras.index(start))
                item.speaker_text = (base + m.start("src"), base + m.end("src"))
                item.cue_span = (base + m.start("cue"), base + m.end("cue"))
                out.append(item)
                break
        return out

    def is_short_line(self, para: int) -> bool:
        """A headline or subheading: a line of at most 12 words without a full stop before its end."""
        start, end = self.paras.bounds(para)
        line = self.text[start:end].strip()
        return len(line.split()) <= 12 and ". " not in line

    def only_speaker_between(self, start: int, end: int) -> bool:
        """Whether nothing but a speaker's words (at most 12 tokens, no verb) lies in ``[start, end)``
        of one paragraph: "”, government spokeswoman X told"."""
        if self.paras.index(start) != self.paras.index(max(start, end - 1)):
            return False
        tokens = self.doc[self.tok_at(start) : self.tok_at(end)] if end > start else []
        inner = [t for t in tokens if start <= t.idx < end]
        return len(inner) <= 12 and all(t.pos_ in SPEAKER_POS or t.is_punct or t.is_space for t in inner)

    def between_mark_and_cue(self, q: RawQuote, verb: Token) -> tuple[int, int] | None:
        """When the parse gives no subject to a cue right after the closing mark: the words between
        them, which `reporting_verb_near` allows only when they can be a speaker ("”, chairman, CEO
        and president Craig Menear said": the parser hung the titles on a word of the quote)."""
        if verb.idx < q.end or self.paras.index(verb.idx) != self.paras.index(q.end - 1):
            return None
        start, end = trim_to_alnum(self.text, q.end, verb.idx)
        words = self.text[start:end].split()
        if not words or len(words) > 10 or not any(w[:1].isupper() for w in words):
            return None
        if any(t.tag_.startswith("VB") for t in self.doc[self.tok_at(start) : verb.i] if t.idx >= start):
            return None  # a clause of its own, not a speaker
        return start, end

    def line_subject(self, verb: Token) -> tuple[int, int] | None:
        """When the parse gives no subject: the words opening the verb's line, if they look like one.

        ("The mayors of Eastbridge and Millford, Clara Voss and Dmitri Alban, said ...": the
        headline above ran into this line and the parser lost the subject.)
        """
        line_start = self.paras.bounds(self.paras.index(verb.idx))[0]
        before = self.text[line_start : verb.idx]
        if not before.strip() or len(before.split()) > 12 or not before.lstrip()[:1].isupper():
            return None
        first = self.tok_at(line_start)
        if any(t.tag_.startswith("VB") for t in self.doc[first : verb.i]):
            return None
        end = verb.idx
        while end > line_start and not self.text[end - 1].isalnum():
            end -= 1
        return (line_start, end) if end > line_start else None

    def is_agent(self, subj: Token) -> bool:
        low = subj.lower_
        if low in UNSAID_SUBJECTS or low in DOCUMENT_HEADS:
            return False  # "the report revealed", "assessments ... suggested": sources, not speakers
        if low in ("i", "we", "me", "us"):
            return False  # outside quotes the first person is the author, not a source
        if low in ("he", "she", "they"):
            return True
        if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return True
        if (
            low in AGENT_NOUNS
            or low.rstrip("s") in AGENT_NOUNS
            or subj.text[:1].isupper()
            and subj.pos_ == "PROPN"
        ):
            return True
        start, end = self.subject_span(subj)
        phrase_words = [w.lower() for w in self.text[start:end].split()]
        if any(w in AGENT_NOUNS or w.rstrip("s") in AGENT_NOUNS for w in phrase_words):
            return True  # "One of the women", "An unnamed former Democratic congressional aide"
        return self.resolver.head_actor(start, end) is not None

    @staticmethod
    def _cue_span(item: Found) -> tuple[int, int] | None:
        """The characters of an item's cue (a token or a span the regexes found), or None."""
        if item.cue is not None:
            return item.cue.idx, item.cue.idx + len(item.cue.text)
        return item.cue_span

    # ---- speakers --------------------------------------------------------------------------
    def subject_span(self, subj: Token, cap: int = 12) -> tuple[int, int]:
        """The characters of a subject phrase: its subtree, or the token alone (with the compound words
        of its name) when the subtree is longer than ``cap`` tokens; relative clauses and quotes are cut
        off, and so is what describes a name (an apposition, a clause: `DESCRIPTIONS`)."""
        left, right = subj.left_edge, subj.right_edge
        if right.i - left.i > cap:  # the name alone, with the words of the name before it ("Jeff Sanborn")
            left, right = subj, subj
            while left.i > 0 and left.nbor(-1).head.i == subj.i and left.nbor(-1).dep_ in NAME_PARTS:
                left = left.nbor(-1)
        start, end = left.idx, right.idx + len(right.text)
        if subj.pos_ == "PROPN":  # "Anna Holm, a theatre manager who runs a drama school": Anna Holm
            end = name_end(subj, start, end)
        relative = RELATIVE_RE.search(self.text, subj.idx, end)  # "a former journalist, who is now dead"
        if relative:
            end = relative.start()
        for q in self.raw:  # never let a speaker span run into a quote
            if start < q.start < end:
                end = q.start
            if start < q.end <= end and q.start < start:
                start = q.end
        return trim_to_alnum(self.text, start, end)

    def names_no_one(self, start: int, end: int) -> bool:
        """Whether a speaker phrase is made only of words that name no one (a determiner, a preposition,
        an auxiliary: `SPEAKER_FUNCTION_POS`): "the" left of "the WHO said" when "WHO" was cut as a
        relative pronoun, "has been" of "As has been pointed out". Pronouns, numbers and nouns can speak,
        and so can an actor's name the tagger misreads ("Early says": Chris Early, tagged ADV)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or self.resolver.actors_in(start, end):
            return False
        return all(tok.pos_ in SPEAKER_FUNCTION_POS for tok in span)

    def has_own_cue(self, item: Found) -> bool:
        """Whether a quote has a cue of its own outside quotation marks ("”, chairman ... Craig Menear
        said"): then it is attributed through that cue or left unresolved, never continued from the
        previous speaker. (A cue the model read inside the marks is no cue.)"""
        cue = self._cue_span(item)
        return cue is not None and not self.in_raw_quote(cue[0])

    def attribute(self, found: list[Found]) -> None:
        """Resolve each quote's speaker through the resolver, in text order (see `resolver`)."""
        resolver = self.resolver
        resolver.exclude(piece for item in found for piece in item.pieces())
        last: Found | None = None
        previous: Previous | None = None
        seen: dict[tuple[int, int], Resolution] = {}
        for item in found:
            span: tuple[int, int] | None = None
            resolver.focus(item.start)
            if item.unresolved:
                continue
            if item.subject is not None:
                span = self.subject_span(item.subject, LONG_SUBJECT_TOKENS)
                if resolver.head_actor(*span) is None and len(resolver.actors_in(*span, "PERSON")) < 2:
                    span = self.subject_span(item.subject)
                if span[1] <= span[0]:
                    span = None
            elif item.speaker_text is not None:
                span = item.speaker_text
            if span is not None and self.names_no_one(*span):  # "the" of "the WHO": unresolved, never guessed
                item.unresolved = True
                item.source = item.source or span
                continue
            if span is not None:
                resolution = seen.get(span) or resolver.resolve(span[0], span[1], previous)
                seen[span] = resolution  # one mention, one referent (it may attribute several pieces)
                item.take_speaker(resolution, span)
                if resolution.actor is not None and resolution.actor.label == "PERSON":
                    resolver.settle(span[0], span[1], resolution.actor)
            elif (
                item.kind in ("direct", "mixed")
                and not self.has_own_cue(item)
                and (item.opens_paragraph or (last is not None and last.paragraph == item.paragraph))
                and last is not None
                and last.speaker is not None
                and item.paragraph - self.paras.index(max(last.start, last.end - 1)) <= 2
            ):
                item.actor = last.actor
                item.group = last.group
                item.speaker = dict(last.speaker, resolved_from="continuation")
            if item.speaker is not None:
                last = item
                said = Resolution(item.actor, item.speaker["name"], item.speaker["resolved_from"], item.group)
                previous = Previous(said, item.paragraph)
                resolver.named(item.speaker["name"])


@component(
    NAME, reads=("text", "attributions", "scare_quotes", "actors", "speaker_actors"), writes=("quotes",)
)
def quotes(article: Article, doc: Doc) -> None:
    """Speech (direct, indirect, mixed) from attribution.v1's ``attributions``: one quote per content
    piece, with the attribution's speaker and cue (see `presslens.components.attributions`).

    A direct quote's span holds the marks and its ``content`` the words inside them. A mixed
    attribution ("he said the plan was “a fantasy” and “theatre”") gives one quote per quotation in
    it, the marked words being what the speaker is quoted as saying (the convention of this
    project's quote gold, docs/evaluation-quotes.md); its attribution keeps the whole clause. The
    speaker's affiliation is the actor's, or the one a phrase states ("a senior Israeli official");
    a speaker left unresolved has none: its ``name`` is the guess the quote was not tied to, and an
    affiliation taken from it would put the quote on that guess's side in every count by side.
    """
    actors = {a.id: a for key in ("actors", "speaker_actors") for a in article.results.get(key, ())}
    scare = {(s.start, s.end) for s in article.layers.get("scare_quotes", ())}
    termed = {(s.content.start, s.content.end) for s in article.layers.get("scare_quotes", ())}
    scanned = scan_quotes(article.text)
    marked = [q for q in scanned if (q.start, q.end) not in scare]
    terms = tuple(q for q in scanned if (q.start, q.end) in scare)
    records = [r for r in article.layers.get("attributions", ()) if r.kind in SPEECH]
    # quotations the rules give their own speaker ("heard Franken say “...”" inside a mixed attribution)
    direct = [
        (p.start, p.end) for r in records if r.kind == "direct" and r.found_by == "rules" for p in r.content
    ]
    relayed = _relayed(records)
    found: list[Quote] = []
    for record in records:
        if record.kind != "direct" and id(record) in relayed:
            continue  # "the AP reported that Giuliani said ...": the quote is Giuliani's, inside
        if record.kind == "indirect" and record.found_by == "model" and not _is_clause(doc, record):
            continue  # "demanded its immediate release": an attribution, not a quote
        if (
            record.kind == "indirect"
            and record.found_by == "model"
            and not _reports_speech(record.cue)
            and not _speaker_label(article.text, record)
        ):
            continue  # "he has refused to ...", "the embassy learned that ...": no one is said to say it
        speaker = record.speaker
        affiliation = None
        if speaker is None or not speaker.resolved:
            pass  # none said, or "They estimate ..." tied to no one: no one's side either
        elif speaker.actor is not None and speaker.actor in actors:
            actor = actors[speaker.actor]
            affiliation = actor.affiliation or (actor.name if actor.label == "ORG" else None)
        elif speaker.name:
            affiliation = affiliation_of(speaker.name)
        continued = speaker is not None and speaker.resolved_from == "continuation" and record.cue is None
        parts = tuple(  # "refused to ...", "Asked whether ...", "warns of ...": not what was said
            p
            for p in record.content
            if not _unmarked(article.text, (p.start, p.end), scanned)
            or not (
                _no_reported_clause(doc, p.start, p.end, record.cue)
                or _object_of_preposition(doc, p.start, p.end, record.cue)
            )
        )
        pieces = _quote_pieces(
            article.text,
            record,
            marked,
            direct,
            parts,
            lambda s, e: _may_be_clause(doc, s, e),
            terms,
            _clause_glue(doc),
        )
        thing = _thing_speaks(doc, speaker)
        for start, end, content in pieces:
            if continued and _unmarked(article.text, content, scanned):
                continue  # the outlet's own words, not the previous speaker's (`_unmarked`)
            if thing and _unmarked(article.text, content, scanned):
                continue  # "This recruitment suggests that ...": no one is said to say it
            if record.kind == "direct" and content in termed:
                continue  # "he told “Face the Nation.”": a name in marks, a scare quote (attribution.v1)
            kind, start, end, content = _marked_kind(
                article.text, record.kind, (start, end), content, scanned, marked
            )
            found.append(
                Quote(
                    start=start,
                    end=end,
                    component=NAME,
                    confidence=record.confidence,
                    kind=kind,
                    content=CharSpan(*content),
                    speaker=speaker,
                    cue=record.cue,
                    affiliation=affiliation,
                    attribution=record.id,
                )
            )
    for quote in _join_paragraphs(article.text, found, scanned):
        article.add("quotes", quote)


def _join_paragraphs(text: str, found: list[Quote], scanned: list[RawQuote]) -> list[Quote]:
    """Quotes cut from one quotation that runs over paragraphs, joined into one (the first's record, with
    the span of all). The scanner reads a quotation over paragraphs when the next paragraph opens with
    the same mark (British style: ‘... / ‘... ’) or closes it soon after (a lost opening mark); the
    learned extractor and the rules each take paragraphs of it, and a reader (and the quote gold,
    docs/evaluation-quotes.md) sees one quotation from its first word to its last. Pieces join only
    when they have the same speaker (or the later has none): one speaker's quotation is never
    merged into another's, and words outside the quotation (a reported clause before its opening
    mark) stay a quote of their own."""
    spans = [(q.start, q.end) for q in scanned if "\n" in text[q.content_start : q.content_end]]
    if not spans:
        return found
    starts = [s for s, _ in spans]

    def quotation(q: Quote) -> int | None:  # the quotation over paragraphs that holds the quote's words
        i = bisect.bisect_right(starts, q.content.start) - 1
        if i >= 0 and q.content.end <= spans[i][1]:
            return i
        return None  # words before the opening mark ("he also wants ...\n“Let it come out.") stay apart

    def name(q: Quote) -> str | None:
        return q.speaker.name if q.speaker is not None else None

    order = sorted(range(len(found)), key=lambda k: (found[k].content.start, found[k].content.end))
    joined: dict[int, Quote] = {}  # index of the first piece -> the quote so far
    dropped: set[int] = set()
    last: tuple[int, int] | None = None  # (index of the quote being built, its quotation)
    for k in order:
        q = found[k]
        where = quotation(q)
        if last is not None and where is not None and where == last[1]:
            head = joined[last[0]]
            if name(q) is None or name(head) is None or name(q) == name(head):
                said = q if _closes_with_cue(text, head, q) else head
                joined[last[0]] = replace(
                    head,
                    kind="direct",  # every word of it lies inside the quotation's marks
                    start=min(head.start, q.start),
                    end=max(head.end, q.end),
                    content=CharSpan(
                        min(head.content.start, q.content.start), max(head.content.end, q.content.end)
                    ),
                    speaker=said.speaker if said.speaker is not None else (head.speaker or q.speaker),
                    cue=said.cue if said.cue is not None else (head.cue or q.cue),
                    attribution=said.attribution,
                )
                dropped.add(k)
                continue
        joined[k] = q
        last = (k, where) if where is not None else None
    return [joined[k] for k in range(len(found)) if k not in dropped]


def _closes_with_cue(text: str, head: Quote, last: Quote) -> bool:
    """Whether the last piece of a quotation over paragraphs brings the quotation's own cue, right after
    its closing mark in the same paragraph ("... international stability,’ he added."), while the first
    piece's cue lies in an earlier paragraph, where it reported something else ("... says the battle is
    approaching a bright end.\n‘October 7 wasn’t ..."; "‘So this ...’ Arouri said.\n‘The operation ...").
    A cue that opens the quotation in its own paragraph ("Dana Pell said: 'We owe ...") stays."""
    cue = last.cue
    if cue is None or cue.start < last.end or "\n" in text[last.end : cue.start]:
        return False
    return head.cue is None or head.cue.start < text.rfind("\n", 0, head.content.start)


def _thing_speaks(doc: Doc, speaker: Any) -> bool:
    """Whether a speaker is a thing that cannot speak: attribution.v1 left it unresolved for that reason
    (``resolved_from`` "unresolved": a noun the speaker gate, the speaker prior or kinds.json
    `non_speakers` judge, "This recruitment", "the ongoing presence of resistance fighters") and its
    head is a common noun written in lower case with no entity type. Words without quotation marks
    attributed to it are no quote: nobody is said to say them (issue 10: a speaker is never a thing that
    cannot speak). A name, a label ("DA: ..."), a number ("73 percent said") or a place left unresolved
    is not judged here, and the attribution stays in its own layer with its source as written (PolNeAR
    scores it)."""
    if speaker is None or speaker.resolved_from != "unresolved" or speaker.start is None:
        return False
    span = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return root.pos_ == "NOUN" and root.is_lower and not root.ent_type_


def _unmarked(text: str, content: tuple[int, int], scanned: list[RawQuote]) -> bool:
    """Whether quote words hold no quotation mark (`DOUBLE_MARKS`, in them or beside them) and lie in no
    quotation the scanner found. Such words of a speech the continuation rule gave its speaker (no
    cue, no source) are no quote: that rule carries a quotation on from the previous speaker, and
    words the model read as speech without marks or cue are the outlet's own ('"Israel" did not
    notify its main war crimes backer and bankroller': not the US speaking). Measured on the dev
    quote gold and PolNeAR dev, docs/attribution.md."""
    start, end = content
    if any(ch in DOUBLE_MARKS for ch in text[max(0, start - 1) : end + 1]):
        return False
    return not any(q.start < end and start < q.end for q in scanned)


def _reports_speech(cue: Cue | None) -> bool:
    """Whether an attribution's cue holds a word that reports speech (`SPEECH_CUES`, from cues.json). Without
    one, words the learned extractor reads as indirect speech are a refusal, a finding, an agreement or a
    judgement ("he has refused to attach conditions", "the embassy learned that ...", "Trump is right that
    ..."): no one is said to say them, so they are no quote (the attribution stays in its own layer). The
    figures make the same demand of what the model alone found (`attributions._vouches_for_figures`).
    Measured on the dev quote splits, docs/evaluation-quotes.md."""
    if cue is None:
        return False
    words = CUE_WORD_RE.findall(cue.text.lower())
    if any(w in SPEECH_CUES for w in words):
        return True
    padded = f" {' '.join(words)} "
    return any(f" {phrase} " in padded for phrase in SPEECH_CUE_PHRASES)  # "pointed out"


def _speaker_label(text: str, record: Any) -> bool:
    """Whether the cue is the colon after a speaker's label in running text, as interviews are written
    ("JP: Nothing in my time as a journalist has equaled ..."): speech. On a headline-like line, one
    that does not end as a sentence does ("Juanita Broaddrick: Senator Feinstein Had No Interest ..."),
    it is not."""
    cue = record.cue
    if cue is None or cue.text.strip() != ":" or not record.content:
        return False
    end = record.content[-1].end
    line_end = text.find("\n", end)
    line = text[text.rfind("\n", 0, cue.start) + 1 : len(text) if line_end < 0 else line_end]
    return bool(SENTENCE_END_RE.search(line))


def _words(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens of ``[start, end)`` (widened to whole tokens) that are neither punctuation nor space."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []


def _no_reported_clause(doc: Doc, start: int, end: int, cue: Cue | None = None) -> bool:
    """Whether unmarked words open as no reported clause does (cues.json `discourse.not_reported_clause`):
    with an infinitive ("The LA Times refused to release a video", "the recruiter asked to see his
    passport": a plan, a request, a refusal) or a wh-word ("Asked whether he thought ...", "he said what
    many of us thought": what is asked or talked about, not the words said). The quote gold's indirect
    quotes are finite reported clauses (docs/evaluation-quotes.md, "What counts as a quote")."""
    words = _words(doc, start, end)
    if not words:
        return False
    if words[0].lower_ in WH_OPENERS:
        return True
    if words[0].lower_ != INFINITIVE_MARK:
        return False
    if cue is not None and any(w in INFINITIVE_SAID for w in CUE_WORD_RE.findall(cue.text.lower())):
        return False  # "Ford claims to be a victim", "Assange has threatened to sue": what was said
    verb = next((t for t in words[1:] if t.pos_ != "ADV"), None)  # "to fully reinstate"
    return verb is not None and verb.tag_ == "VB"


def _object_of_preposition(doc: Doc, start: int, end: int, cue: Cue | None) -> bool:
    """Whether unmarked words ``[start, end)`` are the object of a preposition of their cue ("Health
    agency warns of [Norvale fever outbreak]", "spoke of [a new era]", "talked about [the plan]"): the word
    right before them is a preposition (`ADP`, dependency `prep`; a subordinator such as "that" or "if"
    is a `mark`) that lies in the cue or hangs from a word of it, and nothing in them closes that object
    and opens a clause (a comma or a subordinator after the first word: "As X mentioned in [a recent
    speech, death ... do nothing to ...]", "reported ... as early as [2002 that he would ...]" are a
    reported clause the tagger began too soon). A preposition takes a noun phrase, not a reported
    clause, so such words are a topic, not what was said, even when the small parser reads their last
    noun as a verb ("outbreak" as VBP: issue 10, session 10's user check). The attribution stays in its
    own layer, as PolNeAR annotates such contents."""
    if cue is None:
        return False
    words = _words(doc, start, end)
    if not words or words[0].i == 0:
        return False
    if any(t.dep_ == "mark" for t in words[1:]) or "," in doc.text[start:end]:
        return False
    before = doc[words[0].i - 1]
    if before.pos_ != "ADP" or before.dep_ != "prep":
        return False
    in_cue = cue.start <= before.idx < cue.end
    return in_cue or cue.start <= before.head.idx < cue.end


def _may_be_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether the unmarked words ``[start, end)`` may be a reported clause: more than one word, with a
    verb or opening with a subordinator ("that from late 2017 to April 2018": a clause the parser cut
    short). Reported speech says something happens or is; a noun phrase or a lone word the learned
    extractor cut out of a sentence does not ("offers a powerful reminder of the [massive role]", "near
    [the closing of the hearing]", "warning candidates against [moving] too far")."""
    words = _words(doc, start, end)
    if len(words) < 2:
        return False
    return words[0].dep_ == "mark" or any(t.pos_ in ("VERB", "AUX") for t in words)


def _is_clause(doc: Doc, record: Any) -> bool:
    """Whether the first content piece is a clause (its head is a verb): reported speech the way this
    project's quote gold counts it ("said the bridge would reopen"), not a noun phrase PolNeAR also
    attributes ("called for an inquiry", "criticised the decision")."""
    part = record.content[0]
    span = doc.char_span(part.start, part.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.pos_ in ("VERB", "AUX")


def _is_name(text: str) -> bool:
    """Title-case words in marks ("State of the Union", "Israel"): a name, not quoted speech."""
    words = text.strip().rstrip(",.").split()
    if not words or len(words) > 6 or SENTENCE_PUNCT_RE.search(text.strip().rstrip(",.")):
        return False
    return words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in words)


def _relayed(records: list[Any]) -> set[int]:
    """ids of the records that relay another (`_relays`). Only a record whose cue starts inside the
    outer one's content can be relayed, so each record looks at those alone (found by bisection):
    comparing every pair took minutes on a 200,000-character article of short paragraphs."""
    cued = sorted((r.cue.start, k) for k, r in enumerate(records) if r.cue is not None)
    starts = [start for start, _ in cued]
    out: set[int] = set()
    for outer in records:
        if not outer.content:
            continue
        lo = bisect.bisect_left(starts, min(p.start for p in outer.content))
        hi = bisect.bisect_right(starts, max(p.end for p in outer.content))
        if any(records[k] is not outer and _relays(outer, records[k]) for _, k in cued[lo:hi]):
            out.add(id(outer))
    return out


def _relays(outer: Any, inner: Any) -> bool:
    """Whether ``outer`` only relays the speech ``inner``: its content holds inner's cue and content."""
    if inner.cue is None:
        return False

    def held(start: int, end: int) -> bool:
        return any(p.start <= start and end <= p.end for p in outer.content)

    return held(inner.cue.start, inner.cue.end) and all(held(p.start, p.end) for p in inner.content)


def _quote_pieces(
    text: str,
    record: Any,
    marked: list[RawQuote],
    direct: list[tuple[int, int]],
    parts: tuple[CharSpan, ...] | None = None,
    clause: Callable[[int, int], bool] | None = None,
    terms: tuple[RawQuote, ...] = (),
    glue: Callable[[tuple[int, int], tuple[int, int]], bool] | None = None,
) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, content) of each quote an attribution gives: a content piece (of ``parts``, default
    all of the record's), or for a mixed one each quotation inside a piece that no direct attribution
    holds (a piece without one stays whole, unless it is a few words, the model's fragments, or not a
    clause by ``clause``: then it is no quote; a piece whose only marked words are ``terms``, scare quotes,
    gives none: "Critics called the project the council's "vanity palace" in leaflets"). A direct
    attribution's piece with no quotation mark is held to ``clause`` too (it is reported speech, not a
    quotation: `_marked_kind`); unmarked pieces only ``glue`` apart are one (`_joined`)."""
    out = []
    scanned = [*marked, *terms]
    for start, end in _joined(text, record.content if parts is None else parts, glue, scanned):
        if record.kind == "direct":
            if clause is not None and _unmarked(text, (start, end), scanned) and not clause(start, end):
                continue  # "He said the movement will not be eliminated" glued to a quotation: no fragment
            out.append((start, end, _inside_marks(text, start, end)))
            continue
        inside = [q for q in marked if start <= q.content_start and q.content_end <= end]
        termed = any(start <= q.content_start and q.content_end <= end for q in terms)
        if record.kind == "mixed" and (inside or termed):  # a term in marks is no quotation
            out.extend(
                (q.start, q.end, (q.content_start, q.content_end))
                for q in inside
                if not any(s < q.content_end and q.content_start < e for s, e in direct)
                and not _is_name(text[q.content_start : q.content_end])
            )
        elif record.kind == "mixed" and len(text[start:end].split()) <= SCARE_MAX_WORDS:
            continue  # a fragment of a mixed attribution without marks ("to", "the photo"): no quote
        elif clause is None or clause(start, end):
            out.append((start, end, (start, end)))
    return out


def _joined(
    text: str,
    parts: tuple[CharSpan, ...],
    glue: Callable[[tuple[int, int], tuple[int, int]], bool] | None = None,
    scanned: list[RawQuote] | None = None,
) -> list[tuple[int, int]]:
    """Content pieces as quotes: pieces only whitespace or punctuation apart (a quotation running over
    paragraphs) are one quote, but not an unmarked piece and a marked one across a paragraph break ("...
    says the battle is approaching a bright end.\n‘October 7 wasn’t something rare ...": the reported
    clause, then a quotation of its own, given ``scanned``); pieces with words between them (a cue
    interrupting) stay two, unless both hold no quotation mark and ``glue`` joins the two (in `quotes`:
    only a conjunction between two clauses, `_coordinated`: "He said the movement will not be
    eliminated, *and* it is even capable of ...": one reported clause the learned extractor cut at its
    conjunction; not the fragments "pulled by [the hair] and [beaten]")."""
    out: list[tuple[int, int]] = []
    for part in parts:
        gap = text[out[-1][1] : part.start] if out else ""
        clause = (  # one reported clause cut at its conjunction
            bool(out)
            and glue is not None
            and "\n" not in gap
            and _unmarked(text, out[-1], scanned or [])
            and _unmarked(text, (part.start, part.end), scanned or [])
            and glue(out[-1], (part.start, part.end))
        )
        apart = (  # a reported clause, then a quotation opening the next paragraph: two quotes
            bool(out)
            and scanned is not None
            and "\n" in gap
            and _unmarked(text, out[-1], scanned) != _unmarked(text, (part.start, part.end), scanned)
        )
        if out and (not gap.strip(" \t\n.,;:") or clause) and not apart:
            out[-1] = (out[-1][0], part.end)
        else:
            out.append((part.start, part.end))
    return out


def _clause_glue(doc: Doc) -> Callable[[tuple[int, int], tuple[int, int]], bool]:
    """What joins two unmarked content pieces into one quote (`_joined`): both may be clauses
    (`_may_be_clause`) and only a coordinating conjunction stands between them (`_coordinated`)."""

    def glue(before: tuple[int, int], after: tuple[int, int]) -> bool:
        clauses = _may_be_clause(doc, *before) and _may_be_clause(doc, *after)
        return clauses and _coordinated(doc, before[1], after[0])

    return glue


def _coordinated(doc: Doc, start: int, end: int) -> bool:
    """Whether the words ``[start, end)`` between two content pieces are only a coordinating conjunction
    and punctuation in the parse (``cc``: "and", "but"), inside one sentence: the pieces are one
    reported clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if not words or any(t.dep_ != "cc" for t in words):
        return False
    first, last = span[0], span[-1]
    return first.i > 0 and last.i + 1 < len(doc) and doc[first.i - 1].sent == doc[last.i + 1].sent


def _marked_kind(
    text: str,
    kind: str,
    span: tuple[int, int],
    content: tuple[int, int],
    scanned: list[RawQuote],
    marked: list[RawQuote],
) -> tuple[str, int, int, tuple[int, int]]:
    """A quote's kind by its marks, whatever the attribution's: words with no quotation mark are
    indirect (a direct attribution the learned extractor glued to the reported clause after it, "‘...’
    He said the movement will not be eliminated"; the unmarked clause of a mixed one); an indirect
    piece that is one quotation, its marks and nothing else, is direct ("Harbour mayor Dana Pell: 'The
    quays will reopen'"), its content the words inside the marks. Words holding an opening mark the
    scanner did not pair, or after an unpaired double mark of their paragraph, keep the attribution's
    kind (`_after_open_mark`). Returns (kind, start, end, content)."""
    start, end = span
    opened = any(ch in QUOTE_OPENERS for ch in text[start:end]) or _after_open_mark(text, start)
    if kind in SPEECH and _unmarked(text, span, scanned) and not opened:
        return "indirect", start, end, content
    if kind == "indirect":
        for q in marked:
            whole = _only_marks(text, start, q.start) and _only_marks(text, q.end, end)
            if q.start < end and start < q.end and whole:
                return "direct", min(start, q.start), max(end, q.end), (q.content_start, q.content_end)
    return kind, start, end, content


def _after_open_mark(text: str, pos: int) -> bool:
    """Whether an odd number of double quotation marks stands between the start of ``pos``'s paragraph
    and ``pos``: the words lie inside a quotation whose marks the scanner could not pair (sloppy copy,
    'tweeting:”. @Theresa_May, don’t focus on me, focus on the ... fine!”')."""
    line = text[text.rfind("\n", 0, pos) + 1 : pos]
    return sum(ch in DOUBLE_MARKS for ch in line) % 2 == 1


def _only_marks(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` holds no letter or digit (only marks, punctuation, space; empty too)."""
    return not any(c.isalnum() for c in text[start:end])


def _inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The words of a direct quote without its marks (and the space beside them)."""
    inner_start, inner_end = start, end
    while inner_start < inner_end and (text[inner_start].isspace() or text[inner_start] in QUOTE_OPENERS):
        inner_start += 1
    while inner_end > inner_start and (text[inner_end - 1].isspace() or text[inner_end - 1] in QUOTE_CLOSERS):
        inner_end -= 1
    return (inner_start, inner_end) if inner_end > inner_start else (start, end)
