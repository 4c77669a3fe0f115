"""Word forms, in one place: singular nouns, verb lemmas, and the event a word names.

The default spaCy pipeline has no lemmatizer (it costs more than everything else PressLens does
with a parse), so word forms come from lemminflect, a maintained dictionary-based English lemmatizer
and inflector with rules for unknown words, behind a small cache. The claims layer (what a figure
counts, its event) and the cross-article grouping (which figures count the same thing) both read
their word forms here, so "fatalities" and "fatality", "killed" and "kill", "died" and "killed"
mean the same to both.

Event words are data (``resources/quantities.json``): each event label lists base forms, and every
inflected form is generated once per process ("kill" -> kill, kills, killed, killing).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from presslens.vocab import load

_POS = {"verbs": "VERB", "nouns": "NOUN", "adjectives": "ADJ"}


@cache
def _quantities() -> dict[str, Any]:
    return load("quantities.json")


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """The singular of a noun, lower-cased ("fatalities" -> "fatality", "people" -> "person")."""
    w = word.lower().strip()
    if not w:
        return w
    fixed = _quantities().get("singulars", {})
    if w in fixed and w != "about":
        return fixed[w]
    from lemminflect import getLemma

    forms = getLemma(w, upos="NOUN")
    return forms[0].lower() if forms else w


@lru_cache(maxsize=8192)
def verb_lemma(word: str) -> str:
    """The base form of a verb, lower-cased ("killed" -> "kill", "fled" -> "flee")."""
    w = word.lower().strip()
    if not w:
        return w
    from lemminflect import getLemma

    forms = getLemma(w, upos="VERB")
    return forms[0].lower() if forms else w


def _inflections(lemma: str, upos: str) -> set[str]:
    from lemminflect import getAllInflections

    forms = {lemma.lower()}
    for values in getAllInflections(lemma, upos=upos).values():
        forms.update(v.lower() for v in values)
    return forms


@cache
def event_words() -> dict[str, str]:
    """Every word form that names an event, lower-cased -> the claims layer's event label.

    ``{"killed": "killed", "kills": "killed", "deaths": "died", "dead": "died", ...}``; the first
    label that lists a form keeps it.
    """
    out: dict[str, str] = {}
    for label, spec in _quantities()["events"].items():
        for key, upos in _POS.items():
            for lemma in spec.get(key, []):
                for form in sorted(_inflections(lemma, upos)):
                    out.setdefault(form, label)
    return out


@cache
def _event_classes() -> dict[str, str]:
    data = _quantities()
    out = {label: spec.get("class", label) for label, spec in data["events"].items()}
    out.update({k: v for k, v in data.get("event_classes", {}).items() if k != "about"})
    return out


def event_class(label: str | None) -> str:
    """The event class of a label or word ("died" and "killed" -> "killed"; "" for none).

    Labels of other producers and words not in the event list are reduced to a label through the
    word forms first ("fatalities" -> "died" -> "killed"); anything else is kept as written.
    """
    if not label:
        return ""
    key = " ".join(label.lower().split())
    classes = _event_classes()
    if key in classes:
        return classes[key]
    as_word = event_words().get(key)
    if as_word is not None:
        return classes.get(as_word, as_word)
    return key
