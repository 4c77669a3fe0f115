"""Style rates that separate reporting from opinion, whatever the topic.

Why: the genre head must survive a change of mix (the training data is 88% opinion, news in the wild
is mostly reporting), and topic words do not travel. These rates describe how a text is written:
reports attribute (said, according to, quotation marks), date and count; opinion argues in the
first and second person, asks and exclaims. Satire has no rate of its own here: it needs the model's
strong evidence (`RhetoricModel.genre_decision`).
"""

from __future__ import annotations

import re

import numpy as np

STYLE_FEATURES: tuple[str, ...] = (
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
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?]+(?:[\"'”’)\]]*)(?:\s|$)")
_SAID = re.compile(
    r"\b(?:said|says|told|tells|stated|announced|added|explained|noted|wrote|asked|replied|confirmed)\b", re.I
)
_ACCORDING = re.compile(r"\baccording to\b|\bquoted\b|\bspokes(?:man|woman|person)\b", re.I)
_QUOTES = re.compile(r"[\"“”«»]")
_FIRST_SG = {"i", "me", "my", "mine", "myself", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d"}
_FIRST_PL = {"we", "us", "our", "ours", "ourselves", "we're", "we’re", "we've", "we’ve"}
_SECOND = {"you", "your", "yours", "yourself", "yourselves", "you're", "you’re"}


def style_rates(text: str) -> np.ndarray:
    """`STYLE_FEATURES` of ``text`` as a float32 vector (all zeros for a text without words)."""
    words = _WORDS.findall(text)
    n_words = len(words)
    if not n_words:
        return np.zeros(len(STYLE_FEATURES), np.float32)
    n_sent = max(1, len(_SENTENCE_END.findall(text)))
    lower = [w.lower() for w in words]
    lines = [x for x in text.split("\n") if x.strip()]
    return np.array(
        [
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
        ],
        np.float32,
    )
