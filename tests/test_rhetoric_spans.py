"""Readable technique spans, editorial notes, style rates and the genre rule (no model needed)."""

from __future__ import annotations

import numpy as np

from presslens.rhetoric.spans import editorial_lines, readable
from presslens.rhetoric.style import STYLE_FEATURES, style_rates

TEXT = "He called it a war of assassinations, the upper class and the nation."


def spans_of(pieces):
    return [TEXT[s:e] for s, e in readable(TEXT, pieces)]


def test_a_lone_function_word_is_never_a_highlight() -> None:
    assert spans_of([(13, 14)]) == []  # "a"
    assert spans_of([(59, 62)]) == []  # "the"
    assert spans_of([(19, 21), (59, 62)]) == []  # "of", "the"


def test_pieces_become_whole_words_and_lose_edge_function_words() -> None:
    assert spans_of([(24, 30)]) == ["assassinations"]  # cut inside a word
    assert spans_of([(19, 36)]) == ["assassinations"]  # "of assassinations"


def test_pieces_a_function_word_apart_merge_but_not_across_punctuation() -> None:
    assert spans_of([(15, 18), (22, 36)]) == ["war of assassinations"]
    assert spans_of([(22, 36), (42, 47)]) == ["assassinations", "upper"]  # a comma between


def test_a_highlight_never_starts_or_ends_inside_a_hyphenated_word() -> None:
    text = 'The so-called "experts" keep a decades-long feud alive.'
    assert [text[s:e] for s, e in readable(text, [(7, 13)])] == ["so-called"]  # "called"
    assert [text[s:e] for s, e in readable(text, [(39, 43)])] == ["decades-long"]  # "long"
    assert [text[s:e] for s, e in readable(text, [(31, 38)])] == ["decades-long"]  # "decades"
    assert [text[s:e] for s, e in readable(text, [(44, 48)])] == ["feud"]  # a lone word stays itself


def test_a_highlight_never_leaves_a_quotation_mark_open() -> None:
    text = 'He called "safety campaign" a sham and the strikers "saboteurs. Then'
    got = [text[s:e] for s, e in readable(text, [(3, 26), (43, 62)])]
    assert got == ['called "safety campaign"', "saboteurs"]


def test_editorial_notes_are_found_at_line_starts_only() -> None:
    text = (
        "Title\n\n*Editor’s note: this article is fictional.*\nUpdate (May 3): figures revised\n"
        "Updated figures show a rise\nThe minister said an editor's note was missing.\n"
        "This article is fictional."
    )
    assert editorial_lines(text) == {2, 3, 6}


def test_style_rates_separate_a_report_from_a_column() -> None:
    report = (
        'The ministry said 12 people were injured on Tuesday. "We are investigating," a spokesman told '
        "reporters, according to the agency. Police said 3 suspects were arrested."
    )
    column = "I have had enough. Why do we keep pretending? You know it and I know it! We must act now."
    r, c = style_rates(report), style_rates(column)
    index = {name: i for i, name in enumerate(STYLE_FEATURES)}
    assert r[index["said_per_sentence"]] > c[index["said_per_sentence"]]
    assert r[index["numbers_per_word"]] > c[index["numbers_per_word"]]
    assert c[index["first_singular_per_word"]] > r[index["first_singular_per_word"]]
    assert c[index["questions_per_sentence"]] > 0 == r[index["questions_per_sentence"]]
    assert r[index["attribution_phrases_per_sentence"]] > 0 == c[index["attribution_phrases_per_sentence"]]
    assert r[index["weekdays_per_sentence"]] > 0 == c[index["weekdays_per_sentence"]]
    assert c[index["obligation_per_word"]] > 0 == r[index["obligation_per_word"]]
    assert np.all(style_rates("") == 0)


def test_style_rates_read_the_headline_and_the_dateline() -> None:
    index = {name: i for i, name in enumerate(STYLE_FEATURES)}
    wire = style_rates("Storm cuts power to 10,000 homes\n\nMIAMI (Reuters) - A storm cut power on Monday.")
    column = style_rates(
        "Why can't we admit it? I'm done\n\nWe've clearly lost. It's absurd, and you know it."
    )
    assert wire[index["dateline"]] == 1.0 and column[index["dateline"]] == 0.0
    assert wire[index["agency_mentions"]] > 0 == column[index["agency_mentions"]]
    assert column[index["headline_question"]] == 1.0 and wire[index["headline_question"]] == 0.0
    assert column[index["headline_person"]] == 1.0 and wire[index["headline_person"]] == 0.0
    assert column[index["contractions_per_word"]] > 0 == wire[index["contractions_per_word"]]
    assert column[index["evaluative_per_word"]] > 0 == wire[index["evaluative_per_word"]]
    assert len(wire) == len(STYLE_FEATURES)


def test_genre_rule_needs_strong_evidence_for_satire_and_flags_doubt() -> None:
    from presslens.rhetoric.runtime import get_model

    model = get_model()
    t = model.meta["genre_rule"]["satire_threshold"]
    assert 0.5 <= t < 0.99
    just_below = np.array([(1 - t) * 0.4, (1 - t) * 0.6, t]) - np.array([0, -0.01, 0.01])
    assert model.genre_decision(just_below)["label"] == "reporting"
    assert model.genre_decision(np.array([0.005, 0.005, 0.99]))["label"] == "satire"
    assert model.genre_decision(np.array([0.45, 0.4, 0.15]))["uncertain"] is True
    assert model.genre_decision(np.array([0.1, 0.85, 0.05])) == {
        "label": "reporting",
        "scores": {"opinion": 0.1, "reporting": 0.85, "satire": 0.05},
        "uncertain": False,
    }
