"""How often a word attributes in PolNeAR train: the gates on cues and speakers, learned from data.

The tagger was trained on US political news; on other news it also marks verbs that attribute
nothing ("Resistance *shatters* Netanyahu's “total victory” dream", "the ceasefire *illustrates*
...") and, as their source, things that cannot speak ("the recent ceasefire", "global concerns").
A hand list of such words fits the articles it was written on, so the gates read counts made on
PolNeAR train instead (``lexicon.json``, written by ``python -m presslens_train.attribution.lexicon``):

- ``cues``: for each word key, how many gold cues of train have it as their head word, and how
  often the key occurs in train at all. Its *cue rate* is the first over the second (plus one,
  so that a word seen once is not certain). A word never seen attributing has rate 0;
- ``sources``: the same for the head word of gold sources (its *source rate*), listing also the
  common nouns seen at least ``MIN_SEEN`` times that never head one.

Gates (thresholds chosen by cross-validation on PolNeAR train folds, docs/attribution.md):

- **cue gate**: an attribution whose cue head has a cue rate below ``cue.min_rate`` is dropped
  unless the model is at least ``cue.min_confidence`` sure of it (`CueGate.keeps`);
- **speaker gate**: a source headed by a common noun (no name, no entity type) that PolNeAR train
  holds at least ``source.min_seen`` times and whose source rate is below ``source.min_rate`` cannot
  speak: attribution.v1 leaves its speaker unresolved (`SpeakerGate.can_speak`). A noun PolNeAR
  rarely or never holds ("paramedics", "ceasefire": US political news) is not judged by it.

Word keys (`word_key`) are lower-cased lemmas ("claims", "claimed", "claiming" -> "claim") from
the rule lemmatizer of the verified spaCy model, run on the few head words the gates read (the
pipeline itself runs without a lemmatizer: it would cost a quarter of the parse, nlp.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.json"
#: Entity types whose names can speak (a person, an organisation, a group, a country): the speaker
#: gate judges only sources headed by a common noun outside these.
SPEAKING_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Source types of ``resources/sources.json`` whose keywords name someone who speaks ("officials",
#: "the military", "state media", "the regime"): the project's own vocabulary, kept over PolNeAR's
#: counts (US political news rarely quotes an army). Reports are left to the counts (and to the
#: ``document`` kind, which the gate never judges).
SPEAKING_SOURCE_TYPES = frozenset(
    {"official", "military", "outlet", "intelligence", "un", "agency", "government"}
)
#: How often a common noun must occur in PolNeAR train to be listed under ``sources`` (the least
#: evidence a speaker gate may ask for; the shipped gate's ``min_seen`` is chosen by CV).
MIN_SEEN = 5


@lru_cache(maxsize=1)
def _lemmatizer() -> Lemmatizer:
    """spaCy's rule lemmatizer with the verified model's own tables (loaded once, ~20 ms)."""
    from spacy.lookups import Lookups

    from presslens.nlp import find_model, load_spacy

    _package, folder = find_model()
    lemmatizer = Lemmatizer(load_spacy().vocab, None, mode="rule")
    lemmatizer.initialize(lookups=Lookups().from_disk(folder / "lemmatizer" / "lookups"))
    return lemmatizer


def word_key(token: Token) -> str:
    """The key a token is counted under: its lower-cased lemma, typographic apostrophe folded."""
    lemmas = _lemmatizer().rule_lemmatize(token)
    return (lemmas[0] if lemmas else token.text).lower().replace("’", "'")


def rate(counts: dict[str, list[int]], token: Token) -> float:
    """How often ``token``'s lemma plays the role when it occurs: hits / (occurrences + 1); 0 unseen."""
    hits, seen = counts.get(word_key(token), (0, 0))
    return hits / (seen + 1)


@dataclass(frozen=True, slots=True)
class CueGate:
    """Keeps an attribution whose cue head attributes often enough in PolNeAR train, or that the
    model is sure of."""

    counts: dict[str, list[int]]
    min_rate: float
    min_confidence: float
    #: Whether a content that holds a quotation mark stays, without cue or source, when its cue fails
    #: (as a quoted content with no cue in reach does); otherwise the attribution goes.
    quoted_stay: bool = False

    def keeps(self, cue_head: Token, confidence: float) -> bool:
        return confidence >= self.min_confidence or rate(self.counts, cue_head) >= self.min_rate


@dataclass(frozen=True, slots=True)
class SpeakerGate:
    """Whether a source's head word can name a speaker."""

    counts: dict[str, list[int]]
    min_rate: float
    #: How often a noun must occur in PolNeAR train for its rate to count as evidence.
    min_seen: int = MIN_SEEN

    @staticmethod
    def judges(head: Token) -> bool:
        """Whether the gate judges a source headed by ``head``: a common noun, not part of a name,
        that the project's lexicons do not already name as a speaker (a title, a source type)."""
        if head.pos_ != "NOUN" or head.ent_type_ in SPEAKING_ENTITIES:
            return False
        return not named_speaker(head.text)

    def can_speak(self, head: Token) -> bool:
        if not self.judges(head):
            return True
        hits, seen = self.counts.get(word_key(head), (0, 0))
        return seen < self.min_seen or hits / (seen + 1) >= self.min_rate


def named_speaker(word: str) -> bool:
    """Whether the project's lexicons name ``word`` as someone who speaks: a title noun or bare head
    of ``people.json`` ("spokesman", "minister"), a keyword of a speaking source type of
    ``sources.json`` ("officials", "military", "media")."""
    from presslens.components.quotes_lexicon import BARE_HEADS, SOURCE_TYPE_RULES, TITLE_NOUNS

    lower = word.lower()
    if lower in TITLE_NOUNS or lower in BARE_HEADS:
        return True
    return any(kind in SPEAKING_SOURCE_TYPES and rule.fullmatch(word) for rule, kind in SOURCE_TYPE_RULES)


@lru_cache(maxsize=1)
def shipped_lexicon() -> dict[str, Any]:
    """``lexicon.json`` as read (counts and the chosen thresholds)."""
    return json.loads(LEXICON_FILE.read_text(encoding="utf-8"))


def cue_gate(lexicon: dict[str, Any] | None = None) -> CueGate:
    lex = shipped_lexicon() if lexicon is None else lexicon
    gate = lex["gates"]["cue"]
    return CueGate(
        lex["cues"], float(gate["min_rate"]), float(gate["min_confidence"]), bool(gate.get("quoted_stay"))
    )


def speaker_gate(lexicon: dict[str, Any] | None = None) -> SpeakerGate:
    lex = shipped_lexicon() if lexicon is None else lexicon
    gate = lex["gates"]["source"]
    return SpeakerGate(lex["sources"], float(gate["min_rate"]), int(gate.get("min_seen", MIN_SEEN)))
