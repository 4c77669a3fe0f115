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
  speak: attribution.v1 leaves its speaker unresolved (`SpeakerGate.can_speak`);
- **speaker prior** (``source.prior``), for a common noun PolNeAR train holds fewer times and never
  as a source ("hypocrisy", "recruitment", "symptoms", but also "bishop", "paramedics"): the counts
  say nothing, so a tiny logistic model over the word's meaning decides. It reads the shipped
  rhetoric encoder's state of the word in the phrase "the <word>" (`word_vector`), and was fitted on
  the PolNeAR train nouns the counts do judge (a source at least 1% of the times it occurs vs
  never), by ``python -m presslens_train.attribution.speaker_prior``; a noun it gives a chance below
  ``threshold`` of being a speaker's word cannot speak. A noun seen as a source even once can;
- **deverbal nouns** (``source.deverbal``): a noun of the prior's domain formed from a verb by a
  nominalising suffix ("recruit*ment*", "crea*tion*", "withdraw*al*": the verb found in the
  verified spaCy model's own verb list) names an act or an event, unless it names the body that
  acts ("organisation", "congregation"): it must clear the prior's higher ``min_prior`` to speak
  (`Deverbal`). The prior alone reads many of these as near even ("recruitment" 0.37);
- **non-speech frames** (``cue.reflexive_frames``): a cue verb whose object is a reflexive pronoun
  in a frame PolNeAR train almost never annotates ("Israel *finds itself* grappling with ...",
  "the opportunity *presents itself*") attributes nothing (`CueGate.keeps`), however sure the
  model is.

Word keys (`word_key`) are lower-cased lemmas ("claims", "claimed", "claiming" -> "claim") from
the rule lemmatizer of the verified spaCy model, run on the few head words the gates read (the
pipeline itself runs without a lemmatizer: it would cost a quarter of the parse, nlp.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
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
#: Reflexive pronouns: the object of a non-speech frame ("finds itself").
REFLEXIVES = frozenset(
    {"itself", "himself", "herself", "themselves", "ourselves", "myself", "yourself", "yourselves", "oneself"}
)
#: The phrase a word is read in for the speaker prior (``{}``: the word key).
PRIOR_TEMPLATE = "the {}"


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


def reflexive_object(verb: Token) -> Token | None:
    """The reflexive pronoun a verb takes as its object, directly ("sees *itself* as") or as the
    subject of its clausal complement, as the small parser reads "finds *itself* grappling"; or None."""
    for child in verb.children:
        if child.lower_ in REFLEXIVES and child.dep_ in ("dobj", "dative", "oprd", "attr"):
            return child
        if child.dep_ in ("ccomp", "xcomp", "oprd"):
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in REFLEXIVES:
                return subject
    return None


@dataclass(frozen=True, slots=True)
class CueGate:
    """Keeps an attribution whose cue head attributes often enough in PolNeAR train, or that the
    model is sure of, unless the cue is a non-speech frame."""

    counts: dict[str, list[int]]
    min_rate: float
    min_confidence: float
    #: Whether a content that holds a quotation mark stays, without cue or source, when its cue fails
    #: (as a quoted content with no cue in reach does); otherwise the attribution goes.
    quoted_stay: bool = False
    #: Word keys of verbs that attribute nothing with a reflexive object ("find": "finds itself").
    reflexive_frames: frozenset[str] = frozenset()

    def keeps(self, cue_head: Token, confidence: float) -> bool:
        if self.non_speech(cue_head):
            return False
        return confidence >= self.min_confidence or rate(self.counts, cue_head) >= self.min_rate

    def non_speech(self, cue_head: Token) -> bool:
        """Whether the cue is a reflexive frame that reports no speech ("finds itself grappling")."""
        return (
            bool(self.reflexive_frames)
            and reflexive_object(cue_head) is not None
            and word_key(cue_head) in self.reflexive_frames
        )


@lru_cache(maxsize=4096)
def word_vector(key: str) -> np.ndarray:
    """The rhetoric encoder's last-layer state of ``key`` read in `PRIOR_TEMPLATE` (the mean over its
    wordpieces): the word's meaning, for nouns the counts do not know. One short encoder run (a few
    milliseconds); the verified shipped encoder, loaded once (`presslens.rhetoric.runtime.get_model`).
    It never touches the encoder's per-article cache."""
    from presslens.rhetoric import data as rhetoric_data
    from presslens.rhetoric.runtime import get_model

    model = get_model()
    text = PRIOR_TEMPLATE.format(key)
    start = text.rindex(key)
    encoded = rhetoric_data.encode_article(model.tokenizer, text, model.max_len)
    window = encoded.windows[0]
    hidden = model.hidden_states(encoded)[0]
    rows = [i for i, (s, e) in enumerate(window.offsets) if e > s and s >= start]
    vector = hidden[rows].mean(axis=0) if rows else np.zeros(hidden.shape[1], np.float32)
    return np.nan_to_num(vector.astype(np.float64))


@dataclass(frozen=True, slots=True)
class SpeakerPrior:
    """A logistic model of "this noun names someone who speaks" over `word_vector` (standardised by
    ``mean``/``scale``), fitted on PolNeAR train's judged nouns; below ``threshold``, it cannot."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SpeakerPrior:
        return cls(
            np.asarray(raw["weights"], np.float64),
            float(raw["bias"]),
            np.asarray(raw["mean"], np.float64),
            np.asarray(raw["scale"], np.float64),
            float(raw["threshold"]),
        )

    def probability(self, key: str) -> float:
        z = (word_vector(key) - self.mean) / self.scale
        return float(1.0 / (1.0 + np.exp(-(z @ self.weights + self.bias))))

    def can_speak(self, key: str) -> bool:
        return self.probability(key) >= self.threshold


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    """The verb lemmas of the verified spaCy model's lemmatizer tables (its ``lemma_index``)."""
    return frozenset(_lemmatizer().lookups.get_table("lemma_index")["verb"])


@dataclass(frozen=True, slots=True)
class Deverbal:
    """Nouns formed from a verb ("recruitment", "creation", "withdrawal"): an act or an event, which
    speaks only if the prior is at least ``min_prior`` sure ("organisation", "congregation" are)."""

    #: Nominalising suffix -> the endings that may replace it to give the verb ("ation": "", "e", "ate").
    suffixes: dict[str, tuple[str, ...]]
    min_prior: float
    #: Letters a stem keeps at least ("al" of "deal" is no suffix).
    min_stem: int = 3

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Deverbal:
        suffixes = {suffix: tuple(ends) for suffix, ends in raw["suffixes"].items()}
        return cls(suffixes, float(raw["min_prior"]), int(raw.get("min_stem", 3)))

    def verb_of(self, key: str) -> str | None:
        """The verb ``key`` is formed from ("recruitment" -> "recruit"), or None."""
        for suffix, ends in sorted(self.suffixes.items(), key=lambda kv: -len(kv[0])):
            stem = key[: -len(suffix)]
            if key.endswith(suffix) and len(stem) >= self.min_stem:
                verb = next((stem + end for end in ends if stem + end in _verbs()), None)
                if verb is not None:
                    return verb
        return None


@dataclass(frozen=True, slots=True)
class SpeakerGate:
    """Whether a source's head word can name a speaker."""

    counts: dict[str, list[int]]
    min_rate: float
    #: How often a noun must occur in PolNeAR train for its rate to count as evidence.
    min_seen: int = MIN_SEEN
    #: Judges a noun seen fewer times and never as a source; None lets every such noun speak.
    prior: SpeakerPrior | None = field(default=None, compare=False)
    #: Asks more of the prior for a noun formed from a verb; None treats them as any noun.
    deverbal: Deverbal | None = None

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
        key = word_key(head)
        hits, seen = self.counts.get(key, (0, 0))
        if seen >= self.min_seen:
            return hits / (seen + 1) >= self.min_rate
        if hits > 0 or self.prior is None or not key.isalpha():
            return True
        if self.deverbal is not None and self.deverbal.verb_of(key) is not None:
            return self.prior.probability(key) >= max(self.deverbal.min_prior, self.prior.threshold)
        return self.prior.can_speak(key)


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
        lex["cues"],
        float(gate["min_rate"]),
        float(gate["min_confidence"]),
        bool(gate.get("quoted_stay")),
        frozenset(gate.get("reflexive_frames", ())),
    )


def speaker_gate(lexicon: dict[str, Any] | None = None) -> SpeakerGate:
    """The speaker gate of ``lexicon`` (default: the shipped one, built once)."""
    if lexicon is None:
        return _shipped_speaker_gate()
    gate = lexicon["gates"]["source"]
    prior = SpeakerPrior.from_json(gate["prior"]) if gate.get("prior") else None
    deverbal = Deverbal.from_json(gate["deverbal"]) if gate.get("deverbal") else None
    return SpeakerGate(
        lexicon["sources"], float(gate["min_rate"]), int(gate.get("min_seen", MIN_SEEN)), prior, deverbal
    )


@lru_cache(maxsize=1)
def _shipped_speaker_gate() -> SpeakerGate:
    return speaker_gate(shipped_lexicon())
