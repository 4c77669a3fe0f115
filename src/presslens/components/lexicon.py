"""`lexicon.v1`: loaded labels (with the actor they name) and hedges, from a documented word list.

Why a lexicon and not a model: these are words whose weight comes from the choice of word itself
("Zionist regime", "terrorists", "martyrs", "the resistance", "Hamas-run"); a reader checking an
article wants every occurrence shown, predictably, with a list they can read and extend. The list
(`presslens/resources/lexicon.json`) covers the vocabulary of all sides and shows words, never judges.

Users extend it with their own JSON file(s) of the same shape, named by ``PRESSLENS_LEXICON``
(several separated by `os.pathsep`); an entry whose term matches a built-in one replaces it.

The actor a label names comes from the entry (``"actor": "Israel"`` for "Zionist regime") or else
from the nearest modifier in the words just before it ("Israeli regime", "Hamas terrorists",
"Tel Aviv regime"), through the ``actor_modifiers`` map; it stays null when neither says.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from presslens.errors import InputError
from presslens.layers import Hedge, LoadedLabel, Quote
from presslens.model import Article
from presslens.pipeline import component

ENV_VAR = "PRESSLENS_LEXICON"
#: Words before "regime" that make it name a government (context "state").
_DETERMINERS = frozenset({"the", "this", "that", "his", "its", "their", "whose", "a", "our", "your"})
_NOT_AFTER = frozenset({"change", "changes"})
_WORD = re.compile(r"[\w.'’-]+")
_CLAUSE_BREAK = re.compile(r"[.!?;:\n\"“”(]")
_CONTEXTS = (None, "state", "modified")


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    kind: str  # "label" or "hedge"
    category: str
    actor: str | None
    context: str | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled entries: one regex over every form, longest forms first."""

    entries: dict[str, Entry]  # lower-cased form -> entry
    modifiers: dict[str, str]  # lower-cased modifier -> actor
    pattern: re.Pattern[str]
    sources: tuple[str, ...]
    shared: frozenset[str] = frozenset()  # categories whose unresolved labels share one referent

    def find(self, text: str) -> list[tuple[int, int, Entry, str | None]]:
        """``(start, end, entry, actor)`` for every lexicon match in ``text``."""
        found = []
        for match in self.pattern.finditer(text):
            entry = self.entries[_norm(match.group(0))]
            before = _words_before(text, match.start())
            modifier_actor = _modifier_actor(before, self.modifiers)
            if entry.context == "state" and not (modifier_actor or (before and before[-1] in _DETERMINERS)):
                continue
            if entry.context == "modified" and not modifier_actor:
                continue
            if entry.context == "state" and _word_after(text, match.end()) in _NOT_AFTER:
                continue
            actor = entry.actor or modifier_actor if entry.kind == "label" else None
            found.append((match.start(), match.end(), entry, actor))
        return found


def _norm(form: str) -> str:
    return re.sub(r"\s+", " ", form.replace("’", "'")).strip().lower()


def _words_before(text: str, start: int, window: int = 40) -> list[str]:
    """Up to the last few words before ``start`` in the same clause, lower-cased, possessive 's dropped."""
    chunk = text[max(0, start - window) : start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(chunk)), default=0)
    words = [w.lower().replace("’", "'").removesuffix("'s").strip("'-") for w in _WORD.findall(chunk[cut:])]
    return [w for w in words if w][-3:]


def _word_after(text: str, end: int) -> str:
    match = _WORD.match(text, end + 1) if end < len(text) and text[end] == " " else None
    return match.group(0).lower() if match else ""


def _modifier_actor(before: list[str], modifiers: dict[str, str]) -> str | None:
    """The actor named by the word just before the term (or the two words: "Tel Aviv"), else None.

    Only the adjacent modifier counts: "between Israel and resistance groups" names no actor.
    """
    if not before:
        return None
    candidates = [" ".join(before[-2:]), before[-1]] if len(before) >= 2 else [before[-1]]
    for cand in candidates:
        if cand in modifiers:
            return modifiers[cand]
    return None


def _read(path: Path | Any) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read lexicon file: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InputError(str(path), f"lexicon file is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "lexicon file must hold a JSON object with 'labels' and/or 'hedges'")
    return data


def _entries(data: dict[str, Any], origin: str) -> list[tuple[list[str], Entry]]:
    out = []
    for kind, key in (("label", "labels"), ("hedge", "hedges")):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise InputError(origin, f"'{key}' must be a list")
        for n, item in enumerate(items, 1):
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("term"), str)
                or not item["term"].strip()
            ):
                raise InputError(origin, f"{key} entry {n} needs a non-empty 'term'")
            context = item.get("context")
            if context not in _CONTEXTS:
                raise InputError(
                    origin, f"{key} entry {n}: unknown context {context!r} (use state or modified)"
                )
            forms = [item["term"], *item.get("forms", [])]
            entry = Entry(
                item["term"],
                kind,
                item.get("category", "hedge" if kind == "hedge" else "label"),
                item.get("actor"),
                context,
            )
            out.append((forms, entry))
    return out


def build_lexicon(extra: list[Path] | None = None) -> Lexicon:
    """The built-in lexicon merged with ``extra`` files (later files win on the same term)."""
    builtin = resources.files("presslens.resources").joinpath("lexicon.json")
    files: list[tuple[str, dict[str, Any]]] = [("presslens/resources/lexicon.json", _read(builtin))]
    files += [(str(p), _read(Path(p))) for p in extra or []]
    by_term: dict[tuple[str, str], tuple[list[str], Entry]] = {}
    modifiers: dict[str, str] = {}
    for origin, data in files:
        mods = data.get("actor_modifiers", {})
        if not isinstance(mods, dict):
            raise InputError(origin, "'actor_modifiers' must be an object")
        modifiers.update({_norm(k): v for k, v in mods.items()})
        for forms, entry in _entries(data, origin):
            by_term[(entry.kind, _norm(entry.term))] = (forms, entry)
    entries: dict[str, Entry] = {}
    for forms, entry in by_term.values():
        for form in forms:
            entries[_norm(form)] = entry
    alternatives = sorted(entries, key=len, reverse=True)
    body = "|".join(re.escape(f).replace("'", "['’]").replace(r"\ ", r"\s+") for f in alternatives)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    shared: set[str] = set()
    for origin, data in files:
        categories = data.get("shared_referent_categories", [])
        if not isinstance(categories, list):
            raise InputError(origin, "'shared_referent_categories' must be a list")
        shared.update(str(c) for c in categories)
    return Lexicon(entries, modifiers, pattern, tuple(o for o, _ in files), frozenset(shared))


def extra_files() -> list[Path]:
    value = os.environ.get(ENV_VAR, "").strip()
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


@lru_cache(maxsize=4)
def _cached(extra: tuple[Path, ...]) -> Lexicon:
    return build_lexicon(list(extra))


def get_lexicon() -> Lexicon:
    """The lexicon for this process: built-in plus ``$PRESSLENS_LEXICON`` files, compiled once."""
    return _cached(tuple(extra_files()))


def _quote_at(quotes: list[Quote], start: int, end: int, text: str = "") -> Quote | None:
    """The quote whose quoted words hold [start, end), if any: a direct quote's content, or the
    words in quotation marks of a mixed one (indirect speech is in the outlet's words)."""
    for quote in quotes:
        if not (quote.content.start <= start and end <= quote.content.end) or quote.kind == "indirect":
            continue
        if quote.kind == "mixed" and text:
            before = text[quote.content.start : start]
            opened = before.count("“") - before.count("”") > 0 or before.count('"') % 2 == 1
            if not opened:
                continue
        return quote
    return None


def _implied_actors(
    found: list[tuple[int, int, Entry, str | None]], shared: frozenset[str]
) -> dict[str, str]:
    """Category -> the actor an unresolved label of that category names in this article, if any.

    "the occupation" or "the regime" names no actor by itself. In an article whose other labels of
    the same category all name one actor, it names that actor too; failing that, for the categories
    in ``shared`` (those naming a state or its forces: lexicon.json's ``shared_referent_categories``),
    in an article whose labels of those categories all name one actor ("Zionist entity",
    "genocidal Israel"), it names that one. Two actors decide nothing: the label stays unresolved.
    """
    by_category: dict[str, set[str]] = {}
    for _start, _end, entry, actor in found:
        if entry.kind == "label" and actor:
            by_category.setdefault(entry.category, set()).add(actor)
    across = set().union(*(by_category.get(c, set()) for c in shared)) if shared else set()
    out = {category: next(iter(named)) for category, named in by_category.items() if len(named) == 1}
    if len(across) == 1:
        for category in shared:
            out.setdefault(category, next(iter(across)))
    return out


def annotate(article: Article, lexicon: Lexicon, component_name: str = "lexicon.v1") -> None:
    """Add every lexicon match of ``article.text`` to the ``labels`` or ``hedges`` layer.

    A label inside a quote's quoted words is the quoted speaker's, not the outlet's: it is marked
    ``in_quote`` with the ``speaker``, so that per-outlet counts leave it out. A label that names no
    actor by itself takes the one actor its category names elsewhere in the article, if there is one.
    """
    quotes = [q for q in article.layers.get("quotes", []) if isinstance(q, Quote)]
    found = lexicon.find(article.text)
    named = _implied_actors(found, lexicon.shared)
    for start, end, entry, actor in found:
        if entry.kind == "label":
            actor = actor or named.get(entry.category)
            quote = _quote_at(quotes, start, end, article.text)
            label = LoadedLabel(
                start=start,
                end=end,
                component=component_name,
                term=entry.term,
                category=entry.category,
                actor=actor,
                in_quote=quote is not None,
                speaker=quote.speaker.name if quote is not None and quote.speaker is not None else None,
            )
            article.add("labels", label)
        else:
            article.add("hedges", Hedge(start=start, end=end, component=component_name, term=entry.term))


@component("lexicon.v1", reads=("text", "quotes"), writes=("labels", "hedges"))
def lexicon(article: Article, doc: Doc) -> None:
    """Loaded labels (with the actor they name) and hedges, from the extensible lexicon."""
    annotate(article, get_lexicon())
