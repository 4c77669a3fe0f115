"""The extraction evaluation: matching rules, and the command on the dev split."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from presslens.cli import app
from presslens.evaluation.extraction import (
    SPLITS,
    ClaimScores,
    Predicted,
    _quote_gold_docs,
    load_gold,
    read_doc,
    score_document,
    source_matches,
)
from presslens.layers import Claim, ClaimEvent, ClaimValue

GOLD = Path(__file__).parent / "gold" / "claims"


def test_source_matching_is_normalised_but_not_lax() -> None:
    assert source_matches("the Israeli military", "Israeli military")
    assert source_matches("Local health officials in Congo", "Local health officials")
    assert source_matches(None, None)
    assert not source_matches(None, "Reuters")
    assert not source_matches("Israeli officials", "Hamas")


def test_match_needs_overlap_and_same_value() -> None:
    gold = {
        "doc": "x",
        "claims": [
            {
                "start": 10,
                "end": 20,
                "value": {"low": 5, "high": None},
                "event": "killed",
                "as_of": None,
                "attribution": None,
            }
        ],
    }

    def claim(start: int, end: int, low: float, event: str | None = None) -> Predicted:
        killed = ClaimEvent(event, start, end) if event else None
        return Predicted(
            start, end, Claim(start=start, end=end, component="t", value=ClaimValue(low), event=killed)
        )

    scores = ClaimScores()
    score_document(gold, [claim(12, 18, 6), claim(30, 34, 5)], scores)
    assert (scores.tp, scores.fp, scores.fn) == (0, 2, 1)
    spurious = [e for e in scores.errors if e["type"] == "spurious"]
    assert spurious[0]["value"] == {
        "low": 6,
        "high": None,
        "approx": False,
        "qualifier": None,
        "unit": "count",
    }
    scores = ClaimScores()
    score_document(gold, [claim(12, 18, 5, "killed")], scores)
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 0)
    assert scores.as_dict()["event_accuracy"] == 1.0


def test_gold_files_are_well_formed() -> None:
    golds = load_gold(GOLD, "all")
    assert len(golds) >= 15
    batches = {f"{half}{n}" for half in ("dev", "heldout") for n in ("", "3", "4", "5", "6", "8")}  # SPLIT.md
    batches |= {"dev9", "dev10", "dev11"}
    assert {g["split"] for g in golds} == batches
    for gold in golds:
        for claim in gold["claims"]:
            assert 0 <= claim["start"] < claim["end"]
            assert set(claim["value"]) >= {"low", "high", "approx", "qualifier"}


def test_eval_command_runs_on_dev(seeds_dir: Path, semeval_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # data paths come from the options, not from where the code lies
    paths = ["--gold", str(GOLD), "--data", str(seeds_dir.parent)]
    result = CliRunner().invoke(app, ["eval", "extraction", "--split", "dev", "--json", *paths])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] >= 10 and not data["problems"]
    assert 0.0 < data["claims"]["f1"] <= 1.0
    table = CliRunner().invoke(app, ["eval", "extraction", "--split", "dev", *paths])
    assert table.exit_code == 0 and "claims F1" in table.stdout


def test_quotes_scorer_is_called_when_present(tmp_path: Path, monkeypatch) -> None:
    """With a quotes scorer installed, its metrics are printed and it gets every quote-gold article."""
    import shutil
    import sys
    import types

    for sub in ("claims", "texts", "quotes"):
        (tmp_path / sub).mkdir()
    shutil.copy(GOLD / "own_02_protest.json", tmp_path / "claims")
    shutil.copy(GOLD.parent / "texts" / "02_protest.txt", tmp_path / "texts")
    gold = json.loads((GOLD / "own_02_protest.json").read_text())
    quote_gold = {"doc": gold["doc"], "split": "dev", "sha1": gold["sha1"], "quotes": [], "sources": []}
    (tmp_path / "quotes" / "q.json").write_text(json.dumps(quote_gold))
    seen: dict = {}

    def score_quotes(gold_dir: Path, split: str, articles: dict) -> dict:
        seen.update(gold_dir=gold_dir, split=split, articles=articles)
        return {
            "quotes": {"precision": 1.0, "recall": 0.5, "f1": 0.667, "tp": 1, "fp": 0, "fn": 1},
            "speaker_accuracy": 0.75,
            "documents": {},
            "missing": [],
        }

    fake = types.ModuleType("presslens.evaluation.quotes")
    fake.score_quotes = score_quotes
    monkeypatch.setitem(sys.modules, "presslens.evaluation.quotes", fake)
    result = CliRunner().invoke(
        app, ["eval", "extraction", "--split", "dev", "--gold", str(tmp_path / "claims")]
    )
    assert result.exit_code == 0, result.output
    assert "quotes: quotes F1" in result.stdout and "0.667" in result.stdout
    assert "speaker accuracy" in result.stdout
    assert seen["split"] == "dev" and seen["gold_dir"] == tmp_path / "quotes"
    assert seen["articles"][gold["doc"]].layers["claims"], "the article carries the analysed layers"


def test_a_missing_gold_folder_names_the_option(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["eval", "extraction"])
    assert result.exit_code == 1
    expected = "error: gold folder tests/gold/claims does not exist (give it with --gold)"
    assert result.stderr.strip() == expected


def test_an_aeb_gold_document_is_the_page_body(tmp_path: Path) -> None:
    """``aeb-dev/KEY`` names the marked body of a page of the extraction benchmark (batch 3 of the gold)."""
    (tmp_path / "aeb-dev").mkdir()
    truth = {"abc": {"articleBody": "Police arrested six people Monday.", "url": "https://example.org/x"}}
    (tmp_path / "aeb-dev" / "ground-truth.json").write_text(json.dumps(truth))
    text, path = read_doc("aeb-dev/abc", GOLD, tmp_path)
    assert text == "Police arrested six people Monday." and path.name == "ground-truth.json"
    assert read_doc("aeb-dev/missing", GOLD, tmp_path) is None
    assert read_doc("seeds/none.txt", GOLD, tmp_path) is None


def test_the_fourth_batch_is_quotes_only() -> None:
    """``dev4q``/``heldout4q`` (tests/gold/SPLIT.md) name six quote-gold documents each and no claim gold."""
    assert {"dev4q", "heldout4q"} <= set(SPLITS)
    for split in ("dev4q", "heldout4q"):
        keys = _quote_gold_docs(GOLD.parent / "quotes", split)
        assert len(keys) == 6 and sum(key.startswith("aeb-dev/") for key in keys) == 2
        assert load_gold(GOLD, split) == []


def test_the_fifth_quotes_batch_is_quotes_only() -> None:
    """``dev5q``/``heldout5q`` (tests/gold/SPLIT.md) name four quote-gold documents each, one an aeb-dev page,
    and no claim gold."""
    assert {"dev5q", "heldout5q"} <= set(SPLITS)
    for split in ("dev5q", "heldout5q"):
        keys = _quote_gold_docs(GOLD.parent / "quotes", split)
        assert len(keys) == 4 and sum(key.startswith("aeb-dev/") for key in keys) == 1
        assert load_gold(GOLD, split) == []


def test_the_sixth_quotes_batch_is_quotes_only() -> None:
    """``dev6q``/``heldout6q`` (tests/gold/SPLIT.md) name six quote-gold documents each, three of them aeb-dev
    pages, and no claim gold."""
    assert {"dev6q", "heldout6q"} <= set(SPLITS)
    for split in ("dev6q", "heldout6q"):
        keys = _quote_gold_docs(GOLD.parent / "quotes", split)
        assert len(keys) == 6 and sum(key.startswith("aeb-dev/") for key in keys) == 3
        assert load_gold(GOLD, split) == []


def test_the_seventh_quotes_batch_is_quotes_only() -> None:
    """``dev7q``/``heldout7q`` (tests/gold/SPLIT.md) name six quote-gold documents each, all SemEval articles
    (no aeb-dev news page was left), and no claim gold."""
    assert {"dev7q", "heldout7q"} <= set(SPLITS)
    for split in ("dev7q", "heldout7q"):
        keys = _quote_gold_docs(GOLD.parent / "quotes", split)
        assert len(keys) == 6 and all(key.startswith("semeval/") for key in keys)
        assert load_gold(GOLD, split) == []


def test_the_eighth_figures_batch_is_polnear_train() -> None:
    """``dev8``/``heldout8`` (tests/gold/SPLIT.md, pick_batch8.py) are seven PolNeAR train articles each, with
    claim gold (32 and 43 claims) and a publication date from the file name."""
    assert {"dev8", "heldout8"} <= set(SPLITS)
    for split, n_claims in (("dev8", 32), ("heldout8", 43)):
        docs = load_gold(GOLD, split)
        assert len(docs) == 7 and all(d["doc"].startswith("polnear/train/text/") for d in docs)
        assert sum(len(d["claims"]) for d in docs) == n_claims
        assert all(d["published"] == d["doc"].split("_")[1] for d in docs)


def test_the_ninth_figures_batch_is_dev_only() -> None:
    """``dev9`` (tests/gold/SPLIT.md, pick_batch9.py): nine PolNeAR train articles, 55 claims, no held-out
    half."""
    docs = load_gold(GOLD, "dev9")  # ten drawn; one left for the grouping split heldout15 (SPLIT.md)
    assert len(docs) == 9 and all(d["doc"].startswith("polnear/train/text/") for d in docs)
    assert sum(len(d["claims"]) for d in docs) == 55
    assert "heldout9" not in SPLITS


def test_the_tenth_figures_batch_is_dev_only_poll_stories() -> None:
    """``dev10`` (tests/gold/SPLIT.md, pick_batch10.py): five PolNeAR train poll stories, 145 claims, no
    held-out half; two of them write a score with a hyphen ("34-27", "(34%-54%)")."""
    docs = load_gold(GOLD, "dev10")
    assert len(docs) == 5 and all(d["doc"].startswith("polnear/train/text/") for d in docs)
    assert sum(len(d["claims"]) for d in docs) == 145
    assert all(d["published"] == d["doc"].split("_")[1] for d in docs)
    assert "heldout10" not in SPLITS


def test_the_eleventh_figures_batch_is_dev_only() -> None:
    """``dev11`` (tests/gold/SPLIT.md, pick_batch11.py): fourteen PolNeAR train and SemEval texts holding the
    figure forms decided in docs/annotations.md (session 11), 92 claims, no held-out half."""
    docs = load_gold(GOLD, "dev11")
    assert len(docs) == 14
    assert {d["doc"].split("/")[0] for d in docs} == {"polnear", "semeval"}
    assert sum(len(d["claims"]) for d in docs) == 92
    assert "heldout11" not in SPLITS
