"""Attribution cues: the one vocabulary of reporting verbs and "according to" phrases.

Every component that attributes (quotes.v1, sources.v1, claims.v1's figure sources, and
checkworthiness.v1 asking whether a sentence is attributed) reads its cue words from here, and here
reads them from ``presslens/resources/cues.json`` (extensible, see `presslens.vocab`); each builds its
"according to X" pattern with `according_re`. Each word is listed once with its *uses*: whether it
attributes a quote ("said"), takes a reported clause ("warned that ..."), attributes a figure
("estimated"), makes its subject a cited source ("revealed"), or belongs to one of the text patterns
(", he said" left inside quotation marks, "..., the ministry said." closing a sentence). The spaCy
pipeline runs without a lemmatizer, so inflected forms are listed rather than lemmas.
"""

from __future__ import annotations

import re
from functools import cache

from presslens.vocab import load


@cache
def _data() -> dict:
    return load("cues.json")


@cache
def verbs(use: str) -> frozenset[str]:
    """The verb forms with ``use`` ("quote", "clause", "figure", "source", ...)."""
    found = frozenset(form for form, uses in _data()["reporting_verbs"].items() if use in uses)
    if not found:
        raise KeyError(f"no reporting verb has the use {use!r}")
    return found


def pattern(forms: frozenset[str] | tuple[str, ...], capital: bool = False) -> str:
    """A regex alternation of ``forms``, longest first; spaces match any whitespace; with ``capital``
    a form may also start with a capital letter ("According to")."""

    def escaped(text: str) -> str:
        return r"\s+".join(re.escape(part) for part in text.split(" "))

    def one(form: str) -> str:
        if capital and form[:1].isalpha():
            return f"[{form[0].upper()}{form[0].lower()}]{escaped(form[1:])}"
        return escaped(form)

    return "|".join(one(f) for f in sorted(forms, key=lambda f: (-len(f), f)))


def verb_pattern(use: str) -> str:
    """A regex alternation of the verb forms with ``use``."""
    return pattern(verbs(use))


@cache
def according_to(use: str) -> tuple[str, ...]:
    """The "according to" phrases with ``use`` ("figure", "quote", "source")."""
    return tuple(phrase for phrase, uses in _data()["according_to"].items() if use in uses)


def according_pattern(use: str) -> str:
    """A regex alternation of the "according to" phrases with ``use`` (capitalised or not)."""
    return pattern(according_to(use), capital=True)


@cache
def according_re(
    use: str, source: str | None = None, *, before: str = "", after: str = "", flags: int = 0
) -> re.Pattern[str]:
    """The one builder of "according to X" patterns: ``before``, the phrase (group ``cue``), then,
    with ``source``, white space and the source (group ``src``), then ``after``.

    Each finder says only what differs: where the phrase may stand (``before``: "^" for "According
    to X, ..." opening a sentence) and what a source looks like and where it stops (``source``,
    ``after``). The phrases are the ones with ``use`` in ``resources/cues.json``.
    """
    src = rf"\s+(?P<src>{source})" if source is not None else ""
    return re.compile(rf"{before}(?P<cue>{according_pattern(use)}){src}{after}", flags)
