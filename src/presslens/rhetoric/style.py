"""Style rates that separate reporting from opinion, whatever the topic.

Why: the genre head must survive a change of mix (the training data is 88% opinion, news in the wild
is mostly reporting), and topic words do not travel. These rates describe how a text is written:
reports attribute (said, according to, quotation marks, "told reporters"), date ("on Tuesday"),
open with a dateline and cite agencies, and keep paragraphs short; opinion argues in the first and
second person, evaluates ("outrageous", "clearly"), tells the reader what should happen, asks and
exclaims. The headline (the first line, as in SemEval and PolNeAR texts) has its own rates.
The word lists are data (`resources/genre_style.json`); the genre head learns their weights by
cross-validation (`presslens_train.rhetoric.genre`). Satire has no rate of its own: it needs the
model's strong evidence (`RhetoricModel.genre_decision`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import numpy as np

#: the rates of release 2 (kept first and unchanged, so old heads read the same columns).
BASE_FEATURES: tuple[str, ...] = (
    "said_per_sentence",
    "according_to_per_sentence",
    "quote_marks_per_sentence",
    "quoted_lines_share",
    "first_singular_per_word",
    "first_plural_per_word",
    "second_person_per_word",
    "questions_per_sentence",
    "exclamations_per_sentence",
    "numbers_per_word",
    "log_words_per_sentence",
    "log_words",
)
#: rates added for genre release 3 (attribution, dateline, hedges, evaluation, headline style).
EXTRA_FEATURES: tuple[str, ...] = (
    "attribution_verbs_per_sentence",
    "attribution_phrases_per_sentence",
    "agency_mentions",
    "dateline",
    "weekdays_per_sentence",
    "hedges_per_word",
    "evaluative_per_word",
    "obligation_per_word",
    "argument_markers_per_word",
    "contractions_per_word",
    "lines_starting_with_quote_share",
    "log_words_per_line",
    "headline_log_words",
    "headline_question",
    "headline_exclamation_or_caps",
    "headline_quote",
    "headline_colon_or_dash",
    "headline_person",
)
STYLE_FEATURES: tuple[str, ...] = BASE_FEATURES + EXTRA_FEATURES

_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?]+(?:[\"'”’)\]]*)(?:\s|$)")
#: Release 2's attribution rates ("said", "according to"). They are not read from
#: ``resources/cues.json`` on purpose: they are inputs of a trained head, so their words are frozen
#: with the head that was fitted on them, while cues.json is the finders' vocabulary, which users
#: extend (a new phrase there must not shift a fitted model's features). They also count something
#: else: how much a text attributes ("quoted", "spokesman" are counted, "citing" is not), not where a
#: finder should look for a source. The release-3 lists (``genre_style.json``) are data of the same
#: kind, versioned with the head.
_SAID = re.compile(
    r"\b(?:said|says|told|tells|stated|announced|added|explained|noted|wrote|asked|replied|confirmed)\b", re.I
)
_ACCORDING = re.compile(r"\baccording to\b|\bquoted\b|\bspokes(?:man|woman|person)\b", re.I)
_QUOTES = re.compile(r"[\"“”«»]")
_QUOTE_OPEN = re.compile(r"^\s*[\"“«‘']")
#: "WASHINGTON (Reuters) -", "GAZA CITY, Oct 9 —", "(AP) —": a place in capitals, then a dash or an agency.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’\- ]{2,40}(?:,[^\n—–-]{0,40})?\s*(?:\([^)\n]{1,30}\)\s*)?[—–-]"
    r"|\([A-Z][A-Za-z ]{1,25}\)\s*[—–-])"
)
#: endings of a contracted word token ("don't", "we're"; not the possessive "'s")
_CONTRACTION_ENDS = ("n't", "n’t", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m")
_FIRST_SG = {"i", "me", "my", "mine", "myself", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d"}
_FIRST_PL = {"we", "us", "our", "ours", "ourselves", "we're", "we’re", "we've", "we’ve"}
_SECOND = {"you", "your", "yours", "yourself", "yourselves", "you're", "you’re"}


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, tuple[str, ...]], dict[str, str], re.Pattern[str]]:
    """The word lists of `resources/genre_style.json`: single words per list (counted on the word
    tokens), and one case-insensitive pattern for every list's phrases ("according to") with the
    list each phrase belongs to, so the text is scanned once for all of them."""
    data = json.loads(resources.files("presslens.resources").joinpath("genre_style.json").read_text("utf-8"))
    word_lists: dict[str, tuple[str, ...]] = {}
    phrase_list: dict[str, str] = {}
    for key, entries in data.items():
        if isinstance(entries, list):
            for e in entries:
                if _WORDS.fullmatch(e):
                    word_lists[e.lower()] = (*word_lists.get(e.lower(), ()), key)
                else:
                    phrase_list[e.lower()] = key
    alts = sorted((re.escape(e) for e in phrase_list), key=len, reverse=True)
    return word_lists, phrase_list, re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.I)


def _counts(text: str, lower: list[str]) -> dict[str, int]:
    """Occurrences of each word list's words and phrases in ``text`` (``lower``: its word tokens)."""
    word_lists, phrase_list, pattern = _lists()
    out = dict.fromkeys((*phrase_list.values(), *(k for keys in word_lists.values() for k in keys)), 0)
    for w in lower:
        for key in word_lists.get(w, ()):
            out[key] += 1
    for m in pattern.findall(text):
        out[phrase_list[m.lower()]] += 1
    return out


def _words_lower(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]


def _headline_and_body(text: str) -> tuple[str, str]:
    """The first non-empty line (SemEval and PolNeAR texts open with the headline) and the rest."""
    stripped = text.strip()
    head, _, body = stripped.partition("\n")
    return head.strip(), body


def style_rates(text: str) -> np.ndarray:
    """`STYLE_FEATURES` of ``text`` as a float32 vector (all zeros for a text without words)."""
    words = _WORDS.findall(text)
    n_words = len(words)
    if not n_words:
        return np.zeros(len(STYLE_FEATURES), np.float32)
    n_sent = max(1, len(_SENTENCE_END.findall(text)))
    lower = [w.lower() for w in words]
    lines = [x for x in text.split("\n") if x.strip()]
    head, body = _headline_and_body(text)
    body_lines = [x for x in body.split("\n") if x.strip()]
    head_words = _WORDS.findall(head)
    head_lower = {w.lower() for w in head_words}
    caps_words = sum(1 for w in head_words if len(w) > 2 and w.isupper())
    base = [
        len(_SAID.findall(text)) / n_sent,
        len(_ACCORDING.findall(text)) / n_sent,
        len(_QUOTES.findall(text)) / n_sent,
        sum(bool(_QUOTES.search(x)) for x in lines) / max(1, len(lines)),
        sum(w in _FIRST_SG for w in lower) / n_words,
        sum(w in _FIRST_PL for w in lower) / n_words,
        sum(w in _SECOND for w in lower) / n_words,
        text.count("?") / n_sent,
        text.count("!") / n_sent,
        sum(w[0].isdigit() for w in words) / n_words,
        np.log1p(n_words / n_sent),
        np.log1p(n_words),
    ]
    opening = "\n".join(body_lines[:2])[:300]
    n = _counts(text, lower)
    agency_opening = _counts(opening[:120], _words_lower(opening[:120]))["news_agencies"]
    contractions = sum(w.endswith(_CONTRACTION_ENDS) for w in lower)
    extra = [
        n["attribution_verbs"] / n_sent,
        n["attribution_phrases"] / n_sent,
        min(n["news_agencies"], 3) / 3,
        float(bool(_DATELINE.search(opening)) or agency_opening > 0),
        n["weekdays"] / n_sent,
        n["hedges"] / n_words,
        n["evaluative"] / n_words,
        n["obligation"] / n_words,
        n["argument_markers"] / n_words,
        contractions / n_words,
        sum(bool(_QUOTE_OPEN.match(x)) for x in body_lines) / max(1, len(body_lines)),
        np.log1p(n_words / max(1, len(lines))),
        np.log1p(len(head_words)),
        float("?" in head),
        float("!" in head or caps_words > 0),
        float(bool(re.search(r"[\"“”‘]", head))),
        float(bool(re.search(r"[:|—–]| - ", head))),
        float(bool(head_lower & (_FIRST_SG | _FIRST_PL | _SECOND))),
    ]
    return np.array(base + extra, np.float32)
