"""SemEval-2023 Task 3 scoring on hand-made files (expected values worked out by hand) and predict IO."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import app
from presslens.rhetoric import data as D
from presslens.rhetoric.semeval import char_overlap, score_char_spans, score_files

runner = CliRunner()


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_subtask3_micro_and_macro_by_hand(tmp_path) -> None:
    # gold triples: (A,1,Fear) (A,1,Doubt) (A,3,Slogans) (A,3,Flag) ; row A 2 has no technique
    gold = _write(
        tmp_path / "gold.txt",
        [
            "A\t1\tAppeal_to_Fear-Prejudi-čce,Doubt",  # the data's misspelling must be normalised
            "A\t2\t",
            "A\t3\tSlogans,Flag_Waving",
        ],
    )
    pred = _write(
        tmp_path / "pred.txt",
        [
            "A\t1\tAppeal_to_Fear-Prejudice",  # tp
            "A\t2\tDoubt",  # fp
            "A\t3\tSlogans",  # tp ; Flag_Waving fn ; Doubt at line 1 fn
            "A\t9\tDoubt",  # not a gold row: ignored
        ],
    )
    result = score_files(3, gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (2, 1, 2)
    # P = 2/3, R = 2/4 -> F1 = 2PR/(P+R) = 4/7
    assert result["micro_f1"] == pytest.approx(4 / 7)
    # per technique: Fear 1, Slogans 1, Doubt (tp0 fp1 fn1) 0, Flag_Waving 0 -> macro 0.5
    assert result["macro_f1"] == pytest.approx(0.5)
    out = runner.invoke(app, ["semeval", "score", "--subtask", "3", str(gold), str(pred)])
    assert out.exit_code == 0, out.output
    assert "micro-F1 0.5714" in out.output and "macro-F1 0.5000" in out.output


def test_subtask1_macro_f1_over_the_three_genres(tmp_path) -> None:
    gold = _write(tmp_path / "g1.txt", ["a\topinion", "b\treporting", "c\tsatire", "d\topinion"])
    pred = _write(tmp_path / "p1.txt", ["a\topinion", "b\topinion", "c\tsatire", "d\treporting"])
    result = score_files(1, gold, pred)
    # opinion tp1 fp1 fn1 -> 0.5 ; reporting tp0 -> 0 ; satire tp1 -> 1 ; macro 0.5 ; accuracy 2/4
    assert result["macro_f1"] == pytest.approx(0.5)
    assert result["micro_f1"] == pytest.approx(0.5)


def test_subtask2_micro_f1_over_article_frame_pairs(tmp_path) -> None:
    gold = _write(tmp_path / "g2.txt", ["a\tEconomic,Morality", "b\tPolitical"])
    pred = _write(tmp_path / "p2.txt", ["a\tEconomic", "b\tPolitical,Morality"])
    result = score_files(2, gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (2, 1, 1)
    assert result["micro_f1"] == pytest.approx(2 / 3)


def test_score_reports_a_missing_file_in_one_line(tmp_path) -> None:
    gold = _write(tmp_path / "g.txt", ["a\topinion"])
    out = runner.invoke(app, ["semeval", "score", "--subtask", "1", str(gold), str(tmp_path / "nope.txt")])
    assert out.exit_code == 1
    assert "no such file" in out.output


def test_predict_subtask3_writes_exactly_the_template_rows(semeval_dir, tmp_path) -> None:
    wanted = {"111111111", "728153988"}
    rows = [
        r
        for r in (semeval_dir / "labels-subtask-3.template").read_text(encoding="utf-8").splitlines()
        if r.split("\t")[0] in wanted
    ]
    rows = rows[:6] + rows[-3:]  # a subset: the command must not add the rows left out
    template = _write(tmp_path / "template.txt", rows)
    out_file = tmp_path / "pred.txt"
    result = runner.invoke(
        app,
        [
            "semeval",
            "predict",
            "--subtask",
            "3",
            "--articles",
            str(semeval_dir / "articles"),
            "--template",
            str(template),
            "--out",
            str(out_file),
        ],
    )
    assert result.exit_code == 0, result.output
    written = out_file.read_text(encoding="utf-8").splitlines()
    assert [tuple(w.split("\t")[:2]) for w in written] == [tuple(r.split("\t")[:2]) for r in rows]
    for line in written:
        assert len(line.split("\t")) == 3
        assert set(D.split_labels(line.split("\t")[2])) <= set(D.TECHNIQUES)


def test_predict_genre_and_frames_for_listed_ids(semeval_dir, tmp_path) -> None:
    ids = _write(tmp_path / "ids.txt", ["728153988", "730652769"])
    for subtask, names in ((1, D.GENRES), (2, D.FRAMES)):
        out_file = tmp_path / f"p{subtask}.txt"
        result = runner.invoke(
            app,
            [
                "semeval",
                "predict",
                "--subtask",
                str(subtask),
                "--articles",
                str(semeval_dir / "articles"),
                "--ids",
                str(ids),
                "--out",
                str(out_file),
            ],
        )
        assert result.exit_code == 0, result.output
        rows = [r.split("\t") for r in out_file.read_text(encoding="utf-8").splitlines()]
        assert sorted(r[0] for r in rows) == ["728153988", "730652769"]
        for row in rows:
            labels = D.split_labels(row[1]) if len(row) > 1 else []
            assert set(labels) <= set(names)
            if subtask == 1:
                assert len(labels) == 1


def test_cross_validation_folds_cover_every_article_and_the_holdout_is_recorded() -> None:
    from presslens.rhetoric.runtime import MODEL_DIR, verify_artifact

    split = verify_artifact(MODEL_DIR)["split"]
    assert len(split["folds"]) == 453 and set(split["folds"].values()) == {0, 1, 2, 3, 4}
    holdout = set(split["ci_holdout"])
    assert 30 <= len(holdout) < 60 and holdout <= set(split["folds"])


def test_span_characters_are_counted_per_technique_and_never_twice() -> None:
    gold = [("Loaded_Language", 0, 10), ("Doubt", 20, 30)]
    # 5 of the 10 gold Loaded_Language chars; two overlapping predictions count their union (8 chars);
    # a Doubt prediction on Loaded_Language characters overlaps nothing
    pred = [("Loaded_Language", 5, 10), ("Loaded_Language", 8, 13), ("Doubt", 0, 4)]
    assert char_overlap(40, gold, pred) == (5, 12, 20)
    scores = score_char_spans([(5, 12, 20), (0, 0, 10)])
    assert scores["precision"] == pytest.approx(5 / 12)
    assert scores["recall"] == pytest.approx(5 / 30)
    assert scores["f1"] == pytest.approx(2 * (5 / 12) * (5 / 30) / (5 / 12 + 5 / 30))
