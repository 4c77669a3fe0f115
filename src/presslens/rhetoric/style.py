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
_CONTRACTION = re.compile(r"[^\W\d_]+(?:n['’]t|['’](?:re|ve|ll|d|m))\b", re.I)  # not possessive 's
_FIRST_SG = {"i", "me", "my", "mine", "myself", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d"}
_FIRST_PL = {"we", "us", "our", "ours", "ourselves", "we're", "we’re", "we've", "we’ve"}
_SECOND = {"you", "your", "yours", "yourself", "yourselves", "you're", "you’re"}


@lru_cache(maxsize=1)
def _lists() -> dict[str, re.Pattern[str]]:
    """One case-insensitive pattern per word list of `resources/genre_style.json`."""
    data = json.loads(resources.files("presslens.resources").joinpath("genre_style.json").read_text("utf-8"))
    out = {}
    for key, words in data.items():
        if isinstance(words, list):
            alts = sorted((re.escape(w) for w in words), key=len, reverse=True)
            out[key] = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.I)
    return out


def _count(name: str, text: str) -> int:
    return len(_lists()[name].findall(text))


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
    extra = [
        _count("attribution_verbs", text) / n_sent,
        _count("attribution_phrases", text) / n_sent,
        min(_count("news_agencies", text), 3) / 3,
        float(bool(_DATELINE.search(opening)) or bool(_lists()["news_agencies"].search(opening[:120]))),
        _count("weekdays", text) / n_sent,
        _count("hedges", text) / n_words,
        _count("evaluative", text) / n_words,
        _count("obligation", text) / n_words,
        _count("argument_markers", text) / n_words,
        len(_CONTRACTION.findall(text)) / n_words,
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
