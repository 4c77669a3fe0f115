"""The learned speaker chooser's training code (issue 10; `presslens_train.speakers`): candidates and
features on an invented article, the conditional logit and its grouped cross-validation on synthetic
rows, and the refusal to build on held-out splits. (The chooser did not ship: docs/evaluation-quotes.md.)"""

from __future__ import annotations

import random

import pytest

from presslens.ingest import article_from_text
from presslens_train.speakers import Groups, choose, correct, cross_validate, extract, fit
from presslens_train.speakers_features import FEATURES, quote_candidates

TEXT = (
    "Mayor Elena Marsh opened the new bridge over the Corvel river on Monday. Her rival, councillor "
    "Tomas Brandt, stood beside her and did not clap.\n\n"
    "“This bridge took ten years and it will carry our children to school,” she said.\n"
)


@pytest.fixture(scope="module")
def candidates(pipeline, nlp):
    article = article_from_text(TEXT)
    doc = nlp(article.text)
    pipeline.apply(article, doc)
    quotes = list(article.layers["quotes"])
    actors = [*article.results.get("actors", ()), *article.results.get("speaker_actors", ())]
    return quotes, quote_candidates(article.text, doc, actors, quotes)


def test_candidates_are_the_rules_pick_the_people_before_and_unresolved(candidates) -> None:
    quotes, cands = candidates
    quote = next(k for k, q in enumerate(quotes) if q.kind == "direct")
    by_name = {c.name: c for c in cands[quote]}
    assert {"Elena Marsh", "Tomas Brandt", None} <= set(by_name)
    rule = [c for c in cands[quote] if c.rule]
    assert len(rule) == 1 and rule[0].name == quotes[quote].speaker.name
    assert by_name[None].features["none"] == 1.0
    # "she": the woman agrees with the pronoun, the man named Tomas does not
    assert by_name["Elena Marsh"].features.get("pronoun_agrees") == 1.0
    assert by_name["Tomas Brandt"].features.get("pronoun_clashes") == 1.0
    assert by_name["Tomas Brandt"].features.get("pronoun_agrees", 0.0) == 0.0
    assert all(len(c.vector()) == len(FEATURES) for c in cands[quote])


def _rows(docs: int = 10, per_doc: int = 12, seed: int = 7) -> dict:
    """Synthetic quotes: the rules are right when they resolved a name; otherwise the right speaker is
    the other candidate mentioned in the quote's sentence."""
    rng = random.Random(seed)
    index = {name: k for k, name in enumerate(FEATURES)}
    rows = []
    for d in range(docs):
        for _ in range(per_doc):
            rule_right = rng.random() < 0.6
            rule = [0.0] * len(FEATURES)
            rule[index["rule"]] = 1.0
            rule[index["rule_name" if rule_right else "rule_phrase"]] = 1.0
            other = [0.0] * len(FEATURES)
            other[index["person"]] = 1.0
            if not rule_right:
                other[index["same_sentence"]] = 1.0
            none = [0.0] * len(FEATURES)
            none[index["none"]] = 1.0
            rows.append(
                {
                    "doc": f"doc{d}",
                    "split": "dev",
                    "kind": "direct",
                    "rule_ok": rule_right,
                    "cands": [
                        {"name": "Rule Pick", "rule": True, "ok": rule_right, "x": rule},
                        {"name": "Other Person", "rule": False, "ok": not rule_right, "x": other},
                        {"name": None, "rule": False, "ok": False, "x": none},
                    ],
                }
            )
    gold = {f"doc{d}": per_doc + 1 for d in range(docs)}  # one gold quote per article was not found
    return {"features": list(FEATURES), "splits": ["dev"], "gold_speakers": gold, "rows": rows}


def test_the_logit_learns_which_candidate_is_right() -> None:
    payload = _rows()
    groups = Groups(payload["rows"])
    model = fit(groups)
    assert correct(groups, choose(model, groups)).all()
    # the right candidate scores highest even without the rule flag's help: the weight is on the evidence
    weights = dict(zip(FEATURES, model["weights"], strict=True))
    assert weights["same_sentence"] > 0 and weights["rule_phrase"] < weights["rule_name"]


def test_cross_validation_compares_with_the_rules_on_the_same_folds() -> None:
    result = cross_validate(_rows())
    summary = result["summary"]
    assert summary["n"] == 120 and summary["gold"] == 130
    assert summary["ranker_accuracy"] == 1.0 > summary["rules_accuracy"]
    assert summary["ranker_recall"] == round(120 / 130, 4)
    assert summary["ships"] is True
    assert sum(f["n"] for f in result["folds"]) == 120
    assert all(
        len({*f["docs"]} & {*g["docs"]}) == 0 for f in result["folds"] for g in result["folds"] if f is not g
    )


def test_no_gain_without_evidence_does_not_ship() -> None:
    payload = _rows()
    index = FEATURES.index("same_sentence")
    for row in payload["rows"]:  # the evidence that names the right person is gone
        for cand in row["cands"]:
            cand["x"][index] = 0.0
            cand["x"][FEATURES.index("rule_phrase")] = 0.0
            cand["x"][FEATURES.index("rule_name")] = 0.0
    summary = cross_validate(payload)["summary"]
    assert summary["ranker_accuracy"] <= summary["rules_accuracy"]
    assert summary["ships"] is False


def test_held_out_splits_are_refused(tmp_path) -> None:
    with pytest.raises(SystemExit, match="dev splits only"):
        extract(tmp_path, tmp_path, ["dev", "heldout5q"], tmp_path / "rows.json")
