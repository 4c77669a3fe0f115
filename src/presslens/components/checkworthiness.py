"""checkworthiness.v1: how much each sentence asserts checkable facts, as a transparent score.

A weighted sum of counted features squashed to 0..1 with a logistic function; the weights are
hand-set (see docs/checkworthiness.md for the table and the limits). Factual cues: figures,
named entities, dates, event verbs, attribution (a quote cue, a source, "according to") and an
extracted claim (claims.v1). Opinion cues: evaluative adjectives, modal and hedge
words, first person, questions and exclamations.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence

from spacy.tokens import Doc

from presslens.components.cues import according_re
from presslens.components.quotes_lexicon import words
from presslens.model import Article
from presslens.pipeline import component

NUMBER_RE = re.compile(
    r"\b\d[\d,.]*\b|\b(?:hundreds?|thousands?|millions?|billions?|dozens?|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|twenty|thirty|forty|fifty|hundred)\b",
    re.I,
)
EVENT_VERBS = words(
    """
    killed wounded injured arrested detained launched fired attacked struck bombed captured released
    freed signed approved passed voted met visited announced resigned died invaded withdrew entered
    seized recruited rose fell increased decreased dropped doubled imposed sanctioned deployed
    transferred evacuated displaced elected appointed fined sentenced charged raided destroyed
    demolished agreed rejected
    """
)
EVALUATIVE = words(
    """
    brutal genocidal desperate humiliating humiliation heroic criminal insane shameful disgraceful
    evil terrible horrible catastrophic disastrous glorious great brave cowardly malicious futile
    rabid savage barbaric outrageous ridiculous absurd pathetic tragic heartbreaking steadfast
    unshaken colossal abject ugly vile wicked noble righteous delusional reckless illegitimate
    warmongering aggressive
    """
)
HEDGES = words(
    """
    may might could should would must perhaps possibly probably likely unlikely seems seem appears
    arguably clearly obviously undeniable undeniably surely certainly apparently allegedly suggest
    suggests believe think
    """
)
FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "me", "ours"})
FACT_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW"})
#: "according to X" anywhere in a sentence makes it attributed (cues.json's phrases with the use "source").
_ACCORDING = according_re("source", flags=re.IGNORECASE)

#: (feature, weight). Counts are capped at 3 so one long list does not dominate.
WEIGHTS: dict[str, float] = {
    "bias": -0.6,
    "numbers": 0.9,
    "entities": 0.35,
    "dates": 0.6,
    "event_verbs": 0.7,
    "attributed": 0.6,
    "claim": 1.0,
    "evaluative": -0.8,
    "hedges": -0.5,
    "first_person": -0.7,
    "question": -1.5,
    "exclamation": -1.2,
}


def features(
    sentence_text: str, words: Sequence[str], ent_labels: Sequence[str], attributed: bool, claim: bool
) -> dict[str, float]:
    """The counted features of one sentence (lower-cased ``words``, labels of its entities)."""
    return {
        "bias": 1.0,
        "numbers": min(3, len(NUMBER_RE.findall(sentence_text))),
        "entities": min(3, sum(1 for label in ent_labels if label in FACT_ENTS)),
        "dates": min(2, sum(1 for label in ent_labels if label in ("DATE", "TIME"))),
        "event_verbs": min(2, sum(1 for w in words if w in EVENT_VERBS)),
        "attributed": 1.0 if attributed else 0.0,
        "claim": 1.0 if claim else 0.0,
        "evaluative": min(3, sum(1 for w in words if w in EVALUATIVE)),
        "hedges": min(3, sum(1 for w in words if w in HEDGES)),
        "first_person": min(2, sum(1 for w in words if w in FIRST_PERSON)),
        "question": 1.0 if sentence_text.rstrip("”\"’' ").endswith("?") else 0.0,
        "exclamation": 1.0 if "!" in sentence_text else 0.0,
    }


def score(feats: dict[str, float]) -> float:
    """Logistic of the weighted feature sum, rounded to 3 places."""
    total = sum(WEIGHTS[name] * value for name, value in feats.items())
    return round(1.0 / (1.0 + math.exp(-total)), 3)


def _overlapping(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether any of the sorted ``spans`` overlaps ``[start, end)``."""
    i = bisect.bisect_left(starts, end)
    return any(e > start for _s, e in spans[max(0, i - 16) : i])


@component(
    "checkworthiness.v1",
    reads=("doc", "sentences", "claims", "quotes", "sources"),
    writes=("checkworthiness",),
)
def checkworthiness(article: Article, doc: Doc) -> None:
    """Score each sentence 0..1 for how much it asserts checkable facts rather than opinion.

    The scores are published as the link ``checkworthiness`` (sentence id -> score), shown as
    ``sentences[].checkworthiness``. The claims, quotes and sources it counts as features are
    required, not optional: a score computed without them would silently mean something else.
    """
    cues = [(q.cue.start, q.cue.end) for q in article.layers["quotes"] if q.cue is not None]
    cues += [(a.start, a.end) for a in article.layers["sources"]]
    cues.sort()
    claims = sorted((a.start, a.end) for a in article.layers["claims"])
    cue_starts, claim_starts = [s for s, _ in cues], [s for s, _ in claims]
    tok_starts = [t.idx for t in doc]
    lowers = [t.lower_ for t in doc]
    ents = [(e.start_char, e.label_) for e in doc.ents]
    ent_starts = [s for s, _ in ents]
    text = article.text
    scores: dict[str, float] = {}
    for sent in article.layers["sentences"]:
        t0, t1 = bisect.bisect_left(tok_starts, sent.start), bisect.bisect_left(tok_starts, sent.end)
        e0, e1 = bisect.bisect_left(ent_starts, sent.start), bisect.bisect_left(ent_starts, sent.end)
        sentence = text[sent.start : sent.end]
        attributed = _ACCORDING.search(sentence) is not None or _overlapping(
            cues, cue_starts, sent.start, sent.end
        )
        claim = _overlapping(claims, claim_starts, sent.start, sent.end)
        feats = features(sentence, lowers[t0:t1], [label for _, label in ents[e0:e1]], attributed, claim)
        scores[sent.id] = score(feats)
    article.results["checkworthiness"] = scores
