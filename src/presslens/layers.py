"""The typed records of every layer and result, defined once.

An article's findings live in *fields*: span **layers** (lists of records, each a half-open
character span ``[start, end)`` of the article text plus typed attributes: a sentence, a claim, a
quote...) and article-level **results** (genre, frames, actors, voices...). This module defines
one frozen dataclass per record and a registry (`FIELDS`) naming every field with its record type
and meaning. Everything else is derived from it:

* the `presslens/1` JSON (`Span.to_dict`, `to_json`) and its reading back (`from_json`,
  `Article.from_dict`), both driven by the dataclass fields;
* the JSON Schema (`presslens.schema`, docs/schema.json) and the attribute tables of
  docs/annotations.md (`presslens.docgen`);
* the store's columns and the report's readers, which read these records rather than raw dicts.

Why frozen dataclasses and not pydantic models: records are built in the hot path (hundreds per
article) and serialised once; a frozen slotted dataclass is built as fast as a pydantic model and
serialised about four times faster by `to_json`, and freezing is what stops one component from
editing another's records. Pydantic's `TypeAdapter` is still used where its validation pays:
reading untrusted JSON back into records (`from_json`), and checking records in strict mode.

**One writer per field.** A component writes only the fields it declares (see
`presslens.pipeline`). Where the JSON shows a value on another component's records (a sentence's
``checkworthiness``, an entity's ``actor``, the person a figure's "he" refers to), the component
that knows it publishes a *link* field (``emit=False``), and `join_links` copies the links onto
the records once every component has run. So no component ever edits a record it did not make.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from functools import cache
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, Literal

if typing.TYPE_CHECKING:
    from presslens.model import Article


@dataclass(frozen=True, slots=True)
class Schema:
    """JSON Schema keywords for an ``Annotated`` type (``Annotated[int, Schema(minimum=0)]``)."""

    minimum: float | None = None
    maximum: float | None = None

    def keywords(self) -> dict[str, Any]:
        return {k: v for k, v in (("minimum", self.minimum), ("maximum", self.maximum)) if v is not None}


#: A character offset into the article text.
Offset = Annotated[int, Schema(minimum=0)]
#: A probability or confidence, 0..1.
Score = Annotated[float, Schema(minimum=0, maximum=1)]
Count = Annotated[int, Schema(minimum=0)]
#: A figure: an integer when the text gives one, else a float (kept apart so 1200 never prints as 1200.0).
Number = int | float


def attr(
    default: Any = MISSING, *, doc: str, omit: bool = False, added: bool = False, factory: Any = MISSING
) -> Any:
    """A record attribute with its documentation; ``omit`` leaves it out of the JSON at its default.

    ``added`` marks an attribute that later releases always write but earlier `presslens/1` output
    lacks: the JSON Schema lists it without requiring it, so older files stay valid ("add, don't
    rename"), and reading them back gives the default.
    """
    meta = {"doc": doc, "omit": omit, "added": added}
    if factory is not MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


# ---- spans -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A labelled half-open character span ``[start, end)`` into the article text.

    Every layer record extends this. ``id`` is given by `Article.add` (unique in the article).
    """

    #: The allowed labels of a layer's records (a JSON Schema ``const``/``enum``), None for any.
    LABELS: ClassVar[tuple[str, ...] | None] = None

    start: Offset
    end: Offset
    label: str
    component: str
    confidence: Score = 1.0
    id: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def to_dict(self, text: str) -> dict[str, Any]:
        """The JSON object of this record: the core keys, the covered ``text``, then the attributes."""
        out: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "label": self.label,
            "component": self.component,
            "confidence": round(float(self.confidence), 4),
        }
        out.update(self.attributes())
        return out

    def attributes(self) -> dict[str, Any]:
        """The type-specific attributes as JSON values (what the JSON shows beside the core keys)."""
        return _json_fields(self, _plan(type(self), skip=CORE_FIELDS))

    def with_id(self, id: str) -> Span:
        """This record with its article-wide id set (records are frozen: a new one)."""
        return replace(self, id=id)

    @property
    def attrs(self) -> Mapping[str, Any]:
        """A read-only JSON view of the attributes (for code written against the untyped model)."""
        return MappingProxyType(self.attributes())


#: The keys every serialised span has; attributes may not reuse them.
RESERVED_KEYS = frozenset({"id", "start", "end", "text", "label", "component", "confidence"})
CORE_FIELDS = frozenset({"id", "start", "end", "label", "component", "confidence"})


@dataclass(frozen=True, slots=True, init=False)
class Annotation(Span):
    """An untyped span with free attributes: for plugin layers that declare no record of their own.

    ``Annotation(start, end, label, component, confidence, attrs)`` (positional, as in the first
    PressLens releases). Given to `Article.add` for a built-in layer it is converted to that
    layer's record, which checks its attributes.
    """

    _attrs: Mapping[str, Any]

    def __init__(
        self,
        start: int,
        end: int,
        label: str,
        component: str,
        confidence: float = 1.0,
        attrs: Mapping[str, Any] | None = None,
        id: str = "",
    ) -> None:
        for name, value in (
            ("start", start),
            ("end", end),
            ("label", label),
            ("component", component),
            ("confidence", confidence),
            ("id", id),
            ("_attrs", dict(attrs or {})),
        ):
            object.__setattr__(self, name, value)
        clash = RESERVED_KEYS.intersection(self._attrs)
        if clash:
            raise ValueError(f"attribute names {sorted(clash)} are reserved")
        Span.__post_init__(self)

    def attributes(self) -> dict[str, Any]:
        return {k: to_json(v) for k, v in self._attrs.items()}

    def with_id(self, id: str) -> Annotation:
        return Annotation(self.start, self.end, self.label, self.component, self.confidence, self._attrs, id)


# ---- nested values -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CharSpan:
    """A nested span: characters ``[start, end)`` of the article text."""

    start: Offset = attr(doc="first character")
    end: Offset = attr(doc="one past the last character")


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that mark an attribution: a reporting verb, "according to", "told"..."""

    text: str = attr(doc="the cue as written")
    start: Offset = attr(doc="start of the cue")
    end: Offset = attr(doc="end of the cue")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who speaks, as written (``start``/``end``) and resolved (``name``, ``actor``)."""

    name: str | None = attr(
        doc='the fullest name the article gives, or the phrase as written ("he" unresolved)'
    )
    actor: str | None = attr(doc="id of the actor (`actors`) the speaker is, or null")
    start: Offset = attr(doc="start of the speaker as written")
    end: Offset = attr(doc="end of the speaker as written")
    resolved_from: str | None = attr(
        doc="how the speaker was found: name, pronoun, description, phrase or continuation"
    )
    actors: tuple[str, ...] = attr(
        (), omit=True, doc='the actors of a joint speaker ("X and Y said"); left out when empty'
    )


@dataclass(frozen=True, slots=True)
class ClaimValue:
    """A figure's value: a point (``high`` null) or a range, with the qualifier as written."""

    low: Number | None = attr(doc="the figure, or the low end of a range")
    high: Number | None = attr(None, doc="the high end of a range; null for a single figure")
    approx: bool = attr(False, doc='true for "around", "tens of thousands"...')
    qualifier: str | None = attr(None, doc='as written: "more than", "between", "nearly"...')
    unit: str = attr(
        "count",
        doc='"count", a currency code ("USD"), "percent", "fraction" ("a third of", low 0.3333) or "rate"',
    )


@dataclass(frozen=True, slots=True)
class Antecedent:
    """The earlier text a pronoun or "more" points back to."""

    start: Offset = attr(doc="start of the earlier claim")
    end: Offset = attr(doc="end of the earlier claim")
    text: str = attr(doc="the earlier claim as written")


@dataclass(frozen=True, slots=True)
class CountOf:
    """What a figure counts, as written, with its head noun in the singular."""

    text: str = attr(doc='the counted noun phrase ("Israeli officers and soldiers")')
    head: str | None = attr(doc='its head noun, singular ("soldier"); null when unknown')
    start: Offset = attr(doc="start of the counted phrase")
    end: Offset = attr(doc="end of the counted phrase")
    refers_to: Antecedent | None = attr(
        None, omit=True, doc='the earlier claim that "of them" / "more" / "of the 128" points back to'
    )
    refers_from: str | None = attr(
        None, omit=True, doc='the pointing word ("them") when the phrase follows it'
    )


@dataclass(frozen=True, slots=True)
class ClaimEvent:
    """What happened to what is counted (killed, wounded, taken captive...)."""

    label: str = attr(doc='the event: "killed", "wounded", "taken captive", "released"...')
    start: Offset = attr(doc="start of the event word")
    end: Offset = attr(doc="end of the event word")
    negated: bool = attr(False, doc='true when the text denies it ("were not killed")')


@dataclass(frozen=True, slots=True)
class AsOf:
    """The date a figure holds for."""

    date: str | None = attr(doc="ISO `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only that is known")
    text: str = attr(doc="the date as written")
    start: Offset = attr(doc="start of the date as written")
    end: Offset = attr(doc="end of the date as written")
    kind: Literal["explicit", "relative", "since", "publication"] = attr(doc="how the date was read")


@dataclass(frozen=True, slots=True)
class Referent:
    """The person a pronoun refers to."""

    name: str = attr(doc="the person's fullest name")
    actor: str | None = attr(None, doc="id of the actor (`actors`), or null")


@dataclass(frozen=True, slots=True)
class ClaimAttribution:
    """Who the article says a figure comes from, as written (never guessed)."""

    source: str | None = attr(doc='the source as written ("the Israeli military", "he")')
    start: Offset = attr(doc="start of the source as written")
    end: Offset = attr(doc="end of the source as written")
    cue: str | None = attr(doc='the cue: "according to", "said", "estimates"...')
    inherited: bool = attr(
        False,
        omit=True,
        doc='true when a sentence opening "This includes ..." takes the previous one\'s source',
    )
    resolved: Referent | None = attr(
        None,
        omit=True,
        doc='when `source` is "he" or "she": the person it refers to, by the rules of a quote\'s speaker',
    )

    def label(self) -> str | None:
        """The source as written, with the person a pronoun was resolved to: "He (Tomas Ekwall)"."""
        if not self.source:
            return None
        return f"{self.source} ({self.resolved.name})" if self.resolved is not None else self.source


# ---- layer records -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence(Span):
    """A sentence of the dependency parse, surrounding whitespace trimmed."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("SENT",)
    label: str = "SENT"
    checkworthiness: Score | None = attr(
        None, omit=True, doc="0..1: how much the sentence asserts checkable facts (checkworthiness.v1)"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity(Span):
    """A named entity (spaCy NER: `PERSON`, `ORG`, `GPE`, `NORP`, ...)."""

    actor: str | None = attr(None, omit=True, doc="id of the actor group (`actors`) the mention belongs to")


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention(Span):
    """A mention of a person or organisation and the actor it refers to (coref.v1).

    `label` says what kind of mention it is; an unresolved mention keeps ``actor`` null."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("name", "description", "pronoun", "relative")
    actor: str | None = attr(doc="id of the actor (`actors`) it refers to; null when unresolved")
    name: str | None = attr(None, doc="that actor's fullest name")
    resolved_from: str = attr(
        doc="how: name, description, pronoun, relative (\"who\"), or how a quote resolved its speaker"
    )
    antecedent: CharSpan | None = attr(None, omit=True, doc="the earlier mention it was resolved through")
    considered: tuple[str, ...] = attr((), omit=True, doc="other actors the resolver weighed (pronouns)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim(Span):
    """A stated count or amount ("more than 31,000 Palestinians") with what it counts."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("claim",)
    label: str = "claim"
    value: ClaimValue | None = attr(doc="the figure")
    count_of: CountOf | None = attr(None, doc="what is counted, or null")
    event: ClaimEvent | None = attr(None, doc="what happened to them, or null")
    as_of: AsOf | None = attr(None, doc="the date the figure holds for, or null")
    attribution: ClaimAttribution | None = attr(
        None, doc="who the figure comes from, or null (never guessed)"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote(Span):
    """A direct (in marks) or indirect (reported clause) quote with its speaker."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("quote",)
    label: str = "quote"
    kind: Literal["direct", "indirect"] = attr(doc="direct (in quotation marks) or indirect")
    content: CharSpan = attr(doc="the quoted words, without the marks")
    speaker: Speaker | None = attr(None, doc="who speaks, or null when the article does not say")
    cue: Cue | None = attr(None, doc='the reporting verb or "according to", or null')
    affiliation: str | None = attr(None, doc='as the article states it: "Hamas", "Israel"... or null')


SourceType = Literal[
    "agency",
    "outlet",
    "government",
    "military",
    "intelligence",
    "official",
    "ngo",
    "un",
    "report",
    "social_media",
    "person",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Span):
    """A source the article leans on for information (found through a cue, or a quote's speaker)."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("source",)
    label: str = "source"
    type: SourceType = attr(doc="what kind of source it is")
    name: str = attr(doc="the source's name (an actor's fullest name when it names one)")
    affiliation: str | None = attr(None, doc="the place, people or organisation it belongs to, or null")
    cue: Cue | None = attr(None, doc='the cue that makes it a source ("according to", "told"), or null')
    via: Literal["quote", "cue"] = attr("cue", doc="found as a quote's speaker or through a cue")


@dataclass(frozen=True, slots=True, kw_only=True)
class ScareQuote(Span):
    """A quoted word or short phrase used to keep a distance (or a name in marks)."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("scare_quote",)
    label: str = "scare_quote"
    content: CharSpan | None = attr(None, doc="the quoted words, without the marks")
    reason: str | None = attr(None, doc="so-called, name or unattributed")


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedLabel(Span):
    """A loaded label from the lexicon ("Zionist regime", "terrorists", "martyrs")."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("loaded_label",)
    label: str = "loaded_label"
    term: str = attr(doc="the lexicon entry")
    category: str | None = attr(None, doc="the entry's category")
    actor: str | None = attr(None, doc="what it labels, or null")


@dataclass(frozen=True, slots=True, kw_only=True)
class Hedge(Span):
    """A hedge from the lexicon ("reportedly", "allegedly")."""

    LABELS: ClassVar[tuple[str, ...] | None] = ("hedge",)
    label: str = "hedge"
    term: str = attr(doc="the lexicon entry")


@dataclass(frozen=True, slots=True, kw_only=True)
class Technique(Span):
    """A persuasion technique (`label`: one of the 23 SemEval-2023 names; `confidence`: the model's
    calibrated probability)."""

    shown: bool = attr(
        True,
        added=True,
        doc="confidence reaches the model's display threshold (highlighted by default; the rest are marked)",
    )
    in_quote: bool = attr(
        False, omit=True, doc="inside a quote's words (the speaker's, not the outlet's); left out when false"
    )
    speaker: str | None = attr(
        None, omit=True, doc="when `in_quote`: the quote's speaker as the quotes layer resolved it"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Furniture(Span):
    """Page furniture removed from the input (``start == end`` marks where, in `text`)."""

    original_start: Offset = attr(doc="start of the removed text in the original input")
    original_end: Offset = attr(doc="end of the removed text in the original input")
    removed: str = attr("", doc="the removed text")


# ---- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoredLabel:
    """A label a model predicted, with its score."""

    label: str = attr(doc="the technique or frame name")
    score: float = attr(doc="the model's score")


@dataclass(frozen=True, slots=True)
class Genre:
    """The article's genre as the technique model predicts it."""

    label: str = attr(doc="opinion, reporting or satire")
    scores: dict[str, float] = attr(factory=dict, doc="the score of each genre")
    component: str = attr("", doc="the component that predicted it")
    uncertain: bool = attr(False, added=True, doc="the label's probability is under the model's threshold")


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or organisation and its mentions within the article."""

    id: str = attr(doc='unique in the article ("act3")')
    name: str = attr(doc="the fullest name the article gives")
    label: str = attr(doc="PERSON or ORG")
    mentions: tuple[tuple[Offset, Offset], ...] = attr((), doc="[start, end] of every mention")
    titles: tuple[str, ...] = attr((), doc='titles the article gives ("Iran\'s Foreign Minister")')
    affiliation: str | None = attr(None, doc="the place, people or organisation the titles name, or null")


@dataclass(frozen=True, slots=True)
class VoiceCount:
    """How often one speaker or source is quoted or cited."""

    name: str = attr(doc="the speaker or source")
    affiliation: str = attr(
        "unknown", doc="the side label (see docs: Israeli, Iranian, US, ..., other, unknown)"
    )
    affiliation_raw: str | None = attr(None, doc="the affiliation as the article states it")
    direct: Count = attr(0, doc="direct quotes")
    indirect: Count = attr(0, doc="indirect quotes")
    cited: Count = attr(0, doc="citations found through a cue")


@dataclass(frozen=True, slots=True)
class Voices:
    """Who is quoted or cited how often, and the split between sides."""

    speakers: tuple[VoiceCount, ...] = attr((), doc="who is quoted or cited, most often first")
    by_affiliation: dict[str, int] = attr(factory=dict, doc="quotes and citations per side")


@dataclass(frozen=True, slots=True)
class ParagraphTechnique:
    """A technique the model predicts for a paragraph, with its raw score and calibrated confidence."""

    label: str = attr(doc="the technique name")
    score: float = attr(doc="the model's score (compared with the shared-task threshold)")
    confidence: Score | None = attr(None, added=True, doc="calibrated probability")
    shown: bool = attr(True, added=True, doc="confidence reaches the model's display threshold")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """The techniques the model predicts for one paragraph (line) of the text."""

    line: Count = attr(doc="the line number")
    start: Offset = attr(doc="start of the paragraph")
    end: Offset = attr(doc="end of the paragraph")
    techniques: tuple[ParagraphTechnique, ...] = attr(
        (), doc="techniques predicted in the paragraph, most confident first"
    )


# ---- the field registry -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of an article: a span layer or a result, with its record type and meaning.

    ``emit=False`` marks a *link* field: not printed in the JSON, but joined into the records of
    another field by ``join`` (see the module docstring).
    """

    name: str
    kind: Literal["layer", "result"]
    type: Any
    doc: str
    emit: bool = True
    join: Callable[[Article], None] | None = None
    #: Whether every presslens/1 object has it (fields added later are optional: older output stays valid).
    required: bool = True


#: Fields every pipeline has before any component runs: the parse and the article's text/metadata.
BASE_FIELDS: dict[str, str] = {
    "doc": "the spaCy `Doc` of the article text (tokens, sentences, dependency parse, NER)",
    "text": "the cleaned article text that every span indexes",
    "metadata": "title, outlet, published, author and where the article came from",
}

FIELDS: dict[str, FieldSpec] = {}


def register_field(spec: FieldSpec) -> FieldSpec:
    """Add a field (plugins may declare their own layers and results this way)."""
    known = FIELDS.get(spec.name)
    if known is not None and known != spec:
        raise ValueError(f"field {spec.name!r} is registered twice")
    FIELDS[spec.name] = spec
    return spec


def _layer(name: str, record: type[Span], doc: str) -> None:
    register_field(FieldSpec(name, "layer", record, doc))


def _result(name: str, type_: Any, doc: str, emit: bool = True, join: Any = None) -> None:
    register_field(FieldSpec(name, "result", type_, doc, emit, join))


_layer("sentences", Sentence, "sentences")
_layer("entities", Entity, "named entities")
_layer("claims", Claim, "figures: stated counts and amounts")
_layer("quotes", Quote, "direct and indirect quotes")
_layer("sources", Source, "cited sources")
_layer("scare_quotes", ScareQuote, "scare quotes")
_layer("labels", LoadedLabel, "loaded labels")
_layer("hedges", Hedge, "hedges")
_layer("techniques", Technique, "persuasion techniques")
_layer("furniture", Furniture, "page furniture removed from the input")



def record_type(layer: str) -> type[Span]:
    """The record class of ``layer`` (`Annotation` for a layer nobody registered)."""
    spec = FIELDS.get(layer)
    return spec.type if spec is not None and spec.kind == "layer" else Annotation


# ---- serialising ---------------------------------------------------------------------------------


@cache
def _plan(cls: type, skip: frozenset[str] = frozenset()) -> tuple[tuple[str, bool, Any], ...]:
    """(name, omit-at-default, default) for each field of a dataclass, in declaration order."""
    out = []
    for f in fields(cls):
        if f.name in skip or f.name.startswith("_"):
            continue
        default = f.default if f.default is not MISSING else MISSING
        if f.default_factory is not MISSING:
            default = f.default_factory()
        out.append((f.name, bool(f.metadata.get("omit")), default))
    return tuple(out)


def _json_fields(record: Any, plan: tuple[tuple[str, bool, Any], ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, omit, default in plan:
        value = getattr(record, name)
        if omit and value == default:
            continue
        out[name] = to_json(value)
    return out


def to_json(value: Any) -> Any:
    """A record (or a list/dict of them) as plain JSON values: dicts, lists, str, numbers, null."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Span):
        raise TypeError("a span record needs the text: use its to_dict(text)")
    if is_dataclass(value):
        return _json_fields(value, _plan(type(value)))
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    raise TypeError(f"{type(value).__name__} is not a JSON value")


# ---- reading back ------------------------------------------------------------------------------------


@cache
def _adapter(type_: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(type_)


def from_json(type_: Any, data: Any) -> Any:
    """Read JSON data into ``type_`` (a record class or a type such as ``tuple[Actor, ...]``).

    Raises ``ValueError`` (pydantic's ``ValidationError``) when the data does not fit the type.
    """
    return _adapter(type_).validate_python(data)


def check_type(type_: Any, value: Any) -> None:
    """Raise ``ValueError`` unless ``value``, written out as JSON and read back as ``type_``, is unchanged.

    Strict mode runs this on everything a component writes: it catches a wrong type anywhere in a
    record (a dict where a record belongs, a list for a tuple, a string for an offset...).
    """
    if isinstance(value, Annotation):
        return  # untyped by definition
    data = span_json(value) if isinstance(value, Span) else to_json(value)
    back = _adapter(type_).validate_python(data)
    if back != value:
        raise ValueError(f"{type(value).__name__} value does not match its declared type")


def span_json(record: Span) -> dict[str, Any]:
    """A span record as JSON without the covered text (for checks and copies)."""
    return {**{k: getattr(record, k) for k in CORE_FIELDS}, **record.attributes()}


def from_annotation(record: type[Span], annotation: Annotation) -> Span:
    """Convert an untyped `Annotation` into ``record``, checking its attributes."""
    return from_json(record, span_json(annotation))


# ---- links: values published by one component, shown on another's records ----------------------------


def _join_checkworthiness(article: Article) -> None:
    scores: Mapping[str, float] = article.results.get("checkworthiness") or {}
    if scores:
        article.layers["sentences"] = [
            replace(s, checkworthiness=scores[s.id]) if s.id in scores else s
            for s in article.layers.get("sentences", [])
        ]


def _join_entity_actors(article: Article) -> None:
    links: Mapping[str, str] = article.results.get("entity_actors") or {}
    if links:
        article.layers["entities"] = [
            replace(e, actor=links[e.id]) if e.id in links else e for e in article.layers.get("entities", [])
        ]


def _join_referents(article: Article) -> None:
    """A figure attributed to "he"/"she" shows the person the pronoun refers to (coref.v1's link)."""
    by_start = {m.start: m for m in article.layers.get("mentions", []) if m.label == "pronoun" and m.actor}
    if not by_start:
        return
    out = []
    for claim in article.layers.get("claims", []):
        attribution = claim.attribution
        found = by_start.get(attribution.start) if attribution is not None else None
        if found is not None and (attribution.source or "").lower() in ("he", "she"):
            resolved = Referent(found.name or "", found.actor)
            claim = replace(claim, attribution=replace(attribution, resolved=resolved))
        out.append(claim)
    article.layers["claims"] = out


def _join_speaker_actors(article: Article) -> None:
    extra: tuple[Actor, ...] = tuple(article.results.get("speaker_actors") or ())
    if extra:
        actors = list(article.results.get("actors") or [])
        known = {a.id for a in actors}
        article.results["actors"] = tuple(actors + [a for a in extra if a.id not in known])


_result(
    "genre", Genre | None, "the article's genre: `{label, scores: {opinion, reporting, satire}, component}`"
)
_result("frames", tuple[ScoredLabel, ...], "the frames predicted present, `[{label, score}]`, by score")
_result("actors", tuple[Actor, ...], "mentions of the same person or organisation grouped within the article")
_result("voices", Voices, "who is quoted or cited how often, by side")
_result("paragraphs", tuple[Paragraph, ...], "per-paragraph technique predictions")
_result(
    "checkworthiness",
    dict[str, float],
    "link: sentence id -> checkworthiness score, shown as `sentences[].checkworthiness`",
    emit=False,
    join=_join_checkworthiness,
)
_result(
    "entity_actors",
    dict[str, str],
    "link: entity id -> actor id, shown as `entities[].actor`",
    emit=False,
    join=_join_entity_actors,
)
_result(
    "speaker_actors",
    tuple[Actor, ...],
    "link: people named only as quote speakers (missed by NER), listed in `actors` after the others",
    emit=False,
    join=_join_speaker_actors,
)
register_field(
    FieldSpec(
        "mentions",
        "layer",
        Mention,
        "mentions of people and organisations linked to actors",
        join=_join_referents,
        required=False,
    )
)


#: Article-level annotation layers, in output order.
LAYERS: tuple[str, ...] = tuple(name for name, spec in FIELDS.items() if spec.kind == "layer")


def join_links(article: Article) -> None:
    """Copy every link field onto the records it describes (idempotent; run after the components)."""
    for spec in FIELDS.values():
        if spec.join is not None and (spec.name in article.results or article.layers.get(spec.name)):
            spec.join(article)


def field_doc(record: type, name: str) -> str:
    """The documentation of one attribute of a record class."""
    for f in fields(record):
        if f.name == name:
            return str(f.metadata.get("doc", ""))
    raise KeyError(name)
