"""The PolNeAR reader and scorer, checked by hand on tiny constructed cases (and read on the real data)."""

from __future__ import annotations

import pytest

from presslens.evaluation.polnear import (
    Attribution,
    Document,
    Span,
    derive_kind,
    headline,
    load_split,
    match,
    parse_ann,
    score,
    source_right,
)


def att(content, source=None, cue=None, kind=None):
    def span(x):
        if x is None:
            return None
        return Span.of(*x) if isinstance(x[0], tuple) else Span.of(x)

    return Attribution(span(content), span(source), span(cue), kind)


# ---- reading -------------------------------------------------------------------------------------
ANN = (
    "T1\tSource 0 2\tHe\n"
    "T2\tCue 3 7\tsaid\n"
    "T3\tContent 8 12;14 20\tthat … it was\n"
    "T4\tAttribution 3 7\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1 Content2:T5\n"
    "T5\tContent 30 40\tsecond\npart over a line break\n"
    "T6\tCue 50 55\tthink\n"
    "T7\tContent 56 70\tno source here\n"
    "E2\tAttribution-no-source:T8 Cue:T6 Content:T7\n"
    "E3\tAttribution-no-source:T9 \n"
    "#1\tAnnotatorNotes T3\ta note\n"
)


def test_parse_ann_reads_discontinuous_spans_second_contents_and_missing_roles():
    attributions, dropped = parse_ann(ANN)
    assert dropped == 1  # E3 has no content: it cannot be scored
    first, second = attributions
    assert first.content.parts == ((8, 12), (14, 20), (30, 40))  # Content + Content2 joined
    assert len(first.content) == 4 + 6 + 10
    assert first.source.parts == ((0, 2),) and first.cue.parts == ((3, 7),)
    assert second.source is None and second.cue.parts == ((50, 55),)


def test_span_merges_touching_parts_and_counts_shared_characters():
    a = Span.of((10, 20), (5, 12))
    assert a.parts == ((5, 20),)
    b = Span.of((0, 6), (18, 30))
    assert a.overlap(b) == 1 + 2
    assert Span.of((0, 3)).overlap(Span.of((3, 6))) == 0


# ---- matching ------------------------------------------------------------------------------------
def test_match_needs_half_of_the_shorter_content():
    gold = [att((0, 100))]
    assert match(gold, [att((95, 105))]) == [(0, 0, 5)]  # 5 of 10 shared: exactly half
    assert match(gold, [att((96, 106))]) == []  # 4 of 10: less than half
    assert match(gold, [att((40, 60))]) == [(0, 0, 20)]  # a short piece inside a long content


def test_match_is_one_to_one_largest_overlap_first():
    gold = [att((0, 40)), att((30, 80))]
    pred = [att((25, 75)), att((0, 28))]
    # pred0 shares 15 with gold0 and 45 with gold1: the larger pair is taken first,
    # so gold0 is left to pred1 (28 shared) instead of being stolen by pred0.
    assert match(gold, pred) == [(0, 1, 28), (1, 0, 45)]
    # a prediction is never used twice
    assert len(match([att((0, 10)), att((0, 10))], [att((0, 10))])) == 1


# ---- measures ------------------------------------------------------------------------------------
TEXT = (
    'The senator, who spoke on Monday, said "we will win" today. '  # 0..59
    "A poll shows voters are tired. Trump believes it is over. "
) + "x" * 200


def test_score_counts_precision_recall_quoted_source_and_cue():
    gold = [
        att((39, 52), source=(4, 11), cue=(34, 38)),  # "we will win" quoted, source "senator"
        att((73, 89), source=(60, 66), cue=(67, 72)),  # poll shows voters are tired
        att((106, 116), source=(91, 96), cue=(97, 105)),  # Trump believes
    ]
    doc = Document("d", TEXT, gold)
    for a in gold:
        a.kind = derive_kind(TEXT, a)
    pred = [
        att((40, 51), source=(0, 11), cue=(34, 38)),  # matches gold0; source and cue right
        att((73, 80), source=(0, 3), cue=(60, 66)),  # matches gold1; wrong source, cue misses
        att((200, 220)),  # spurious
    ]
    result = score([doc], {"d": pred})
    assert result["all"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["all"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["all"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["quoted_recall"] == {"accuracy": 1.0, "right": 1, "n": 1}
    assert result["source_accuracy"] == {"accuracy": 0.5, "right": 1, "n": 2}
    assert result["cue_accuracy"] == {"accuracy": 0.5, "right": 1, "n": 2}
    kinds = result["per_kind"]
    assert kinds["direct"]["all"]["recall"] == 1.0
    assert kinds["document"]["all"]["recall"] == 1.0
    assert kinds["belief"]["all"]["recall"] == 0.0
    assert headline(result)["f1"] == result["all"]["f1"]


def test_cue_accuracy_ignores_matches_without_a_predicted_cue_and_fails_when_gold_has_none():
    gold = [att((0, 10), cue=(20, 24)), att((30, 40))]
    result = score([Document("d", TEXT, gold)], {"d": [att((0, 10)), att((30, 40), cue=(50, 54))]})
    assert result["cue_accuracy"] == {"accuracy": 0.0, "right": 0, "n": 1}


def test_source_accuracy_relative_pronoun_antecedent_window():
    text = "Jane Doe, " + " " * 70 + "who ran, said so." + " " * 100
    who = Span.of((80, 83))
    assert text[80:83] == "who"
    assert source_right(text, who, Span.of((0, 8)))  # ends 72 characters before "who"
    assert source_right(text, who, Span.of((80, 83)))  # the pronoun itself
    assert not source_right(text, who, Span.of((90, 94)))  # after it


def test_source_window_boundary_is_80_characters():
    text = "A" * 200
    gold = Span.of((100, 103))
    # only relative pronouns get the antecedent rule
    assert not source_right(text, gold, Span.of((10, 20)))
    text = "x" * 100 + "who" + "x" * 100
    assert source_right(text, gold, Span.of((10, 20)))  # ends exactly 80 before
    assert not source_right(text, gold, Span.of((9, 19)))  # 81 before
    assert not source_right(text, gold, None)


# ---- kinds ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "source", "cue", "content", "kind"),
    [
        ("A new poll shows Clinton ahead.", (0, 10), (11, 16), (17, 30), "document"),
        ("The Washington Post reported that he left.", (0, 19), (20, 28), (29, 41), "indirect"),
        ("Supporters of the bill said it fails.", (0, 22), (23, 27), (28, 36), "indirect"),
        ("Trump believes the race is rigged.", (0, 5), (6, 14), (15, 33), "belief"),
        ('He said: "We will win."', (0, 2), (3, 7), (9, 23), "direct"),
        ('He said the race was "rigged" today.', (0, 2), (3, 7), (8, 35), "mixed"),
    ],
)
def test_derive_kind(text, source, cue, content, kind):
    assert derive_kind(text, att(content, source, cue)) == kind


# ---- the real data -------------------------------------------------------------------------------
def test_load_dev_split_reads_every_article(shared_data):
    root = shared_data / "polnear"
    docs = load_split(root, "dev")
    assert len(docs) == 84
    total = sum(len(d.attributions) for d in docs)
    assert 2000 < total < 2400
    for doc in docs:
        for a in doc.attributions:
            assert 0 <= a.content.start < a.content.end <= len(doc.text)
            assert a.kind is not None
    with pytest.raises(ValueError):
        load_split(root, "test")


# ---- the command -------------------------------------------------------------------------------
def test_eval_polnear_command_prints_the_measures(shared_data):
    import json

    from typer.testing import CliRunner

    from presslens.cli import app

    args = ["eval", "polnear", "--split", "dev", "--limit", "2", "--data", str(shared_data / "polnear")]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["documents"] == 2 and out["system"] == "model"
    assert set(out["per_kind"]) == {"direct", "indirect", "mixed", "belief", "document"}
    assert 0.0 <= out["all"]["f1"] <= 1.0 and out["all"]["gold"] > 0
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0 and "quoted R" in table.output and "belief" in table.output


def test_eval_polnear_command_refuses_bad_input(tmp_path):
    from typer.testing import CliRunner

    from presslens.cli import app

    assert CliRunner().invoke(app, ["eval", "polnear", "--split", "test"]).exit_code == 2
    assert CliRunner().invoke(app, ["eval", "polnear", "--system", "oracle"]).exit_code == 2
    missing = CliRunner().invoke(app, ["eval", "polnear", "--data", str(tmp_path)])
    assert missing.exit_code == 1 and "PolNeAR" in missing.output
