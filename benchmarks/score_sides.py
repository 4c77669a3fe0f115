"""Candidates C1-C3 of issue 11 (group17, session 10): three links that are never one quantity.

    OMP_NUM_THREADS=1 python benchmarks/score_sides.py annotate CACHE.json OUT.json
    OMP_NUM_THREADS=1 python benchmarks/score_sides.py nested OUT.json
    OMP_NUM_THREADS=1 python benchmarks/score_sides.py pooled OUT.json

group16 found that the wrong joins of shares left on dev are mostly shares whose answer it could not
read. Three readings of them, each a clause that only forbids links (definitions written before any run,
/work/team/notes/group17.md and docs/evaluation-grouping.md):

* **C1, the two sides of one score** ("leads Clinton 50% to 40%", "1,428 to 1,153"): the figure reader
  marks both sides ``paired`` (`presslens.values.numbers.score_sides`); two consecutive claims of one
  sentence that are the two sides of one score (at most 4 characters between them, as
  ``claims._share_between_score_sides`` pairs them) count different holders and never link;
* **C2, a share of a count in progress** ("with 94 percent of precincts reporting"): the text after the
  share reads "of (the) <noun> <participle>" (``score_sides.json``); such a share never links to a figure
  that is not one, and two of them only when they state one value (a reading of a count at one moment);
* **C3, a holder through a pronoun** ("she had 49 percent"): Q's holder (``share_answers.py``) read
  through the coreference layer when it is a pronoun, then Q's rule (two read answers with no word in
  common never link).

``annotate`` re-parses each cached article with the verified spaCy pipeline and the claims layer's own
`extract` (as ``share_answers.py annotate``) and writes, per claim, ``score_with`` (the other side's
start), ``progress`` and ``answers`` / ``answers_c3`` (Q's reading without and with C3). ``nested`` prints
the forbid-only protocol's rows (`grouping_nested.nested` at the baseline's fold weights and thresholds),
``pooled`` the dev clusters grouped as one corpus, ``shares`` the share pairs the deciding protocol
joins. Held-out clusters are refused (`grouping_errors`).

All three failed their pre-written rule (C1 +0.0018, C2 +0.0007, C3 +0.0000 at the baseline's fold
weights and thresholds; no bootstrap 5th percentile above 0), so none is in the runtime
(docs/evaluation-grouping.md, session 10, group17). ``union --names C1 C2`` runs the union gate.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE))

import share_answers as SA  # noqa: E402

_DATA = json.loads((_HERE / "score_sides.json").read_text(encoding="utf-8"))


def _alternatives(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


#: "94 percent of precincts reporting", "99% of the vote counted", "half of all ballots have been tallied"
PROGRESS = re.compile(
    r"[^.;:]{0,40}?\bof\s+(?:(?:the|all)\s+)?(?:" + _alternatives(_DATA["progress_nouns"]) + r")"
    r"\s+(?:(?:have|has|had)\s+(?:been\s+)?)?(?:" + _alternatives(_DATA["progress_participles"]) + r")"
    # "in" ends the phrase ("with 90 percent of the vote in,"): "of the vote in New Hampshire" is a place
    r"(?:(?<=\bin)(?=\s*(?:[,.;:)]|$))|(?<!\bin)\b)",
    re.IGNORECASE,
)

SHARE_UNITS = frozenset({"percent", "fraction"})


def is_progress(text: str, start: int, end: int, unit: str) -> bool:
    """C2: whether the share at ``start`` (its sentence ends at ``end``) is a count's progress."""
    return unit in SHARE_UNITS and PROGRESS.match(text, start, end) is not None


def score_pairs(claims: list[Any]) -> list[tuple[Any, Any]]:
    """C1: consecutive claims that are the two sides of one score ("50% to 40%")."""
    return [
        (a, b)
        for a, b in zip(claims, claims[1:], strict=False)
        if a.figure.paired and b.figure.paired and 0 <= b.figure.start - a.figure.end <= 4
    ]


# --- C3: Q's holder through a pronoun -----------------------------------------------------------------

_RESOLVED: dict[int, str] = {}  # token char offset -> resolved name's last word (while reading one doc)


@contextmanager
def pronoun_holders(mentions: list[dict[str, Any]]) -> Iterator[None]:
    """Q's reader with a pronoun in a holder position read as the name the coreference layer gives it."""
    _RESOLVED.clear()
    for m in mentions:
        if m.get("label") == "pronoun" and m.get("name"):
            last = m["name"].split()[-1].lower().removesuffix("’s").removesuffix("'s").rstrip(".")
            _RESOLVED[m["start"]] = last
    is_name, name_tokens, word = SA._is_name, SA._name_tokens, SA._word

    held: set[int] = set()  # pronouns read in a holder position (only these are resolved)

    def _is_name(token: Any) -> bool:
        if token is not None and token.pos_ == "PRON" and token.idx in _RESOLVED:
            held.add(token.idx)
            return True
        return is_name(token)

    def _name_tokens(token: Any) -> list[Any]:
        return [token] if token.pos_ == "PRON" else name_tokens(token)

    def _word(token: Any) -> str:
        return _RESOLVED[token.idx] if token.pos_ == "PRON" and token.idx in held else word(token)

    SA._is_name, SA._name_tokens, SA._word = _is_name, _name_tokens, _word
    try:
        yield
    finally:
        SA._is_name, SA._name_tokens, SA._word = is_name, name_tokens, word
        _RESOLVED.clear()


def mark_article(nlp: Any, article: dict[str, Any], counts: dict[str, int] | None = None) -> None:
    """Write ``score_with``, ``progress``, ``answers`` and ``answers_c3`` into one article dict's claims."""
    from presslens.components.claims import extract
    from presslens.corpus.quantity_key import sentence_at

    counts = {} if counts is None else counts
    text = article["text"]
    doc = nlp(text)
    found = extract(doc, article.get("published"), text)
    by_span = {(c.start, c.end): c for c in found}
    other: dict[tuple[int, int], int] = {}
    for a, b in score_pairs(found):
        other[(a.start, a.end)], other[(b.start, b.end)] = b.start, a.start
    for claim in article.get("claims") or []:
        for key in ("score_with", "progress", "answers", "answers_c3"):
            claim.pop(key, None)
        mine = by_span.get((claim["start"], claim["end"]))
        if mine is None:
            continue
        unit = mine.figure.unit
        if (claim["start"], claim["end"]) in other:
            claim["score_with"] = other[(claim["start"], claim["end"])]
            counts["sides"] = counts.get("sides", 0) + 1
        _, sent_end = sentence_at(article, claim["start"])
        if is_progress(text, claim["start"], sent_end, unit):
            claim["progress"] = True
            counts["progress"] = counts.get("progress", 0) + 1
        span = doc.char_span(mine.figure.start, mine.figure.end, alignment_mode="expand")
        if span is None:
            continue
        answer = SA.share_answer(doc, text, unit, span)
        with pronoun_holders(article.get("mentions") or []):
            widened = SA.share_answer(doc, text, unit, span)
        if answer is not None:
            claim["answers"] = answer
            counts["answers"] = counts.get("answers", 0) + 1
        if widened is not None:
            claim["answers_c3"] = widened
            counts["answers_c3"] = counts.get("answers_c3", 0) + 1


def annotate(cache: Path, out: Path) -> None:
    """`mark_article` for every article of a `grouping_errors.py cache` file."""
    from presslens.nlp import load_spacy

    nlp = load_spacy()
    data = json.loads(cache.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for entry in data.values():
        for article in entry["docs"].values():
            mark_article(nlp, article, counts)
    out.write_text(json.dumps(data), encoding="utf-8")
    print(f"{counts} -> {out}")


def add_marks(items: list[dict[str, Any]]) -> None:
    """Give each entry of `grouping_errors.load_items` its claim's marks (``score_with``, ``progress``,
    ``answer``: Q's words, ``answer_c3``: Q's words with C3's reading)."""
    for item in items:
        claims = {(a["id"], c["start"]): c for a in item["docs"] for c in a.get("claims") or []}
        for entry in item["entries"]:
            claim = claims.get((entry["article_id"], entry["start"])) or {}
            share = entry["key"].unit == "share"
            entry["score_with"] = claim.get("score_with")
            entry["progress"] = bool(claim.get("progress")) and share
            for key, field in (("answer", "answers"), ("answer_c3", "answers_c3")):
                words = (claim.get(field) or {}).get("words") or ()
                entry[key] = frozenset(words) if share else frozenset()


def sides_of_one_score(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """C1: the two sides of one score ("50% to 40%") count different holders."""
    return a["article_id"] == b["article_id"] and (
        a.get("score_with") == b["start"] or b.get("score_with") == a["start"]
    )


def progress_apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """C2: a count's progress never links to another figure, nor to a progress share of another value."""
    from presslens.corpus.grouping import one_value

    pa, pb = bool(a.get("progress")), bool(b.get("progress"))
    return pa != pb or (pa and pb and not one_value(a, b))


def answers_differ_c3(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """C3: Q's rule over answers read with pronoun holders."""
    x, y = a.get("answer_c3") or frozenset(), b.get("answer_c3") or frozenset()
    return a["key"].unit == b["key"].unit == "share" and bool(x and y) and not (x & y)


RULES: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
    "C1": sides_of_one_score,
    "C2": progress_apart,
    "C3": answers_differ_c3,
}


def with_rules(original: Any, names: tuple[str, ...]) -> Any:
    """``cannot_link`` with the named candidates added."""
    rules = [RULES[n] for n in names]

    def cannot_link(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return original(a, b) or any(rule(a, b) for rule in rules)

    return cannot_link


def nested_rows(cache: Path) -> None:
    """The forbid-only protocol: baseline, then C1, C2, C3 alone (deciding), the union and re-tuned rows
    (reported)."""
    import grouping_candidates as C
    import grouping_errors as E
    import grouping_nested as N

    import presslens.corpus.grouping as G

    items, _ = E.load_items(cache)
    add_marks(items)
    print(f"{len(items)} dev clusters: {[it['cluster'] for it in items]}", flush=True)
    base = N.nested(items)
    N.show("baseline", base)
    fixed = [row.t for row in base]  # type: ignore[attr-defined]
    for names in (("C1",), ("C2",), ("C3",)):
        with C.patched(G, "cannot_link", with_rules(G.cannot_link, names)):
            N.show(
                f"{'+'.join(names)}, baseline's fold weights and thresholds (DECIDING)",
                N.nested(items, fixed),
                base,
            )
    with C.patched(G, "cannot_link", with_rules(G.cannot_link, ("C1", "C2", "C3"))):
        N.show("C1+C2+C3, baseline's fold weights and thresholds (reported)", N.nested(items, fixed), base)
    for names in (("C1",), ("C2",), ("C3",), ("C1", "C2", "C3")):
        with C.patched(G, "cannot_link", with_rules(G.cannot_link, names)):
            N.show(f"{'+'.join(names)}, own inner-LOCO thresholds (reported)", N.nested(items), base)


def union_row(cache: Path, names: tuple[str, ...]) -> None:
    """The union gate: the passing candidates together, at the baseline's fold thresholds."""
    import grouping_candidates as C
    import grouping_errors as E
    import grouping_nested as N

    import presslens.corpus.grouping as G

    items, _ = E.load_items(cache)
    add_marks(items)
    base = N.nested(items)
    N.show("baseline", base)
    fixed = [row.t for row in base]  # type: ignore[attr-defined]
    with C.patched(G, "cannot_link", with_rules(G.cannot_link, names)):
        N.show(
            f"{'+'.join(names)}, baseline's fold weights and thresholds (union gate)",
            N.nested(items, fixed),
            base,
        )


def share_joins(cache: Path) -> None:
    """The share pairs joined at each outer fold's baseline weights and nested threshold (the deciding
    protocol), right and wrong, with whether a candidate parts them (dev only; read after the run)."""
    from itertools import combinations

    import grouping_errors as E
    import grouping_nested as N

    import presslens.corpus.grouping as G
    import presslens_train.grouping as T
    from presslens.corpus.quantity_key import sentence_at

    items, _ = E.load_items(cache)
    add_marks(items)
    fixed = [row.t for row in N.nested(items)]  # type: ignore[attr-defined]
    data = [T.pair_data(item) for item in items]
    docs = {d["id"]: d for item in items for d in item["docs"]}

    def context(e: dict[str, Any]) -> str:
        article = docs[e["article_id"]]
        lo, hi = sentence_at(article, e["start"])
        k = e["start"] - lo
        return article["text"][lo:hi].replace("\n", " ")[max(0, k - 45) : k + 45]

    right = wrong = parted = 0
    for k, item in enumerate(items):
        entries, gold = item["entries"], item["gold"]
        labels = G.average_linkage(len(entries), G.pair_scores(entries, N.fit(data, {k})), fixed[k])
        for i, j in combinations([i for i, g in enumerate(gold) if g is not None], 2):
            a, b = entries[i], entries[j]
            if labels[i] != labels[j] or not a["key"].unit == b["key"].unit == "share":
                continue
            if gold[i] == gold[j]:
                right += 1
                continue
            wrong += 1
            rules = [name for name, rule in RULES.items() if rule(a, b)]
            parted += bool(rules)
            print(f"{item['cluster']} {'+'.join(rules) or '-'} | {a['text']} :: {context(a)} | "
                  f"{b['text']} :: {context(b)}")  # fmt: skip
    print(f"share pairs joined: {right} right, {wrong} wrong; a candidate parts {parted} wrong ones directly")


def pooled_rows(cache: Path) -> None:
    """The dev clusters as one corpus, without and with each candidate and the union (reported only)."""
    import grouping_candidates as C
    import grouping_errors as E

    import presslens.corpus.grouping as G

    original = E.load_items

    def load_items(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        items, articles = original(path)
        add_marks(items)
        return items, articles

    with C.patched(E, "load_items", load_items):
        for names in ((), ("C1",), ("C2",), ("C3",), ("C1", "C2", "C3")):
            print(f"== {'+'.join(names) or 'baseline'}", flush=True)
            with C.patched(G, "cannot_link", with_rules(G.cannot_link, names)):
                E.pooled_corpus(cache)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["annotate", "nested", "union", "pooled", "shares"])
    parser.add_argument("cache", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument(
        "--names", nargs="*", default=["C1", "C2", "C3"], help="union: the passing candidates"
    )
    args = parser.parse_args()
    if args.command == "annotate":
        if args.out is None:
            parser.error("annotate needs OUT")
        annotate(args.cache, args.out)
    elif args.command == "nested":
        nested_rows(args.cache)
    elif args.command == "union":
        union_row(args.cache, tuple(args.names))
    elif args.command == "shares":
        share_joins(args.cache)
    else:
        pooled_rows(args.cache)


if __name__ == "__main__":
    sys.exit(main())
