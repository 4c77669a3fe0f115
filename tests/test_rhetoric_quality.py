"""A quality floor for the shipped rhetoric model, on the training articles it never saw.

The shipped heads were fitted on every SemEval article except a fixed, genre-stratified hold-out
slice (`metadata.json` -> ``split.ci_holdout``; the encoder is frozen, so nothing of the model has
seen these articles). Scoring them with the runtime takes seconds; a change that makes the model,
the thresholds or the feature code worse drops these figures below their floors and fails CI. The
floors sit under the figures measured when the model shipped (model card), by about one fold
standard deviation of cross-validation, so noise alone does not trip them.
"""

from __future__ import annotations

import pytest

from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import get_model
from presslens.rhetoric.semeval import score_genre, score_sets

#: floors under the hold-out figures measured at shipping time (docs/model-card.md)
FLOORS = {
    "techniques_micro_f1": 0.30,  # measured 0.344 (CV fold SD 0.026)
    "shown_precision": 0.45,  # measured 0.560 (display threshold set for 0.55 out of fold)
    "genre_accuracy": 0.28,  # measured 0.359 (opinion-heavy slice read with the news prior; release 2: 0.282)
    "frames_micro_f1": 0.65,  # measured 0.732
}


@pytest.fixture(scope="module")
def holdout_figures(semeval_dir):
    model = get_model()
    ids = model.meta["split"]["ci_holdout"]
    lines = D.read_line_labels(semeval_dir / "labels-subtask-3.txt")
    genres = D.read_doc_labels(semeval_dir / "labels-subtask-1.txt")
    frames = D.read_doc_labels(semeval_dir / "labels-subtask-2.txt")
    thr = model.thresholds("line_thresholds")
    gold3, pred3, shown_tp, shown_n = {}, {}, 0, 0
    pred1, pred2 = {}, {}
    for aid in ids:
        pred = model.predict(D.read_article(semeval_dir / "articles" / f"article{aid}.txt"))
        by_line = {row["line"]: row["techniques"] for row in pred.lines}
        for (a, line), labels in lines.items():
            if a != aid:
                continue
            gold3[(a, line)] = labels
            techs = by_line.get(line, [])
            pred3[(a, line)] = [t["label"] for t in techs if t["score"] >= thr[D.TECH_INDEX[t["label"]]]]
            for t in techs:
                if t["shown"]:
                    shown_n += 1
                    shown_tp += t["label"] in labels
        pred1[aid] = [pred.genre["label"]]
        pred2[aid] = [f["label"] for f in pred.frames]
    return {
        "techniques_micro_f1": score_sets(gold3, pred3)["micro_f1"],
        "shown_precision": shown_tp / max(shown_n, 1),
        "genre_accuracy": score_genre({a: genres[a] for a in ids if a in genres}, pred1)["micro_f1"],
        "frames_micro_f1": score_sets({a: frames[a] for a in ids if a in frames}, pred2)["micro_f1"],
    }


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_holdout_figure_stays_above_its_floor(holdout_figures, name) -> None:
    assert holdout_figures[name] >= FLOORS[name], f"{name} {holdout_figures[name]:.3f} < floor {FLOORS[name]}"


#: PolNeAR's dev split (US political news from seven outlets, month 11 of its collection): never used
#: to train or choose the genre head, read as a separate check that news reports stay "reporting" and
#: are not called satire. Every second article (42 of 84, to keep CI short). Measured at shipping time
#: (docs/model-card.md, Genre): 38 of 42 reporting (0.90), 1 satire (0.024). Not all of PolNeAR is hard
#: news (a few columns and blog posts), so the reporting floor is a rate, not "all"; the satire bound
#: is the issue's "no more than 1 in 20 news reports called satire".
POLNEAR_FLOORS = {"called_reporting_min": 0.80, "called_satire_max": 0.05}


@pytest.fixture(scope="module")
def polnear_dev_genres(shared_data):
    model = get_model()
    out = []
    for path in sorted((shared_data / "polnear" / "dev" / "text").glob("*.txt"))[::2]:
        raw = model.raw(path.read_text(encoding="utf-8"))
        out.append(model.genre_decision(model.genre_scores(raw))["label"])
    assert len(out) == 42
    return out


@pytest.mark.shared
def test_polnear_dev_reports_stay_reporting(polnear_dev_genres) -> None:
    share = polnear_dev_genres.count("reporting") / len(polnear_dev_genres)
    assert share >= POLNEAR_FLOORS["called_reporting_min"], f"PolNeAR dev called reporting {share:.2f}"


@pytest.mark.shared
def test_polnear_dev_reports_are_not_called_satire(polnear_dev_genres) -> None:
    share = polnear_dev_genres.count("satire") / len(polnear_dev_genres)
    assert share <= POLNEAR_FLOORS["called_satire_max"], f"PolNeAR dev called satire {share:.2f}"
