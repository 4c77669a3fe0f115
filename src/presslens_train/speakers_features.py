"""Candidates and features for a learned speaker chooser (issue 10; trained and scored by
`presslens_train.speakers`).

The quote rules (`presslens.components.quotes`, `presslens.components.attributions`) give each quote
one speaker. Rule fixes written from dev batches lifted those batches and not fresh held-out text
(docs/evaluation-quotes.md), so this module frames the choice as ranking: for each quote, the
candidates are

* the speaker the rules chose (``rule``),
* the person and organisation actors mentioned outside quoted words within the three paragraphs
  before the quote or in its own paragraph,
* the previous quote's speaker, and
* "unresolved" (no speaker).

Candidates with the same name (as the evaluation compares names) are one candidate with the union of
their flags. Each candidate is described by general features only, never by article words: where its
mentions lie (characters, sentences, paragraphs), their grammatical role (subject of a reporting
verb, of the quote's sentence), whether the rules chose it and how, pronoun agreement with the rules'
mention, salience, whether it was quoted before, and the quote's kind.

This lives in the training package because the chooser did not ship: cross-validated on the dev quote
gold it did not beat the rules (docs/evaluation-quotes.md, "Learned speaker chooser"). The code reads
only what quotes.v1 sees when it writes its layer (the article text, the spaCy doc, the actors and the
quotes with the rules' speakers), so wiring a future chooser means calling `quote_candidates` there.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from presslens.components.actors import Actor, ActorIndex
from presslens.components.quotes_lexicon import REPORTING_VERBS
from presslens.components.resolver import GENDER_OF_PRONOUN, Paragraphs, gender_of

#: How far back (in paragraphs) an actor's mention makes it a candidate.
WINDOW_PARAGRAPHS = 3
#: How the rules resolve a speaker (`layers.Speaker.resolved_from`); one feature each on the rule's pick.
HOWS = ("name", "pronoun", "description", "phrase", "continuation", "relative", "document")
KINDS = ("direct", "indirect", "mixed")
ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.I)
#: The features, in the order of the weight vector (the weights file names them too): the first
#: list was fixed before any cross-validation.
FIRST_FEATURES: tuple[str, ...] = (
    "rule",
    *(f"rule_{how}" for how in HOWS),
    "rule_x_indirect",
    "rule_x_mixed",
    "none",
    "prev",
    "prev_near",
    "quoted_before",
    "person",
    "org",
    "no_actor",
    "dist_before",
    "no_mention_before",
    "before_same_para",
    "before_prev_para",
    "same_sentence",
    "after_same_para",
    "in_rule_span",
    "subject_of_reporting",
    "subject_of_sentence",
    "salience",
    "salience_share",
    "recency_rank0",
    "recency_rank1",
    "pronoun_agrees",
    "pronoun_clashes",
    "pronoun_org",
    "description",
    "long_name",
)
#: Added after the first CV row (docs/evaluation-quotes.md): a mention inside the rules' speaker
#: phrase of a candidate other than the rules' pick, and person/recency of a candidate when the
#: rules' pick is a phrase with no actor, nobody, or a pronoun (the softmax over one quote cancels
#: what all its candidates share, so the rules' situation enters only through such products).
SECOND_FEATURES: tuple[str, ...] = (
    "other_in_rule_span",
    "ctx_unnamed_x_person",
    "ctx_unnamed_x_rank0",
    "ctx_none_x_person",
    "ctx_none_x_rank0",
    "ctx_pronoun_x_rank0",
)
FEATURES = FIRST_FEATURES + SECOND_FEATURES


def norm_name(name: str | None) -> str:
    """A name as the quote evaluation compares speakers: lower case, without a leading article."""
    return ARTICLE_RE.sub("", (name or "").strip().lower(), count=1)


@dataclass(slots=True)
class Candidate:
    """One possible speaker of a quote: the name to show, its actor, the mention to point at."""

    name: str | None
    actor: str | None = None
    span: tuple[int, int] | None = None
    features: dict[str, float] = field(default_factory=dict)
    rule: bool = False

    def vector(self) -> list[float]:
        return [self.features.get(name, 0.0) for name in FEATURES]


class _Spans:
    """Sorted, merged character ranges with a bisect membership test (quoted and reported words)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def holds(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


class CandidateBuilder:
    """Candidates and features for the quotes of one analysed article (in text order)."""

    def __init__(self, text: str, doc: Doc, actors: Sequence[Any], quotes: Sequence[Any]) -> None:
        self.text = text
        self.doc = doc
        self.paras = Paragraphs(text)
        self.index = ActorIndex.from_results(actors)
        self.covered = _Spans((q.content.start, q.content.end) for q in quotes)
        self.tok_starts = doc.to_array("IDX").tolist() if len(doc) else []
        # every mention outside quoted words, in text order: (start, end, actor id)
        self.spans = [sp for sp in self.index.spans if not self.covered.holds(sp[0])]
        self.starts = [s for s, _, _ in self.spans]
        self.by_actor: dict[str, list[int]] = {}
        for s, _e, aid in self.spans:
            self.by_actor.setdefault(aid, []).append(s)

    def token(self, pos: int) -> Any:
        return self.doc[max(0, bisect.bisect_right(self.tok_starts, pos) - 1)]

    def head_token(self, start: int, end: int) -> Any:
        """The syntactic head of a mention (the token of the span whose head lies outside it)."""
        tok = self.token(max(start, end - 1))
        for _ in range(4):
            if tok.head is tok or not start <= tok.head.idx < end:
                break
            tok = tok.head
        return tok

    def build(self, quotes: Sequence[Any]) -> list[list[Candidate]]:
        """One candidate list per quote (``quotes`` in text order, with the rules' speakers)."""
        out: list[list[Candidate]] = []
        quoted: dict[str, int] = {}
        previous: tuple[Any, int] | None = None
        for quote in quotes:
            out.append(self.candidates(quote, previous, quoted))
            speaker = quote.speaker
            if speaker is not None and speaker.name:
                key = norm_name(speaker.name)
                quoted[key] = quoted.get(key, 0) + 1
                previous = (speaker, self.paras.index(quote.start))
        return out

    def candidates(
        self, quote: Any, previous: tuple[Any, int] | None, quoted: dict[str, int]
    ) -> list[Candidate]:
        para = self.paras.index(quote.start)
        para_end = self.paras.bounds(self.paras.index(max(quote.start, quote.end - 1)))[1]
        window_start = self.paras.bounds(max(0, para - WINDOW_PARAGRAPHS))[0]
        by_name: dict[str, Candidate] = {}

        def add(name: str | None, actor: str | None, span: tuple[int, int] | None) -> Candidate:
            key = norm_name(name) if name else ""
            cand = by_name.get(key)
            if cand is None:
                cand = by_name[key] = Candidate(name if key else None, actor, span)
            cand.actor = cand.actor or actor
            cand.span = cand.span or span
            return cand

        add(None, None, None).features["none"] = 1.0
        speaker = quote.speaker
        rule_name = speaker.name if speaker is not None and speaker.resolved else None
        rule_actor = speaker.actor if rule_name is not None else None  # type: ignore[union-attr]
        rule = add(rule_name, rule_actor, (speaker.start, speaker.end) if rule_name is not None else None)  # type: ignore[union-attr]
        rule.rule = True
        rule.features["rule"] = 1.0
        if speaker is not None and speaker.resolved_from in HOWS:
            rule.features[f"rule_{speaker.resolved_from}"] = 1.0
        if quote.kind in ("indirect", "mixed"):
            rule.features[f"rule_x_{quote.kind}"] = 1.0
        if previous is not None:
            prev_speaker, prev_para = previous
            cand = add(prev_speaker.name, prev_speaker.actor, None)
            cand.features["prev"] = 1.0
            cand.features["prev_near"] = 1.0 if para - prev_para <= 1 else 0.0
        lo = bisect.bisect_left(self.starts, window_start)
        hi = bisect.bisect_left(self.starts, para_end)
        for s, e, aid in self.spans[lo:hi]:
            if quote.start <= s < quote.end:
                continue  # inside the quote's own span (its marks or clause)
            actor = self.index.actors[aid]
            add(actor.name, aid, (s, e))
        self.describe(quote, list(by_name.values()), quoted)
        return list(by_name.values())

    def actor_of(self, cand: Candidate) -> Actor | None:
        return self.index.actors.get(cand.actor) if cand.actor else None

    def describe(self, quote: Any, cands: list[Candidate], quoted: dict[str, int]) -> None:
        """Fill each candidate's features (see `FEATURES`)."""
        speaker = quote.speaker
        rule_span = (speaker.start, speaker.end) if speaker is not None else None
        pronoun = self.text[rule_span[0] : rule_span[1]].lower() if rule_span else ""
        wanted = GENDER_OF_PRONOUN.get(pronoun)
        para = self.paras.index(quote.start)
        last_para = self.paras.index(max(quote.start, quote.end - 1))
        sent = self.token(quote.start).sent
        sent_lo, sent_hi = sent.start_char, self.token(max(quote.start, quote.end - 1)).sent.end_char
        before_total = bisect.bisect_left(self.starts, quote.start)
        last_seen: list[tuple[int, Candidate]] = []
        for cand in cands:
            f = cand.features
            if cand.name is None:
                continue
            key = norm_name(cand.name)
            f["quoted_before"] = math.log1p(quoted.get(key, 0))
            words = cand.name.split()
            f["description"] = 1.0 if cand.name[:1].islower() or ARTICLE_RE.match(cand.name) else 0.0
            f["long_name"] = 1.0 if len(words) > 4 else 0.0
            actor = self.actor_of(cand)
            if actor is None:
                f["no_actor"] = 1.0
                f["no_mention_before"] = 1.0
                f["dist_before"] = 1.0
                continue
            f["person" if actor.label == "PERSON" else "org"] = 1.0
            starts = self.by_actor.get(actor.id, [])
            mentions = sorted(
                (s, e)
                for s, e in set(actor.mentions)
                if not self.covered.holds(s) and not quote.start <= s < quote.end
            )
            before = [(s, e) for s, e in mentions if e <= quote.start]
            n_before = bisect.bisect_left(starts, quote.start)
            f["salience"] = math.log1p(n_before)
            f["salience_share"] = n_before / before_total if before_total else 0.0
            if before:
                s, e = before[-1]
                gap = quote.start - e
                f["dist_before"] = min(1.0, math.log1p(max(0, gap)) / math.log1p(5000))
                f["before_same_para"] = 1.0 if self.paras.index(s) == para else 0.0
                f["before_prev_para"] = 1.0 if self.paras.index(s) == para - 1 else 0.0
                last_seen.append((s, cand))
            else:
                f["no_mention_before"] = 1.0
                f["dist_before"] = 1.0
            near = [(s, e) for s, e in mentions if self.paras.index(s) in range(para - 1, last_para + 1)]
            f["same_sentence"] = 1.0 if any(sent_lo <= s < sent_hi for s, _ in mentions) else 0.0
            f["after_same_para"] = (
                1.0 if any(s >= quote.end and self.paras.index(s) == last_para for s, _ in mentions) else 0.0
            )
            if rule_span is not None and any(rule_span[0] <= s < rule_span[1] for s, _ in mentions):
                f["in_rule_span"] = 1.0
                if not cand.rule:
                    f["other_in_rule_span"] = 1.0
            for s, e in near:
                head = self.head_token(s, e)
                if head.dep_ in ("nsubj", "nsubjpass"):
                    if head.head.lower_ in REPORTING_VERBS:
                        f["subject_of_reporting"] = 1.0
                    if head.head.dep_ == "ROOT" and sent_lo <= s < sent_hi:
                        f["subject_of_sentence"] = 1.0
            if wanted is not None:
                if actor.label != "PERSON":
                    f["pronoun_org"] = 1.0
                else:
                    gender = gender_of(actor)
                    f["pronoun_agrees"] = 1.0 if gender == wanted else 0.0
                    f["pronoun_clashes"] = 1.0 if gender not in (None, wanted) else 0.0
        for rank, (_s, cand) in enumerate(sorted(last_seen, key=lambda x: -x[0])[:2]):
            cand.features[f"recency_rank{rank}"] = 1.0
        rule = next(c for c in cands if c.rule)
        if rule.name is None:
            context = "none"
        elif speaker is not None and speaker.resolved_from == "pronoun":
            context = "pronoun"
        elif rule.actor is None:
            context = "unnamed"
        else:
            return
        for cand in cands:
            if cand.rule:
                continue
            f = cand.features
            if context != "pronoun" and f.get("person"):
                f[f"ctx_{context}_x_person"] = 1.0
            if f.get("recency_rank0"):
                f[f"ctx_{context}_x_rank0"] = 1.0


def quote_candidates(
    text: str, doc: Doc, actors: Sequence[Any], quotes: Sequence[Any]
) -> list[list[Candidate]]:
    """Candidates for each quote of an article, in the order of ``quotes`` (their speakers are the rules';
    the previous quote is the one before in text order)."""
    order = sorted(range(len(quotes)), key=lambda k: (quotes[k].start, quotes[k].end))
    ordered = [quotes[k] for k in order]
    built = CandidateBuilder(text, doc, actors, ordered).build(ordered)
    out: list[list[Candidate]] = [[] for _ in quotes]
    for k, cands in zip(order, built, strict=True):
        out[k] = cands
    return out
