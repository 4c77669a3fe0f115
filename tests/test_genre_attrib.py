"""The session-8 genre study's attribution rates (`presslens_train.rhetoric.attribution_rates`) and
the record it caches from the pipeline (`genre_attrib.article_record`).

Why: the study's conclusion (nothing shipped, docs/model-card.md, Genre) rests on these rates; a rate
that counted the wrong thing (sentences hit by a cue outside them, characters counted twice, the
unresolved "he" counted as a speaker) would make the table say something else.
"""

from __future__ import annotations

import numpy as np
import pytest

from presslens.model import Article
from presslens_train.rhetoric.attribution_rates import ATTRIBUTION_FEATURES, Attr, attribution_rates
from presslens_train.rhetoric.genre_attrib import article_record, rates_of
from test_genre_study import OPINION, REPORT


def rate(values: np.ndarray, name: str) -> float:
    return float(values[ATTRIBUTION_FEATURES.index(name)])


def test_rates_count_kinds_sentences_characters_and_speakers() -> None:
    sentences = [(0, 25), (26, 50), (51, 75), (76, 100), (101, 120), (121, 140)]
    attrs = [
        Attr("direct", ((2, 12),), (13, 17), "Ana Ruiz", "name"),  # sentence 1
        Attr("indirect", ((30, 48),), (26, 29), None, "pronoun"),  # sentence 2, "he" unresolved
        Attr("mixed", ((52, 60), (64, 70)), None, "Ana Ruiz", "pronoun"),  # sentence 3, same speaker
        Attr("belief", ((80, 90),), (77, 79), "Tom Lee", "name"),  # sentence 4
        Attr("document", ((122, 130),), None, None, None),  # sentence 6 (outside the lede)
    ]
    r = attribution_rates(140, sentences, attrs)
    assert rate(r, "speech_per_sentence") == pytest.approx(3 / 6)
    assert rate(r, "direct_per_sentence") == pytest.approx(1 / 6)
    assert rate(r, "indirect_per_sentence") == pytest.approx(2 / 6)  # indirect + mixed
    assert rate(r, "belief_per_sentence") == rate(r, "document_per_sentence") == pytest.approx(1 / 6)
    assert rate(r, "attributed_sentence_share") == pytest.approx(5 / 6)  # sentence 5 has none
    assert rate(r, "speech_sentence_share") == pytest.approx(3 / 6)
    assert rate(r, "attributed_char_share") == pytest.approx((10 + 18 + 8 + 6 + 10 + 8) / 140)
    assert rate(r, "direct_char_share") == pytest.approx(10 / 140)
    assert rate(r, "speakers_per_sentence") == pytest.approx(1 / 6)  # one distinct resolved speaker
    assert rate(r, "log_distinct_speakers") == pytest.approx(np.log1p(1))
    assert rate(r, "resolved_share") == pytest.approx(3 / 5)
    assert rate(r, "named_speaker_share") == pytest.approx(1 / 3)  # of the speech attributions
    assert rate(r, "lede_attributed_share") == pytest.approx(4 / 5)


def test_no_sentences_and_no_attributions_give_zeros() -> None:
    for n_chars, sentences in ((0, []), (40, [(0, 40)])):
        r = attribution_rates(n_chars, sentences, [])
        assert r.shape == (len(ATTRIBUTION_FEATURES),) and not r.any()


def test_a_report_is_attributed_and_an_opinion_piece_is_not(pipeline) -> None:
    """Real output of attribution.v1 on the two texts of the release-4 study's test."""
    report = article_record(pipeline(Article(text=REPORT)))
    opinion = article_record(pipeline(Article(text=OPINION)))
    r, o = rates_of(report), rates_of(opinion)
    speech = [a for a in report["attributions"] if a["kind"] in ("direct", "indirect", "mixed")]
    assert rate(r, "speech_per_sentence") == pytest.approx(len(speech) / len(report["sentences"]))
    assert rate(r, "attributed_sentence_share") >= 0.75 > rate(o, "attributed_sentence_share")
    assert rate(r, "speech_per_sentence") >= 3 * rate(o, "speech_per_sentence")
    assert rate(r, "direct_per_sentence") > 0 == rate(o, "direct_per_sentence")
    assert "Ana Ruiz" in {a["speaker"] for a in speech}
    assert rate(r, "log_distinct_speakers") > rate(o, "log_distinct_speakers")


def test_two_class_f1_weights_reports_and_counts_a_satire_decision_as_a_miss() -> None:
    """The session-9 rule's 2-class figure (`genre_attrib.two_class_f1`): dev-mix weights apply, a
    gold-satire article is left out, and a report decided "satire" is a missed report, not an opinion."""
    from presslens_train.rhetoric import genre
    from presslens_train.rhetoric.genre_attrib import two_class_f1

    op, rep, sat = genre.OP, genre.REP, genre.SAT
    # fold 0: 2 opinion (w 1), 2 reporting (w 3), 1 satire; folds 1-4: one opinion each (for the rules)
    y = np.array([op, op, rep, rep, sat, op, op, op, op])
    folds = np.array([0, 0, 0, 0, 0, 1, 2, 3, 4])
    w = np.array([1.0, 1.0, 3.0, 3.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    big = 6.0
    logit = np.zeros((len(y), 3))
    logit[0] = [big, 0, -big]  # opinion -> opinion
    logit[1] = [0, big, -big]  # opinion -> reporting (false positive of reporting)
    logit[2] = [0, big, -big]  # reporting -> reporting
    logit[3] = [-big, 0, big]  # reporting -> satire (a miss; no false positive of opinion)
    logit[4] = [big, 0, -big]  # gold satire: not counted
    logit[5:] = [big, 0, -big]
    corpus = genre.Corpus(
        ids=[f"a{i}" for i in range(len(y))], texts={}, y=y, folds=folds, weights=w,
        pol_train=["p0"], pol_dev=[], pol_outlet={}, vecs=None,
    )  # fmt: skip
    v = genre.Variant(("techniques",), c=0.1, prior="uniform", satire="guarded")
    r = {"variant": v, "logit_sem": logit, "logit_pol": np.array([[0.0, big, -big]]), "pf": np.array([1])}
    f = two_class_f1(r, corpus)
    # opinion: tp 1, fp 0, fn 1 -> 2/3; reporting: tp 3, fp 1, fn 3 -> 6/10
    assert f[0] == pytest.approx((2 / 3 + 6 / 10) / 2)
    assert len(f) == 5
