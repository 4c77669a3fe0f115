"""Where a figure comes from (`attribution`): only what the text says, never a guess.

Five cues, tried in order, all within the claim's own sentence:

1. a source noun phrase before an estimate verb in the figure's clause ("Official U.S. estimates place
   ...", "Official figures reveal ..."), read from the characters because the parser often takes
   "estimates" for the verb there;
2. a reporting verb that governs the claim in the dependency parse ("Israeli media *reported* that ...
   30 to 40 captives", "the report *revealed* that Hamas has recruited ...", "..., he *said*"): the
   source is the verb's subject;
3. "according to X" anywhere in the sentence (before or after the figure, "..., according to Israeli
   officials"): the source is X up to the next clause break;
4. a source noun ("officials", "sources", "media", "ministry"...) before a reporting verb in the figure's
   clause, when the parse missed it;
5. a closing ", he emphasised." / ", the ministry said." after the figure, when the parse missed it.

A sentence that opens by pointing back ("This includes ...", "Of these, ...") inherits the attribution
of the previous sentence's figures (see docs/evaluation.md). A cue in a *later* sentence ("..., according
to the reports.") is not carried back: the text does not say which figures it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from presslens.components.cues import according_re, verb_pattern, verbs
from presslens.vocab import load as load_resource

#: Verbs whose subject a figure is attributed to, from the shared cue vocabulary (resources/cues.json).
REPORT_VERBS = verbs("figure")
#: Verbs that only attribute with a non-personal subject (data, figures, estimates).
WEAK_REPORT_VERBS = verbs("figure_weak")
#: Verbs after which "it" names a source ("it said": the ministry).
SAY_VERBS = verbs("figure_say")
#: Verbs whose object can be the figure they report ("the ministry reported 50 deaths"); for the other
#: figure verbs a figure in the object is no report ("the stock added 2%", "he told 300 students").
OBJECT_VERBS = verbs("figure_object")
#: How a figure's clause hangs under a verb that reports it as content ("said that 50 were killed",
#: "50 were killed, officials said" parsed as parataxis).
CONTENT_DEPS = frozenset({"ccomp", "parataxis", "dep"})
#: Verbs whose subject receives what is said ("have heard that ..."): never a figure's source (cues.json).
RECEIVER_VERBS = frozenset(load_resource("cues.json")["figure_receivers"]["verbs"])
#: Clauses that describe a noun ("the forum *viewed by* 14.7 million people").
DESCRIBING_DEPS = frozenset({"acl", "relcl"})
#: How a recipient hangs under a verb ("told 300 students", "was reported *by* two outlets"), and the
#: prepositions that mark one ("denied bail *to* five members"; cues.json): never what the verb reports.
RECIPIENT_DEPS = frozenset({"dative", "agent"})
RECIPIENT_PREPOSITIONS = frozenset(load_resource("cues.json")["figure_receivers"].get("prepositions", ()))
_PRONOUN_ONLY = frozenset({"it", "this", "that", "which", "who", "there"})

ACCORDING_RE = according_re(
    "figure", r"[^,.;:()\"“”‘’]+?", before=r"\b", after=r"(?=\s*(?:[,.;:()\"“”]|$))", flags=re.IGNORECASE
)
_SOURCE_NOUNS = (
    r"estimates?|figures?|data|statistics|numbers|reports?|sources|officials?|authorities|media|ministry|"
    r"military|army|government|agency|police|monitors?|group|organi[sz]ation|WHO|UN|OCHA"
)
ESTIMATE_RE = re.compile(
    rf"(?P<src>(?:[A-Z][\w.’'-]*\s+|the\s+|[a-z]+\s+){{0,4}}(?:{_SOURCE_NOUNS}))\s+(?:(?:have|has|had|now)\s+)*"
    rf"(?P<cue>{verb_pattern('estimate')})\b"
)
STRONG_ESTIMATE_RE = re.compile(
    r"(?P<src>(?:[A-Z][\w.’'-]*\s+|the\s+|[a-z]+\s+){0,4}(?:estimates|figures|data|statistics|numbers|tallies))\s+"
    r"(?:(?:have|has|had|now)\s+)*(?P<cue>" + verb_pattern("strong_estimate") + r")\b"
)
#: ", he emphasised." / "..., the ministry said." closing the sentence, when the parse did not tie it in.
TRAILING_CUE_RE = re.compile(
    r"[,’'”\"]\s*(?P<src>he|she|they|it|[Tt]he\s+[\w’'-]+(?:\s+[\w’'-]+){0,5}?"
    r"|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})"
    r"\s+(?P<cue>" + verb_pattern("trailing") + r")"
    r"\s*[.!?]?[\s’”'\"]*$"
)
BACKREF_RE = re.compile(
    r"^\W*(?:this|these|that|those|of\s+(?:these|those|them)|among\s+(?:them|these|those))\b", re.IGNORECASE
)
_TRAILING = re.compile(r"[\s,.;:]+$")


@dataclass(slots=True)
class Attribution:
    source: str
    start: int
    end: int
    cue: str
    inherited: bool = False

    def to_dict(self) -> dict:
        out = {"source": self.source, "start": self.start, "end": self.end, "cue": self.cue}
        if self.inherited:
            out["inherited"] = True
        return out


def _subject(verb: Token) -> Span | None:
    """Who reports: the active subject, or the agent of a passive ("were reported by the ministry")."""
    for child in verb.children:
        if child.dep_ == "agent":
            child = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ != "nsubj":  # a passive subject is what was reported, not who reported it
            child = None
        if child is None:
            continue
        tokens = list(child.subtree)
        # keep the subject noun phrase, not a relative clause hanging off it
        keep = [t for t in tokens if t.i <= child.i or t.dep_ in ("compound", "flat", "appos")]
        lo, hi = keep[0].i, keep[-1].i + 1
        return child.doc[lo:hi]
    return None


def _start(claim_tokens: Span) -> Token:
    """Where a claim's path up the parse starts: its phrase's root, unless the parse hangs that root
    outside the figure's own chain ("60 AK-47, AR-10 and G3 rifles", a list the parser attaches to the
    main verb), then the figure's number."""
    root = claim_tokens.root
    number = next((t for t in claim_tokens if t.like_num or t.pos_ == "NUM"), None)
    if number is None or root in number.ancestors or root is number:
        return root
    return number


def reports_through(verb: Token, child: Token, below: Token | None = None) -> bool:
    """Whether ``verb`` reports what hangs under its ``child`` (reached from ``below``): a reported
    clause for every figure verb; an object (or a passive subject, unless the verb is weak) only for
    verbs that report figures as objects. "The stock added more than 2%" and "40 of which had been
    found by Messier" report nothing; "told a hearing that she knows of two members" does, though the
    parser often hangs that clause on the hearing as a relative clause."""
    if child.dep_ in CONTENT_DEPS or _that_clause_on_object(child, below):
        return True
    if verb.lower_ not in OBJECT_VERBS:
        return False
    return child.dep_ != "nsubjpass" or verb.lower_ not in WEAK_REPORT_VERBS


def _that_clause_on_object(child: Token, below: Token | None) -> bool:
    """A "that" clause parsed as a relative clause of the verb's object ("told a hearing that ...")."""
    if below is None or child.dep_ not in ("dobj", "dative") or below.dep_ != "relcl":
        return False
    first = below.doc[min(t.i for t in below.subtree)]
    return first.lower_ == "that" and first.dep_ not in ("nsubj", "nsubjpass")


def describes_adjunct(path: list[Token]) -> bool:
    """Whether the path up from a figure (the claim's root, then each token the child of the next)
    reaches the verb through a clause that describes the object of a preposition: "cited the figure at
    last week's forum *viewed* by 14.7 million people" reports the figure, not the viewers; "mentioned
    the plan at a town hall *watched* by 2,000 residents" does not report the 2,000. A "that" clause
    the parser hangs on such a noun ("said at a briefing that 50 died") is still what the verb reports,
    and so is a description inside a reported clause ("results show Kemp winning with 50.2 percent of
    the vote, which puts him 18,000 voters over the threshold")."""
    content = max((n for n, token in enumerate(path) if token.dep_ in CONTENT_DEPS), default=0)
    for token in path[content + 1 :]:  # below a reported clause, a description is part of what is said
        if token.dep_ in DESCRIBING_DEPS and token.head.dep_ == "pobj":
            first = token.doc[min(t.i for t in token.subtree)]
            if not (first.lower_ == "that" and first.dep_ not in ("nsubj", "nsubjpass")):
                return True
    return False


def cue_reports_claim(claim_tokens: Span, cue_start: int, cue_end: int) -> bool:
    """False when a cue word lies on the claim's path up the parse but does not report it ("The stock
    *added* more than 2%": the figure is the verb's object; "Many Americans have *heard* that ...": the
    subject receives it; "*cited* the figure at a forum viewed by 14.7 million people": the figure
    describes an adjunct; "A judge *denied* bail to all five members": for any cue verb, a figure
    reached through a recipient's preposition outside the cue, an indirect object or a passive's
    agent is no content, while "cited endorsements from 88 generals" still is); True otherwise, so a
    link found another way (an attribution model's content span) stands unless the parse says it is
    no report."""
    node, child = _start(claim_tokens), None
    path: list[Token] = []
    for _ in range(8):
        if node.head is node:
            return True
        below, child, node = child, node, node.head
        path.append(child)
        if not cue_start <= node.idx < cue_end:
            continue
        if node.pos_ in ("VERB", "AUX") and (node.lower_ in RECEIVER_VERBS or describes_adjunct(path)):
            return False
        if node.lower_ in REPORT_VERBS:
            return reports_through(node, child, below)
        to_whom = child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPOSITIONS
        recipient = (child.dep_ in RECIPIENT_DEPS or to_whom) and not cue_start <= child.idx < cue_end
        if node.pos_ in ("VERB", "AUX") and recipient:
            return False  # "A judge *denied* bail to all five members": a recipient, not what is said
    return True


def by_reporting_verb(claim_tokens: Span, sent: Span | None = None) -> Attribution | None:
    """The subject of a reporting verb that governs the claim, as written."""
    root = _start(claim_tokens)
    inside = set(range(claim_tokens.start, claim_tokens.end))
    node, child = root, None
    path: list[Token] = []
    steps = 0
    while node.head is not node and steps < 8:
        below, child, node = child, node, node.head
        path.append(child)
        steps += 1
        if node.pos_ not in ("VERB", "AUX") or node.lower_ not in REPORT_VERBS:
            continue
        if not reports_through(node, child, below) or describes_adjunct(path):
            continue
        if sent is not None and not sent.start <= node.i < sent.end:
            continue  # a verb on another line (a headline parsed into the first sentence)
        subj = _subject(node)
        if subj is None or inside & set(range(subj.start, subj.end)):
            continue
        if subj.text.lower() in _PRONOUN_ONLY and not (
            subj.text.lower() == "it" and node.lower_ in SAY_VERBS
        ):
            continue  # "it is estimated" is no source; "it said" (the ministry) is
        if node.lower_ in WEAK_REPORT_VERBS and subj.root.pos_ == "PRON":
            continue
        return Attribution(subj.text, subj.start_char, subj.end_char, node.text)
    return None


def by_according_to(sent_text: str, sent_start: int, claim_start: int) -> Attribution | None:
    """The nearest "according to X" in the sentence."""
    best: Attribution | None = None
    best_dist = 10**9
    for m in ACCORDING_RE.finditer(sent_text):
        src = _TRAILING.sub("", m.group("src"))
        start = sent_start + m.start("src")
        dist = abs(start - claim_start)
        if src and dist < best_dist:
            cue = sent_text[m.start() : m.start("src")].strip()
            best, best_dist = Attribution(src, start, start + len(src), cue), dist
    return best


def by_estimate_phrase(
    sent_text: str, sent_start: int, claim_start: int, pattern: re.Pattern[str] = ESTIMATE_RE
) -> Attribution | None:
    """A source noun phrase with an estimate verb just before the claim, in its clause."""
    before = sent_text[: claim_start - sent_start]
    clause_start = max(before.rfind(", while"), before.rfind(";"), before.rfind(", but"), -1)
    best = None
    for m in pattern.finditer(before, max(clause_start, 0)):
        best = m
    if best is None:
        return None
    src = best.group("src").strip()
    lead = re.match(r"^(?:while|but|and|that|as)\s+", src, re.IGNORECASE)
    offset = best.start("src") + (len(best.group("src")) - len(best.group("src").lstrip()))
    if lead:
        offset += lead.end()
        src = src[lead.end() :]
    return Attribution(src, sent_start + offset, sent_start + offset + len(src), best.group("cue"))


#: The phrases that attribute a figure are searched this many characters around it, at most: a
#: "sentence" of 25,000 characters (a list of figures without a full stop) made every search quadratic.
ATTRIBUTION_WINDOW = 1000


def attribute(claim_tokens: Span, sent: Span, text: str | None = None) -> Attribution | None:
    """The attribution of one claim from its own sentence (whose text is ``text``), or None."""
    text = sent.text if text is None else text
    sent_start = sent.start_char
    if len(text) > 2 * ATTRIBUTION_WINDOW:
        lo = max(0, claim_tokens.start_char - sent_start - ATTRIBUTION_WINDOW)
        hi = claim_tokens.end_char - sent_start + ATTRIBUTION_WINDOW
        text, sent_start = text[lo:hi], sent_start + lo
    found = by_estimate_phrase(text, sent_start, claim_tokens.start_char, STRONG_ESTIMATE_RE)
    if found is None:
        found = by_reporting_verb(claim_tokens, sent)
    if found is None:
        found = by_according_to(text, sent_start, claim_tokens.start_char)
    if found is None:
        found = by_estimate_phrase(text, sent_start, claim_tokens.start_char)
    if found is None:
        m = TRAILING_CUE_RE.search(text)
        if m and sent_start + m.start("src") > claim_tokens.end_char:
            start = sent_start + m.start("src")
            found = Attribution(m.group("src"), start, start + len(m.group("src")), m.group("cue"))
    return found


def points_back(sent_text: str) -> bool:
    """Whether a sentence opens by referring to what the previous one said ("This includes ...")."""
    return bool(BACKREF_RE.match(sent_text))
