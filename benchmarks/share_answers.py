"""Candidate Q, what a share answers (issue 11, group16, session 10): a study, not shipped.

    OMP_NUM_THREADS=1 python benchmarks/share_answers.py annotate CACHE.json OUT.json
    OMP_NUM_THREADS=1 python benchmarks/grouping_nested.py OUT.json --floor --bare-share --answers
    OMP_NUM_THREADS=1 python benchmarks/share_answers.py rows OUT.json

"62 percent of voters say the mayor should resign" and "62 percent of voters said the bridge was too
expensive" are two quantities of one poll: the population and the value are the same, the question is
not. The claims layer's `count_of` reads the population ("voters"); this reads the answer the share is
the share *of*, from the dependency parse, so that the grouping would not join two shares on their value
alone. Two readings:

* the share is the **subject** of a verb ("62% of likely voters back Clinton", "with 50 percent saying
  she is prepared", "the 30 percent who say the economy is improving"): the answer is the verb's
  complements after it (object, clausal complement, predicate adjective, prepositional objects), not its
  adverbial clauses or conjuncts ("..., while 23 percent favored Mr. Cruz" is another share's answer);
  the verb itself is a word of the answer unless it only frames one (say, think, support, vote...) or
  is a light verb (be, have, do);
* the share is **held or won by a name** ("Clinton had 49.9 percent", "Trump leads the field with 40
  percent", "Sanders' 49.6 percent", "41 percent for Mrs. Clinton", "Ben Carson with 20 percent"): the
  answer is that name.

An answer that points elsewhere ("said the same", "said yes", "agreed") or holds no content word is
not read (None). Percentage points are left out (a margin has two sides: "Clinton leads by 6 points" and
"Sanders trails by 6 points" are one quantity), as are counts and money. The rule Q: two shares whose
answers were both read and share no word never link (`with_answers` patches ``cannot_link``); an unread
answer leaves the pair to the model. The words are data (``share_answers.json`` beside this file).

Q was built in ``src/`` (claims layer + ``cannot_link``) and failed its pre-written rule (nested LOCO at
the baseline's fold weights and thresholds: gain +0.0000 on the fifteen dev clusters;
docs/evaluation-grouping.md, session 10, group16), so it lives here: ``annotate`` re-parses each cached
article with the verified spaCy pipeline and the claims layer's own `extract`, and writes the answer of
every percent or fraction claim into the cache (claim ``answers``: text, start, end, words), as the
runtime version did (the same 69 answers on the dev cache).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from presslens.attribution.lexicon import word_key
from presslens.values.words import singular
from presslens.vocab import load as load_resource

_HERE = Path(__file__).resolve().parent

_DATA = json.loads((_HERE / "share_answers.json").read_text(encoding="utf-8"))
#: Verbs that frame an answer without being part of it (lemmas): "62 percent *said* the mayor should resign".
FRAME_VERBS = frozenset(_DATA["frame_verbs"])
#: Verbs that carry no answer of their own ("84% of people *had* no power").
LIGHT_VERBS = frozenset(_DATA["light_verbs"])
#: Words that make an answer point to another sentence ("said *the same*", "*agreed*"): not read.
POINTS_BACK = frozenset(_DATA["points_back"])
#: Title words before a name ("Mr.", "Sen."): not part of what a share is of.
TITLES = frozenset(w.lower() for w in load_resource("quantities.json").get("not_story_names") or ())
_STOP = frozenset(load_resource("function_words.json")["words"])

#: Share units whose answer is read (not "points": see the module docstring).
ANSWERED_UNITS = frozenset({"percent", "fraction"})
#: A verb's dependents that hold what it says of its subject.
COMPLEMENTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "prep", "dative", "agent", "prt"})
#: Dependents that start another statement (a clause, a conjunct, an aside): never part of the answer.
PRUNED = frozenset(
    {"advcl", "conj", "cc", "punct", "mark", "parataxis", "appos", "npadvmod", "advmod", "nsubj", "nsubjpass",
     "aux", "auxpass", "neg", "expl", "discourse", "meta", "dep", "intj"}
)  # fmt: skip
#: Entity types whose tokens are values or dates, not what a share is of.
_VALUE_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY"})
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Prepositions through which a verb's subject holds the share ("leads *with* 47 percent").
_HELD_WITH = frozenset({"with", "at"})
_RELATIVE = frozenset({"who", "that", "which"})


def share_answer(doc: Doc, text: str, unit: str, claim_span: Span) -> dict[str, Any] | None:
    """``{"text", "start", "end", "words"}`` of what the share in ``claim_span`` answers, or None.

    ``words`` are the answer's content words, sorted: lemmas in lower case, a person's name by its
    last word ("Hillary Clinton" -> "clinton"), titles and function words left out.
    """
    if unit not in ANSWERED_UNITS or not len(claim_span):
        return None
    root = _root(claim_span)
    if root is None:
        return None
    tokens = _holder(root, claim_span)
    verb = None
    if tokens is None:
        verb = _predicate(root)
        if verb is None:
            return None
        tokens = _complements(verb, claim_span)
        if _lemma(verb) not in FRAME_VERBS | LIGHT_VERBS:
            tokens.append(verb)
    if any(t.dep_ != "det" and (_lemma(t) in POINTS_BACK or t.lower_ in POINTS_BACK) for t in tokens):
        return None
    words = sorted({w for t in tokens if (w := _word(t))})
    if not words:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return {"text": text[start:end], "start": start, "end": end, "words": words}


def _root(span: Span) -> Token | None:
    """The span's first token whose head lies outside it: where the share hangs in the sentence."""
    roots = [t for t in span if not span.start <= t.head.i < span.end or t.head is t]
    return roots[0] if roots else None


def _predicate(root: Token) -> Token | None:
    """The verb the share is the subject of: its head ("62 percent *said*"), or a clause on it
    ("50 percent *saying* ...", "the 30 percent who *say* ...")."""
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
        return root.head
    for child in root.children:
        if child.dep_ not in ("acl", "relcl") or child.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ in _RELATIVE:
            return child
    return None


def _holder(root: Token, span: Span) -> list[Token] | None:
    """The name that holds or wins the share, as tokens (None when there is none)."""
    # "41 percent for Mrs. Clinton"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            name = next((c for c in child.children if c.dep_ == "pobj"), None)
            if _is_name(name):
                return _name_tokens(name)
    # "Sanders' 49.6 percent", "Clinton's 47 percent"
    before = root.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.dep_ == "case" and _is_name(before.head) and before.head.i < span.start:
        return _name_tokens(before.head)
    for child in root.children:
        if child.dep_ == "poss" and _is_name(child):
            return _name_tokens(child)
    verb = None
    if root.dep_ in ("dobj", "attr"):
        verb = root.head
    elif root.dep_ == "pobj" and root.head.lower_ in _HELD_WITH:
        if any(t.pos_ == "VERB" and t.dep_ == "acl" for t in root.subtree):
            return None  # "led ... with over 95 percent of precincts reporting": a clause of its own
        owner = root.head.head
        if _is_name(owner):  # "Ben Carson with 20 percent"
            return _name_tokens(owner)
        verb = owner
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = _subject(verb)
    return _name_tokens(subject) if _is_name(subject) else None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, through "seems to have won" (xcomp) and "who won" (a relative clause)."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return verb.head
        if subject is not None:
            return subject
        if verb.dep_ != "xcomp":
            return None
        verb = verb.head
    return None


def _is_name(token: Token | None) -> bool:
    return token is not None and token.pos_ == "PROPN" and token.ent_type_ in _NAME_ENTITIES


def _name_tokens(token: Token) -> list[Token]:
    """A name with the words before it that belong to it ("Hillary Clinton", "Marco Rubio")."""
    out = [token]
    for child in token.children:
        if child.i < token.i and child.dep_ == "compound" and child.pos_ == "PROPN":
            out.append(child)
    return out


def _complements(verb: Token, span: Span) -> list[Token]:
    """The tokens of the verb's complements, without clauses, asides, other figures or the share itself."""
    out: list[Token] = []
    # after the verb only: a clause before it is another statement the parser hung on it ("The mayor
    # faces growing pressure: 62 percent of residents want her to resign")
    stack = [c for c in verb.children if c.dep_ in COMPLEMENTS and c.i > verb.i and not _inside(c, span)]
    while stack:
        token = stack.pop()
        if _inside(token, span) or token.ent_type_ in _VALUE_ENTITIES or token.like_num:
            continue  # another figure ("compared with 41 percent for Mrs. Clinton") is another share
        if token.pos_ == "VERB" and token.dep_ == "prep":
            continue  # "compared with ...": a comparison, not the answer
        out.append(token)
        clause = token.dep_ in ("ccomp", "xcomp")  # "said *Mr. Trump* should release": its subject counts
        stack.extend(
            c for c in token.children if c.dep_ not in PRUNED or (clause and c.dep_ in ("nsubj", "nsubjpass"))
        )
    return out


def _inside(token: Token, span: Span) -> bool:
    return span.start <= token.i < span.end


def _word(token: Token) -> str:
    """The token as an answer word: a name's last word or lemma, lower case; '' for what says nothing."""
    if token.is_punct or token.is_space or token.like_num or token.ent_type_ in _VALUE_ENTITIES:
        return ""
    if token.pos_ in ("PRON", "DET", "AUX", "PART", "CCONJ", "SCONJ", "ADP", "NUM", "SYM", "X"):
        return ""
    if token.pos_ == "PROPN" or token.ent_type_ in _NAME_ENTITIES:
        if token.ent_type_ == "PERSON" and token.ent_iob_ != "" and _not_last_of_entity(token):
            return ""
        word = token.lower_.rstrip(".").removesuffix("’s").removesuffix("'s")
        word = singular(word) if token.ent_type_ == "NORP" else word  # "Democrats", "Democrat"
        return "" if word in TITLES or word in _STOP or len(word) < 2 else word
    lemma = token.lower_ if token.pos_ == "ADJ" else _lemma(token)  # "better", not "well"
    if lemma in _STOP or lemma in FRAME_VERBS or lemma in LIGHT_VERBS or len(lemma) < 2:
        return ""
    return lemma


def _lemma(token: Token) -> str:
    """The lower-cased lemma (the pipeline runs without a lemmatizer; `word_key` applies its rules)."""
    return word_key(token)


def _not_last_of_entity(token: Token) -> bool:
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    # "Lena Marsh's": the possessive ending belongs to the entity but is no word of the name
    return nxt is not None and nxt.ent_iob_ == "I" and nxt.ent_type_ == token.ent_type_ and nxt.dep_ != "case"


# --- the study: annotate a cache, and the rule as a patch ------------------------------------------


def annotate(cache: Path, out: Path) -> None:
    """Write ``answers`` into every percent or fraction claim of a `grouping_errors.py cache` file."""
    from presslens.components.claims import extract
    from presslens.nlp import load_spacy

    nlp = load_spacy()
    data = json.loads(cache.read_text(encoding="utf-8"))
    read = shares = 0
    for entry in data.values():
        for article in entry["docs"].values():
            text = article["text"]
            doc = nlp(text)
            found = {}
            for claim in extract(doc, article.get("published"), text):
                span = doc.char_span(claim.figure.start, claim.figure.end, alignment_mode="expand")
                if span is not None:
                    found[(claim.start, claim.end)] = (
                        claim.figure.unit,
                        share_answer(doc, text, claim.figure.unit, span),
                    )
            for claim in article.get("claims") or []:
                unit, answer = found.get((claim["start"], claim["end"]), ("", None))
                shares += unit in ANSWERED_UNITS
                claim.pop("answers", None)
                if answer is not None:
                    claim["answers"] = answer
                    read += 1
    out.write_text(json.dumps(data), encoding="utf-8")
    print(f"{read} answers read of {shares} percent/fraction claims -> {out}")


def add_answers(items: list[dict[str, Any]]) -> None:
    """Give each entry of `grouping_errors.load_items` the answer words of its claim (``answer``)."""
    for item in items:
        claims = {(a["id"], c["start"]): c for a in item["docs"] for c in a.get("claims") or []}
        for entry in item["entries"]:
            claim = claims.get((entry["article_id"], entry["start"])) or {}
            words = (claim.get("answers") or {}).get("words") or ()
            entry["answer"] = frozenset(words) if entry["key"].unit == "share" else frozenset()


def answers_differ(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Q: two shares whose answers were both read and have no word in common."""
    x, y = a.get("answer") or frozenset(), b.get("answer") or frozenset()
    return a["key"].unit == b["key"].unit == "share" and bool(x and y) and not (x & y)


def with_answers(original: Any) -> Any:
    """``cannot_link`` with Q added."""

    def cannot_link(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return original(a, b) or answers_differ(a, b)

    return cannot_link


def rows(cache: Path) -> None:
    """The reported-only rows, without and with Q: plain LOCO CV and the dev clusters as one corpus."""
    sys.path.insert(0, str(_HERE))
    import grouping_candidates as C
    import grouping_errors as E

    import presslens.corpus.grouping as G

    original = E.load_items

    def load_items(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        items, articles = original(path)
        add_answers(items)
        return items, articles

    with C.patched(E, "load_items", load_items):
        for name in ("baseline", "Q"):
            print(f"== {name}", flush=True)
            with C.patched(G, "cannot_link", with_answers(G.cannot_link) if name == "Q" else G.cannot_link):
                E.cv(cache, None, None, 1.0)
                E.pooled_corpus(cache)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["annotate", "rows"])
    parser.add_argument("cache", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    args = parser.parse_args()
    if args.command == "annotate":
        if args.out is None:
            parser.error("annotate needs OUT")
        annotate(args.cache, args.out)
    else:
        rows(args.cache)


if __name__ == "__main__":
    sys.exit(main())
