"""Where a figure comes from (`attribution`): only what the text says, never a guess.

Six cues, tried in order, all within the claim's own sentence:

0. a claim noun whose content holds the figure, or that is the subject of the verb stating it, and
   whose possessor or "by"/"from" agent can speak ("Trump's *claim* that 3 million people voted",
   "the ministry's *estimate* of 40,000", "*figures* from the UN put the toll at 310"): the source is
   the agent; the agent of a claim noun also replaces that noun in the sources the other cues find
   ("according to a tally by Reuters": Reuters);
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

from spacy.tokens import Doc, Span, Token

from presslens.components.cues import according_re, verb_pattern, verbs
from presslens.values.words import singular
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
_CLAIM_NOUNS = load_resource("cues.json")["claim_nouns"]
#: Nouns that name a statement of a figure, whose possessor is its author ("claim", "estimate"; cues.json).
STATEMENT_NOUNS = frozenset(_CLAIM_NOUNS["nouns"])
#: Nouns of compiled figures, whose possessor may be what is measured ("Trump's delegate count"): their
#: author is a "by"/"from" agent or an organisation's possessive ("the ministry's figures").
TALLY_NOUNS = frozenset(_CLAIM_NOUNS["tally_nouns"])
CLAIM_NOUNS = STATEMENT_NOUNS | TALLY_NOUNS
#: Prepositions that frame a figure as a claim noun's author's ("*By* the AP's tally, he has 739").
FRAME_PREPOSITIONS = frozenset(_CLAIM_NOUNS["frame_prepositions"])
#: Prepositions that introduce a claim noun's author ("a tally *by* Reuters", "figures *from* the UN").
AGENT_PREPOSITIONS = frozenset(_CLAIM_NOUNS["agent_prepositions"])
#: Prepositions that introduce what a claim noun states ("the estimate *of* 40,000", "claim *about* ...").
CONTENT_PREPOSITIONS = frozenset(_CLAIM_NOUNS["content_prepositions"])
#: Common nouns that can speak as a claim noun's author ("the ministry's estimate"): cues.json's own and
#: the titles of people.json ("the senator's claim").
SPEAKER_NOUNS = frozenset(_CLAIM_NOUNS["speaker_nouns"]) | frozenset(
    load_resource("people.json")["title_nouns"]
)
#: Named entities that can speak (a person, an organisation, a group, a country's government).
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: How a figure hangs under a claim noun that states it: a clause ("claim that ..."), an apposition, or
#: (through its preposition) "estimate of 40,000".
NOUN_CONTENT_DEPS = frozenset({"acl", "relcl", "ccomp", "appos"})
#: Forms of "be": "the ministry's estimate *was* 40,000" states the figure as a reporting verb does.
COPULAS = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s", "’s"})
#: How a figure hangs under a verb whose subject is a claim noun ("figures show that ...", "the
#: estimate was 40,000", "the tally puts the toll at 310"), as opposed to an adverbial clause.
STATED_DEPS = frozenset({"ccomp", "parataxis", "dobj", "attr", "prep", "xcomp", "oprd", "acomp", "dative"})

ACCORDING_RE = according_re(
    "figure",
    r"(?:[^,.;:()\"“”‘’]|(?<=\w)’(?=\w))+?",
    before=r"\b",
    after=r"(?=\s*(?:[,.;:()\"“”]|$))",
    flags=re.IGNORECASE,
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
#: A dash between words ends a source: "according to the Tax Policy Center - half a percentage point".
DASH_RE = re.compile(r"\s+[-–—]+\s+|[—–]")


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


def claim_agent(noun: Token) -> Token | None:
    """The author of a claim noun as the parse has it: its possessor ("the ministry's estimate"), else
    the object of its "by"/"from" phrase ("a tally by Reuters", "figures from the UN") or of the "by"
    of a participle on it ("figures released by the agency"), else None."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ not in CLAIM_NOUNS:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in AGENT_PREPOSITIONS:
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    for made in noun.rights:  # "figures *released by* the UN refugee agency", "data compiled by Reuters"
        if made.dep_ == "acl" and made.tag_ == "VBN":
            by = next((c for c in made.children if c.dep_ == "agent"), None)
            if by is not None:
                return next((c for c in by.children if c.dep_ == "pobj"), None)
    return None


def _authored(author: Token) -> Token:
    """The noun a token would be the author of: the possessed noun, the noun of its "by"/"from"
    phrase, or the noun of the participle whose agent it is ("figures released *by* ...")."""
    if author.dep_ != "pobj":
        return author.head
    prep = author.head
    return prep.head.head if prep.dep_ == "agent" else prep.head


def can_speak(agent: Token, noun: Token) -> bool:
    """Whether a claim noun's author can be a figure's source: a name of a person, an organisation, a
    group or a country, or a noun of speakers ("the ministry", "the senator"); not a date, an event, a
    place's feature or a thing ("last year's estimate", "the war's tally"), and not a pronoun ("his
    claim": who "his" is, is the resolver's business). A tally noun's possessor speaks only as an
    organisation or a noun of speakers ("the ministry's figures"), since a person's or a place's is
    what is counted ("Trump's delegate count", "Gaza's figures")."""
    if agent.pos_ == "PRON" or agent.ent_type_ in ("DATE", "TIME", "EVENT", "CARDINAL", "QUANTITY"):
        return False
    speaker_noun = singular(agent.lower_) in SPEAKER_NOUNS or agent.lower_ in SPEAKER_NOUNS
    if agent.dep_ == "poss" and noun.lower_ in TALLY_NOUNS:
        return agent.ent_type_ == "ORG" or (agent.pos_ == "NOUN" and speaker_noun)
    if agent.ent_type_ in SPEAKER_ENTITIES:
        return True
    if agent.pos_ == "PROPN" or (agent.text[:1].isupper() and not agent.is_sent_start):
        return not agent.ent_type_  # a name the tagger did not type ("Halvorsen's claim", "Spaceweather")
    return speaker_noun


def agent_words(agent: Token) -> Span:
    """The words that name a claim noun's author: its phrase without the possessive "'s" and without
    what is said about it or when ("the health ministry of Gaza", not "..., which ..." nor "... on
    Monday")."""
    tokens = [t for t in agent.subtree if t.dep_ != "case"]
    cut = next((c.left_edge.i for c in agent.rights if not _names_more(c)), None)
    if cut is not None:
        tokens = [t for t in tokens if t.i < cut]
    if not tokens:
        return agent.doc[agent.i : agent.i + 1]
    return agent.doc[tokens[0].i : tokens[-1].i + 1]


def _names_more(child: Token) -> bool:
    """Whether a right-hand child of an author still names it ("Committee *on Taxation*", "Amy
    Glasmeier *of the Massachusetts Institute of Technology*"), rather than dating it ("on Monday")."""
    if child.dep_ in ("compound", "flat", "appos", "cc", "conj"):
        return True  # "Governor Ricardo Rossello *and Jenniffer Gonzalez*": a joint author
    return child.dep_ == "prep" and not any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree)


def _agent_attribution(noun: Token) -> Attribution | None:
    """The attribution a claim noun names: its author when it can speak."""
    agent = claim_agent(noun)
    if agent is None or not can_speak(agent, noun):
        return None
    words = agent_words(agent)
    return Attribution(words.text, words.start_char, words.end_char, noun.text)


def by_claim_noun(claim_tokens: Span, sent: Span | None = None) -> Attribution | None:
    """The author of a claim noun that states the figure, found up the parse before any reporting verb:
    the figure in the noun's content ("Trump's claim *that* 3 million people voted illegally", "the
    ministry's estimate *of* 40,000"), or in what a verb with the noun as its subject states ("figures
    from the UN *show* that ...", "the ministry's tally *puts* the toll at 310"), or under a verb framed
    by one ("*By the AP's tally*, he has 739"). Through a preposition the figure must lie in the
    noun's own phrase: "the group's claim of credit for an attack by a man who killed 49 people" does
    not state the 49."""
    node, child = _start(claim_tokens), None
    inside = range(claim_tokens.start, claim_tokens.end)
    passed_verb = False
    for _ in range(8):
        if node.head.i == node.i:
            return None
        child, node = node, node.head
        if sent is not None and not sent.start <= node.i < sent.end:
            return None
        if node.pos_ in ("VERB", "AUX"):
            passed_verb = True
            framed = _framing_noun(node, child) or _that_clause_after_noun(child)
            if framed is not None:
                return _agent_attribution(framed)
            if child.dep_ not in STATED_DEPS:
                if node.lower_ in REPORT_VERBS:
                    return None
                continue
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            # only a reporting verb or "be" states it: "Trump's claims drew 40 complaints" does not
            states = node.lower_ in REPORT_VERBS or node.lower_ in COPULAS
            if states and subj is not None and subj.i not in inside and claim_agent(subj) is not None:
                return _agent_attribution(subj)
            if node.lower_ in REPORT_VERBS:
                return None  # a reporting verb nearer the figure: its subject is the source
            continue
        if node.i in inside or claim_agent(node) is None:
            continue
        if child.dep_ in NOUN_CONTENT_DEPS:
            return _agent_attribution(node)
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS and not passed_verb:
            return _agent_attribution(node)
    return None


def _that_clause_after_noun(clause: Token) -> Token | None:
    """A statement noun just before a "that" clause the parser hung elsewhere ("asked questions about
    Clinton's assertion *that 90 to 95 percent ... were* ..." parsed as the object of "asked")."""
    if clause.dep_ not in ("ccomp", "advcl", "acl", "relcl"):
        return None
    first = clause.left_edge
    if first.lower_ != "that" or first.i == 0:
        return None
    noun = clause.doc[first.i - 1]
    if noun.lower_ in STATEMENT_NOUNS and claim_agent(noun) is not None:
        return noun
    return None


def _framing_noun(verb: Token, child: Token) -> Token | None:
    """A claim noun with an author in a "by"/"in" phrase of the verb that states the figure ("*By the
    Associated Press's tally*, he now has 739"), not the phrase the figure is in."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in FRAME_PREPOSITIONS or prep.i == child.i:
            continue
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if noun is not None and claim_agent(noun) is not None:
            return noun
    return None


def source_author(doc: Doc, start: int, end: int) -> Span | None:
    """The author of a source whose head is a claim noun, or that is such an author, when the author
    can speak ("a tally by Reuters": Reuters; "The ministry's figures", "Clinton's": the ministry,
    Clinton), else None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    noun, agent = span.root, claim_agent(span.root)
    if agent is None:  # the source is the author itself, written with its "'s" ("Clinton's")
        noun = _authored(span.root)
        agent = claim_agent(noun) if span.root.dep_ in ("poss", "pobj") else None
        if agent is None or agent.i != span.root.i:
            return None
    if not can_speak(agent, noun):
        return None
    return agent_words(agent)


def _narrowed(found: Attribution, doc: Doc) -> Attribution:
    """A source found another way is narrowed to its claim noun's author (`source_author`)."""
    author = source_author(doc, found.start, found.end)
    if author is None:
        return found
    return Attribution(author.text, author.start_char, author.end_char, found.cue, found.inherited)


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
        # keep the subject noun phrase, not a relative clause hanging off it (but a claim noun's author:
        # "figures from the UN show")
        agent = claim_agent(child)
        by = set() if agent is None or agent.i < child.i else {t.i for t in agent.head.subtree}
        # a clause that describes the subject is no part of its name: "said Ilse Varga, who runs a
        # shipping firm" keeps "Ilse Varga", not the compound "shipping" inside the clause
        clauses = {t.i for c in tokens if c.dep_ in DESCRIBING_DEPS and c.i > child.i for t in c.subtree}
        keep = [
            t
            for t in tokens
            if t.i in by
            or (t.i not in clauses and (t.i <= child.i or t.dep_ in ("compound", "flat", "appos")))
        ]
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


def _describes_other_noun(claim_tokens: Span, cue_start: int, cue_end: int) -> bool:
    """Whether the cue's verb heads a relative clause that the claim lies outside: such a clause says
    something about its noun ("29 others *who only specified* 'Christian' as their religion"), and
    reports only what hangs below it, never a figure beside it in the main clause ("14 Catholics, ...,
    four Protestants ... were admitted as well as 29 others who ..."). "officials who said 50 died"
    still reports the 50 (below the verb)."""
    cue = claim_tokens.doc.char_span(cue_start, cue_end, alignment_mode="expand")
    if cue is None:
        return False
    start = _start(claim_tokens)
    return any(
        t.pos_ in ("VERB", "AUX") and t.dep_ == "relcl" and start not in t.subtree and t not in claim_tokens
        for t in cue
    )


def cue_reports_claim(claim_tokens: Span, cue_start: int, cue_end: int) -> bool:
    """False when a cue word lies on the claim's path up the parse but does not report it ("The stock
    *added* more than 2%": the figure is the verb's object; "Many Americans have *heard* that ...": the
    subject receives it; "*cited* the figure at a forum viewed by 14.7 million people": the figure
    describes an adjunct; "A judge *denied* bail to all five members": for any cue verb, a figure
    reached through a recipient's preposition outside the cue, an indirect object or a passive's
    agent is no content, while "cited endorsements from 88 generals" still is); True otherwise, so a
    link found another way (an attribution model's content span) stands unless the parse says it is
    no report."""
    if _describes_other_noun(claim_tokens, cue_start, cue_end):
        return False
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
        src = _TRAILING.sub("", DASH_RE.split(m.group("src"), maxsplit=1)[0])
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
    found = by_claim_noun(claim_tokens, sent)
    if found is None:
        found = by_estimate_phrase(text, sent_start, claim_tokens.start_char, STRONG_ESTIMATE_RE)
    if found is None:
        found = by_reporting_verb(claim_tokens, sent)
    if found is None:
        found = by_according_to(text, sent_start, claim_tokens.start_char)
        if found is not None and _describes_source(claim_tokens, found):
            found = None
    if found is None:
        found = by_estimate_phrase(text, sent_start, claim_tokens.start_char)
    if found is None:
        m = TRAILING_CUE_RE.search(text)
        if m and sent_start + m.start("src") > claim_tokens.end_char:
            start = sent_start + m.start("src")
            found = Attribution(m.group("src"), start, start + len(m.group("src")), m.group("cue"))
    return found if found is None else _narrowed(found, claim_tokens.doc)


def _describes_source(claim_tokens: Span, found: Attribution) -> bool:
    """Whether the figure is its source or says who the source is ("according to two people familiar
    with the matter"; "According to Zakkout, who sits on the boards of two anti-crime groups, ..."):
    the journalist's description of a source is not what the source says, unless a reporting verb
    says so ("according to the ministry, which counted 12 more")."""
    if claim_tokens.start_char < found.end and found.start < claim_tokens.end_char:
        return True
    source = claim_tokens.doc.char_span(found.start, found.end, alignment_mode="expand")
    if source is None or not len(source):
        return False
    head = source.root  # "Mr" of "Mr. Varga" (the phrase stops at a full stop): the name it belongs to
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    below = {t.i for t in source} | {head.i}
    for token in _start(claim_tokens).ancestors:
        if token.i in below:
            return True  # "who sits on the boards of two groups": says who the source is
        if token.lower_ in REPORT_VERBS:
            return False  # "the ministry, which counted 12 more": what the source reports
    return False


def points_back(sent_text: str) -> bool:
    """Whether a sentence opens by referring to what the previous one said ("This includes ...")."""
    return bool(BACKREF_RE.match(sent_text))
