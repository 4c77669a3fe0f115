"""Outlets side by side: the names each uses for an actor, whom each quotes, which techniques it uses.

Actor names come from three places in each article (docs/annotations.md): `labels` items (loaded
labels with the actor they label), `entities` mentions grouped by `actor` (resolved through the
article's `actors` list), and, when no actor grouping is available, entity mentions whose text
matches the canonical-actor table (``resources/actors.json``). `scare_quotes` have no actor, so they
are listed per outlet. Counting is all this module does: it never says which name is right.

Articles arrive as the store keeps them (`presslens/1` dicts with the store's ``outlet_name``); their
layers are read as typed records (`presslens.layers`, through `Article.from_dict` with only the
fields each count needs), so a malformed item is left out with a warning, never half-read here.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from presslens.components.quotes_lexicon import with_outlets_the
from presslens.layers import Actor, Attribution, Entity, LoadedLabel, Quote, ScareQuote, Technique
from presslens.model import Article
from presslens.values.dates import iso_date
from presslens.vocab import load

_ACTORS = load("actors.json")
#: Canonical actors and the patterns (on a mention's or actor's name) that map to them, from
#: ``resources/actors.json`` (extensible: docs/resources.md).
CANONICAL_ACTORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I)) for name, pattern in _ACTORS["canonical"]
)
ACTOR_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})

#: Names of media, not of the actor a place word in them points to ("Tehran Times" is not Iran).
MEDIA_NAME = re.compile(r"\b(" + "|".join(re.escape(w) for w in _ACTORS["media_words"]) + r")\b", re.I)


def canonical_actor(name: str | None) -> str | None:
    """The canonical actor a name refers to, or None when it is not in the table (or names a medium)."""
    if not name or MEDIA_NAME.search(name):
        return None
    for canonical, pattern in CANONICAL_ACTORS:
        if pattern.search(name):
            return canonical
    return None


def _outlet(article: Mapping[str, Any]) -> str:
    return article.get("outlet_name") or article.get("outlet") or "(outlet not stated)"


def _typed(article: Mapping[str, Any] | Article, fields: tuple[str, ...]) -> Article:
    """The typed records of ``fields`` of a stored article (an `Article` is used as it is)."""
    return article if isinstance(article, Article) else Article.from_dict(article, fields=fields)


def _actors(typed: Article) -> tuple[Actor, ...]:
    return typed.results.get("actors") or ()


def _actor_names(typed: Article) -> dict[str, str]:
    return {a.id: a.name or "" for a in _actors(typed) if a.id}


def _people(typed: Article) -> set[str]:
    """Ids of actor groups that are people: their names are not what this table compares."""
    return {a.id for a in _actors(typed) if a.label == "PERSON"}


def _resolve(actor: str | None, names: dict[str, str]) -> str | None:
    """A labels/entities `actor` value (an actor id, or a name) -> canonical actor or the name itself."""
    if not actor:
        return None
    name = names.get(actor, actor)
    return canonical_actor(name) or name


def name_counts(article: Mapping[str, Any] | Article) -> Counter[tuple[str, str, str]]:
    """How often one article names each actor, as ``(actor, kind, name)`` -> count.

    ``kind`` is "label" (a loaded label in the outlet's own words), "quoted" (a loaded label inside a
    quote: the quoted speaker's word, named "<label> (quoting <speaker>)" and never counted as the
    outlet's) or "mention" (an entity mention, as written: a news outlet that keeps its "The" keeps it,
    `with_outlets_the`, as its actor and its quotes' speaker are named). This is the per-article
    half of `actor_names`: the Parquet corpus stores it per article so that DuckDB can add it up.
    """
    counts: Counter[tuple[str, str, str]] = Counter()
    typed = _typed(article, ("labels", "entities", "actors"))
    text = typed.text
    names, people = _actor_names(typed), _people(typed)
    label: LoadedLabel
    for label in typed.layers.get("labels", []):  # type: ignore[assignment]
        actor = _resolve(label.actor, names)
        if not actor:
            continue
        words = text[label.start : label.end]
        if label.in_quote:  # the quoted speaker's word, not the outlet's: listed under the speaker
            speaker = label.speaker or "an unnamed speaker"
            counts[(actor, "quoted", f"{words} (quoting {speaker})")] += 1
        else:
            counts[(actor, "label", words)] += 1
    entity: Entity
    for entity in typed.layers.get("entities", []):  # type: ignore[assignment]
        words = text[with_outlets_the(text, entity.start, entity.end) : entity.end]  # "The Times"
        if entity.actor in people or entity.label == "PERSON":
            actor = None
        elif entity.actor:
            actor = _resolve(entity.actor, names)
        elif entity.label in ACTOR_ENTITY_LABELS:
            actor = canonical_actor(words)
        else:
            actor = None
        if actor:
            counts[(actor, "mention", " ".join(words.split()))] += 1
    return counts


def actor_names(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """{"actors": {actor: {outlet: [{name, kind, count}]}}, "scare_quotes": {outlet: [{name, count}]}}."""
    table: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    scare: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        outlet = _outlet(article)
        typed = _typed(article, ("labels", "entities", "actors", "scare_quotes"))
        for (actor, kind, name), count in name_counts(typed).items():
            table[actor][outlet][(kind, name)] += count
        item: ScareQuote
        for item in typed.layers.get("scare_quotes", []):  # type: ignore[assignment]
            scare[outlet][typed.text[item.start : item.end]] += 1
    return shape_actor_names(table, scare)


def shape_actor_names(table: dict[str, dict[str, Counter]], scare: dict[str, Counter]) -> dict[str, Any]:
    """The `actor_names` result from counts: ``table[actor][outlet][(kind, name)]``, ``scare[outlet][text]``.

    Shared by the in-memory path and the DuckDB path (`presslens.scale.views`), so both order and
    filter alike; ties are broken by the name itself, never by the order articles were read in.
    """
    actors = {
        actor: {
            outlet: [
                {"name": n, "kind": k, "count": c}
                for (k, n), c in sorted(
                    _fold_case(counter).items(),
                    key=lambda kv: (kv[0][0] != "label", -kv[1], kv[0][1].lower(), kv[0][1]),
                )
            ]
            for outlet, counter in sorted(by_outlet.items())
        }
        for actor, by_outlet in sorted(table.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if _worth_listing(actor, by_outlet)
    }
    return {
        "actors": actors,
        "scare_quotes": {
            o: [{"name": n, "count": c} for n, c in _most_common(cnt)] for o, cnt in sorted(scare.items())
        },
    }


def _fold_case(counter: Counter) -> Counter:
    """``(kind, name)`` counts with names that differ only in case added up ("the occupation" ×7,
    "The occupation" and "the Occupation" are one label ×9, as a reader counts them), each under its
    most frequent spelling (ties: the first in sort order)."""
    forms: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for (kind, name), count in counter.items():
        forms[(kind, name.casefold())][name] += count
    folded: Counter = Counter()
    for (kind, _), spellings in forms.items():
        folded[(kind, _most_common(spellings)[0][0])] = sum(spellings.values())
    return folded


def _most_common(counter: Counter) -> list[tuple[Any, int]]:
    """``Counter.most_common`` with ties in key order (not in the order the keys were first seen)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _worth_listing(actor: str, by_outlet: dict[str, Counter]) -> bool:
    """Canonical actors always; others only when an outlet labels them or two outlets name them."""
    if any(actor == name for name, _ in CANONICAL_ACTORS) or len(by_outlet) >= 2:
        return True
    return any(kind == "label" for counter in by_outlet.values() for kind, _ in counter)


def speaker_name(quote: Quote, text: str = "") -> str:
    """Who is quoted: the speaker's name, else the affiliation the article gives, else "(unattributed)".

    A speaker the quotes layer marks unresolved is credited to no one: it is the speaker as written
    (from ``text``) marked "(unresolved)", as the article page shows it ("They → unresolved") and as
    `attribution_name` names an unresolved source; voices.v1 counts it as no one's voice either.
    """
    speaker = quote.speaker
    if speaker is not None and speaker.resolved is False:
        return speaker.unresolved_label(text) or "(unattributed)"
    return (speaker.name if speaker is not None else None) or quote.affiliation or "(unattributed)"


#: Attribution kinds that are not speech, listed beside the quotes: a document, poll or report
#: cited as a source counts as a voice; a belief or intention is shown apart, never counted.
NOT_SPEECH = ("document", "belief")


def attribution_name(record: Attribution) -> str:
    """Who a document or belief is attributed to: the resolved name, else the source as written
    marked "(unresolved)", else "(unattributed)" when the article names no source."""
    speaker, source = record.speaker, record.source
    if speaker is not None and speaker.resolved and speaker.name:
        return speaker.name
    if source is not None and source.text:
        return f"{' '.join(source.text.split())} (unresolved)"
    return "(unattributed)"


def speaker_rows(article: Mapping[str, Any] | Article) -> list[dict[str, Any]]:
    """One row per voice of one article: each quote (speech: direct, indirect or mixed), then each
    document cited and each belief attributed (kind ``document``/``belief``), with who it is
    (`speaker_name`, `attribution_name`) and the affiliation the article gives (none for a speaker
    left unresolved, `Quote.credited_affiliation`, also in articles stored before quotes.v1 dropped it);
    names that differ only in case are one name."""
    typed = _typed(article, ("quotes", "attributions"))
    quotes: list[Quote] = typed.layers.get("quotes", [])  # type: ignore[assignment]
    records: list[Attribution] = typed.layers.get("attributions", [])  # type: ignore[assignment]
    rows = [
        {
            "speaker": speaker_name(quote, typed.text),
            "affiliation": quote.credited_affiliation(),
            "kind": quote.kind,
        }
        for quote in quotes
    ]
    rows += [
        {"speaker": attribution_name(record), "affiliation": None, "kind": record.kind}
        for record in records
        if record.kind in NOT_SPEECH
    ]
    # one voice per name whatever its case, spelled as first met: "the US" quoted and "The US"
    # believing (sentence-initial) were two rows of /compare's voices table (session-8 user check)
    spelling: dict[str, str] = {}
    for row in rows:
        row["speaker"] = spelling.setdefault(row["speaker"].casefold(), row["speaker"])
    return rows


#: Each kind of voice row -> the column it is counted in (speech other than these is indirect).
VOICE_COLUMNS = {"direct": "direct", "mixed": "mixed", "document": "cited", "belief": "beliefs"}


def speakers(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Who each outlet quotes or cites and who each article does (issue 10: speech and documented
    sources are voices; beliefs are counted apart, in ``beliefs``, never in ``total``)."""
    per_outlet: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    per_article = []
    for article in articles:
        outlet = _outlet(article)
        quoted: Counter = Counter()
        for quote in speaker_rows(article):
            name = quote["speaker"]
            row = per_outlet[outlet].setdefault(
                name,
                {
                    "speaker": name,
                    "affiliation": quote["affiliation"],
                    "direct": 0,
                    "indirect": 0,
                    "mixed": 0,
                    "cited": 0,
                    "beliefs": 0,
                    "total": 0,
                    "articles": set(),
                },
            )
            row[VOICE_COLUMNS.get(quote["kind"], "indirect")] += 1
            if quote["kind"] != "belief":
                row["total"] += 1
                quoted[name] += 1
            row["articles"].add(article["id"])
        per_article.append(
            {
                "article_id": article["id"],
                "outlet": outlet,
                "title": article.get("title"),
                "speakers": [{"speaker": n, "count": c} for n, c in _most_common(quoted)],
            }
        )
    rows = {
        outlet: [{**row, "articles": len(row["articles"])} for row in by_speaker.values()]
        for outlet, by_speaker in per_outlet.items()
    }
    return {"by_outlet": shape_speakers(rows), "by_article": per_article}


def shape_speakers(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Speaker rows per outlet, outlets in name order, the most quoted speakers first (shared with DuckDB)."""
    return {
        outlet: sorted(speaker_list, key=lambda r: (-r["total"], r["speaker"]))
        for outlet, speaker_list in sorted(rows.items())
    }


def article_month(article: Mapping[str, Any]) -> str:
    """The publication month (YYYY-MM) that technique counts are grouped by; 'undated' when unknown."""
    return (iso_date(article.get("published")) or "")[:7] or "undated"


def techniques(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Technique counts by outlet and by publication month (YYYY-MM; 'undated' when unknown).

    Only techniques shown (at or above the model's display threshold) are counted: the views show
    a technique only when it is likely right (issue 12), and a count is a view."""
    by_outlet: dict[str, Counter] = defaultdict(Counter)
    by_month: dict[str, Counter] = defaultdict(Counter)
    articles_per_outlet: Counter = Counter()
    for article in articles:
        outlet = _outlet(article)
        articles_per_outlet[outlet] += 1
        month = article_month(article)
        technique: Technique
        for technique in _typed(article, ("techniques",)).layers.get("techniques", []):  # type: ignore[assignment]
            if not technique.shown:
                continue
            by_outlet[outlet][technique.label] += 1
            by_month[month][technique.label] += 1
    return shape_techniques(by_outlet, by_month, articles_per_outlet)


def shape_techniques(
    by_outlet: dict[str, Counter], by_month: dict[str, Counter], articles_per_outlet: Counter
) -> dict[str, Any]:
    """The `techniques` result from its three counts (shared with the DuckDB path)."""
    labels = sorted({label for counter in by_outlet.values() for label in counter})
    return {
        "labels": labels,
        "by_outlet": {o: dict(_most_common(c)) for o, c in sorted(by_outlet.items())},
        "by_month": {m: dict(_most_common(c)) for m, c in sorted(by_month.items())},
        "articles_per_outlet": dict(sorted(articles_per_outlet.items())),
    }
